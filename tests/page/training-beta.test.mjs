// Training with β, a KL warm-up and the plain autoencoder, as a learner uses the training panel:
// bad settings are refused by name before anything starts; a warm-up's β rises on the loss
// chart beside the KL curve; an autoencoder trains with no KL or β curve and no ELBO, and its
// slow-motion step shows reconstruction bars alone. The chart is read through its words (the
// canvas's label, which says its latest numbers) and its pixels (which curves are drawn).

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ARTIFACTS, openSite, settled } from './harness.mjs';

/** The chart's colours (www/charts.js): the KL curve's and the β curve's and axis's. */
const KL_GREEN = [0x59, 0xa1, 0x4f];
const BETA_ORANGE = [0xf2, 0x8e, 0x2b];

/** Starts keeping every label the loss chart is given (its words follow each report). */
function recordChartWords(page) {
  return page.evaluate(() => {
    window.chartWords_ = [];
    const chart = document.getElementById('loss-chart');
    new MutationObserver(() => window.chartWords_.push(chart.getAttribute('aria-label'))).observe(chart, { attributes: true, attributeFilter: ['aria-label'] });
  });
}

/** Starts a run, lets `reports` chart updates of it arrive, pauses it and waits until it stopped. */
async function trainBriefly(page, reports, shoot) {
  await recordChartWords(page);
  await page.click('#train-start');
  await page.waitForFunction((n) => window.chartWords_.filter((words) => /epoch \d/.test(words)).length >= n, reports, { timeout: 180_000 });
  await shoot?.();
  await page.click('#train-pause');
  await page.waitForSelector('#train-start:not([disabled])', { timeout: 120_000 });
  await settled(page);
  return page.evaluate(() => window.chartWords_.filter((words) => /epoch \d/.test(words)));
}

/** How many of the loss chart's pixels are (nearly) this colour. */
async function pixelsOf(page, [r, g, b]) {
  const pixels = await page.evaluate(() => Array.from(window.readPixels_(document.getElementById('loss-chart'))));
  let count = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    if (pixels[i + 3] > 200 && Math.abs(pixels[i] - r) < 12 && Math.abs(pixels[i + 1] - g) < 12 && Math.abs(pixels[i + 2] - b) < 12) count += 1;
  }
  return count;
}

const numbers = (words, pattern) => words.map((text) => pattern.exec(text)).filter(Boolean).map((match) => Number(match[1]));

