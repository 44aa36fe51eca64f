// Where the browser offers WebGPU (here Chromium's SwiftShader, a software GPU), the page starts
// on the CPU at once, and with `auto` a throw-away worker (www/workers/probe.js) checks burn's
// WebGPU backend and times it against the CPU: WebGPU gets the jobs it wins. Choosing WebGPU in
// the menu puts everything there: drawing, sliding, the Inside view, a step in slow motion and
// training must then run without a single console error, and a drawn 1 must come back as a 1;
// the two application views (#35) place an image among the test digits and complete a test digit there.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SHAPES, assertObservedKept, completeTestDigit, meanTestImage, missingCrossEntropy, placed, scoreTestDigit, usePreset } from './applications.mjs';
import { drawStrokes, drawingOutputs, openSite, overlap, screenshot } from './harness.mjs';

const ONE = [[[140, 40], [140, 240]]];
const JOB_DECIDED_BY = { training: 'trainStep', batch: 'decodeBatch', interactive: 'decode' };
/** "Within about a second" of navigation, with room for a loaded 2-core machine. */
const FIRST_DECODE_LIMIT_MS = 5000;
/** A wait for work on the software GPU (one training step takes seconds there). */
const LONG = { timeout: 300_000 };

/**
 * Chooses `choice` in the backend menu as a learner would, once the page has checked WebGPU,
 * and waits until the views are redrawn where it runs them.
 */
async function chooseBackend(page, choice) {
  await page.waitForFunction(() => window.vaeApp.backend.check !== null && !document.body.dataset.switching, null, LONG);
  await page.selectOption('#backend-select', choice);
  await page.waitForFunction(() => !document.body.dataset.switching, null, LONG);
  await page.waitForFunction(() => window.vaeApp.busy === 0, null, LONG);
  const { backends } = await page.evaluate(() => window.vaeApp.backend);
  for (const [job, backend] of Object.entries(backends)) assert.equal(backend === 'webgpu', choice === 'webgpu', `${job} runs on ${backend}`);
}

