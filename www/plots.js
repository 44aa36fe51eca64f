// Drawing on canvases: 28×28 images, image grids and strips, training curves, the latent map.

const SIDE = 28;
const PIXELS = SIDE * SIDE;

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

/**
 * Where posterior means moved: for each image a ring where its mean was and a line to a dot
 * where it is now, coloured by label, in the plane `projection` (see LatentMap). Displacements
 * are drawn `magnify` times their size. `extent` is the half-width of the square shown.
 */
export function drawMoves(canvas, { before, after, labels, latentDim, projection, magnify = 1, extent = 4 }) {
  const context = canvas.getContext('2d');
  const { width, height } = canvas;
  context.clearRect(0, 0, width, height);
  context.strokeStyle = themeColour('--line', '#ddd');
  context.lineWidth = 1;
  context.beginPath();
  context.moveTo(width / 2, 0);
  context.lineTo(width / 2, height);
  context.moveTo(0, height / 2);
  context.lineTo(width, height / 2);
  context.stroke();
  const { origin, u, v } = projection;
  const onPlane = (values, offset) => {
    let [x, y] = [0, 0];
    for (let k = 0; k < latentDim; k += 1) {
      const d = values[offset + k] - origin[k];
      x += d * u[k];
      y += d * v[k];
    }
    return [x, y];
  };
  const toCanvas = (x, y) => [((x / extent + 1) / 2) * width, ((1 - y / extent) / 2) * height];
  for (let i = 0; i < before.length / latentDim; i += 1) {
    const [bx, by] = onPlane(before, i * latentDim);
    const [ax, ay] = onPlane(after, i * latentDim);
    const [x0, y0] = toCanvas(bx, by);
    const [x1, y1] = toCanvas(bx + (ax - bx) * magnify, by + (ay - by) * magnify);
    context.strokeStyle = context.fillStyle = labelColour(labels?.[i]);
    context.lineWidth = 1.5;
    context.beginPath();
    context.arc(x0, y0, 3.5, 0, 2 * Math.PI);
    context.moveTo(x0, y0);
    context.lineTo(x1, y1);
    context.stroke();
    context.beginPath();
    context.arc(x1, y1, 2.5, 0, 2 * Math.PI);
    context.fill();
  }
}

export function clearCanvas(canvas) {
  canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);
}

function themeColour(name, fallback) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

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

/**
 * The latent map: test-set posterior means coloured by digit, a posterior (its mean, and its 1σ
 * and 2σ ellipses), a marked point (the sliders' z; with `link`, a sample z joined to the mean
 * by σ ⊙ ε), and a highlighted test digit. Click or drag to pick a point.
 */
export class LatentMap {
  constructor(canvas, onPick, { link = false } = {}) {
    this.canvas = canvas;
    this.onPick = onPick;
    this.link = link;
    /** The square shown: (x, y) of the plane within `extent` of `centre`. */
    this.extent = 4;
    this.centre = [0, 0];
    this.points = null;
    // The plane shown: z = origin + x·u + y·v, with u and v orthonormal (see setProjection).
    this.projection = { origin: [0, 0], u: [1, 0], v: [0, 1] };
    this.posterior = null;
    this.marker = null;
    /** A test digit (index into the points) to ring, or null. */
    this.highlight = null;
    /** Whether a pointer is dragging on the map (a view that follows its content holds still). */
    this.dragging = false;
    const pick = (event) => {
      const box = canvas.getBoundingClientRect();
      const u = (event.clientX - box.left) / box.width;
      const v = (event.clientY - box.top) / box.height;
      this.onPick(this.centre[0] + (u * 2 - 1) * this.extent, this.centre[1] + (1 - v * 2) * this.extent);
    };
    canvas.addEventListener('pointerdown', (event) => {
      this.dragging = true;
      canvas.setPointerCapture?.(event.pointerId);
      pick(event);
    });
    canvas.addEventListener('pointermove', (event) => this.dragging && pick(event));
    canvas.addEventListener('pointerup', () => (this.dragging = false));
    canvas.addEventListener('pointercancel', () => (this.dragging = false));
  }

