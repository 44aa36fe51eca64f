// The two CPU modes. Served with COOP/COEP (cross-origin isolated, as tools/serve.py does), the
// workers load pkg/threads and compute on every core; served without, as a plain static host
// would, they load pkg/full and run on one core. Each mode must say which it is and work: drawing,
// the Inside view, Step, training, and the two application views (#35).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { useBothViews } from './applications.mjs';
import { drawStrokes, drawingOutputs, openSite, overlap, screenshot } from './harness.mjs';

const ONE = [[[140, 40], [140, 240]]];

for (const isolated of [true, false]) {
  describe(isolated ? 'a cross-origin isolated page: threads' : 'a page without COOP/COEP: one core', { timeout: 300_000 }, () => {
    let site;
    before(async () => {
      site = await openSite({ isolated });
    });
    after(async () => site?.close());

    test('the badge says which mode runs', async () => {
      const { page } = site;
      assert.equal(await page.evaluate(() => crossOriginIsolated), isolated);
      const cores = await page.evaluate(() => navigator.hardwareConcurrency);
      const badge = await page.textContent('#backend-badge');
      const expected = isolated && cores > 1 ? `${cores} threads` : 'one core';
      assert.match(badge, new RegExp(`^CPU · Flex \\(SIMD\\) · ${expected}`), badge);
      assert.equal(await page.evaluate(() => window.vaeApp.model.threads), isolated ? cores : 1);
    });

    test('a drawn 1 is reconstructed and explained, one step and training run', async () => {
      const { page, problems } = site;
      await drawStrokes(page, ONE);
      const one = await drawingOutputs(page);
      assert.ok(overlap(one.input, one.reconstruction) > 0.3, 'the 1 is not reconstructed');
      // The Inside view follows the drawing, and Step trains one step, in this mode too.
      await page.click('#inside-open');
      await page.waitForFunction(() => window.vaeApp.inside.shown?.explanation && document.querySelector('#inside-subject').textContent === 'your drawing', null, { timeout: 60_000 });
      await page.click('#train-step');
      await page.waitForFunction(() => window.vaeApp.slowMotionStep === 1, null, { timeout: 180_000 });
      await page.click('#train-start');
      await page.waitForFunction(() => /images\/s|img\/s/.test(document.querySelector('#train-status').textContent), null, { timeout: 180_000 });
      const status = await page.textContent('#train-status');
      await page.click('#train-pause');
      await page.waitForSelector('#train-start:not([disabled])', { timeout: 120_000 });
      // A conditional model from scratch takes a step here too.
      await page.selectOption('#train-form select[name=kind]', 'cvae');
      await page.click('#train-reset');
      await page.waitForFunction(() => window.vaeApp.model.config.kind === 'cvae' && window.vaeApp.busy === 0, null, { timeout: 60_000 });
      await page.click('#train-step');
      await page.waitForFunction(() => window.vaeApp.slowMotionStep === 1, null, { timeout: 180_000 });
      await screenshot(page, isolated ? 'mode-threads' : 'mode-one-core');
      assert.deepEqual(problems, []);
      console.log(`${isolated ? 'threads' : 'one core'}: ${status}`);
    });

    test('Is this a digit? flags a drawn letter and passes test digits; Fill in what is missing completes them', async () => {
      const { page, problems } = site;
      await page.selectOption('#model-select', 'www/models/conv-latent2.vaew');
      await page.waitForFunction(() => window.vaeApp.model.config.kind === 'conv' && window.vaeApp.busy === 0, null, { timeout: 60_000 });
      const figures = await useBothViews(page, { digits: 4, timeout: 180_000 });
      console.log(JSON.stringify({ mode: isolated ? 'threads' : 'one core', ...figures }));
      await screenshot(page, isolated ? 'mode-threads-views' : 'mode-one-core-views');
      assert.deepEqual(problems, []);
    });
  });
}
