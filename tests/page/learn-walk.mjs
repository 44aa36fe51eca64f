// The whole Learn path walked with the pointer, each reveal checked against the page's own state:
// shared by the Learn path's tests (both CPU modes), the published site's, offline, and the
// Chinese page's (the reveals' words checked in the page's language, English or Chinese).

import assert from 'node:assert/strict';
import { drawStrokes } from './harness.mjs';
import {
  ONE, STEP_TIMEOUT, armed, atStep, checkTrainingRun, choose, explanation, fixed, inViewport, learn, next, revealed, vector,
} from './learn-helpers.mjs';

/**
 * The whole path with the pointer, checking each reveal against the page's state, in the page's
 * language; `look(id)` runs once each step has revealed (the Chinese page's test reads it all).
 */
export async function walkWithPointer(page, { look = async () => {} } = {}) {
  const english = (await page.evaluate(() => document.documentElement.lang)) === 'en';
  /** Whether the reveal says `en` (in English) or `zh` (in Chinese); then `look`. */
  const says = async (reveal, en, zh, id) => {
    assert.ok(reveal.includes(english ? en : zh), reveal);
    if (id) await look(id);
  };
  await page.click('#learn-open');
  // 1. x: draw on the pad.
  await atStep(page, 'input', '#draw-panel');
  await armed(page);
  await drawStrokes(page, ONE);
  let reveal = await revealed(page);
  const inked = await page.evaluate(() => Array.from(window.vaeApp.input).filter((value) => value > 0.5).length);
  await says(reveal, `784 numbers: ${inked} pixels hold ink`, `784 个数：${inked} 个像素有墨迹`, 'input');
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
  await says(reveal, 'Your guess (−2.00, 2.00)', '你的预测 (−2.00, 2.00)', 'posterior');
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
  await says(reveal, `to ${vector(shown.z)}, while μ stayed at ${vector(shown.mean)}`, `变为 ${vector(shown.z)}，而 μ 仍是 ${vector(shown.mean)}`, 'eps');
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
  await says(reveal, `to ${fixed(shown.reconstruction, 1)} nats`, `变为 ${fixed(shown.reconstruction, 1)} 奈特`, 'decoder');
  await next(page);

  // 5. Pixel by pixel: which of two pixels pays more; ε = 0.
  await atStep(page, 'pixels', '#step-loss');
  await choose(page, 'a');
  await armed(page);
  await page.click('#inside-reset-eps');
  reveal = await revealed(page);
  shown = await explanation(page);
  assert.deepEqual(shown.z, shown.mean, 'ε = 0 puts z at μ');
  await says(reveal, `pay ${fixed(shown.reconstruction, 1)} nats`, `一共付出 ${fixed(shown.reconstruction, 1)} 奈特`, 'pixels');
  await next(page);

  // 6. KL per dimension: a random test digit.
  const drawingKl = shown.kl;
  await atStep(page, 'kl', '#inside-kl-bars');
  await choose(page, 'down');
  await armed(page);
  await page.click('#inside-random');
  reveal = await revealed(page);
  shown = await explanation(page);
  await says(reveal, `Your drawing paid ${fixed(drawingKl)} nats`, `你的手绘付出 ${fixed(drawingKl)} 奈特`);
  await says(reveal, `pays ${fixed(shown.kl)}`, `付出 ${fixed(shown.kl)}（`, 'kl');
  const testElbo = shown.elbo;
  await next(page);

  // 7. The ELBO: back to the drawing.
  await atStep(page, 'elbo', '#step-loss');
  await choose(page, 'drawing');
  await armed(page);
  await page.click('#inside-use-drawing');
  reveal = await revealed(page);
  shown = await explanation(page);
  await says(reveal, `= ${fixed(shown.elbo, 1)} nats. The test digit: ${fixed(testElbo, 1)} nats`, `= ${fixed(shown.elbo, 1)} 奈特。测试数字：${fixed(testElbo, 1)} 奈特`, 'elbo');
  await next(page);

  // 8. Why the KL term: the Compare view, opened by the learner.
  await atStep(page, 'why-kl', '#compare-open');
  await choose(page, 'conv-latent2-beta1-5ep');
  await armed(page);
  await page.click('#compare-open');
  reveal = await revealed(page);
  assert.ok(await inViewport(page, '#compare-samples-row'), 'the Generate row is not in view');
  assert.match(reveal, english ? /autoencoder · latent 2 \d+ %/ : /自编码器 · 潜在维度 2 \d+ %/);
  await look('why-kl');
  const why = (await learn(page)).predictions['why-kl'];
  assert.equal(why.truth, english ? 'VAE, β = 1 · latent 2' : 'β = 1 的 VAE · 潜在维度 2', 'the VAE at β = 1 fills the prior best');
  assert.equal(why.correct, true);
  await next(page);

  // 9. β: the β = 1 against 10 preset.
  await atStep(page, 'beta', '#compare-panel');
  await choose(page, 'down');
  await armed(page);
  await page.click('#compare-panel [data-preset=beta]');
  reveal = await revealed(page);
  const kls = await page.evaluate(() => window.vaeApp.compare.columns.slice(0, 2).map((column) => column.explanation.kl));
  await says(reveal, `β = 1: KL ${fixed(kls[0])} nats`, `β = 1 时，你的手绘：KL ${fixed(kls[0])} 奈特`);
  await says(reveal, `β = 10: KL ${fixed(kls[1])}`, `β = 10 时：KL ${fixed(kls[1])}`, 'beta');
  assert.equal((await learn(page)).predictions.beta.correct, kls[1] < kls[0]);
  await next(page);

  // 10. Training: one Step.
  await atStep(page, 'training', '#train-panel');
  await choose(page, 'up');
  await armed(page);
  await page.click('#train-step');
  reveal = await revealed(page);
  const step = await page.evaluate(() => window.vaeApp.slowMotionStep);
  assert.ok(reveal.startsWith(english ? `Step ${step}: the batch’s ELBO went from` : `第 ${step} 个训练步：这个批次的 ELBO 从`), reveal);
  await look('training');
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
  // The run against the curve and the status line, in English; in Chinese, its words.
  if (english) await checkTrainingRun(page, reveal, 'flat');
  else assert.match(reveal, /^一共收到 \d+ 次报告：损失从第一次的 \d+\.\d 奈特/);
  await look('training-run');
  assert.match((await learn(page)).predictions['training-run'].truth, english ? /falls/ : /下降/, 'a fresh model’s loss falls');
  await next(page);

  // 12. The conditional model, from the Model menu.
  await atStep(page, 'conditional', '#draw-panel');
  await choose(page, '1');
  await armed(page);
  await page.selectOption('#model-select', 'www/models/cvae-latent2.vaew');
  reveal = await revealed(page);
  const digits = await page.evaluate(() => window.vaeApp.digits);
  const read = digits.probabilities[digits.label].toFixed(3);
  assert.ok(reveal.startsWith(english ? `It reads a ${digits.label}, with p(y|x) = ${read}` : `它认出的是 ${digits.label}，p(y|x) = ${read}`), reveal);
  await look('conditional');
  await next(page);

  // 13. The summary: each prediction against the truth.
  await atStep(page, 'summary', '#draw-panel');
  reveal = await revealed(page);
  const state = await learn(page);
  const made = Object.keys(state.predictions);
  assert.equal(made.length, 11, made.join(', '));
  for (const id of made) assert.ok(typeof state.predictions[id].correct === 'boolean', id);
  assert.equal(await page.locator('.learn-summary li').count(), 11);
  assert.match(reveal, english ? /You got \d+ of 11 predictions right/ : /你做了 11 个预测，对了 \d+ 个/);
  await look('summary');
  await next(page);
  assert.equal((await learn(page)).open, false);
  assert.equal(await page.locator('.learn-highlight').count(), 0, 'an outline was left behind');
  assert.equal(await page.isHidden('#inside-panel'), true, 'the Inside view the path opened stayed open');
}
