// The page as a person uses it, in headless Chromium: draw, read the reconstruction, move a
// slider, click the latent map, train in the worker, download and upload weights, reload.
// Run by `./build.sh test` (node --test tests/page/). Screenshots land in tests/page/artifacts/.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ARTIFACTS, ROOT, drawStrokes, drawingOutputs, openSite, overlap, screenshot } from './harness.mjs';

const ONE = [[[140, 40], [140, 240]]];
const ZERO = [[[140, 40], [90, 70], [80, 140], [95, 215], [140, 245], [185, 215], [200, 140], [190, 70], [140, 40]]];

/** A weights file's config JSON and its tensors' bytes, whatever its format version (1 or 2). */
function configAndTensors(bytes) {
  const version = bytes.readUInt32LE(4);
  const configEnd = 12 + bytes.readUInt32LE(8);
  const tensorsAt = version === 1 ? configEnd : configEnd + 4 + bytes.readUInt32LE(configEnd);
  return { config: bytes.subarray(12, configEnd).toString(), tensors: bytes.subarray(tensorsAt, bytes.length - 4) };
}

describe('the page', { timeout: 600_000 }, () => {
  let site;
  let userDataDir;

  before(async () => {
    userDataDir = mkdtempSync(join(tmpdir(), 'vae-wasm-chromium-'));
    site = await openSite({ userDataDir });
  });

  after(async () => {
    await site?.close();
    rmSync(userDataDir, { recursive: true, force: true });
  });

  test('shows which backend runs the model', async () => {
    const badge = await site.page.textContent('#backend-badge');
    assert.match(badge, /WebGPU|CPU · Flex|CPU · ndarray/);
    await site.page.waitForSelector('body[data-map-ready=true]', { timeout: 60_000 });
    await screenshot(site.page, '01-loaded');
  });

  test('a drawn 1 and a drawn 0 are each reconstructed as themselves', async () => {
    const { page } = site;
    await drawStrokes(page, ONE);
    const one = await drawingOutputs(page);
    await screenshot(page, '02-drawn-one');
    await page.click('#clear');
    await page.waitForFunction(() => window.vaeApp.reconstruction === null);
    await drawStrokes(page, ZERO);
    const zero = await drawingOutputs(page);
    await screenshot(page, '03-drawn-zero');

    const oneSelf = overlap(one.input, one.reconstruction);
    const zeroSelf = overlap(zero.input, zero.reconstruction);
    const crossed = overlap(one.reconstruction, zero.reconstruction);
    assert.ok(oneSelf > 0.3, `the 1's reconstruction overlaps its input by ${oneSelf.toFixed(2)}`);
    assert.ok(zeroSelf > 0.3, `the 0's reconstruction overlaps its input by ${zeroSelf.toFixed(2)}`);
    assert.ok(oneSelf > overlap(one.input, zero.reconstruction), 'the 1 looks more like its own reconstruction');
    assert.ok(zeroSelf > overlap(zero.input, one.reconstruction), 'the 0 looks more like its own reconstruction');
    assert.ok(crossed < 0.6, `the two reconstructions are too alike (${crossed.toFixed(2)})`);
    const score = Number(await page.textContent('#score'));
    assert.ok(Number.isFinite(score) && score < 0, `the ELBO score is shown (${score})`);
  });

  test('refining q(z|x) fits a drawing better than the encoder alone, and can be switched off', async () => {
    const { page } = site;
    await page.click('#clear');
    await page.waitForFunction(() => window.vaeApp.reconstruction === null);
    await drawStrokes(page, ZERO);
    await drawingOutputs(page);
    const label = await page.textContent('#score-label');
    const encoderAlone = Number(label.match(/encoder alone: (−?[\d.]+)/)?.[1].replace('−', '-'));
    const refined = Number(await page.textContent('#score'));
    assert.ok(refined > encoderAlone, `refined ELBO ${refined} is not above the encoder's ${encoderAlone} (${label})`);

    await page.uncheck('#refine');
    await page.waitForFunction(() => !document.getElementById('score-label').textContent.includes('encoder alone'));
    await drawingOutputs(page);
    const plain = Number(await page.textContent('#score'));
    assert.ok(Math.abs(plain - encoderAlone) < 10, `without refinement the score ${plain} is the encoder's (${encoderAlone})`);
    await page.check('#refine');
    await page.waitForFunction(() => document.getElementById('score-label').textContent.includes('encoder alone'));
  });

  test('moving a slider changes the decoded image', async () => {
    const { page } = site;
    const pixels = () => page.evaluate(() => Array.from(window.readPixels_(document.getElementById('slider-view'), 0, 0, 28, 28)));
    const before = await pixels();
    const slider = page.locator('#sliders input').first();
    await slider.focus();
    for (let i = 0; i < 60; i += 1) await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => window.vaeApp.busy === 0);
    const after = await pixels();
    assert.notDeepEqual(after, before, 'the slider did not change the image');
  });

  test('clicking the latent map decodes that point', async () => {
    const { page } = site;
    const box = await page.locator('#latent-map').boundingBox();
    await page.mouse.click(box.x + box.width * 0.2, box.y + box.height * 0.8);
    await page.waitForFunction(() => window.vaeApp.busy === 0);
    const latent = await page.evaluate(() => window.vaeApp.latent);
    const extent = 4;
    assert.ok(Math.abs(latent[0] - (0.2 * 2 - 1) * extent) < 0.1, `z1 = ${latent[0]}`);
    assert.ok(Math.abs(latent[1] - (1 - 0.8 * 2) * extent) < 0.1, `z2 = ${latent[1]}`);
    await screenshot(page, '04-map-click');
  });

  test('the settings take their limits from the wasm API, and a bad one is refused', async () => {
    const { page } = site;
    const limits = await page.evaluate(async () => {
      const { loadBuild } = await import('/www/wasm.js');
      return (await loadBuild('full')).configLimits();
    });
    for (const name of ['latentDim', 'batchSize', 'learningRate', 'beta']) {
      const input = `#train-form input[name=${name}]`;
      assert.equal(Number(await page.getAttribute(input, 'min')), limits[name].min, `${name} min`);
      assert.equal(Number(await page.getAttribute(input, 'max')), limits[name].max, `${name} max`);
    }
    await page.fill('#train-form input[name=batchSize]', '2.5');
    await page.click('#train-start');
    await page.waitForSelector('#message:not([hidden])');
    assert.match(await page.textContent('#message'), /^Batch: /);
    assert.equal(await page.evaluate(() => window.vaeApp.training), false);
    await page.fill('#train-form input[name=batchSize]', String(limits.defaults.batchSize));
  });

  test('training in the worker lowers the loss while the page keeps answering', async () => {
    const { page } = site;
    await page.fill('#train-form input[name=epochs]', '1');
    await page.click('#train-reset');
    await page.evaluate(() => {
      window.frames_ = 0;
      const tick = () => { window.frames_ += 1; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
      window.losses_ = [];
      const chart = document.getElementById('train-status');
      new MutationObserver(() => {
        const match = /loss ([\d.]+)/.exec(chart.textContent);
        const steps = /([\d,]+) images/.exec(chart.textContent);
        if (match && steps) window.losses_.push([Number(steps[1].replace(/,/g, '')) / 32, Number(match[1])]);
      }).observe(chart, { childList: true, characterData: true, subtree: true });
    });
    await page.click('#train-start');
    // A few hundred steps.
    await page.waitForFunction(() => window.losses_.length && window.losses_.at(-1)[0] >= 300, null, { timeout: 300_000 });
    const frames = await page.evaluate(() => window.frames_);
    await page.click('#train-pause');
    await page.waitForSelector('#train-start:not([disabled])', { timeout: 60_000 });
    await screenshot(page, '05-trained');
    const losses = await page.evaluate(() => window.losses_);
    const first = losses[0][1];
    const last = losses.at(-1)[1];
    assert.ok(last < first - 50, `loss went from ${first} to ${last}`);
    assert.ok(frames > 30, `only ${frames} animation frames ran during training: the page froze`);
  });

  test('weights download and upload round-trip', async () => {
    const { page } = site;
    await drawStrokes(page, ZERO);
    const before = await drawingOutputs(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const file = join(ARTIFACTS, 'downloaded.vaew');
    await download.saveAs(file);
    // Load another model (another latent size even), then the downloaded file back.
    await page.selectOption('#model-select', 'www/models/conv-latent16.vaew');
    await page.waitForFunction(() => window.vaeApp.model.latentDim === 16);
    const other = await drawingOutputs(page);
    assert.notDeepEqual(other.reconstruction, before.reconstruction);
    await page.setInputFiles('#upload', file);
    await page.waitForFunction(() => window.vaeApp.model.latentDim === 2);
    const after = await drawingOutputs(page);
    assert.deepEqual(after.reconstruction, before.reconstruction);
  });

  test('a bad weights file is refused with a message and the model is kept', async () => {
    const { page } = site;
    const before = await drawingOutputs(page);
    await page.setInputFiles('#upload', { name: 'broken.vaew', mimeType: 'application/octet-stream', buffer: Buffer.from('not a model at all') });
    await page.waitForSelector('#message:not([hidden])');
    assert.match(await page.textContent('#message'), /Could not load .*broken\.vaew.*unchanged/);
    const after = await drawingOutputs(page);
    assert.deepEqual(after.reconstruction, before.reconstruction);
    await screenshot(page, '06-bad-weights');
  });

  test('a reload restores the trained model', async () => {
    const { page } = site;
    const before = await page.evaluate(async () => Array.from(await window.vaeApp.model.saveWeights()));
    await page.reload();
    await page.waitForSelector('body[data-ready=true]', { timeout: 60_000 });
    assert.equal(await page.inputValue('#model-select'), 'saved');
    const after = await page.evaluate(async () => Array.from(await window.vaeApp.model.saveWeights()));
    assert.deepEqual(after, before);
  });

  test('above latent size 2 the map shows the principal plane, and a click decodes there', async () => {
    const { page } = site;
    // No drawing: it would set the latent point to its own posterior mean.
    await page.click('#clear');
    await page.selectOption('#model-select', 'www/models/conv-latent16.vaew');
    await page.waitForFunction(() => window.vaeApp.mapMeans?.length === 3000 * 16 && window.vaeApp.busy === 0, null, { timeout: 60_000 });
    assert.equal(await page.inputValue('#map-view'), 'pca');
    const plane = await page.evaluate(() => window.vaeApp.projection);
    const dot = (a, b) => a.reduce((sum, value, k) => sum + value * b[k], 0);
    assert.ok(Math.abs(dot(plane.u, plane.u) - 1) < 1e-6 && Math.abs(dot(plane.v, plane.v) - 1) < 1e-6, 'axes are not unit vectors');
    assert.ok(Math.abs(dot(plane.u, plane.v)) < 1e-3, 'axes are not orthogonal');
    const before = await page.evaluate(() => window.vaeApp.latent.slice());
    const box = await page.locator('#latent-map').boundingBox();
    await page.mouse.click(box.x + box.width * 0.75, box.y + box.height * 0.25); // (2, 2) on the plane
    await page.waitForFunction(() => window.vaeApp.busy === 0);
    const [x, y] = await page.evaluate(() => window.vaeApp.project(window.vaeApp.latent));
    assert.ok(Math.abs(x - 2) < 0.05 && Math.abs(y - 2) < 0.05, `the click landed at (${x}, ${y}) on the plane`);
    assert.notDeepEqual(await page.evaluate(() => window.vaeApp.latent.slice()), before);
    await screenshot(page, '06-latent16-pca');
  });

  test('no console errors and no request left the origin', () => {
    assert.deepEqual(site.problems, []);
  });
});

// Chromium's IndexedDB keeps the space its last quota check allowed and grants writes from it for
// up to 30 s (BucketContext::kBucketSpaceCacheTimeLimit, decaying), without asking the quota
// manager again: a quota lowered after the page has written once is not enforced until that
// allowance runs out, so a write soon after can go through any quota. The storage-full path is
// therefore made certain: the quota is lowered before the page's first write, and the page's own
// IndexedDB write is refused by the browser itself.
describe('a browser whose storage is full', { timeout: 300_000 }, () => {
  // Room for the page's database and its store, not for a model (281 kB and up).
  const QUOTA_BYTES = 100 * 1024;
  let site;
  before(async () => {
    site = await openSite({
      beforeLoad: async (page, url) => {
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(url).origin, quotaSize: QUOTA_BYTES });
      },
    });
  });
  after(async () => site?.close());

  test('a model that cannot be saved gives a message, and the loaded model still works', async () => {
    const { page } = site;
    const file = join(ROOT, 'www', 'models', 'conv-latent16.vaew');
    await page.setInputFiles('#upload', file);
    await page.waitForFunction(() => /could not be saved/.test(document.querySelector('#message').textContent), null, { timeout: 60_000 }).catch(async () => {
      assert.fail(`no "could not be saved" message within 60 s; the message: "${await page.textContent('#message')}"`);
    });
    assert.match(await page.textContent('#message'), /storage is full.*Download weights/);
    await screenshot(page, '07-quota-full');
    // The shipped file is format 1; the page saves format 2, which adds what the model was
    // trained on after the config: the config and the tensors must be the file's.
    const uploaded = readFileSync(file);
    const inUse = Buffer.from(await page.evaluate(async () => Array.from(await window.vaeApp.model.saveWeights())));
    assert.deepEqual(configAndTensors(inUse), configAndTensors(uploaded), 'the page does not run the uploaded model');
    // And it runs it: a drawing is reconstructed.
    await drawStrokes(page, ONE);
    const { input, reconstruction } = await drawingOutputs(page);
    assert.ok(overlap(input, reconstruction) > 0.3, 'the uploaded model does not reconstruct a drawn 1');
  });

  test('no console errors or warnings and no request left the origin', () => {
    assert.deepEqual(site.problems, []);
  });
});
