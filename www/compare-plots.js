// The Compare view's pictures: each model's codes against the prior, its KL per dimension, and
// the models' rate against distortion.

import { TERM_COLOURS } from './charts.js';
import { COMPARE_TEXT as T } from './content/compare.js';
import { drawAxes, labelColour, themeColour } from './plots.js';

/** Where the codes of `means` (count × latentDim) land in `projection`'s plane (see LatentMap). */
export function projectAll(means, latentDim, { origin, u, v }) {
  const count = means.length / latentDim;
  const xy = new Float32Array(count * 2);
  for (let i = 0; i < count; i += 1) {
    for (let k = 0; k < latentDim; k += 1) {
      const d = means[i * latentDim + k] - origin[k];
      xy[i * 2] += d * u[k];
      xy[i * 2 + 1] += d * v[k];
    }
  }
  return xy;
}

/**
 * The maps' shared half-width: the smallest of 3, 4, 6, 8, 12, 16, 24, 32… that holds 98 % of
 * the codes of every column (`xy`: x, y pairs).
 */
export function sharedExtent(columns) {
  const magnitudes = columns.flatMap((column) => Array.from(column.xy ?? [], Math.abs)).sort((a, b) => a - b);
  const reach = magnitudes[Math.floor(magnitudes.length * 0.98)] ?? 0;
  let extent = 3;
  while (extent < reach && extent < 1024) extent = extent % 3 === 0 ? (extent / 3) * 4 : (extent / 4) * 6;
  return extent;
}

/**
 * Codes (pairs in `xy`) coloured by label on a square from −extent to extent, with the prior
 * N(0, I)'s 1σ and 2σ circles around the origin: every column uses the same `extent`, so the
 * spreads compare. Points outside are drawn at the edge, as small triangles pointing out.
 */
export function drawCodeMap(canvas, { xy, labels, extent }) {
  const { width, height } = canvas;
  const context = canvas.getContext('2d');
  context.clearRect(0, 0, width, height);
  const scale = width / 2 / extent;
  const [cx, cy] = [width / 2, height / 2];
  drawAxes(context, cx, cy);
  context.globalAlpha = 0.6;
  for (let i = 0; i < xy.length / 2; i += 1) {
    const x = cx + xy[i * 2] * scale;
    const y = cy - xy[i * 2 + 1] * scale;
    context.fillStyle = labelColour(labels?.[i]);
    if (x >= 0 && x <= width && y >= 0 && y <= height) context.fillRect(x - 1, y - 1, 2.5, 2.5);
    else context.fillRect(Math.min(width - 3, Math.max(0, x)), Math.min(height - 3, Math.max(0, y)), 3, 3);
  }
  context.globalAlpha = 1;
  context.strokeStyle = themeColour('--text', '#000');
  for (const [sigmas, dash] of [[1, []], [2, [4, 3]]]) {
    context.lineWidth = 1.5;
    context.setLineDash(dash);
    context.beginPath();
    context.arc(cx, cy, sigmas * scale, 0, 2 * Math.PI);
    context.stroke();
  }
  context.setLineDash([]);
  context.fillStyle = themeColour('--muted', '#666');
  context.font = '10px system-ui, sans-serif';
  context.fillText(`±${extent}`, width - 22, height - 4);
}

/**
 * KL per dimension: bars for one image (`perDim`, may be null) and ticks for the test set's
 * mean (`testPerDim`, may be null); a dimension whose test mean is at most `activeKlNats` is
 * marked × (collapsed). One axis for all columns: 0 to `top` nats.
 */
export function drawKlPerDimension(canvas, { perDim, testPerDim, activeKlNats, top }) {
  const { width, height } = canvas;
  const context = canvas.getContext('2d');
  context.clearRect(0, 0, width, height);
  const dims = (perDim ?? testPerDim)?.length ?? 0;
  const muted = themeColour('--muted', '#666');
  context.font = '10px system-ui, sans-serif';
  if (!dims) {
    context.fillStyle = muted;
    context.fillText(T.plot.noKl, 4, height / 2);
    return;
  }
  const pad = { left: 4, right: 4, top: 12, bottom: 14 };
  const slot = (width - pad.left - pad.right) / dims;
  const y = (nats) => height - pad.bottom - (Math.min(nats, top) / top) * (height - pad.top - pad.bottom);
  context.fillStyle = muted;
  context.fillText(T.plot.nats(top.toFixed(top < 1 ? 2 : 1)), pad.left, 10);
  for (let k = 0; k < dims; k += 1) {
    const x = pad.left + k * slot;
    if (perDim) {
      context.fillStyle = TERM_COLOURS.kl;
      context.fillRect(x + slot * 0.2, y(perDim[k]), slot * 0.6, y(0) - y(perDim[k]));
    }
    if (testPerDim) {
      context.strokeStyle = themeColour('--text', '#000');
      context.lineWidth = 2;
      context.beginPath();
      context.moveTo(x + slot * 0.1, y(testPerDim[k]));
      context.lineTo(x + slot * 0.9, y(testPerDim[k]));
      context.stroke();
      if (testPerDim[k] <= activeKlNats) {
        context.fillStyle = '#e15759';
        context.fillText('×', x + slot / 2 - 3, height - 2);
      }
    }
  }
}

