// Where each job runs. Three jobs: `training` (the training worker), `batch` (the manifold, the
// map, samples, interpolation) and `interactive` (drawing updates, slider decodes). A plan gives
// each a place, {build, backend}.
//
// The menu's "webgpu" puts every job on WebGPU and "cpu"/"flex"/"ndarray" every job on that CPU
// backend. "auto" starts on the CPU (Flex), ready at once, then asks the throw-away check
// (workers/probe.js) to time each job on WebGPU and on the CPU, and gives WebGPU the jobs it won.

import { MEASURED_BACKENDS, PROBE_COMMANDS, PROBE_EVENTS, accept, compose } from './protocol.js';
import { buildFor } from './wasm.js';

const JOBS = Object.freeze(['training', 'batch', 'interactive']);
/** The check's measurement that decides each job. */
const DECIDED_BY = Object.freeze({ training: 'trainStep', batch: 'decodeBatch', interactive: 'decode' });
/** A first run of burn's WebGPU kernels compiles them; on a software GPU that takes a while. */
const CHECK_TIMEOUT_MS = 180_000;

const place = (backend) => Object.freeze({ build: buildFor(backend), backend });

/** Every job on one backend. */
export function planOn(backend) {
  const where = place(backend);
  return Object.freeze(Object.fromEntries(JOBS.map((job) => [job, where])));
}

/** Each job on the faster backend of the check's `times`. */
export function planFromTimes(times) {
  return Object.freeze(
    Object.fromEntries(
      JOBS.map((job) => {
        const { webgpu, cpu } = times[DECIDED_BY[job]];
        return [job, place(webgpu < cpu ? 'webgpu' : 'cpu')];
      }),
    ),
  );
}

let check = null;

/**
 * Checks burn's WebGPU backend and times it against the CPU, once per page, in a throw-away
 * worker: resolves to {ok, reason, times, seconds} (never rejects), `seconds` the check's own
 * duration. `absent` marks a browser without WebGPU, where there is nothing to check or report.
 */
export function checkWebGpu(config) {
  check ??= (async () => {
    if (!globalThis.navigator?.gpu) return { ok: false, absent: true, reason: 'this browser has no WebGPU', times: null };
    const adapter = await navigator.gpu.requestAdapter().catch(() => null);
    if (!adapter) return { ok: false, absent: true, reason: 'no WebGPU adapter', times: null };
    const started = performance.now();
    return new Promise((resolve) => {
      const worker = new Worker(new URL('./workers/probe.js', import.meta.url), { type: 'module' });
      const finish = (result) => {
        clearTimeout(timer);
        worker.terminate();
        resolve({ ...result, seconds: (performance.now() - started) / 1000 });
      };
      const timer = setTimeout(
        () => finish({ ok: false, reason: `the WebGPU check did not finish in ${CHECK_TIMEOUT_MS / 1000} s`, times: null }),
        CHECK_TIMEOUT_MS,
      );
      worker.onmessage = (event) => finish(accept(PROBE_EVENTS, event.data));
      worker.onerror = (event) => {
        event.preventDefault();
        finish({ ok: false, reason: `burn's WebGPU kernels failed here (${event.message || 'the module trapped'})`, times: null });
      };
      worker.postMessage(compose(PROBE_COMMANDS, 'measure', { config }));
    });
  })();
  return check;
}

const BACKEND_NAMES = Object.freeze({ webgpu: 'WebGPU', flex: 'Flex (SIMD)', cpu: 'Flex (SIMD)', ndarray: 'ndarray' });
const JOB_NAMES = Object.freeze({ training: 'training', batch: 'map', interactive: 'drawing' });

/**
 * The badge for where jobs run (`backends`: the backend name each job's session reports;
 * `threads`: how many threads the CPU computes on): one backend, "WebGPU" or
 * "CPU · Flex (SIMD) · 2 threads" ("· one core" without threads); several,
 * "training, map: WebGPU · drawing: CPU".
 */
export function describePlacement(backends, threads = 1) {
  const onGpu = JOBS.filter((job) => backends[job] === 'webgpu');
  if (onGpu.length === JOBS.length) return { text: 'WebGPU', gpu: true };
  const cores = threads > 1 ? `${threads} threads` : 'one core';
  if (onGpu.length === 0) return { text: `CPU · ${BACKEND_NAMES[backends.interactive]} · ${cores}`, gpu: false };
  const onCpu = JOBS.filter((job) => backends[job] !== 'webgpu');
  const names = (jobs) => jobs.map((job) => JOB_NAMES[job]).join(', ');
  return { text: `${names(onGpu)}: WebGPU · ${names(onCpu)}: CPU`, gpu: true };
}

/** The check's figures, for the badge's title. */
export function describeCheck({ times, seconds }) {
  const pair = (job) => MEASURED_BACKENDS.map((backend) => `${BACKEND_NAMES[backend]} ${formatMs(times[job][backend])}`).join(', ');
  return [
    `Measured at start (median; the check took ${seconds.toFixed(0)} s):`,
    `a training step of ${times.batchSize} images: ${pair('trainStep')}`,
    `one decode: ${pair('decode')}`,
    `${times.decodeBatchSize} decodes at once: ${pair('decodeBatch')}`,
  ].join('\n');
}

function formatMs(ms) {
  return `${ms < 10 ? ms.toFixed(2) : ms.toFixed(0)} ms`;
}
