// The numbers a learner compares agree, and each change is visible: one drawing's ELBO is the
// same (or said to differ, and why) in the drawing panel's headline, the Inside view and Step;
// a refined bound is never below the encoder's; the headline says higher is better and where
// test digits lie (the API's own percentiles); σ ⊙ ε too small to see is shown magnified, with
// a test digit at hand whose σ is large; training from a fresh model fills its curve, prior
// samples and log from the first chunk, with an ETA that does not jump; and the backend badge
// settles within 2 s of the page's scripts starting or says what it still checks.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { drawStrokes, openSite, settled } from './harness.mjs';

// A 3: two bowls to the right, drawn as a person would.
const THREE = [[[80, 50], [150, 35], [200, 60], [195, 110], [140, 135], [200, 160], [205, 215], [150, 245], [80, 230]]];
/** The badge must have settled, or say what it checks, this long after navigation starts. */
const BADGE_MS = 2000;

/** What the API gives for the drawing, from a session of its own on the page's weights. */
function apiFor(page) {
  return page.evaluate(async () => {
    const { loadBuild } = await import('/www/wasm.js');
    const { fetchSplit } = await import('/www/data.js');
    const { VaeSession } = await loadBuild('full');
    const session = await VaeSession.create(undefined, 'cpu');
    await session.loadWeights(new Uint8Array(window.vaeApp.model.weights.slice(0)));
    session.loadDataset('test', ...(await fetchSplit('test')));
    const input = window.vaeApp.input;
    const answer = {
      refined: await session.infer(input, 50),
      encoder: await session.infer(input, 0),
      explained: (await session.explain(input)).elbo,
      distribution: await session.elboDistribution(1000),
    };
    session.free();
    return answer;
  });
}

/** Whether a canvas has any ink (a pixel that is not transparent or white). */
const inked = (page, selector) =>
  page.$eval(selector, (canvas) => {
    const pixels = window.readPixels_(canvas);
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i + 3] > 0 && (pixels[i] < 250 || pixels[i + 1] < 250 || pixels[i + 2] < 250)) return true;
    return false;
  });

const pixelsOf = (page, selector) => page.$eval(selector, (canvas) => Array.from(window.readPixels_(canvas)));

/** `text`'s number after `before` (as shown: one decimal, "−" for minus). */
function numberAfter(text, before) {
  const match = new RegExp(`${before}\\s*([−-]?\\d+\\.\\d)`).exec(text);
  assert.ok(match, `no number after “${before}” in “${text}”`);
  return Number(match[1].replace('−', '-'));
}

const close = (shown, exact, what) => assert.ok(Math.abs(shown - exact) <= 0.051, `${what}: shown ${shown}, the API's ${exact}`);

