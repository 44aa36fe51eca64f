// The workload `./build.sh profile` samples (tools/profile.mjs), in a worker as the page's
// workers run the model: the threaded build's pool can only be waited on off the page's thread.
// {build}: loads the build and warms up, answers {threads}. {workload, steps}: runs it (training,
// the drawing panel's refined update, or decoding), answers {seconds}. {split}: answers the forward pass's and a whole training step's time per image.

import { loadBuild, threadsOf } from '../www/wasm.js';
import { fetchSplit } from '../www/data.js';

const BATCH = 32;
// The drawing panel's refined update: q(z|x) improved by 50 steps (www's default).
const REFINE_STEPS = 50;
let session;
let drawing;

async function start(build) {
  const wasm = await loadBuild(build);
  session = await wasm.VaeSession.create(undefined, 'cpu');
  const [images, labels] = await fetchSplit('test');
  session.loadDataset('train', images, labels);
  session.loadDataset('test', images, labels);
  session.reset({ batchSize: BATCH });
  // Warm-up: the optimising compiler takes over the hot functions.
  await session.trainSteps(10);
  for (let i = 0; i < 200; i += 1) await session.decode(new Float32Array(session.latentDim()).fill(0.5));
  // A binarised sample stands in for a drawing, as in the benchmark.
  drawing = (await session.sample(1)).map((p) => (p > 0.5 ? 1 : 0));
  return { threads: threadsOf(wasm) };
}

async function run(workload, steps) {
  const z = new Float32Array(session.latentDim()).fill(0.5);
  const started = performance.now();
  // Training in chunks of ten steps per call, as the training worker and the benchmark train.
  if (workload === 'train') for (let done = 0; done < steps; done += 10) await session.trainSteps(10);
  else if (workload === 'refine') for (let i = 0; i < steps; i += 1) await session.infer(drawing, REFINE_STEPS);
  else for (let i = 0; i < steps; i += 1) await session.decode(z);
  return { seconds: (performance.now() - started) / 1000 };
}

// The loss alone (evaluate: encode, sample, decode, loss; no gradients) against a whole
// training step (the same forward, backward and Adam), per image.
async function split() {
  // Whole batches of 32.
  const images = 2048;
  let started = performance.now();
  await session.evaluate(images);
  const forwardMs = (performance.now() - started) / images;
  started = performance.now();
  await session.trainSteps(images / BATCH);
  return { forwardMs, stepMs: (performance.now() - started) / images };
}

onmessage = async ({ data }) => {
  try {
    if (data.build) postMessage(await start(data.build));
    else if (data.workload) postMessage(await run(data.workload, data.steps));
    else postMessage(await split());
  } catch (error) {
    postMessage({ error: String(error.message ?? error) });
  }
};
