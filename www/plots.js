// Drawing images on canvases: 28×28 images, grids and strips, feature maps, densities and
// per-pixel maps; the colours every view shares. Charts are in charts.js, the latent map in
// latent-map.js.

import { IMAGE_PIXELS as PIXELS, IMAGE_SIDE as SIDE } from './data.js';

/** Colours for digits 0–9 (Tableau 10), readable on light and dark backgrounds. */
export const DIGIT_COLOURS = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f',
  '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
];
/** The one colour of images without labels. */
export const UNLABELLED_COLOUR = '#3457d5';

/**
 * A label's colour: the ten above, then hues a golden angle apart (a brought dataset may have up
 * to 256 classes); `undefined` (no labels) is UNLABELLED_COLOUR.
 */
export function labelColour(label) {
  if (label === undefined || label === null) return UNLABELLED_COLOUR;
  return DIGIT_COLOURS[label] ?? `hsl(${Math.round((label * 137.508) % 360)} 65% 48%)`;
}

/**
 * Draws `count` images of 784 probabilities into a canvas as a grid of `columns` columns.
 * Ink is dark on white; CSS inverts it in dark mode.
 */
export function drawImages(canvas, pixels, count, columns = count) {
  const rows = Math.ceil(count / columns);
  const width = columns * SIDE;
  const height = rows * SIDE;
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const context = canvas.getContext('2d');
  const image = context.createImageData(width, height);
  for (let n = 0; n < count; n += 1) {
    const ox = (n % columns) * SIDE;
    const oy = Math.floor(n / columns) * SIDE;
    for (let i = 0; i < PIXELS; i += 1) {
      const value = 255 - Math.round(Math.min(1, Math.max(0, pixels[n * PIXELS + i])) * 255);
      const at = ((oy + Math.floor(i / SIDE)) * width + ox + (i % SIDE)) * 4;
      image.data[at] = value;
      image.data[at + 1] = value;
      image.data[at + 2] = value;
      image.data[at + 3] = 255;
    }
  }
  context.putImageData(image, 0, 0);
}

/** Whether a grey level (0–1) holds ink when an image is put in words: more likely ink than not. */
export const isInk = (level) => level > 0.5;

/** How many of `pixels` from `start` to `end` hold ink (isInk). */
export function inkedPixels(pixels, start = 0, end = pixels.length) {
  let total = 0;
  for (let i = start; i < end; i += 1) total += isInk(pixels[i]);
  return total;
}

/**
 * How much ink `count` generated images hold, for their words: the fewest, the median and the
 * most pixels that hold ink in one image.
 */
export function inkSummary(pixels, count) {
  const inked = Array.from({ length: count }, (_, n) => inkedPixels(pixels, n * PIXELS, (n + 1) * PIXELS)).sort((a, b) => a - b);
  return { low: inked[0] ?? 0, typical: inked[Math.floor(count / 2)] ?? 0, high: inked.at(-1) ?? 0 };
}

/** A colour ramp through `stops` ([r, g, b] each), as 256 RGB entries. */
function ramp(stops) {
  const table = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i += 1) {
    const at = (i / 255) * (stops.length - 1);
    const k = Math.min(stops.length - 2, Math.floor(at));
    const t = at - k;
    for (let c = 0; c < 3; c += 1) table[i * 3 + c] = stops[k][c] + (stops[k + 1][c] - stops[k][c]) * t;
  }
  return table;
}

/** Activations (0 to the layer's largest): paper white to deep blue. */
const ACTIVATION = ramp([[255, 255, 255], [158, 202, 225], [33, 113, 181], [8, 29, 88]]);
/** What a pixel costs: white to dark red. */
const COST = ramp([[255, 255, 255], [253, 174, 97], [215, 25, 28], [103, 0, 13]]);
/** Signed values: blue below zero, white at zero, red above. */
const SIGNED = ramp([[33, 102, 172], [146, 197, 222], [247, 247, 247], [244, 165, 130], [178, 24, 43]]);

/**
 * One layer's output as pictures: `shape` [channels, height, width] draws each channel as a
 * map in a grid of `columns`, with one-pixel gaps; [units] draws the units as a square grid
 * (400 units: 20×20). Each map runs from 0 to its own largest value (ReLU outputs are ≥ 0), so
 * that a weak map's pattern shows too; a map that is all zero stays white. The canvas is shown
 * `cssWidth` pixels wide.
 */