describe('the numbers a learner compares', { timeout: 900_000 }, () => {
  let site;
  before(async () => {
    site = await openSite({
      // The badge's texts from navigation start, in the page's own clock.
      beforeLoad: (page) =>
        page.addInitScript(() => {
          window.badgeTexts_ = [];
          const watch = () => {
            const badge = document.getElementById('backend-badge');
            if (!badge) return requestAnimationFrame(watch);
            const record = () => window.badgeTexts_.push({ at: performance.now(), text: badge.textContent });
            record();
            new MutationObserver(record).observe(badge, { childList: true, characterData: true, subtree: true });
          };
          document.addEventListener('DOMContentLoaded', watch);
        }),
    });
    await site.page.waitForSelector('body[data-map-ready=true]', { timeout: 120_000 });
  });
  after(async () => site?.close());

  test('the backend badge settles within 2 s of the page starting, or says what it still checks', async () => {
    const { page } = site;
    await page.waitForFunction(() => !/checking|loading/.test(document.getElementById('backend-badge').textContent), null, { timeout: 120_000 });
    const texts = await page.evaluate(() => window.badgeTexts_);
    const final = texts.at(-1).text;
    // Counted from the badge's first text (the document parsed, the page's scripts starting):
    // how long the static files take to arrive is the host's, and `./build.sh bench` prints it
    // (page_load_to_first_decode_ms). On these machines parsing alone has taken 1.5–1.9 s.
    const deadline = texts[0].at + BADGE_MS;
    const atDeadline = texts.filter((entry) => entry.at <= deadline).at(-1)?.text ?? 'loading…';
    assert.ok(atDeadline === final || /checking/.test(atDeadline), `${BADGE_MS} ms after its first text the badge read “${atDeadline}” (settled: “${final}”; all: ${JSON.stringify(texts)})`);
  });

  test('one drawing, one ELBO: the headline, the Inside view and Step agree or say why', async () => {
    const { page } = site;
    await drawStrokes(page, THREE);
    await page.waitForFunction(() => window.vaeApp.drawingsShown > 0 && window.vaeApp.input !== null);
    await settled(page);
    await page.waitForFunction(() => /typically score/.test(document.getElementById('score-range').textContent), null, { timeout: 60_000 });
    const api = await apiFor(page);

    // The headline: the refined bound on the same ε as the encoder's, never below it.
    const headline = Number((await page.textContent('#score')).replace('−', '-'));
    const label = await page.textContent('#score-label');
    assert.ok(api.refined.elbo.elbo >= api.refined.encoderElbo.elbo, `refined ${api.refined.elbo.elbo} below the encoder's ${api.refined.encoderElbo.elbo}`);
    assert.deepEqual(api.encoder.elbo, api.refined.encoderElbo, 'the encoder’s score is not paired with the refined one');
    close(headline, api.refined.elbo.elbo, 'headline');
    assert.match(label, api.refined.refined ? /refined q\(z\|x\), mean over 32 ε/ : /refinement found no better one/);
    if (api.refined.refined) close(numberAfter(label, 'the encoder alone:'), api.refined.encoderElbo.elbo, 'the encoder alone');

    // Higher is better, and where test digits lie: the API's percentiles.
    const range = await page.textContent('#score-range');
    assert.match(range, /Higher is better/);
    const [, low, median, high] = api.distribution.percentiles;
    close(numberAfter(range, 'typically score'), median, 'median');
    close(numberAfter(range, 'lie from'), low, 'lower quartile');
    close(numberAfter(range, 'to'), high, 'upper quartile');
    assert.ok(low <= median && median <= high);

    // Refine off: the headline is the encoder's mean on the same ε, the number shown beside it before.
    const shown = await page.evaluate(() => window.vaeApp.drawingsShown);
    await page.click('#refine');
    await page.waitForFunction((seen) => window.vaeApp.drawingsShown > seen, shown);
    await settled(page);
    close(Number((await page.textContent('#score')).replace('−', '-')), api.encoder.elbo.elbo, 'headline without refinement');
    assert.ok(Number((await page.textContent('#score')).replace('−', '-')) <= headline + 0.051, 'refinement off scored better than on');
    await page.click('#refine');
    await settled(page);

    // The Inside view: its one ε's ELBO is the API's, and it names the headline's estimator.
    await page.click('#inside-open');
    await page.waitForFunction(() => window.vaeApp.inside.count > 0);
    await settled(page);
    const insideElbo = await page.evaluate(() => window.vaeApp.inside.shown.explanation.elbo);
    assert.ok(Math.abs(insideElbo - api.explained) < 1e-3, `Inside ${insideElbo}, explain ${api.explained}`);
    const estimators = await page.textContent('#inside-estimators');
    close(numberAfter(estimators, 'one ε’s estimate:'), insideElbo, 'Inside view, one ε');
    close(numberAfter(estimators, `${32} ε scores`), api.encoder.elbo.elbo, 'Inside view, the drawing panel’s estimator');
    assert.match(estimators, /within ±\d+\.\d of that/);
    assert.match(estimators, /headline uses those same ε on its refined q\(z\|x\)/);

    // Step: a batch of training images, and it says so.
    await page.click('#train-step');
    await page.waitForFunction(() => window.vaeApp.slowMotionStep !== null, null, { timeout: 120_000 });
    assert.match(await page.textContent('#step-summary'), /each with one ε of its own, so it does not equal a drawing’s score/);
    await settled(page);
  });

  test('σ ⊙ ε too small to see is shown magnified, with a test digit whose σ is large one click away', async () => {
    const { page } = site;
    assert.match(await page.textContent('#inside-subject'), /^your drawing/);
    // ε = (1, −1): a typical draw, one σ from μ in each dimension.
    for (const [k, value] of [1, -1].entries()) {
      const input = page.locator('#inside-sample-table tbody tr').nth(k).locator('input');
      await input.fill(String(value));
      await input.press('Tab');
      await page.waitForFunction(([dim, held]) => window.vaeApp.inside.shown.explanation.eps[dim] === held, [k, value]);
      await settled(page);
    }
    const caption = await page.textContent('#inside-eps-effect-caption');
    assert.match(caption, /the largest change is [\d.e-]+ \(of 1\), shown ×\d+/);
    assert.ok(await inked(page, '#inside-eps-effect'), 'the difference image is blank');
    assert.match(await page.textContent('#inside-eps-why'), /the encoder is sure of this image \(σ ≈ [\d.]+\)/, caption);
    await page.waitForSelector('#inside-widest:not([hidden])', { timeout: 60_000 });
    const widest = await page.evaluate(async () => (await window.vaeApp.model.elboDistribution()).widestIndex);
    const before = await page.evaluate(() => window.vaeApp.inside.count);
    await page.click('#inside-widest');
    await page.waitForFunction((seen) => window.vaeApp.inside.count > seen, before);
    await settled(page);
    assert.match(await page.textContent('#inside-subject'), new RegExp(`^test digit ${widest}\\b`));
  });

  test('training from a fresh model fills its curve, prior samples and log from the first chunk', async () => {
    const { page } = site;
    assert.equal(await page.evaluate(async () => (await import('/www/content/training.js')).TRAINING_TEXT.trainedModel({ kind: 'conv', latentDim: 2, beta: 1 })), 'trained here · conv, latent 2, β 1');
    await page.fill('#train-form input[name=epochs]', '1');
    await page.click('#train-reset');
    await settled(page);
    const chartBefore = await pixelsOf(page, '#loss-chart');
    assert.equal(await page.isHidden('#step-view'), true, 'Reset left the slow-motion step shown');
    await page.evaluate(() => {
      window.statusTexts_ = [];
      new MutationObserver(() => window.statusTexts_.push(document.getElementById('train-status').textContent)).observe(document.getElementById('train-status'), { childList: true, characterData: true, subtree: true });
    });
    await page.click('#train-step');
    await page.waitForFunction(() => window.vaeApp.slowMotionStep !== null, null, { timeout: 120_000 });
    await settled(page);
    await page.click('#train-start');
    // A run that starts leaves the step it moves on from behind.
    await page.waitForSelector('#step-view', { state: 'hidden' });
    await page.waitForFunction(() => document.querySelectorAll('#epoch-log li').length > 0, null, { timeout: 120_000 });
    await page.waitForFunction(() => window.statusTexts_.filter((text) => /ETA \d/.test(text)).length >= 6, null, { timeout: 120_000 });
    await page.click('#train-pause');
    await page.waitForSelector('#train-start:not([disabled])', { timeout: 120_000 });
    await settled(page);

    assert.match(await page.textContent('#epoch-log'), /first \d+ steps \([\d,]+ images\): loss \d+\.\d nats/);
    assert.ok(await inked(page, '#train-samples'), 'the prior samples are blank after the first chunks');
    assert.notDeepEqual(await pixelsOf(page, '#loss-chart'), chartBefore, 'the curve did not change');
    assert.match(await page.textContent('#train-status'), /epoch 0\.\d+ \/ 1 · [\d,]+ images · \d+ img\/s/);
    const seconds = (text) => {
      const eta = /ETA (?:(\d+) min )?(\d+) s/.exec(text);
      return eta ? Number(eta[1] ?? 0) * 60 + Number(eta[2]) : null;
    };
    const etas = (await page.evaluate(() => window.statusTexts_)).map(seconds).filter((value) => value !== null);
    for (let i = 1; i < etas.length; i += 1) {
      const ratio = Math.max(etas[i], 1) / Math.max(etas[i - 1], 1);
      assert.ok(ratio < 8 && ratio > 1 / 8, `the ETA jumped from ${etas[i - 1]} s to ${etas[i]} s (${etas.join(', ')})`);
    }
  });
});
