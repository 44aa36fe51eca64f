// Training in slow motion: what one optimiser step ("Step") did to its batch — the images, their
// reconstructions and loss terms before the step, the batch's ELBO before and after (same images,
// same ε), and where each image's posterior mean moved in the latent map's plane.

import { attachSnippets } from '../code.js';
import { drawTermBars } from '../charts.js';
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
    attachSnippets($('step-view'));
  }

  hide() {
    $('step-view').hidden = true;
    this.step = null;
  }

  show(detail) {
    const { report, labels, images, reconstructions, reconstructionTerms, klTerms, before, after, meansBefore, meansAfter } = detail;
    // Every image's terms come back, whether or not the split has labels.
    const batch = reconstructionTerms.length;
    const shown = images.length / 784;
    const latentDim = meansBefore.length / batch;
    $('step-view').hidden = false;
    this.step = report.totalSteps;
    $('step-number').textContent = report.totalSteps.toLocaleString();
    const gain = after.elbo - before.elbo;
    $('step-summary').textContent =
      `One Adam step on a batch of ${batch} training images${shown < batch ? ` (the first ${shown} shown)` : ''}. ` +
      `This batch's ELBO went from ${before.elbo.toFixed(2)} to ${after.elbo.toFixed(2)} nats (${signed(gain, 2)}, the same images and ε): ` +
      `reconstruction ${before.reconstruction.toFixed(2)} → ${after.reconstruction.toFixed(2)}, KL ${before.kl.toFixed(2)} → ${after.kl.toFixed(2)}. ` +
      'Step again for the next batch, or Resume to train on from here.';
    drawImages($('step-images'), images, shown, COLUMNS);
    drawImages($('step-reconstructions'), reconstructions, shown, COLUMNS);
    drawTermBars($('step-terms'), reconstructionTerms, klTerms, shown);
    const worst = reconstructionTerms.reduce((best, value, i) => (value + klTerms[i] > reconstructionTerms[best] + klTerms[best] ? i : best), 0);
    $('step-terms').setAttribute(
      'aria-label',
      `Each image's reconstruction and KL terms: on average ${before.reconstruction.toFixed(1)} and ${before.kl.toFixed(2)} nats; image ${worst + 1} costs the most, ${(reconstructionTerms[worst] + klTerms[worst]).toFixed(1)}`,
    );

    const moves = Array.from({ length: batch }, (_, i) => {
      let squared = 0;
      for (let k = 0; k < latentDim; k += 1) squared += (meansAfter[i * latentDim + k] - meansBefore[i * latentDim + k]) ** 2;
      return Math.sqrt(squared);
    });
    const typical = median(moves);
    const magnify = typical > 0 ? Math.max(1, Math.round(SHOWN_MOVE / typical)) : 1;
    drawMoves($('step-means'), { before: meansBefore, after: meansAfter, labels, latentDim, projection: this.plane().projection, magnify });
    $('step-means-caption').textContent =
      `posterior means: before (ring) → after (dot), ${labels ? 'coloured by label' : 'one colour (no labels)'}; a typical mean moved ${typical.toPrecision(2)}` +
      (magnify > 1 ? `, arrows drawn ×${magnify}` : '');
  }
}
