// The Compare view: two or three models side by side on the same inputs and the same axes —
// where their codes lie against the prior, what they generate from the same z, how they
// reconstruct the drawing and at what cost, their KL per dimension — with every model's rate
// against distortion, and one model's dimensions swept (traversals.js).
//
// Each column's model runs in an inference worker of its own (a ModelClient, as the page's
// model does), started when the view first opens: the page's model and its views are untouched.

import { showPanel } from '../assist.js';
import { drawCodeMap, drawKlPerDimension, projectAll, sharedExtent } from '../compare-plots.js';
import { ACCESSIBILITY_TEXT } from '../content/accessibility.js';
import { COMPARE_TEXT as T } from '../content/compare.js';
import { fetchBytes } from '../data.js';
import { onLanguageChange } from '../i18n/language.js';
import { principalProjection } from '../latent-map.js';
import { ModelClient } from '../model-client.js';
import { clearCanvas, drawImages } from '../plots.js';
import { gaussian } from '../random.js';
import { RateDistortionPlot } from './rate-distortion.js';
import { TraversalView } from './traversals.js';

const $ = (id) => document.getElementById(id);
const CATALOGUE = new URL('../content/models.json', import.meta.url);
const modelFile = (stem) => new URL(`../models/${stem}.vaew`, import.meta.url);
const COLUMNS = 3;
/** Test digits on each column's map. */
const MAP_POINTS = 2000;
const SAMPLES = 16;
const SAMPLE_COLUMNS = 4;
/** The choice of a column that shows the page's model in use, and of an empty column. */
const IN_USE = 'in-use';
const NONE = '';


/** One column: the model chosen, its worker, and what the view last got from it. */
class Column {
  constructor(index) {
    this.index = index;
    this.choice = NONE;
    this.client = null;
    /** The model's entry in the catalogue (null for the model in use), its config and figures. */
    this.entry = null;
    this.config = null;
    this.xy = null;
    this.labels = null;
    this.samples = null;
    this.explanation = null;
    this.statistics = null;
    /** Counts model changes, so that a late answer for the previous model is dropped. */
    this.generation = 0;
    this.cells = {};
  }

  get name() {
    return this.entry ? T.describe(this.entry) : T.inUseNamed(this.config?.latentDim ?? '–');
  }

  get isAutoencoder() {
    return this.config?.kind === 'ae';
  }
}

export class ComparePanel {
  /**
   * @param {ModelClient} inUse the page's model (a column may show it)
   * @param {object} hooks
   * @param {() => object} hooks.plan where the page's batch jobs run (backend-plan.js)
   * @param {() => {input: Float32Array|null}} hooks.drawing the drawing as the model sees it
   * @param {(error: Error) => void} hooks.onError
   */
  constructor(inUse, hooks) {
    this.inUse = inUse;
    this.hooks = hooks;
    this.isOpen = false;
    /** The catalogue (www/content/models.json) once loaded, and the load under way. */
    this.catalogue = null;
    this.loading = null;
    /** The preset last chosen (null: none yet). */
    this.preset = null;
    this.columns = Array.from({ length: COLUMNS }, (_, i) => new Column(i));
    /** Shared z: one row of N(0, 1) draws per sample, grown as wider models need. */
    this.noise = Array.from({ length: SAMPLES }, () => []);
    /** How many drawings the columns have shown (the page tests count the view's answers). */
    this.drawingsShown = 0;
    this.plot = new RateDistortionPlot(inUse, { catalogue: () => this.catalogue, columns: this.columns, isOpen: () => this.isOpen, startClient: (restart) => this.startClient(restart), onError: hooks.onError });
    /** The mean KL at or under which a dimension counts as collapsed (the crate's, from configLimits). */
    this.activeKlNats = null;
    this.traversals = new TraversalView({ decode: (column, latents) => column.client.decodeBatch(latents, null, 'traversal'), onError: hooks.onError });
    $('compare-open').addEventListener('click', () => this.open().catch(hooks.onError));
    $('compare-close').addEventListener('click', () => this.close());
    for (const button of document.querySelectorAll('#compare-panel [data-preset]')) {
      button.addEventListener('click', () => this.usePreset(button.dataset.preset).catch(hooks.onError));
    }
    $('traversal-model').addEventListener('change', () => this.refreshTraversals());
    onLanguageChange(() => this.reword());
  }

