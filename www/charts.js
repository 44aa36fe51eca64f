// Charts in nats: the training curves and each image's loss terms as stacked bars.

import { CHART_TEXT as T } from './content/charts.js';
import { fixed } from './i18n/format.js';
import { onLanguageChange } from './i18n/language.js';
import { themeColour } from './plots.js';

/**
 * Each image's loss terms as a stacked bar, image 1 first (the images' reading order):
 * reconstruction (blue) under KL (green), on an axis in nats. `kl` is null for an autoencoder,
 * whose bars are its reconstruction alone.
 */
export function drawTermBars(canvas, reconstruction, kl, count) {
  const { width, height } = canvas;
  const context = canvas.getContext('2d');
  context.clearRect(0, 0, width, height);
  const pad = { left: 34, right: 4, top: 8, bottom: 16 };
  let largest = 0;
  const klOf = (n) => (kl ? kl[n] : 0);
  for (let n = 0; n < count; n += 1) largest = Math.max(largest, reconstruction[n] + klOf(n));
  const top = Math.max(10, Math.ceil(largest / 50) * 50);
  const y = (nats) => height - pad.bottom - (nats / top) * (height - pad.top - pad.bottom);
  const slot = (width - pad.left - pad.right) / count;
  context.font = '10px system-ui, sans-serif';
  context.fillStyle = themeColour('--muted', '#666');
  context.strokeStyle = themeColour('--line', '#ddd');
  context.lineWidth = 1;
  for (const tick of [0, top / 2, top]) {
    context.beginPath();
    context.moveTo(pad.left, y(tick));
    context.lineTo(width - pad.right, y(tick));
    context.stroke();
    context.fillText(String(tick), 2, y(tick) + 3);
  }
  for (let n = 0; n < count; n += 1) {
    const x = pad.left + n * slot + slot * 0.15;
    const barWidth = slot * 0.7;
    context.fillStyle = TERM_COLOURS.reconstruction;
    context.fillRect(x, y(reconstruction[n]), barWidth, y(0) - y(reconstruction[n]));
    if (kl) {
      context.fillStyle = TERM_COLOURS.kl;
      context.fillRect(x, y(reconstruction[n] + kl[n]), barWidth, y(reconstruction[n]) - y(reconstruction[n] + kl[n]));
    }
    if (n === 0 || (n + 1) % 8 === 0) {
      context.fillStyle = themeColour('--muted', '#666');
      context.fillText(String(n + 1), x, height - 4);
    }
  }
}

/** The colours of the ELBO's two terms wherever they are drawn (CSS uses the same). */
export const TERM_COLOURS = Object.freeze({ reconstruction: '#4e79a7', kl: '#59a14f' });

/** The training chart's other curves: the objective, the β in effect and the test points. */
const CURVE_COLOURS = Object.freeze({ loss: '#e15759', beta: '#f28e2b', test: '#b07aa1' });

/** A β as the chart writes it: "0.5", "1.23", "2". */
const formatBeta = (beta) => String(Number(beta.toPrecision(3)));

/**
 * Training curves per chunk of steps, in nats against epochs, as the reports give them: the
 * objective minimised ("loss": reconstruction + β·KL with each step's β), the reconstruction
 * term, the KL term unweighted, and the β in effect on an axis of its own (right, from 0 to the
 * run's β), so that the KL term is seen to fall as β rises during a warm-up; plus a test point
 * per epoch (−ELBO; an autoencoder's test reconstruction). An autoencoder's reports carry no KL
 * and no β: its chart has neither curve, and its legend says why. The canvas's label says the
 * latest numbers in words.
 */
export class LossChart {
  constructor(canvas) {
    this.canvas = canvas;
    this.reset();
    // Its words are on the canvas: drawn again in a new language.
    onLanguageChange(() => this.draw());
  }

  /** Empty, for a new run. */
  reset() {
    this.series = { loss: [], reconstruction: [], kl: [], beta: [] };
    this.tests = [];
    /** Whether the reports are an autoencoder's (null before the first). */
    this.autoencoder = null;
    /** The run's β, the top of the β axis (null: none given). */
    this.betaTarget = null;
    this.draw();
  }

  /** The β the run aims at (after a warm-up), or null for an autoencoder. */
  setBetaTarget(beta) {
    this.betaTarget = beta;
    this.draw();
  }

