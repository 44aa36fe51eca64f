// The training worker: owns a VaeSession with the training data, trains in short chunks so that
// it can answer "pause" at once, and posts progress, losses and weights back to the page.
//
// page → worker: {type: 'start', build, backend, config, epochs, weights?}
//                (build: 'cpu' or 'webgpu', see wasm.js; weights: ArrayBuffer to continue from)
//                {type: 'pause'}
// worker → page: {type: 'ready', backend}
//                {type: 'progress', report}                 after every chunk
//                {type: 'weights', weights, final}          ~once a second, and when stopping
//                {type: 'epoch', epoch, test, samples}      after each epoch: test ELBO, sample grid
//                {type: 'stopped', reason}                  paused or finished
//                {type: 'error', message, weights?}         a failure; the last good weights ride along

import { loadBuild } from './wasm.js';

const DATA = new URL('data/', import.meta.url);
// Fixed latent points for the per-epoch sample grid, so the images evolve rather than change.
const GRID = 8;
const CHUNK_TARGET_MS = 250;
const WEIGHTS_EVERY_MS = 1000;

let session = null;
let sessionBackend = null;
let running = false;
let fixedLatents = null;
// Whole epochs completed by the current run (its trainer's data order), and the run's target.
let completedEpochs = 0;

async function fetchBytes(name) {
  const response = await fetch(new URL(name, DATA));
  if (!response.ok) throw new Error(`could not load ${name}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function ensureSession(build, backend, config, weights) {
  if (!session || sessionBackend !== backend) {
    const wasm = await loadBuild(build);
    session?.free();
    session = await wasm.VaeSession.create(config, backend);
    sessionBackend = backend;
    const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
      fetchBytes('train-images-idx3-ubyte.gz'),
      fetchBytes('train-labels-idx1-ubyte.gz'),
      fetchBytes('t10k-images-idx3-ubyte.gz'),
      fetchBytes('t10k-labels-idx1-ubyte.gz'),
    ]);
    session.loadDataset('train', trainImages, trainLabels);
    session.loadDataset('test', testImages, testLabels);
    postMessage({ type: 'ready', backend: session.backend() });
  }
  if (weights) {
    session.loadWeights(new Uint8Array(weights));
    session.setTrainingConfig(config);
  } else {
    session.reset(config);
  }
  const latentDim = session.latentDim();
  fixedLatents = new Float32Array(GRID * GRID * latentDim).map(() => gaussian());
}

function gaussian() {
  const u = 1 - Math.random();
  const v = Math.random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

async function postWeights(final) {
  const weights = await session.saveWeights();
  postMessage({ type: 'weights', weights: weights.buffer, final }, [weights.buffer]);
}

async function train({ build, backend, config, epochs, weights, continueRun }) {
  if (!continueRun) await ensureSession(build, backend, config, weights);
  else session.setTrainingConfig(config);
  if (!continueRun) completedEpochs = 0;
  running = true;
  let steps = 5;
  let lastWeights = performance.now();
  while (running) {
    const report = await session.trainSteps(steps);
    postMessage({ type: 'progress', report });
    // Aim for chunks of ~250 ms: long enough to amortise, short enough to pause promptly.
    steps = Math.max(1, Math.min(500, Math.round(steps * CHUNK_TARGET_MS / Math.max(1, report.milliseconds))));
    if (performance.now() - lastWeights > WEIGHTS_EVERY_MS) {
      await postWeights(false);
      lastWeights = performance.now();
    }
    if (Math.floor(report.epochsDone) > completedEpochs) {
      completedEpochs = Math.floor(report.epochsDone);
      const test = await session.evaluate(0);
      const samples = await session.decodeBatch(fixedLatents);
      postMessage({ type: 'epoch', epoch: completedEpochs, test, samples }, [samples.buffer]);
      if (completedEpochs >= epochs) running = false;
    }
    // Let 'pause' messages in.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  await postWeights(true);
  postMessage({ type: 'stopped', reason: completedEpochs >= epochs ? 'finished' : 'paused' });
}

onmessage = async (event) => {
  const message = event.data;
  try {
    if (message.type === 'start') await train(message);
    else if (message.type === 'pause') running = false;
  } catch (error) {
    running = false;
    let weights;
    try {
      // The session keeps its last good weights through any failed call: hand them back.
      if (session) weights = (await session.saveWeights()).buffer;
    } catch {
      weights = undefined;
    }
    postMessage({ type: 'error', message: String(error?.message ?? error), weights }, weights ? [weights] : []);
  }
};
