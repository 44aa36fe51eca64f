// The WebAssembly module failing to load gives a message instead of a dead page. The training
// worker failing mid-run: an uncaught error in the worker (as a wasm trap would
// raise) gives a message, the page's model is intact, and training can go on. When the worker
// was training on WebGPU, the page moves to the CPU and carries on by itself. The inference
// worker failing: the page starts a new one with the weights it holds, says so, and goes on.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { drawStrokes, drawingOutputs, openSite } from './harness.mjs';

const ONE = [[[140, 40], [140, 240]]];

/** Starts training and resolves once the worker reports progress (of this run, not the last). */
async function startTraining(page) {
  await page.click('#train-start');
  await page.waitForFunction(() => window.vaeApp.training && /img\/s/.test(document.querySelector('#train-status').textContent), null, { timeout: 120_000 });
}

/** Throws an uncaught error inside the newest worker running `script`, outside any handler. */
async function crashWorker(page, script = 'training.js') {
  const worker = page.workers().filter((w) => w.url().endsWith(`/www/workers/${script}`)).at(-1);
  assert.ok(worker, `the ${script} worker is running`);
  // Later than at once, so that this call's answer leaves the worker before the worker goes.
  await worker.evaluate(() => setTimeout(() => { throw new Error('simulated crash'); }, 50));
}

describe('a failing training worker', { timeout: 300_000 }, () => {
  let site;
  before(async () => {
    site = await openSite();
  });
  after(async () => site?.close());

  test('a crash gives a message, keeps the model, and training can restart', async () => {
    const { page } = site;
    await page.fill('#train-form input[name=epochs]', '1');
    await startTraining(page);
    await crashWorker(page);
    await page.waitForFunction(() => /training worker crashed \(.*simulated crash.*\)/.test(document.querySelector('#message').textContent));
    assert.match(await page.textContent('#message'), /Your model is intact/);
    const pixels = await page.evaluate(async () => (await window.vaeApp.model.decode(new Float32Array([0, 0]))).length);
    assert.equal(pixels, 784);
    assert.equal(await page.isEnabled('#train-start'), true);
    await startTraining(page);
    await page.click('#train-pause');
    await page.waitForSelector('#train-start:not([disabled])', { timeout: 60_000 });
  });

  test('a crash while training on WebGPU moves training to the CPU', async () => {
    const { page } = site;
    await page.click('#train-reset');
    await startTraining(page);
    // As if this run were on the WebGPU build (this browser has none): the page must react to
    // the crash by switching to the CPU and starting again there.
    await page.evaluate(() => { window.vaeApp.trainer.place = { build: 'full', backend: 'webgpu' }; });
    await crashWorker(page);
    await page.waitForFunction(() => /WebGPU failed during training .*Switched to the CPU/.test(document.querySelector('#message').textContent));
    await page.waitForFunction(() => /img\/s/.test(document.querySelector('#train-status').textContent) && window.vaeApp.training, null, { timeout: 120_000 });
    const cpuBuild = await page.evaluate(async () => (await import('/www/wasm.js')).buildFor('cpu'));
    assert.equal(await page.evaluate(() => window.vaeApp.trainer.place.build), cpuBuild);
    assert.match(await page.textContent('#backend-badge'), /CPU/);
    await page.click('#train-pause');
    await page.waitForSelector('#train-start:not([disabled])', { timeout: 60_000 });
  });

  test('a crash of the inference worker restarts it with the weights the page holds', async () => {
    const { page } = site;
    await page.waitForFunction(() => window.vaeApp.busy === 0, null, { timeout: 60_000 });
    // The model is the one the test above reset and trained for a moment, so how well it
    // reconstructs a 1 depends on how far that went: the restarted worker must answer the same
    // drawing exactly as the crashed one did.
    await page.click('#clear');
    await drawStrokes(page, ONE);
    const before = await drawingOutputs(page);
    const weights = await page.evaluate(async () => Array.from(await window.vaeApp.model.saveWeights()));
    await crashWorker(page, 'inference.js');
    await page.waitForFunction(() => /worker stopped \(.*simulated crash.*\)\. It was restarted with your last weights/.test(document.querySelector('#message').textContent), null, { timeout: 60_000 });
    await page.click('#clear');
    await drawStrokes(page, ONE);
    const after = await drawingOutputs(page);
    assert.deepEqual(after.input, before.input, 'the same 1 is drawn');
    const largest = Math.max(...after.reconstruction.map((value, i) => Math.abs(value - before.reconstruction[i])));
    assert.ok(largest <= 1e-6, `the restarted worker reconstructs the 1 otherwise (by up to ${largest})`);
    assert.deepEqual(await page.evaluate(async () => Array.from(await window.vaeApp.model.saveWeights())), weights, 'the restarted worker runs other weights');
  });
});

test('a WebAssembly module that cannot load gives a message', { timeout: 120_000 }, async () => {
  const site = await openSite({
    waitReady: false,
    beforeLoad: (page) => page.route('**/pkg/**/*.wasm', (route) => route.abort()),
  });
  try {
    await site.page.waitForFunction(() => /WebAssembly module failed to load/.test(document.querySelector('#message').textContent), null, { timeout: 60_000 });
    assert.equal(await site.page.textContent('#backend-badge'), 'not loaded');
  } finally {
    await site.close();
  }
});
