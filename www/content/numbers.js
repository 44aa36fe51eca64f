// What the page says about the numbers a learner compares: which estimator each ELBO is, how
// far apart they may lie and why, where test digits typically score, and why a change of ε may
// be too small to see. Numbers come in as arguments, already formatted.

/** The drawing panel's score line. */
export const SCORE_TEXT = Object.freeze({
  /** How the headline was estimated: `samples` ε averaged, refined or the encoder's q(z|x). */
  refined: (samples) => `refined q(z|x), mean over ${samples} ε`,
  encoder: (samples) => `the encoder’s q(z|x), mean over ${samples} ε`,
  /** Refinement was asked for but found no better posterior for these ε: the encoder's is kept. */
  kept: (samples) => `the encoder’s q(z|x), mean over ${samples} ε (refinement found no better one, so it is kept)`,
  encoderAlone: (elbo) => `the encoder alone: ${elbo} on the same ε`,
  /** Where test digits lie, from VaeSession.elboDistribution. */
  range: ({ images, median, low, high }) =>
    `Higher is better: test digits typically score ${median} (the encoder’s q(z|x), one ε each; the middle half of the first ${images} lie from ${low} to ${high}).`,
  rangePending: 'Higher is better; where test digits typically score is being measured…',
});

/** The Inside view: its one-ε ELBO against the 32-ε means the drawing panel shows. */
export const ESTIMATOR_TEXT = Object.freeze({
  oneEps: (elbo, mean, samples, spread) =>
    `This ELBO is one ε’s estimate: ${elbo}. The same q(z|x) averaged over the drawing panel’s ${samples} ε scores ${mean}, ` +
    `and one ε typically lies within ±${spread} of that.`,
  drawing:
    ' The drawing panel’s headline uses those same ε on its refined q(z|x) (Refine, on by default): refinement can only raise it; with Refine off it is this mean.',
  zeroEps: ' ε = 0 puts z at μ: one point, not a draw, so it may score above every draw.',
});

/** Why σ ⊙ ε changes a drawing little or much, and the magnified difference image's caption. */
export const NOISE_EFFECT_TEXT = Object.freeze({
  caption: (largest, magnify) =>
    `p(x|z) − p(x|μ): what σ ⊙ ε changed; the largest change is ${largest} (of 1), shown ×${magnify}`,
  unchanged: 'p(x|z) − p(x|μ): ε = 0, so z = μ and nothing changed',
  /** `sigma`: the mean σ of this image's q(z|x). */
  confident: (sigma) =>
    `Why a new ε barely changes the picture: the encoder is sure of this image (σ ≈ ${sigma}), so z = μ + σ ⊙ ε stays within a few σ of μ and the decoder draws almost the same digit. ` +
    'The image beside the map shows the change magnified. An image the encoder is unsure of has a larger σ, and ε moves it visibly.',
  unsure: (sigma) =>
    `Here the encoder is unsure (σ ≈ ${sigma}): a new ε moves z far enough to change the digit drawn.`,
  widest: (index, sigma) => `Look inside test digit ${index}, the one the encoder is least sure of (σ ≈ ${sigma})`,
});

/** The slow-motion step: its batch ELBO is not a drawing's, and says which estimator it is. */
export const STEP_ESTIMATOR =
  'Its ELBO is another estimate: the mean over these training images, each with one ε of its own, so it does not equal a drawing’s score.';

/** The training panel's log, after a run's first chunk: a fresh model's loss starts near 784 ln 2 ≈ 543 nats. */
export const firstChunkLog = (steps, images, loss) =>
  `first ${steps} steps (${images} images): loss ${loss} nats; a fresh model starts near 543 (every pixel a coin flip), so watch it fall`;
/** The ETA until the run's speed is measured (its first chunk includes start-up). */
export const ETA_PENDING = 'estimating';

/** The model kinds as the Model menu names them. */
const KIND_NAMES = Object.freeze({ conv: 'conv', mlp: 'MLP', cvae: 'conditional', ae: 'autoencoder' });

/** The Model menu after training here: "trained here · conv, latent 2, β 1". */
export const trainedModelName = ({ kind, latentDim, beta }) =>
  `trained here · ${KIND_NAMES[kind] ?? kind}, latent ${latentDim}${kind === 'ae' || beta === undefined ? '' : `, β ${beta}`}`;