  /** A training report (VaeSession.trainSteps' ChunkReport, or a slow-motion step's). */
  add({ epochsDone, objective, losses, beta }) {
    this.autoencoder = losses.kl === undefined;
    this.series.loss.push([epochsDone, objective]);
    this.series.reconstruction.push([epochsDone, losses.reconstruction]);
    if (!this.autoencoder) {
      this.series.kl.push([epochsDone, losses.kl]);
      this.series.beta.push([epochsDone, beta]);
    }
    this.draw();
  }

  /** An epoch's test summary (VaeSession.evaluate): a VAE's −ELBO, an autoencoder's reconstruction. */
  addTest(epoch, test) {
    this.tests.push([epoch, test.elbo === undefined ? test.reconstruction : -test.elbo]);
    this.draw();
  }

  /** The latest numbers in words, for the canvas's label. */
  describe() {
    const latest = (key) => this.series[key].at(-1)?.[1];
    if (!this.series.loss.length) return T.none;
    const epoch = fixed(this.series.loss.at(-1)[0], 2);
    const reconstruction = fixed(latest('reconstruction'), 1);
    let words;
    if (this.autoencoder) {
      words = T.autoencoder({ epoch, reconstruction });
    } else {
      const beta = latest('beta');
      const target = this.betaTarget !== null && beta < this.betaTarget ? formatBeta(this.betaTarget) : null;
      words = T.vae({ epoch, loss: fixed(latest('loss'), 1), reconstruction, kl: fixed(latest('kl'), 2), beta: formatBeta(beta), target });
    }
    const test = this.tests.at(-1);
    if (test) words += T.test({ epoch: test[0], autoencoder: this.autoencoder, value: fixed(test[1], 1) });
    return words;
  }

  draw() {
    const { canvas } = this;
    const context = canvas.getContext('2d');
    const { width, height } = canvas;
    const pad = { left: 44, right: 136, top: 12, bottom: 26 };
    context.clearRect(0, 0, width, height);
    canvas.setAttribute('aria-label', this.describe());
    context.font = '11px system-ui, sans-serif';
    const { loss, reconstruction, kl, beta } = this.series;
    const all = [...loss, ...kl, ...this.tests];
    if (all.length === 0) {
      context.fillStyle = themeColour('--muted', '#666');
      context.fillText(T.empty, pad.left, height / 2);
      return;
    }
    const frame = { left: pad.left, right: width - pad.right, top: pad.top, bottom: height - pad.bottom };
    const xMax = Math.max(1e-9, ...all.map((p) => p[0]));
    const xMin = Math.min(...all.map((p) => p[0]));
    const x = (v) => frame.left + ((v - xMin) / Math.max(1e-9, xMax - xMin)) * (frame.right - frame.left);
    // The KL term is a few nats beside a reconstruction of a hundred or more: on one axis its fall
    // as β rises would be a flat line. So it has a panel of its own, below, with β on the right.
    const split = kl.length ? frame.top + Math.round((frame.bottom - frame.top) * 0.55) : frame.bottom;
    const upper = { ...frame, bottom: split };
    const y = drawNatsAxis(context, upper, [...loss, ...reconstruction, ...this.tests], 4);
    strokeCurve(context, loss, x, y, CURVE_COLOURS.loss);
    strokeCurve(context, reconstruction, x, y, TERM_COLOURS.reconstruction);
    context.fillStyle = CURVE_COLOURS.test;
    for (const [px, py] of this.tests) {
      context.beginPath();
      context.arc(x(px), y(py), 4, 0, 2 * Math.PI);
      context.fill();
    }
    if (kl.length) {
      const lower = { ...frame, top: split + 16 };
      context.fillStyle = TERM_COLOURS.kl;
      context.fillText(T.klPanel, lower.left + 4, lower.top - 4);
      strokeCurve(context, kl, x, drawNatsAxis(context, lower, kl, 2), TERM_COLOURS.kl);
      // β's own axis: from 0 to the run's β (1 when β is 0, so that its line lies at the bottom).
      const top = Math.max(this.betaTarget ?? 0, ...beta.map((p) => p[1])) || 1;
      const yBeta = (v) => lower.bottom - (v / top) * (lower.bottom - lower.top);
      drawBetaAxis(context, lower, yBeta, top);
      strokeCurve(context, beta, x, yBeta, CURVE_COLOURS.beta, [5, 3]);
    }
    context.fillStyle = themeColour('--muted', '#666');
    context.fillText(T.epochAxis(xMin.toFixed(2)), frame.left, height - 8);
    context.fillText(`${xMax.toFixed(2)}`, frame.right - 24, height - 8);
    this.drawLegend(context, frame.right + 48, frame.top + 10);
  }

