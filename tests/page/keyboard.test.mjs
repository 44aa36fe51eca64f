// The lab with the keyboard alone, as a person who cannot use a pointer uses it: from the first
// Tab, a test digit goes into the drawing panel and is reconstructed, the Inside view opens, a
// latent slider moves the decoded image in steps one can see, and training starts and pauses;
// every control reached shows where the focus is. Then the parts on their own: the test-digit
// field's refusals (in the language in use), the latent map moved with the arrow keys and put in
// words, the sliders' keys, and the glossary (opened, searched and closed from the keyboard).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, openSite, settled } from './harness.mjs';

/** Two decoded images differ visibly when this many pixels changed by at least a quarter of the grey scale. */
const VISIBLY_CHANGED_PIXELS = 10;
const QUARTER = 64;

/** The focused element, and whether it shows the focus (its outline or shadow; a file input's label shows it). */
const focusState = () => {
  const element = document.activeElement;
  const shown = element.matches('.button input[type=file]') ? element.closest('.button') : element;
  const style = getComputedStyle(shown);
  const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const name = element.id || element.getAttribute('aria-label') || element.textContent.trim().slice(0, 40) || element.tagName;
  return { name, onBody: element === document.body, visible: outlined || style.boxShadow !== 'none' };
};

/**
 * Presses Tab until the focus is on `selector` (at most `limit` presses), checking at every stop
 * that the focus is on a control and shows; returns the names of the controls passed.
 */
async function tabTo(page, selector, limit = 200) {
  const passed = [];
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const state = await page.evaluate(focusState);
    assert.equal(state.onBody, false, `the focus fell to the page after ${passed.join(' → ')}`);
    assert.ok(state.visible, `the focus on “${state.name}” does not show`);
    passed.push(state.name);
    if (await page.evaluate((selector) => document.activeElement.matches(selector), selector)) return passed;
  }
  throw new Error(`Tab never reached ${selector}: ${passed.join(' → ')}`);
}

/** How many pixels of a canvas's 28×28 image differ by at least a quarter of the grey scale. */
async function changedPixels(page, id, before) {
  const after = await page.evaluate((id) => Array.from(window.readPixels_(document.getElementById(id), 0, 0, 28, 28)), id);
  return after.filter((value, i) => i % 4 === 0 && Math.abs(value - before[i]) >= QUARTER).length;
}

const pixels = (page, id) => page.evaluate((id) => Array.from(window.readPixels_(document.getElementById(id), 0, 0, 28, 28)), id);
const label = (page, selector) => page.getAttribute(selector, 'aria-label');

