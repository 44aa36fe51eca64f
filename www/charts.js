// Charts in nats: the training curves and each image's loss terms as stacked bars.

import { themeColour } from './plots.js';

/**
 * Each image's loss terms as a stacked bar, image 1 first (the images' reading order):
 * reconstruction (blue) under KL (green), on an axis in nats.
 */
export function drawTermBars(canvas, reconstruction, kl, count) {
  const { width, height } = canvas;
  const context = canvas.getContext('2d');
  context.clearRect(0, 0, width, height);
  const pad = { left: 34, right: 4, top: 8, bottom: 16 };
  let largest = 0;
  for (let n = 0; n < count; n += 1) largest = Math.max(largest, reconstruction[n] + kl[n]);
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
    context.fillStyle = TERM_COLOURS.kl;
    context.fillRect(x, y(reconstruction[n] + kl[n]), barWidth, y(reconstruction[n]) - y(reconstruction[n] + kl[n]));
    if (n === 0 || (n + 1) % 8 === 0) {
      context.fillStyle = themeColour('--muted', '#666');
      context.fillText(String(n + 1), x, height - 4);
    }
  }
}

/** The colours of the ELBO's two terms wherever they are drawn (CSS uses the same). */
export const TERM_COLOURS = Object.freeze({ reconstruction: '#4e79a7', kl: '#59a14f' });

/** Training curves: loss, reconstruction and KL per chunk, plus test ELBO points. */
export class LossChart {
  constructor(canvas) {
    this.canvas = canvas;
    this.series = { loss: [], reconstruction: [], kl: [] };
    this.tests = [];
  }

  reset() {
    this.series = { loss: [], reconstruction: [], kl: [] };
    this.tests = [];
    this.draw();
  }

  add(epochs, loss, reconstruction, kl) {
    this.series.loss.push([epochs, loss]);
    this.series.reconstruction.push([epochs, reconstruction]);
    this.series.kl.push([epochs, kl]);
    this.draw();
  }

  addTest(epochs, negativeElbo) {
    this.tests.push([epochs, negativeElbo]);
    this.draw();
  }

  draw() {
    const { canvas } = this;
    const context = canvas.getContext('2d');
    const { width, height } = canvas;
    const pad = { left: 44, right: 96, top: 12, bottom: 26 };
    context.clearRect(0, 0, width, height);
    const text = themeColour('--muted', '#666');
    const line = themeColour('--line', '#ddd');
    context.font = '11px system-ui, sans-serif';
    const all = [...this.series.loss, ...this.series.kl, ...this.tests];
    if (all.length === 0) {
      context.fillStyle = text;
      context.fillText('Loss curves appear here during training.', pad.left, height / 2);
      return;
    }
    const xMax = Math.max(1e-9, ...all.map((p) => p[0]));
    const xMin = Math.min(...all.map((p) => p[0]));
    // Robust y range: ignore the first few chunks' huge losses once there is more data.
    const values = all.map((p) => p[1]).sort((a, b) => a - b);
    const yMax = values[Math.floor(values.length * (values.length > 20 ? 0.95 : 1)) - (values.length > 20 ? 0 : 1)] * 1.05;
    const yMin = Math.min(0, values[0]);
    const x = (v) => pad.left + ((v - xMin) / Math.max(1e-9, xMax - xMin)) * (width - pad.left - pad.right);
    const y = (v) => height - pad.bottom - ((Math.min(v, yMax) - yMin) / Math.max(1e-9, yMax - yMin)) * (height - pad.top - pad.bottom);

    context.strokeStyle = line;
    context.fillStyle = text;
    context.lineWidth = 1;
    for (let i = 0; i <= 4; i += 1) {
      const v = yMin + ((yMax - yMin) * i) / 4;
      context.beginPath();
      context.moveTo(pad.left, y(v));
      context.lineTo(width - pad.right, y(v));
      context.stroke();
      context.fillText(v.toFixed(0), 4, y(v) + 4);
    }
    context.fillText(`epoch ${xMin.toFixed(2)}`, pad.left, height - 8);
    context.fillText(`${xMax.toFixed(2)}`, width - pad.right - 24, height - 8);

    const styles = [
      ['loss', '#e15759', 'loss'],
      ['reconstruction', '#4e79a7', 'recon'],
      ['kl', '#59a14f', 'KL'],
    ];
    styles.forEach(([key, colour, label], index) => {
      const points = this.series[key];
      context.strokeStyle = colour;
      context.lineWidth = 1.6;
      context.beginPath();
      points.forEach(([px, py], i) => (i ? context.lineTo(x(px), y(py)) : context.moveTo(x(px), y(py))));
      context.stroke();
      context.fillStyle = colour;
      context.fillText(label, width - pad.right + 8, pad.top + 12 + index * 16);
    });
    context.fillStyle = '#b07aa1';
    for (const [px, py] of this.tests) {
      context.beginPath();
      context.arc(x(px), y(py), 4, 0, 2 * Math.PI);
      context.fill();
    }
    if (this.tests.length) context.fillText('−test ELBO', width - pad.right + 8, pad.top + 12 + 3 * 16);
  }
}
