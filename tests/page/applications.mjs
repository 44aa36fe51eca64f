// What the tests of the two application views (#35) share: "Is this a digit?" (anomaly.test.mjs)
// and "Fill in what is missing" (completion.test.mjs) read the views' state the same way, and
// the backend modes (modes.test.mjs, webgpu.test.mjs) run both views as a learner first would.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ROOT, drawStrokes, settled } from './harness.mjs';

export const SIDE = 28;
export const PIXELS = SIDE * SIDE;

/**
 * Letter-like shapes, in pad coordinates (0–280). The page's first model (latent 2) flags W and
 * M at its default threshold (1 % of the test digits), but not E, K, R, X or a hash sign (2–5 %
 * of the test digits lie below those: its ELBOs spread wide); the latent-16 model flags them all.
 */
export const SHAPES = {
  W: [[[30, 50], [80, 240], [140, 110], [200, 240], [250, 50]]],
  M: [[[40, 250], [50, 40], [140, 160], [230, 40], [240, 250]]],
};

// "Is this a digit?"

/** The view's state, once it shows an image's place and the page is idle. */
export async function placed(page, timeout = 180_000) {
  await page.waitForFunction(() => window.vaeApp.anomaly.images > 0 && window.vaeApp.anomaly.elbo !== null && window.vaeApp.anomaly.cost !== null, null, { timeout });
  await settled(page);
  return page.evaluate(() => window.vaeApp.anomaly);
}

/** The test digits' ELBOs as the model client holds them (the same array the view sorted), ascending. */
export const testElbos = (page) => page.evaluate(async () => Array.from((await window.vaeApp.model.testScores()).elbos).sort((a, b) => a - b));

/** Puts test digit `index` in the pad through its field, and waits until "Is this a digit?" scores it. */
export async function scoreTestDigit(page, index, timeout = 60_000) {
  await page.fill('#pad-digit', String(index));
  await page.press('#pad-digit', 'Enter');
  await page.waitForFunction((index) => document.getElementById('anomaly-score').textContent.startsWith(`In the pad: test digit ${index},`), index, { timeout });
}

// "Fill in what is missing"

/** The mean of the first `count` MNIST test digits, binarised as the crate binarises them (ink above ½), from the IDX file the page serves. */
export function meanTestImage(count) {
  const bytes = gunzipSync(readFileSync(join(ROOT, 'www', 'data', 't10k-images-idx3-ubyte.gz')));
  const HEADER = 16;
  const mean = new Float64Array(PIXELS);
  for (let n = 0; n < count; n += 1) {
    for (let i = 0; i < PIXELS; i += 1) mean[i] += bytes[HEADER + n * PIXELS + i] / 255 > 0.5 ? 1 / count : 0;
  }
  return mean;
}

/** The binary cross-entropy (nats) of `predicted` against `image` over the missing pixels (0 in `mask`), probabilities kept off 0 and 1 as the crate keeps them. */
export function missingCrossEntropy(predicted, image, mask) {
  const FLOOR = 1e-7;
  let total = 0;
  for (let i = 0; i < PIXELS; i += 1) {
    if (mask[i] !== 0) continue;
    const p = Math.min(1 - FLOOR, Math.max(FLOOR, predicted[i]));
    total -= image[i] * Math.log(p) + (1 - image[i]) * Math.log(1 - p);
  }
  return total;
}

/** The mean of `values` over the pixels `mask` marks observed (1) or missing (0). */
export function meanWhere(values, mask, observed) {
  const chosen = values.filter((_, i) => (mask[i] === 1) === observed);
  return chosen.reduce((sum, value) => sum + value, 0) / chosen.length;
}

/** The view's state as plain arrays, once it shows the completion of the latest image, mask and digit and the page is idle. */
export async function completed(page, check = () => true, timeout = 180_000) {
  await page.waitForFunction(() => window.vaeApp.completion.current, null, { timeout });
  await settled(page);
  const state = await page.evaluate(() => {
    const { image, mask, completion, filled, samples, spread, ...rest } = window.vaeApp.completion;
    const plain = (values) => (values ? Array.from(values) : null);
    return { ...rest, image: plain(image), mask: plain(mask), completion: plain(completion), filled: plain(filled), samples: plain(samples), spread: plain(spread) };
  });
  assert.ok(check(state), `the view shows ${state.erased}`);
  return state;
}

