// The inference worker: owns the page's VaeSession and answers the page's requests (see
// protocol.js) one at a time, so that the model never runs on the page's thread.
//
// Requests wait in a queue. Those a person is waiting on while sliding or drawing go first;
// nothing passes a request that changes the model (open, loadWeights, reset), so every answer
// comes from the model the page last asked for.

import { fetchSplit } from '../data.js';
import { refusalOf } from '../i18n/refusal.js';
import { INFERENCE_REPLIES, INFERENCE_REQUESTS, INFERENCE_RESULTS, accept, compose } from '../protocol.js';
import { isTrap, loadBuild, threadsOf } from '../wasm.js';

const CHANGES_MODEL = new Set(['open', 'loadWeights', 'reset', 'useData']);
/** Lower goes first. */
const PRIORITY = { decode: 0, decodeAllClasses: 0, maskPreset: 0, drawing: 1, explain: 1, denoise: 2 };
const LOW_PRIORITY = 3;

let wasm = null;
let session = null;
let testDataLoaded = null;
/** A brought test split ({pixels, labels, record}), or null for MNIST's. */
let broughtTest = null;
/** The model's ELBO distribution over the test split ({limit, result}): measured once per model. */
let distribution = null;
/** Each test image's ELBO and complexity ({limit, elbos, complexities}: Float32Arrays), for "Is this a digit?": measured once per model, forgotten with it. */
let testScores = null;

/** Forgets what was measured of the model and its test split: both changed. */
function forgetMeasurements() {
  distribution = null;
  testScores = null;
}

function requireSession() {
  if (!session) throw new Error('the model is not loaded yet');
  return session;
}

/** Whether the model reads and writes digits (a conditional model): it takes labels. */
function conditional() {
  return requireSession().config().kind === 'cvae';
}

/** A label for the API: a conditional model's digit, nothing (undefined) for the others. */
const labelFor = (label) => (conditional() ? (label ?? undefined) : undefined);

/** The index of the largest of some numbers. */
const mostProbable = (values) => values.reduce((best, value, i) => (value > values[best] ? i : best), 0);

/**
 * The test split, loaded once (MNIST's fetched again after a failure), for the latent map;
 * resolves to its size.
 */
function ensureTestData() {
  if (broughtTest && !testDataLoaded) {
    const { pixels, labels, record } = broughtTest;
    // A refused split is refused every time: nothing to retry.
    testDataLoaded = Promise.resolve().then(() => requireSession().loadBrought('test', pixels, labels ?? undefined, record));
  }
  testDataLoaded ??= fetchSplit('test').then(
    ([images, labels]) => requireSession().loadDataset('test', images, labels),
    (error) => {
      testDataLoaded = null;
      throw error;
    },
  );
  return testDataLoaded;
}

async function currentWeights() {
  return (await requireSession().saveWeights()).buffer;
}

