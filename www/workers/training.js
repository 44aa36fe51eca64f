// The training worker: owns a VaeSession with the training data, trains in short chunks so that
// it can answer "pause" at once, and posts progress, losses and weights back to the page (the
// messages are listed in protocol.js).

import { fetchSplit } from '../data.js';
import { refusalOf } from '../i18n/refusal.js';
import { TRAINING_COMMANDS, TRAINING_EVENTS, accept, compose } from '../protocol.js';
import { gaussian } from '../random.js';
import { isTrap, loadBuild, threadsOf } from '../wasm.js';

// Fixed latent points for the sample grid, so the images evolve rather than change.
const GRID = 8;
const DIGITS = 10;
/**
 * Test digits a conditional model classifies after each epoch, with one draw of ε per digit
 * (ten ELBOs an image: all 10,000 would take a minute in a browser; more draws hardly change
 * the accuracy).
 */
const ACCURACY_IMAGES = 1000;
const ACCURACY_SAMPLES = 1;
const CHUNK_TARGET_MS = 250;
const MNIST_TRAIN_IMAGES = 60000;
const WEIGHTS_EVERY_MS = 1000;

let session = null;
let sessionBackend = null;
/** The data to train on: MNIST (null) or a brought dataset; `dataLoaded` once the session has it. */
let data = null;
let dataLoaded = false;
let running = false;
let fixedLatents = null;
// Whole epochs completed by the current run (its trainer's data order).
let completedEpochs = 0;

function post(type, fields, transfer = []) {
  postMessage(compose(TRAINING_EVENTS, type, fields), transfer);
}

async function ensureSession(build, backend, config, weights) {
  if (!session || sessionBackend !== backend) {
    const wasm = await loadBuild(build);
    session?.free();
    session = await wasm.VaeSession.create(config, backend);
    sessionBackend = backend;
    dataLoaded = false;
    post('ready', { backend: session.backend(), threads: threadsOf(wasm) });
  }
  if (!dataLoaded) {
    if (data) {
      for (const split of ['train', 'test']) session.loadBrought(split, data[split].pixels, data[split].labels ?? undefined, data.record);
    } else {
      const [train, test] = await Promise.all([fetchSplit('train'), fetchSplit('test')]);
      session.loadDataset('train', ...train);
      session.loadDataset('test', ...test);
    }
    dataLoaded = true;
  }
  if (weights) {
    await session.loadWeights(new Uint8Array(weights));
    session.setTrainingConfig(config);
  } else {
    session.reset(config);
  }
  fixedLatents = new Float32Array(GRID * GRID * session.latentDim()).map(() => gaussian());
}

/**
 * The fixed latent points decoded: an 8 × 8 grid; for a conditional model the first eight
 * points written as each digit, one row per digit.
 */
async function fixedSamples(conditional) {
  if (!conditional) return session.decodeBatch(fixedLatents);
  const styles = fixedLatents.subarray(0, GRID * session.latentDim());
  const rows = [];
  for (let digit = 0; digit < DIGITS; digit += 1) rows.push(await session.decodeBatch(styles, digit));
  const grid = new Float32Array(DIGITS * GRID * 784);
  rows.forEach((row, digit) => grid.set(row, digit * GRID * 784));
  return grid;
}


/** Optimiser steps in one epoch: full batches only (the crate drops the remainder). */
function stepsPerEpoch() {
  const images = data ? data.train.pixels.length / 784 : MNIST_TRAIN_IMAGES;
  return Math.max(1, Math.floor(images / session.config().batchSize));
}

async function postWeights(final) {
  const { buffer } = await session.saveWeights();
  post('weights', { weights: buffer, final }, [buffer]);
}

async function postSamples() {
  const samples = await fixedSamples(session.config().kind === 'cvae');
  post('samples', { samples }, [samples.buffer]);
}

/** Goes on with the paused run, or starts one from `weights` on `backend`. */
async function prepare({ build, backend, config, weights, continueRun }) {
  if (continueRun) {
    session.setTrainingConfig(config);
  } else {
    await ensureSession(build, backend, config, weights);
    completedEpochs = 0;
  }
}

async function train(command) {
  await prepare(command);
  const { epochs } = command;
  running = true;
  let steps = Math.min(5, stepsPerEpoch());
  let lastWeights = performance.now();
  let firstChunk = true;
  while (running) {
    const report = await session.trainSteps(steps);
    post('progress', { report });
    // The grid shows the model learning from its first steps, not only after an epoch.
    if (firstChunk) await postSamples();
    firstChunk = false;
    // Aim for chunks of ~250 ms: long enough to amortise, short enough to pause promptly; and
    // end each chunk at an epoch's end at the latest, so that every epoch is tested (a small
    // dataset's epoch is a few steps).
    const toEpochEnd = Math.max(1, Math.round((completedEpochs + 1 - report.epochsDone) * stepsPerEpoch()));
    steps = Math.max(1, Math.min(500, toEpochEnd, Math.round((steps * CHUNK_TARGET_MS) / Math.max(1, report.milliseconds))));
    if (performance.now() - lastWeights > WEIGHTS_EVERY_MS) {
      await postWeights(false);
      await postSamples();
      lastWeights = performance.now();
    }
    if (Math.floor(report.epochsDone) > completedEpochs) {
      completedEpochs = Math.floor(report.epochsDone);
      const test = await session.evaluate(0);
      const conditional = session.config().kind === 'cvae';
      // The first ACCURACY_IMAGES test images, or all of a smaller brought test split.
      const accuracyImages = Math.min(ACCURACY_IMAGES, data ? data.test.pixels.length / 784 : ACCURACY_IMAGES);
      const accuracy = conditional ? await session.accuracy(accuracyImages, ACCURACY_SAMPLES) : null;
      const samples = await fixedSamples(conditional);
      post('epoch', { epoch: completedEpochs, test, accuracy, accuracyImages: conditional ? accuracyImages : null, samples }, [samples.buffer]);
      if (completedEpochs >= epochs) running = false;
    }
    // Let 'pause' messages in.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  await postWeights(true);
  post('stopped', { reason: completedEpochs >= epochs ? 'finished' : 'paused' });
}

/** One step in detail (slow motion); the run can go on from there with `start`. */
async function step(command) {
  await prepare(command);
  const detail = await session.trainOneStep();
  post('stepped', { detail }, [detail.images.buffer, detail.reconstructions.buffer]);
  await postWeights(true);
}

async function fail(error) {
  running = false;
  const message = String(error?.message ?? error);
  if (isTrap(error)) {
    // The instance is gone with its model; the page holds the last weights it was sent.
    post('crashed', { reason: message });
    close();
    return;
  }
  let weights = null;
  try {
    // The session keeps its last good weights through any failed call: hand them back.
    if (session) weights = (await session.saveWeights()).buffer;
  } catch {
    weights = null;
  }
  post('failed', { message, refusal: refusalOf(error), weights }, weights ? [weights] : []);
}

onmessage = async (event) => {
  const command = accept(TRAINING_COMMANDS, event.data);
  try {
    if (command.type === 'start') await train(command);
    else if (command.type === 'step') await step(command);
    else if (command.type === 'pause') running = false;
    else if (command.type === 'useData') {
      data = command.dataset;
      dataLoaded = false;
    }
  } catch (error) {
    await fail(error);
  }
};
