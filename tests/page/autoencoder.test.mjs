// The plain autoencoder as the model in use, as a learner meets it: chosen in the Model menu, its
// score is the reconstruction term (it has no ELBO) and there is nothing to refine; its drawing's
// code is a point on a map wide enough for its codes; samples, denoising and interpolation work;
// the Inside view shows z = encoder(x) with no ε, σ or KL and says why; a shared link can name it;
// and going back to a VAE brings back the ELBO, refinement, the ellipses and ε. Nothing the page
// sends is refused (the message box stays empty) and the console stays clean.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DRAWING_TEXT } from '../../www/content/autoencoder.js';
import { writeView } from '../../www/link.js';
import { drawStrokes, drawingOutputs, openSite, screenshot, settled } from './harness.mjs';

const ZERO = [[[140, 40], [90, 70], [80, 140], [95, 215], [140, 245], [185, 215], [200, 140], [190, 70], [140, 40]]];
const ONE = [[[140, 40], [140, 240]]];
const AUTOENCODER = 'www/models/ae-latent2.vaew';
const VAE = 'www/models/conv-latent2.vaew';

/** Chooses a model in the menu and waits until every view shows it. */
async function useModel(page, path, kind) {
  await page.selectOption('#model-select', path);
  await page.waitForFunction((kind) => window.vaeApp.model.config?.kind === kind, kind, { timeout: 60_000 });
  await settled(page);
}

/** What the latent map draws of the drawing's posterior, and its half-width. */
const mapShows = (page, id = 'latent-map') =>
  page.evaluate((id) => {
    const { posterior, extent } = document.getElementById(id).dataset;
    return { posterior, extent: Number(extent) };
  }, id);

/** How many of a canvas's pixels are not blank (anything but white or transparent). */
const inked = (page, id) =>
  page.evaluate((id) => {
    const data = window.readPixels_(document.getElementById(id));
    let count = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && data[i] < 200) count += 1;
    return count;
  }, id);

/** The message box is empty: nothing the page asked of the model was refused. */
async function noMessage(page) {
  const text = (await page.textContent('#message')).trim();
  assert.equal(text, '', `the page showed a message: ${text}`);
}

