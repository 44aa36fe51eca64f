// In-browser profile (`./build.sh profile [--threads]`): where a CPU build spends its time, per
// thread and per Rust function, while it trains (batch 32), while it refines a drawing's q(z|x)
// (the drawing panel's update, 50 steps) and while it decodes one latent point at a time. The build with its function names kept (pkg/profile; with `--threads`,
// pkg/profile-threads: Flex on every core) runs in a worker, as on the page, and Chromium's
// tracing samples every thread: that worker and, with threads, the pool's workers. Prints one
// JSON object per line: the speed (slowed a little by the profiler); per thread, how its time
// splits and the functions with the largest share of its self time; then (unprofiled) the
// forward pass's time against a whole training step's.

import { openSite } from '../tests/page/harness.mjs';

const TOP = 10;
const threaded = process.argv.includes('--threads');
const build = threaded ? 'profile-threads' : 'profile';
const print = (record) => console.log(JSON.stringify({ where: 'browser', build, ...record }));

const site = await openSite();
const { page } = site;
const browser = page.context().browser();
await page.evaluate(() => {
  const worker = new Worker('/tools/profile-worker.js', { type: 'module' });
  window.askProfileWorker = (message) =>
    new Promise((resolve, reject) => {
      worker.onmessage = ({ data }) => (data.error ? reject(new Error(data.error)) : resolve(data));
      worker.postMessage(message);
    });
});
const ask = (message) => page.evaluate((m) => window.askProfileWorker(m), message);
const { threads } = await ask({ build });

/**
 * The CPU profiles in a trace, one per sampled thread: V8 writes each as a `Profile` event on
 * its thread, then `ProfileChunk`s with the new call-tree nodes, samples and time deltas.
 */
function threadProfiles(events) {
  const threadNames = new Map();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args.name);
  }
  const profiles = new Map();
  for (const e of events) {
    const key = `${e.pid}:${e.id}`;
    if (e.name === 'Profile') {
      const thread = threadNames.get(`${e.pid}:${e.tid}`) ?? `thread ${e.tid}`;
      profiles.set(key, { thread, nodes: new Map(), samples: [], deltas: [] });
    } else if (e.name === 'ProfileChunk' && profiles.has(key)) {
      const profile = profiles.get(key);
      const { cpuProfile = {}, timeDeltas = [] } = e.args.data;
      for (const node of cpuProfile.nodes ?? []) profile.nodes.set(node.id, node);
      profile.samples.push(...(cpuProfile.samples ?? []));
      profile.deltas.push(...timeDeltas);
    }
  }
  return [...profiles.values()];
}

/** Self time per function (each sample's time goes to the function on top of its stack). */
function selfTimes({ nodes, samples, deltas }) {
  const times = new Map();
  samples.forEach((id, k) => {
    const name = nodes.get(id)?.callFrame.functionName || '(anonymous)';
    // Rust symbols end in a hash (::h0123…): drop it so that the names read well.
    const readable = name.replace(/::h[0-9a-f]{16}$/, '');
    times.set(readable, (times.get(readable) ?? 0) + Math.max(0, deltas[k] ?? 0));
  });
  return times;
}

const workloads = {
  train: { steps: 60, metric: 'train_images_per_second' },
  refine: { steps: 40, metric: 'refined_update_ms' },
  decode: { steps: 2000, metric: 'decode_ms' },
};

for (const [workload, { steps, metric }] of Object.entries(workloads)) {
  await browser.startTracing(page, { categories: ['disabled-by-default-v8.cpu_profiler'] });
  const { seconds } = await ask({ workload, steps });
  const trace = JSON.parse((await browser.stopTracing()).toString());
  const value = workload === 'train' ? (steps * 32) / seconds : (1000 * seconds) / steps;
  print({ profile: workload, threads, metric, value, note: 'under the profiler' });
  for (const profile of threadProfiles(trace.traceEvents ?? trace)) {
    const times = selfTimes(profile);
    const total = [...times.values()].reduce((sum, t) => sum + t, 0);
    const idle = times.get('(idle)') ?? 0;
    // Threads that ran no model code (the page, the browser's helpers) say nothing here.
    if (total === 0 || total - idle < 0.05 * total) continue;
    const top = [...times.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP)
      .map(([fn, time]) => ({ fn, share: Number((time / total).toFixed(3)) }));
    print({ profile: workload, thread: profile.thread, sampledMs: Math.round(total / 1000), idleShare: Number((idle / total).toFixed(3)), top });
  }
}
const { forwardMs, stepMs } = await ask({ split: true });
print({ metric: 'ms_per_image', forward: forwardMs, trainingStep: stepMs, forwardShare: Number((forwardMs / stepMs).toFixed(3)) });
await site.close();
