// The training panel's data: MNIST, or a dataset the person brings (IDX files, image files, a
// folder of images). Picking files opens them in the dataset worker and previews the first
// inputs under the choices shown; "Use this data" reads them all (with progress) and hands the
// splits to the page; "Back to MNIST" restores the built-in data. A failure leaves the data in
// use as it was.

import { DATASET_TEXT as T } from '../content/dataset.js';
import { DatasetClient } from '../dataset-client.js';
import { fixed } from '../i18n/format.js';
import { say, sayAttribute } from '../i18n/say.js';
import { drawImages } from '../plots.js';

const $ = (id) => document.getElementById(id);
const PREVIEW_COLUMNS = 8;
const SEED_LIMIT = 2 ** 32;
/** A class list names at most this many classes. */
const CLASSES_NAMED = 12;

/** A class list in words: "3 classes (circle, square, triangle)", shortened when long. */
const classes = (names) => T.classes(names.length > CLASSES_NAMED ? [...names.slice(0, CLASSES_NAMED), '…'] : names, names.length);

export class DatasetPanel {
  /**
   * @param {object} hooks
   * @param {(dataset: object|null) => Promise<void>} hooks.onUse a brought dataset ({train, test,
   *   record, heldOut, seed, labelNames}) or MNIST (null) is to be used; rejects if it cannot be
   * @param {(words: string | (() => string), kind?: string) => void} hooks.notify
   */
  constructor(hooks) {
    this.hooks = hooks;
    this.client = new DatasetClient(
      (done, total) => this.showProgress(done, total),
      (done, total) => this.setStatus(() => T.listing({ done, total })),
    );
    /** What the open files hold ({kind, count, hasTest, labelNames, folder}), or null. */
    this.opened = null;
    this.busy = false;
    const pick = (id, kind) =>
      $(id).addEventListener('change', (event) => {
        const files = [...event.target.files].map((file) => ({ file, path: file.webkitRelativePath || file.name }));
        event.target.value = '';
        if (files.length) this.open(kind, files);
      });
    pick('data-idx', 'idx');
    pick('data-images', 'images');
    pick('data-folder', 'images');
    $('data-form').addEventListener('change', (event) => {
      if (event.target.name !== 'name') this.preview();
    });
    $('data-form').addEventListener('submit', (event) => event.preventDefault());
    $('data-use').addEventListener('click', () => this.use());
    $('data-cancel').addEventListener('click', () => this.close());
    $('data-mnist').addEventListener('click', () => this.backToMnist());
    say($('data-in-use'), () => T.mnistInUse);
  }

  /** The dataset's limits (configLimits().dataset), stated under the buttons. */
  applyLimits(limits) {
    this.limits = limits;
    const { maxImages, maxSide, maxTotalPixels, maxClasses, heldOutParts } = limits;
    say($('data-limits'), () => T.limits({ maxImages, maxSide, billions: fixed(maxTotalPixels / 1e9, 1), maxClasses, heldOutParts }));
  }

  /** Training is running: the data cannot change under it. */
  setLocked(locked) {
    for (const id of ['data-idx', 'data-images', 'data-folder', 'data-mnist', 'data-use']) $(id).disabled = locked || (id === 'data-use' && this.busy);
  }

  /** The choices of the form, as preprocessImages takes them. */
  preprocessing() {
    const form = $('data-form').elements;
    return { framing: form.framing.value, polarity: form.polarity.value || null, levels: form.levels.value };
  }

  async open(kind, picked) {
    this.busy = true;
    this.setStatus(() => T.opening(picked.length));
    $('data-brought').hidden = false;
    $('data-use').disabled = true;
    $('data-progress').hidden = true;
    try {
      const top = picked[0].path.includes('/') ? picked[0].path.split('/')[0] : null;
      const files = kind === 'idx' ? picked : imagesOf(picked, top, this.limits);
      refuseLarge(files, this.limits);
      const opened = await this.client.open(kind, files, top ?? T.theFilesPicked);
      this.opened = { kind, ...opened, folder: top };
      const form = $('data-form').elements;
      form.name.value = top ?? (kind === 'idx' ? idxName(files) : files[0].path.replace(/\.[^.]*$/, ''));
      form.polarity.value = '';
      for (const label of document.querySelectorAll('[data-images-only]')) label.hidden = kind === 'idx';
      await this.preview();
      $('data-use').disabled = false;
    } catch (error) {
      this.fail(() => T.couldNotOpen(error.message));
    } finally {
      this.busy = false;
    }
  }

  /** Shows inputs from across the dataset under the form's choices, and what training on them would be. */
  async preview() {
    if (!this.opened) return;
    const { pixels, polarity } = await this.client.preview(this.preprocessing()).catch((error) => {
      this.fail(() => T.couldNotPreview(error.message));
      return {};
    });
    if (!pixels) return;
    const shown = pixels.length / 784;
    drawImages($('data-preview'), Float32Array.from(pixels, (value) => value / 255), shown, PREVIEW_COLUMNS);
    const { kind, count: total, hasTest, labelNames } = this.opened;
    const preprocessing = this.preprocessing();
    const held = Math.floor(total / this.limits.heldOutParts);
    this.setStatus(() => T.summary({ images: total, classes: classes(labelNames), hasTest, held, how: describe(kind, preprocessing, polarity) }));
    say($('data-preview-caption'), () => T.previewCaption({ shown, idx: kind === 'idx' }));
    const name = $('data-form').elements.name.value;
    sayAttribute($('data-preview'), 'aria-label', () => T.previewLabel({ shown, name, classes: classes(labelNames), how: describe(kind, preprocessing, polarity) }));
  }