/** Each request type's work: its request's fields in, its result's fields out. */
const handlers = {
  async open({ build, backend }) {
    wasm = await loadBuild(build);
    session?.free();
    session = await wasm.VaeSession.create(undefined, backend);
    testDataLoaded = null;
    forgetMeasurements();
    return { backend: session.backend(), threads: threadsOf(wasm), config: session.config(), limits: wasm.configLimits() };
  },

  async loadWeights({ weights }) {
    await requireSession().loadWeights(new Uint8Array(weights));
    forgetMeasurements();
    // The page keeps the bytes (to restart this worker should it crash): hand them back.
    return { config: session.config(), weights, trainedOn: session.trainedOn() };
  },

  async reset({ config }) {
    requireSession().reset(config);
    forgetMeasurements();
    return { config: session.config(), weights: await currentWeights(), trainedOn: session.trainedOn() };
  },

  async useData({ test }) {
    const previous = broughtTest;
    broughtTest = test;
    testDataLoaded = null;
    forgetMeasurements();
    try {
      return { count: await ensureTestData() };
    } catch (error) {
      // The split in use stays (the session refused the new one before replacing it).
      broughtTest = previous;
      testDataLoaded = null;
      throw error;
    }
  },

  async saveWeights() {
    return { weights: await currentWeights() };
  },

  async drawing({ rgba, width, height, refineSteps, chosen, image }) {
    let input = image;
    try {
      input ??= wasm.preprocessDrawing(new Uint8Array(rgba), width, height);
    } catch {
      // A stroke too faint to count as ink yet.
      const none = { mean: null, logVar: null, reconstruction: null, elbo: null, encoderElbo: null, refined: null, samples: null, elboSpread: null };
      return { input: null, ...none, probabilities: null, label: null, digits: null, complexity: null };
    }
    const session = requireSession();
    // A conditional model reads the digit first (ten ELBOs), then encodes the drawing's style
    // told that digit (or the one the person chose) and writes that style as every digit.
    const probabilities = conditional() ? await session.classify(input) : null;
    const label = probabilities ? (chosen ?? mostProbable(probabilities)) : null;
    const { mean, logVar, reconstruction, elbo, encoderElbo, refined, samples, elboSpread } = await session.infer(input, refineSteps, labelFor(label));
    const digits = probabilities ? await session.decodeAllClasses(mean) : null;
    // An autoencoder's code has no log-variance, samples or spread (the API leaves the keys out): sent as null.
    const drawn = { samples: samples ?? null, elboSpread: elboSpread ?? null };
    const complexity = wasm.imageComplexity(input);
    return { input, mean, logVar: logVar ?? null, reconstruction, elbo, encoderElbo, refined, ...drawn, probabilities, label, digits, complexity };
  },

  async explain({ image, testIndex, eps, label, withEstimates }) {
    let input = image;
    if (!input) {
      await ensureTestData();
      // A test digit is told its own label.
      ({ pixels: input, label } = requireSession().datasetImage('test', testIndex));
    }
    // `undefined` is the API's "no ε given".
    const session = requireSession();
    const explanation = await session.explain(input, eps ?? undefined, labelFor(label));
    // Only the Inside view compares its one ε with these (32 more ε and a decode: not for the
    // Compare view's columns, which follow every stroke).
    if (!explanation.logVar || !withEstimates) return { input, label, explanation, score: null, centre: null };
    // What the drawing panel's estimator gives for the same q(z|x), and the image at ε = 0.
    const { elbo, samples, elboSpread } = await session.infer(input, 0, labelFor(label));
    const centre = await session.decode(explanation.mean, labelFor(label));
    return { input, label, explanation, score: { elbo: elbo.elbo, samples, elboSpread }, centre };
  },

  async testImage({ index }) {
    await ensureTestData();
    return requireSession().datasetImage('test', index);
  },

  async denoise({ image, noise, refineSteps, label }) {
    // Salt and pepper: each pixel is replaced by a random one (in [0, 1)) with probability `noise`.
    const noisy = Float32Array.from(image, (value) => (Math.random() < noise ? Math.random() : value));
    const { reconstruction } = await requireSession().infer(noisy, refineSteps, labelFor(label));
    return { noisy, reconstruction };
  },

  async decode({ latent, label }) {
    return { pixels: await requireSession().decode(latent, labelFor(label)) };
  },

  async decodeAllClasses({ latent }) {
    return { pixels: await requireSession().decodeAllClasses(latent) };
  },

  async decodeBatch({ latents, label }) {
    return { pixels: await requireSession().decodeBatch(latents, labelFor(label)) };
  },

  async sample({ count, label }) {
    return { pixels: await requireSession().sample(count, labelFor(label)) };
  },

  async interpolate({ a, b, steps, label }) {
    return { pixels: await requireSession().interpolate(a, b, steps, labelFor(label)) };
  },

  async encodeDataset({ count }) {
    await ensureTestData();
    const { means, labels } = await requireSession().encodeDataset('test', count);
    // Typed arrays cross to the page without a copy (see transferables).
    return { means: Float32Array.from(means), labels: labels ? Uint8Array.from(labels) : null };
  },

  async elboDistribution({ limit }) {
    await ensureTestData();
    if (distribution?.limit !== limit) distribution = { limit, result: await requireSession().elboDistribution(limit) };
    return { distribution: distribution.result };
  },

  async testScores({ limit }) {
    await ensureTestData();
    if (testScores?.limit !== limit) {
      const session = requireSession();
      testScores = { limit, elbos: await session.testElbos(limit), complexities: session.testComplexities(limit) };
    }
    // Copies cross (and move): the cache keeps its own.
    return { elbos: testScores.elbos.slice(), complexities: testScores.complexities.slice() };
  },

  async complete({ image, mask, steps, samples, label }) {
    const { completion, samples: drawn, spread } = await requireSession().complete(image, mask, steps, samples, labelFor(label));
    return { completion, samples: drawn, spread };
  },

  async maskPreset({ name, seed }) {
    return { mask: wasm.maskPreset(name, seed) };
  },

  async statistics({ limit }) {
    await ensureTestData();
    return { statistics: await requireSession().latentStatistics(limit) };
  },
};

/** The buffers of a result's typed arrays and ArrayBuffers, however deep: moved to the page, not copied. */
function transferables(value, found = new Set()) {
  if (value instanceof ArrayBuffer) found.add(value);
  // A view of shared memory cannot move (and must not: it is the module's).
  else if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) transferables(item, found);
  return [...found];
}

async function handle(request) {
  const { type, id } = request;
  try {
    const result = compose(INFERENCE_RESULTS, type, await handlers[type](request));
    postMessage(compose(INFERENCE_REPLIES, 'reply', { id, result }), transferables(result));
  } catch (error) {
    if (isTrap(error)) {
      // The instance is gone with its model: the page starts a new worker with its weights.
      postMessage(compose(INFERENCE_REPLIES, 'crashed', { reason: String(error?.message ?? error) }));
      close();
      return;
    }
    postMessage(compose(INFERENCE_REPLIES, 'failure', { id, message: String(error?.message ?? error), refusal: refusalOf(error) }));
  }
}

const queue = [];
let pumping = false;

/** The next request to run: the most urgent one before the first model change. */
function takeNext() {
  if (CHANGES_MODEL.has(queue[0].type)) return queue.shift();
  let best = 0;
  for (let i = 1; i < queue.length && !CHANGES_MODEL.has(queue[i].type); i += 1) {
    if ((PRIORITY[queue[i].type] ?? LOW_PRIORITY) < (PRIORITY[queue[best].type] ?? LOW_PRIORITY)) best = i;
  }
  return queue.splice(best, 1)[0];
}

// Lets the messages that arrived meanwhile into the queue before the next pick. A message to
// itself rather than setTimeout(0), which browsers stretch to 4 ms once timers nest.
const turn = new MessageChannel();
function nextTask() {
  return new Promise((resolve) => {
    turn.port1.onmessage = resolve;
    turn.port2.postMessage(null);
  });
}

async function pump() {
  pumping = true;
  while (queue.length) {
    await handle(takeNext());
    await nextTask();
  }
  pumping = false;
}

onmessage = (event) => {
  queue.push(accept(INFERENCE_REQUESTS, event.data));
  if (!pumping) pump();
};
