// A refusal in the page's language. The crate words its refusals in English (its CLI's and JS
// API's words) and gives each a key and the values it names (src/error.rs, `refusal!`); the
// dataset worker's own refusals have the same shape (www/content/file-refusals.js). The worker
// that meets one hands the page its words, key and values, and the page words it whenever it is
// shown: English keeps the words it came with, a translation fills its template for the key.

import { FILE_REFUSALS_ZH } from '../content/zh-CN/file-refusals.js';
import { KINDS, REASONS, VALUE_WORDS } from '../content/zh-CN/refusals.js';
import { FILE_REFUSALS } from '../content/file-refusals.js';
import { language } from './language.js';

// A key is the crate's or the dataset worker's, never both (tests/page/i18n.test.mjs).
const TRANSLATIONS = Object.freeze({ 'zh-CN': { kinds: KINDS, reasons: { ...REASONS, ...FILE_REFUSALS_ZH }, valueWords: VALUE_WORDS, separator: '：' } });

const isText = (value) => typeof value === 'string';

/** `template` with each `{name}` replaced by `values[name]` (a name it lacks is left as written). */
export const fill = (template, values) => template.replace(/\{(\w+)\}/g, (whole, name) => (Object.hasOwn(values, name) ? String(values[name]) : whole));

/**
 * The refusal an error carries ({kind, key, values, within}) as a plain object a message can
 * carry, or null for an error without one (a browser's, or one the page threw).
 */
export function refusalOf(error) {
  const refusal = error?.refusal;
  if (!refusal || !isText(refusal.key) || typeof refusal.values !== 'object' || refusal.values === null) return null;
  const values = Object.fromEntries(Object.entries(refusal.values).filter(([, value]) => isText(value)));
  const within = Array.isArray(refusal.within) ? refusal.within.filter(isText) : [];
  return { kind: isText(refusal.kind) ? refusal.kind : null, key: refusal.key, values, within };
}

/** An error that words its refusal in the language in use each time its message is read. */
export class Refused extends Error {
  /** @param {string} english the words it came with; @param {{kind, key, values, within}} refusal */
  constructor(english, refusal) {
    super();
    this.name = 'Refused';
    this.english = english;
    this.refusal = refusal;
  }

  get message() {
    const words = TRANSLATIONS[language()];
    const template = words?.reasons[this.refusal.key];
    if (template === undefined) return this.english;
    const kind = this.refusal.kind ? words.kinds[this.refusal.kind] : undefined;
    const values = Object.fromEntries(Object.entries(this.refusal.values).map(([name, value]) => [name, words.valueWords[name]?.[value] ?? value]));
    return [kind, ...this.refusal.within, fill(template, values)].filter(Boolean).join(words.separator);
  }
}

/** The error a worker's message describes: worded by the page when it carries a refusal. */
export const errorFrom = (message, refusal) => (refusal ? new Refused(message, refusal) : new Error(message));

/** One of the dataset worker's own refusals (FILE_REFUSALS), with `values` named as its template names them. */
export function refuseFile(key, values) {
  const written = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, String(value)]));
  return new Refused(fill(FILE_REFUSALS[key], written), { kind: null, key, values: written, within: [] });
}

/**
 * `error` as a Refused (or a plain Error when it carries no refusal), without its kind where the
 * words around it say it already (`kinds`): the dataset panel says it could not open the files
 * ("invalid dataset: " would say it twice), the training panel that training stopped.
 */
export function withoutKind(error, kinds) {
  const english = String(error?.english ?? error?.message ?? error);
  const refusal = refusalOf(error);
  if (!refusal) return new Error(english);
  if (!kinds.includes(refusal.kind)) return new Refused(english, refusal);
  // The crate writes "<its kind>: <reason>" (src/error.rs).
  return new Refused(english.slice(english.indexOf(': ') + 2), { ...refusal, kind: null });
}

/** The kinds the dataset panel's own words say. */
export const DATASET_KINDS = Object.freeze(['data', 'input']);

/** `error` said of `context` (a file's path), "context: reason"; its refusal keeps its key and values, the context added. */
export function within(error, context) {
  const bare = withoutKind(error, DATASET_KINDS);
  const said = `${context}: ${bare.english ?? bare.message}`;
  return bare instanceof Refused ? new Refused(said, { ...bare.refusal, within: [context, ...bare.refusal.within] }) : new Error(said);
}
