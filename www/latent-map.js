// The latent plane: the latent map (test digits, a posterior, a point to decode), where a
// training step moved the means, and the planes they are drawn in (two dimensions or the
// principal components).

import { drawAxes, labelColour, themeColour } from './plots.js';

/**
 * Where posterior means moved: for each image a ring where its mean was and a line to a dot
 * where it is now, coloured by label, in the plane `projection` (see LatentMap). Displacements
 * are drawn `magnify` times their size. `extent` is the half-width of the square shown.
 */
export function drawMoves(canvas, { before, after, labels, latentDim, projection, magnify = 1, extent = 4 }) {
  const context = canvas.getContext('2d');
  const { width, height } = canvas;
  context.clearRect(0, 0, width, height);
  drawAxes(context, width / 2, height / 2);
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

/** How far an arrow key moves a point on a map, as a share of its half-width (with Shift: five times). */
const KEY_STEP = 0.05;
/** Each arrow key's direction on the plane (up is +y). */
const ARROW_MOVES = Object.freeze({ ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] });

/** The half-width of the map: the prior N(0, I) lies within it, and so do a VAE's codes. */
export const MAP_EXTENT = 4;
/** When more than this share of the codes lies beyond ±MAP_EXTENT, the map widens to show them. */
const OUTSIDE_SHARE = 0.01;
/** The map widens to hold all codes but this share (a few strays would squash the rest). */
const STRAY_SHARE = 0.001;

/**
 * The latent map: test-set posterior means (an autoencoder's codes) coloured by digit, a
 * posterior (its mean, and its 1σ and 2σ ellipses; an autoencoder's code is a point), a marked
 * point (the sliders' z; with `link`, a sample z joined to the mean by σ ⊙ ε), and a
 * highlighted test digit. Click or drag to pick a point. With `fit`, the map widens beyond
 * ±MAP_EXTENT (up to ±`fit`) when its codes lie there. The canvas's `data-posterior` says what
 * it draws of the posterior ("ellipses", "point" or "none"), `data-extent` its half-width.
 */
export class LatentMap {
  constructor(canvas, onPick, { link = false, fit = 0 } = {}) {
    this.canvas = canvas;
    this.onPick = onPick;
    this.link = link;
    this.fit = fit;
    /** The square shown: (x, y) of the plane within `extent` of `centre`. */
    this.extent = MAP_EXTENT;
    this.centre = [0, 0];
    this.points = null;
    // The plane shown: z = origin + x·u + y·v, with u and v orthonormal (see setProjection).
    this.projection = { origin: [0, 0], u: [1, 0], v: [0, 1] };
    this.posterior = null;
    this.marker = null;
    /** Whether the posterior and the marker are hidden (while a learner guesses where they are). */
    this.drawingHidden = false;
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
    this.fitExtent();
    this.draw();
  }

  /** @param {{origin: number[], u: number[], v: number[]}} projection */
  setProjection(projection) {
    this.projection = projection;
    this.fitExtent();
    this.draw();
  }

  /**
   * With `fit`: ±MAP_EXTENT, or, when the codes spread well beyond it (an autoencoder's, whose
   * codes nothing pulls towards the prior), the whole number that holds all but the strays.
   */
  fitExtent() {
    if (!this.fit || !this.points || this.points.latentDim !== this.projection.u.length) return;
    const { means, latentDim } = this.points;
    const reach = [];
    for (let i = 0; i < means.length / latentDim; i += 1) {
      const [x, y] = this.project(means, i * latentDim);
      reach.push(Math.max(Math.abs(x), Math.abs(y)));
    }
    reach.sort((a, b) => a - b);
    const outside = reach.filter((value) => value > MAP_EXTENT).length;
    const held = reach[Math.floor((1 - STRAY_SHARE) * (reach.length - 1))] ?? 0;
    this.extent = outside > OUTSIDE_SHARE * reach.length ? Math.min(this.fit, Math.ceil(1.05 * held)) : MAP_EXTENT;
  }

  /**
   * Zooms to a posterior: centred on `mean`, at the smallest of `zooms` that holds its 2σ
   * ellipse and `z` with a margin. The whole map (±`whole` around the origin) when none does,
   * and for an autoencoder's code (no `logVar`), which is best seen among the others. Returns
   * whether the whole map is shown.
   */
  zoomTo({ mean, logVar, z }, zooms, whole) {
    const { u, v } = this.projection;
    let needed = Infinity;
    if (logVar) {
      let [along, across] = [0, 0];
      logVar.forEach((value, k) => {
        along += u[k] * u[k] * Math.exp(value);
        across += v[k] * v[k] * Math.exp(value);
      });
      const [mx, my] = this.project(mean);
      const [zx, zy] = this.project(z);
      needed = 1.3 * Math.max(2 * Math.sqrt(Math.max(along, across)), Math.abs(zx - mx), Math.abs(zy - my));
    }
    const zoom = zooms.find((extent) => extent >= needed && extent < whole);
    this.extent = zoom ?? whole;
    this.centre = zoom ? this.project(mean) : [0, 0];
    return !zoom;
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
    return this.nearestIndices(x, y, 1)[0] ?? null;
  }

  /** The indices of the `count` test digits nearest to (x, y) on the plane, nearest first ([] before the points come). */
  nearestIndices(x, y, count) {
    if (!this.points || this.points.latentDim !== this.projection.u.length) return [];
    const { means, latentDim } = this.points;
    const distances = [];
    for (let i = 0; i < means.length / latentDim; i += 1) {
      const [px, py] = this.project(means, i * latentDim);
      distances.push([(px - x) ** 2 + (py - y) ** 2, i]);
    }
    return distances
      .sort((a, b) => a[0] - b[0])
      .slice(0, count)
      .map(([, index]) => index);
  }

  /**
   * Where an arrow key moves the point (x, y) of the plane: a twentieth of the map's half-width,
   * five times that with Shift. Null for any other key.
   */
  keyTarget(event, [x, y]) {
    const move = ARROW_MOVES[event.key];
    if (!move) return null;
    const step = (event.shiftKey ? 5 * KEY_STEP : KEY_STEP) * this.extent;
    return [x + move[0] * step, y + move[1] * step];
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
    drawAxes(context, ...this.toCanvas(0, 0));
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
    if (this.extent !== MAP_EXTENT && this.centre.every((value) => value === 0)) {
      // The map widened to hold its codes: its scale is not the usual one.
      context.fillStyle = themeColour('--muted', '#666');
      context.font = '12px system-ui, sans-serif';
      context.textAlign = 'right';
      context.fillText(`±${this.extent}`, width - 4, height - 4);
      context.textAlign = 'start';
    }
    let centre = null;
    const hidden = this.drawingHidden || !this.posterior || this.posterior.mean.length !== u.length;
    const shows = hidden ? 'none' : this.posterior.logVar ? 'ellipses' : 'point';
    this.canvas.dataset.posterior = shows;
    this.canvas.dataset.extent = String(this.extent);
    if (shows === 'point') {
      // An autoencoder's code: one point, with no spread to draw.
      centre = this.toCanvas(...this.project(this.posterior.mean));
      context.beginPath();
      context.arc(...centre, 5, 0, 2 * Math.PI);
      context.fillStyle = ink;
      context.fill();
      context.strokeStyle = themeColour('--panel', '#fff');
      context.lineWidth = 1.5;
      context.stroke();
    }
    if (shows === 'ellipses') {
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
    if (!this.drawingHidden && this.marker && this.marker.length === u.length) {
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
