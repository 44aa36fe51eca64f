// The Compare view, as a learner uses it: the autoencoder, a VAE at β = 0 and one at β = 1 side
// by side — the autoencoder's codes scattered, the VAE's gathered around the prior; the same z
// through each decoder; the drawing reconstructed by each, with its terms — then the browser
// measures each model on the 10,000 test digits and lands where the model's card says; at
// latent 16, β = 10 leaves dimensions collapsed, and their traversal rows do not change.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, drawStrokes, drawingOutputs, openSite, overlap, screenshot } from './harness.mjs';

const ONE = [[[140, 40], [140, 240]]];
const CATALOGUE = JSON.parse(readFileSync(join(ROOT, 'www', 'content', 'models.json'), 'utf8'));
const card = (file) => CATALOGUE.models.find((model) => model.file === file).card;
/** The reconstruction term of a VAE is a one-sample estimate: two runs differ by a few tenths. */
const RECONSTRUCTION_TOLERANCE = 1;
/** The KL is analytic: only float sums differ. */
const KL_TOLERANCE = 0.02;

/** The Compare view's state once every column shows `files` and (with `measured`) its figures. */
async function columns(page, files, { measured = false, drawn = false } = {}) {
  await page.waitForFunction(
    ({ files, measured, drawn }) => {
      const { columns } = window.vaeApp.compare;
      return files.every((file, i) => {
        const column = columns[i];
        return column.choice === file && column.config && column.codes > 0 && (!measured || column.statistics) && (!drawn || column.explanation);
      });
    },
    { files, measured, drawn },
    { timeout: measured ? 240_000 : 90_000 },
  );
  return page.evaluate((count) =>
    window.vaeApp.compare.columns.slice(0, count).map(({ choice, config, statistics, explanation }) => ({
      choice,
      kind: config?.kind,
      statistics,
      reconstruction: explanation?.reconstruction,
      kl: explanation?.kl,
      probabilities: explanation && Array.from(explanation.probabilities),
    })),
    files.length,
  );
}

/** A column's map codes: the share within `radius` of the prior's centre, and E‖z‖² per dimension. */
function spread(page, index, radius) {
  return page.evaluate(
    ({ index, radius }) => {
      const xy = window.vaeApp.compareCodes(index);
      let [near, square] = [0, 0];
      for (let i = 0; i < xy.length; i += 2) {
        const norm = Math.hypot(xy[i], xy[i + 1]);
        if (norm <= radius) near += 1;
        square += norm * norm;
      }
      const count = xy.length / 2;
      return { near: near / count, secondMoment: square / count / 2 };
    },
    { index, radius },
  );
}

