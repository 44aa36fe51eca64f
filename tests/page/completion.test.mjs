// "Fill in what is missing" (inpainting, #35), as a person uses it: the sixth cue under the drawing
// opens the view on the image in the pad; each preset erases the pixels it names, and the
// completion keeps the observed pixels; for every half and where the missing pixels are
// scattered (random 50 %, 14 × 14) the completion guesses them better (lower binary
// cross-entropy) than the mean of the first 1,000 test digits, with the page's first model and
// with the latent-16 model on more digits; the spread is the samples' own, and largest where the strokes
// that decide the digit are missing; the brush erases and restores, each stroke bringing a new
// completion (nothing observed: the crate's refusal on the message line); presets by keyboard;
// the canvases' words follow the mask; a conditional model completes the image as the digit
// chosen; an autoencoder is told it cannot; in Chinese no English word is left; frames per second
// while drawing with the view open; axe and no sideways overflow at 390×844. Screenshots at
// 1280×900 and 390×844.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PIXELS, SIDE, assertObservedKept, completeTestDigit as useTestDigit, completed, meanTestImage, meanWhere, missingCrossEntropy, usePreset } from './applications.mjs';
import { ARTIFACTS, ROOT, drawContinuously, measureMainThread, openSite } from './harness.mjs';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const HALVES = ['top-half', 'bottom-half', 'left-half', 'right-half'];
/** Masks whose missing pixels are scattered among observed ones. */
const SCATTERED = ['random-50', '14x14'];
/** The test digits each preset's completion is measured on (the pad holds each in turn). */
const MEASURED_DIGITS = 10;
/** The test digits the halves are measured on with the latent-16 model: one digit's completion can miss by 30 nats, so more. */
const HALVES_DIGITS = 20;
/** Which pixels each preset leaves missing, by row and column (a random one: how many), worked out here, not read from the page. */
const MISSING_IN = {
  'top-half': (row) => row < SIDE / 2,
  'bottom-half': (row) => row >= SIDE / 2,
  'left-half': (_row, column) => column < SIDE / 2,
  'right-half': (_row, column) => column >= SIDE / 2,
  // One pixel observed in each 2 × 2 block: the lower right of the block.
  '14x14': (row, column) => row % 2 === 0 || column % 2 === 0,
};

/** Drags over the enlarged image from pixel (column, row) `from` to `to`. */
async function drag(page, from, to) {
  await page.locator('#completion-mask').scrollIntoViewIfNeeded();
  const box = await page.locator('#completion-mask').boundingBox();
  const at = ([column, row]) => [box.x + ((column + 0.5) / SIDE) * box.width, box.y + ((row + 0.5) / SIDE) * box.height];
  await page.mouse.move(...at(from));
  await page.mouse.down();
  await page.mouse.move(...at(to), { steps: 8 });
  await page.mouse.up();
}

