// The conditional model, as a person uses it: chosen in the Model menu, it reads the drawing
// (p(y|x) as ten bars), writes the drawing's style as every digit, encodes it as a digit the
// person clicks, writes the sliders' style as every digit, draws the manifold as a chosen digit
// and the samples one row per digit; and a conditional model trains from scratch.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { drawStrokes, openSite, screenshot, settled } from './harness.mjs';

const ONE = [[[140, 40], [140, 240]]];
const ZERO = [[[140, 40], [90, 70], [80, 140], [95, 215], [140, 245], [185, 215], [200, 140], [190, 70], [140, 40]]];
const MODEL = 'www/models/cvae-latent2.vaew';

/** The drawing panel's reading once the page is idle. */
async function reading(page) {
  await page.waitForFunction(() => window.vaeApp.digits.probabilities !== null);
  await settled(page);
  return page.evaluate(() => {
    const { probabilities, label, chosen } = window.vaeApp.digits;
    const row = window.readPixels_(document.getElementById('every-digit'), 0, 0, 280, 28);
    return { probabilities: Array.from(probabilities), label, chosen, row: Array.from(row) };
  });
}

const canvasPixels = (page, id) =>
  page.evaluate((id) => {
    const canvas = document.getElementById(id);
    return Array.from(window.readPixels_(canvas));
  }, id);

