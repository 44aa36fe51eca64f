// The WebAssembly module failing to load gives a message instead of a dead page. The training
// worker failing mid-run: an uncaught error in the worker (as a wasm trap would
// raise) gives a message, the page's model is intact, and training can go on. When the worker
// was training on WebGPU, the page moves to the CPU and carries on by itself.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openSite } from './harness.mjs';

/** Starts training and resolves once the worker reports progress. */
async function startTraining(page) {
  await page.click('#train-start');
  await page.waitForFunction(() => /img\/s/.test(document.querySelector('#train-status').textContent), null, { timeout: 120_000 });
}

/** Throws an uncaught error inside the training worker, outside any handler. */
async function crashWorker(page) {
  const worker = page.workers().filter((w) => w.url().endsWith('/www/worker.js')).at(-1);
  assert.ok(worker, 'the training worker is running');
  await worker.evaluate(() => setTimeout(() => { throw new Error('simulated crash'); }));
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
    const pixels = await page.evaluate(async () => (await window.vaeApp.session.decode(new Float32Array([0, 0]))).length);
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
    await page.evaluate(() => { window.vaeApp.build = 'webgpu'; });
    await crashWorker(page);
    await page.waitForFunction(() => /WebGPU failed during training .*Switched to the CPU/.test(document.querySelector('#message').textContent));
    await page.waitForFunction(() => /img\/s/.test(document.querySelector('#train-status').textContent) && window.vaeApp.training, null, { timeout: 120_000 });
    assert.equal(await page.evaluate(() => window.vaeApp.build), 'cpu');
    assert.match(await page.textContent('#backend-badge'), /CPU/);
    await page.click('#train-pause');
    await page.waitForSelector('#train-start:not([disabled])', { timeout: 60_000 });
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
