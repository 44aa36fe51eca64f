// The latent space panel and the manifold: sliders over z, the map of the test digits' posterior
// means (an autoencoder's codes) and of the drawing's posterior (an autoencoder's code, a point),
// and the images decoded over the plane the map shows.
// With a conditional model z is a style: the sliders write it as every digit, the map shows the
// test digits' styles, and the manifold writes the plane as one chosen digit.
// By keyboard: the sliders step by a tenth, and the map's point moves with the arrow keys; in
// words: each slider's value, the decoded images, and where on the map the point and the drawing
// lie among the test digits (announced once a keyboard move settles).

import { PoliteAnnouncer } from '../assist.js';
import { ACCESSIBILITY_TEXT as A } from '../content/accessibility.js';
import { DRAWING_TEXT } from '../content/autoencoder.js';
import { fixed } from '../i18n/format.js';
import { onLanguageChange } from '../i18n/language.js';
import { sayAttribute } from '../i18n/say.js';
import { LatentMap, MAP_EXTENT, axisProjection, principalProjection } from '../latent-map.js';
import { MAX_LATENT } from '../link.js';
import { DIGIT_COLOURS, drawImages, labelColour } from '../plots.js';

const $ = (id) => document.getElementById(id);
const MAP_POINTS = 3000;
const MANIFOLD_SIDE = 15;
const SLIDER_RANGE = 3;
/**
 * What an arrow key moves a slider by: a tenth changes the decoded image visibly within a few
 * presses (dragging stays continuous). Page Up and Page Down move by a whole unit.
 */
const SLIDER_KEY_STEPS = Object.freeze({ ArrowRight: 0.1, ArrowUp: 0.1, ArrowLeft: -0.1, ArrowDown: -0.1, PageUp: 1, PageDown: -1 });
/** How many of the test digits nearest a point the map's words name. */
const NEAREST = 5;
/** A keyboard move of the map's point is announced once the keys rest this long. */
const ANNOUNCE_QUIET_MS = 600;
/** The manifold decodes the square [-3, 3]² of the map's plane. */
const MANIFOLD_EXTENT = 3;

export class LatentPanel {
  /**
   * @param {import('../model-client.js').ModelClient} model
   * @param {{onPlane: () => void, onError: (error: Error) => void}} events
   *   onPlane: the map's plane or its test digits changed
   */
  constructor(model, { onPlane, onError }) {
    this.model = model;
    this.onPlane = onPlane;
    this.onError = onError;
    /** The latent point the sliders show. */
    this.latent = [];
    /** The test digits' posterior means on the map (MAP_POINTS × latentDim), for the PCA plane. */
    this.mapMeans = null;
    /** Settles a pending pickTestDigit() with the digit clicked (or null). */
    this.settlePick = null;
    // Widens for codes far from the prior (an autoencoder's), but only as far as a link can share a point.
    this.map = new LatentMap($('latent-map'), (x, y) => this.picked(x, y), { fit: MAX_LATENT });
    this.describeExtent();
    this.mapAnnouncer = new PoliteAnnouncer($('latent-map-live'), ANNOUNCE_QUIET_MS);
    $('latent-map').addEventListener('keydown', (event) => this.mapKey(event));
    for (const select of [$('dim-x'), $('dim-y'), $('map-view')]) select.addEventListener('change', () => this.updateProjection());
    $('manifold-digit').replaceChildren(...DIGIT_COLOURS.map((_, digit) => new Option(String(digit), digit)));
    $('manifold-digit').addEventListener('change', () => this.refreshManifold());
    this.setLabelNames(DIGIT_COLOURS.map((_, digit) => String(digit)));
    sayAttribute($('manifold'), 'aria-label', () => A.notDrawnYet);
    onLanguageChange(() => {
      $('sliders').querySelectorAll('label').forEach((label, i) => this.showSlider(label, i));
      this.describe();
      if (!this.labelNames.length) this.setLabelNames([]);
    });
  }

  /**
   * The legend of the map's colours: the test split's class names by label (MNIST's digits, a
   * folder's sub-folders), or none ([]): one colour for all.
   */
  setLabelNames(names) {
    const entry = (colour, text) => {
      const item = document.createElement('span');
      const dot = document.createElement('i');
      dot.style.background = colour;
      item.append(dot, text);
      return item;
    };
    const items = names.length ? names.map((name, label) => entry(labelColour(label), name)) : [entry(labelColour(null), A.map.noLabels)];
    $('legend').replaceChildren(...items);
    /** The classes' names by label, as the map's words name the nearest test digits. */
    this.labelNames = names;
  }