  async open() {
    showPanel('compare', true);
    this.isOpen = true;
    this.loading ??= this.load().catch((error) => {
      this.loading = null;
      throw error;
    });
    await this.loading;
  }

  /** The catalogue, the columns, and the first comparison (unless a preset was chosen meanwhile). */
  async load() {
    this.setStatus(() => T.loading);
    // Its failure in the page's words: nothing answered, an HTTP status, or what came is not the catalogue.
    const response = await fetch(CATALOGUE).catch(() => null);
    if (!response?.ok) throw new Error(T.catalogueFailed(response ? response.status : null));
    this.catalogue = await response.json().catch(() => {
      throw new Error(T.catalogueFailed(response.status));
    });
    this.activeKlNats = this.inUse.limits.activeKlNats;
    this.buildColumns();
    this.plot.measureRuns().catch(this.hooks.onError);
    await this.usePreset(this.preset ?? 'kl');
  }

  /** Requests of the columns' models under way: 0 when every column is current. */
  get busy() {
    return this.columns.reduce((sum, column) => sum + (column.client?.busy ?? 0), this.plot.client?.busy ?? 0);
  }

  close() {
    showPanel('compare', false);
    this.isOpen = false;
  }

  /** The status line: `words()`, worded again in a new language. */
  setStatus(words) {
    this.statusWords = words;
    $('compare-status').textContent = words();
  }

  /** Every word of the view in a new language: the menus, the status, the columns, the plot (drawn from the content at once). */
  reword() {
    if (!this.catalogue) return;
    const entries = new Map(this.catalogue.models.map((entry) => [entry.file, entry]));
    const names = { [IN_USE]: () => T.inUse, [NONE]: () => T.none };
    for (const column of this.columns) {
      column.cells.select.setAttribute('aria-label', T.columnModel(column.index + 1));
      for (const option of column.cells.select.options) option.text = entries.has(option.value) ? T.describe(entries.get(option.value)) : names[option.value]();
    }
    this.refreshInUseOption();
    this.setStatus(this.statusWords);
    this.refreshShared();
  }

  /** Each row's cells, one per column, after the row's sentence. */
  buildColumns() {
    const options = [
      ...this.catalogue.models.map((entry) => new Option(T.describe(entry), entry.file)),
      new Option(T.inUse, IN_USE),
      new Option(T.none, NONE),
    ];
    const make = (tag, properties = {}) => Object.assign(document.createElement(tag), properties);
    for (const column of this.columns) {
      const cell = (row, child) => {
        const wrap = make('div', { className: 'compare-cell' });
        wrap.append(child);
        document.querySelector(`#compare-grid [data-row="${row}"]`).append(wrap);
        return child;
      };
      const picture = (width, height, className) => {
        const canvas = make('canvas', { width, height, className });
        canvas.setAttribute('role', 'img');
        // Named from the start: drawColumn words it once its model has drawn it.
        canvas.setAttribute('aria-label', ACCESSIBILITY_TEXT.notDrawnYet);
        return canvas;
      };
      const select = cell('model', make('select'));
      select.setAttribute('aria-label', T.columnModel(column.index + 1));
      for (const option of options) select.add(option.cloneNode(true));
      select.addEventListener('change', () => this.choose(column, select.value).catch(this.hooks.onError));
      const reconstruction = picture(28, 28, 'pixel big');
      const cost = make('figcaption');
      cell('reconstruction', make('figure')).append(reconstruction, cost);
      column.cells = {
        select,
        map: cell('map', picture(200, 200, 'compare-map')),
        samples: cell('samples', picture(112, 112, 'pixel grid compare-samples')),
        reconstruction,
        cost,
        kl: cell('kl', picture(200, 70, 'compare-kl')),
      };
    }
    this.refreshInUseOption();
  }

  /** The model in use can be a column unless it is conditional (it needs a digit to write). */
  refreshInUseOption() {
    for (const column of this.columns) {
      const option = column.cells.select?.querySelector(`option[value="${IN_USE}"]`);
      if (!option) continue;
      option.disabled = this.inUse.conditional;
      option.title = this.inUse.conditional ? T.conditionalInUse : '';
    }
  }

