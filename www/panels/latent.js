// The latent space panel and the manifold: sliders over z, the map of the test digits' posterior
// means (an autoencoder's codes) and of the drawing's posterior (an autoencoder's code, a point),
// and the images decoded over the plane the map shows.
// With a conditional model z is a style: the sliders write it as every digit, the map shows the
// test digits' styles, and the manifold writes the plane as one chosen digit.

import { mapExtentLabel } from '../content/autoencoder.js';
import { LatentMap, MAP_EXTENT, axisProjection, principalProjection } from '../latent-map.js';
import { MAX_LATENT } from '../link.js';
import { DIGIT_COLOURS, drawImages, labelColour } from '../plots.js';

const $ = (id) => document.getElementById(id);
const MAP_POINTS = 3000;
const MANIFOLD_SIDE = 15;
const SLIDER_RANGE = 3;
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
    /** What the map says to a screen reader at its usual extent. */
    this.mapLabel = $('latent-map').getAttribute('aria-label');
    for (const select of [$('dim-x'), $('dim-y'), $('map-view')]) select.addEventListener('change', () => this.updateProjection());
    $('manifold-digit').replaceChildren(...DIGIT_COLOURS.map((_, digit) => new Option(String(digit), digit)));
    $('manifold-digit').addEventListener('change', () => this.refreshManifold());
    this.setLabelNames(DIGIT_COLOURS.map((_, digit) => String(digit)));
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
    const items = names.length ? names.map((name, label) => entry(labelColour(label), name)) : [entry(labelColour(null), 'test images (no labels)')];
    $('legend').replaceChildren(...items);
  }

  /**
   * The next test digit clicked on the map (the nearest dot to the click), or null if none is
   * picked: the map decodes a point on a click otherwise.
   */
  pickTestDigit() {
    this.settlePick?.(null);
    $('latent-map').classList.add('picking');
    return new Promise((resolve) => {
      this.settlePick = (index) => {
        this.settlePick = null;
        $('latent-map').classList.remove('picking');
        resolve(index);
      };
    });
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
    $('manifold-hint').textContent = conditional
      ? 'The style plane written as the chosen digit: a grid from −3 to 3 in the two map dimensions.'
      : 'Decoded images over a grid from −3 to 3 in the two map dimensions.';
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

  slider(i) {
    const label = document.createElement('label');
    const name = document.createElement('span');
    name.textContent = `z${i + 1}`;
    const slider = document.createElement('input');
    Object.assign(slider, { type: 'range', min: -SLIDER_RANGE, max: SLIDER_RANGE, step: 0.01, value: 0 });
    slider.setAttribute('aria-label', `latent dimension ${i + 1}`);
    const value = document.createElement('output');
    value.textContent = '0.00';
    slider.addEventListener('input', () => {
      this.latent[i] = Number(slider.value);
      value.textContent = this.latent[i].toFixed(2);
      this.refreshSliders();
    });
    label.append(name, slider, value);
    return label;
  }

  setLatent(values) {
    this.latent = values.slice();
    $('sliders').querySelectorAll('label').forEach((label, i) => {
      label.querySelector('input').value = Math.max(-SLIDER_RANGE, Math.min(SLIDER_RANGE, values[i]));
      label.querySelector('output').textContent = values[i].toFixed(2);
    });
    this.refreshSliders();
  }

  /** The drawing's posterior on the map (null: none; an autoencoder's has no logVar), and its mean on the sliders. */
  /** Hides the drawing's posterior and point on the map, or shows them again (the Learn path's guesses). */
  hideDrawing(hidden) {
    this.map.drawingHidden = hidden;
    this.map.draw();
  }

  setPosterior(posterior) {
    this.map.posterior = posterior;
    if (posterior) this.setLatent(Array.from(posterior.mean));
    else this.map.draw();
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
    // Page tests and tools/bench.mjs wait for the first map (and count its points).
    document.body.dataset.mapReady = 'true';
    document.body.dataset.mapPoints = String(encoded.means.length / this.latent.length);
    // Only the principal plane depends on the means; an axis plane (and its manifold) stands.
    if (this.showsPrincipalPlane()) await this.updateProjection();
  }

  /** The map's words for a screen reader say when it widened beyond ±MAP_EXTENT to hold its codes. */
  describeExtent() {
    const { extent } = this.map;
    $('latent-map').setAttribute('aria-label', this.mapLabel + (extent === MAP_EXTENT ? '' : mapExtentLabel(extent)));
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
    if (pixels) drawImages($('manifold'), pixels, MANIFOLD_SIDE * MANIFOLD_SIDE, MANIFOLD_SIDE);
  }
}