  /**
   * The next test digit clicked on the map (the nearest dot to the click), or null if none is
   * picked: the map decodes a point on a click otherwise.
   */
  pickTestDigit() {
    this.settlePick?.(null);
    $('latent-map').classList.add('picking');
    const picked = new Promise((resolve) => {
      this.settlePick = (index) => {
        this.settlePick = null;
        $('latent-map').classList.remove('picking');
        this.describeMap();
        resolve(index);
      };
    });
    this.describeMap();
    return picked;
  }

  /**
   * The map by keyboard: the arrow keys move the point and decode it, as a drag does; while a
   * test digit is being picked, Enter or Space picks the one nearest the point.
   */
  mapKey(event) {
    if (this.latent.length !== this.map.projection.u.length) return;
    const at = this.map.project(this.latent);
    if (this.settlePick && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      this.picked(...at);
      return;
    }
    const target = this.map.keyTarget(event, at);
    if (!target) return;
    event.preventDefault();
    this.setLatent(this.map.moveTo(this.latent, ...target));
    this.mapAnnouncer.say(() => this.whereWords().join(' '));
  }

  /** A click or drag on the map at (x, y) of its plane. */
  picked(x, y) {
    const index = this.settlePick ? this.map.nearest(x, y) : null;
    if (index === null) {
      this.setLatent(this.map.moveTo(this.latent, x, y));
      return;
    }
    this.settlePick(index);
    // The sliders go to the digit's mean.
    const { means, latentDim } = this.map.points;
    this.setLatent(Array.from(means.subarray(index * latentDim, (index + 1) * latentDim)));
  }

  /** Rings a test digit on the map (null: none). */
  highlight(index) {
    if (this.map.highlight === index) return;
    this.map.highlight = index;
    this.map.draw();
  }

  /** The views that differ for a conditional model (z a style, written as every digit). */
  modelChanged() {
    const conditional = this.model.conditional;
    $('slider-single').hidden = conditional;
    $('slider-every-digit').hidden = !conditional;
    $('manifold-digit-choice').hidden = !conditional;
    // Both hints are index.html's words: the one for the model in use shows.
    $('manifold-hint').querySelector('.for-plain').hidden = conditional;
    $('manifold-hint').querySelector('.for-conditional').hidden = !conditional;
  }

  /** Sliders (and the map's dimension menus) for a latent size. */
  build(latentDim) {
    const box = $('sliders');
    if (this.latent.length === latentDim && box.children.length === latentDim) return;
    this.latent = new Array(latentDim).fill(0);
    this.mapMeans = null;
    box.replaceChildren(...this.latent.map((_, i) => this.slider(i)));
    const [dimX, dimY] = [$('dim-x'), $('dim-y')];
    for (const select of [dimX, dimY]) select.replaceChildren(...this.latent.map((_, i) => new Option(`z${i + 1}`, i)));
    dimX.value = 0;
    dimY.value = Math.min(1, latentDim - 1);
    $('dims-row').hidden = latentDim <= 2;
  }

  /** Slider `i`: dragged continuously (step "any"), moved by SLIDER_KEY_STEPS from the keyboard. */
  slider(i) {
    const label = document.createElement('label');
    const name = document.createElement('span');
    name.textContent = `z${i + 1}`;
    const slider = document.createElement('input');
    Object.assign(slider, { type: 'range', min: -SLIDER_RANGE, max: SLIDER_RANGE, step: 'any', value: 0 });
    const value = document.createElement('output');
    const move = (to) => {
      this.latent[i] = to;
      this.showSlider(label, i);
      this.refreshSliders();
    };
    slider.addEventListener('input', () => move(Number(slider.value)));
    slider.addEventListener('keydown', (event) => {
      const ends = { Home: -SLIDER_RANGE, End: SLIDER_RANGE };
      const step = SLIDER_KEY_STEPS[event.key];
      if (step === undefined && !(event.key in ends)) return;
      event.preventDefault();
      // From the value shown (a map click may have put it beyond the slider's ends), rounded to the step's grid.
      const to = event.key in ends ? ends[event.key] : Math.round((this.latent[i] + step) * 10) / 10;
      move(Math.max(-SLIDER_RANGE, Math.min(SLIDER_RANGE, to)));
    });
    label.append(name, slider, value);
    this.showSlider(label, i);
    return label;
  }