describe('the keyboard alone', { timeout: 600_000 }, () => {
  let site;
  before(async () => {
    site = await openSite();
    await site.page.waitForSelector('body[data-map-ready=true]', { timeout: 120_000 });
    await settled(site.page);
  });
  after(async () => site?.close());

  test('from the first Tab: a test digit reconstructed, the Inside view, a slider, training started and paused', async () => {
    const { page } = site;
    assert.equal(await label(page, '#recon-view'), 'Reconstruction: nothing drawn yet');

    // A test digit into the drawing panel: its number, then Enter.
    await tabTo(page, '#pad-digit');
    await page.keyboard.type('7');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /\d\.\d/.test(document.getElementById('recon-view').getAttribute('aria-label')), null, { timeout: 60_000 });
    await settled(page);
    assert.match(await label(page, '#recon-view'), /^Reconstruction: ELBO −\d+\.\d nats, /);
    assert.match(await label(page, '#pad'), /^Drawing pad: test digit 7, labelled \d$/);
    assert.equal(await page.textContent('#score'), (await label(page, '#recon-view')).match(/−(\d+\.\d)/)[0].replace('−', '-'), 'the score line and the words agree');
    // The map says where its mean lies, among which test digits.
    assert.match(await page.textContent('#latent-map-where'), /The point is at the mean μ of the image in the pad, z = \(−?\d\.\d\d, −?\d\.\d\d\); nearest test digits on the map: \d(, \d){4}\./);
    // Announced once, when the answer settled.
    await page.waitForFunction(() => /^Test digit 7, labelled \d\. Reconstruction: ELBO/.test(document.getElementById('drawing-summary').textContent));

    // The Inside view.
    await tabTo(page, '#inside-open');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.vaeApp.inside.open && window.vaeApp.inside.count > 0, null, { timeout: 60_000 });

    // A latent slider: five presses of an arrow key change the decoded image visibly.
    await tabTo(page, '#sliders input');
    await settled(page);
    const before = await pixels(page, 'slider-view');
    const value = await page.evaluate(() => window.vaeApp.latent[0]);
    for (let i = 0; i < 5; i += 1) await page.keyboard.press('ArrowRight');
    await settled(page);
    const moved = await page.evaluate(() => window.vaeApp.latent[0]);
    assert.ok(Math.abs(moved - Math.min(3, value + 0.5)) < 0.051, `five presses moved z₁ from ${value} to ${moved}`);
    const changed = await changedPixels(page, 'slider-view', before);
    assert.ok(changed >= VISIBLY_CHANGED_PIXELS, `five presses changed ${changed} pixels of the decoded image visibly`);
    assert.equal(await page.getAttribute('#sliders input', 'aria-valuetext'), `z₁ = ${moved.toFixed(2).replace('-', '−')}`);

    // Training: Start, a progress report, Pause; the focus goes from the button pressed to the one that undoes it.
    await tabTo(page, '#train-start');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /img\/s/.test(document.getElementById('train-status').textContent), null, { timeout: 120_000 });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'train-pause');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#train-start:not([disabled])', { timeout: 60_000 });
    assert.equal(await page.evaluate(() => window.vaeApp.training), false);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'train-start');
  });

  test('the test-digit field refuses, by name, what is not a test digit; Random and Undo', async () => {
    const { page } = site;
    await page.focus('#clear');
    await page.keyboard.press('Enter');
    await settled(page);
    const field = page.locator('#pad-digit');
    for (const typed of ['2.5', '-3', '10000']) {
      await field.fill(typed);
      await field.press('Enter');
      assert.equal(await page.textContent('#pad-digit-error'), `Test digit: “${typed}” is not a whole number from 0 to 9999.`);
      assert.equal(await field.getAttribute('aria-invalid'), 'true');
    }
    // Not a number at all: the field holds nothing it can read.
    await field.fill('');
    await field.pressSequentially('1e');
    await field.press('Enter');
    assert.equal(await page.textContent('#pad-digit-error'), 'Test digit: what was typed is not a number; type a whole number from 0 to 9999.');
    await field.fill('');
    await field.press('Enter');
    assert.equal(await page.textContent('#pad-digit-error'), 'Test digit: type a whole number from 0 to 9999.');
    await settled(page);
    assert.equal(await page.evaluate(() => window.vaeApp.input), null, 'a refused number put nothing in the pad');

    // A refusal shown follows a switch of language, and comes back.
    await field.fill('-3');
    await field.press('Enter');
    await page.selectOption('#language-select', 'zh-CN');
    assert.equal(await page.textContent('#pad-digit-error'), '测试数字：“-3”不是 0 到 9999 之间的整数。');
    await page.selectOption('#language-select', 'en');
    assert.equal(await page.textContent('#pad-digit-error'), 'Test digit: “-3” is not a whole number from 0 to 9999.');

    await page.focus('#pad-digit-random');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.vaeApp.input !== null, null, { timeout: 60_000 });
    assert.equal(await page.isHidden('#pad-digit-error'), true, 'the refusal went with a digit used');
    const index = await field.inputValue();
    assert.match(await label(page, '#pad'), new RegExp(`^Drawing pad: test digit ${index}, labelled \\d$`));
    await page.focus('#undo');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.vaeApp.input === null);
    assert.match(await label(page, '#pad'), /^Drawing pad, empty/);
    assert.equal(await label(page, '#recon-view'), 'Reconstruction: nothing drawn yet');
  });

  test('the latent map: the arrow keys move the point and decode it, and its words say where it lies', async () => {
    const { page } = site;
    await page.focus('#latent-map');
    const start = await page.evaluate(() => [...window.vaeApp.latent]);
    const before = await pixels(page, 'slider-view');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowUp');
    await settled(page);
    const latent = await page.evaluate(() => window.vaeApp.latent);
    // A twentieth of the map's half-width (4), five times that with Shift.
    assert.ok(Math.abs(latent[0] - (start[0] + 0.2)) < 1e-6 && Math.abs(latent[1] - (start[1] + 1)) < 1e-6, `${start} → ${latent}`);
    assert.ok((await changedPixels(page, 'slider-view', before)) > 0, 'the point moved but nothing was decoded');
    const where = await page.textContent('#latent-map-where');
    const at = `z = (${latent.map((value) => value.toFixed(2).replace('-', '−')).join(', ')})`;
    assert.match(where, new RegExp(`The point is at ${at.replace(/[()]/g, '\\$&')}; nearest test digits on the map: \\d, \\d, \\d, \\d, \\d\\.`));
    // The labels named are those of the test digits nearest to the point.
    const nearest = await page.evaluate(({ x, y }) => {
      const means = window.vaeApp.mapMeans;
      const labels = window.vaeApp.mapLabels;
      const order = [...labels.keys()].sort((a, b) => Math.hypot(means[2 * a] - x, means[2 * a + 1] - y) - Math.hypot(means[2 * b] - x, means[2 * b + 1] - y));
      return order.slice(0, 5).map((index) => labels[index]).join(', ');
    }, { x: latent[0], y: latent[1] });
    assert.ok(where.includes(`nearest test digits on the map: ${nearest}.`), `${where} (nearest: ${nearest})`);
    // Announced once the keys rest, and only the place (the keys' help is in the description).
    await page.waitForFunction((at) => document.getElementById('latent-map-live').textContent.startsWith(`The point is at ${at}`), at);
  });

  test('“Pick on the map” by keyboard: the map takes the focus, Enter picks the test digit nearest its point', async () => {
    const { page } = site;
    assert.equal(await page.evaluate(() => window.vaeApp.inside.open), true, 'the Inside view is open');
    await page.focus('#inside-pick');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'latent-map');
    assert.match(await page.textContent('#latent-map-where'), /Enter picks the one nearest the point/);
    await page.keyboard.press('Shift+ArrowLeft');
    await settled(page);
    const nearest = await page.evaluate(() => {
      const [x, y] = window.vaeApp.latent;
      const means = window.vaeApp.mapMeans;
      let best = 0;
      for (let i = 0; i < means.length / 2; i += 1) if (Math.hypot(means[2 * i] - x, means[2 * i + 1] - y) < Math.hypot(means[2 * best] - x, means[2 * best + 1] - y)) best = i;
      return best;
    });
    await page.keyboard.press('Enter');
    await page.waitForFunction((index) => document.getElementById('inside-digit').value === String(index) && window.vaeApp.busy === 0, nearest, { timeout: 60_000 });
    assert.doesNotMatch(await page.textContent('#latent-map-where'), /Enter picks/, 'the map is no longer picking');
  });

  test('a slider: a tenth per arrow key, a whole unit per Page key, its ends with Home and End', async () => {
    const { page } = site;
    const slider = page.locator('#sliders input').nth(1);
    await slider.focus();
    await page.keyboard.press('Home');
    assert.equal(await slider.getAttribute('aria-valuetext'), 'z₂ = −3.00');
    await page.keyboard.press('ArrowUp');
    assert.equal(await slider.getAttribute('aria-valuetext'), 'z₂ = −2.90');
    await page.keyboard.press('PageUp');
    assert.equal(await slider.getAttribute('aria-valuetext'), 'z₂ = −1.90');
    await page.keyboard.press('End');
    assert.equal(await slider.getAttribute('aria-valuetext'), 'z₂ = 3.00');
    assert.equal(await page.evaluate(() => window.vaeApp.latent[1]), 3);
    await settled(page);
  });

  test('the glossary: opened from the header, every term of glossary.json in both languages, narrowed by typing, Escape closes it', async () => {
    const { page } = site;
    const glossary = JSON.parse(readFileSync(join(ROOT, 'www', 'i18n', 'glossary.json'), 'utf8'));
    // The next stop after the Learn path's way in, at the top of the page.
    await page.focus('#learn-open');
    assert.deepEqual(await tabTo(page, '#glossary-open', 1), ['glossary-open']);
    assert.equal(await page.textContent('#glossary-open'), 'Glossary · 术语');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('glossary').open && document.querySelectorAll('#glossary-terms .glossary-term').length > 0);
    assert.equal(await page.getAttribute('#glossary-open', 'aria-expanded'), 'true');
    assert.ok(await page.evaluate(() => document.getElementById('glossary').contains(document.activeElement)), 'the focus is not in the glossary');
    // Built from the file: each term's English and Chinese, in its order, and its units.
    const rows = await page.$$eval('#glossary-terms .glossary-term', (terms) => terms.map((term) => [term.querySelector('dt').firstChild.textContent, term.querySelector('.glossary-zh').textContent]));
    assert.deepEqual(rows, glossary.terms.map((term) => [term.en, term.zh]));
    assert.equal(await page.locator('#glossary-unit-list .glossary-term').count(), glossary.units.length);
    const latent = glossary.terms.find((term) => term.id === 'latent-space');
    assert.equal(await page.locator('.glossary-term', { hasText: latent.zh }).first().locator('.glossary-note').textContent(), latent.note);
    const total = glossary.terms.length + glossary.units.length;
    assert.equal(await page.textContent('#glossary-count'), `${total} terms and units`);
    // A word a tutorial uses that the page does not (隐空间) finds the term the page uses for it.
    await page.locator('#glossary-find').focus();
    await page.keyboard.type('隐空间');
    const found = glossary.terms.filter((term) => [term.en, term.zh, ...term.avoid].some((words) => words.includes('隐空间'))).map((term) => term.en);
    assert.equal(found[0], 'latent space');
    assert.deepEqual(await page.$$eval('.glossary-term:not([hidden]) dt', (terms) => terms.map((term) => term.firstChild.textContent)), found);
    assert.equal(await page.textContent('#glossary-count'), `${found.length} of ${total} terms and units`);
    await page.locator('#glossary-find').fill('nats');
    assert.deepEqual(await page.$$eval('.glossary-term:not([hidden]) .glossary-zh', (terms) => terms.map((term) => term.textContent)), ['奈特']);
    await page.locator('#glossary-find').fill('');
    // Escape closes it; the focus is back on the button, which reopens it with Space.
    await page.keyboard.press('Escape');
    assert.equal(await page.evaluate(() => document.getElementById('glossary').open), false);
    // The dialog's `close` event, which the page answers, comes in a task after the Escape (a CI
    // run read the button before it: aria-expanded still "true").
    await page.waitForFunction(() => document.getElementById('glossary-open').getAttribute('aria-expanded') === 'false');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'glossary-open');
    await page.keyboard.press(' ');
    await page.waitForFunction(() => document.getElementById('glossary').open);
    // The focus starts on Close; Tab goes on to the field, Shift+Tab back, and Enter closes.
    assert.equal(await page.evaluate(() => document.activeElement.id), 'glossary-close');
    assert.deepEqual(await tabTo(page, '#glossary-find', 1), ['glossary-find']);
    await page.keyboard.press('Shift+Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'glossary-close');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.getElementById('glossary').open), false);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'glossary-open');
  });

  test('no console errors', () => assert.deepEqual(site.problems, []));
});