describe('an autoencoder as the model in use', { timeout: 600_000 }, () => {
  let site;
  before(async () => {
    site = await openSite();
    await site.page.waitForSelector('body[data-map-ready=true]', { timeout: 120_000 });
  });
  after(async () => site?.close());

  test('its score is the reconstruction term, there is nothing to refine, and its code is a point', async () => {
    const { page } = site;
    await useModel(page, AUTOENCODER, 'ae');
    assert.equal(await page.isDisabled('#refine'), true, 'refinement is offered for an autoencoder');
    assert.equal(await page.isChecked('#refine'), false);
    assert.equal(await page.textContent('#refine-note'), DRAWING_TEXT.refineNote);
    assert.equal(await page.isVisible('#refine-note'), true, 'the reason refinement is off is not shown');

    await drawStrokes(page, ZERO);
    const { input, reconstruction } = await drawingOutputs(page);
    assert.equal(input.length, 784);
    assert.equal(reconstruction.length, 784);
    assert.ok(await inked(page, 'recon-view') > 20, 'the reconstruction is blank');
    assert.equal(await page.textContent('#score-name'), 'reconstruction term');
    const score = Number(await page.textContent('#score'));
    assert.ok(Number.isFinite(score) && score > 0, `the reconstruction term is shown in nats (${score})`);
    const label = await page.textContent('#score-label');
    assert.equal(label, DRAWING_TEXT.scoreNote);
    assert.match(label, /no ELBO/);
    assert.doesNotMatch(await page.textContent('.score'), /^ELBO|encoder alone/);

    // The drawing's code is a point on the map (no σ to draw), and the sliders sit on it.
    const shown = await mapShows(page);
    assert.equal(shown.posterior, 'point');
    const z = await page.evaluate(() => window.vaeApp.latent.slice());
    const [x, y] = await page.evaluate((z) => window.vaeApp.project(z), z);
    const dark = await page.evaluate(({ x, y, extent }) => {
      const canvas = document.getElementById('latent-map');
      const px = Math.round(((x / extent + 1) / 2) * canvas.width);
      const py = Math.round(((1 - y / extent) / 2) * canvas.height);
      // Off the cross that marks the sliders' z (drawn over it), inside the dot.
      const [r, g, b] = window.readPixels_(canvas, px + 2, py + 2, 1, 1);
      return r + g + b < 200;
    }, { x, y, extent: shown.extent });
    assert.ok(dark, `no point drawn at the code (${z})`);
    await noMessage(page);
    await screenshot(page, 'autoencoder-drawn');
  });

  test('the map is wide enough for its codes, which nothing gathered around the prior', async () => {
    const { page } = site;
    const { extent } = await mapShows(page);
    const reach = await page.evaluate(() => {
      const { mapMeans, model } = window.vaeApp;
      const d = model.latentDim;
      const reaches = [];
      for (let i = 0; i < mapMeans.length / d; i += 1) {
        const [x, y] = window.vaeApp.project(Array.from(mapMeans.subarray(i * d, (i + 1) * d)));
        reaches.push(Math.max(Math.abs(x), Math.abs(y)));
      }
      return reaches.sort((a, b) => a - b);
    });
    assert.ok(reach.filter((value) => value > 4).length > 0.01 * reach.length, 'the shipped autoencoder’s codes no longer reach beyond ±4: the map has nothing to widen for');
    assert.ok(extent > 4, `the map stayed at ±${extent}`);
    const held = reach.filter((value) => value <= extent).length / reach.length;
    assert.ok(held >= 0.999, `the map at ±${extent} shows ${(held * 100).toFixed(1)} % of the codes`);
    assert.match(await page.getAttribute('#latent-map', 'aria-label'), new RegExp(`from −${extent} to ${extent}`));
  });

  test('samples from N(0, I), denoising and interpolation work, and the samples say what they are', async () => {
    const { page } = site;
    assert.equal(await page.isVisible('#samples-hint'), true);
    assert.match(await page.innerText('#samples-hint'), /^An autoencoder has no prior: these are z drawn from N\(0, I\) all the same/);
    assert.ok(await inked(page, 'samples') > 500, 'no samples drawn');
    assert.ok(await inked(page, 'denoised-view') > 20, 'the denoised drawing is blank');
    await page.click('#set-a');
    await page.click('#clear');
    await drawStrokes(page, ONE);
    await drawingOutputs(page);
    await page.click('#set-b');
    await settled(page);
    assert.ok(await inked(page, 'interpolation') > 100, 'the interpolation is blank');
    await noMessage(page);
  });

  test('the Inside view shows z = encoder(x), a point with no ε, σ or KL, and says why', async () => {
    const { page } = site;
    assert.match(await page.innerText('#inside-open'), /^3 Look inside the model: every step to the reconstruction term$/);
    await page.click('#inside-open');
    await page.waitForFunction(() => window.vaeApp.inside.count > 0 && window.vaeApp.busy === 0, null, { timeout: 60_000 });
    await settled(page);
    // The markup words a VAE's and an autoencoder's steps side by side: an autoencoder's are shown.
    assert.equal(await page.innerText('#inside-title'), 'Inside the autoencoder');
    assert.equal(await page.innerText('#inside-sample-title'), 'z = encoder(x): a point, not a distribution');
    assert.match(await page.innerText('#inside-sample-text'), /^An autoencoder’s encoder gives one code z, not a distribution: there is no σ, no ε and no KL term/);
    assert.match(await page.innerText('#inside-loss-text'), /with no KL term there is no ELBO\.$/);
    assert.equal(await page.isVisible('#inside-sample-text'), true);
    for (const gone of ['#step-posterior', '#inside-new-eps', '#inside-reset-eps', '#inside-kl-bars', '#inside-stack', '#inside-elbo']) {
      assert.equal(await page.isVisible(gone), false, `${gone} is shown for an autoencoder`);
    }
    const epsInputs = await page.$$eval('#inside-sample-table input', (inputs) => inputs.filter((input) => input.checkVisibility()).length);
    assert.equal(epsInputs, 0, 'an ε is offered');
    const answer = await page.evaluate(() => {
      const { shown, eps } = window.vaeApp.inside;
      const e = shown.explanation;
      return { keys: Object.keys(e), z: Array.from(e.z), mean: Array.from(e.mean), reconstruction: e.reconstruction, eps };
    });
    for (const key of ['logVar', 'eps', 'klPerDim', 'kl', 'elbo']) assert.ok(!answer.keys.includes(key), `the explanation has ${key}`);
    assert.equal(answer.eps, null);
    assert.deepEqual(answer.z, answer.mean, 'z is the code itself');
    assert.equal(await page.textContent('#inside-bce-sum'), answer.reconstruction.toFixed(1));
    const zCells = await page.$$eval('#inside-sample-table tbody tr td:last-child', (cells) => cells.map((cell) => cell.textContent));
    assert.deepEqual(zCells, answer.z.map((value) => value.toFixed(2).replace('-', '−')));
    assert.equal((await mapShows(page, 'inside-map')).posterior, 'point');
    assert.equal((await mapShows(page, 'inside-map')).extent, (await mapShows(page)).extent, 'the view’s map is not the whole map');

    // Dragging on the view's map sets no ε: nothing is asked of the model.
    const count = await page.evaluate(() => window.vaeApp.inside.count);
    const box = await page.locator('#inside-map').boundingBox();
    await page.mouse.click(box.x + box.width * 0.8, box.y + box.height * 0.2);
    await settled(page);
    assert.equal(await page.evaluate(() => window.vaeApp.inside.count), count);
    await noMessage(page);
    await screenshot(page, 'autoencoder-inside');
  });

  test('back to a VAE: the ELBO, refinement, the ellipses and ε return', async () => {
    const { page } = site;
    await useModel(page, VAE, 'conv');
    await page.waitForFunction(() => window.vaeApp.inside.shown?.explanation.logVar !== undefined, null, { timeout: 60_000 });
    await settled(page);
    assert.equal(await page.textContent('#score-name'), 'ELBO');
    assert.ok(Number(await page.textContent('#score')) < 0, 'the ELBO is back');
    assert.equal(await page.isDisabled('#refine'), false);
    assert.equal(await page.isChecked('#refine'), true, 'the person’s choice to refine was lost');
    assert.equal(await page.isHidden('#refine-note'), true);
    assert.match(await page.textContent('#score-label'), /encoder alone/);
    assert.deepEqual(await mapShows(page), { posterior: 'ellipses', extent: 4 });
    assert.equal(await page.innerText('#inside-title'), 'Inside the VAE');
    assert.match(await page.innerText('#inside-sample-text'), /^z is drawn from q\(z\|x\)/);
    for (const back of ['#step-posterior', '#inside-new-eps', '#inside-kl-bars', '#inside-stack']) {
      assert.equal(await page.isVisible(back), true, `${back} did not come back`);
    }
    assert.equal((await mapShows(page, 'inside-map')).posterior, 'ellipses');
    assert.equal(await page.isHidden('#samples-hint'), true);
    // ε works again.
    const count = await page.evaluate(() => window.vaeApp.inside.count);
    await page.click('#inside-new-eps');
    await page.waitForFunction((count) => window.vaeApp.inside.count > count && window.vaeApp.inside.eps !== null, count, { timeout: 60_000 });
    await page.click('#inside-close');
    assert.match(await page.innerText('#inside-open'), /every step to the ELBO$/);
    await noMessage(page);
  });

  test('a shared link opens the autoencoder and its drawing', async () => {
    const { page } = site;
    await page.evaluate((fragment) => (location.hash = fragment), writeView({ model: 'ae-latent2', strokes: ZERO }));
    await page.waitForFunction(() => window.vaeApp.model.config?.kind === 'ae', null, { timeout: 60_000 });
    await page.waitForFunction(() => document.getElementById('score-name').textContent === 'reconstruction term' && window.vaeApp.reconstruction !== null, null, { timeout: 60_000 });
    await settled(page);
    assert.equal(await page.inputValue('#model-select'), AUTOENCODER);
    assert.ok(Number(await page.textContent('#score')) > 0);
    assert.equal(await page.isDisabled('#refine'), true);
    assert.match(await page.innerText('#inside-open'), /every step to the reconstruction term$/);
    await noMessage(page);
  });

  test('no console errors or warnings', () => assert.deepEqual(site.problems, []));
});
