// In-browser benchmark (`./build.sh bench`): training throughput, decode latency, start-up time,
// and optionally one full epoch with its test ELBO (`./build.sh bench --epoch`), on each backend
// the browser offers. Prints one JSON object per line. A benchmark, not a test: nothing asserts.

import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, openSite } from './harness.mjs';

const withEpoch = process.argv.includes('--epoch');
const site = await openSite();
const { page } = site;
const print = (record) => console.log(JSON.stringify({ where: 'browser', ...record }));

// The page marks `vae:ready` when its first decoded image is drawn; navigation starts at 0.
const readyAt = await page.evaluate(() => performance.getEntriesByName('vae:ready')[0].startTime);
print({ metric: 'page_load_to_first_decode_ms', value: readyAt, note: 'navigation start to the first decoded image on screen' });
// The page goes on drawing samples and the manifold and encoding the map's test digits on this
// thread: let it finish before timing anything else.
await page.waitForSelector('body[data-map-ready=true]', { timeout: 120_000 });
await page.waitForFunction(() => window.vaeApp.busy === 0);
for (const build of ['cpu', 'webgpu']) {
  const wasm = readFileSync(join(ROOT, 'pkg', build, 'vae_wasm_bg.wasm'));
  print({ metric: 'wasm_bytes', build, value: wasm.length, gzipped: gzipSync(wasm, { level: 9 }).length });
}

// Each backend in the build the page uses for it, plus Flex inside the WebGPU build (where the
// page runs the CPU when WebGPU fails mid-way): its per-call overhead must match pkg/cpu's.
const RUNS = [
  { build: 'cpu', backend: 'cpu' },
  { build: 'cpu', backend: 'ndarray' },
  { build: 'webgpu', backend: 'cpu' },
  { build: 'webgpu', backend: 'webgpu' },
];
for (const { build, backend } of RUNS) {
  const results = await page.evaluate(async ({ build, backend, withEpoch }) => {
    const { loadBuild } = await import('/www/wasm.js');
    const out = [];
    let session;
    try {
      const { VaeSession } = await loadBuild(build);
      session = await VaeSession.create(undefined, backend);
    } catch (error) {
      return [{ build, backend, skipped: String(error.message ?? error) }];
    }
    const fetchBytes = async (name) => new Uint8Array(await (await fetch(`/www/data/${name}`)).arrayBuffer());
    const [images, labels] = await Promise.all([fetchBytes('t10k-images-idx3-ubyte.gz'), fetchBytes('t10k-labels-idx1-ubyte.gz')]);
    session.loadDataset('train', images, labels);
    session.loadDataset('test', images, labels);
    const steps = backend === 'ndarray' ? 3 : 30;
    for (const batchSize of [32, 128]) {
      session.reset({ batchSize });
      await session.trainSteps(3); // warm-up
      const started = performance.now();
      for (let i = 0; i < steps; i += 1) await session.trainSteps(1); // each step awaited
      const seconds = (performance.now() - started) / 1000;
      out.push({ build, backend: session.backend(), metric: 'train_images_per_second', batchSize, steps, value: (steps * batchSize) / seconds });
    }
    const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const z = new Float32Array([0.5, -0.25]);
    const image = (await session.sample(1)).map((p) => (p > 0.5 ? 1 : 0));
    const decodes = [];
    const roundTrips = [];
    for (let i = 0; i < 200; i += 1) {
      let t = performance.now();
      await session.decode(z);
      decodes.push(performance.now() - t);
      t = performance.now();
      await session.reconstruct(image);
      roundTrips.push(performance.now() - t);
    }
    out.push({ build, backend: session.backend(), metric: 'decode_ms_median', value: median(decodes) });
    out.push({ build, backend: session.backend(), metric: 'encode_decode_ms_median', value: median(roundTrips) });
    // What the drawing panel computes per update: q(z|x), reconstruction and two 32-sample ELBOs,
    // with and without refining q(z|x).
    for (const refineSteps of [0, 50]) {
      const updates = [];
      for (let i = 0; i < 20; i += 1) {
        const t = performance.now();
        await session.infer(image, refineSteps);
        updates.push(performance.now() - t);
      }
      out.push({ build, backend: session.backend(), metric: 'drawing_update_ms_median', refineSteps, value: median(updates) });
    }
    if (withEpoch && build === 'cpu' && backend === 'cpu') {
      const [trainImages, trainLabels] = await Promise.all([fetchBytes('train-images-idx3-ubyte.gz'), fetchBytes('train-labels-idx1-ubyte.gz')]);
      session.loadDataset('train', trainImages, trainLabels);
      session.reset({ batchSize: 32, learningRate: 1e-3 });
      const started = performance.now();
      let done = 0;
      while (done < 1875) {
        const chunk = Math.min(100, 1875 - done);
        await session.trainSteps(chunk);
        done += chunk;
      }
      const seconds = (performance.now() - started) / 1000;
      const test = await session.evaluate(0);
      out.push({ build, backend: session.backend(), metric: 'one_epoch', seconds, testElbo: test.elbo });
    }
    session.free();
    return out;
  }, { build, backend, withEpoch });
  results.forEach(print);
}
await site.close();
