// The training panel's data: MNIST, or a dataset the person brings (IDX files, image files, a
// folder of images). Picking files opens them in the dataset worker and previews the first
// inputs under the choices shown; "Use this data" reads them all (with progress) and hands the
// splits to the page; "Back to MNIST" restores the built-in data. A failure leaves the data in
// use as it was.

import { DatasetClient } from '../dataset-client.js';
import { drawImages } from '../plots.js';

const $ = (id) => document.getElementById(id);
const PREVIEW_COLUMNS = 8;
const FRAMING = { ink: 'ink on paper (cropped to the ink and centred)', whole: 'whole images (resized to 28×28)' };
const POLARITY = { 'dark-on-light': 'dark ink on light paper', 'light-on-dark': 'light ink on a dark ground' };
const LEVELS = { binary: 'binarised at ½', grey: 'grey levels kept' };
const SEED_LIMIT = 2 ** 32;

const count = (n, one, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** A class list in words: "3 classes (circle, square, triangle)", shortened when long. */
function classes(names) {
  if (!names.length) return 'no labels';
  const shown = names.length > 12 ? [...names.slice(0, 12), '…'] : names;
  return `${count(names.length, 'class', 'classes')} (${shown.join(', ')})`;
}

export class DatasetPanel {
  /**
   * @param {object} hooks
   * @param {(dataset: object|null) => Promise<void>} hooks.onUse a brought dataset ({train, test,
   *   record, heldOut, seed, labelNames}) or MNIST (null) is to be used; rejects if it cannot be
   * @param {(text: string, kind?: string) => void} hooks.notify
   */
  constructor(hooks) {
    this.hooks = hooks;
    this.client = new DatasetClient(
      (done, total) => this.showProgress(done, total),
      (done, total) => this.setStatus(`Listing ${done.toLocaleString('en')} of ${count(total, 'file')}…`),
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
  }

  /** The dataset's limits (configLimits().dataset), stated under the buttons. */
  applyLimits(limits) {
    this.limits = limits;
    $('data-limits').textContent =
      `Your own data never leaves this browser. At most ${limits.maxImages.toLocaleString('en')} images, ` +
      `${limits.maxSide.toLocaleString('en')} pixels a side, ${(limits.maxTotalPixels / 1e9).toFixed(1)} billion pixels in all, ` +
      `${limits.maxClasses} classes (sub-folders); without a test split, one image in ${limits.heldOutParts} is held out for testing.`;
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
    this.setStatus(`Opening ${count(picked.length, 'file')}…`);
    $('data-brought').hidden = false;
    $('data-use').disabled = true;
    $('data-progress').hidden = true;
    try {
      const top = picked[0].path.includes('/') ? picked[0].path.split('/')[0] : null;
      const files = kind === 'idx' ? picked : imagesOf(picked, top, this.limits);
      refuseLarge(files, this.limits);
      const opened = await this.client.open(kind, files, top ?? 'the files picked');
      this.opened = { kind, ...opened, folder: top };
      const form = $('data-form').elements;
      form.name.value = top ?? (kind === 'idx' ? idxName(files) : files[0].path.replace(/\.[^.]*$/, ''));
      form.polarity.value = '';
      for (const label of document.querySelectorAll('[data-images-only]')) label.hidden = kind === 'idx';
      await this.preview();
      $('data-use').disabled = false;
    } catch (error) {
      this.fail(`Could not open these files: ${error.message}`);
    } finally {
      this.busy = false;
    }
  }

  /** Shows inputs from across the dataset under the form's choices, and what training on them would be. */
  async preview() {
    if (!this.opened) return;
    const { pixels, polarity } = await this.client.preview(this.preprocessing()).catch((error) => {
      this.fail(`Could not preview these images: ${error.message}`);
      return {};
    });
    if (!pixels) return;
    const shown = pixels.length / 784;
    drawImages($('data-preview'), Float32Array.from(pixels, (value) => value / 255), shown, PREVIEW_COLUMNS);
    const { kind, count: total, hasTest, labelNames } = this.opened;
    const how = describe(kind, this.preprocessing(), polarity);
    const held = Math.floor(total / this.limits.heldOutParts);
    const test = hasTest ? 'with a test split' : `no test split: ${count(held, 'image')} (a tenth) will be held out for testing`;
    this.setStatus(`${count(total, 'image')} · ${classes(labelNames)} · ${test} · ${how}.`);
    $('data-preview-caption').textContent = `${shown} inputs from across the ${kind === 'idx' ? 'training images' : 'images'}, as the model will see them`;
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
      this.fail(`Could not use these files: ${error.message}`);
    } finally {
      this.busy = false;
      $('data-use').disabled = false;
      $('data-progress').hidden = true;
    }
  }

  showInUse({ record, train, test, heldOut, seed, labelNames, seconds, kind, preprocessing }) {
    const trainCount = train.pixels.length / 784;
    const testCount = test.pixels.length / 784;
    const tested = heldOut ? `${count(testCount, 'image')} held out for testing (a tenth, chosen with seed ${seed})` : `${count(testCount, 'test image')}`;
    const how = describe(kind, preprocessing, record.preprocessing?.polarity);
    $('data-in-use').textContent = `${record.name}: ${count(trainCount, 'image')} to train on, ${tested} · ${classes(labelNames)} · ${how} · read in ${seconds.toFixed(1)} s.`;
  }

  showProgress(done, total) {
    $('data-progress').value = done / total;
    this.setStatus(`Read ${done.toLocaleString('en')} of ${count(total, 'image')}…`);
  }

  setStatus(text) {
    $('data-summary').textContent = text;
  }

  fail(message) {
    this.close();
    this.hooks.notify(`${message}. The data in use is unchanged.`, 'error');
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
    $('data-in-use').textContent = 'MNIST: 60,000 handwritten digits to train on, 10,000 to test on.';
    $('data-mnist').hidden = true;
  }
}

/** What a weights file records of its training data (VaeSession.trainedOn()), in words. */
export function describeRecord(record) {
  if (!record) return 'data this page cannot tell';
  const parts = [count(record.images, 'image')];
  const how = record.preprocessing;
  if (how) parts.push(`${FRAMING[how.framing]}, ${POLARITY[how.polarity] ?? 'ink detected'}, ${LEVELS[how.levels]}`);
  if (record.labelNames.length) parts.push(`classes ${record.labelNames.join(', ')}`);
  return `${record.name} (${parts.join('; ')})`;
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
  const where = top ?? 'the files picked';
  if (images.length === 0) throw new Error(`${where} holds no images (${limits.extensions.join(', ')})`);
  if (images.length > limits.maxImages) {
    throw new Error(`${where} holds ${images.length.toLocaleString('en')} images; a dataset holds at most ${limits.maxImages.toLocaleString('en')}`);
  }
  return images;
}

/** Refuses a file larger than the limit before anything reads it. */
function refuseLarge(files, limits) {
  const large = files.find(({ file }) => file.size > limits.maxFileBytes);
  if (large) throw new Error(`${large.path}: ${large.file.size.toLocaleString('en')} bytes; a file may hold at most ${limits.maxFileBytes.toLocaleString('en')}`);
}

/** The choices in words; `polarity` the one used ("(detected)" when the person left it to the images). */
function describe(kind, preprocessing, polarity) {
  const levels = LEVELS[preprocessing.levels];
  if (kind === 'idx') return `28×28 images as they are, ${levels}`;
  const ink = POLARITY[polarity] ?? 'ink detected';
  return `${FRAMING[preprocessing.framing]}, ${ink}${preprocessing.polarity ? '' : ' (detected)'}, ${levels}`;
}

/** A name for IDX files: their common prefix before "train"/"t10k" (e.g. "emnist-letters"), else "IDX files". */
function idxName(files) {
  const stem = files[0].path.toLowerCase().split(/-?(train|t10k|test)/)[0];
  return stem || 'IDX files';
}
