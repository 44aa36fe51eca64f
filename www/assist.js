// For a person who hears the page rather than sees it, or who asked for less motion: results
// announced once they settle, and scrolling that moves only as much as they asked for.

import { onLanguageChange } from './i18n/language.js';

const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)');

/** How a view scrolls into sight: at once where the person asked for reduced motion, smoothly otherwise. */
export const scrollBehaviour = () => (reducedMotion.matches ? 'instant' : 'smooth');

/**
 * Shows (`open`) or hides a view's panel `#<name>-panel`, its button `#<name>-open` saying which
 * (aria-expanded); shown, the panel scrolls into sight.
 */
export function showPanel(name, open) {
  const panel = document.getElementById(`${name}-panel`);
  panel.hidden = !open;
  document.getElementById(`${name}-open`).setAttribute('aria-expanded', String(open));
  if (open) panel.scrollIntoView({ behavior: scrollBehaviour(), block: 'start' });
}

/**
 * A polite live region that speaks once a burst of changes is over: while a person draws or holds
 * an arrow key, answers come many times a second, and a screen reader would read each one.
 */
export class PoliteAnnouncer {
  /** @param {HTMLElement} element an element with aria-live="polite" @param {number} quietMs */
  constructor(element, quietMs) {
    this.element = element;
    this.quietMs = quietMs;
    this.timer = null;
    // What was said was said in the other language: a switch is no news to announce again.
    onLanguageChange(() => {
      this.cancel();
      this.element.textContent = '';
    });
  }

  /** Announces `words()` (read when said, so it says what holds then) after `quietMs` without another call. */
  say(words) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.element.textContent = words();
    }, this.quietMs);
  }

  /** Nothing more to announce (what was pending no longer holds). */
  cancel() {
    clearTimeout(this.timer);
  }
}
