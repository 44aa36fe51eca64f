// The page's language: one of LANGUAGES, chosen at start from the share link, the learner's last
// choice and the browser's languages (chooseLanguage), and changed by the header's switch at
// once: whatever shows words listens (onLanguageChange) and words them again.

/** The languages the page is written in, each named in itself (for the switch). */
export const LANGUAGES = Object.freeze({ en: 'English', 'zh-CN': '简体中文' });
const DEFAULT_LANGUAGE = 'en';

let current = DEFAULT_LANGUAGE;
const listeners = new Set();

/** The language the page is in now. */
export const language = () => current;

/** Switches the page to `next` (one of LANGUAGES) and tells every listener; the same language again does nothing. */
export function setLanguage(next) {
  if (!Object.hasOwn(LANGUAGES, next)) throw new Error(`language: "${String(next).slice(0, 20)}" is not one of ${Object.keys(LANGUAGES).join(', ')}`);
  if (next === current) return;
  current = next;
  for (const listener of listeners) listener(next);
}

/** Calls `listener(language)` after every change of language. */
export function onLanguageChange(listener) {
  listeners.add(listener);
}

/** The page's language for a browser's language tag ("zh-Hans-CN", "en-GB"), or null when it has none of it. */
export function matchLanguage(tag) {
  const lower = String(tag).toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-')) return lower.includes('hant') || /^zh-(tw|hk|mo)$/.test(lower) ? null : 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return null;
}

/**
 * The language to start in: the share link's `lang` where the page has it, then the learner's
 * stored choice, then the first of the browser's languages the page has, then English. (A link's
 * language the page does not have is said by share-link.js, which reads the rest of the link.)
 * @param {{link?: string|null, stored?: string|null, browser?: readonly string[]}} sources
 */
export function chooseLanguage({ link = null, stored = null, browser = [] }) {
  for (const candidate of [link, stored]) if (candidate !== null && Object.hasOwn(LANGUAGES, candidate)) return candidate;
  for (const tag of browser) {
    const match = matchLanguage(tag);
    if (match) return match;
  }
  return DEFAULT_LANGUAGE;
}
