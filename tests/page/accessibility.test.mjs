// WCAG 2.2 AA as axe-core measures it (the npm package, injected into the page): no serious or
// critical violation on the first screen, after a drawing (its results shown), with a refused
// test-digit number, the Inside view, the Compare view (both comparisons), the "Fill in what is missing" view, the Learn path's
// card, the glossary's dialog, the conditional model's digits, a brought dataset's preview and a slow-motion training
// step; each at 1280×900 and at 390×844, in the light and the dark colour scheme, in English and
// in Simplified Chinese (switched with the header's menu, as a person would).

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeShapeFolder } from './datasets.mjs';
import { drawStrokes, drawingOutputs, openSite, settled } from './harness.mjs';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SIZES = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
];
const SCHEMES = ['light', 'dark'];
const LANGUAGES = ['en', 'zh-CN'];
const THREE = [[[95, 60], [150, 40], [190, 75], [150, 135], [195, 180], [160, 240], [90, 225]]];
/** Impacts that fail the test; the others are printed. */
const FAILING = new Set(['serious', 'critical']);

/** One line per violation: its impact, rule, and the elements it found. */
const describeViolations = (violations) =>
  violations.map(({ id, impact, help, nodes }) => `${impact} ${id} (${help}): ${nodes.map((node) => node.target.join(' ')).join(' | ')}`).join('\n');

/**
 * axe over the whole page in every size and colour scheme; fails on a serious or critical
 * violation, naming `state` and listing every violation found.
 */
async function checkEverywhere(page, state) {
  // The page's own Content-Security-Policy allows no inline script: axe comes in through the
  // context's bypassCSP, as a test tool, not as part of the page.
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const found = [];
  for (const language of LANGUAGES) {
    await page.selectOption('#language-select', language);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      for (const colorScheme of SCHEMES) {
        await page.emulateMedia({ colorScheme });
        const where = `${state}, ${language}, ${size.width}×${size.height}, ${colorScheme}`;
        const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
        if (violations.length) found.push(`— ${where}:\n${describeViolations(violations)}`);
        const failing = violations.filter((violation) => FAILING.has(violation.impact));
        assert.deepEqual(failing.map((violation) => violation.id), [], `${where}: serious or critical violations\n${found.join('\n')}`);
      }
    }
  }
  await page.selectOption('#language-select', 'en');
  await page.setViewportSize(SIZES[0]);
  await page.emulateMedia({ colorScheme: 'light' });
  if (found.length) console.log(`minor and moderate violations (not failing):\n${found.join('\n')}`);
}

