// The Inside view: every step from an image (the drawing, or a test digit) to its ELBO, as one
// call of the wasm API's `explain` returns them from the model's own forward pass. The noise ε
// is held until the person changes it (New ε, a value per dimension, or dragging z on the map),
// so that μ and σ visibly follow the image while z and everything after it follow ε. An
// autoencoder's explanation has no posterior (no log σ², ε, KL or ELBO): the view then shows
// z = encoder(x) as a point, hides the steps that do not apply, and says why.

import { scrollBehaviour } from '../assist.js';
import { attachSnippets } from '../code.js';
import { TERM_COLOURS } from '../charts.js';
import { DATASET_TEXT } from '../content/dataset.js';
import { INSIDE_TEXT as T } from '../content/inside.js';
import { MNIST_TEST_IMAGES } from '../data.js';
import { fixed } from '../i18n/format.js';
import { say, sayAttribute } from '../i18n/say.js';
import { LatentMap } from '../latent-map.js';
import { drawDensities, drawFeatureMaps, drawImages, drawSigned, inkedPixels } from '../plots.js';
import { gaussian } from '../random.js';
import { InsideNumbers, showDensityWords, showLoss, showMapWords } from './inside-numbers.js';

const $ = (id) => document.getElementById(id);
/** Logits are drawn saturated beyond ±this (a pixel at ±8 is certain either way). */
const LOGIT_LIMIT = 8;
/** The largest |ε| the view sends: the API takes ±1000; beyond a few, a sample is absurd anyway. */
const EPS_LIMIT = 1000;
/** The half-widths the view's map zooms between: it shows q(z|x) and z at the smallest that holds both. */
const ZOOMS = [0.125, 0.25, 0.5, 1, 2];
/** The densities of this many dimensions are drawn (the table lists them all). */
const DENSITY_ROWS = 16;

export class InsidePanel {
  /**
   * @param {import('../model-client.js').ModelClient} model
   * @param {object} hooks
   * @param {import('../plots.js').LatentMap} hooks.latentMap the latent panel's map: its plane,
   *   its test digits, and where a test digit is picked
   * @param {() => Promise<number|null>} hooks.pickTestDigit the next test digit clicked on the map
   * @param {(index: number|null) => void} hooks.onSubject the test digit the view shows (null: the drawing)
   * @param {(error: Error) => void} hooks.onError
   */
  constructor(model, { latentMap, pickTestDigit, onSubject, onError }) {
    this.model = model;
    this.latentMap = latentMap;
    this.pickTestDigit = pickTestDigit;
    this.onSubject = onSubject;
    this.onError = onError;
    this.isOpen = false;
    /** The drawing as the model sees it (null: the pad is empty), and its digit for a conditional model. */
    this.drawing = null;
    this.drawingLabel = null;
    /** Which image: the drawing, or test digit `testIndex`. */
    this.subject = 'test';
    this.testIndex = 0;
    /** The test split: how many images, whether a dataset was brought, its classes' names (MNIST's digits). */
    this.testSet = { count: MNIST_TEST_IMAGES, brought: false, names: null };
    /** The ε held (Float32Array), or null for the API's fixed draw. */
    this.eps = null;
    /** What is shown: the last answer ({ input, label, explanation }), and how many were shown. */
    this.shown = null;
    this.shownCount = 0;
    this.dims = 0;
    this.layerKey = '';
    /** Whether the view shows an autoencoder's steps (null: none shown yet). */
    this.autoencoder = null;
    this.map = new LatentMap($('inside-map'), (x, y) => this.moveSample(x, y), { link: true });
    this.numbers = new InsideNumbers(model, (index) => this.useTestDigit(index));

    $('inside-open').addEventListener('click', () => this.setOpen(!this.isOpen, { scroll: true }));
    $('inside-close').addEventListener('click', () => this.setOpen(false));
    $('inside-use-drawing').addEventListener('click', () => this.useDrawing());
    $('inside-digit').addEventListener('change', () => {
      const input = $('inside-digit');
      if (input.checkValidity() && input.value !== '') this.useTestDigit(input.valueAsNumber);
      else input.reportValidity();
    });
    $('inside-random').addEventListener('click', () => this.useTestDigit(Math.floor(Math.random() * this.testSet.count)));
    $('inside-pick').addEventListener('click', () => this.pick());
    $('inside-new-eps').addEventListener('click', () => this.setEps(Float32Array.from({ length: this.model.latentDim }, gaussian)));
    $('inside-reset-eps').addEventListener('click', () => this.setEps(new Float32Array(this.model.latentDim)));
    $('inside-map').addEventListener('keydown', (event) => this.nudgeSample(event));
    attachSnippets($('inside-panel'));
    this.showKind(false);
    this.setTestSet(null);
    say($('inside-pick'), () => T.pick.idle);
  }