describe('a browser with WebGPU', { timeout: 900_000 }, () => {
  let site;
  before(async () => {
    site = await openSite({ webgpu: true });
  });
  after(async () => site?.close());

  test('WebGPU is offered to the page', async () => {
    assert.equal(await site.page.evaluate(() => Boolean(navigator.gpu)), true);
  });

  test('the CPU answers at once, before the WebGPU check', async () => {
    const readyAt = await site.page.evaluate(() => performance.getEntriesByName('vae:ready')[0].startTime);
    console.log(JSON.stringify({ metric: 'page_load_to_first_decode_ms', webgpu: true, value: readyAt }));
    assert.ok(readyAt < FIRST_DECODE_LIMIT_MS, `the first decoded image took ${readyAt.toFixed(0)} ms`);
  });

  test('auto times each job on both backends and says which runs which', async () => {
    const { page } = site;
    await page.waitForFunction(() => window.vaeApp.backend.check !== null && !document.body.dataset.switching, null, { timeout: 300_000 });
    const { choice, check, plan, backends } = await page.evaluate(() => window.vaeApp.backend);
    assert.equal(choice, 'auto');
    assert.ok(check.ok, `the WebGPU check failed: ${check.reason}`);
    console.log(JSON.stringify({ metric: 'webgpu_check', seconds: check.seconds, times: check.times, backends }));
    for (const [job, measured] of Object.entries(JOB_DECIDED_BY)) {
      const { webgpu, cpu } = check.times[measured];
      assert.ok(webgpu > 0 && cpu > 0, `${measured}: no times (${webgpu}, ${cpu})`);
      const faster = webgpu < cpu ? 'webgpu' : 'cpu';
      assert.equal(plan[job].backend, faster, `${job} does not run on the faster backend`);
      assert.equal(backends[job] === 'webgpu', faster === 'webgpu', `${job} runs on ${backends[job]}`);
    }
    const badge = await page.textContent('#backend-badge');
    const onGpu = Object.values(backends).filter((backend) => backend === 'webgpu').length;
    if (onGpu === 0) assert.match(badge, /^CPU · Flex/);
    else if (onGpu === 3) assert.equal(badge, 'WebGPU');
    else assert.match(badge, /: WebGPU · .*: CPU$/);
    assert.match(await page.getAttribute('#backend-badge', 'title'), /Measured at start.*\n.*training step.*WebGPU [\d.]+ ms, Flex \(SIMD\) [\d.]+ ms/);
    await screenshot(page, 'webgpu-auto');
  });

  test('with WebGPU chosen, drawing, sliding, the Inside view, Step and training run there without a console error', async () => {
    const { page } = site;
    await page.selectOption('#backend-select', 'webgpu');
    await page.waitForSelector('body:not([data-switching])', { timeout: 300_000 });
    await page.waitForFunction(() => window.vaeApp.busy === 0, null, { timeout: 120_000 });
    assert.equal(await page.textContent('#backend-badge'), 'WebGPU');

    await drawStrokes(page, ONE);
    const one = await drawingOutputs(page);
    await screenshot(page, 'webgpu-choice');
    assert.ok(overlap(one.input, one.reconstruction) > 0.3, 'the 1 is not reconstructed on WebGPU');

    const slider = page.locator('#sliders input').first();
    await slider.focus();
    for (let i = 0; i < 20; i += 1) await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => window.vaeApp.busy === 0, null, { timeout: 60_000 });

    // The Inside view and one step in slow motion, on WebGPU.
    await page.click('#inside-open');
    await page.waitForFunction(() => window.vaeApp.inside.count > 0 && window.vaeApp.busy === 0, null, { timeout: 120_000 });
    const inside = await page.evaluate(() => {
      const { bcePerPixel, reconstruction } = window.vaeApp.inside.shown.explanation;
      return { heat: bcePerPixel.reduce((sum, value) => sum + value, 0), reconstruction };
    });
    assert.ok(Math.abs(inside.heat - inside.reconstruction) <= 1e-4 * inside.reconstruction, `Σ heat map ${inside.heat} vs ${inside.reconstruction}`);
    await page.click('#inside-close');
    await page.click('#train-step');
    await page.waitForFunction(() => window.vaeApp.slowMotionStep === 1, null, { timeout: 300_000 });
    assert.equal(await page.evaluate(() => window.vaeApp.trainer.place.backend), 'webgpu');

    // A few seconds of training: its first chunk of steps, then its weights back in the page
    // (on SwiftShader one step takes seconds).
    await page.click('#train-start');
    await page.waitForFunction(() => window.vaeApp.training && /img\/s/.test(document.querySelector('#train-status').textContent), null, { timeout: 300_000 });
    assert.equal(await page.evaluate(() => window.vaeApp.trainer.place.backend), 'webgpu');
    await page.click('#train-pause');
    await page.waitForSelector('#train-start:not([disabled])', { timeout: 300_000 });
    // The run's model is new: the views redraw and the typical range of test digits' ELBOs is
    // measured again (1,000 digits: a minute or more on a software GPU).
    await page.waitForFunction(() => window.vaeApp.busy === 0, null, { timeout: 300_000 });

    // A conditional model from scratch, one step on WebGPU; then it reads a drawing there.
    await page.selectOption('#train-form select[name=kind]', 'cvae');
    await page.click('#train-reset');
    await page.waitForFunction(() => window.vaeApp.model.config.kind === 'cvae' && window.vaeApp.busy === 0, null, { timeout: 300_000 });
    const stepsBefore = await page.evaluate(() => window.vaeApp.slowMotionStep);
    await page.click('#train-step');
    await page.waitForFunction((before) => window.vaeApp.slowMotionStep !== before, stepsBefore, { timeout: 300_000 });
    assert.equal(await page.evaluate(() => window.vaeApp.slowMotionStep), 1);
    assert.equal(await page.evaluate(() => window.vaeApp.trainer.place.backend), 'webgpu');
    await page.waitForFunction(() => window.vaeApp.digits.probabilities?.length === 10 && window.vaeApp.busy === 0, null, { timeout: 300_000 });
    assert.deepEqual(site.problems, []);
  });

  test('with WebGPU chosen, the Compare view runs its three models there', async () => {
    const { page } = site;
    await page.click('#compare-open');
    // Maps, samples and the drawing's reconstructions; the test set's figures take minutes on a
    // software GPU, and the CPU modes check them (compare.test.mjs).
    await page.waitForFunction(() => window.vaeApp.compare.columns.every((column) => column.codes > 0 && column.explanation), null, { timeout: 300_000 });
    const columns = await page.evaluate(() => window.vaeApp.compare.columns.map(({ choice, backend, explanation }) => ({ choice, backend, probabilities: Array.from(explanation.probabilities) })));
    const input = await page.evaluate(() => Array.from(window.vaeApp.input));
    for (const column of columns) {
      assert.equal(column.backend, 'webgpu', column.choice);
      assert.ok(overlap(input, column.probabilities) > 0.3, `${column.choice} does not reconstruct the 1 on WebGPU`);
    }
    await screenshot(page, 'webgpu-compare');
    assert.deepEqual(site.problems, []);
  });
});

