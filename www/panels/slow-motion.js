// Training in slow motion: what one optimiser step ("Step") did to its batch — the images, their
// reconstructions and loss terms before the step, the batch's ELBO before and after (same images,
// same ε), and where each image's posterior mean moved in the latent map's plane. An autoencoder's
// step has no KL term (no klTerms, no kl or elbo in its summaries): its bars and sentences are of
// the reconstruction alone, and its means are its codes.

import { attachSnippets } from '../code.js';
import { drawTermBars } from '../charts.js';
import { STEP_ESTIMATOR } from '../content/numbers.js';
import { AUTOENCODER_STEP } from '../content/training.js';
import { drawMoves } from '../latent-map.js';
import { drawImages } from '../plots.js';

const $ = (id) => document.getElementById(id);
const COLUMNS = 8;
/** One step moves means by little: arrows are drawn this long at least (in latent units). */
const SHOWN_MOVE = 0.4;

const signed = (value, digits) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(digits)}`;

/** The median of some non-negative numbers (0 for none). */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0;
}

export class SlowMotionView {
  /**
   * @param {() => {projection: {origin: number[], u: number[], v: number[]}}} plane the
   *   latent map's plane, which the means are drawn in
   */
  constructor(plane) {
    this.plane = plane;
    /** The step shown (its number), for the page tests. */
    this.step = null;
    /** The last step shown in detail (trainOneStep's answer), kept when the view is hidden. */
    this.detail = null;
    attachSnippets($('step-view'));
  }

  hide() {
    $('step-view').hidden = true;
    this.step = null;
  }

  show(detail) {
    const { report, labels, images, reconstructions, reconstructionTerms, before, after, meansBefore, meansAfter } = detail;
    // An autoencoder's step has no KL terms.
    const klTerms = detail.klTerms ?? null;
    // Every image's terms come back, whether or not the split has labels.
    const batch = reconstructionTerms.length;
    const shown = images.length / 784;
    const latentDim = meansBefore.length / batch;
    $('step-view').hidden = false;
    this.step = report.totalSteps;
    this.detail = detail;
    $('step-number').textContent = report.totalSteps.toLocaleString();
    const batchWords = `One Adam step on a batch of ${batch} training images${shown < batch ? ` (the first ${shown} shown)` : ''}. `;
    const next = 'Step again for the next batch, or Resume to train on from here.';
    $('step-summary').textContent = klTerms
      ? batchWords +
        `This batch's ELBO went from ${before.elbo.toFixed(2)} to ${after.elbo.toFixed(2)} nats (${signed(after.elbo - before.elbo, 2)}, the same images and ε): ` +
        `reconstruction ${before.reconstruction.toFixed(2)} → ${after.reconstruction.toFixed(2)}, KL ${before.kl.toFixed(2)} → ${after.kl.toFixed(2)}. ${STEP_ESTIMATOR} ${next}`
      : batchWords +
        `This batch's reconstruction term went from ${before.reconstruction.toFixed(2)} to ${after.reconstruction.toFixed(2)} nats ` +
        `(${signed(after.reconstruction - before.reconstruction, 2)}, the same images). ${AUTOENCODER_STEP} ${next}`;
    drawImages($('step-images'), images, shown, COLUMNS);
    drawImages($('step-reconstructions'), reconstructions, shown, COLUMNS);
    drawTermBars($('step-terms'), reconstructionTerms, klTerms, shown);
    $('step-terms-total').textContent = klTerms ? '−ELBO' : 'reconstruction term';
    $('step-terms-kl').hidden = !klTerms;
    const cost = (i) => reconstructionTerms[i] + (klTerms ? klTerms[i] : 0);
    const worst = reconstructionTerms.reduce((best, _, i) => (cost(i) > cost(best) ? i : best), 0);
    const average = klTerms
      ? `reconstruction and KL terms: on average ${before.reconstruction.toFixed(1)} and ${before.kl.toFixed(2)} nats`
      : `reconstruction term (an autoencoder has no KL term): on average ${before.reconstruction.toFixed(1)} nats`;
    $('step-terms').setAttribute('aria-label', `Each image's ${average}; image ${worst + 1} costs the most, ${cost(worst).toFixed(1)}`);

    const moves = Array.from({ length: batch }, (_, i) => {
      let squared = 0;
      for (let k = 0; k < latentDim; k += 1) squared += (meansAfter[i * latentDim + k] - meansBefore[i * latentDim + k]) ** 2;
      return Math.sqrt(squared);
    });
    const typical = median(moves);
    const magnify = typical > 0 ? Math.max(1, Math.round(SHOWN_MOVE / typical)) : 1;
    drawMoves($('step-means'), { before: meansBefore, after: meansAfter, labels, latentDim, projection: this.plane().projection, magnify });
    $('step-means-caption').textContent =
      `${klTerms ? 'posterior means' : 'codes z'}: before (ring) → after (dot), ${labels ? 'coloured by label' : 'one colour (no labels)'}; a typical ${klTerms ? 'mean' : 'code'} moved ${typical.toPrecision(2)}` +
      (magnify > 1 ? `, arrows drawn ×${magnify}` : '');
  }
}
