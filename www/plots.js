// Drawing on canvases: 28×28 images, image grids and strips, training curves, the latent map.

const SIDE = 28;
const PIXELS = SIDE * SIDE;

/** Colours for digits 0–9 (Tableau 10), readable on light and dark backgrounds. */
export const DIGIT_COLOURS = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f',
  '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
];

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
 * The latent map: test-set posterior means coloured by digit, the drawing's posterior (mean
 * and 2σ ellipse), and the slider point. Click or drag to pick a point.
 */
export class LatentMap {
  constructor(canvas, onPick) {
    this.canvas = canvas;
    this.onPick = onPick;
    this.extent = 4;
    this.points = null;
    // The plane shown: z = origin + x·u + y·v, with u and v orthonormal (see setProjection).
    this.projection = { origin: [0, 0], u: [1, 0], v: [0, 1] };
    this.posterior = null;
    this.marker = null;
    let dragging = false;
    const pick = (event) => {
      const box = canvas.getBoundingClientRect();
      const u = (event.clientX - box.left) / box.width;
      const v = (event.clientY - box.top) / box.height;
      this.onPick((u * 2 - 1) * this.extent, (1 - v * 2) * this.extent);
    };
    canvas.addEventListener('pointerdown', (event) => {
      dragging = true;
      canvas.setPointerCapture?.(event.pointerId);
      pick(event);
    });
    canvas.addEventListener('pointermove', (event) => dragging && pick(event));
    canvas.addEventListener('pointerup', () => (dragging = false));
    canvas.addEventListener('pointercancel', () => (dragging = false));
  }

  /** @param {{means: Float32Array|number[], labels: Uint8Array|number[]}} encoded @param {number} latentDim */
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

  /** The latent point `z` moved within the shown plane so that it projects to (x, y). */
  moveTo(z, x, y) {
    const { u, v } = this.projection;
    const [px, py] = this.project(z);
    return z.map((value, k) => value + (x - px) * u[k] + (y - py) * v[k]);
  }

  toCanvas(zx, zy) {
    const { width, height } = this.canvas;
    return [((zx / this.extent + 1) / 2) * width, ((1 - zy / this.extent) / 2) * height];
  }

  draw() {
    const { canvas } = this;
    const context = canvas.getContext('2d');
    const { width, height } = canvas;
    context.clearRect(0, 0, width, height);
    context.strokeStyle = themeColour('--line', '#ddd');
    context.beginPath();
    context.moveTo(width / 2, 0);
    context.lineTo(width / 2, height);
    context.moveTo(0, height / 2);
    context.lineTo(width, height / 2);
    context.stroke();
    const { u, v } = this.projection;
    if (this.points && this.points.latentDim === u.length) {
      const { means, labels, latentDim } = this.points;
      context.globalAlpha = 0.55;
      for (let i = 0; i < labels.length; i += 1) {
        const [px, py] = this.toCanvas(...this.project(means, i * latentDim));
        context.fillStyle = DIGIT_COLOURS[labels[i]];
        context.fillRect(px - 1.5, py - 1.5, 3, 3);
      }
      context.globalAlpha = 1;
    }
    if (this.posterior && this.posterior.mean.length === u.length) {
      const { mean, logVar } = this.posterior;
      const [cx, cy] = this.toCanvas(...this.project(mean));
      // The 2σ ellipse of N(mean, diag σ²) seen in the plane: covariance [[a, b], [b, c]].
      let a = 0;
      let b = 0;
      let c = 0;
      logVar.forEach((lv, k) => {
        const variance = Math.exp(lv);
        a += u[k] * u[k] * variance;
        b += u[k] * v[k] * variance;
        c += v[k] * v[k] * variance;
      });
      const spread = Math.sqrt(((a - c) / 2) ** 2 + b * b);
      const [major, minor] = [(a + c) / 2 + spread, Math.max(0, (a + c) / 2 - spread)];
      const angle = 0.5 * Math.atan2(2 * b, a - c);
      const scale = (2 / this.extent) * (width / 2);
      context.strokeStyle = themeColour('--text', '#000');
      context.lineWidth = 2;
      context.beginPath();
      context.ellipse(cx, cy, Math.max(scale * Math.sqrt(major), 2), Math.max(scale * Math.sqrt(minor), 2), -angle, 0, 2 * Math.PI);
      context.stroke();
      context.beginPath();
      context.arc(cx, cy, 3, 0, 2 * Math.PI);
      context.fillStyle = themeColour('--text', '#000');
      context.fill();
    }
    if (this.marker && this.marker.length === u.length) {
      const [mx, my] = this.toCanvas(...this.project(this.marker));
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