  /** Shows or hides the view; it asks the model for nothing while hidden. */
  setOpen(open, { scroll = false } = {}) {
    this.isOpen = open;
    $('inside-panel').hidden = !open;
    $('inside-open').setAttribute('aria-expanded', String(open));
    this.labelOpenButton();
    if (!open) return;
    if (scroll) $('inside-panel').scrollIntoView({ behavior: scrollBehaviour(), block: 'start' });
    this.planeChanged();
    this.refresh();
  }

  /** The drawing changed (null: cleared). The view follows the drawing whenever there is one. */
  setDrawing(input, label = null) {
    this.drawing = input;
    this.drawingLabel = label;
    if (input) this.subject = 'drawing';
    else if (this.subject === 'drawing') this.subject = 'test';
    $('inside-use-drawing').disabled = !input || this.subject === 'drawing';
    this.refresh();
  }

  useDrawing() {
    if (!this.drawing) return;
    this.subject = 'drawing';
    $('inside-use-drawing').disabled = true;
    this.refresh();
  }

  useTestDigit(index) {
    this.subject = 'test';
    this.testIndex = index;
    $('inside-digit').value = index;
    $('inside-use-drawing').disabled = !this.drawing;
    this.refresh();
  }

  /**
   * Test images come from another split now: MNIST's (null) or a brought one of `count` images
   * whose classes are `names`; the view goes back to its first image.
   */
  setTestSet(brought) {
    this.testSet = brought ? { count: brought.count, brought: true, names: brought.names } : { count: MNIST_TEST_IMAGES, brought: false, names: null };
    const input = $('inside-digit');
    input.max = this.testSet.count - 1;
    sayAttribute(input, 'aria-label', () => T.testNumber(this.testSet.count - 1));
    if (this.testIndex >= this.testSet.count) this.testIndex = 0;
    input.value = this.testIndex;
  }

  /** Waits for a click on the latent map, and looks inside the test digit nearest to it. */
  async pick() {
    const button = $('inside-pick');
    if (button.getAttribute('aria-pressed') === 'true') return;
    button.setAttribute('aria-pressed', 'true');
    say(button, () => T.pick.waiting);
    $('latent-map').scrollIntoView({ behavior: scrollBehaviour(), block: 'nearest' });
    // The map takes the keys while picking: the arrow keys move its point, Enter picks.
    $('latent-map').focus({ preventScroll: true });
    try {
      const index = await this.pickTestDigit();
      if (index !== null) this.useTestDigit(index);
    } finally {
      button.setAttribute('aria-pressed', 'false');
      say(button, () => T.pick.idle);
    }
  }

  /** The button that opens the view names where its steps lead for the model in use (its words are index.html's). */
  labelOpenButton() {
    const button = $('inside-open');
    const autoencoder = Boolean(this.model.autoencoder);
    for (const words of button.querySelectorAll('.for-vae')) words.hidden = this.isOpen || autoencoder;
    for (const words of button.querySelectorAll('.for-ae')) words.hidden = this.isOpen || !autoencoder;
    button.querySelector('.when-open').hidden = !this.isOpen;
  }

