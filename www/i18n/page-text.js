// The page's own markup (index.html) in the language in use. An element marked
// data-i18n="key" takes its content from the translation's `page` words, and
// data-i18n-<attribute>="key" (data-i18n-title, data-i18n-aria-label…) one attribute. The
// English is index.html's own, read the first time, so that it is written in one place; a marked
// element holds no element with an id (the page's code keeps references to those), which
// tests/page/i18n.test.mjs checks, with the translation's tags against the English.

import { translation } from './localised.js';

const PREFIX = 'data-i18n-';
/** Each marked element's English: its content (HTML where it has inline markup) and attributes. */
const english = new WeakMap();

function englishOf(element) {
  if (!english.has(element)) {
    const attributes = {};
    for (const name of element.getAttributeNames()) {
      if (name.startsWith(PREFIX)) attributes[name.slice(PREFIX.length)] = element.getAttribute(name.slice(PREFIX.length)) ?? '';
    }
    const rich = element.children.length > 0;
    english.set(element, { rich, content: rich ? element.innerHTML : element.textContent, attributes });
  }
  return english.get(element);
}

/** Every element under `root` with words to translate. */
const marked = (root) => [...root.querySelectorAll('*')].filter((element) => element.getAttributeNames().some((name) => name === 'data-i18n' || name.startsWith(PREFIX)));

/** Words the page's markup under `root` in the language in use (English: as index.html has it). */
export function wordPage(root = document.documentElement) {
  const words = translation('page') ?? {};
  for (const element of marked(root)) {
    const source = englishOf(element);
    const key = element.getAttribute('data-i18n');
    if (key !== null) {
      const content = words[key] ?? source.content;
      // The translations are this site's own files, written with the same inline tags as the English.
      if (source.rich) element.innerHTML = content;
      else element.textContent = content;
    }
    for (const [attribute, english_] of Object.entries(source.attributes)) {
      element.setAttribute(attribute, words[element.getAttribute(PREFIX + attribute)] ?? english_);
    }
  }
}
