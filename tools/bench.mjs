// In-browser benchmark (`./build.sh bench`): start-up time (also of the published site, dist/:
// first visit, repeat visit, offline), the page's frames per second while a person draws
// (refined), with the Compare view open and while the model trains, the Compare view's times,
// and per backend the training throughput,
// decode latency and drawing-update time; optionally one full epoch with its test ELBO
// (`--epoch`) and, with `--webgpu`, the same figures from a second Chromium with WebGPU on
// (SwiftShader where there is no GPU: minutes, as one training step there takes seconds), with
// the page's own WebGPU check. Prints one JSON object per line. A benchmark, not a test: nothing
// asserts.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { MNIST_FILES } from '../www/data.js';
import { png } from '../tests/page/datasets.mjs';
import { ROOT, drawContinuously, measureMainThread, openSite, watchLongTasks } from '../tests/page/harness.mjs';
import { build as buildSite } from './dist.mjs';

const withEpoch = process.argv.includes('--epoch');
const withWebGpu = process.argv.includes('--webgpu');
const DRAWING_MS = 5000;
const print = (record) => console.log(JSON.stringify({ where: 'browser', ...record }));

/** Navigation start to the first decoded image on screen (the page's `vae:ready` mark). */
async function firstDecode(page, { webgpu = false, isolated = true } = {}) {
  const value = await page.evaluate(() => performance.getEntriesByName('vae:ready')[0].startTime);
  print({ metric: 'page_load_to_first_decode_ms', webgpu, isolated, value, note: 'navigation start to the first decoded image on screen' });
  // The page goes on with samples, the manifold and the map: let it finish before timing more.
  await page.waitForSelector('body[data-map-ready=true]', { timeout: 180_000 });
  await page.waitForFunction(() => window.vaeApp.busy === 0, null, { timeout: 120_000 });
}

/**
 * Frames per second (and long tasks) while drawing without a pause, refined; then with the
 * Inside view open; then while training too.
 */
async function framesPerSecond(page) {
  const drawing = await measureMainThread(page, () => drawContinuously(page, DRAWING_MS));
  print({ metric: 'frames_per_second_drawing', value: drawing.framesPerSecond, longTasksMs: drawing.longTasks, note: 'continuous drawing, refine q(z|x) on' });
  await page.click('#inside-open');
  const shownBefore = await page.evaluate(() => window.vaeApp.inside.count);
  const inside = await measureMainThread(page, () => drawContinuously(page, DRAWING_MS));
  const insideUpdates = (await page.evaluate(() => window.vaeApp.inside.count)) - shownBefore;
  print({ metric: 'frames_per_second_drawing_inside', value: inside.framesPerSecond, longTasksMs: inside.longTasks, insideUpdates, note: 'continuous drawing with the Inside view open, refine on' });
  await page.click('#inside-close');
  // The conditional model: each update also reads the digit (ten ELBOs) and writes every digit.
  await page.selectOption('#model-select', 'www/models/cvae-latent2.vaew');
  await page.waitForFunction(() => window.vaeApp.model.config.kind === 'cvae' && window.vaeApp.busy === 0, null, { timeout: 120_000 });
  const conditional = await measureMainThread(page, () => drawContinuously(page, DRAWING_MS));
  print({ metric: 'frames_per_second_drawing_conditional', value: conditional.framesPerSecond, longTasksMs: conditional.longTasks, note: 'continuous drawing with the conditional model (p(y|x), every digit), refine on' });
  await page.click('#clear');
  await page.selectOption('#model-select', 'www/models/conv-latent2.vaew');
  await page.waitForFunction(() => window.vaeApp.model.config.kind === 'conv' && window.vaeApp.busy === 0, null, { timeout: 120_000 });
  await page.click('#clear');
  await page.click('#train-start');
  await page.waitForFunction(() => /img\/s/.test(document.querySelector('#train-status').textContent), null, { timeout: 180_000 });
  const training = await measureMainThread(page, () => drawContinuously(page, DRAWING_MS));
  print({ metric: 'frames_per_second_training', value: training.framesPerSecond, longTasksMs: training.longTasks, note: 'training in the worker while drawing, refine on' });
  await page.click('#train-pause');
  await page.waitForSelector('#train-start:not([disabled])', { timeout: 180_000 });
  await page.waitForFunction(() => window.vaeApp.busy === 0, null, { timeout: 120_000 });
}