  /** @param {{means: Float32Array|number[], labels: Uint8Array|number[]|null}} encoded @param {number} latentDim */
  setPoints(encoded, latentDim) {
    this.points = { ...encoded, latentDim };
    this.draw();
  }

  /** @param {{origin: number[], u: number[], v: number[]}} projection */
  setProjection(projection) {
    this.projection = projection;
    this.draw();
  }

  /** Map coordinates of a latent point (its offset from the origin along u and v). */
  project(z, offset = 0) {
    const { origin, u, v } = this.projection;
    let x = 0;
    let y = 0;
    for (let k = 0; k < u.length; k += 1) {
      const d = z[offset + k] - origin[k];
      x += d * u[k];
      y += d * v[k];
    }
    return [x, y];
  }

  /** The index of the test digit nearest to (x, y) on the plane, or null before the points come. */
  nearest(x, y) {
    if (!this.points || this.points.latentDim !== this.projection.u.length) return null;
    const { means, latentDim } = this.points;
    let best = null;
    let bestDistance = Infinity;
    for (let i = 0; i < means.length / latentDim; i += 1) {
      const [px, py] = this.project(means, i * latentDim);
      const distance = (px - x) ** 2 + (py - y) ** 2;
      if (distance < bestDistance) [best, bestDistance] = [i, distance];
    }
    return best;
  }

  /** The latent point `z` moved within the shown plane so that it projects to (x, y). */
  moveTo(z, x, y) {
    const { u, v } = this.projection;
    const [px, py] = this.project(z);
    return z.map((value, k) => value + (x - px) * u[k] + (y - py) * v[k]);
  }

  toCanvas(zx, zy) {
    const { width, height } = this.canvas;
    const [cx, cy] = this.centre;
    return [(((zx - cx) / this.extent + 1) / 2) * width, ((1 - (zy - cy) / this.extent) / 2) * height];
  }

  draw() {
    const { canvas } = this;
    const context = canvas.getContext('2d');
    const { width, height } = canvas;
    context.clearRect(0, 0, width, height);
    // The plane's axes, where they are in view.
    const [ax, ay] = this.toCanvas(0, 0);
    context.strokeStyle = themeColour('--line', '#ddd');
    context.beginPath();
    context.moveTo(ax, 0);
    context.lineTo(ax, height);
    context.moveTo(0, ay);
    context.lineTo(width, ay);
    context.stroke();
    const { u, v } = this.projection;
    if (this.points && this.points.latentDim === u.length) {
      const { means, labels, latentDim } = this.points;
      context.globalAlpha = 0.55;
      for (let i = 0; i < means.length / latentDim; i += 1) {
        const [px, py] = this.toCanvas(...this.project(means, i * latentDim));
        context.fillStyle = labelColour(labels?.[i]);
        context.fillRect(px - 1.5, py - 1.5, 3, 3);
      }
      context.globalAlpha = 1;
    }
    if (this.points && this.highlight !== null && this.highlight < this.points.means.length / this.points.latentDim && this.points.latentDim === u.length) {
      const [hx, hy] = this.toCanvas(...this.project(this.points.means, this.highlight * this.points.latentDim));
      context.strokeStyle = themeColour('--text', '#000');
      context.lineWidth = 2;
      context.beginPath();
      context.arc(hx, hy, 7, 0, 2 * Math.PI);
      context.stroke();
    }
    const ink = themeColour('--text', '#000');
    let centre = null;
    if (this.posterior && this.posterior.mean.length === u.length) {
      const { mean, logVar } = this.posterior;
      centre = this.toCanvas(...this.project(mean));
      // N(mean, diag σ²) seen in the plane: covariance [[a, b], [b, c]], drawn at 1σ and 2σ.
      let a = 0;
      let b = 0;
      let c = 0;
      Array.from(logVar).forEach((lv, k) => {
        const variance = Math.exp(lv);
        a += u[k] * u[k] * variance;
        b += u[k] * v[k] * variance;
        c += v[k] * v[k] * variance;
      });
      const spread = Math.sqrt(((a - c) / 2) ** 2 + b * b);
      const [major, minor] = [(a + c) / 2 + spread, Math.max(0, (a + c) / 2 - spread)];
      const angle = 0.5 * Math.atan2(2 * b, a - c);
      const unit = width / 2 / this.extent;
      context.strokeStyle = ink;
      for (const [sigmas, dash] of [[1, []], [2, [5, 4]]]) {
        context.lineWidth = 2;
        context.setLineDash(dash);
        context.beginPath();
        context.ellipse(...centre, Math.max(sigmas * unit * Math.sqrt(major), 2), Math.max(sigmas * unit * Math.sqrt(minor), 2), -angle, 0, 2 * Math.PI);
        context.stroke();
      }
      context.setLineDash([]);
      context.beginPath();
      context.arc(...centre, 3, 0, 2 * Math.PI);
      context.fillStyle = ink;
      context.fill();
    }
    if (this.marker && this.marker.length === u.length) {
      const [mx, my] = this.toCanvas(...this.project(this.marker));
      if (this.link && centre) {
        // σ ⊙ ε: from the mean to the sample.
        context.strokeStyle = '#e15759';
        context.lineWidth = 1.5;
        context.beginPath();
        context.moveTo(...centre);
        context.lineTo(mx, my);
        context.stroke();
      }
      context.strokeStyle = '#e15759';
      context.lineWidth = 2;
      context.beginPath();
      context.moveTo(mx - 7, my);
      context.lineTo(mx + 7, my);
      context.moveTo(mx, my - 7);
      context.lineTo(mx, my + 7);
      context.stroke();
    }
  }
}

