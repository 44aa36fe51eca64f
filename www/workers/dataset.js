// The dataset worker: reads the files a person brings (IDX files, or images picked as files or
// as a folder), off the page's thread. The browser only decodes image files to RGBA pixels;
// the crate checks each header, labels the folder, makes every image a 28×28 input and holds
// out a test part (src/images.rs, src/dataset.rs). Nothing leaves the browser.
//
// 'add' hands over the files a few at a time; 'open' lists and checks them (IDX files are read
// whole); 'preview' shows inputs from across the dataset under some choices; 'read' makes every
// input, posting progress, and answers 'done'. The page starts a new worker for other files,
// so a read never has to be cancelled.

import { IMAGE_PIXELS as PIXELS } from '../data.js';
import { DATASET_KINDS, refuseFile, refusalOf, within, withoutKind } from '../i18n/refusal.js';
import { DATASET_COMMANDS, DATASET_EVENTS, accept, compose } from '../protocol.js';
import { buildFor, loadBuild } from '../wasm.js';

/** Inputs shown before training. */
const PREVIEW = 16;
/** At most this many images, bytes of files and pixels (64 MiB of RGBA) are read and decoded at a time. */
const BATCH = 256;
const BATCH_BYTES = 64 << 20;
const BATCH_PIXELS = 1 << 24;

let wasm = null;
let limits = null;
/** The files the page added, [{file, path}], until 'open' lists them. */
const added = [];
/** What 'open' found: {kind: 'idx', splits} or {kind: 'images', files, paths, labels, names}. */
let opened = null;
/** The first images, decoded: polarity is detected on them (as the CLI does). */
let sample = null;
/** Up to PREVIEW images from across the dataset, decoded: the preview shows them. */
let shown = null;
/** Pixels decoded so far, against the limit on the total. */
let decodedPixels = 0;

function post(type, fields = {}, transfer = []) {
  postMessage(compose(DATASET_EVENTS, type, fields), transfer);
}

async function ensureWasm() {
  // The CPU's build, as the page's workers load it (no second download), without a thread
  // pool: converting data runs on this worker's thread.
  wasm ??= await loadBuild(buildFor('cpu'), { pool: false });
  limits ??= wasm.configLimits().dataset;
}

/** IDX labels have no names: the classes are their numbers, up to the largest label. */
function numberNames(labels) {
  if (!labels) return [];
  const top = labels.reduce((max, label) => Math.max(max, label), 0);
  return Array.from({ length: top + 1 }, (_, label) => String(label));
}

/**
 * Lists the files added (the page checked their count and sizes, kept only images of the kinds
 * both builds decode, sorted them by path and made the paths relative to the folder picked,
 * `where`): IDX files are read and parsed whole (they are compact); of images the labels are
 * checked before any is decoded, then the first images and those the preview shows are decoded.
 */
async function open({ kind, where }) {
  await ensureWasm();
  opened = null;
  sample = null;
  shown = null;
  decodedPixels = 0;
  if (kind === 'idx') {
    const read = await Promise.all(added.map(async ({ file, path }) => ({ name: path, bytes: new Uint8Array(await file.arrayBuffer()) })));
    const splits = wasm.readIdxFiles(read);
    opened = { kind, splits };
    const count = (splits.train.pixels.length + (splits.test?.pixels.length ?? 0)) / PIXELS;
    return { count, hasTest: splits.test !== null, labelNames: numberNames(splits.train.labels) };
  }
  const paths = added.map(({ path }) => path);
  const labelled = wasm.labelsFromPaths(paths, where);
  opened = { kind, files: added.map(({ file }) => file), paths, labels: labelled.labels, names: labelled.names };
  sample = await decodeSample();
  shown = await decodeSpread();
  return { count: paths.length, hasTest: false, labelNames: labelled.names };
}

/** A file's bytes and the size its header states (checked before anything is decoded). */
async function readHeader(index) {
  try {
    const bytes = new Uint8Array(await opened.files[index].arrayBuffer());
    const { width, height } = wasm.imageSize(bytes);
    return { bytes, width, height };
  } catch (error) {
    throw within(error, opened.paths[index]);
  }
}

