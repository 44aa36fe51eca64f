// The Learn path, walked as a learner would: from the button on the first screen, each step's
// view comes into the viewport, the prediction is made and the action done through the page's
// own controls (pointer on the pad and the maps, the panels' buttons, the Model menu), and what
// the step reveals is the page's own numbers (the drawing panel's posterior, the Inside view's
// answer, the Compare view's columns, the slow-motion step). In both CPU modes; then on a phone
// (390×844, touch: the card and the view on screen together), and with the keyboard alone.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { drawStrokes, openSite } from './harness.mjs';
import {
  ONE, STEP_TIMEOUT, armed, atStep, byKeyboard, checkTrainingRun, choose, explanation, fixed, focusedId, focusedLabel, focusedText,
  focusedValue, inViewport, learn, next, nextByKeyboard, onScreenTogether, revealed, tabTo, vector,
} from './learn-helpers.mjs';

/** The whole path with the pointer, checking each reveal against the page's state. */
async function walkWithPointer(page) {
  await page.click('#learn-open');
  // 1. x: draw on the pad.
  await atStep(page, 'input', '#draw-panel');
  await armed(page);
  await drawStrokes(page, ONE);
  let reveal = await revealed(page);
  const inked = await page.evaluate(() => Array.from(window.vaeApp.input).filter((value) => value > 0.5).length);
  assert.match(reveal, new RegExp(`784 numbers: ${inked} pixels hold ink`));
  await next(page);

  // 2. q(z|x): a guess on the map; μ revealed is the drawing's posterior mean.
  await page.waitForSelector('body[data-map-ready=true]', { timeout: STEP_TIMEOUT });
  await atStep(page, 'posterior', '#latent-panel');
  assert.equal(await page.getAttribute('#latent-map', 'data-posterior'), 'none', 'the drawing shows on the map before the guess');
  const latentBefore = await page.evaluate(() => window.vaeApp.latent);
  const box = await page.locator('#latent-map').boundingBox();
  await page.mouse.click(box.x + box.width * 0.25, box.y + box.height * 0.25);
  reveal = await revealed(page);
  const posterior = await page.evaluate(() => ({ mean: Array.from(window.vaeApp.posterior.mean), latent: window.vaeApp.latent }));
  assert.ok(reveal.includes(`μ = ${vector(posterior.mean)}`), reveal);
  assert.ok(reveal.includes('Your guess (−2.00, 2.00)'), reveal);
  assert.deepEqual(posterior.latent, latentBefore, 'the guess decoded a point on the map');
  assert.equal(await page.getAttribute('#latent-map', 'data-posterior'), 'ellipses');
  await next(page);

  // 3. ε: the Inside view opens; New ε moves z, not μ.
  await atStep(page, 'eps', '#step-sample');
  await choose(page, 'z');
  await armed(page);
  await page.click('#inside-new-eps');
  reveal = await revealed(page);
  let shown = await explanation(page);
  assert.ok(reveal.includes(`z went from`) && reveal.includes(`to ${vector(shown.z)}, while μ stayed at ${vector(shown.mean)}`), reveal);
  assert.equal((await learn(page)).predictions.eps.correct, true);
  await next(page);

  // 4. The decoder: drag z on the Inside view's map.
  await atStep(page, 'decoder', '#step-decoder');
  await choose(page, 'up');
  await armed(page);
  // The map sits just above the decoder's step: the learner scrolls to it.
  await page.locator('#inside-map').scrollIntoViewIfNeeded();
  const map = await page.locator('#inside-map').boundingBox();
  await page.mouse.move(map.x + map.width * 0.5, map.y + map.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(map.x + map.width * 0.95, map.y + map.height * 0.1, { steps: 5 });
  await page.mouse.up();
  reveal = await revealed(page);
  shown = await explanation(page);
  assert.ok(reveal.includes(`to ${fixed(shown.reconstruction, 1)} nats`), reveal);
  await next(page);

  // 5. Pixel by pixel: which of two pixels pays more; ε = 0.
  await atStep(page, 'pixels', '#step-loss');
  await choose(page, 'a');
  await armed(page);
  await page.click('#inside-reset-eps');
  reveal = await revealed(page);
  shown = await explanation(page);
  assert.deepEqual(shown.z, shown.mean, 'ε = 0 puts z at μ');
  assert.ok(reveal.includes(`pay ${fixed(shown.reconstruction, 1)} nats`), reveal);
  await next(page);

  // 6. KL per dimension: a random test digit.
  const drawingKl = shown.kl;
  await atStep(page, 'kl', '#inside-kl-bars');
  await choose(page, 'down');
  await armed(page);
  await page.click('#inside-random');
  reveal = await revealed(page);
  shown = await explanation(page);
  assert.ok(reveal.includes(`Your drawing paid ${fixed(drawingKl)} nats`) && reveal.includes(`pays ${fixed(shown.kl)}`), reveal);
  const testElbo = shown.elbo;
  await next(page);

  // 7. The ELBO: back to the drawing.
  await atStep(page, 'elbo', '#step-loss');
  await choose(page, 'drawing');
  await armed(page);
  await page.click('#inside-use-drawing');
  reveal = await revealed(page);
  shown = await explanation(page);
  assert.ok(reveal.includes(`= ${fixed(shown.elbo, 1)} nats. The test digit: ${fixed(testElbo, 1)} nats`), reveal);
  await next(page);

  // 8. Why the KL term: the Compare view, opened by the learner.
  await atStep(page, 'why-kl', '#compare-open');
  await choose(page, 'conv-latent2-beta1-5ep');
  await armed(page);
  await page.click('#compare-open');
  reveal = await revealed(page);
  assert.ok(await inViewport(page, '#compare-samples-row'), 'the Generate row is not in view');
  assert.match(reveal, /autoencoder · latent 2 \d+ %/);
  const why = (await learn(page)).predictions['why-kl'];
  assert.equal(why.truth, 'VAE, β = 1 · latent 2', 'the VAE at β = 1 fills the prior best');
  assert.equal(why.correct, true);
  await next(page);

  // 9. β: the β = 1 against 10 preset.
  await atStep(page, 'beta', '#compare-panel');
  await choose(page, 'down');
  await armed(page);
  await page.click('#compare-panel [data-preset=beta]');
  reveal = await revealed(page);
  const kls = await page.evaluate(() => window.vaeApp.compare.columns.slice(0, 2).map((column) => column.explanation.kl));
  assert.ok(reveal.includes(`β = 1: KL ${fixed(kls[0])} nats`) && reveal.includes(`β = 10: KL ${fixed(kls[1])}`), reveal);
  assert.equal((await learn(page)).predictions.beta.correct, kls[1] < kls[0]);
  await next(page);

  // 10. Training: one Step.
  await atStep(page, 'training', '#train-panel');
  await choose(page, 'up');
  await armed(page);
  await page.click('#train-step');
  reveal = await revealed(page);
  const step = await page.evaluate(() => window.vaeApp.slowMotionStep);
  assert.ok(reveal.startsWith(`Step ${step}: the batch’s ELBO went from`), reveal);
  await next(page);

  // 11. Training on: Start (Resume, after the Step), a few reports, then Pause when the path says.
  await atStep(page, 'training-run', '#train-panel');
  await choose(page, 'flat');
  await armed(page);
  await page.click('#train-start');
  await page.waitForSelector('#learn-action .learn-then', { timeout: STEP_TIMEOUT });
  await page.click('#train-pause');
  reveal = await revealed(page);
  await checkTrainingRun(page, reveal, 'flat');
  await next(page);

  // 12. The conditional model, from the Model menu.
  await atStep(page, 'conditional', '#draw-panel');
  await choose(page, '1');
  await armed(page);
  await page.selectOption('#model-select', 'www/models/cvae-latent2.vaew');
  reveal = await revealed(page);
  const digits = await page.evaluate(() => window.vaeApp.digits);
  assert.ok(reveal.startsWith(`It reads a ${digits.label}, with p(y|x) = ${digits.probabilities[digits.label].toFixed(3)}`), reveal);
  await next(page);

  // 13. The summary: each prediction against the truth.
  await atStep(page, 'summary', '#draw-panel');
  reveal = await revealed(page);
  const state = await learn(page);
  const made = Object.keys(state.predictions);
  assert.equal(made.length, 11, made.join(', '));
  for (const id of made) assert.ok(typeof state.predictions[id].correct === 'boolean', id);
  assert.equal(await page.locator('.learn-summary li').count(), 11);
  assert.match(reveal, /You got \d+ of 11 predictions right/);
  await next(page);
  assert.equal((await learn(page)).open, false);
  assert.equal(await page.locator('.learn-highlight').count(), 0, 'an outline was left behind');
  assert.equal(await page.isHidden('#inside-panel'), true, 'the Inside view the path opened stayed open');
}

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

    // Training on: Start, then Pause, each reached from the card.
    await byKeyboard(page, { id: 'training-run', view: '#train-panel', guess: 'rises', control: '#train-start', reveal: false });
    await page.waitForSelector('#learn-action .learn-then', { timeout: STEP_TIMEOUT });
    await tabTo(page, (name) => document.activeElement?.classList.contains(name), 'learn-then');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'train-pause');
    await page.keyboard.press('Enter');
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