  async usePreset(name) {
    this.preset = name;
    if (!this.catalogue) return; // load() applies it
    for (const button of document.querySelectorAll('#compare-panel [data-preset]')) {
      button.setAttribute('aria-pressed', String(button.dataset.preset === name));
    }
    const files = this.catalogue.presets[name];
    await Promise.all(this.columns.map((column) => this.choose(column, files[column.index] ?? NONE)));
  }

  /** Puts a model in a column (a catalogue file's stem, IN_USE or NONE) and redraws it. */
  async choose(column, choice) {
    column.choice = choice;
    column.cells.select.value = choice;
    column.generation += 1;
    const generation = column.generation;
    Object.assign(column, { entry: null, config: null, xy: null, labels: null, samples: null, explanation: null, statistics: null });
    if (choice === NONE) {
      this.drawColumn(column);
      this.refreshShared();
      return;
    }
    column.entry = this.catalogue.models.find((entry) => entry.file === choice) ?? null;
    const weights = column.entry ? (await fetchBytes(modelFile(column.entry.file))).buffer : this.inUse.weights.slice(0);
    column.client ??= await this.startClient(() => this.choose(column, column.choice));
    column.config = await column.client.loadWeights(weights);
    if (generation !== column.generation) return;
    await this.refreshColumn(column, generation);
  }

  /** A model of the view's own, in a worker of its own; `restart` redoes its work after a crash. */
  async startClient(restart) {
    const client = new ModelClient({ onRestart: () => restart().catch(this.hooks.onError), onGiveUp: (reason) => this.hooks.onError(new Error(reason)) });
    await client.usePlan(this.columnPlan());
    return client;
  }

  /** Every column's worker runs where the page's batch jobs do. */
  columnPlan() {
    const { batch } = this.hooks.plan();
    return { interactive: batch, batch, training: batch };
  }

  /** The backend changed: the view's models follow. */
  async usePlan() {
    const clients = [...this.columns.map((column) => column.client), this.plot.client].filter(Boolean);
    await Promise.all(clients.map((client) => client.usePlan(this.columnPlan())));
  }

  /** The page's model changed (a run's last weights, an upload): a column showing it reloads. */
  async inUseChanged() {
    if (!this.catalogue) return;
    this.refreshInUseOption();
    await Promise.all(this.columns.filter((column) => column.choice === IN_USE).map((column) => this.choose(column, this.inUse.conditional ? NONE : IN_USE)));
  }

  /** The same z for every model: the first latentDim draws of each sample's row. */
  sharedLatents(latentDim) {
    const latents = new Float32Array(SAMPLES * latentDim);
    this.noise.forEach((row, i) => {
      while (row.length < latentDim) row.push(gaussian());
      latents.set(row.slice(0, latentDim), i * latentDim);
    });
    return latents;
  }

  async refreshColumn(column, generation) {
    const { client, config } = column;
    const current = () => generation === column.generation;
    const [codes, samples] = await Promise.all([client.encodeDataset(MAP_POINTS), client.decodeBatch(this.sharedLatents(config.latentDim), null, 'samples')]);
    if (!current() || !codes) return;
    const plane =
      config.latentDim === 2
        ? { origin: [0, 0], u: [1, 0], v: [0, 1] }
        : { ...principalProjection(codes.means, config.latentDim), origin: new Array(config.latentDim).fill(0) };
    Object.assign(column, { xy: projectAll(codes.means, config.latentDim, plane), labels: codes.labels, samples });
    await this.reconstruct(column);
    this.refreshShared();
    this.measure(column, generation);
  }

  /** The test set's figures (10,000 digits: a few seconds a model), then the plot's point. */
  async measure(column, generation) {
    const measuring = this.columns.filter((c) => c.config && !c.statistics).length;
    this.setStatus(() => T.measuring(measuring));
    const statistics = await column.client.statistics(0).catch(this.hooks.onError);
    if (generation !== column.generation || !statistics) return;
    column.statistics = statistics;
    if (this.columns.every((c) => !c.config || c.statistics)) this.setStatus(() => T.measured);
    this.refreshShared();
  }