export function drawFeatureMaps(canvas, values, shape, { columns = 8, cssWidth = 280 } = {}) {
  // Units without a spatial layout go in a square grid, row by row.
  const square = Math.ceil(Math.sqrt(shape[0]));
  const [channels, mapHeight, mapWidth] = shape.length === 3 ? shape : [1, Math.ceil(shape[0] / square), square];
  const perRow = Math.min(columns, channels);
  const rows = Math.ceil(channels / perRow);
  const width = perRow * (mapWidth + 1) - 1;
  const height = rows * (mapHeight + 1) - 1;
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  canvas.style.width = `${cssWidth}px`;
  const context = canvas.getContext('2d');
  const image = context.createImageData(width, height);
  image.data.fill(225); // the gaps: light grey
  const perMap = shape.length === 3 ? mapHeight * mapWidth : shape[0];
  for (let c = 0; c < channels; c += 1) {
    let largest = 0;
    for (let i = 0; i < perMap; i += 1) largest = Math.max(largest, values[c * perMap + i]);
    const scale = largest > 0 ? 255 / largest : 0;
    const ox = (c % perRow) * (mapWidth + 1);
    const oy = Math.floor(c / perRow) * (mapHeight + 1);
    for (let i = 0; i < mapHeight * mapWidth; i += 1) {
      const at = ((oy + Math.floor(i / mapWidth)) * width + ox + (i % mapWidth)) * 4;
      const value = i < perMap ? values[c * perMap + i] : 0;
      const entry = Math.min(255, Math.max(0, Math.round(value * scale))) * 3;
      image.data[at] = ACTIVATION[entry];
      image.data[at + 1] = ACTIVATION[entry + 1];
      image.data[at + 2] = ACTIVATION[entry + 2];
      image.data[at + 3] = 255;
    }
  }
  context.putImageData(image, 0, 0);
}

/**
 * q(z_k|x) = N(μ_k, σ_k²) against the prior N(0, 1), one row per latent dimension (at most
 * `rows`), over z from −4 to 4. Both curves share one scale, on which the prior's peak is 40 %
 * of a row: a posterior much narrower than the prior rises off the top (it is clipped).
 */
export function drawDensities(canvas, mean, logVar, { rows = 16, rowHeight = 30 } = {}) {
  const count = Math.min(rows, mean.length);
  const height = count * rowHeight;
  if (canvas.height !== height) canvas.height = height;
  const { width } = canvas;
  const context = canvas.getContext('2d');
  context.clearRect(0, 0, width, height);
  const left = 30;
  const x = (z) => left + ((z + 4) / 8) * (width - left - 4);
  const unit = (0.4 * rowHeight) / 0.3989;
  const density = (z, mu, sigma) => Math.exp(-0.5 * ((z - mu) / sigma) ** 2) / (sigma * Math.sqrt(2 * Math.PI));
  context.font = '11px system-ui, sans-serif';
  for (let k = 0; k < count; k += 1) {
    const base = (k + 1) * rowHeight - 3;
    context.fillStyle = themeColour('--muted', '#666');
    context.fillText(`z${k + 1}`, 2, base - 4);
    context.strokeStyle = themeColour('--line', '#ddd');
    context.lineWidth = 1;
    context.beginPath();
    context.moveTo(left, base);
    context.lineTo(width, base);
    context.moveTo(x(0), base - rowHeight + 4);
    context.lineTo(x(0), base);
    context.stroke();
    const sigma = Math.exp(0.5 * logVar[k]);
    for (const [mu, s, colour] of [[0, 1, '#9aa3b2'], [mean[k], sigma, '#3457d5']]) {
      context.strokeStyle = colour;
      context.lineWidth = 1.6;
      context.beginPath();
      // Enough samples to follow a narrow posterior: a step of at most a fifth of σ.
      const steps = Math.min(4000, Math.max(200, Math.ceil(8 / (s / 5))));
      for (let i = 0; i <= steps; i += 1) {
        const z = -4 + (8 * i) / steps;
        const y = Math.max(base - rowHeight + 3, base - density(z, mu, s) * unit);
        if (i) context.lineTo(x(z), y);
        else context.moveTo(x(z), y);
      }
      context.stroke();
    }
  }
}

/** A 28×28 map through a colour table, `value → (value − low) / (high − low)`. */
function drawMap(canvas, values, table, low, high) {
  const context = canvas.getContext('2d');
  const image = context.createImageData(SIDE, SIDE);
  const span = high - low || 1;
  for (let i = 0; i < PIXELS; i += 1) {
    const entry = Math.min(255, Math.max(0, Math.round(((values[i] - low) / span) * 255))) * 3;
    image.data.set([table[entry], table[entry + 1], table[entry + 2], 255], i * 4);
  }
  context.putImageData(image, 0, 0);
}

/** Each pixel's cost (≥ 0), white to dark red up to `high`. */
export function drawCost(canvas, values, high) {
  drawMap(canvas, values, COST, 0, high);
}

/** Signed values (logits), blue below zero and red above, saturating at ±`limit`. */
export function drawSigned(canvas, values, limit) {
  drawMap(canvas, values, SIGNED, -limit, limit);
}

/** A plane's axes: a vertical and a horizontal line through (x, y), in the theme's line colour. */
export function drawAxes(context, x, y) {
  const { width, height } = context.canvas;
  context.strokeStyle = themeColour('--line', '#ddd');
  context.lineWidth = 1;
  context.beginPath();
  context.moveTo(x, 0);
  context.lineTo(x, height);
  context.moveTo(0, y);
  context.lineTo(width, y);
  context.stroke();
}

export function clearCanvas(canvas) {
  canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);
}

export function themeColour(name, fallback) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}
