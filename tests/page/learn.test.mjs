// The Learn path, walked as a learner would: from the button on the first screen, each step's
// view comes into the viewport, the prediction is made and the action done through the page's
// own controls (pointer on the pad and the maps, the panels' buttons, the Model menu), and what
// the step reveals is the page's own numbers (the drawing panel's posterior, the Inside view's
// answer, the Compare view's columns, the slow-motion step). In both CPU modes; then on a phone
// (390×844, touch: the card and the view on screen together), and with the keyboard alone.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openSite } from './harness.mjs';
import {
  STEP_TIMEOUT, armed, atStep, byKeyboard, checkTrainingRun, focusedId, focusedLabel, focusedText,
  focusedValue, inViewport, learn, nextByKeyboard, onScreenTogether, revealed, tabTo, vector,
} from './learn-helpers.mjs';
import { walkWithPointer } from './learn-walk.mjs';

for (const mode of [
  { name: 'threads', options: { isolated: true } },
  { name: 'one core', options: { isolated: false } },
]) {
  describe(`the Learn path (${mode.name})`, { timeout: 900_000 }, () => {
    let site;
    before(async () => {
      site = await openSite(mode.options);
    });
    after(async () => site?.close());

    test('the whole path, with the pointer: views in view, predictions scored, the page’s numbers', async () => {
      await walkWithPointer(site.page);
    });

    test('the path resumes where it was left, and a link opens it at a step', async () => {
      const { page } = site;
      await page.reload();
      await page.waitForSelector('body[data-ready=true]', { timeout: 120_000 });
      await page.click('#learn-open');
      const resumed = await learn(page);
      assert.equal(resumed.id, 'summary', 'reopening resumes at the step reached');
      assert.equal(Object.keys(resumed.predictions).length, 11, 'the predictions were kept');

      // The summary follows a switch of language, every guess and truth in it, and comes back.
      await revealed(page);
      const rows = () => page.locator('.learn-summary li').allTextContents();
      const english = await rows();
      assert.equal(english.length, 11);
      await page.selectOption('#language-select', 'zh-CN');
      const chinese = await rows();
      assert.equal(chinese.length, 11);
      for (const row of chinese) {
        assert.match(row, /：你的预测是 .+；页面测得 .+（(对了|这次没对)）$/);
        assert.doesNotMatch(row.replace(/\b(VAE|KL|ELBO)\b/g, ''), /[A-Za-z]{2,}/, `English left in “${row}”`);
      }
      assert.match((await learn(page)).reveal, /^你做了 11 个预测，对了 \d+ 个。/);
      await page.selectOption('#language-select', 'en');
      assert.deepEqual(await rows(), english);
      await page.click('.learn-nav button:has-text("Close")');
      await page.evaluate(() => (location.hash = 'learn=3'));
      await page.waitForFunction(() => window.vaeApp.learn.open && window.vaeApp.learn.id === 'eps');
      assert.equal(await page.textContent('#learn-count'), 'Step 3 of 13');
    });

    test('no console errors', () => assert.deepEqual(site.problems, []));
  });
}