  /** The model changed (weights or latent size): an ε of the old size no longer fits. */
  modelChanged() {
    if (this.eps && this.eps.length !== this.model.latentDim) this.eps = null;
    this.labelOpenButton();
    this.refresh();
  }

  /** The latent panel's plane or test digits changed: the view's map follows them. */
  planeChanged() {
    if (!this.isOpen) return;
    this.map.points = this.latentMap.points;
    this.map.setProjection(this.latentMap.projection);
    // Its words name the test digits nearest μ: those of the new plane.
    const e = this.shown?.explanation;
    if (e?.z.length === this.map.projection.u.length) showMapWords(this.map, e, { autoencoder: this.autoencoder, names: this.testSet.names });
  }

  setEps(eps) {
    this.eps = eps.map((value) => Math.max(-EPS_LIMIT, Math.min(EPS_LIMIT, value)));
    this.refresh();
  }

  /** A point picked on the view's map: the ε that puts z there (within the map's plane); an autoencoder has no ε. */
  moveSample(x, y) {
    const explanation = this.shown?.explanation;
    if (!explanation?.logVar) return;
    const { mean, logVar, z } = explanation;
    const moved = this.map.moveTo(Array.from(z), x, y);
    this.setEps(Float32Array.from(moved, (value, k) => (value - mean[k]) / Math.exp(0.5 * logVar[k])));
  }

  /** Arrow keys on the view's map move z, as dragging does. */
  nudgeSample(event) {
    const z = this.shown?.explanation?.z;
    const target = z && !this.autoencoder ? this.map.keyTarget(event, this.map.project(z)) : null;
    if (!target) return;
    event.preventDefault();
    this.moveSample(...target);
  }

  /** Asks for the current image and ε; a newer request replaces one still waiting. */
  async refresh() {
    if (!this.isOpen || !this.model.latentDim) return;
    // An autoencoder refuses an ε: it draws none.
    if (this.model.autoencoder) this.eps = null;
    const fromDrawing = this.subject === 'drawing' && this.drawing;
    this.onSubject(fromDrawing ? null : this.testIndex);
    let answer;
    try {
      const label = fromDrawing && this.model.conditional ? (this.drawingLabel ?? 0) : null;
      answer = await this.model.explain(fromDrawing ? this.drawing : null, fromDrawing ? null : this.testIndex, this.eps, label, true);
    } catch (error) {
      this.onError(error);
      return;
    }
    if (answer && answer.explanation.z.length === this.model.latentDim) this.show(answer, fromDrawing);
  }

  show(answer, fromDrawing) {
    const { input, label, explanation } = answer;
    const e = explanation;
    this.shown = answer;
    this.shownCount += 1;
    const { brought, names } = this.testSet;
    const image = {
      index: fromDrawing ? null : this.testIndex,
      label: fromDrawing || label === null || label === undefined ? null : (names?.[label] ?? String(label)),
      told: this.model.conditional ? label : null,
    };
    say($('inside-subject'), () => T.subject({ ...image, image: DATASET_TEXT.testImage(brought) }));
    say($('inside-x-caption'), () => T.caption({ ...image, image: DATASET_TEXT.testImage(brought) }));
    drawImages($('inside-x'), input, 1);
    const inkedInput = inkedPixels(input);
    sayAttribute($('inside-x'), 'aria-label', () => T.pictures.x({ subject: T.subject({ ...image, image: DATASET_TEXT.testImage(brought) }), inked: inkedInput }));
    this.showKind(!e.logVar);
    this.showLayers(e.layers);
    this.showLatents(e);
    drawSigned($('inside-logits'), e.logits, LOGIT_LIMIT);
    const [low, high] = e.logits.reduce(([min, max], value) => [Math.min(min, value), Math.max(max, value)], [Infinity, -Infinity]);
    sayAttribute($('inside-logits'), 'aria-label', () => T.pictures.logits({ low: fixed(low, 1), high: fixed(high, 1) }));
    drawImages($('inside-probabilities'), e.probabilities, 1);
    const inkedOutput = inkedPixels(e.probabilities);
    sayAttribute($('inside-probabilities'), 'aria-label', () => T.pictures.probabilities({ inked: inkedOutput }));
    showLoss(e, { autoencoder: this.autoencoder, beta: this.model.config.beta });
    this.numbers.show(answer, fromDrawing);
  }