describe('accessibility (axe-core, WCAG 2.2 AA)', { timeout: 900_000 }, () => {
  let site;
  before(async () => {
    site = await openSite({ context: { bypassCSP: true } });
    await site.page.waitForSelector('body[data-map-ready=true]', { timeout: 120_000 });
    await settled(site.page);
  });
  after(async () => site?.close());

  test('the first screen', async () => {
    await checkEverywhere(site.page, 'the first screen');
  });

  test('after a drawing: its input, reconstruction and score', async () => {
    const { page } = site;
    await drawStrokes(page, THREE);
    await drawingOutputs(page);
    await checkEverywhere(page, 'after a drawing');
  });

  test('a refused test-digit number, its message under the field', async () => {
    const { page } = site;
    await page.fill('#pad-digit', '2.5');
    await page.press('#pad-digit', 'Enter');
    await page.waitForSelector('#pad-digit-error:not([hidden])');
    await checkEverywhere(page, 'a refused test-digit number');
    await page.fill('#pad-digit', '');
  });

  test('the Inside view', async () => {
    const { page } = site;
    await page.click('#inside-open');
    await page.waitForFunction(() => window.vaeApp.inside.count > 0, null, { timeout: 60_000 });
    await settled(page);
    await checkEverywhere(page, 'the Inside view');
    await page.click('#inside-close');
  });

  test('the Compare view', async () => {
    const { page } = site;
    await page.click('#compare-open');
    await page.waitForFunction(() => window.vaeApp.compare.columns.every((column) => column.statistics || !column.choice), null, { timeout: 240_000 });
    await settled(page);
    await checkEverywhere(page, 'the Compare view');
    // β = 1 against 10: collapsed dimensions are marked in the traversals' labels.
    await page.click('#compare-panel [data-preset=beta]');
    await page.waitForFunction(() => window.vaeApp.compare.columns.every((column) => column.statistics || !column.choice), null, { timeout: 300_000 });
    await page.selectOption('#traversal-model', '1');
    await page.waitForSelector('.traversal-labels li.collapsed', { timeout: 60_000 });
    await settled(page);
    await checkEverywhere(page, 'the Compare view, β: 1 against 10');
    await page.click('#compare-close');
  });

  test('the Fill in what is missing view', async () => {
    const { page } = site;
    await page.click('#completion-open');
    await page.waitForFunction(() => window.vaeApp.completion.current, null, { timeout: 120_000 });
    await settled(page);
    await checkEverywhere(page, 'the Fill in what is missing view');
    await page.click('#completion-close');
  });

  test('the Learn path’s card', async () => {
    const { page } = site;
    await page.click('#learn-open');
    await page.waitForFunction(() => window.vaeApp.learn.open && window.vaeApp.learn.ready, null, { timeout: 60_000 });
    await checkEverywhere(page, 'the Learn path’s card');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !window.vaeApp.learn.open);
  });

  test('the glossary, open over the page', async () => {
    const { page } = site;
    await page.click('#glossary-open');
    await page.waitForFunction(() => document.getElementById('glossary').open && document.querySelectorAll('#glossary-terms .glossary-term').length > 0);
    // Narrowed too: a term, its note and the other words for it.
    await page.fill('#glossary-find', 'latent');
    await checkEverywhere(page, 'the glossary');
    await page.fill('#glossary-find', '');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.getElementById('glossary').open);
  });

  test('the conditional model: which digit, and the style as every digit', async () => {
    const { page } = site;
    await page.selectOption('#model-select', 'www/models/cvae-latent2.vaew');
    await page.waitForFunction(() => window.vaeApp.model.config.kind === 'cvae' && window.vaeApp.digits.probabilities && window.vaeApp.busy === 0, null, { timeout: 120_000 });
    await settled(page);
    // Its reconstruction says which digit it reads.
    assert.match(await page.getAttribute('#recon-view', 'aria-label'), /^Reconstruction: looks like a \d \(p\(y\|x\) = \d\.\d\d\), ELBO −\d+\.\d nats, /);
    await checkEverywhere(page, 'the conditional model');
    await page.selectOption('#model-select', 'www/models/conv-latent2.vaew');
    await page.waitForFunction(() => window.vaeApp.model.config.kind === 'conv', null, { timeout: 120_000 });
    await settled(page);
  });

  test('a brought dataset, previewed', async () => {
    const { page } = site;
    const root = mkdtempSync(join(tmpdir(), 'vae-a11y-'));
    try {
      await page.setInputFiles('#data-folder', writeShapeFolder(join(root, 'shapes'), 20));
      await page.waitForSelector('#data-brought:not([hidden])', { timeout: 60_000 });
      await page.waitForFunction(() => /60 images/.test(document.getElementById('data-summary').textContent), null, { timeout: 60_000 });
      await checkEverywhere(page, 'a brought dataset, previewed');
      await page.click('#data-cancel');
      await page.waitForSelector('#data-brought', { state: 'hidden' });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('a training step in slow motion', async () => {
    const { page } = site;
    await page.click('#train-step');
    await page.waitForSelector('#step-view:not([hidden])', { timeout: 120_000 });
    await settled(page);
    await checkEverywhere(page, 'a training step in slow motion');
  });

  test('with reduced motion asked for, a view opened is scrolled to at once, not smoothly', async () => {
    const { page } = site;
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.click('#inside-open');
    // Read right after the click: a smooth scroll takes a few hundred milliseconds.
    const top = await page.evaluate(() => document.getElementById('inside-panel').getBoundingClientRect().top);
    assert.ok(Math.abs(top) < 2, `the Inside view is ${top}px from the top of the window`);
    await page.click('#inside-close');
    await page.emulateMedia({ reducedMotion: null });
  });

  test('no console errors', () => assert.deepEqual(site.problems, []));
});
