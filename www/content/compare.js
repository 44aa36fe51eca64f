// What the Compare view says in words: the sentences that carry numbers, and the words behind
// its canvases. The fixed sentences are in index.html (#compare-panel); the models' names in
// models.json.

import { fixed } from '../i18n/format.js';
import { localised } from '../i18n/localised.js';

const nats = (value) => fixed(value, 2);

export const COMPARE_TEXT = localised('compare', {
  inUse: 'the model in use',
  inUseNamed: (latentDim) => `the model in use · latent ${latentDim}`,
  none: '— none —',
  conditionalInUse: 'the model in use is conditional: it writes a digit it is told, so it is compared on its own page, not here',
  loading: 'loading the models…',
  measuring: (count) => `measuring ${count === 1 ? 'one model' : `${count} models`} on the 10,000 test digits…`,
  measured: 'every point measured',
  notDrawn: 'draw a digit to see it reconstructed',
  columnModel: (index) => `Model in column ${index}`,

  /** On the canvases: the KL bars' top and an autoencoder's empty panel, the rate–distortion axes. */
  plot: {
    noKl: 'no KL term',
    nats: (value) => `${value} nats`,
    distortion: 'reconstruction term (distortion), nats →',
    rate: 'KL (rate), nats →',
  },

  /** A model as a column's heading says it. */
  describe: ({ name, kind, latentDim, beta }) =>
    `${name} · latent ${latentDim}${kind === 'ae' || beta === null || beta === undefined || name.includes('β') ? '' : ` · β = ${beta}`}`,

  /** Under a reconstruction: what it cost. */
  reconstructionCost: ({ reconstruction, kl }) =>
    kl === undefined || kl === null
      ? `reconstruction ${nats(reconstruction)} nats; no KL: an autoencoder's code is a point`
      : `reconstruction ${nats(reconstruction)} + KL ${nats(kl)} = ${nats(reconstruction + kl)} nats`,

  /** The words behind a column's map. */
  mapLabel: ({ name, points, outside, extent }) =>
    `${name}: ${points} test digits' codes, on axes from −${extent} to ${extent}; ${outside} of them more than 2 from the prior's centre`,

  /** The words behind a column's per-dimension KL. */
  klLabel: ({ name, perDim, testPerDim, activeKlNats }) => {
    if (!perDim && !testPerDim) return `${name}: an autoencoder has no KL term`;
    const collapsed = testPerDim ? testPerDim.filter((kl) => kl <= activeKlNats).length : null;
    const drawing = perDim ? `your drawing's KL per dimension: ${perDim.map(nats).join(', ')} nats` : 'nothing drawn yet';
    const test = testPerDim ? `; ${collapsed} of ${testPerDim.length} dimensions collapsed on the test digits` : '';
    return `${name}: ${drawing}${test}`;
  },

  /** The words behind the samples. */
  samplesLabel: ({ name, count }) => `${name}: ${count} images decoded from the same z drawn from N(0, I)`,

  /** A point of the rate–distortion plot, in words. */
  point: ({ label, reconstruction, kl, measuredHere }) =>
    `${label}: reconstruction ${nats(reconstruction)} nats, KL ${kl === null ? 'none (autoencoder)' : `${nats(kl)} nats`}${measuredHere ? ' (measured in this browser)' : ' (the card: vae eval)'}`,

  /**
   * The words behind the rate–distortion plot: how many points, how many measured here, and the
   * models at its edges (`distortion`: the lowest reconstruction term; `rate`: the lowest KL of
   * a VAE; each {label, value} or null). Each point follows in words.
   */
  rateDistortion: ({ count, measured, distortion, rate }) =>
    count === 0
      ? 'Rate against distortion: no model yet (the catalogue is loading)'
      : `Rate against distortion on the 10,000 test digits: ${count} models, ${measured} of them measured in this browser` +
        (distortion ? `; the lowest reconstruction term, ${nats(distortion.value)} nats, is ${distortion.label}’s` : '') +
        (rate ? `; the lowest KL of a VAE, ${nats(rate.value)} nats, is ${rate.label}’s` : '') +
        '; each point follows in words',

  /** The catalogue of shipped models could not be loaded (`status`: the HTTP status, or null when nothing answered). */
  catalogueFailed: (status) => `Could not load the Compare view’s models (www/content/models.json): ${status === null ? 'no answer' : `HTTP ${status}`}. Close the view and open it again to retry.`,

  /** A traversal row's label. */
  traversalRow: ({ dim, kl, collapsed }) =>
    kl === null || kl === undefined ? `z${dim + 1}` : `z${dim + 1} · ${collapsed ? 'collapsed' : `KL ${nats(kl)}`}`,

  traversalsLabel: ({ name, dims, collapsed }) =>
    `${name}: ${dims} rows, each dimension swept from −3 to 3${collapsed === null ? '' : `; ${collapsed} collapsed rows stay the same`}`,

  /** A run trained in this browser: its point's short label, and in words. */
  here: 'here',
  trainedHere: ({ kind, latentDim, beta, warmupSteps, epochs }) =>
    `trained here: ${kind === 'ae' ? 'autoencoder' : `VAE, β = ${beta}${warmupSteps ? ` (warm-up ${warmupSteps} steps)` : ''}`}, latent ${latentDim}, ${fixed(epochs, epochs < 10 ? 2 : 0)} epochs`,
});
