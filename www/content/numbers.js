// What the page says about the numbers a learner compares: which estimator each ELBO is, how
// far apart they may lie and why, where test digits typically score, and why a change of ε may
// be too small to see. Numbers come in as arguments, already formatted.

import { localised } from '../i18n/localised.js';

/** The drawing panel's score line. */
export const SCORE_TEXT = localised('score', {
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
  /** How digit-like the ELBO is (thresholds in drawing.js), and what a conditional model was told. */
  verdict: { veryDigitLike: 'very digit-like', digitLike: 'digit-like', odd: 'a bit odd', notDigit: 'not much like a digit' },
  toldAs: (label) => ` as a ${label}`,
  /** The score line before anything is drawn. */
  empty: 'draw something',
});

/** The conditional model's digits under the drawing: p(y|x) per digit, and the style as every digit. */
export const DIGITS_TEXT = localised('digits', {
  bar: ({ digit, p, encoded }) => `${digit}: p = ${p}${encoded ? ', encoded as this digit' : ''}`,
  caption: ({ label, chosen }) =>
    label === null
      ? 'your style, written as every digit'
      : chosen
        ? `your style, encoded as the ${label} you chose, written as every digit`
        : `your style, encoded as the digit read (${label}), written as every digit`,
});

/** The Inside view's sum of the terms (figures formatted). */
export const ELBO_TEXT = localised('elbo', {
  stack: ({ total, reconstruction, kl }) => `−ELBO ${total} nats: reconstruction ${reconstruction}, KL ${kl}`,
  sum: ({ reconstruction, kl, elbo }) => `ELBO = −(${reconstruction} + ${kl}) = ${elbo} nats`,
  /** Training weighs the KL term by β ≠ 1. */
  weighed: ({ beta, objective }) => ` · training minimises reconstruction + β·KL with β = ${beta}: ${objective}`,
});

/** The Inside view: its one-ε ELBO against the 32-ε means the drawing panel shows. */
export const ESTIMATOR_TEXT = localised('estimator', {
  oneEps: (elbo, mean, samples, spread) =>
    `This ELBO is one ε’s estimate: ${elbo}. The same q(z|x) averaged over the drawing panel’s ${samples} ε scores ${mean}, ` +
    `and one ε typically lies within ±${spread} of that.`,
  drawing:
    ' The drawing panel’s headline uses those same ε on its refined q(z|x) (Refine, on by default): refinement can only raise it; with Refine off it is this mean.',
  zeroEps: ' ε = 0 puts z at μ: one point, not a draw, so it may score above every draw.',
});

/** Why σ ⊙ ε changes a drawing little or much, and the magnified difference image's caption. */
export const NOISE_EFFECT_TEXT = localised('noise-effect', {
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