describe('a conditional model', { timeout: 600_000 }, () => {
  let site;
  before(async () => {
    site = await openSite();
    await site.page.waitForSelector('body[data-map-ready=true]', { timeout: 120_000 });
  });
  after(async () => site?.close());

  test('chosen in the menu, it reads a drawing and writes its style as every digit', async () => {
    const { page } = site;
    assert.equal(await page.isHidden('#digit-panel'), true, 'the unconditional model shows no digits');
    await page.selectOption('#model-select', MODEL);
    await page.waitForFunction(() => window.vaeApp.model.config.kind === 'cvae' && window.vaeApp.busy === 0, null, { timeout: 60_000 });
    assert.equal(await page.isVisible('#digit-panel'), true);
    await drawStrokes(page, ONE);
    const one = await reading(page);
    const total = one.probabilities.reduce((sum, p) => sum + p, 0);
    assert.ok(Math.abs(total - 1) < 1e-3, `p(y|x) sums to ${total}`);
    assert.equal(one.chosen, null);
    assert.equal(one.label, one.probabilities.indexOf(Math.max(...one.probabilities)), 'encoded as the digit read');
    assert.equal(one.label, 1, `a drawn 1 is read as a ${one.label}`);
    assert.equal(await page.locator('#class-bars [role=radio][aria-checked=true]').count(), 1);
    assert.equal(await page.getAttribute(`#class-bars [role=radio]:nth-child(${one.label + 1})`, 'aria-checked'), 'true');
    assert.match(await page.textContent('#score-label'), /as a 1/);
    await screenshot(page, 'conditional-one');

    await page.click('#clear');
    await page.waitForFunction(() => window.vaeApp.digits.probabilities === null);
    await drawStrokes(page, ZERO);
    const zero = await reading(page);
    assert.equal(zero.label, 0, `a drawn 0 is read as a ${zero.label}`);
    assert.notDeepEqual(zero.row, one.row, 'the ten-digit row did not follow the drawing');
  });

  test('a clicked digit is the one the style is encoded as', async () => {
    const { page } = site;
    const before = await reading(page);
    await page.click('#class-bars [role=radio]:nth-child(8)');
    await page.waitForFunction(() => window.vaeApp.digits.label === 7 && window.vaeApp.busy === 0, null, { timeout: 60_000 });
    const seven = await reading(page);
    assert.equal(seven.chosen, 7);
    assert.notDeepEqual(seven.row, before.row, 'another digit, the same style row');
    assert.match(await page.textContent('#every-digit-caption'), /the 7 you chose/);
    assert.match(await page.textContent('#score-label'), /as a 7/);
    // The Inside view is told the same digit.
    await page.click('#inside-open');
    await page.waitForFunction(() => /told y = 7$/.test(document.querySelector('#inside-subject').textContent), null, { timeout: 60_000 });
    await page.click('#inside-close');
    // Clicking it again goes back to the digit read; so does a click on the row.
    await page.click('#class-bars [role=radio]:nth-child(8)');
    await page.waitForFunction(() => window.vaeApp.digits.chosen === null && window.vaeApp.digits.label === 0, null, { timeout: 60_000 });
    const box = await page.locator('#every-digit').boundingBox();
    await page.mouse.click(box.x + box.width * 0.35, box.y + box.height / 2);
    await page.waitForFunction(() => window.vaeApp.digits.chosen === 3 && window.vaeApp.digits.label === 3, null, { timeout: 60_000 });
  });

  test('the sliders write one style as every digit; the manifold as a chosen digit; samples one row per digit', async () => {
    const { page } = site;
    await page.click('#clear');
    assert.equal(await page.isVisible('#slider-every-digit'), true);
    assert.equal(await page.isHidden('#slider-single'), true);
    const before = await canvasPixels(page, 'slider-digits');
    const slider = page.locator('#sliders input').first();
    await slider.focus();
    for (let i = 0; i < 40; i += 1) await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => window.vaeApp.busy === 0);
    assert.notDeepEqual(await canvasPixels(page, 'slider-digits'), before, 'the slider did not move the ten digits');

    assert.equal(await page.isVisible('#manifold-digit-choice'), true);
    const manifold = await canvasPixels(page, 'manifold');
    await page.selectOption('#manifold-digit', '8');
    await page.waitForFunction(() => window.vaeApp.busy === 0);
    assert.notDeepEqual(await canvasPixels(page, 'manifold'), manifold, 'the manifold is not written as the chosen digit');

    assert.equal(await page.evaluate(() => document.getElementById('samples').height), 10 * 28);
    assert.equal(await page.isVisible('#samples-hint'), true);
    await screenshot(page, 'conditional-views');
  });

  test('a conditional model trains from scratch; after the epoch, its accuracy beside the test ELBO', { timeout: 900_000 }, async () => {
    const { page } = site;
    await page.selectOption('#train-form select[name=kind]', 'cvae');
    await page.fill('#train-form input[name=epochs]', '1');
    await page.click('#train-reset');
    await page.waitForFunction(() => window.vaeApp.model.config.kind === 'cvae' && window.vaeApp.busy === 0, null, { timeout: 60_000 });
    await page.evaluate(() => {
      window.losses_ = [];
      const status = document.getElementById('train-status');
      new MutationObserver(() => {
        const match = /loss ([\d.]+)/.exec(status.textContent);
        const steps = /([\d,]+) images/.exec(status.textContent);
        if (match && steps) window.losses_.push([Number(steps[1].replace(/,/g, '')) / 32, Number(match[1])]);
      }).observe(status, { childList: true, characterData: true, subtree: true });
    });
    await page.click('#train-start');
    // One epoch (1,875 steps), then the test ELBO and the accuracy on 1,000 test digits.
    // The log's first line is the first chunk's; the epoch's line follows it.
    const epochLine = '#epoch-log li:text-matches("^epoch 1:")';
    await page.waitForSelector(epochLine, { timeout: 800_000 });
    const entry = await page.textContent(epochLine);
    const accuracy = Number(/reads ([\d.]+) % of the first 1,000 test digits right/.exec(entry)?.[1]);
    assert.ok(accuracy > 50, `after one epoch: "${entry}"`);
    assert.match(entry, /^epoch 1: test ELBO −\d+\.\d+/);
    await page.waitForSelector('#train-start:not([disabled])', { timeout: 120_000 });
    const losses = await page.evaluate(() => window.losses_);
    assert.ok(losses.at(-1)[1] < losses[0][1] - 50, `loss went from ${losses[0][1]} to ${losses.at(-1)[1]}`);
    assert.equal(await page.evaluate(() => window.vaeApp.model.config.kind), 'cvae');
    // Ten rows of fixed samples: eight styles written as each digit.
    assert.equal(await page.evaluate(() => document.getElementById('train-samples').height), 10 * 28);
    await screenshot(page, 'conditional-trained');
    // The page follows the weights it trained: a drawing is read as a digit.
    await drawStrokes(page, ONE);
    const read = await reading(page);
    assert.equal(read.probabilities.length, 10);
  });

  test('no console errors', () => assert.deepEqual(site.problems, []));
});
