// Long runs in headless Chromium: 10,000 training steps with the wasm memory and the JS heap
// measured as they go (they must stay flat), and a paused-then-resumed run that must end with
// exactly the weights of an uninterrupted one. Figures are printed for the closing notes.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openSite } from './harness.mjs';

describe('long runs', { timeout: 900_000 }, () => {
  let site;
  before(async () => {
    site = await openSite();
  });
  after(async () => site?.close());

  test('10,000 training steps keep wasm memory and the JS heap flat', async () => {
    const figures = await site.page.evaluate(async () => {
      const module = await (await import('/www/wasm.js')).loadBuild('full');
      const { memory } = await module.default(); // the instance's exports (already initialised)
      const { fetchSplit } = await import('/www/data.js');
      // The small model at batch 1: every step still runs the whole trainer (autodiff graph,
      // Adam, batch assembly, loss readback); a leak per step shows at any model size.
      const session = await module.VaeSession.create({ kind: 'mlp', batchSize: 1 }, 'cpu');
      session.loadDataset('train', ...(await fetchSplit('test')));
      const sample = (steps) => ({ steps, wasmBytes: memory.buffer.byteLength, jsHeapBytes: performance.memory.usedJSHeapSize });
      const samples = [];
      const started = performance.now();
      for (let done = 0; done < 10_000; done += 500) {
        await session.trainSteps(500);
        if (done + 500 === 1_000 || (done + 500) % 2_500 === 0) samples.push(sample(done + 500));
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      const seconds = (performance.now() - started) / 1000;
      const steps = session.trainedSteps();
      session.free();
      return { samples, seconds, steps };
    });
    console.log(JSON.stringify({ metric: 'soak', ...figures }));
    assert.equal(figures.steps, 10_000);
    const warm = figures.samples[0];
    const last = figures.samples.at(-1);
    // After warm-up (1,000 steps) the allocator has its working set; 9,000 more steps may not grow it.
    assert.ok(last.wasmBytes - warm.wasmBytes <= 4 * 2 ** 20, `wasm memory grew from ${warm.wasmBytes} to ${last.wasmBytes} bytes`);
    assert.ok(last.jsHeapBytes - warm.jsHeapBytes <= 8 * 2 ** 20, `JS heap grew from ${warm.jsHeapBytes} to ${last.jsHeapBytes} bytes`);
  });

  test('pausing and resuming give the same weights as not pausing', async () => {
    const [straight, paused] = await site.page.evaluate(async () => {
      const module = await (await import('/www/wasm.js')).loadBuild('full');
      const [images, labels] = await (await import('/www/data.js')).fetchSplit('test');
      const run = async (chunks) => {
        const session = await module.VaeSession.create({ seed: 9, batchSize: 16 }, 'cpu');
        session.loadDataset('train', images, labels);
        for (const steps of chunks) {
          await session.trainSteps(steps);
          await new Promise((resolve) => setTimeout(resolve, 50)); // a pause, with the page running
        }
        const weights = await session.saveWeights();
        session.free();
        return Array.from(weights);
      };
      return [await run([30]), await run([7, 13, 10])];
    });
    assert.equal(straight.length, paused.length);
    assert.ok(straight.every((byte, i) => byte === paused[i]), 'the paused run ended with different weights');
  });
});
