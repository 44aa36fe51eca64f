// Where each job runs. Three jobs: `training` (the training worker), `batch` (the manifold, the
// map, samples, interpolation) and `interactive` (drawing updates, slider decodes). A plan gives
// each a place, {build, backend}.
//
// The menu's "webgpu" puts every job on WebGPU and "cpu"/"flex"/"ndarray" every job on that CPU
// backend. "auto" starts on the CPU (Flex), ready at once, then asks the throw-away check
// (workers/probe.js) to time each job on WebGPU and on the CPU, and gives WebGPU the jobs it won.

import { BACKEND_TEXT } from './content/backend.js';
import { fixed } from './i18n/format.js';
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
    if (!globalThis.navigator?.gpu) return { ok: false, absent: true, reason: { why: 'absent' }, times: null };
    const adapter = await navigator.gpu.requestAdapter().catch(() => null);
    if (!adapter) return { ok: false, absent: true, reason: { why: 'adapter' }, times: null };
    const started = performance.now();
    return new Promise((resolve) => {
      const worker = new Worker(new URL('./workers/probe.js', import.meta.url), { type: 'module' });
      const finish = (result) => {
        clearTimeout(timer);
        worker.terminate();
        resolve({ ...result, seconds: (performance.now() - started) / 1000 });
      };
      const timer = setTimeout(
        () => finish({ ok: false, reason: { why: 'timeout', seconds: CHECK_TIMEOUT_MS / 1000 }, times: null }),
        CHECK_TIMEOUT_MS,
      );
      worker.onmessage = (event) => {
        const measured = accept(PROBE_EVENTS, event.data);
        finish({ ...measured, reason: measured.ok ? null : { why: 'failed', detail: measured.reason } });
      };
      worker.onerror = (event) => {
        event.preventDefault();
        finish({ ok: false, reason: { why: 'failed', detail: event.message }, times: null });
      };
      worker.postMessage(compose(PROBE_COMMANDS, 'measure', { config }));
    });
  })();
  return check;
}

/**
 * The badge for where jobs run (`backends`: the backend name each job's session reports;
 * `threads`: how many threads the CPU computes on): one backend, "WebGPU" or
 * "CPU · Flex (SIMD) · 2 threads" ("· one core" without threads); several,
 * "training, map: WebGPU · drawing: CPU".
 */
export function describePlacement(backends, threads = 1) {
  const T = BACKEND_TEXT;
  const onGpu = JOBS.filter((job) => backends[job] === 'webgpu');
  if (onGpu.length === JOBS.length) return { text: 'WebGPU', gpu: true };
  if (onGpu.length === 0) return { text: T.onCpu({ backend: T.backends[backends.interactive], cores: T.cores(threads) }), gpu: false };
  const onCpu = JOBS.filter((job) => backends[job] !== 'webgpu');
  const names = (jobs) => jobs.map((job) => T.jobs[job]).join(T.listSeparator);
  return { text: T.split({ gpu: names(onGpu), cpu: names(onCpu) }), gpu: true };
}

/** The check's figures, for the badge's title. */
export function describeCheck({ times, seconds }) {
  const T = BACKEND_TEXT;
  const ms = (value) => T.milliseconds(fixed(value, value < 10 ? 2 : 0));
  const pair = (job) => MEASURED_BACKENDS.map((backend) => `${T.backends[backend]} ${ms(times[job][backend])}`).join(T.listSeparator);
  return T.measured({
    seconds: fixed(seconds, 0),
    batchSize: times.batchSize,
    trainStep: pair('trainStep'),
    decode: pair('decode'),
    decodeBatchSize: times.decodeBatchSize,
    decodeBatch: pair('decodeBatch'),
  });
}