async function shoot(page, name) {
  await page.evaluate(() => document.getElementById('completion-panel').scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

describe('Fill in what is missing', { timeout: 900_000 }, () => {
  let site;
  before(async () => {
    // axe comes in as a test tool, past the page's Content-Security-Policy.
    site = await openSite({ context: { bypassCSP: true } });
  });
  after(async () => site?.close());

  /** Per preset, the missing pixels' cross-entropy (nats) of each completion and of the mean test digit, summed over the digits measured. */
  const measured = {};

  /** The comparison for `preset` in words, and whether the completion is the better guess on average. */
  function verdict(preset) {
    const { completion, mean, digits } = measured[preset];
    const words = `${preset}: over ${digits} test digits the completion costs ${(completion / digits).toFixed(1)} nats on the missing pixels on average, the mean of the first 1,000 test digits ${(mean / digits).toFixed(1)}`;
    return { better: completion < mean, words };
  }

  test('the sixth cue opens the view; the completion keeps the observed pixels, and guesses the missing pixels of every half and scattered mask better than the mean test digit', async () => {
    const { page } = site;
    assert.equal(await page.isHidden('#completion-panel'), true);
    await page.click('#completion-open');
    assert.equal(await page.getAttribute('#completion-open', 'aria-expanded'), 'true');
    assert.match(await page.textContent('#completion-status'), /^Draw something/);
    const mean = meanTestImage(1000);
    for (let index = 0; index < MEASURED_DIGITS; index += 1) {
      await useTestDigit(page, index);
      for (const preset of [...HALVES, ...SCATTERED]) {
        const state = await usePreset(page, preset);
        const missingIn = MISSING_IN[preset];
        if (missingIn) assert.deepEqual(state.mask, Array.from({ length: PIXELS }, (_, i) => (missingIn(Math.floor(i / SIDE), i % SIDE) ? 0 : 1)), `${preset}: the mask`);
        else assert.equal(state.mask.filter((value) => value === 0).length, PIXELS / 2, `${preset}: the mask`);
        assertObservedKept(state);
        measured[preset] ??= { completion: 0, mean: 0, digits: 0 };
        measured[preset].completion += missingCrossEntropy(state.filled, state.image, state.mask);
        measured[preset].mean += missingCrossEntropy(mean, state.image, state.mask);
        measured[preset].digits += 1;
      }
    }
    for (const preset of [...HALVES, ...SCATTERED]) {
      const { better, words } = verdict(preset);
      console.log(`latent 2, ${words}`);
      assert.ok(better, words);
    }
    assert.match(await page.textContent('#completion-status'), new RegExp(`^In the pad: test digit ${MEASURED_DIGITS - 1}, .*100 refinement steps .* 8 samples of z\\.$`));
    await shoot(page, 'completion-1280');
  });

  // The target for the halves (#35, point 4) with the model docs/measurements.md
  // measures completion with (latent 16), on more digits.
  test('with the latent-16 model each half of a test digit is completed better than the mean test digit guesses it', async () => {
    const { page } = site;
    await page.selectOption('#model-select', 'www/models/conv-latent16.vaew');
    await page.waitForFunction(() => window.vaeApp.model.config.latentDim === 16, null, { timeout: 60_000 });
    const mean = meanTestImage(1000);
    for (const preset of HALVES) delete measured[preset];
    for (let index = 0; index < HALVES_DIGITS; index += 1) {
      await useTestDigit(page, index);
      for (const preset of HALVES) {
        const state = await usePreset(page, preset);
        measured[preset] ??= { completion: 0, mean: 0, digits: 0 };
        measured[preset].completion += missingCrossEntropy(state.filled, state.image, state.mask);
        measured[preset].mean += missingCrossEntropy(mean, state.image, state.mask);
        measured[preset].digits += 1;
      }
    }
    for (const preset of HALVES) console.log(`latent 16, ${verdict(preset).words}`);
    const failing = HALVES.map(verdict).filter(({ better }) => !better).map(({ words }) => words);
    assert.deepEqual(failing, []);
    await page.selectOption('#model-select', 'www/models/conv-latent2.vaew');
    await page.waitForFunction(() => window.vaeApp.model.config.latentDim === 2, null, { timeout: 60_000 });
  });

  test('the spread is the samples’ own; they differ most where the strokes that decide the digit are missing', async () => {
    const { page } = site;
    for (const index of [0, 1, 2]) {
      await useTestDigit(page, index);
      const state = await usePreset(page, 'centre-square');
      assert.equal(state.samples.length, 8 * PIXELS);
      // Each pixel's population standard deviation over the 8 samples, computed here.
      for (let i = 0; i < PIXELS; i += 1) {
        const values = Array.from({ length: 8 }, (_, n) => state.samples[n * PIXELS + i]);
        const average = values.reduce((sum, value) => sum + value, 0) / 8;
        const deviation = Math.sqrt(values.reduce((sum, value) => sum + (value - average) ** 2, 0) / 8);
        assert.ok(Math.abs(deviation - state.spread[i]) < 1e-4, `pixel ${i}: spread ${state.spread[i]}, the samples' ${deviation}`);
      }
      const missing = meanWhere(state.spread, state.mask, false);
      const observed = meanWhere(state.spread, state.mask, true);
      assert.ok(missing > 2 * observed, `test digit ${index}: the samples differ by ${missing.toFixed(4)} on the missing pixels, ${observed.toFixed(4)} on the observed ones`);
      const words = await page.getAttribute('#completion-spread', 'aria-label');
      assert.ok(words.includes(`on average ${missing.toFixed(3)} over the missing pixels and ${observed.toFixed(3)} over the observed ones`), words);
    }
  });

  test('the brush erases and restores pixels, and each stroke brings a new completion', async () => {
    const { page } = site;
    const before = await usePreset(page, 'top-half');
    // Erasing across the bottom half, which the top-half preset left observed.
    await drag(page, [2, 20], [25, 20]);
    const erased = await completed(page, (state) => state.erased === 'brush' && state.requests > before.requests);
    for (let column = 3; column <= 24; column += 1) assert.equal(erased.mask[20 * SIDE + column], 0, `pixel (${column}, 20) not erased`);
    assert.ok(erased.mask.filter((value) => value === 0).length > 392 + 40);
    assert.notDeepEqual(erased.completion, before.completion);
    assert.match(await page.getAttribute('#completion-mask', 'aria-label'), /pixels erased with the brush: \d+ of its 784 pixels are missing/);
    assert.equal(await page.getAttribute('#completion-panel [data-preset="top-half"]', 'aria-pressed'), 'false');
    // Restoring down the middle of the erased top half.
    await page.check('input[name=completion-brush][value=restore]');
    await drag(page, [14, 1], [14, 12]);
    const restored = await completed(page, (state) => state.requests > erased.requests);
    for (let row = 1; row <= 12; row += 1) assert.equal(restored.mask[row * SIDE + 14], 1, `pixel (14, ${row}) not restored`);
    await page.check('input[name=completion-brush][value=erase]');
    // Nothing observed: the crate refuses, and the message line says why, by name.
    await usePreset(page, 'top-half');
    for (let row = 15; row < SIDE; row += 3) await drag(page, [0, row], [SIDE - 1, row]);
    await page.waitForFunction(() => /no pixel is observed/.test(document.getElementById('message').textContent), null, { timeout: 60_000 });
    // Every pixel observed: the completion is the image itself.
    await page.click('#completion-reset');
    const whole = await completed(page, (state) => state.erased === 'none');
    assert.ok(whole.mask.every((value) => value === 1));
    assert.deepEqual(whole.filled, whole.image);
  });

  test('the brush by keyboard: arrows move it over the image, Space paints under it, Shift and an arrow paint on the way', async () => {
    const { page } = site;
    const before = await usePreset(page, 'top-half');
    await page.focus('#completion-mask');
    // The brush starts at the centre (14, 14), in the observed bottom half; three steps down.
    for (let step = 0; step < 3; step += 1) await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => /column 15, row 18: that pixel is observed/.test(document.getElementById('completion-mask-live').textContent));
    assert.equal(await page.evaluate(() => window.vaeApp.completion.erased), 'top-half', 'moving alone erased something');
    await page.keyboard.press('Space');
    const dabbed = await completed(page, (state) => state.erased === 'brush' && state.requests > before.requests);
    assert.equal(dabbed.mask[17 * SIDE + 14], 0, 'the pixel under the brush is not erased');
    assert.equal(dabbed.mask.filter((value) => value === 0).length, 392 + 9, 'Space erased other than the 3 × 3 pixels under the brush');
    await page.waitForFunction(() => /column 15, row 18: that pixel is missing/.test(document.getElementById('completion-mask-live').textContent));
    // Shift and arrows: a line of erased pixels to the right.
    for (let step = 0; step < 6; step += 1) await page.keyboard.press('Shift+ArrowRight');
    const line = await completed(page, (state) => state.requests > dabbed.requests);
    for (let column = 14; column <= 20; column += 1) assert.equal(line.mask[17 * SIDE + column], 0, `pixel (${column}, 17) not erased`);
    assert.notDeepEqual(line.completion, dabbed.completion);
    // Restoring with the keyboard too, after choosing it.
    await page.check('input[name=completion-brush][value=restore]');
    await page.focus('#completion-mask');
    await page.keyboard.press('Enter');
    const restored = await completed(page, (state) => state.requests > line.requests);
    assert.equal(restored.mask[17 * SIDE + 20], 1, 'Enter did not restore the pixel under the brush');
    await page.check('input[name=completion-brush][value=erase]');
    await shoot(page, 'completion-keyboard-brush');
  });

  test('presets by keyboard: reached with Tab, pressed with Enter or Space; the canvases’ words follow the mask', async () => {
    const { page } = site;
    await page.focus('#completion-panel [data-preset="top-half"]');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.preset), 'bottom-half');
    await page.keyboard.press('Enter');
    const bottom = await completed(page, (state) => state.erased === 'bottom-half');
    const bottomWords = await page.getAttribute('#completion-mask', 'aria-label');
    assert.match(bottomWords, /the bottom half erased: 392 of its 784 pixels are missing/);
    assert.equal(await page.getAttribute('#completion-panel [data-preset="bottom-half"]', 'aria-pressed'), 'true');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.preset), 'random-50');
    await page.keyboard.press('Space');
    const random = await completed(page, (state) => state.erased === 'random-50');
    assert.equal(random.mask.filter((value) => value === 0).length, 392);
    assert.match(await page.getAttribute('#completion-mask', 'aria-label'), /50 % of the pixels erased at random: 392 of its 784 pixels are missing/);
    assert.notEqual(await page.getAttribute('#completion-spread', 'aria-label'), null);
    // A lower resolution: one pixel observed in each 4 × 4 block.
    const low = await usePreset(page, '7x7');
    assert.equal(low.mask.filter((value) => value === 1).length, 49);
    assert.match(await page.getAttribute('#completion-mask', 'aria-label'), /lowered to 7 × 7: one pixel observed in each 4 × 4 block: 735 of its 784 pixels are missing/);
    const samplesWords = await page.getAttribute('#completion-samples', 'aria-label');
    const missingSpread = meanWhere(low.spread, low.mask, false).toFixed(3);
    assert.ok(samplesWords.startsWith('8 samples of z') && samplesWords.includes(`differ by ${missingSpread} on average`), samplesWords);
    assert.notEqual(bottom.completion.join(), low.completion.join());
  });

  test('in Chinese the view’s words are Chinese, with no English word beyond the glossary’s symbols', async () => {
    const { page } = site;
    await usePreset(page, 'left-half');
    await page.selectOption('#language-select', 'zh-CN');
    assert.equal(await page.textContent('#completion-title'), '补上缺失的部分');
    assert.match(await page.getAttribute('#completion-mask', 'aria-label'), /擦掉了左半部分：784 个像素中缺失 392 个/);
    const glossary = JSON.parse(readFileSync(join(ROOT, 'www', 'i18n', 'glossary.json'), 'utf8'));
    // Beside the glossary's symbols, a key's name as keyboards print it (the keyboard brush's hint).
    const kept = new Set([...glossary.keep, ...glossary.units.map((unit) => unit.zh), 'Shift'].flatMap((token) => token.match(/[A-Za-z][A-Za-z-]*[A-Za-z]/g) ?? []));
    const english = await page.evaluate(() => {
      const panel = document.getElementById('completion-panel');
      const texts = [panel.innerText];
      for (const element of panel.querySelectorAll('*')) for (const name of ['aria-label', 'title']) if (element.getAttribute(name)) texts.push(element.getAttribute(name));
      return texts.flatMap((text) => text.match(/[A-Za-z][A-Za-z’'-]*[A-Za-z]/g) ?? []);
    });
    assert.deepEqual(english.filter((word) => !kept.has(word)), []);
    await shoot(page, 'completion-zh');
    await page.selectOption('#language-select', 'en');
    assert.match(await page.getAttribute('#completion-mask', 'aria-label'), /the left half erased/);
  });

  test('a conditional model completes the image as the digit chosen; an autoencoder cannot complete', async () => {
    const { page } = site;
    await page.selectOption('#model-select', 'www/models/cvae-latent2.vaew');
    await page.waitForFunction(() => window.vaeApp.model.config.kind === 'cvae', null, { timeout: 60_000 });
    const read = await useTestDigit(page, 0);
    const { label } = await page.evaluate(() => window.vaeApp.digits);
    assert.equal(read.completedAs, label);
    assert.equal(await page.isVisible('#completion-digit'), true);
    const other = (label + 5) % 10;
    await page.selectOption('#completion-digit', String(other));
    const told = await completed(page, (state) => state.completedAs === other);
    const differences = told.completion.filter((value, i) => told.mask[i] === 0 && Math.abs(value - read.completion[i]) > 0.25).length;
    assert.ok(differences > 20, `completed as ${other} rather than ${label}, only ${differences} missing pixels differ by more than 0.25`);
    await page.selectOption('#completion-digit', '');
    await completed(page, (state) => state.completedAs === label);
    await page.selectOption('#model-select', 'www/models/ae-latent2.vaew');
    await page.waitForFunction(() => window.vaeApp.model.config.kind === 'ae', null, { timeout: 60_000 });
    await page.waitForFunction(() => /autoencoder has no q\(z\|x\)/.test(document.getElementById('completion-status').textContent), null, { timeout: 60_000 });
    assert.equal(await page.isHidden('#completion-body'), true);
    assert.deepEqual(site.problems, []);
    await page.selectOption('#model-select', 'www/models/conv-latent2.vaew');
    await page.waitForFunction(() => window.vaeApp.model.config.kind === 'conv', null, { timeout: 60_000 });
    await completed(page);
  });

  test('drawing with the view open: the page keeps drawing frames, and the completion follows', async () => {
    const { page } = site;
    await page.click('#clear');
    const before = await page.evaluate(() => window.vaeApp.completion.shown);
    const { framesPerSecond, seconds } = await measureMainThread(page, () => drawContinuously(page, 4000));
    await completed(page);
    const shown = (await page.evaluate(() => window.vaeApp.completion.shown)) - before;
    console.log(JSON.stringify({ metric: 'frames_per_second_drawing_completion', framesPerSecond: Number(framesPerSecond.toFixed(1)), seconds, completionsShown: shown }));
    assert.ok(shown >= 1, 'no completion of the drawing was shown');
    assert.ok(framesPerSecond >= 55, `${framesPerSecond.toFixed(1)} frames per second while drawing with the view open`);
  });

  test('at 390×844 the view fits the screen; axe finds nothing serious in it, in either size or language', async () => {
    const { page } = site;
    await page.click('#completion-open');
    await usePreset(page, 'centre-square');
    if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
    for (const size of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(size);
      for (const language of ['en', 'zh-CN']) {
        await page.selectOption('#language-select', language);
        const { violations } = await page.evaluate(() => window.axe.run('#completion-panel', { resultTypes: ['violations'] }));
        const failing = violations.filter((violation) => ['serious', 'critical'].includes(violation.impact));
        assert.deepEqual(failing.map(({ id, nodes }) => `${id}: ${nodes.map((node) => node.target.join(' ')).join(' | ')}`), [], `${size.width}×${size.height}, ${language}`);
      }
      await page.selectOption('#language-select', 'en');
    }
    const overflow = await page.evaluate(() => [
      ...(document.documentElement.scrollWidth > innerWidth + 1 ? ['the page scrolls sideways'] : []),
      ...[...document.querySelectorAll('#completion-panel *')]
        .filter((element) => element.checkVisibility() && element.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map((element) => element.id || element.className),
    ]);
    assert.deepEqual(overflow, []);
    await shoot(page, 'completion-390');
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
