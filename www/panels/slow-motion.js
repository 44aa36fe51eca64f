// Training in slow motion: what one optimiser step ("Step") did to its batch — the images, their
// reconstructions and loss terms before the step, the batch's ELBO before and after (same images,
// same ε), and where each image's posterior mean moved in the latent map's plane. An autoencoder's
// step has no KL term (no klTerms, no kl or elbo in its summaries): its bars and sentences are of
// the reconstruction alone, and its means are its codes.

import { attachSnippets } from '../code.js';
import { drawTermBars } from '../charts.js';
import { TRAINING_TEXT } from '../content/training.js';
import { count, fixed } from '../i18n/format.js';
import { say, sayAttribute } from '../i18n/say.js';
import { drawMoves } from '../latent-map.js';
import { drawImages } from '../plots.js';

const $ = (id) => document.getElementById(id);
const COLUMNS = 8;
/** One step moves means by little: arrows are drawn this long at least (in latent units). */
const SHOWN_MOVE = 0.4;

const signed = (value, digits) => `${value >= 0 ? '+' : '−'}${fixed(Math.abs(value), digits)}`;

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

  /** Shows a step in detail; `names` are the classes' names by label (null: the labels themselves). */
  show(detail, names = null) {
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
    $('step-number').textContent = count(report.totalSteps);
    const T = () => TRAINING_TEXT.step;
    const terms = klTerms
      ? {
          before: fixed(before.elbo, 2),
          after: fixed(after.elbo, 2),
          change: signed(after.elbo - before.elbo, 2),
          reconstructionBefore: fixed(before.reconstruction, 2),
          reconstructionAfter: fixed(after.reconstruction, 2),
          klBefore: fixed(before.kl, 2),
          klAfter: fixed(after.kl, 2),
        }
      : { before: fixed(before.reconstruction, 2), after: fixed(after.reconstruction, 2), change: signed(after.reconstruction - before.reconstruction, 2) };
    say($('step-summary'), () => T().batch({ batch, shown }) + (klTerms ? T().vae(terms) : T().autoencoder(terms)) + T().next);
    drawImages($('step-images'), images, shown, COLUMNS);
    drawImages($('step-reconstructions'), reconstructions, shown, COLUMNS);
    const labelOf = (i) => (labels ? (names?.[labels[i]] ?? String(labels[i])) : null);
    const shownLabels = labels ? Array.from({ length: shown }, (_, i) => labelOf(i)) : null;
    sayAttribute($('step-images'), 'aria-label', () => T().images({ batch, shown, labels: shownLabels }));
    const reconstructionTerm = { vae: Boolean(klTerms), before: fixed(before.reconstruction, 1), after: fixed(after.reconstruction, 1) };
    sayAttribute($('step-reconstructions'), 'aria-label', () => T().reconstructions(reconstructionTerm));
    drawTermBars($('step-terms'), reconstructionTerms, klTerms, shown);
    say($('step-terms-caption'), () => T().caption(Boolean(klTerms)));
    $('step-terms-kl').hidden = !klTerms;
    const cost = (i) => reconstructionTerms[i] + (klTerms ? klTerms[i] : 0);
    const worst = reconstructionTerms.reduce((best, _, i) => (cost(i) > cost(best) ? i : best), 0);
    const average = { vae: Boolean(klTerms), reconstruction: fixed(before.reconstruction, 1), kl: klTerms ? fixed(before.kl, 2) : null, worst: worst + 1, cost: fixed(cost(worst), 1) };
    sayAttribute($('step-terms'), 'aria-label', () => T().terms(average));

    const moves = Array.from({ length: batch }, (_, i) => {
      let squared = 0;
      for (let k = 0; k < latentDim; k += 1) squared += (meansAfter[i * latentDim + k] - meansBefore[i * latentDim + k]) ** 2;
      return Math.sqrt(squared);
    });
    const typical = median(moves);
    const magnify = typical > 0 ? Math.max(1, Math.round(SHOWN_MOVE / typical)) : 1;
    drawMoves($('step-means'), { before: meansBefore, after: meansAfter, labels, latentDim, projection: this.plane().projection, magnify });
    say($('step-means-caption'), () => T().means({ vae: Boolean(klTerms), labels: Boolean(labels), typical: typical.toPrecision(2), magnify }));
    const most = moves.reduce((best, move, i) => (move > moves[best] ? i : best), 0);
    const moved = { vae: Boolean(klTerms), batch, typical: typical.toPrecision(2), most: moves[most].toPrecision(2), image: most + 1, label: labelOf(most) };
    sayAttribute($('step-means'), 'aria-label', () => T().moves(moved));
  }
}
