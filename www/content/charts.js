// The training chart's words: on its canvas (legend, panel title, empty state) and behind it
// (its label, for a screen reader). Figures come in formatted.

import { localised } from '../i18n/localised.js';

export const CHART_TEXT = localised('charts', {
  empty: 'Loss curves appear here during training.',
  klPanel: 'KL term (nats), and the β in effect',
  epochAxis: (epoch) => `epoch ${epoch}`,
  legend: {
    loss: 'loss',
    lossSum: '= recon + β·KL',
    lossAutoencoder: 'loss = recon',
    reconstruction: 'reconstruction',
    kl: 'KL term',
    beta: 'β (right)',
    test: '−test ELBO',
    testAutoencoder: 'test recon',
    /** Where the KL and β curves would be, for an autoencoder (one line each). */
    autoencoder: ['no KL, no β:', 'an autoencoder', 'has no KL term'],
  },
  /** The canvas's label. */
  none: 'Training curves: none yet.',
  autoencoder: ({ epoch, reconstruction }) =>
    `Training curves of an autoencoder, epoch ${epoch}: reconstruction ${reconstruction} nats; no KL or β curve (an autoencoder has no KL term).`,
  vae: ({ epoch, loss, reconstruction, kl, beta, target }) =>
    `Training curves, epoch ${epoch}: loss ${loss} (reconstruction + β·KL), reconstruction ${reconstruction}, KL ${kl} nats, β ${beta}${target === null ? '' : `, rising to ${target}`}.`,
  test: ({ epoch, autoencoder, value }) => ` Test after epoch ${epoch}: ${autoencoder ? 'reconstruction' : '−ELBO'} ${value} nats.`,
});
