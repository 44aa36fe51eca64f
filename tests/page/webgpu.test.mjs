// Where the browser offers WebGPU, the page checks that burn's kernels run on it before using
// it (www/probe.js). Here Chromium's WebGPU is SwiftShader: either the check passes and the page
// runs on WebGPU, or it fails and the page keeps to the CPU and says why. Both must leave a page
// that reconstructs a drawing.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { drawStrokes, drawingOutputs, openSite, overlap, screenshot } from './harness.mjs';

const ONE = [[[140, 40], [140, 240]]];

describe('a browser with WebGPU', { timeout: 300_000 }, () => {
  let site;
  before(async () => {
    site = await openSite({ webgpu: true });
  });
  after(async () => site?.close());

  test('WebGPU is offered to the page', async () => {
    assert.equal(await site.page.evaluate(() => Boolean(navigator.gpu)), true);
  });

  test('choosing WebGPU gives a working page, on WebGPU or on the CPU with a reason', async () => {
    const { page } = site;
    await page.selectOption('#backend-select', 'webgpu');
    await page.waitForSelector('body:not([data-switching])', { timeout: 120_000 });
    await page.waitForFunction(() => window.vaeApp.busy === 0);
    const badge = await page.textContent('#backend-badge');
    if (badge !== 'WebGPU') {
      assert.match(badge, /CPU/);
      assert.match(await page.textContent('#message'), /WebGPU cannot be used: .+\. Using the CPU instead\./);
    }
    await drawStrokes(page, ONE);
    const one = await drawingOutputs(page);
    await screenshot(page, 'webgpu-choice');
    assert.ok(overlap(one.input, one.reconstruction) > 0.3, `badge "${badge}": the 1 is not reconstructed`);
  });
});
