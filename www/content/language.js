// What the page says about its own language.

import { localised } from '../i18n/localised.js';

export const LANGUAGE_TEXT = localised('language', {
  /** A share link asked for a language the page is not written in (its value, cut short). */
  unknown: (value) => `The link asks for the language “${value}”, which this page is not written in: it is shown in English.`,
});