  /** Slider `i` (in its `label`) at the latent value, which may lie beyond its ends; its name, and the value in figures and in words. */
  showSlider(label, i) {
    const value = this.latent[i];
    const slider = label.querySelector('input');
    slider.value = Math.max(-SLIDER_RANGE, Math.min(SLIDER_RANGE, value));
    slider.setAttribute('aria-label', A.slider.name(i + 1));
    slider.setAttribute('aria-valuetext', A.slider.value({ dim: i + 1, value: fixed(value, 2) }));
    label.querySelector('output').textContent = value.toFixed(2);
  }

  setLatent(values) {
    this.latent = values.slice();
    $('sliders').querySelectorAll('label').forEach((label, i) => this.showSlider(label, i));
    this.refreshSliders();
  }

  /** Hides the drawing's posterior and point on the map, or shows them again (the Learn path's guesses). */
  hideDrawing(hidden) {
    this.map.drawingHidden = hidden;
    this.map.draw();
    this.describeMap();
  }

  /** The drawing's posterior on the map (null: none; an autoencoder's has no logVar), and its mean on the sliders. */
  setPosterior(posterior) {
    this.map.posterior = posterior;
    if (posterior) this.setLatent(Array.from(posterior.mean));
    else this.map.draw();
    this.describeMap();
  }

  async refreshSliders() {
    if (this.latent.length !== this.model.latentDim) return;
    const latent = Float32Array.from(this.latent);
    const conditional = this.model.conditional;
    const pixels = await (conditional ? this.model.decodeAllClasses(latent) : this.model.decode(latent)).catch(this.onError);
    if (!pixels) return;
    if (conditional) drawImages($('slider-digits'), pixels, 10, 10);
    else drawImages($('slider-view'), pixels, 1);
    this.map.marker = this.latent;
    this.map.draw();
    this.describe();
  }

  /** The decoded images and the map in words, for the point shown. */
  describe() {
    const values = this.latent.map((value) => fixed(value, 2));
    $('slider-view').setAttribute('aria-label', A.sliderView(values));
    $('slider-digits').setAttribute('aria-label', A.sliderDigits(values));
    this.describeMap();
  }

  /** The map's words: how to move on it, what is being picked, where the point and the drawing lie. */
  describeMap() {
    const help = this.settlePick ? [A.map.keys, A.map.picking] : [A.map.keys];
    $('latent-map-where').textContent = [...help, ...this.whereWords()].join(' ');
  }

  /**
   * Where the point (the sliders' z) and the drawing's posterior mean lie, each with the labels
   * of the test digits nearest to it on the map; nothing of what the map hides.
   */
  whereWords() {
    const { map } = this;
    const dims = map.projection.u.length;
    if (!map.points || map.points.latentDim !== dims) return [A.map.loading];
    if (map.drawingHidden) return [];
    const where = (z) => {
      const [x, y] = map.project(z);
      const labels = map.points.labels;
      const near = labels ? map.nearestIndices(x, y, NEAREST).map((index) => this.labelNames[labels[index]] ?? String(labels[index])) : [];
      return { at: A.map.at({ x: fixed(x, 2), y: fixed(y, 2), plane: dims > 2 }), near: A.map.near(near) };
    };
    const point = this.latent.length === dims ? where(this.latent) : null;
    const drawing = map.posterior?.mean.length === dims ? { ...where(map.posterior.mean), code: !map.posterior.logVar } : null;
    // Drawing sets the point to the drawing's mean: one sentence then, not the same place twice.
    if (point && drawing && point.at === drawing.at) return [A.map.pointAtDrawing(drawing)];
    return [point && A.map.point(point), drawing && A.map.drawing(drawing)].filter(Boolean);
  }

  /** Whether the map shows the principal plane of the test digits' means (which moves with them). */
  showsPrincipalPlane() {
    return this.latent.length > 2 && $('map-view').value === 'pca';
  }

  /**
   * The plane the map and manifold show: for latent size 2 the latent plane itself; above that,
   * the principal plane of the test digits' means (once they are encoded) or two chosen dims.
   */
  updateProjection() {
    const latentDim = this.latent.length;
    const principal = this.showsPrincipalPlane() && this.mapMeans?.length > 0 && this.mapMeans.length % latentDim === 0;
    $('dim-choice').hidden = principal;
    this.map.setProjection(
      principal
        ? principalProjection(this.mapMeans, latentDim)
        : axisProjection(latentDim, Number($('dim-x').value), Math.min(Number($('dim-y').value), latentDim - 1)),
    );
    this.describeExtent();
    this.describeMap();
    this.onPlane();
    return this.refreshManifold();
  }