/**
 * The Compare view: from the click to three models' maps and samples, and to their figures on
 * the 10,000 test digits; then how long a new drawing takes to reach all three columns, the
 * frames per second while drawing with the view open, and one model's traversals (16 rows of 9,
 * one batched decode) from the request to the picture.
 */
async function compareFigures(page) {
  const started = Date.now();
  await page.click('#compare-open');
  await page.waitForFunction(() => window.vaeApp.compare.columns.every((column) => !column.choice || column.codes > 0), null, { timeout: 180_000, polling: 10 });
  const opened = Date.now() - started;
  await page.waitForFunction(() => window.vaeApp.compare.columns.every((column) => !column.choice || column.statistics), null, { timeout: 600_000, polling: 50 });
  print({ metric: 'compare_open_ms', value: opened, measuredMs: Date.now() - started, models: 3, note: 'click to three models\' maps (2,000 codes each) and samples; then to each measured on the 10,000 test digits' });
  await page.locator('#pad').scrollIntoViewIfNeeded();
  const box = await page.locator('#pad').boundingBox();
  const updates = [];
  for (let stroke = 0; stroke < 7; stroke += 1) {
    const shown = await page.evaluate(() => window.vaeApp.compare.drawingsShown);
    await page.mouse.move(box.x + box.width * (0.3 + stroke * 0.05), box.y + box.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * (0.35 + stroke * 0.05), box.y + box.height * 0.8, { steps: 6 });
    const released = Date.now();
    await page.mouse.up();
    await page.waitForFunction((seen) => window.vaeApp.compare.drawingsShown > seen && window.vaeApp.busy === 0, shown, { timeout: 60_000, polling: 5 });
    updates.push(Date.now() - released);
  }
  updates.sort((a, b) => a - b);
  print({ metric: 'compare_update_ms', value: updates[Math.floor(updates.length / 2)], all: updates, note: 'median, pen up to the three columns redrawn (each model explains the drawing)' });
  const open = await measureMainThread(page, () => drawContinuously(page, DRAWING_MS));
  print({ metric: 'frames_per_second_drawing_compare', value: open.framesPerSecond, longTasksMs: open.longTasks, note: 'continuous drawing with the Compare view open (three models), refine on' });
  await page.click('#compare-panel [data-preset=beta]');
  await page.waitForFunction(() => window.vaeApp.compare.columns[1].choice === 'conv-latent16-beta10' && window.vaeApp.compare.columns[1].codes > 0 && window.vaeApp.busy === 0, null, { timeout: 600_000 });
  const times = [];
  for (const index of ['1', '0', '1', '0', '1']) {
    const name = await page.$eval(`#traversal-model option[value="${index}"]`, (option) => option.textContent.replace(/^\d+: /, ''));
    const asked = Date.now();
    await page.selectOption('#traversal-model', index);
    await page.waitForFunction((name) => window.vaeApp.compare.traversals?.name === name, name, { timeout: 60_000, polling: 5 });
    times.push(Date.now() - asked);
  }
  times.sort((a, b) => a - b);
  print({ metric: 'traversal_decode_ms', value: times[Math.floor(times.length / 2)], all: times, images: 16 * 9, note: 'median, choosing a latent-16 model to the 16 × 9 traversal drawn (one batched decode in its worker)' });
  await page.click('#compare-close');
}

/**
 * The wasm API's figures for one backend in one build, timed in a worker (tools/bench-worker.js)
 * as the page's workers use it, each call awaited.
 */
function apiFigures(page, run) {
  return page.evaluate(
    (message) =>
      new Promise((resolve, reject) => {
        const worker = new Worker('/tools/bench-worker.js', { type: 'module' });
        worker.onmessage = (event) => {
          worker.terminate();
          resolve(event.data);
        };
        worker.onerror = (event) => {
          worker.terminate();
          reject(new Error(event.message));
        };
        worker.postMessage(message);
      }),
    { ...run, withEpoch },
  );
}

// ---------------------------------------------------------------- the CPU: a browser without WebGPU

{
  const site = await openSite({ beforeLoad: watchLongTasks });
  const { page } = site;
  await firstDecode(page);
  for (const build of ['threads', 'full']) {
    const file = join(ROOT, 'pkg', build, 'vae_wasm_bg.wasm');
    if (!existsSync(file)) continue;
    const wasm = readFileSync(file);
    print({ metric: 'wasm_bytes', build, value: wasm.length, gzipped: gzipSync(wasm, { level: 9 }).length });
  }
  await framesPerSecond(page);
  await compareFigures(page);
  // Flex on one core (pkg/full, where the page is not cross-origin isolated) and on every core
  // (pkg/threads), and ndarray (pkg/full).
  const runs = [
    { build: 'full', backend: 'cpu' },
    { build: 'threads', backend: 'cpu' },
    { build: 'full', backend: 'ndarray' },
  ];
  for (const run of runs) {
    (await apiFigures(page, run)).forEach(print);
  }
  await site.close();
}

