// What the main views say when the model in use is a plain autoencoder (kind "ae"): its encoder
// gives one code z, not a distribution, so the words about q(z|x), σ, ε, the KL term and the
// ELBO give way to these. The VAE's own sentences stay where they are (index.html), and so do the
// Inside view's, a VAE's and an autoencoder's side by side.

import { localised } from '../i18n/localised.js';

/** The drawing panel's score line and refine box. */
export const DRAWING_TEXT = localised('autoencoder', {
  scoreName: 'reconstruction term',
  /** After the score, which is the reconstruction term in nats. */
  scoreNote: 'lower is better · an autoencoder has no ELBO: its loss is this term alone',
  refineNote: 'An autoencoder has no q(z|x) to refine: its encoder gives one code z.',
  /** The latent map, for a screen reader, when its codes reach beyond ±4 and it shows ±`extent`. */
  mapExtent: (extent) => `; the codes reach beyond ±4, so the axes run from −${extent} to ${extent}`,
});
