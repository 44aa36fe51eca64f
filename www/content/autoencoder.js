// What the main views say when the model in use is a plain autoencoder (kind "ae"): its encoder
// gives one code z, not a distribution, so the words about q(z|x), σ, ε, the KL term and the
// ELBO give way to these. The VAE's own sentences stay where they are (index.html).

/** Why the views show less for an autoencoder: said where a VAE's q(z|x), ε and σ would be. */
export const WHY =
  'An autoencoder’s encoder gives one code z, not a distribution: there is no σ, no ε and no KL term; ' +
  'its loss is the reconstruction term alone. See the Compare view for what that costs.';

/** The drawing panel's score line, refine box and Inside button. */
export const DRAWING_TEXT = Object.freeze({
  scoreName: 'reconstruction term',
  /** After the score, which is the reconstruction term in nats. */
  scoreNote: 'lower is better · an autoencoder has no ELBO: its loss is this term alone',
  refineNote: 'An autoencoder has no q(z|x) to refine: its encoder gives one code z.',
  insideOpen: ' Look inside the model: every step to the reconstruction term',
});

/** The Inside view's texts, by the id of the element each one replaces. */
export const INSIDE_TEXT = Object.freeze({
  'inside-title': 'Inside the autoencoder',
  'inside-hint':
    'Every step from an image to its reconstruction term, as the model computes them: the numbers and pictures below come from one run of its own forward pass.',
  'inside-sample-title': 'z = encoder(x): a point, not a distribution',
  'inside-sample-text': WHY,
  'inside-map-caption': 'z (cross) among the test digits’ codes: the same image always gives the same z',
  'inside-loss-text':
    'The reconstruction term is each pixel’s binary cross-entropy between x and p(x|z), summed: the map shows where it pays. ' +
    'It is the autoencoder’s whole loss: with no KL term there is no ELBO.',
});

/** The Inside view's map, for a screen reader, when it shows an autoencoder's code. */
export const INSIDE_MAP_LABEL = 'z = encoder(x) on the latent map: one point among the test digits’ codes (nothing to drag: there is no ε)';

/** Under the samples: an autoencoder has no prior, yet z drawn from N(0, I) is what generating means. */
export const SAMPLES_HINT =
  'An autoencoder has no prior: these are z drawn from N(0, I) all the same, through its decoder. ' +
  'Nothing pulled its codes towards N(0, I) (see the map), so a z drawn from it may land between codes (a blend of digits, or none), ' +
  'and digits whose codes lie far out are seldom drawn.';

/** The latent map, for a screen reader, when its codes reach beyond ±4 and it shows ±`extent`. */
export const mapExtentLabel = (extent) => `; the codes reach beyond ±4, so the axes run from −${extent} to ${extent}`;