// ---------------------------------------------------------------- your own data

/** MNIST's training images written as 60,000 PNG files, a sub-folder per digit (dark on white). */
function mnistAsPngFolder() {
  const folder = join(mkdtempSync(join(tmpdir(), 'vae-bench-')), 'mnist-png');
  const images = gunzipSync(readFileSync(join(ROOT, 'www', 'data', MNIST_FILES.train[0]))).subarray(16);
  const labels = gunzipSync(readFileSync(join(ROOT, 'www', 'data', MNIST_FILES.train[1]))).subarray(8);
  for (let digit = 0; digit < 10; digit += 1) mkdirSync(join(folder, String(digit)), { recursive: true });
  labels.forEach((label, i) => {
    const image = images.subarray(i * 784, (i + 1) * 784);
    writeFileSync(join(folder, String(label), `${String(i).padStart(5, '0')}.png`), png(28, (x, y) => 255 - image[y * 28 + x]));
  });
  return folder;
}

/**
 * Brings a dataset through the page's picker `input` and uses it: the seconds the browser takes
 * to hand the page the files (Playwright's setInputFiles: building the FileList), to open them
 * (listed in the worker, the first images decoded, the preview), to read them all (the dataset
 * worker's own figure), and the page's frames per second and longest gap between frames from
 * the files' arrival on.
 */
