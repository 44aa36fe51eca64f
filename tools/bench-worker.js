// The in-browser benchmark's timings of the wasm API (tools/bench.mjs), in a worker as the page's
// workers run the model: the threaded build's pool can only be waited on off the page's thread.
// Receives {build, backend, withEpoch}; answers with a list of figures.

import { loadBuild, threadsOf } from '../www/wasm.js';
import { fetchSplit } from '../www/data.js';
import { median, timeCalls } from '../www/timing.js';

onmessage = async ({ data: { build, backend, withEpoch } }) => {
  const out = [];
  let session;
  let threads;
  let wasm;
  try {
    wasm = await loadBuild(build);
    threads = threadsOf(wasm);
    session = await wasm.VaeSession.create(undefined, backend);
  } catch (error) {
    postMessage([{ build, backend, skipped: String(error.message ?? error) }]);
    return;
  }
  const name = session.backend();
  const figure = (record) => out.push({ build, backend: name, threads, ...record });
  const [images, labels] = await fetchSplit('test');
  session.loadDataset('train', images, labels);
  session.loadDataset('test', images, labels);
  // On Flex, burn's convolutions and the crate's (src/kernels) in alternating rounds, so that
  // both meet the same load; the other backends run burn's. A figure is the rounds' median.
  const kernelChoices = name === 'flex' ? [['burn', false], ['own', true]] : [[undefined, true]];
  const alternating = async (rounds, measure) => {
    const results = kernelChoices.map(() => []);
    for (let round = 0; round < rounds; round++) {
      for (const [i, [, own]] of kernelChoices.entries()) {
        wasm.setOwnKernels(own);
        results[i].push(...(await measure()));
      }
    }
    wasm.setOwnKernels(true);
    return kernelChoices.map(([kernels], i) => [kernels, results[i]]);
  };
  // Chunks of steps per call, as the training worker trains (it aims at ~250 ms a call): one
  // read-back per call, not per step.
  const STEPS_PER_CALL = 10;
  for (const batchSize of [32, 128]) {
    session.reset({ batchSize });
    await session.trainSteps(2);
    const rates = await alternating(5, async () => {
      const times = await timeCalls(() => session.trainSteps(STEPS_PER_CALL), 2, 8_000);
      const seconds = times.reduce((sum, t) => sum + t, 0) / 1000;
      return [(times.length * STEPS_PER_CALL * batchSize) / seconds];
    });
    for (const [kernels, values] of rates) {
      figure({ kernels, metric: 'train_images_per_second', batchSize, rounds: values.length, value: median(values) });
    }
  }
  // The one-image timings on the model the page opens with (the shipped latent-2 model): the
  // same weights every run, not whatever the time-budgeted training above left.
  const shipped = new Uint8Array(await (await fetch('/www/models/conv-latent2.vaew')).arrayBuffer());
  await session.loadWeights(shipped);
  const image = (await session.sample(1)).map((p) => (p > 0.5 ? 1 : 0));
  const timed = async (metric, call, calls, budgetMs, extra = {}) => {
    for (const [kernels, times] of await alternating(2, () => timeCalls(call, calls / 2, budgetMs / 2))) {
      figure({ kernels, metric, ...extra, value: median(times) });
    }
  };
  // Decodes as a drag over the latent map asks for them: a different z each call, over a 20 × 20
  // grid of [−3, 3]² (the shipped model's latent is 2-D). The first few hundred decodes after
  // training run at up to twice the time of the later ones, for either kernel choice
  // (docs/measurements.md): warmed up first, so that the figure is the steady state.
  let cell = 0;
  const nextPoint = () => {
    cell = (cell + 1) % 400;
    return new Float32Array([-3 + 0.3 * Math.floor(cell / 20), -3 + 0.3 * (cell % 20)]);
  };
  for (const [, own] of kernelChoices) {
    wasm.setOwnKernels(own);
    for (let i = 0; i < 400; i++) await session.decode(nextPoint());
  }
  await timed('decode_ms_median', () => session.decode(nextPoint()), 400, 5_000);
  await timed('encode_decode_ms_median', () => session.reconstruct(image), 200, 5_000);
  // What the drawing panel computes per update: q(z|x), reconstruction and two 32-sample ELBOs,
  // with and without refining q(z|x).
  for (const refineSteps of [0, 50]) {
    await timed('drawing_update_ms_median', () => session.infer(image, refineSteps), 20, 10_000, { refineSteps });
  }
  // What the Inside view computes per update: every layer, the terms, one read-back.
  await timed('explain_ms_median', () => session.explain(image, undefined), 50, 5_000);
  // Training in slow motion: one step with its batch shown before and after, against a plain one.
  session.reset({ batchSize: 32 });
  figure({ metric: 'train_step_ms_median', batchSize: 32, value: median(await timeCalls(() => session.trainSteps(1), 10, 5_000)) });
  figure({ metric: 'train_one_step_ms_median', batchSize: 32, value: median(await timeCalls(() => session.trainOneStep(), 10, 5_000)) });
  // A conditional model's drawing update, as the inference worker runs it: p(y|x) (ten ELBOs),
  // q(z|x, y) refined for the digit read, and the style written as every digit.
  const conditional = await wasm.VaeSession.create({ kind: 'cvae' }, backend);
  const cvae = new Uint8Array(await (await fetch('/www/models/cvae-latent2.vaew')).arrayBuffer());
  await conditional.loadWeights(cvae);
  const mostProbable = (values) => values.reduce((best, value, i) => (value > values[best] ? i : best), 0);
  figure({ metric: 'classify_ms_median', value: median(await timeCalls(() => conditional.classify(image), 20, 5_000)) });
  for (const refineSteps of [0, 50]) {
    const update = async () => {
      const label = mostProbable(await conditional.classify(image));
      const { mean } = await conditional.infer(image, refineSteps, label);
      return conditional.decodeAllClasses(mean);
    };
    figure({ metric: 'conditional_drawing_update_ms_median', refineSteps, value: median(await timeCalls(update, 20, 10_000)) });
  }
  conditional.free();
  if (withEpoch && backend === 'cpu') {
    session.loadDataset('train', ...(await fetchSplit('train')));
    session.reset({ batchSize: 32, learningRate: 1e-3 });
    const started = performance.now();
    for (let done = 0; done < 1875; done += 100) await session.trainSteps(Math.min(100, 1875 - done));
    const seconds = (performance.now() - started) / 1000;
    const test = await session.evaluate(0);
    figure({ metric: 'one_epoch', seconds, testElbo: test.elbo });
  }
  session.free();
  postMessage(out);
};
