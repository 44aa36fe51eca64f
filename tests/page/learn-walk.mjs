// The whole Learn path walked with the pointer, each reveal checked against the page's own state:
// shared by the Learn path's tests (both CPU modes) and the published site's, offline.

import assert from 'node:assert/strict';
import { drawStrokes } from './harness.mjs';
import {
  ONE, STEP_TIMEOUT, armed, atStep, checkTrainingRun, choose, explanation, fixed, inViewport, learn, next, revealed, vector,
} from './learn-helpers.mjs';

/** The whole path with the pointer, checking each reveal against the page's state. */
export async function walkWithPointer(page) {
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

  // 11. Training from scratch: Reset, Start, a few reports, then Pause, each when the path says.
  await atStep(page, 'training-run', '#train-panel');
  await choose(page, 'flat');
  await armed(page);
  await page.click('#train-reset');
  await page.waitForSelector('#learn-action .learn-move', { timeout: STEP_TIMEOUT });
  await page.click('#train-start');
  await page.waitForFunction(() => document.querySelectorAll('#learn-action .learn-move').length === 2, null, { timeout: STEP_TIMEOUT });
  await page.click('#train-pause');
  reveal = await revealed(page);
  await checkTrainingRun(page, reveal, 'flat');
  assert.match((await learn(page)).predictions['training-run'].truth, /falls/, 'a fresh model’s loss falls');
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