async function bringData(page, input, files) {
  await page.evaluate((input) => {
    delete document.body.dataset.datasetSeconds;
    window.frames_ = [];
    const tick = (time) => {
      window.frames_.push(time);
      if (!document.body.dataset.datasetSeconds) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    document.querySelector(input).addEventListener('change', () => (window.filesAt_ = performance.now()), { capture: true, once: true });
  }, input);
  let started = Date.now();
  await page.setInputFiles(input, files);
  const handOver = (Date.now() - started) / 1000;
  started = Date.now();
  await page.waitForSelector('#data-use:not([disabled])', { timeout: 600_000 });
  const opened = (Date.now() - started) / 1000;
  await page.click('#data-use');
  await page.waitForSelector('body[data-dataset-seconds]', { timeout: 600_000 });
  const main = await page.evaluate(() => {
    const frames = window.frames_.filter((time) => time > window.filesAt_);
    const gaps = frames.slice(1).map((time, i) => time - frames[i]);
    const longTasks = (window.longTasks_ ?? []).filter((task) => task.start >= window.filesAt_).map((task) => Math.round(task.duration));
    return { framesPerSecond: (frames.length * 1000) / (frames.at(-1) - window.filesAt_), longestGapMs: Math.round(Math.max(...gaps)), longTasksMs: longTasks };
  });
  return { handOverSeconds: handOver, openSeconds: opened, readSeconds: Number(await page.evaluate(() => document.body.dataset.datasetSeconds)), ...main };
}

/**
 * Images per second the page trains a fresh model at (batch 32): the images it reports having
 * seen over `seconds`, after 5 s to warm up.
 */
async function trainingThroughput(page, seconds = 20) {
  const seen = async () => Number(/· ([\d,]+) images ·/.exec(await page.textContent('#train-status'))[1].replaceAll(',', ''));
  await page.click('#train-reset');
  await page.waitForFunction(() => window.vaeApp.busy === 0, null, { timeout: 120_000 });
  await page.click('#train-start');
  await page.waitForFunction(() => /img\/s/.test(document.querySelector('#train-status').textContent), null, { timeout: 180_000 });
  await page.waitForTimeout(5000);
  const [before, started] = [await seen(), Date.now()];
  await page.waitForTimeout(seconds * 1000);
  const [after, ended] = [await seen(), Date.now()];
  await page.click('#train-pause');
  await page.waitForSelector('#train-start:not([disabled])', { timeout: 180_000 });
  return Math.round(((after - before) * 1000) / (ended - started));
}

{
  const folder = mnistAsPngFolder();
  const site = await openSite({ beforeLoad: watchLongTasks });
  const { page } = site;
  await firstDecode(page);
  const mnist = [await trainingThroughput(page)];
  const idx = await bringData(page, '#data-idx', [...MNIST_FILES.train, ...MNIST_FILES.test].map((name) => join(ROOT, 'www', 'data', name)));
  print({ metric: 'dataset_idx_60000', ...idx, note: "MNIST's four IDX files (gzip) brought through the page: open (parse, preview) and read (splits handed to the workers)" });
  const pngs = await bringData(page, '#data-folder', folder);
  print({ metric: 'dataset_png_folder_60000', ...pngs, note: 'MNIST as 60,000 PNG files in 10 sub-folders: open (list, label, first images) and read (decode, preprocess, hold out a tenth)' });
  // Interleaved, as the machine's speed drifts: brought, MNIST, brought.
  const brought = [await trainingThroughput(page)];
  await page.click('#data-mnist');
  await page.waitForFunction(() => window.vaeApp.busy === 0, null, { timeout: 120_000 });
  mnist.push(await trainingThroughput(page));
  await bringData(page, '#data-idx', [...MNIST_FILES.train, ...MNIST_FILES.test].map((name) => join(ROOT, 'www', 'data', name)));
  brought.push(await trainingThroughput(page));
  print({ metric: 'training_images_per_second_brought_vs_mnist', brought, mnist, note: 'the page training a fresh conv model, batch 32, images seen over 20 s after 5 s: brought (PNG folder, then IDX files) against MNIST, interleaved' });
  await site.close();
  rmSync(join(folder, '..'), { recursive: true, force: true });
}

// ---------------------------------------------------------------- a host without COOP/COEP

{
  // The CPU then runs in pkg/full, the larger module: what a plain static host costs at start.
  const site = await openSite({ isolated: false });
  await firstDecode(site.page, { isolated: false });
  await site.close();
}

// ---------------------------------------------------------------- the published site (dist/), no headers

{
  // As a visitor meets it on a plain static host: the first visit (the service worker caches the
  // site, then one reload makes the page isolated), a repeat visit, and a reload offline.
  const { files } = buildSite(join(ROOT, 'dist'));
  const sizes = Object.values(files);
  const bytes = (when) => sizes.filter((file) => !when || file.when === when).reduce((sum, file) => sum + file.bytes, 0);
  print({ metric: 'dist_bytes', value: bytes(), files: sizes.length, cachedAtInstall: bytes('install'), cachedOnFirstVisit: bytes('visit'), cachedOnUse: bytes('use') });
  let started;
  const site = await openSite({
    folder: join(ROOT, 'dist'),
    beforeLoad: () => {
      started = Date.now();
    },
  });
  const { page, context } = site;
  // Across the reload: from the first request to the first decoded image of the second document.
  const firstVisit = await page.evaluate(() => performance.timeOrigin + performance.getEntriesByName('vae:ready')[0].startTime);
  print({ metric: 'site_first_visit_to_first_decode_ms', value: firstVisit - started, isolated: await page.evaluate(() => crossOriginIsolated), note: 'plain static host, new browser profile: caching, one reload, first decoded image' });
  await page.waitForSelector('body[data-offline=true]', { timeout: 300_000 });
  await page.reload();
  await page.waitForSelector('body[data-ready=true]', { timeout: 120_000 });
  print({ metric: 'site_repeat_visit_to_first_decode_ms', value: await page.evaluate(() => performance.getEntriesByName('vae:ready')[0].startTime), note: 'served by the service worker' });
  site.stopServer();
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('body[data-ready=true]', { timeout: 120_000 });
  print({ metric: 'site_offline_reload_to_first_decode_ms', value: await page.evaluate(() => performance.getEntriesByName('vae:ready')[0].startTime), note: 'no network, no host' });
  await site.close();
}

// ---------------------------------------------------------------- WebGPU: Chromium with WebGPU on

if (withWebGpu) {
  const site = await openSite({ webgpu: true });
  const { page } = site;
  await firstDecode(page, { webgpu: true });
  await page.waitForFunction(() => window.vaeApp.backend.check !== null && !document.body.dataset.switching, null, { timeout: 300_000 });
  const { check, backends } = await page.evaluate(() => window.vaeApp.backend);
  print({ metric: 'webgpu_check', ok: check.ok, reason: check.reason, seconds: check.seconds, times: check.times, backends, badge: await page.textContent('#backend-badge') });
  (await apiFigures(page, { build: 'full', backend: 'webgpu' })).forEach(print);
  await site.close();
}
