// What the page says about its own language, and the words of its glossary (glossary-panel.js:
// the terms themselves come from www/i18n/glossary.json, in both languages).

import { localised } from '../i18n/localised.js';

export const LANGUAGE_TEXT = localised('language', {
  /** A share link asked for a language the page is not written in (its value, cut short). */
  unknown: (value) => `The link asks for the language “${value}”, which this page is not written in: it is shown in English.`,

  /** The glossary: its button in the header, its dialog's own words. */
  glossary: {
    open: 'Glossary',
    title: 'Glossary: the terms in English and Chinese',
    about: 'Every term the page uses, in English and in Simplified Chinese as the Chinese VAE tutorials write it, with why that word; symbols (x, z, μ, σ, ε, β), ELBO, KL and MNIST stay as they are. The list is the file the page’s Chinese follows:',
    find: 'Find a term (English or Chinese)',
    /** How many terms the list shows, of how many. */
    count: ({ shown, total }) => (shown === total ? `${total} terms and units` : `${shown} of ${total} terms and units`),
    none: 'No term matches.',
    /** Before the Chinese words a tutorial may use for the term, which the page does not. */
    elsewhere: 'Also written elsewhere (not on this page):',
    units: 'Units',
    close: 'Close',
    failed: (message) => `The glossary could not be loaded (${message}).`,
  },
});