  /** What each curve is; for an autoencoder, why there is no KL or β. */
  drawLegend(context, left, top) {
    const muted = themeColour('--muted', '#666');
    const words = T.legend;
    const entries = this.autoencoder
      ? [[CURVE_COLOURS.loss, words.lossAutoencoder], [TERM_COLOURS.reconstruction, words.reconstruction], ...words.autoencoder.map((line) => [null, line])]
      : [
          [CURVE_COLOURS.loss, words.loss],
          [null, words.lossSum],
          [TERM_COLOURS.reconstruction, words.reconstruction],
          [TERM_COLOURS.kl, words.kl],
          [CURVE_COLOURS.beta, words.beta, [5, 3]],
        ];
    if (this.tests.length) entries.push([CURVE_COLOURS.test, this.autoencoder ? words.testAutoencoder : words.test]);
    entries.forEach(([colour, label, dash = []], index) => {
      const baseline = top + index * 16;
      if (colour) {
        context.strokeStyle = colour;
        context.lineWidth = 1.6;
        context.setLineDash(dash);
        context.beginPath();
        context.moveTo(left - 14, baseline - 4);
        context.lineTo(left - 3, baseline - 4);
        context.stroke();
        context.setLineDash([]);
      }
      context.fillStyle = colour ?? muted;
      context.fillText(label, left, baseline);
    });
  }
}

/** One curve of [x, y] points. */
function strokeCurve(context, points, x, y, colour, dash = []) {
  context.strokeStyle = colour;
  context.lineWidth = 1.6;
  context.setLineDash(dash);
  context.beginPath();
  points.forEach(([px, py], i) => (i ? context.lineTo(x(px), y(py)) : context.moveTo(x(px), y(py))));
  context.stroke();
  context.setLineDash([]);
}

/**
 * A panel's left axis in nats, with its grid lines, over the points' range (robust: once there
 * are many, the top 5 % — the first chunks' huge losses — run off the top). Returns its scale.
 */
function drawNatsAxis(context, plot, points, intervals) {
  const values = points.map((p) => p[1]).sort((a, b) => a - b);
  const yMax = Math.max(1e-9, values[values.length > 20 ? Math.floor(values.length * 0.95) : values.length - 1] * 1.05);
  const yMin = Math.min(0, values[0]);
  const y = (v) => plot.bottom - ((Math.min(v, yMax) - yMin) / (yMax - yMin)) * (plot.bottom - plot.top);
  context.strokeStyle = themeColour('--line', '#ddd');
  context.fillStyle = themeColour('--muted', '#666');
  context.lineWidth = 1;
  for (let i = 0; i <= intervals; i += 1) {
    const v = yMin + ((yMax - yMin) * i) / intervals;
    context.beginPath();
    context.moveTo(plot.left, y(v));
    context.lineTo(plot.right, y(v));
    context.stroke();
    context.fillText(v < 10 && v > 0 ? v.toFixed(1) : v.toFixed(0), 4, y(v) + 4);
  }
  return y;
}

/** The right axis: β from 0 to `top`, in β's colour. */
function drawBetaAxis(context, plot, yBeta, top) {
  context.strokeStyle = CURVE_COLOURS.beta;
  context.fillStyle = CURVE_COLOURS.beta;
  context.lineWidth = 1;
  context.beginPath();
  context.moveTo(plot.right, plot.top);
  context.lineTo(plot.right, plot.bottom);
  context.stroke();
  for (const tick of [0, top / 2, top]) {
    context.beginPath();
    context.moveTo(plot.right, yBeta(tick));
    context.lineTo(plot.right + 3, yBeta(tick));
    context.stroke();
    context.fillText(`${tick === top ? 'β ' : ''}${formatBeta(tick)}`, plot.right + 5, yBeta(tick) + 4);
  }
}
