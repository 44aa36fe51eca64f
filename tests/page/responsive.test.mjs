// The model runs in workers, so the page's thread keeps drawing frames while a person draws
// without a pause (each update refined by 50 gradient steps), with the Inside view open (every
// layer redrawn per update) and while the model trains: no task on the main thread may take over
// 50 ms (a "long task"). Frames per second are printed; the
// target is 55 or more, and the test asks for 30 so that a loaded 2-core machine does not fail it.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { drawContinuously, measureMainThread, openSite, watchLongTasks } from './harness.mjs';

const DRAWING_MS = 5000;
const MIN_FRAMES_PER_SECOND = 30;

describe('the page keeps its thread free', { timeout: 600_000 }, () => {
  let site;
  before(async () => {
    site = await openSite({ beforeLoad: watchLongTasks });
    await site.page.waitForSelector('body[data-map-ready=true]', { timeout: 120_000 });
    await site.page.waitForFunction(() => window.vaeApp.busy === 0, null, { timeout: 60_000 });
  });
  after(async () => site?.close());

  /** Draws for DRAWING_MS and checks the frames and long tasks meanwhile. */
  async function drawAndMeasure(metric) {
    const { page } = site;
    const answered = await page.evaluate(() => window.vaeApp.drawingsShown);
    let moves = 0;
    const figures = await measureMainThread(page, async () => {
      moves = await drawContinuously(page, DRAWING_MS);
    });
    await page.waitForFunction(() => window.vaeApp.busy === 0, null, { timeout: 60_000 });
    const updates = (await page.evaluate(() => window.vaeApp.drawingsShown)) - answered;
    const record = { metric, value: Number(figures.framesPerSecond.toFixed(1)), longTasksMs: figures.longTasks, pointerMoves: moves, drawingAnswers: updates, seconds: Number(figures.seconds.toFixed(2)) };
    console.log(JSON.stringify(record));
    assert.ok(updates > 1, 'the drawing was not answered while it was drawn');
    assert.deepEqual(figures.longTasks, [], `the main thread was blocked for ${figures.longTasks.join(', ')} ms`);
    assert.ok(figures.framesPerSecond >= MIN_FRAMES_PER_SECOND, `${figures.framesPerSecond.toFixed(1)} frames per second`);
  }

  test('drawing without a pause, refined, blocks nothing', async () => {
    assert.equal(await site.page.isChecked('#refine'), true);
    await drawAndMeasure('frames_per_second_drawing');
  });

  test('drawing with the Inside view open blocks nothing, and the view follows', async () => {
    const { page } = site;
    await page.click('#clear');
    await page.click('#inside-open');
    await page.waitForFunction(() => window.vaeApp.inside.count > 0, null, { timeout: 60_000 });
    const shown = await page.evaluate(() => window.vaeApp.inside.count);
    await drawAndMeasure('frames_per_second_drawing_inside');
    const updates = (await page.evaluate(() => window.vaeApp.inside.count)) - shown;
    assert.ok(updates > 1, `the Inside view was redrawn ${updates} times while drawing`);
    await page.click('#inside-close');
  });

  test('drawing with the conditional model (ten ELBOs and ten digits per update) blocks nothing', async () => {
    const { page } = site;
    await page.click('#clear');
    await page.selectOption('#model-select', 'www/models/cvae-latent2.vaew');
    await page.waitForFunction(() => window.vaeApp.model.config.kind === 'cvae' && window.vaeApp.busy === 0, null, { timeout: 120_000 });
    await drawAndMeasure('frames_per_second_drawing_conditional');
    await page.click('#clear');
    await page.selectOption('#model-select', 'www/models/conv-latent2.vaew');
    await page.waitForFunction(() => window.vaeApp.model.config.kind === 'conv' && window.vaeApp.busy === 0, null, { timeout: 120_000 });
  });

  test('drawing while the model trains blocks nothing', async () => {
    const { page } = site;
    await page.click('#clear');
    await page.click('#train-start');
    await page.waitForFunction(() => /img\/s/.test(document.querySelector('#train-status').textContent), null, { timeout: 120_000 });
    await drawAndMeasure('frames_per_second_training');
    await page.click('#train-pause');
    await page.waitForSelector('#train-start:not([disabled])', { timeout: 60_000 });
  });

  test('no console errors', () => assert.deepEqual(site.problems, []));
});
