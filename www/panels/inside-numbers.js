// The Inside view's numbers and what they are worth: where the nats go (each pixel's
// cross-entropy, each dimension's KL, the ELBO), how its one-ε ELBO relates to the drawing
// panel's mean over many ε, and what σ ⊙ ε changes in the picture — magnified where the
// encoder is so sure of the image that the change is too small to see, with a test digit at
// hand whose σ is large.

import { INSIDE_TEXT } from '../content/inside.js';
import { ELBO_TEXT, ESTIMATOR_TEXT, NOISE_EFFECT_TEXT } from '../content/numbers.js';
import { say, sayAttribute } from '../i18n/say.js';
import { drawCost, drawSigned } from '../plots.js';

const $ = (id) => document.getElementById(id);
/**
 * A change of pixel probability below this is too small to see in p(x|z): a quarter of the way
 * from paper to ink, at its largest pixel.
 */
const VISIBLE_CHANGE = 0.25;

const format = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

/** The mean σ = exp(½ log σ²) over the dimensions of q(z|x). */
const meanSigma = (logVar) => logVar.reduce((sum, value) => sum + Math.exp(0.5 * value), 0) / logVar.length;

/** Where the nats go: each pixel's cross-entropy, each dimension's KL, and the ELBO (an autoencoder: the first alone). */
export function showLoss(e, { autoencoder, beta }) {
  let largest = 0;
  for (const value of e.bcePerPixel) if (value > largest) largest = value;
  drawCost($('inside-bce'), e.bcePerPixel, largest);
  const most = e.bcePerPixel.indexOf(largest);
  const words = { total: format(e.reconstruction, 1), row: Math.floor(most / 28) + 1, column: (most % 28) + 1, most: format(largest, 2) };
  sayAttribute($('inside-bce'), 'aria-label', () => INSIDE_TEXT.pictures.cost(words));
  $('inside-bce-sum').textContent = format(e.reconstruction, 1);
  if (autoencoder) return;
  $('inside-kl-sum').textContent = format(e.kl, 2);
  const klLargest = Math.max(...e.klPerDim, 1e-9);
  [...$('inside-kl-bars').children].forEach((row, k) => {
    row.querySelector('i').style.width = `${Math.max(0, (e.klPerDim[k] / klLargest) * 100)}%`;
    row.querySelector('.bar-value').textContent = format(e.klPerDim[k], 2);
  });
  const total = e.reconstruction + e.kl;
  $('inside-stack-recon').style.width = `${(e.reconstruction / total) * 100}%`;
  $('inside-stack-kl').style.width = `${(e.kl / total) * 100}%`;
  const terms = { total: format(total, 1), reconstruction: format(e.reconstruction, 1), kl: format(e.kl, 2), elbo: format(e.elbo, 1) };
  sayAttribute($('inside-stack'), 'aria-label', () => ELBO_TEXT.stack(terms));
  const weighed = beta === 1 ? null : { beta, objective: format(e.reconstruction + beta * e.kl, 1) };
  say($('inside-elbo'), () => ELBO_TEXT.sum(terms) + (weighed ? ELBO_TEXT.weighed(weighed) : ''));
}

export class InsideNumbers {
  /**
   * @param {import('../model-client.js').ModelClient} model
   * @param {(index: number) => void} useTestDigit looks inside test digit `index`
   */
  constructor(model, useTestDigit) {
    this.model = model;
    /** The test digit whose q(z|x) is widest, once measured for the model in use (null: not yet). */
    this.widest = null;
    /** Whether the answer shown changed too little to see (then the button is offered). */
    this.shownSmall = false;
    $('inside-widest').addEventListener('click', () => {
      if (this.widest !== null) useTestDigit(this.widest);
    });
  }

  /**
   * Shows an answer of the inside worker: `explanation`, `score` (the drawing panel's estimator
   * for the encoder's q(z|x)) and `centre` (p(x|μ)); the last two are null for an autoencoder,
   * which draws no ε.
   */
  show({ explanation: e, score, centre }, fromDrawing) {
    const drawn = Boolean(score && centre && e.logVar);
    $('inside-eps-effect-box').hidden = !drawn;
    $('inside-eps-effect-figure').hidden = !drawn;
    $('inside-estimators').hidden = !drawn;
    if (!drawn) return;
    const zeroEps = e.eps.every((value) => value === 0);
    const figures = [format(e.elbo, 1), format(score.elbo, 1), score.samples, format(score.elboSpread, 1)];
    say($('inside-estimators'), () => ESTIMATOR_TEXT.oneEps(...figures) + (fromDrawing ? ESTIMATOR_TEXT.drawing : '') + (zeroEps ? ESTIMATOR_TEXT.zeroEps : ''));
    this.showNoiseEffect(e, centre);
  }

  /** p(x|z) − p(x|μ), magnified to be seen, and why it is small or large. */
  showNoiseEffect(e, centre) {
    const change = Float32Array.from(e.probabilities, (p, i) => p - centre[i]);
    const largest = change.reduce((most, value) => Math.max(most, Math.abs(value)), 0);
    const magnify = largest > 0 ? Math.max(1, Math.round(1 / largest)) : 1;
    drawSigned($('inside-eps-effect'), change, 1 / magnify);
    say($('inside-eps-effect-caption'), () => (largest > 0 ? NOISE_EFFECT_TEXT.caption(largest.toPrecision(2), magnify) : NOISE_EFFECT_TEXT.unchanged));
    const sigma = meanSigma(e.logVar).toPrecision(2);
    const small = largest < VISIBLE_CHANGE;
    say($('inside-eps-why'), () => (small ? NOISE_EFFECT_TEXT.confident(sigma) : NOISE_EFFECT_TEXT.unsure(sigma)));
    $('inside-widest').hidden = true;
    this.shownSmall = small;
    if (small) this.offerWidest();
  }

  /** The button to the test digit the encoder is least sure of, once that is measured. */
  async offerWidest() {
    let distribution;
    try {
      distribution = await this.model.elboDistribution();
    } catch {
      // The score line reports a failed measurement; the button just stays hidden.
      return;
    }
    // A later answer may have shown a change large enough to see meanwhile.
    if (!distribution || !this.shownSmall) return;
    this.widest = distribution.widestIndex;
    const button = $('inside-widest');
    const sigma = distribution.widestSigma.toPrecision(2);
    say(button, () => NOISE_EFFECT_TEXT.widest(this.widest, sigma));
    button.hidden = false;
  }
}
