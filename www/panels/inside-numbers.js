// The Inside view's numbers and what they are worth: where the nats go (each pixel's
// cross-entropy, each dimension's KL, the ELBO), how its one-ε ELBO relates to the drawing
// panel's mean over many ε, and what σ ⊙ ε changes in the picture — magnified where the
// encoder is so sure of the image that the change is too small to see, with a test digit at
// hand whose σ is large. And the words behind two of its pictures: q(z|x) against the prior,
// dimension by dimension, and where the view's map puts the image.

import { ACCESSIBILITY_TEXT as A } from '../content/accessibility.js';
import { INSIDE_TEXT } from '../content/inside.js';
import { ELBO_TEXT, ESTIMATOR_TEXT, NOISE_EFFECT_TEXT } from '../content/numbers.js';
import { fixed } from '../i18n/format.js';
import { say, sayAttribute } from '../i18n/say.js';
import { drawCost, drawSigned } from '../plots.js';

const $ = (id) => document.getElementById(id);
/**
 * A change of pixel probability below this is too small to see in p(x|z): a quarter of the way
 * from paper to ink, at its largest pixel.
 */
const VISIBLE_CHANGE = 0.25;

/** The mean σ = exp(½ log σ²) over the dimensions of q(z|x). */
const meanSigma = (logVar) => logVar.reduce((sum, value) => sum + Math.exp(0.5 * value), 0) / logVar.length;

/**
 * Where an explanation's reconstruction term pays, on `canvas`: each pixel's cross-entropy as a
 * heat map (white to dark red, up to its costliest pixel), with its words (the total and the
 * costliest pixel). The Inside view's, and "Is this a digit?"'s.
 */
export function showCost(canvas, e) {
  let largest = 0;
  for (const value of e.bcePerPixel) if (value > largest) largest = value;
  drawCost(canvas, e.bcePerPixel, largest);
  const most = e.bcePerPixel.indexOf(largest);
  const words = { total: fixed(e.reconstruction, 1), row: Math.floor(most / 28) + 1, column: (most % 28) + 1, most: fixed(largest, 2) };
  sayAttribute(canvas, 'aria-label', () => INSIDE_TEXT.pictures.cost(words));
}

/** Where the nats go: each pixel's cross-entropy, each dimension's KL, and the ELBO (an autoencoder: the first alone). */
export function showLoss(e, { autoencoder, beta }) {
  showCost($('inside-bce'), e);
  $('inside-bce-sum').textContent = fixed(e.reconstruction, 1);
  if (autoencoder) return;
  $('inside-kl-sum').textContent = fixed(e.kl, 2);
  const klLargest = Math.max(...e.klPerDim, 1e-9);
  [...$('inside-kl-bars').children].forEach((row, k) => {
    row.querySelector('i').style.width = `${Math.max(0, (e.klPerDim[k] / klLargest) * 100)}%`;
    row.querySelector('.bar-value').textContent = fixed(e.klPerDim[k], 2);
  });
  const total = e.reconstruction + e.kl;
  $('inside-stack-recon').style.width = `${(e.reconstruction / total) * 100}%`;
  $('inside-stack-kl').style.width = `${(e.kl / total) * 100}%`;
  const terms = { total: fixed(total, 1), reconstruction: fixed(e.reconstruction, 1), kl: fixed(e.kl, 2), elbo: fixed(e.elbo, 1) };
  sayAttribute($('inside-stack'), 'aria-label', () => ELBO_TEXT.stack(terms));
  const weighed = beta === 1 ? null : { beta, objective: fixed(e.reconstruction + beta * e.kl, 1) };
  say($('inside-elbo'), () => ELBO_TEXT.sum(terms) + (weighed ? ELBO_TEXT.weighed(weighed) : ''));
}

/** The densities' words name this many dimensions, those furthest from the prior (largest KL) first. */
const DENSITIES_NAMED = 3;
/** The view's map names the labels of this many test digits nearest μ. */
const NEAREST = 5;

/** q(z|x) against the prior in words: the dimensions furthest from it (all when few), each with μ, σ and KL. */
export function showDensityWords(canvas, e) {
  const dims = e.mean.length;
  const order = Array.from({ length: dims }, (_, k) => k).sort((a, b) => e.klPerDim[b] - e.klPerDim[a]);
  const named = order.slice(0, dims > DENSITIES_NAMED + 1 ? DENSITIES_NAMED : dims);
  const furthest = named.map((k) => ({ dim: k + 1, mean: fixed(e.mean[k], 2), sigma: fixed(Math.exp(0.5 * e.logVar[k]), 3), kl: fixed(e.klPerDim[k], 2) }));
  const rest = dims - named.length;
  const restKl = rest ? fixed(e.klPerDim[order[named.length]], 2) : null;
  sayAttribute(canvas, 'aria-label', () => INSIDE_TEXT.pictures.densities({ dims, furthest, rest, restKl }));
}

/**
 * The view's map in words: what it is, then where μ and z lie on its plane (an autoencoder's z
 * alone) and the labels of the test digits nearest μ (`names`: the classes' names, null: the
 * digits themselves).
 */
export function showMapWords(map, e, { autoencoder, names }) {
  const dims = e.mean.length;
  const at = (point) => {
    const [x, y] = map.project(point);
    return `(${fixed(x, 2)}, ${fixed(y, 2)})`;
  };
  const [mx, my] = map.project(e.mean);
  const labels = map.points?.latentDim === dims ? map.points.labels : undefined;
  const near = labels === undefined ? null : labels ? map.nearestIndices(mx, my, NEAREST).map((i) => names?.[labels[i]] ?? String(labels[i])) : [];
  const where = { code: autoencoder, mean: at(e.mean), z: at(e.z), plane: dims > 2 };
  sayAttribute(map.canvas, 'aria-label', () =>
    INSIDE_TEXT.mapWords({
      label: autoencoder ? INSIDE_TEXT.mapLabel.autoencoder : INSIDE_TEXT.mapLabel.vae,
      where: INSIDE_TEXT.pictures.where({ ...where, near: near && A.map.near(near) }),
    }),
  );
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
    const figures = [fixed(e.elbo, 1), fixed(score.elbo, 1), score.samples, fixed(score.elboSpread, 1)];
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