  /**
   * The steps for a VAE, or for an autoencoder: no q(z|x) step, no ε, no KL or ELBO; z on the
   * map with the sentence that says why, and the reconstruction term as the whole loss.
   */
  showKind(autoencoder) {
    if (autoencoder === this.autoencoder) return;
    this.autoencoder = autoencoder;
    for (const words of $('inside-panel').querySelectorAll('.for-vae')) words.hidden = autoencoder;
    for (const words of $('inside-panel').querySelectorAll('.for-ae')) words.hidden = !autoencoder;
    const notForAutoencoder = [$('step-posterior'), $('inside-eps-buttons'), ...document.querySelectorAll('#step-sample .code, #step-loss .kl-bars, #step-loss .elbo-stack')];
    for (const element of notForAutoencoder) element.hidden = autoencoder;
    // Nothing to drag or nudge: z is where the encoder put it.
    $('inside-map').tabIndex = autoencoder ? -1 : 0;
    sayAttribute($('inside-map'), 'aria-label', () => (autoencoder ? T.mapLabel.autoencoder : T.mapLabel.vae));
  }

  /** Each hidden layer as a grid of maps: the encoder's before q(z|x), the decoder's after z. */
  showLayers(layers) {
    const conditional = this.model.conditional;
    const key = `${conditional}|${layers.map((layer) => `${layer.name}:${layer.shape}`).join('|')}`;
    if (key !== this.layerKey) {
      this.layerKey = key;
      const figure = (layer) => {
        const canvas = document.createElement('canvas');
        canvas.className = 'layer-maps';
        canvas.setAttribute('role', 'img');
        const caption = document.createElement('figcaption');
        say(caption, () => `${layer.name.split(' ')[0].replace(/^(en|de)coder\./, '')} · ReLU: ${T.shape(layer.shape)}`);
        const box = document.createElement('figure');
        box.append(canvas, caption);
        return box;
      };
      $('inside-encoder').replaceChildren(...layers.filter((layer) => layer.name.startsWith('encoder')).map(figure));
      $('inside-decoder-layers').replaceChildren(...layers.filter((layer) => layer.name.startsWith('decoder')).map(figure));
      const mlp = layers.some((layer) => layer.shape.length === 1);
      say($('inside-encoder-text'), () => T.encoder({ mlp, conditional }));
      say($('inside-decoder-text'), () => T.decoder({ mlp, conditional }));
    }
    const canvases = [...$('inside-encoder').querySelectorAll('canvas'), ...$('inside-decoder-layers').querySelectorAll('canvas')];
    layers.forEach((layer, i) => {
      drawFeatureMaps(canvases[i], layer.values, layer.shape);
      // Its words: the layer, its shape, and where it responds most.
      let strongest = 0;
      for (let j = 1; j < layer.values.length; j += 1) if (layer.values[j] > layer.values[strongest]) strongest = j;
      const perMap = layer.shape.length === 3 ? layer.shape[1] * layer.shape[2] : layer.values.length;
      const words = { name: layer.name, map: Math.floor(strongest / perMap) + 1, value: fixed(layer.values[strongest], 2) };
      sayAttribute(canvases[i], 'aria-label', () => T.pictures.layer({ ...words, shape: T.shape(layer.shape) }));
    });
  }

