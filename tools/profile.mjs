// In-browser profile (`./build.sh profile`): where the CPU build spends its time, per Rust
// function, while it trains (batch 32) and while it decodes one latent point at a time. Uses
// pkg/profile, the CPU build with its function names kept, and Chromium's sampling profiler
// (DevTools protocol). Prints one JSON object per line: the measured speed (slowed a little by
// the profiler), the functions with the largest share of self time, and (unprofiled) the time
// per image of the forward pass against a whole training step.

import { openSite } from '../tests/page/harness.mjs';

const TOP = 12;
const site = await openSite();
const { page } = site;
const profiler = await page.context().newCDPSession(page);
await profiler.send('Profiler.enable');
await profiler.send('Profiler.setSamplingInterval', { interval: 250 }); // µs

await page.evaluate(async () => {
  const wasm = await import('/pkg/profile/vae_wasm.js');
  await wasm.default();
  const session = await wasm.VaeSession.create(undefined, 'cpu');
  const testSplit = await (await import('/www/data.js')).fetchSplit('test');
  session.loadDataset('train', ...testSplit);
  session.loadDataset('test', ...testSplit);
  session.reset({ batchSize: 32 });
  await session.trainSteps(10); // warm-up: the optimising compiler takes over the hot functions
  for (let i = 0; i < 200; i += 1) await session.decode(new Float32Array([0.5, -0.25]));
  window.profiled = session;
});

// Timed steps of each workload, each awaited, and the figure it reports.
const workloads = {
  train: { steps: 60, metric: 'train_images_per_second' },
  decode: { steps: 2000, metric: 'decode_ms' },
};

for (const [mode, { steps, metric }] of Object.entries(workloads)) {
  await profiler.send('Profiler.start');
  const seconds = await page.evaluate(
    async ({ mode, steps }) => {
      const session = window.profiled;
      const started = performance.now();
      for (let i = 0; i < steps; i += 1) {
        if (mode === 'train') await session.trainSteps(1);
        else await session.decode(new Float32Array([0.5, -0.25]));
      }
      return (performance.now() - started) / 1000;
    },
    { mode, steps },
  );
  const { profile } = await profiler.send('Profiler.stop');
  const value = mode === 'train' ? (steps * 32) / seconds : (1000 * seconds) / steps;
  console.log(JSON.stringify({ where: 'browser', profile: mode, metric, value, note: 'under the profiler' }));

  // Self time per function: each sample's time goes to the function on top of the stack.
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfTime = new Map();
  let total = 0;
  profile.samples.forEach((id, k) => {
    const name = nodes.get(id).callFrame.functionName || '(anonymous)';
    // Rust symbols end in a hash (::h0123…): drop it so that the names read well.
    const readable = name.replace(/::h[0-9a-f]{16}$/, '');
    selfTime.set(readable, (selfTime.get(readable) ?? 0) + profile.timeDeltas[k]);
    total += profile.timeDeltas[k];
  });
  [...selfTime.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .forEach(([fn, time]) => console.log(JSON.stringify({ profile: mode, function: fn, selfTimeShare: Number((time / total).toFixed(3)) })));
}
// Forward against backward: the loss alone (evaluate: encode, sample, decode, loss; no
// gradients) against a whole training step (the same forward, backward and Adam), per image.
const split = await page.evaluate(async () => {
  const session = window.profiled;
  const images = 2000;
  let started = performance.now();
  await session.evaluate(images);
  const forwardMs = (performance.now() - started) / images;
  started = performance.now();
  await session.trainSteps(images / 32);
  const stepMs = (performance.now() - started) / images;
  return { forwardMs, stepMs };
});
console.log(JSON.stringify({ where: 'browser', metric: 'ms_per_image', forward: split.forwardMs, trainingStep: split.stepMs, forwardShare: Number((split.forwardMs / split.stepMs).toFixed(3)) }));
await site.close();