describe('the Learn path on a phone, by touch (390×844)', { timeout: 600_000 }, () => {
  let site;
  before(async () => {
    site = await openSite({ context: { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true } });
  });
  after(async () => site?.close());

  test('a bottom sheet beside the view it drives; taps on the pad’s example, the map and the Inside view', async () => {
    const { page } = site;
    assert.ok(await inViewport(page, '#learn-open'), 'the way in is on the first screen');
    await page.tap('#learn-open');
    await atStep(page, 'input', '#draw-panel');
    await armed(page);
    let together = await onScreenTogether(page, '#draw-panel');
    assert.ok(together.card && together.view, JSON.stringify(together));
    assert.ok(together.share <= 0.41, `the card takes ${Math.round(together.share * 100)} % of the screen's height`);
    await page.tap('#learn-action button');
    await revealed(page);
    await page.tap('.learn-nav button.primary');

    await page.waitForSelector('body[data-map-ready=true]', { timeout: STEP_TIMEOUT });
    await atStep(page, 'posterior', '#latent-panel');
    together = await onScreenTogether(page, '#latent-map');
    assert.ok(together.card && together.view, JSON.stringify(together));
    const box = await page.locator('#latent-map').boundingBox();
    await page.touchscreen.tap(box.x + box.width * 0.5, box.y + box.height * 0.5);
    const reveal = await revealed(page);
    const mean = await page.evaluate(() => Array.from(window.vaeApp.posterior.mean));
    assert.ok(reveal.includes(`μ = ${vector(mean)}`) && reveal.includes('Your guess (0.00, 0.00)'), reveal);
    await page.tap('.learn-nav button.primary');

    await atStep(page, 'eps', '#step-sample');
    together = await onScreenTogether(page, '#step-sample');
    assert.ok(together.card && together.view, JSON.stringify(together));
    await page.tap('#learn-prediction button[data-value="mean"]');
    await armed(page);
    await page.tap('#inside-new-eps');
    await revealed(page);
    together = await onScreenTogether(page, '#step-sample');
    assert.ok(together.card && together.view, `after the reveal: ${JSON.stringify(together)}`);
    assert.equal((await learn(page)).predictions.eps.correct, false);
    await page.tap('.learn-nav button:has-text("Close")');
    assert.equal(await page.isHidden('#learn-card'), true);
  });

  test('the Compare step brings its “Generate” row on screen, above the card', async () => {
    const { page } = site;
    await page.evaluate(() => (location.hash = 'learn=8'));
    await atStep(page, 'why-kl', '#compare-open');
    await page.tap('#learn-prediction button[data-value="ae-latent2"]');
    await armed(page);
    await page.tap('#compare-open');
    await revealed(page);
    await page.waitForFunction(() => document.getElementById('compare-samples-row').classList.contains('learn-highlight'));
    const where = await page.evaluate(() => {
      const row = document.getElementById('compare-samples-row').getBoundingClientRect();
      const card = document.getElementById('learn-card').getBoundingClientRect();
      return { rowTop: row.top, rowBottom: row.bottom, cardTop: card.top };
    });
    assert.ok(where.rowTop >= -1 && where.rowTop < where.cardTop - 100, `the Generate row is not on screen above the card: ${JSON.stringify(where)}`);
    await page.tap('.learn-nav button:has-text("Close")');
  });

  test('no console errors', () => assert.deepEqual(site.problems, []));
});

