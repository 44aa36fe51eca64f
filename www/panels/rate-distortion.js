// The Compare view's rate–distortion plot: every model's KL (rate) against its reconstruction
// term (distortion) on the 10,000 test digits. A shipped model's point is its card's figure
// (www/content/models.json) until a column has measured it here; a run trained in this browser
// is measured when it stops (while the view is open), in a worker of the view's own, so that the
// page's views never wait on it.

import { drawRateDistortion } from '../compare-plots.js';
import { COMPARE_TEXT as T } from '../content/compare.js';
import { sayAttribute } from '../i18n/say.js';

const $ = (id) => document.getElementById(id);

/** A point's short label: kind or β, latent size, epochs. */
const shortName = ({ kind, latentDim, beta, epochs }) => `${kind === 'ae' ? 'AE' : `β${beta}`} d${latentDim}${epochs ? ` ${epochs}ep` : ''}`;

export class RateDistortionPlot {
  /**
   * @param {import('../model-client.js').ModelClient} inUse the page's model (a run's weights)
   * @param {object} view what the plot reads of the Compare view
   * @param {() => object|null} view.catalogue the shipped models and their cards
   * @param {object[]} view.columns the columns: their catalogue `entry` and measured `statistics`
   * @param {() => boolean} view.isOpen
   * @param {(restart: () => Promise<void>) => Promise<object>} view.startClient a model of the view's own
   * @param {(error: Error) => void} view.onError
   */
  constructor(inUse, view) {
    this.inUse = inUse;
    this.view = view;
    /** Runs trained here: their settings, their weights until measured, then their figures. */
    this.runs = [];
    /** The worker that measures runs (started with the first), and whether it is at it. */
    this.client = null;
    this.measuring = false;
    sayAttribute($('rate-distortion'), 'aria-label', () => T.rateDistortion({ count: 0 }));
  }

  /**
   * A run stopped: its last weights (the page's model, once the page has taken them) wait to be
   * measured as the shipped models were.
   */
  async addRun(run) {
    await this.inUse.changes;
    this.runs.push({ ...run, weights: this.inUse.weights.slice(0), reconstruction: null, kl: null });
    if (this.view.isOpen()) await this.measureRuns();
  }

  /** Measures the runs not measured yet, one after another; each becomes a point. */
  async measureRuns() {
    if (this.measuring) return;
    this.measuring = true;
    try {
      for (let run = this.runs.find((r) => r.weights); run; run = this.runs.find((r) => r.weights)) {
        this.client ??= await this.view.startClient(() => this.measureRuns());
        await this.client.loadWeights(run.weights.slice(0));
        const statistics = await this.client.statistics(0);
        // null: the worker was replaced meanwhile; its restart measures again.
        if (!statistics) break;
        Object.assign(run, { weights: null, reconstruction: statistics.reconstruction, kl: statistics.kl ?? null });
        this.draw();
      }
    } finally {
      this.measuring = false;
    }
  }

  /** Every model's point: the catalogue's cards (or what a column measured), then the runs. */
  get points() {
    const catalogue = this.view.catalogue();
    if (!catalogue) return [];
    const shipped = catalogue.models.map((entry) => {
      const measured = this.view.columns.find((column) => column.entry === entry && column.statistics)?.statistics;
      const figures = measured ?? entry.card;
      return {
        file: entry.file,
        label: T.describe(entry),
        short: shortName(entry),
        reconstruction: figures.reconstruction,
        kl: figures.kl ?? null,
        measuredHere: Boolean(measured),
        current: this.view.columns.some((column) => column.entry === entry),
      };
    });
    const trained = this.runs
      .filter((run) => run.reconstruction !== null)
      .map((run, i) => ({
        file: null,
        label: T.trainedHere(run),
        short: `${T.here} ${i + 1}`,
        reconstruction: run.reconstruction,
        kl: run.kl,
        measuredHere: true,
        current: false,
      }));
    return [...shipped, ...trained];
  }

  /** The plot, and the same points in words: the plot's own (how many, the models at its edges), then each point. */
  draw() {
    const points = this.points;
    drawRateDistortion($('rate-distortion'), points);
    const lowest = (key, among) => among.reduce((best, point) => (!best || point[key] < best[key] ? point : best), null);
    const [distortion, rate] = [lowest('reconstruction', points), lowest('kl', points.filter((point) => point.kl !== null))];
    const words = {
      count: points.length,
      measured: points.filter((point) => point.measuredHere).length,
      distortion: distortion && { label: distortion.label, value: distortion.reconstruction },
      rate: rate && { label: rate.label, value: rate.kl },
    };
    sayAttribute($('rate-distortion'), 'aria-label', () => T.rateDistortion(words));
    $('rate-distortion-points').replaceChildren(
      ...points.map((point) => {
        const item = document.createElement('li');
        item.textContent = T.point(point);
        return item;
      }),
    );
  }
}