  async refreshMap() {
    const encoded = await this.model.encodeDataset(MAP_POINTS).catch(this.onError);
    // Up to MAP_POINTS test images: a brought test split may hold fewer.
    if (!encoded || encoded.means.length % this.latent.length !== 0) return;
    this.mapMeans = encoded.means;
    this.map.setPoints(encoded, this.latent.length);
    this.describeExtent();
    this.onPlane();
    this.describeManifold();
    // Page tests and tools/bench.mjs wait for the first map (and count its points).
    document.body.dataset.mapReady = 'true';
    document.body.dataset.mapPoints = String(encoded.means.length / this.latent.length);
    this.describeMap();
    // Only the principal plane depends on the means; an axis plane (and its manifold) stands.
    if (this.showsPrincipalPlane()) await this.updateProjection();
  }

  /** The map's words for a screen reader say when it widened beyond ±MAP_EXTENT to hold its codes. */
  describeExtent() {
    const { extent } = this.map;
    sayAttribute($('latent-map'), 'aria-label', () => A.map.label + (extent === MAP_EXTENT ? '' : DRAWING_TEXT.mapExtent(extent)));
  }

  async refreshManifold() {
    const latentDim = this.model.latentDim;
    const { origin, u, v } = this.map.projection;
    if (u.length !== latentDim) return;
    // origin + x·u + y·v over [-3, 3]² of the plane the map shows.
    const latents = new Float32Array(MANIFOLD_SIDE * MANIFOLD_SIDE * latentDim);
    for (let row = 0; row < MANIFOLD_SIDE; row += 1) {
      for (let col = 0; col < MANIFOLD_SIDE; col += 1) {
        const x = -MANIFOLD_EXTENT + (2 * MANIFOLD_EXTENT * col) / (MANIFOLD_SIDE - 1);
        const y = MANIFOLD_EXTENT - (2 * MANIFOLD_EXTENT * row) / (MANIFOLD_SIDE - 1);
        const at = (row * MANIFOLD_SIDE + col) * latentDim;
        for (let k = 0; k < latentDim; k += 1) latents[at + k] = origin[k] + x * u[k] + y * v[k];
      }
    }
    const digit = this.model.conditional ? Number($('manifold-digit').value) : null;
    const pixels = await this.model.decodeBatch(latents, digit).catch(this.onError);
    if (!pixels) return;
    drawImages($('manifold'), pixels, MANIFOLD_SIDE * MANIFOLD_SIDE, MANIFOLD_SIDE);
    this.describeManifold();
  }

  /**
   * The manifold in words: its grid, the plane it spans, the digit it is written as, and (for
   * labelled test digits, not a conditional model's styles) the labels most common among the
   * test digits nearest the centre of each ninth of the grid on the map.
   */
  describeManifold() {
    const { map } = this;
    const latentDim = this.model.latentDim;
    if (map.projection.u.length !== latentDim) return;
    const principal = this.showsPrincipalPlane() && this.mapMeans?.length > 0;
    const axes = { x: Number($('dim-x').value) + 1, y: Math.min(Number($('dim-y').value), latentDim - 1) + 1 };
    const digit = this.model.conditional ? $('manifold-digit').value : null;
    const labels = map.points?.labels;
    let regions = null;
    if (labels && digit === null && map.points.latentDim === latentDim) {
      const third = (2 * MANIFOLD_EXTENT) / 3;
      regions = [1, 0, -1].map((row) =>
        [-1, 0, 1].map((col) => {
          const votes = new Map();
          for (const index of map.nearestIndices(col * third, row * third, NEAREST)) votes.set(labels[index], (votes.get(labels[index]) ?? 0) + 1);
          const label = [...votes].sort((a, b) => b[1] - a[1])[0]?.[0];
          return { part: (1 - row) * 3 + col + 1, label: this.labelNames[label] ?? String(label) };
        }),
      );
    }
    sayAttribute($('manifold'), 'aria-label', () => {
      const M = A.manifold;
      const plane = principal ? M.principal : M.axes(latentDim === 2 ? { x: 1, y: 2 } : axes);
      const words = regions && M.regions(regions.map((row) => row.map(({ part, label }) => M.region({ part: M.parts[part], label }))));
      return M.shown({ side: MANIFOLD_SIDE, extent: MANIFOLD_EXTENT, plane, digit, regions: words });
    });
  }
}