describe('training with β, a KL warm-up and the autoencoder', { timeout: 600_000 }, () => {
  let site;
  before(async () => {
    site = await openSite();
  });
  after(async () => site?.close());

  test('bad settings are refused before anything starts, naming the field and its limits', async () => {
    const { page } = site;
    const model = await page.evaluate(() => window.vaeApp.model.config);
    const { beta, warmupSteps } = await page.evaluate(() => window.vaeApp.model.limits);
    assert.deepEqual([beta.min, beta.max, warmupSteps.min, warmupSteps.max], [0, 100, 0, 1_000_000_000]);
    const status = await page.textContent('#train-status');
    // What a person can put in each field: typed "NaN" or "Infinity" leave a number field empty.
    const cases = [
      ['beta', '-1', /^β: expected a number from 0 to 100, got -1$/],
      ['beta', 'NaN', /^β: expected a number from 0 to 100, got an empty field$/],
      ['beta', 'Infinity', /^β: expected a number from 0 to 100, got an empty field$/],
      ['beta', '1e9', /^β: expected a number from 0 to 100, got 1e9$/],
      ['warmupSteps', '2.5', /^KL warm-up steps: expected a whole number from 0 to 1\D?000\D?000\D?000, got 2\.5$/],
      ['warmupSteps', '-3', /^KL warm-up steps: expected a whole number from 0 to 1\D?000\D?000\D?000, got -3$/],
    ];
    for (const [button, [name, value, expected]] of cases.map((item, i) => [i % 2 ? '#train-step' : '#train-start', item])) {
      const input = page.locator(`#train-form input[name=${name}]`);
      await input.fill('');
      await input.pressSequentially(value);
      await page.evaluate(() => document.getElementById('message').replaceChildren());
      await page.click(button);
      await page.waitForFunction(() => document.getElementById('message').textContent !== '');
      const message = (await page.textContent('#message')).trim();
      assert.match(message, expected, `${name} = ${value}`);
      assert.equal(await page.evaluate(() => document.activeElement?.name), name, 'the refused field has the focus');
      assert.equal(await page.evaluate(() => window.vaeApp.training), false, `${name} = ${value} started a run`);
      assert.equal(await page.textContent('#train-status'), status, `${name} = ${value} started something`);
      assert.deepEqual(await page.evaluate(() => window.vaeApp.model.config), model, 'the model in use changed');
      await input.fill(name === 'beta' ? '1' : '0');
    }
  });

  test('β = 2 with a 200-step KL warm-up: the chart shows β rising to 2 beside the KL curve', async () => {
    const { page } = site;
    await page.selectOption('#train-form select[name=kind]', 'conv');
    await page.fill('#train-form input[name=beta]', '2');
    await page.fill('#train-form input[name=warmupSteps]', '200');
    assert.match(await page.textContent('#train-kind-hint'), /warm-up/);
    const words = await trainBriefly(page, 4, async () => {
      const panel = page.locator('#train-panel');
      await panel.screenshot({ path: join(ARTIFACTS, 'training-warmup-desktop.png') });
      await page.setViewportSize({ width: 390, height: 844 });
      await panel.screenshot({ path: join(ARTIFACTS, 'training-warmup-phone.png') });
      await page.setViewportSize({ width: 1280, height: 900 });
    });
    const betas = numbers(words, /β (\d[\d.]*)/);
    const kls = numbers(words, /KL (\d[\d.]*) nats/);
    assert.equal(betas.length, words.length, `every report gives β: ${words.join(' | ')}`);
    assert.equal(kls.length, words.length, `every report gives the KL term: ${words.join(' | ')}`);
    for (let i = 1; i < betas.length; i += 1) assert.ok(betas[i] > betas[i - 1], `β went ${betas.join(' → ')}: it must rise over the warm-up`);
    assert.ok(betas.every((value) => value >= 0 && value < 2), `β went ${betas.join(' → ')}: within the warm-up it stays under 2`);
    assert.match(words.at(-1), /rising to 2\b/);
    assert.ok(kls.every(Number.isFinite));
    assert.ok((await pixelsOf(page, KL_GREEN)) > 50, 'the KL curve is drawn');
    assert.ok((await pixelsOf(page, BETA_ORANGE)) > 50, 'the β curve and its axis are drawn');
    assert.match(await page.textContent('#train-status'), /β \d/);
  });

  test('an autoencoder trains on its reconstruction: no KL or β curve, and no ELBO', async () => {
    const { page } = site;
    await page.selectOption('#train-form select[name=kind]', 'ae');
    for (const name of ['beta', 'warmupSteps']) {
      const input = page.locator(`#train-form input[name=${name}]`);
      assert.equal(await input.isDisabled(), true, `${name} applies to an autoencoder`);
      assert.match(await input.evaluate((element) => element.closest('label').title), /autoencoder/);
    }
    assert.match(await page.textContent('#train-kind-hint'), /no KL term/);
    const words = await trainBriefly(page, 3);
    assert.equal(await page.evaluate(() => window.vaeApp.model.config.kind), 'ae');
    assert.ok(words.every((text) => /autoencoder/.test(text) && !/KL \d|β \d/.test(text)), `the chart's words: ${words.join(' | ')}`);
    const reconstruction = numbers(words, /reconstruction (\d[\d.]*) nats/);
    assert.equal(reconstruction.length, words.length);
    assert.ok(reconstruction.every(Number.isFinite) && reconstruction.at(-1) < reconstruction[0], `reconstruction went ${reconstruction.join(' → ')}`);
    assert.equal(await pixelsOf(page, KL_GREEN), 0, 'an autoencoder has no KL curve');
    assert.equal(await pixelsOf(page, BETA_ORANGE), 0, 'an autoencoder has no β curve');
    const status = await page.textContent('#train-status');
    assert.match(status, /no ELBO/);
    assert.doesNotMatch(status, /KL \d|β \d/);
    // The fields stay disabled once the run stopped (the whole form was disabled while it ran).
    assert.equal(await page.locator('#train-form input[name=beta]').isDisabled(), true);
    assert.equal(await page.locator('#train-form input[name=latentDim]').isDisabled(), false);
  });

  test('an autoencoder’s slow-motion step shows reconstruction bars without KL', async () => {
    const { page } = site;
    const before = await page.evaluate(() => window.vaeApp.slowMotionStep);
    await page.click('#train-step');
    await page.waitForFunction((shown) => window.vaeApp.slowMotionStep !== null && window.vaeApp.slowMotionStep !== shown, before, { timeout: 180_000 });
    await settled(page);
    const summary = await page.textContent('#step-summary');
    assert.match(summary, /reconstruction term went from \d/);
    assert.doesNotMatch(summary, /ELBO|KL \d/);
    assert.equal(await page.locator('#step-terms-kl').isHidden(), true);
    assert.match(await page.getAttribute('#step-terms', 'aria-label'), /no KL term/);
    assert.deepEqual(site.problems, []);
  });
});