/** The person sees the image with its hole filled: the observed pixels are the image's own, the missing ones the completion's. */
export function assertObservedKept({ image, mask, completion, filled }) {
  filled.forEach((value, i) => assert.equal(value, mask[i] === 1 ? image[i] : completion[i], `pixel ${i} (${mask[i] === 1 ? 'observed' : 'missing'})`));
}

/** Presses preset `name` and waits for its completion. */
export async function usePreset(page, name, timeout = 180_000) {
  await page.click(`#completion-panel [data-preset="${name}"]`);
  await page.waitForFunction((name) => window.vaeApp.completion.erased === name, name);
  return completed(page, (state) => state.erased === name, timeout);
}

/** Puts test digit `index` in the pad through its field, and waits until the view completes it. */
export async function completeTestDigit(page, index, timeout = 180_000) {
  const before = await page.evaluate(() => window.vaeApp.completion.requests);
  await page.fill('#pad-digit', String(index));
  await page.press('#pad-digit', 'Enter');
  await page.waitForFunction((before) => window.vaeApp.completion.requests > before && /test digit/.test(document.getElementById('completion-mask').getAttribute('aria-label')), before, { timeout });
  return completed(page, () => true, timeout);
}

// Both views in one backend mode

/** The presets whose completion the modes measure: a whole half missing, and half the pixels scattered. */
const MODE_PRESETS = ['top-half', 'random-50'];
/** The preset whose samples the modes compare: the strokes that decide the digit are missing (see completion.test.mjs). */
const SPREAD_PRESET = 'centre-square';

/**
 * Both views as a learner first uses them, in the backend mode the page runs (its first model):
 * every test digit's ELBO measured, test digits 0 to `digits` − 1 passing and a drawn W flagged;
 * the same digits completed with each of MODE_PRESETS, the observed pixels kept and the missing
 * ones guessed better than the mean test digit guesses them; with the centre missing, the
 * samples apart where pixels are missing and alike where observed. Returns the figures, for the log.
 */
export async function useBothViews(page, { digits, timeout }) {
  await page.click('#anomaly-open');
  await page.waitForFunction(() => window.vaeApp.anomaly.images > 0, null, { timeout });
  const sorted = await testElbos(page);
  assert.equal(sorted.length, 10_000);
  assert.ok(sorted.every(Number.isFinite), 'a test digit’s ELBO is not finite');
  const figures = { medianElbo: sorted[5_000], digitElbos: [] };
  for (let index = 0; index < digits; index += 1) {
    await scoreTestDigit(page, index, timeout);
    const state = await placed(page, timeout);
    assert.equal(state.flagged, false, `test digit ${index} (ELBO ${state.elbo}) flagged at ${state.threshold}`);
    figures.digitElbos.push(state.elbo);
  }
  await page.click('#clear');
  await drawStrokes(page, SHAPES.W);
  await page.waitForFunction(() => document.getElementById('anomaly-score').textContent.startsWith('In the pad: your drawing.'), null, { timeout });
  const letter = await placed(page, timeout);
  assert.equal(letter.flagged, true, `a drawn W (ELBO ${letter.elbo}) not flagged at ${letter.threshold}`);
  figures.letterElbo = letter.elbo;

  await page.click('#completion-open');
  const mean = meanTestImage(1000);
  const missing = Object.fromEntries(MODE_PRESETS.map((preset) => [preset, { completion: 0, mean: 0 }]));
  for (let index = 0; index < digits; index += 1) {
    await completeTestDigit(page, index, timeout);
    for (const preset of MODE_PRESETS) {
      const state = await usePreset(page, preset, timeout);
      assertObservedKept(state);
      missing[preset].completion += missingCrossEntropy(state.filled, state.image, state.mask) / digits;
      missing[preset].mean += missingCrossEntropy(mean, state.image, state.mask) / digits;
    }
    const state = await usePreset(page, SPREAD_PRESET, timeout);
    const apart = meanWhere(state.spread, state.mask, false);
    const alike = meanWhere(state.spread, state.mask, true);
    assert.ok(apart > 2 * alike, `test digit ${index}, ${SPREAD_PRESET}: the samples differ by ${apart.toFixed(4)} on the missing pixels, ${alike.toFixed(4)} on the observed ones`);
  }
  for (const [preset, { completion, mean }] of Object.entries(missing)) {
    assert.ok(completion < mean, `${preset}: over ${digits} test digits the completion costs ${completion.toFixed(1)} nats on the missing pixels, the mean test digit ${mean.toFixed(1)}`);
  }
  figures.missing = missing;
  return figures;
}
