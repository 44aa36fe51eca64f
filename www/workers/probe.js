// A throw-away worker that checks burn's WebGPU backend before the page relies on it, and times
// it against the CPU: pkg/full holds both, so one download serves the two. First the check:
// the same weights must decode to the same image on both. Then, on each backend, the median time
// of a training step, of one decode (what sliding and drawing wait on) and of a batch of decodes
// (what the manifold and the map wait on). If a kernel fails, burn panics and this worker's
// instance traps; the page sees a failed check and keeps to the CPU.

import { fetchSplit } from '../data.js';
import { MEASURED_BACKENDS, MEASURED_JOBS, PROBE_COMMANDS, PROBE_EVENTS, accept, compose } from '../protocol.js';
import { median, timeCalls } from '../timing.js';
import { loadBuild } from '../wasm.js';

// burn's panic hook prints through console.error: keep what it says as the reason the page
// shows once, rather than an error in the console.
const printed = [];
console.error = (...parts) => printed.push(parts.join(' '));

/** The manifold's 15 × 15 grid: the batch the page decodes most often. */
const DECODE_BATCH = 225;
/** Time spent on one measurement beyond its first run: enough for a median, short at start. */
const BUDGET_MS = 1200;
const RUNS = 5;
/** How far the two backends' pixel probabilities may differ (float sums in another order). */
const TOLERANCE = 1e-2;

/** Median milliseconds of `run` after one warm-up call (which compiles the GPU kernels). */
async function medianMs(run) {
  return median(await timeCalls(run, RUNS, BUDGET_MS));
}

async function measure(config) {
  const wasm = await loadBuild('full');
  const [images, labels] = await fetchSplit('test');
  const sessions = {};
  for (const backend of MEASURED_BACKENDS) sessions[backend] = await wasm.VaeSession.create(config, backend);
  try {
    const weights = await sessions.cpu.saveWeights();
    await sessions.webgpu.loadWeights(weights);
    const latentDim = sessions.cpu.latentDim();
    const latent = Float32Array.from({ length: latentDim }, (_, k) => (k % 2 ? -0.25 : 0.5));
    // A conditional model writes a digit: the check times it writing a 3.
    const label = config.kind === 'cvae' ? 3 : undefined;
    const [gpu, cpu] = [await sessions.webgpu.decode(latent, label), await sessions.cpu.decode(latent, label)];
    const worst = gpu.reduce((most, value, i) => Math.max(most, Math.abs(value - cpu[i])), 0);
    if (!(worst <= TOLERANCE)) throw new Error(`WebGPU decodes differently from the CPU (by up to ${worst})`);

    const latents = Float32Array.from({ length: DECODE_BATCH * latentDim }, (_, i) => ((i % 7) - 3) / 2);
    const times = {
      ...Object.fromEntries(MEASURED_JOBS.map((job) => [job, {}])),
      batchSize: sessions.cpu.config().batchSize,
      decodeBatchSize: DECODE_BATCH,
    };
    for (const backend of MEASURED_BACKENDS) {
      const session = sessions[backend];
      times.decode[backend] = await medianMs(() => session.decode(latent, label));
      times.decodeBatch[backend] = await medianMs(() => session.decodeBatch(latents, label));
      session.loadDataset('train', images, labels);
      times.trainStep[backend] = await medianMs(() => session.trainSteps(1));
    }
    return times;
  } finally {
    for (const session of Object.values(sessions)) {
      try {
        session.free();
      } catch {
        // A trapped instance cannot free anything; the worker is thrown away anyway.
      }
    }
  }
}

onmessage = async (event) => {
  const { config } = accept(PROBE_COMMANDS, event.data);
  try {
    const times = await measure(config);
    postMessage(compose(PROBE_EVENTS, 'measured', { ok: true, reason: null, times }));
  } catch (error) {
    const reason = printed.find((text) => /panicked/.test(text)) ?? String(error?.message ?? error);
    postMessage(compose(PROBE_EVENTS, 'measured', { ok: false, reason, times: null }));
  }
};