  /** The drawing changed: each column reconstructs it. */
  async drawingChanged() {
    if (!this.isOpen) return;
    await Promise.all(this.columns.filter((column) => column.config).map((column) => this.reconstruct(column)));
    this.refreshShared();
    this.drawingsShown += 1;
  }

  /** The drawing through a column's model: z = μ (no noise; an autoencoder's z is its code). */
  async reconstruct(column) {
    const { input } = this.hooks.drawing();
    const generation = column.generation;
    if (!input) {
      column.explanation = null;
      return;
    }
    const eps = column.isAutoencoder ? null : new Float32Array(column.config.latentDim);
    const answer = await column.client.explain(input, null, eps).catch(this.hooks.onError);
    if (answer && generation === column.generation) column.explanation = answer.explanation;
  }

  /** What depends on every column: the maps' and bars' common axes, the plot, the traversals. */
  refreshShared() {
    const shown = this.columns.filter((column) => column.config);
    const extent = sharedExtent(shown);
    const klValues = shown.flatMap((column) => [...(column.explanation?.klPerDim ?? []), ...(column.statistics?.klPerDim ?? [])]);
    const klTop = Math.max(0.5, ...klValues);
    for (const column of this.columns) this.drawColumn(column, { extent, klTop });
    this.plot.draw();
    this.refreshTraversalChoices();
  }

  drawColumn(column, { extent = 3, klTop = 0.5 } = {}) {
    const { map, samples, reconstruction, cost, kl } = column.cells;
    if (!map) return;
    for (const canvas of [map, samples, reconstruction, kl]) canvas.hidden = !column.config;
    cost.textContent = '';
    if (!column.config) return;
    const name = column.name;
    if (column.xy) {
      drawCodeMap(map, { xy: column.xy, labels: column.labels, extent });
      let outside = 0;
      for (let i = 0; i < column.xy.length; i += 2) if (Math.hypot(column.xy[i], column.xy[i + 1]) > 2) outside += 1;
      map.setAttribute('aria-label', T.mapLabel({ name, points: column.xy.length / 2, outside, extent }));
    }
    if (column.samples) {
      drawImages(samples, column.samples, SAMPLES, SAMPLE_COLUMNS);
      samples.setAttribute('aria-label', T.samplesLabel({ name, count: SAMPLES }));
    }
    const explained = column.explanation;
    if (explained) {
      drawImages(reconstruction, explained.probabilities, 1);
      cost.textContent = T.reconstructionCost(explained);
    } else {
      clearCanvas(reconstruction);
      cost.textContent = T.notDrawn;
    }
    reconstruction.setAttribute('aria-label', `${name}: ${cost.textContent}`);
    const perDim = explained?.klPerDim ?? null;
    const testPerDim = column.statistics?.klPerDim ?? null;
    drawKlPerDimension(kl, { perDim, testPerDim, activeKlNats: this.activeKlNats, top: klTop });
    kl.setAttribute('aria-label', T.klLabel({ name, perDim: perDim && Array.from(perDim), testPerDim, activeKlNats: this.activeKlNats }));
  }

  /** A run trained in this browser stopped: it becomes a point once measured (rate-distortion.js). */
  addRun(run) {
    return this.plot.addRun(run);
  }

  /** Every model's point of the rate–distortion plot. */
  get points() {
    return this.plot.points;
  }

  refreshTraversalChoices() {
    const select = $('traversal-model');
    const shown = this.columns.filter((column) => column.config);
    const previous = select.value;
    select.replaceChildren(...shown.map((column) => new Option(`${column.index + 1}: ${column.name}`, String(column.index))));
    // The widest model by default: its collapsed dimensions are the ones to see.
    const widest = shown.reduce((best, column) => (!best || column.config.latentDim > best.config.latentDim ? column : best), null);
    select.value = shown.some((column) => String(column.index) === previous) ? previous : String(widest?.index ?? '');
    this.refreshTraversals();
  }

  refreshTraversals() {
    const column = this.columns[Number($('traversal-model').value)];
    if (!column?.config) return;
    const base = column.explanation?.mean ?? new Float32Array(column.config.latentDim);
    this.traversals.show(column, base, { testPerDim: column.statistics?.klPerDim ?? null, activeKlNats: this.activeKlNats }).catch(this.hooks.onError);
  }
}