/**
 * Rate (KL, nats) up against distortion (the reconstruction term, nats) across: one point per
 * model, `{label, reconstruction, kl, measuredHere, current}`; an autoencoder (kl null) sits
 * on the axis at KL 0, drawn as a square. Filled: measured in this browser; hollow: the card.
 * Models shown in the columns are ringed (`current`).
 */
export function drawRateDistortion(canvas, points) {
  const { width, height } = canvas;
  const context = canvas.getContext('2d');
  context.clearRect(0, 0, width, height);
  const pad = { left: 50, right: 12, top: 12, bottom: 34 };
  const muted = themeColour('--muted', '#666');
  const ink = themeColour('--text', '#000');
  context.font = '11px system-ui, sans-serif';
  if (!points.length) return;
  const xs = points.map((p) => p.reconstruction);
  const ks = points.map((p) => p.kl ?? 0);
  const [xLow, xHigh] = [Math.floor(Math.min(...xs) / 10) * 10 - 5, Math.ceil(Math.max(...xs) / 10) * 10 + 5];
  const kHigh = Math.ceil((Math.max(...ks) + 2) / 5) * 5;
  const x = (value) => pad.left + ((value - xLow) / (xHigh - xLow)) * (width - pad.left - pad.right);
  const y = (value) => height - pad.bottom - (value / kHigh) * (height - pad.top - pad.bottom);
  context.strokeStyle = themeColour('--line', '#ddd');
  context.fillStyle = muted;
  context.lineWidth = 1;
  for (let i = 0; i <= 4; i += 1) {
    const k = (kHigh * i) / 4;
    context.beginPath();
    context.moveTo(pad.left, y(k));
    context.lineTo(width - pad.right, y(k));
    context.stroke();
    context.textAlign = 'right';
    context.fillText(k.toFixed(0), pad.left - 6, y(k) + 4);
    context.textAlign = 'center';
    const r = xLow + ((xHigh - xLow) * i) / 4;
    context.fillText(r.toFixed(0), x(r), height - pad.bottom + 14);
  }
  context.textAlign = 'left';
  context.fillText(T.plot.distortion, pad.left, height - 4);
  context.save();
  context.translate(12, height - pad.bottom);
  context.rotate(-Math.PI / 2);
  context.fillText(T.plot.rate, 0, 0);
  context.restore();
  for (const point of points) {
    const [px, py] = [x(point.reconstruction), y(point.kl ?? 0)];
    context.strokeStyle = context.fillStyle = point.kl === null ? TERM_COLOURS.reconstruction : TERM_COLOURS.kl;
    context.lineWidth = 2;
    context.beginPath();
    if (point.kl === null) context.rect(px - 5, py - 5, 10, 10);
    else context.arc(px, py, 5, 0, 2 * Math.PI);
    if (point.measuredHere) context.fill();
    else context.stroke();
    if (point.current) {
      context.strokeStyle = ink;
      context.lineWidth = 1;
      context.beginPath();
      context.arc(px, py, 9, 0, 2 * Math.PI);
      context.stroke();
    }
  }
  // Labels last, each where it overlaps no label placed before it (points crowd at latent 2).
  context.fillStyle = ink;
  const placed = [];
  for (const point of points) {
    const [px, py] = [x(point.reconstruction), y(point.kl ?? 0)];
    const w = context.measureText(point.short).width;
    const inside = ([lx, ly]) => [Math.max(pad.left, Math.min(width - w - 2, lx)), ly];
    const spots = [[px + 8, py - 6], [px + 8, py + 14], [px - 8 - w, py - 6], [px - 8 - w, py + 14], [px + 8, py - 18], [px - 8 - w, py + 26], [px + 8, py + 26]].map(inside);
    const clear = ([lx, ly]) => placed.every(([ox, oy, ow]) => lx + w < ox || ox + ow < lx || ly < oy - 12 || oy < ly - 12);
    const [lx, ly] = spots.find(clear) ?? spots[0];
    placed.push([lx, ly, w]);
    context.fillText(point.short, lx, ly);
  }
}
