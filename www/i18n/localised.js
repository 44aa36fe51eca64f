// Words in the page's language. A content module (www/content/*.js) writes its words in English
// and exports them through `localised(name, english)`: an object that reads the same keys from
// the translation of the language in use (www/content/zh-CN/<name>.js) at the moment each is
// read, so a view that words itself again after a switch needs no reload. A key a translation
// lacks reads the English (tests/page/i18n.test.mjs fails on any such gap).

import { TRANSLATIONS } from '../content/zh-CN/index.js';
import { language } from './language.js';

/** Every content module's English, by name (for the tests that hold the translations to it). */
export const ENGLISH = new Map();

/** The translation of content module `name` in the language in use (undefined in English). */
export const translation = (name) => (language() === 'en' ? undefined : TRANSLATIONS[language()]?.[name]);

/**
 * The words of content module `name`, in the language in use when read.
 * @template T
 * @param {string} name
 * @param {T} english
 * @returns {T}
 */
export function localised(name, english) {
  if (ENGLISH.has(name)) throw new Error(`two content modules are called ${name}`);
  ENGLISH.set(name, english);
  const read = (key) => {
    const words = translation(name);
    return words !== undefined && Object.hasOwn(words, key) ? words[key] : english[key];
  };
  // A proxy over an empty object: a frozen English object's own properties could not be read differently.
  return new Proxy(Object.create(null), {
    get: (_target, key) => read(key),
    has: (_target, key) => key in english,
    ownKeys: () => Reflect.ownKeys(english),
    getOwnPropertyDescriptor: (_target, key) => (Object.hasOwn(english, key) ? { value: read(key), enumerable: true, configurable: true } : undefined),
  });
}

const isPlainObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * `english` with the words of `words` laid over it, for content that mixes structure and words
 * (the Learn path's steps): objects key by key, a list of objects item by item, and anything else
 * (a string, a list of sentences, which a translation may word in more or fewer) replaced whole.
 */
export function overlay(english, words) {
  if (words === undefined) return english;
  if (isPlainObject(english) && isPlainObject(words)) {
    const result = { ...english };
    for (const key of Object.keys(words)) result[key] = overlay(english[key], words[key]);
    return result;
  }
  if (Array.isArray(english) && Array.isArray(words) && english.every(isPlainObject)) return english.map((item, i) => overlay(item, words[i]));
  return words;
}