  /** μ, log σ² and σ; ε and z; and q(z|x) and z on the map (an autoencoder: z alone, a point). */
  showLatents(e) {
    const dims = e.mean.length;
    if (dims !== this.dims) this.buildLatentRows(dims);
    const sampleRows = $('inside-sample-table').tBodies[0].rows;
    for (let k = 0; k < dims; k += 1) sampleRows[k].cells[2].textContent = fixed(e.z[k], 2);
    for (const cell of $('inside-sample-table').querySelectorAll('tr > :nth-child(2)')) cell.hidden = this.autoencoder;
    if (!this.autoencoder) this.showPosterior(e);
    this.map.posterior = { mean: e.mean, logVar: e.logVar ?? null };
    this.map.marker = Array.from(e.z);
    // The view's map zooms to q(z|x); an autoencoder's z is shown on the whole map, among the codes.
    if (!this.map.dragging && this.map.projection.u.length === dims) {
      const whole = this.map.zoomTo(e, ZOOMS, this.latentMap.extent);
      const { extent } = this.map;
      say($('inside-map-view'), () => T.mapView({ whole, extent }));
    }
    this.map.draw();
    showMapWords(this.map, e, { autoencoder: this.autoencoder, names: this.testSet.names });
  }

  /** μ, log σ² and σ per dimension, the densities against the prior, and the ε held. */
  showPosterior(e) {
    const dims = e.mean.length;
    const posteriorRows = $('inside-posterior-table').tBodies[0].rows;
    const sampleRows = $('inside-sample-table').tBodies[0].rows;
    for (let k = 0; k < dims; k += 1) {
      const [, mean, logVar, sigma] = posteriorRows[k].cells;
      mean.textContent = fixed(e.mean[k], 2);
      logVar.textContent = fixed(e.logVar[k], 2);
      sigma.textContent = fixed(Math.exp(0.5 * e.logVar[k]), 3);
      const input = sampleRows[k].cells[1].firstChild;
      if (document.activeElement !== input) input.value = e.eps[k].toFixed(2);
    }
    drawDensities($('inside-densities'), e.mean, e.logVar, { rows: DENSITY_ROWS });
    showDensityWords($('inside-densities'), e);
    say($('inside-densities-prior'), () => T.densities({ rows: DENSITY_ROWS, dims }));
  }

  buildLatentRows(dims) {
    this.dims = dims;
    const cell = (text, tag = 'td') => {
      const element = document.createElement(tag);
      element.textContent = text;
      if (tag === 'th') element.scope = 'row';
      return element;
    };
    const posterior = [];
    const sample = [];
    for (let k = 0; k < dims; k += 1) {
      const row = document.createElement('tr');
      row.append(cell(`z${k + 1}`, 'th'), cell(''), cell(''), cell(''));
      posterior.push(row);
      const input = document.createElement('input');
      Object.assign(input, { type: 'number', step: 0.1, min: -EPS_LIMIT, max: EPS_LIMIT });
      sayAttribute(input, 'aria-label', () => T.epsLabel(k + 1));
      input.addEventListener('change', () => {
        if (!input.checkValidity() || input.value === '') {
          input.reportValidity();
          return;
        }
        const eps = Float32Array.from(this.shown?.explanation.eps ?? new Float32Array(dims));
        eps[k] = input.valueAsNumber;
        this.setEps(eps);
      });
      const epsCell = document.createElement('td');
      epsCell.append(input);
      const sampleRow = document.createElement('tr');
      sampleRow.append(cell(`z${k + 1}`, 'th'), epsCell, cell(''));
      sample.push(sampleRow);
    }
    $('inside-posterior-table').tBodies[0].replaceChildren(...posterior);
    $('inside-sample-table').tBodies[0].replaceChildren(...sample);
    const bars = Array.from({ length: dims }, (_, k) => {
      const row = document.createElement('div');
      row.className = 'bar-row';
      const name = document.createElement('span');
      name.textContent = `z${k + 1}`;
      const track = document.createElement('span');
      track.className = 'bar';
      const fill = document.createElement('i');
      fill.style.background = TERM_COLOURS.kl;
      track.append(fill);
      const value = document.createElement('span');
      value.className = 'bar-value';
      row.append(name, track, value);
      return row;
    });
    $('inside-kl-bars').replaceChildren(...bars);
  }
}