describe('the Learn path with the keyboard alone', { timeout: 900_000 }, () => {
  let site;
  before(async () => {
    site = await openSite();
  });
  after(async () => site?.close());

  test('Tab, Enter, Space and the arrow keys take the whole path: every step, every prediction', async () => {
    const { page } = site;
    await tabTo(page, focusedId, 'learn-open');
    await page.keyboard.press('Enter');
    await atStep(page, 'input', '#draw-panel');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'learn-title', 'the card takes the focus');
    await armed(page);
    await tabTo(page, focusedText, 'No mouse or touch? Use an example drawing');
    await page.keyboard.press('Enter');
    await revealed(page);
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Next', 'Next takes the focus once the step is done');
    await page.keyboard.press('Enter');

    await page.waitForSelector('body[data-map-ready=true]', { timeout: STEP_TIMEOUT });
    await atStep(page, 'posterior', '#latent-panel');
    await tabTo(page, focusedLabel, 'horizontal');
    for (let i = 0; i < 5; i += 1) await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Tab');
    for (let i = 0; i < 5; i += 1) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const reveal = await revealed(page);
    assert.ok(reveal.includes('Your guess (0.50, −0.50)'), reveal);
    await page.keyboard.press('Enter');

    await atStep(page, 'eps', '#step-sample');
    await tabTo(page, focusedValue, 'z');
    await page.keyboard.press('Enter');
    await armed(page);
    await tabTo(page, focusedText, 'Go to the control');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'inside-new-eps');
    await page.keyboard.press('Enter');
    await revealed(page);
    await page.keyboard.press('Enter');

    await atStep(page, 'decoder', '#step-decoder');
    await tabTo(page, focusedValue, 'up');
    await page.keyboard.press('Enter');
    await armed(page);
    await tabTo(page, focusedText, 'Go to the control');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'inside-map');
    await page.keyboard.press('Shift+ArrowRight');
    await revealed(page);
    assert.deepEqual(Object.keys((await learn(page)).predictions).sort(), ['decoder', 'eps', 'posterior']);
    await nextByKeyboard(page);

    // The Inside view's buttons, Compare's, Step: a guess by Space or Enter, the control reached by “Go to the control”.
    await byKeyboard(page, { id: 'pixels', view: '#step-loss', guess: 'a', control: '#inside-reset-eps' });
    await byKeyboard(page, { id: 'kl', view: '#inside-kl-bars', guess: 'down', control: '#inside-random', key: ' ' });
    await byKeyboard(page, { id: 'elbo', view: '#step-loss', guess: 'drawing', control: '#inside-use-drawing', key: ' ' });
    await byKeyboard(page, { id: 'why-kl', view: '#compare-open', guess: 'conv-latent2-beta1-5ep', control: '#compare-open' });
    await byKeyboard(page, { id: 'beta', view: '#compare-panel', guess: 'up', control: '#compare-panel [data-preset=beta]' });
    await byKeyboard(page, { id: 'training', view: '#train-panel', guess: 'down', control: '#train-step' });

    // Training from scratch: Reset, Start, then Pause, each reached from the card (which takes the focus after each move).
    await byKeyboard(page, { id: 'training-run', view: '#train-panel', guess: 'rises', control: '#train-reset', reveal: false });
    for (const [count, control] of [[1, 'train-start'], [2, 'train-pause']]) {
      await page.waitForFunction((count) => document.querySelectorAll('#learn-action .learn-move').length === count, count, { timeout: STEP_TIMEOUT });
      await tabTo(page, (count) => document.activeElement === document.querySelectorAll('#learn-action .learn-move')[count - 1], count);
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement.id), control);
      await page.keyboard.press('Enter');
    }
    await checkTrainingRun(page, await revealed(page), 'rises');
    await nextByKeyboard(page);

    // The conditional model: the Model menu, by its arrow keys.
    await byKeyboard(page, { id: 'conditional', view: '#draw-panel', guess: '3', control: '#model-select', key: null, reveal: false });
    const wanted = 'www/models/cvae-latent2.vaew';
    for (let i = 0; i < 12 && (await page.inputValue('#model-select')) !== wanted; i += 1) {
      const [at, target] = await page.$eval('#model-select', (select, value) => [select.selectedIndex, [...select.options].findIndex((option) => option.value === value)], wanted);
      const shown = await page.evaluate(() => window.vaeApp.drawingsShown);
      await page.keyboard.press(at < target ? 'ArrowDown' : 'ArrowUp');
      // Each model the menu passes through answers for the drawing before the next key.
      await page.waitForFunction((shown) => window.vaeApp.drawingsShown > shown && window.vaeApp.busy === 0, shown, { timeout: STEP_TIMEOUT });
    }
    assert.equal(await page.inputValue('#model-select'), wanted);
    const reveal2 = await revealed(page);
    assert.match(reveal2, /^It reads a \d, with p\(y\|x\) = [\d.]+/);
    await nextByKeyboard(page);

    // The summary: every prediction made by keyboard, scored.
    await atStep(page, 'summary', '#draw-panel');
    assert.match(await revealed(page), /You got \d+ of 11 predictions right/);
    const state = await learn(page);
    assert.equal(Object.keys(state.predictions).length, 11, Object.keys(state.predictions).join(', '));
    for (const [id, { correct }] of Object.entries(state.predictions)) assert.equal(typeof correct, 'boolean', id);

    // Escape leaves the path: the page as the learner made it, the focus back on the way in.
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Finish');
    await page.keyboard.press('Escape');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'learn-open');
    assert.equal(await page.locator('.learn-highlight').count(), 0);
    assert.equal(await page.isHidden('#inside-panel'), true, 'the Inside view the path opened is closed again');
  });

  test('no console errors', () => assert.deepEqual(site.problems, []));
});