describe('the Learn path on WebGPU', { timeout: 900_000 }, () => {
  let site;
  before(async () => {
    site = await openSite({ webgpu: true });
  });
  after(async () => site?.close());

  test('its first steps with WebGPU chosen: a drawing, a guess of q(z|x), a new ε', async () => {
    const { page } = site;
    const long = LONG;
    const vector = (values) => `(${Array.from(values, (value) => value.toFixed(2).replace('-', '−')).join(', ')})`;
    const revealed = async () => {
      await page.waitForFunction(() => window.vaeApp.learn.revealed, null, long);
      return page.evaluate(() => window.vaeApp.learn.reveal);
    };
    await chooseBackend(page, 'webgpu');
    assert.equal(await page.textContent('#backend-badge'), 'WebGPU');

    await page.click('#learn-open');
    await page.waitForFunction(() => window.vaeApp.learn.id === 'input' && window.vaeApp.learn.armed, null, long);
    await drawStrokes(page, ONE);
    await revealed();
    await page.click('.learn-nav button.primary');

    await page.waitForSelector('body[data-map-ready=true]', long);
    await page.waitForFunction(() => window.vaeApp.learn.id === 'posterior' && window.vaeApp.learn.ready, null, long);
    const box = await page.locator('#latent-map').boundingBox();
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
    let reveal = await revealed();
    const mean = await page.evaluate(() => Array.from(window.vaeApp.posterior.mean));
    assert.ok(reveal.includes(`μ = ${vector(mean)}`) && reveal.includes('Your guess (0.00, 0.00)'), reveal);
    await page.click('.learn-nav button.primary');

    await page.waitForFunction(() => window.vaeApp.learn.id === 'eps' && window.vaeApp.learn.ready, null, long);
    await page.click('#learn-prediction button[data-value="z"]');
    await page.waitForFunction(() => window.vaeApp.learn.armed, null, long);
    await page.click('#inside-new-eps');
    reveal = await revealed();
    const shown = await page.evaluate(() => {
      const { z, mean } = window.vaeApp.inside.shown.explanation;
      return { z: Array.from(z), mean: Array.from(mean) };
    });
    assert.ok(reveal.includes(`to ${vector(shown.z)}, while μ stayed at ${vector(shown.mean)}`), reveal);
    assert.equal((await page.evaluate(() => window.vaeApp.learn)).predictions.eps.correct, true);
    const { backends } = await page.evaluate(() => window.vaeApp.backend);
    for (const [job, backend] of Object.entries(backends)) assert.equal(backend, 'webgpu', job);
    assert.deepEqual(site.problems, []);
  });
});

describe('What a VAE is for, on WebGPU', { timeout: 1_200_000 }, () => {
  let site;
  before(async () => {
    site = await openSite({ webgpu: true });
  });
  after(async () => site?.close());

  test('Is this a digit?: with WebGPU chosen, a drawn W is flagged and a test digit passes with the ELBO the CPU gave it', async () => {
    const { page } = site;
    // The histogram's 10,000 test ELBOs are the model's, kept when only the backend changes: on
    // this software GPU they would take 5.5 min, so the view measures them on the CPU first, as
    // for a learner who opens it before choosing WebGPU.
    await chooseBackend(page, 'cpu');
    await page.click('#anomaly-open');
    await page.waitForFunction(() => window.vaeApp.anomaly.images > 0, null, LONG);
    await scoreTestDigit(page, 0, LONG.timeout);
    const onCpu = await placed(page);

    await chooseBackend(page, 'webgpu');
    assert.equal(await page.textContent('#backend-badge'), 'WebGPU');
    await page.click('#clear');
    await drawStrokes(page, SHAPES.W);
    await page.waitForFunction(() => document.getElementById('anomaly-score').textContent.startsWith('In the pad: your drawing.'), null, LONG);
    const letter = await placed(page, LONG.timeout);
    assert.equal(letter.images, 10_000);
    assert.equal(letter.flagged, true, `a drawn W (ELBO ${letter.elbo}) not flagged at ${letter.threshold} on WebGPU`);
    await scoreTestDigit(page, 0, LONG.timeout);
    const digit = await placed(page, LONG.timeout);
    console.log(JSON.stringify({ backend: 'webgpu', view: 'anomaly', letterElbo: letter.elbo, digitElbo: digit.elbo, digitElboOnCpu: onCpu.elbo }));
    assert.ok(Math.abs(digit.elbo - onCpu.elbo) <= 1e-3 * Math.abs(onCpu.elbo), `test digit 0: ELBO ${digit.elbo} on WebGPU, ${onCpu.elbo} on the CPU`);
    assert.equal(digit.flagged, false, `test digit 0 (ELBO ${digit.elbo}) flagged at ${digit.threshold} on WebGPU`);
    await screenshot(page, 'webgpu-anomaly');
    await page.click('#anomaly-close');
    assert.deepEqual(site.problems, []);
  });

  test('Fill in what is missing: with WebGPU chosen, a test digit is completed there, better than the mean test digit guesses it', async () => {
    const { page } = site;
    await chooseBackend(page, 'webgpu');
    await page.click('#clear');
    await page.click('#completion-open');
    const first = await completeTestDigit(page, 0, 600_000);
    assertObservedKept(first);
    const scattered = await usePreset(page, 'random-50', 600_000);
    assertObservedKept(scattered);
    const completion = missingCrossEntropy(scattered.filled, scattered.image, scattered.mask);
    const mean = missingCrossEntropy(meanTestImage(1000), scattered.image, scattered.mask);
    console.log(JSON.stringify({ backend: 'webgpu', view: 'completion', preset: 'random-50', completion, mean }));
    assert.ok(completion < mean, `random-50 on WebGPU: the completion costs ${completion.toFixed(1)} nats, the mean test digit ${mean.toFixed(1)}`);
    const { backends } = await page.evaluate(() => window.vaeApp.backend);
    for (const [job, backend] of Object.entries(backends)) assert.equal(backend, 'webgpu', job);
    await screenshot(page, 'webgpu-completion');
    assert.deepEqual(site.problems, []);
  });
});
