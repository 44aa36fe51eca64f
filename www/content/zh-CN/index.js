// The Simplified Chinese translations of the page's words, by content module: each file here has
// the keys of the English module of the same name (www/content/<name>.js), and uses the terms of
// www/i18n/glossary.json.

import accessibility from './accessibility.js';
import anomaly from './anomaly.js';
import autoencoder from './autoencoder.js';
import backend from './backend.js';
import charts from './charts.js';
import compare from './compare.js';
import completion from './completion.js';
import dataset from './dataset.js';
import inside from './inside.js';
import language from './language.js';
import learn from './learn.js';
import link from './link.js';
import messages from './messages.js';
import numbers from './numbers.js';
import page from './page.js';
import training from './training.js';

export const TRANSLATIONS = Object.freeze({
  'zh-CN': Object.freeze({
    ...training,
    ...charts,
    ...numbers,
    ...compare,
    ...language,
    ...learn,
    ...link,
    ...backend,
    ...dataset,
    ...inside,
    ...messages,
    ...page,
    ...accessibility,
    ...autoencoder,
    ...anomaly,
    ...completion,
  }),
});
