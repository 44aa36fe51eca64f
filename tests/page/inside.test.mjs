// The Inside view, as a learner uses it: one click from the drawing, it shows every step from the
// image to its ELBO and follows the drawing; a new ε moves z and the reconstruction but not μ or
// σ; the heat map and the bars add up to the terms shown; a test digit can be picked on the map;
// the Rust beside each step is the crate's own; and "Step" trains exactly one step, in detail.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, drawStrokes, openSite, screenshot } from './harness.mjs';

const ONE = [[[140, 40], [140, 240]]];
const ZERO = [[[140, 40], [90, 70], [80, 140], [95, 215], [140, 245], [185, 215], [200, 140], [190, 70], [140, 40]]];

/** The view's answer once it has shown more than `count` answers and the page is idle. */
async function nextAnswer(page, count) {
  await page.waitForFunction((seen) => window.vaeApp.inside.count > seen, count, { timeout: 60_000 });
  await page.waitForFunction(() => window.vaeApp.busy === 0, null, { timeout: 60_000 });
  return page.evaluate(() => {
    const { shown, count, eps } = window.vaeApp.inside;
    const e = shown.explanation;
    const plain = (values) => Array.from(values);
    return {
      count,
      heldEps: eps && plain(eps),
      label: shown.label,
      input: plain(shown.input),
      layers: e.layers.map((layer) => ({ name: layer.name, shape: layer.shape, values: plain(layer.values) })),
      ...Object.fromEntries(['mean', 'logVar', 'eps', 'z', 'logits', 'probabilities', 'bcePerPixel', 'klPerDim'].map((key) => [key, plain(e[key])])),
      reconstruction: e.reconstruction,
      kl: e.kl,
      elbo: e.elbo,
    };
  });
}

const count = (page) => page.evaluate(() => window.vaeApp.inside.count);
const sum = (values) => values.reduce((total, value) => total + value, 0);