/** The plane of two latent dimensions: origin 0, unit axes `dx` and `dy`. */
export function axisProjection(latentDim, dx, dy) {
  const unit = (i) => Array.from({ length: latentDim }, (_, k) => (k === i ? 1 : 0));
  return { origin: new Array(latentDim).fill(0), u: unit(dx), v: unit(dy) };
}

/**
 * The principal plane of `count` latent means (`means` is count × latentDim): their mean and
 * the two leading eigenvectors of their covariance (power iteration with deflation).
 */
export function principalProjection(means, latentDim) {
  const count = means.length / latentDim;
  const origin = new Array(latentDim).fill(0);
  for (let i = 0; i < count; i += 1) for (let k = 0; k < latentDim; k += 1) origin[k] += means[i * latentDim + k] / count;
  const covariance = Array.from({ length: latentDim }, () => new Array(latentDim).fill(0));
  for (let i = 0; i < count; i += 1) {
    for (let j = 0; j < latentDim; j += 1) {
      const dj = means[i * latentDim + j] - origin[j];
      for (let k = j; k < latentDim; k += 1) covariance[j][k] += (dj * (means[i * latentDim + k] - origin[k])) / count;
    }
  }
  for (let j = 0; j < latentDim; j += 1) for (let k = 0; k < j; k += 1) covariance[j][k] = covariance[k][j];
  const multiply = (x) => covariance.map((row) => row.reduce((sum, value, k) => sum + value * x[k], 0));
  const normalise = (x) => {
    const norm = Math.hypot(...x) || 1;
    return x.map((value) => value / norm);
  };
  const leading = (orthogonalTo) => {
    let x = normalise(Array.from({ length: latentDim }, (_, k) => 1 + k / latentDim));
    for (let step = 0; step < 200; step += 1) {
      let y = multiply(x);
      if (orthogonalTo) {
        const dot = y.reduce((sum, value, k) => sum + value * orthogonalTo[k], 0);
        y = y.map((value, k) => value - dot * orthogonalTo[k]);
      }
      x = normalise(y);
    }
    return x;
  };
  const u = leading(null);
  return { origin, u, v: leading(u) };
}
