// The models shipped with the site were trained natively (`vae train`). This checks that the
// browser, loading the same files the page loads, computes what the native build computes:
// `vae infer` prints q(z|x) and the reconstruction of the first test images, and the page's
// session must reproduce them on each CPU backend. Run by `./build.sh test`, after `cargo test`
// has built the `vae` binary.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { MNIST_FILES } from '../../www/data.js';
import { png } from './datasets.mjs';
import { ROOT, VAE, openSite } from './harness.mjs';

const COUNT = 8;
const MODELS = readdirSync(join(ROOT, 'www', 'models')).filter((name) => name.endsWith('.vaew'));
// Float32 arithmetic in another order (wasm SIMD vs native kernels): agreement to ~1e-4.
const TOLERANCE = 1e-3;

/** The first `count` binarised test images, as the crate reads them (pixel/255 > 0.5). */
function testImages(count) {
  const bytes = gunzipSync(readFileSync(join(ROOT, 'www', 'data', MNIST_FILES.test[0])));
  const pixels = 28 * 28;
  return Array.from({ length: count }, (_, i) =>
    Array.from(bytes.subarray(16 + i * pixels, 16 + (i + 1) * pixels), (v) => (v / 255 > 0.5 ? 1 : 0)),
  );
}

function worstDifference(a, b) {
  assert.equal(a.length, b.length);
  return a.reduce((worst, value, i) => Math.max(worst, Math.abs(value - b[i])), 0);
}

describe('natively trained weights in the browser', { timeout: 300_000 }, () => {
  let site;
  before(async () => {
    assert.ok(existsSync(VAE), `${VAE} is missing: run cargo test first`);
    site = await openSite();
  });
  after(async () => site?.close());

  for (const model of MODELS) {
    test(`${model} gives the native outputs`, async () => {
      const native = JSON.parse(
        execFileSync(VAE, ['infer', join('www', 'models', model), '--count', String(COUNT)], { cwd: ROOT }).toString(),
      );
      const images = testImages(COUNT);
      for (const backend of ['cpu', 'ndarray']) {
        const browser = await site.page.evaluate(
          async ({ model, images, labels, backend }) => {
            // The single-threaded build: a threaded module's pool cannot be waited on from the
            // page's thread, where this runs.
            const { loadBuild } = await import('/www/wasm.js');
            const { VaeSession } = await loadBuild('full');
            const session = await VaeSession.create(undefined, backend);
            const bytes = new Uint8Array(await (await fetch(`/www/models/${model}`)).arrayBuffer());
            await session.loadWeights(bytes);
            const out = { means: [], logVars: [], reconstructions: [] };
            for (const [i, image] of images.entries()) {
              // A conditional model is told each digit's label, as `vae infer` tells it.
              const label = labels?.[i];
              const posterior = await session.encode(new Float32Array(image), label);
              out.means.push(Array.from(posterior.mean));
              // An autoencoder's code has no log-variance (and `vae infer` prints none).
              if (posterior.logVar) out.logVars.push(Array.from(posterior.logVar));
              out.reconstructions.push(Array.from(await session.reconstruct(new Float32Array(image), label)));
            }
            const name = session.backend();
            session.free();
            return { name, ...out };
          },
          { model, images, labels: native.labels ?? undefined, backend },
        );
        assert.equal(browser.logVars.length > 0, native.logVars !== undefined, `${model}: the browser and the CLI disagree on whether q(z|x) has a variance`);
        for (const part of ['means', 'reconstructions', ...(native.logVars ? ['logVars'] : [])]) {
          const worst = worstDifference(native[part].flat(), browser[part].flat());
          assert.ok(worst <= TOLERANCE, `${model} on ${browser.name}: ${part} differ from native by up to ${worst}`);
        }
      }
    });
  }

  test('a model the CLI trained on a folder of images says what it was trained on, on the page', async () => {
    // Dark circles and squares on white, in two sub-folders: two classes.
    const folder = mkdtempSync(join(tmpdir(), 'vae-shapes-'));
    const data = join(folder, 'shapes');
    for (const [name, inside] of [
      ['circle', (dx, dy, r) => dx * dx + dy * dy <= r * r],
      ['square', (dx, dy, r) => Math.abs(dx) <= r && Math.abs(dy) <= r],
    ]) {
      mkdirSync(join(data, name), { recursive: true });
      for (let i = 0; i < 12; i += 1) {
        const r = 6 + (i % 4) * 2;
        writeFileSync(join(data, name, `${i}.png`), png(36, (x, y) => (inside(x - 18, y - 18 + (i % 3), r) ? 0 : 255)));
      }
    }
    const weights = join(folder, 'shapes.vaew');
    try {
      execFileSync(VAE, ['train', '--data', data, '--epochs', '1', '--batch-size', '8', '--levels', 'grey', '--out', weights], { stdio: 'pipe' });
      const { page } = site;
      await page.setInputFiles('#upload', weights);
      await page.waitForFunction(() => /Loaded/.test(document.querySelector('#message').textContent), null, { timeout: 60_000 });
      const said = await page.textContent('#message');
      assert.match(said, /“shapes\.vaew”: a model trained on shapes \(22 images; ink on paper .*, dark ink on light paper, grey levels kept; classes circle, square\)/, said);
      assert.match(await page.textContent('#trained-on'), /trained on shapes \(22 images/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('no console errors', () => assert.deepEqual(site.problems, []));
});