/** One image's RGBA pixels, decoded by the browser; it must decode to the size its header states. */
async function decodeOne({ bytes, width, height }, index) {
  try {
    let bitmap;
    try {
      bitmap = await createImageBitmap(new Blob([bytes]), { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
    } catch (error) {
      // createImageBitmap's own message names no file and no cause.
      throw refuseFile('undecodable', { reason: error.message });
    }
    if (bitmap.width !== width || bitmap.height !== height) {
      bitmap.close();
      throw refuseFile('decodes-otherwise', { width, height, decodedWidth: bitmap.width, decodedHeight: bitmap.height });
    }
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    context.drawImage(bitmap, 0, 0);
    bitmap.close();
    return context.getImageData(0, 0, width, height).data;
  } catch (error) {
    throw within(error, opened.paths[index]);
  }
}

/**
 * The images from `start` on, at most `maxCount`, BATCH_BYTES of files and BATCH_PIXELS (at
 * least one), decoded as one RGBA array with their sizes and names (what preprocessImages
 * takes). The files are read at once (reading one at a time waits on each); every header is
 * checked, and counted against the limit on all pixels, before its image is decoded.
 */
async function decodeBatch(start, maxCount) {
  const { files } = opened;
  let end = start;
  let bytes = 0;
  while (end < files.length && end - start < maxCount && (end === start || bytes + files[end].size <= BATCH_BYTES)) {
    bytes += files[end].size;
    end += 1;
  }
  const read = await Promise.all(Array.from({ length: end - start }, (_, i) => readHeader(start + i)));
  // Within the pixel budget (the rest are read again for the next batch).
  const headers = [];
  let pixels = 0;
  for (const header of read) {
    const size = header.width * header.height;
    if (headers.length && pixels + size > BATCH_PIXELS) break;
    decodedPixels += size;
    if (decodedPixels > limits.maxTotalPixels) {
      const path = opened.paths[start + headers.length];
      throw within(refuseFile('too-many-pixels', { max: limits.maxTotalPixels.toLocaleString('en') }), path);
    }
    headers.push(header);
    pixels += size;
  }
  const decoded = await Promise.all(headers.map((header, i) => decodeOne(header, start + i)));
  return assemble(headers, decoded, opened.paths.slice(start, start + headers.length));
}

/** Up to PREVIEW indices spread evenly over `count` images, first and last included. */
function spread(count) {
  const shown = Math.min(PREVIEW, count);
  return [...new Set(Array.from({ length: shown }, (_, i) => Math.round((i * (count - 1)) / Math.max(1, shown - 1))))];
}

/**
 * Images from across the dataset (every class of a folder sorted by class), decoded for the
 * preview: within BATCH_PIXELS (at least one), not counted against the limit on all pixels (the
 * read decodes them again).
 */
async function decodeSpread() {
  const headers = [];
  const indices = [];
  let pixels = 0;
  for (const index of spread(opened.files.length)) {
    const header = await readHeader(index);
    const size = header.width * header.height;
    if (headers.length && pixels + size > BATCH_PIXELS) break;
    headers.push(header);
    indices.push(index);
    pixels += size;
  }
  const decoded = await Promise.all(headers.map((header, i) => decodeOne(header, indices[i])));
  return assemble(headers, decoded, indices.map((index) => opened.paths[index]));
}

/** Decoded images as one batch for preprocessImages: {rgba, sizes, names, pixels}. */
function assemble(headers, decoded, names) {
  const pixels = headers.reduce((total, { width, height }) => total + width * height, 0);
  const rgba = new Uint8Array(pixels * 4);
  let at = 0;
  for (const image of decoded) {
    rgba.set(image, at);
    at += image.length;
  }
  const sizes = Uint32Array.from(headers.flatMap(({ width, height }) => [width, height]));
  return { rgba, sizes, names, pixels };
}

/** The first images, on which the polarity is detected (as the CLI detects it). */
async function decodeSample() {
  // One at a time, keeping only the sizes: the first files may be large.
  const sizes = new Uint32Array(2 * Math.min(opened.files.length, limits.polaritySample));
  for (let index = 0; index < sizes.length / 2; index += 1) {
    const { width, height } = await readHeader(index);
    sizes.set([width, height], 2 * index);
  }
  return decodeBatch(0, wasm.polaritySampleLength(sizes));
}

/** The inputs of a decoded batch under `preprocessing` (polarity null: detected on it). */
function inputsOf(batch, preprocessing) {
  try {
    return wasm.preprocessImages(batch.rgba, batch.sizes, preprocessing, batch.names);
  } catch (error) {
    throw withoutKind(error, DATASET_KINDS);
  }
}

/**
 * The first inputs as the model will see them under `preprocessing`, and the polarity that
 * applies (detected on the first batch unless chosen).
 */
function preview({ preprocessing }) {
  if (opened.kind === 'idx') {
    const { pixels } = opened.splits.train;
    const indices = spread(pixels.length / PIXELS);
    const picked = new Uint8Array(indices.length * PIXELS);
    indices.forEach((index, i) => picked.set(pixels.subarray(index * PIXELS, (index + 1) * PIXELS), i * PIXELS));
    return { pixels: wasm.applyLevels(picked, preprocessing.levels), polarity: null };
  }
  // The polarity said, or detected on the first images as the read will detect it.
  const polarity = preprocessing.polarity ?? inputsOf(sample, preprocessing).polarity;
  return { pixels: inputsOf(shown, { ...preprocessing, polarity }).pixels, polarity };
}

/**
 * Every input, with a test split (brought, or a tenth held out with `seed`) and what the
 * weights record: {train, test, record, heldOut}.
 */
async function read({ preprocessing, seed, name }) {
  let all;
  let test = null;
  let recorded;
  if (opened.kind === 'idx') {
    ({ train: all, test } = opened.splits);
    recorded = wasm.idxPreprocessing(preprocessing.levels);
  } else {
    const count = opened.files.length;
    // The polarity of the first batch holds for all, as the CLI does.
    const first = inputsOf(sample, preprocessing);
    const chosen = { ...preprocessing, polarity: first.polarity };
    const pixels = new Uint8Array(count * PIXELS);
    pixels.set(first.pixels);
    let done = sample.sizes.length / 2;
    // Counted again from the sample on (a read that failed may be tried again).
    decodedPixels = sample.pixels;
    post('progress', { done, total: count });
    while (done < count) {
      const batch = await decodeBatch(done, BATCH);
      pixels.set(inputsOf(batch, chosen).pixels, done * PIXELS);
      done += batch.sizes.length / 2;
      post('progress', { done, total: count });
    }
    all = { pixels, labels: opened.labels };
    recorded = chosen;
  }
  const heldOut = test === null;
  if (heldOut) ({ train: all, test } = wasm.holdOut(all.pixels, all.labels ?? undefined, seed));
  const names = opened.kind === 'idx' ? [] : opened.names;
  const record = { name, images: all.pixels.length / PIXELS, preprocessing: recorded, labelNames: names };
  return { train: all, test, record, heldOut };
}

const buffersOf = (dataset) => [dataset.train, dataset.test].flatMap((split) => [split.pixels.buffer, split.labels?.buffer].filter(Boolean));

onmessage = async (event) => {
  const command = accept(DATASET_COMMANDS, event.data);
  try {
    if (command.type === 'add') added.push(...command.files);
    else if (command.type === 'open') post('opened', await open(command));
    else if (command.type === 'preview') {
      const shown = preview(command);
      post('previewed', shown, [shown.pixels.buffer]);
    } else if (command.type === 'read') {
      const dataset = await read(command);
      // The IDX splits stay here for another read: they go as copies.
      post('done', dataset, opened.kind === 'idx' && !dataset.heldOut ? [] : buffersOf(dataset));
    }
  } catch (error) {
    const refused = withoutKind(error, DATASET_KINDS);
    post('failed', { message: refused.message, refusal: refusalOf(refused) });
  }
};
