// Timing of model calls: used by the WebGPU check (workers/probe.js) and by tools/bench.mjs.

/**
 * Runs `call` once to warm up (the first run compiles GPU kernels and fills caches), then up to
 * `most` times more, stopping early once `budgetMs` has passed (after at least one): their
 * durations in milliseconds.
 */
export async function timeCalls(call, most, budgetMs) {
  await call();
  const times = [];
  const started = performance.now();
  while (times.length < most && (times.length === 0 || performance.now() - started < budgetMs)) {
    const t = performance.now();
    await call();
    times.push(performance.now() - t);
  }
  return times;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