describe('inside the VAE', { timeout: 600_000 }, () => {
  let site;
  before(async () => {
    site = await openSite();
    await site.page.waitForSelector('body[data-map-ready=true]', { timeout: 120_000 });
  });
  after(async () => site?.close());

  test('one click from the drawing opens the view, which follows the drawing', async () => {
    const { page } = site;
    assert.equal(await page.isHidden('#inside-panel'), true);
    await page.click('#inside-open');
    assert.equal(await page.getAttribute('#inside-open', 'aria-expanded'), 'true');
    // Nothing drawn yet: a test digit is shown.
    const digit = await nextAnswer(page, 0);
    assert.match(await page.textContent('#inside-subject'), /^test digit 0 \(a \d\)$/);
    assert.deepEqual(digit.layers.map((layer) => [layer.name, layer.shape]), [
      ['encoder.conv1 · ReLU', [32, 13, 13]],
      ['encoder.conv2 · ReLU', [64, 6, 6]],
      ['decoder.project · ReLU', [32, 7, 7]],
      ['decoder.deconv1 · ReLU', [64, 14, 14]],
      ['decoder.deconv2 · ReLU', [32, 28, 28]],
    ]);
    assert.equal(await page.locator('#inside-encoder canvas').count(), 2);
    assert.equal(await page.locator('#inside-decoder-layers canvas').count(), 3);
    // Each picture's words follow it: a feature map's layer and strongest activation, x's ink.
    const labels = await page.$$eval('#inside-panel canvas.layer-maps', (canvases) => canvases.map((canvas) => canvas.getAttribute('aria-label')));
    digit.layers.forEach((layer, i) => {
      const strongest = Math.max(...layer.values);
      const map = Math.floor(layer.values.indexOf(strongest) / (layer.shape[1] * layer.shape[2])) + 1;
      assert.equal(labels[i], `${layer.name}: ${layer.shape[0]} maps, ${layer.shape[1]}×${layer.shape[2]}; the strongest activation ${strongest.toFixed(2)}, in map ${map}`);
    });
    const inked = digit.input.filter((value) => value > 0.5).length;
    assert.match(await page.getAttribute('#inside-x', 'aria-label'), new RegExp(`^x, the input image: test digit 0 \\(a \\d\\); ${inked} of 784 pixels hold ink`));

    await drawStrokes(page, ONE);
    await page.waitForFunction(() => document.querySelector('#inside-subject').textContent === 'your drawing');
    const one = await nextAnswer(page, await count(page) - 1);
    const shownInput = await page.evaluate(() => Array.from(window.vaeApp.input));
    assert.deepEqual(one.input, shownInput, 'the view explains what the model sees of the drawing');
    await page.click('#clear');
    await drawStrokes(page, ZERO);
    await page.waitForFunction((before) => JSON.stringify(Array.from(window.vaeApp.inside.shown.explanation.mean)) !== before, JSON.stringify(one.mean), { timeout: 60_000 });
    const zero = await nextAnswer(page, await count(page) - 1);
    assert.notDeepEqual(zero.mean, one.mean, 'μ did not follow the drawing');
    assert.notDeepEqual(zero.layers[0].values, one.layers[0].values, 'the first layer did not follow the drawing');
    assert.notEqual(zero.elbo, one.elbo);
    // The numbers on the page are the answer's.
    const firstMean = await page.textContent('#inside-posterior-table tbody tr:first-child td:nth-child(2)');
    assert.equal(firstMean, zero.mean[0].toFixed(2).replace('-', '−'));
    await screenshot(page, 'inside-drawn-zero');
  });

  test('a new ε moves z and the reconstruction, not μ or σ', async () => {
    const { page } = site;
    const before = await nextAnswer(page, (await count(page)) - 1);
    await page.click('#inside-new-eps');
    const after = await nextAnswer(page, before.count);
    assert.deepEqual(after.heldEps, after.eps, 'the view shows the ε it holds');
    assert.notDeepEqual(after.eps, before.eps);
    assert.deepEqual(after.mean, before.mean, 'μ moved with ε');
    assert.deepEqual(after.logVar, before.logVar, 'σ moved with ε');
    assert.notDeepEqual(after.z, before.z, 'z did not move with ε');
    assert.notDeepEqual(after.probabilities, before.probabilities, 'the reconstruction did not move with ε');
    after.z.forEach((z, k) => assert.ok(Math.abs(z - (after.mean[k] + Math.exp(0.5 * after.logVar[k]) * after.eps[k])) < 1e-4, `z${k + 1}`));

    // A value typed for one dimension.
    await page.fill('#inside-sample-table tbody tr:first-child input', '1.5');
    await page.press('#inside-sample-table tbody tr:first-child input', 'Enter');
    const typed = await nextAnswer(page, after.count);
    assert.equal(typed.eps[0], 1.5);
    assert.equal(typed.eps[1], after.eps[1]);
    assert.deepEqual(typed.mean, before.mean);

    // Dragging z on the view's map sets ε (the map is zoomed to q(z|x)); the keyboard does too.
    const view = await page.evaluate(() => window.vaeApp.inside.map);
    const box = await page.locator('#inside-map').boundingBox();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.3);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.72, box.y + box.height * 0.32, { steps: 3 });
    await page.mouse.up();
    const dragged = await nextAnswer(page, typed.count);
    const [x, y] = await page.evaluate((z) => window.vaeApp.project(z), dragged.z);
    const [wantX, wantY] = [view.centre[0] + (0.72 * 2 - 1) * view.extent, view.centre[1] + (1 - 0.32 * 2) * view.extent];
    const tolerance = view.extent / 50;
    assert.ok(Math.abs(x - wantX) < tolerance && Math.abs(y - wantY) < tolerance, `z is at (${x}, ${y}) on the map, not (${wantX}, ${wantY})`);
    assert.deepEqual(dragged.mean, before.mean);
    const { extent } = await page.evaluate(() => window.vaeApp.inside.map);
    await page.focus('#inside-map');
    await page.keyboard.press('ArrowLeft');
    const nudged = await nextAnswer(page, dragged.count);
    const moved = dragged.z[0] - nudged.z[0];
    assert.ok(Math.abs(moved - 0.05 * extent) < 1e-3 * extent, `ArrowLeft moved z1 by ${moved}, not ${0.05 * extent}`);

    await page.click('#inside-reset-eps');
    const atMean = await nextAnswer(page, nudged.count);
    assert.deepEqual(atMean.z, atMean.mean, 'with ε = 0, z is μ');
    await screenshot(page, 'inside-eps');
  });

  test('the heat map and the bars add up to the terms shown', async () => {
    const { page } = site;
    await page.click('#inside-new-eps');
    const seen = await nextAnswer(page, (await count(page)) - 1);
    const relative = (a, b) => Math.abs(a - b) / Math.abs(b);
    assert.ok(relative(sum(seen.bcePerPixel), seen.reconstruction) < 1e-4, `Σ heat map ${sum(seen.bcePerPixel)} vs ${seen.reconstruction}`);
    assert.ok(relative(sum(seen.klPerDim), seen.kl) < 1e-4, `Σ KL bars ${sum(seen.klPerDim)} vs ${seen.kl}`);
    assert.equal(seen.elbo, -(seen.reconstruction + seen.kl));
    assert.equal(await page.textContent('#inside-bce-sum'), seen.reconstruction.toFixed(1));
    assert.equal(await page.textContent('#inside-kl-sum'), seen.kl.toFixed(2));
    assert.match(await page.textContent('#inside-elbo'), new RegExp(`= ${seen.elbo.toFixed(1).replace('-', '−')} nats`));
    const bars = await page.$$eval('#inside-kl-bars .bar-value', (cells) => cells.map((cell) => cell.textContent));
    assert.deepEqual(bars, seen.klPerDim.map((kl) => kl.toFixed(2)));
    // The stacked bar's parts are in proportion to the terms.
    const widths = await page.$$eval('#inside-stack .part', (parts) => parts.map((part) => part.getBoundingClientRect().width));
    const share = seen.reconstruction / (seen.reconstruction + seen.kl);
    assert.ok(Math.abs(widths[0] / (widths[0] + widths[1]) - share) < 0.01, `${widths} for a share of ${share}`);
    // The heat map shows where the reconstruction pays: not a blank canvas.
    const inked = await page.evaluate(() => {
      const data = window.readPixels_(document.getElementById('inside-bce'), 0, 0, 28, 28);
      let coloured = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 1] < 200) coloured += 1;
      return coloured;
    });
    assert.ok(inked > 5, `only ${inked} pixels of the heat map are coloured`);
  });

  test('a test digit is picked on the latent map, or by its number', async () => {
    const { page } = site;
    const seen = await count(page);
    await page.click('#inside-pick');
    // The page scrolls the map into view (smoothly): click it where it comes to rest.
    await page.waitForFunction(
      () => {
        const { top, bottom } = document.getElementById('latent-map').getBoundingClientRect();
        const still = window.mapTop_ === top;
        window.mapTop_ = top;
        return still && top > -1 && bottom < innerHeight + 1;
      },
      null,
      { polling: 'raf', timeout: 10_000 },
    );
    const box = await page.locator('#latent-map').boundingBox();
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
    const picked = await nextAnswer(page, seen);
    const subject = await page.textContent('#inside-subject');
    const index = Number(/^test digit (\d+)/.exec(subject)?.[1]);
    assert.ok(index >= 0 && index < 3000, subject);
    const labels = await page.evaluate(() => Array.from(window.vaeApp.mapLabels));
    assert.equal(picked.label, labels[index], 'the label is the picked digit’s');
    assert.equal(await page.getAttribute('#inside-pick', 'aria-pressed'), 'false');
    await page.fill('#inside-digit', '42');
    await page.press('#inside-digit', 'Enter');
    await page.waitForFunction(() => /^test digit 42 /.test(document.querySelector('#inside-subject').textContent));
    // Back to the drawing.
    await page.click('#inside-use-drawing');
    await page.waitForFunction(() => document.querySelector('#inside-subject').textContent === 'your drawing');
  });

  test('the Rust beside each step is the crate’s own source', async () => {
    const { page } = site;
    await page.click('#step-encoder details summary');
    await page.waitForSelector('#step-encoder details pre');
    const shown = await page.textContent('#step-encoder details pre');
    const source = readFileSync(join(ROOT, 'src', 'model.rs'), 'utf8');
    assert.ok(shown.includes('pub fn encode_traced('), shown);
    for (const line of shown.split('\n')) assert.ok(source.includes(line.trim()), `not in src/model.rs: ${line}`);
    assert.match(await page.textContent('#step-encoder .code-where'), /^src\/model\.rs, lines \d+–\d+$/);
  });

  test('every latent size and the MLP have their view', async () => {
    const { page } = site;
    await page.selectOption('#model-select', 'www/models/conv-latent16.vaew');
    await page.waitForFunction(() => window.vaeApp.inside.shown?.explanation.z.length === 16, null, { timeout: 60_000 });
    assert.equal(await page.locator('#inside-posterior-table tbody tr').count(), 16);
    assert.equal(await page.locator('#inside-kl-bars .bar-row').count(), 16);
    await screenshot(page, 'inside-latent16');
    await page.selectOption('#train-form select[name=kind]', 'mlp');
    await page.fill('#train-form input[name=latentDim]', '3');
    await page.click('#train-reset');
    await page.waitForFunction(() => window.vaeApp.inside.shown?.explanation.layers.length === 2, null, { timeout: 60_000 });
    const mlp = await nextAnswer(page, (await count(page)) - 1);
    assert.deepEqual(mlp.layers.map((layer) => [layer.name, layer.shape]), [['encoder.hidden · ReLU', [400]], ['decoder.hidden · ReLU', [400]]]);
    assert.equal(mlp.z.length, 3);
    assert.match(await page.textContent('#inside-encoder figcaption'), /400 units/);
    await page.selectOption('#model-select', 'www/models/conv-latent2.vaew');
    await page.waitForFunction(() => window.vaeApp.inside.shown?.explanation.layers.length === 5, null, { timeout: 60_000 });
  });

  test('Step trains exactly one step and shows its batch; Resume goes on from there', async () => {
    const { page } = site;
    const weights = () => page.evaluate(() => Array.from(window.vaeApp.model.weights ? new Uint8Array(window.vaeApp.model.weights) : []));
    const before = await weights();
    await page.click('#train-step');
    await page.waitForFunction(() => window.vaeApp.slowMotionStep !== null, null, { timeout: 180_000 });
    const first = await page.evaluate(() => window.vaeApp.slowMotionStep);
    await page.waitForSelector('#train-step:not([disabled])');
    await page.waitForFunction(() => window.vaeApp.busy === 0);
    const afterOne = await weights();
    assert.notDeepEqual(afterOne, before, 'the step did not change the weights');
    await page.click('#train-step');
    await page.waitForFunction((n) => window.vaeApp.slowMotionStep === n + 1, first, { timeout: 60_000 });
    assert.equal(await page.textContent('#step-number'), String(first + 1));
    assert.match(await page.textContent('#step-summary'), /This batch's ELBO went from −?[\d.]+ to −?[\d.]+ nats/);
    assert.equal(await page.textContent('#train-start'), 'Resume');
    await screenshot(page, 'inside-step');
    await page.click('#train-start');
    await page.waitForFunction(() => /img\/s/.test(document.querySelector('#train-status').textContent), null, { timeout: 120_000 });
    await page.click('#train-pause');
    await page.waitForSelector('#train-start:not([disabled])', { timeout: 60_000 });
    const steps = Number((await page.textContent('#train-status')).match(/([\d,]+) images/)[1].replace(/,/g, '')) / 32;
    assert.ok(steps > first + 1, `training went on from step ${first + 1} (now ${steps})`);
  });

  test('no console errors', () => assert.deepEqual(site.problems, []));
});