for (const mode of [
  { name: 'threads', options: { isolated: true } },
  { name: 'one core', options: { isolated: false } },
]) {
  describe(`the Compare view (${mode.name})`, { timeout: 900_000 }, () => {
    let site;
    before(async () => {
      site = await openSite(mode.options);
    });
    after(async () => site?.close());

    test('autoencoder, β = 0 and β = 1: codes, samples, reconstructions, and each model measured as its card says', async () => {
      const { page } = site;
      await drawStrokes(page, ONE);
      const { input } = await drawingOutputs(page);
      await page.click('#compare-open');
      const files = CATALOGUE.presets.kl;
      const shown = await columns(page, files, { drawn: true });
      assert.deepEqual(
        shown.map((column) => column.kind),
        ['ae', 'conv', 'conv'],
      );
      // Each model reconstructs the drawn 1; the autoencoder's answer has no KL at all.
      for (const column of shown) assert.ok(overlap(input, column.probabilities) > 0.3, `${column.choice} does not reconstruct the 1`);
      assert.equal(shown[0].kl, undefined);
      assert.ok(shown[1].kl > 0 && shown[2].kl > 0);
      const captions = await page.$$eval('#compare-grid [data-row=reconstruction] figcaption', (nodes) => nodes.map((node) => node.textContent));
      assert.match(captions[0], /no KL/);
      assert.match(captions[2], /KL \d+\.\d\d/);

      const measured = await columns(page, files, { measured: true });
      for (const column of measured) {
        const expected = card(column.choice);
        assert.ok(Math.abs(column.statistics.reconstruction - expected.reconstruction) < RECONSTRUCTION_TOLERANCE, `${column.choice}: reconstruction ${column.statistics.reconstruction} against the card's ${expected.reconstruction}`);
        if (expected.kl === null) assert.equal(column.statistics.kl, undefined);
        else assert.ok(Math.abs(column.statistics.kl - expected.kl) < KL_TOLERANCE, `${column.choice}: KL ${column.statistics.kl} against the card's ${expected.kl}`);
        assert.equal(column.statistics.images, 10_000);
      }
      // β = 0 leaves σ free to shrink: far below the β = 1 model's.
      const meanSigma = (column) => column.statistics.sigmaPerDim.reduce((a, b) => a + b, 0) / column.statistics.sigmaPerDim.length;
      assert.ok(meanSigma(measured[1]) < meanSigma(measured[2]) / 10, `σ at β = 0: ${meanSigma(measured[1])}, at β = 1: ${meanSigma(measured[2])}`);
      // The plot's points: the columns' models measured here, the others from their cards.
      const points = await page.evaluate(() => window.vaeApp.compare.points);
      for (const file of files) assert.equal(points.find((point) => point.file === file).measuredHere, true, file);
      assert.equal(points.find((point) => point.file === 'conv-latent16-beta10').measuredHere, false);
      const words = await page.$$eval('#rate-distortion-points li', (items) => items.map((item) => item.textContent));
      assert.equal(words.length, CATALOGUE.models.length);
      await screenshot(page, `compare-kl-${mode.name.replace(' ', '-')}`);
    });

    test('the KL term gathers the codes: the VAE fills the prior, the autoencoder does not', async () => {
      const { page } = site;
      const [ae, vae] = [await spread(page, 0, 2), await spread(page, 2, 2)];
      console.log(`${mode.name}: codes within 2 of the prior's centre: autoencoder ${(ae.near * 100).toFixed(1)} %, VAE β = 1 ${(vae.near * 100).toFixed(1)} %; E z² per dimension ${ae.secondMoment.toFixed(2)} and ${vae.secondMoment.toFixed(2)}`);
      // The KL term holds E[μ² + σ²] of each dimension near the prior's 1 (σ is ~0.06 here).
      assert.ok(Math.abs(vae.secondMoment - 1) < Math.abs(ae.secondMoment - 1), `the autoencoder's codes (E z² ${ae.secondMoment}) as near the prior as the VAE's (${vae.secondMoment})`);
    });

    test('β = 10 at latent 16: collapsed dimensions, and their traversal rows stay the same', async () => {
      const { page } = site;
      if (!(await page.evaluate(() => window.vaeApp.compare.open))) await page.click('#compare-open');
      await page.click('#compare-panel [data-preset=beta]');
      const files = CATALOGUE.presets.beta;
      const measured = await columns(page, files, { measured: true });
      const active = measured.map((column) => column.statistics.activeDims);
      assert.equal(active[0], 16);
      assert.ok(active[1] < active[0], `β = 10 keeps ${active[1]} of 16 dimensions active`);
      await page.selectOption('#traversal-model', '1');
      await page.waitForFunction(() => window.vaeApp.compare.traversals?.name.includes('10') && window.vaeApp.compare.traversals.rows.every((row) => row.kl !== null), null, { timeout: 60_000 });
      const { rows, pixels } = await page.evaluate(() => {
        const { rows, pixels } = window.vaeApp.compare.traversals;
        return { rows, pixels: Array.from(pixels) };
      });
      assert.equal(rows.length, 16);
      // How much a row's images change from z_k = −3 to 3: the mean absolute pixel difference.
      const change = (dim) => {
        let total = 0;
        for (let p = 0; p < 784; p += 1) total += Math.abs(pixels[(dim * 9 + 8) * 784 + p] - pixels[dim * 9 * 784 + p]);
        return total / 784;
      };
      const collapsed = rows.filter((row) => row.collapsed);
      assert.equal(collapsed.length, 16 - active[1]);
      const labels = await page.$$eval('#traversal-labels li', (items) => items.map((item) => item.textContent));
      for (const row of rows) {
        if (row.collapsed) {
          assert.ok(change(row.dim) < 0.01, `collapsed z${row.dim + 1} changes its image by ${change(row.dim)}`);
          assert.match(labels[row.dim], /collapsed/);
        }
      }
      const liveliest = Math.max(...rows.filter((row) => !row.collapsed).map((row) => change(row.dim)));
      assert.ok(liveliest > 0.05, `no active dimension changes its image (${liveliest})`);
      await screenshot(page, `compare-beta-${mode.name.replace(' ', '-')}`);
    });

    test('a short run at β = 4 becomes a point, measured on the test digits', async () => {
      const { page } = site;
      await page.fill('#train-form input[name=beta]', '4');
      await page.click('#train-start');
      await page.waitForFunction(() => /img\/s/.test(document.querySelector('#train-status').textContent), null, { timeout: 120_000 });
      await page.click('#train-pause');
      await page.waitForSelector('#train-start:not([disabled])', { timeout: 120_000 });
      await page.waitForFunction(() => window.vaeApp.compare.points.some((point) => point.label.startsWith('trained here')), null, { timeout: 120_000 });
      const point = await page.evaluate(() => window.vaeApp.compare.points.find((p) => p.label.startsWith('trained here')));
      assert.match(point.label, /VAE, β = 4, latent 2/);
      assert.ok(Number.isFinite(point.reconstruction) && point.reconstruction > 0 && point.kl > 0, JSON.stringify(point));
      assert.equal(point.measuredHere, true);
      const words = await page.$$eval('#rate-distortion-points li', (items) => items.map((item) => item.textContent));
      assert.ok(words.some((text) => text.startsWith('trained here')), words.join('\n'));
    });
  });
}