  /** Reads every image and hands the splits to the page. */
  async use() {
    const form = $('data-form');
    if (!form.reportValidity()) return;
    this.busy = true;
    $('data-use').disabled = true;
    $('data-progress').hidden = false;
    $('data-progress').value = 0;
    const seed = Math.floor(Math.random() * SEED_LIMIT);
    const preprocessing = this.preprocessing();
    const started = performance.now();
    try {
      const read = await this.client.read({ preprocessing, seed, name: form.elements.name.value });
      const seconds = (performance.now() - started) / 1000;
      const dataset = { ...read, seed, labelNames: this.opened.labelNames, seconds, kind: this.opened.kind, preprocessing };
      await this.hooks.onUse(dataset);
      this.showInUse(dataset);
      $('data-brought').hidden = true;
      $('data-mnist').hidden = false;
      // Page tests and tools/bench.mjs read how long reading took.
      document.body.dataset.datasetSeconds = seconds.toFixed(2);
    } catch (error) {
      this.fail(() => T.couldNotUse(error.message));
    } finally {
      this.busy = false;
      $('data-use').disabled = false;
      $('data-progress').hidden = true;
    }
  }

  showInUse({ record, train, test, heldOut, seed, labelNames, seconds, kind, preprocessing }) {
    const figures = { name: record.name, train: train.pixels.length / 784, test: test.pixels.length / 784, heldOut, seed, seconds: fixed(seconds, 1) };
    say($('data-in-use'), () => T.inUse({ ...figures, classes: classes(labelNames), how: describe(kind, preprocessing, record.preprocessing?.polarity) }));
  }

  showProgress(done, total) {
    $('data-progress').value = done / total;
    this.setStatus(() => T.reading({ done, total }));
  }

  /** The summary line: `words()`, worded again in a new language. */
  setStatus(words) {
    say($('data-summary'), words);
  }

  /** Says why the files were refused (`words`: in the language in use when read), the data in use unchanged. */
  fail(words) {
    this.close();
    this.hooks.notify(() => T.unchanged(words()), 'error');
  }

  /** Drops the files picked (the data in use stays). */
  close() {
    this.client.stop();
    this.opened = null;
    $('data-brought').hidden = true;
  }

  async backToMnist() {
    this.close();
    await this.hooks.onUse(null);
    say($('data-in-use'), () => T.mnistInUse);
    $('data-mnist').hidden = true;
  }
}

/** What a weights file records of its training data (VaeSession.trainedOn()), in words. */
export function describeRecord(record) {
  if (!record) return T.unknownData;
  const how = record.preprocessing;
  return T.record({
    name: record.name,
    images: record.images,
    how: how && T.howImages({ framing: T.framing[how.framing], ink: T.polarity[how.polarity] ?? T.inkDetected, levels: T.levels[how.levels] }),
    classes: record.labelNames.length ? record.labelNames : null,
  });
}

/**
 * The images among the files picked, before any goes to the worker (each costs the page a copy):
 * only the kinds both the browser and the CLI decode, sorted by path as the CLI reads a folder
 * (the polarity sample and the held-out tenth follow the order), paths inside the folder `top`.
 * Refuses none, or more than the limit.
 */
function imagesOf(picked, top, limits) {
  const isImage = ({ path }) => {
    const dot = path.lastIndexOf('.');
    return dot > path.lastIndexOf('/') && limits.extensions.includes(path.slice(dot + 1).toLowerCase());
  };
  const images = picked
    .filter(isImage)
    .map(({ file, path }) => ({ file, path: top ? path.slice(top.length + 1) : path }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const where = top ?? T.theFilesPicked;
  if (images.length === 0) throw new Error(T.noImages({ where, extensions: limits.extensions.join(', ') }));
  if (images.length > limits.maxImages) throw new Error(T.tooManyImages({ where, images: images.length, max: limits.maxImages }));
  return images;
}

/** Refuses a file larger than the limit before anything reads it. */
function refuseLarge(files, limits) {
  const large = files.find(({ file }) => file.size > limits.maxFileBytes);
  if (large) throw new Error(T.tooLarge({ path: large.path, bytes: large.file.size, max: limits.maxFileBytes }));
}

/** The choices in words; `polarity` the one used ("(detected)" when the person left it to the images). */
function describe(kind, preprocessing, polarity) {
  const levels = T.levels[preprocessing.levels];
  if (kind === 'idx') return T.idxAsTheyAre(levels);
  const ink = (T.polarity[polarity] ?? T.inkDetected) + (preprocessing.polarity ? '' : T.detected);
  return T.howImages({ framing: T.framing[preprocessing.framing], ink, levels });
}

/** A name for IDX files: their common prefix before "train"/"t10k" (e.g. "emnist-letters"), else "IDX files". */
function idxName(files) {
  const stem = files[0].path.toLowerCase().split(/-?(train|t10k|test)/)[0];
  return stem || T.idxFiles;
}
