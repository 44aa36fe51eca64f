// Shared by the page tests: serve the site on a free localhost port, open it in Debian's
// headless Chromium through playwright-core, and record what a test must check afterwards
// (console errors and warnings of the page and its workers, requests that left the origin).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, '..', '..');
export const ARTIFACTS = join(HERE, 'artifacts');
// The native CLI: where build.sh builds it (the dev profile, optimised: see Cargo.toml) and
// says so in VAE_BIN.
export const VAE = process.env.VAE_BIN ?? join(homedir(), '.cache', 'vae-wasm', 'target-native', 'debug', 'vae');
mkdirSync(ARTIFACTS, { recursive: true });

// No WebGPU flags by default: on Linux, headless Chromium then has no navigator.gpu, and the page
// takes its CPU path, as on browsers without WebGPU. openSite({ webgpu: true }) turns it on.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts tools/serve.py on a free port; `isolated: false` leaves out the COOP/COEP headers. */
export function serve({ isolated = true } = {}) {
  return new Promise((resolve, reject) => {
    const args = [join(ROOT, 'tools', 'serve.py'), '0', ...(isolated ? [] : ['--no-isolation'])];
    const server = spawn('python3', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    server.once('error', reject);
    server.stdout.once('data', (chunk) => {
      resolve({ url: chunk.toString().trim(), stop: () => server.kill() });
    });
  });
}

/**
 * Serves a folder as a plain static host would (Python's http.server: no COOP/COEP, no
 * Cache-Control): `dist/`, as published. The folder's path is resolved on every request, so a
 * symbolic link in it can be switched to publish another build at the same address.
 */
export function serveFolder(folder) {
  return new Promise((resolve, reject) => {
    const args = ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', folder];
    const server = spawn('python3', args, { stdio: ['ignore', 'pipe', 'ignore'] });
    server.once('error', reject);
    let output = '';
    const listen = (chunk) => {
      output += chunk;
      const port = /port (\d+)/.exec(output)?.[1];
      if (!port) return;
      server.stdout.off('data', listen);
      resolve({ url: `http://127.0.0.1:${port}/`, stop: () => server.kill() });
    };
    server.stdout.on('data', listen);
  });
}

/**
 * Opens the site. Returns { browser, context, page, url, problems, close }, where `problems`
 * collects console errors and warnings (the page's and its workers'), page errors and requests
 * to other origins. `beforeLoad(page, url)` runs before the page is opened at `url`. `close()`
 * fails on any problem that matches none of `expectedProblems` (regular expressions), so that no
 * test file lets a console warning pass unseen.
 */
export async function openSite({ userDataDir, webgpu = false, isolated = true, folder, context: contextOptions = {}, beforeLoad, waitReady = true, fragment = '', expectedProblems = [] } = {}) {
  // `folder`: that folder on a plain static host (serveFolder); otherwise the repository.
  const site = await (folder ? serveFolder(folder) : serve({ isolated }));
  // With `webgpu`, Chromium offers WebGPU on SwiftShader (software), as on a machine with a GPU.
  const args = webgpu ? [...CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu'), '--enable-unsafe-webgpu'] : CHROMIUM_ARGS;
  const options = { executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args, headless: true };
  const context = userDataDir
    ? await chromium.launchPersistentContext(userDataDir, { ...options, acceptDownloads: true, viewport: { width: 1280, height: 900 }, ...contextOptions })
    : await (await chromium.launch(options)).newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 }, ...contextOptions });
  const problems = [];
  const origin = new URL(site.url).origin;
  // Chromium's own note of a condition the page handles, not a fault of the page's: without
  // WebGPU (Linux without --enable-unsafe-webgpu), requestAdapter() answers null and says so.
  // With WebGPU on, the same words would mean the adapter went missing: a problem.
  const browserNotes = webgpu ? [] : [/^No available adapters\.$/];
  const watched = new WeakSet();
  const watch = (page) => {
    // A new context's first page comes both as an event and as pages()[0].
    if (watched.has(page)) return;
    watched.add(page);
    explainTimeouts(page);
    page.on('console', (message) => {
      // A warning is the page telling its developers that something is wrong: a test fails on it
      // as on an error.
      if (message.type() === 'warning' && browserNotes.some((note) => note.test(message.text()))) return;
      if (message.type() === 'error' || message.type() === 'warning') {
        const where = message.worker() ? ` (worker ${message.worker().url()})` : '';
        problems.push(`console ${message.type()}${where}: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) {
        problems.push(`request left the origin: ${url}`);
      }
    });
  };
  context.on('page', watch);
  // Tests read the page's canvases through a copy made for reading: reading one canvas of the
  // page's again and again would make Chromium warn (willReadFrequently), a warning of the
  // test's making, not the page's.
  await context.addInitScript(() => {
    window.readPixels_ = (canvas, x = 0, y = 0, width = canvas.width, height = canvas.height) => {
      const copy = new OffscreenCanvas(width, height).getContext('2d');
      copy.drawImage(canvas, x, y, width, height, 0, 0, width, height);
      return copy.getImageData(0, 0, width, height).data;
    };
  });
  const page = context.pages()[0] ?? (await context.newPage());
  if (context.pages().length === 1) watch(page);
  await beforeLoad?.(page, site.url);
  await page.goto(site.url + fragment);
  if (waitReady) await page.waitForSelector('body[data-ready=true]', { timeout: 120_000 });
  return {
    context,
    page,
    url: site.url,
    problems,
    stopServer: () => site.stop(),
    /** Closes everything; throws when the page caused a problem that no test expected. */
    async close() {
      await context.close();
      await context.browser()?.close();
      site.stop();
      const unexpected = problems.filter((problem) => !expectedProblems.some((pattern) => pattern.test(problem)));
      if (unexpected.length) throw new Error(`the page caused problems no test expected:\n${unexpected.join('\n')}`);
    },
  };
}

/** What a person would see of the page's state, for a timeout's message. */
async function pageState(page) {
  return page
    .evaluate(() => {
      const text = (id) => document.getElementById(id)?.textContent?.trim();
      return {
        ready: document.body.dataset.ready,
        message: text('message'),
        training: text('train-status'),
        backend: text('backend-badge'),
        busy: window.vaeApp?.busy,
        model: window.vaeApp?.model?.config,
      };
    })
    .then((state) => JSON.stringify(state), (error) => `(the page could not be read: ${error.message})`);
}

/**
 * Makes every wait of the page's (waitForFunction, waitForSelector) say, when it times out, what
 * it waited for and what the page showed then: "Timeout 60000ms exceeded" alone tells a reader
 * of a red CI nothing.
 */
function explainTimeouts(page) {
  for (const name of ['waitForFunction', 'waitForSelector']) {
    const wait = page[name].bind(page);
    page[name] = async (what, ...rest) => {
      try {
        return await wait(what, ...rest);
      } catch (error) {
        if (error?.name !== 'TimeoutError') throw error;
        const explained = new Error(`${error.message}\n  waited for: ${String(what)}\n  the page then: ${await pageState(page)}`, { cause: error });
        explained.name = error.name;
        throw explained;
      }
    };
  }
}

/**
 * Resolves once the page is idle: two frames drawn (whatever a frame callback starts has started)
 * and no answer awaited from a worker.
 */
export async function settled(page) {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.waitForFunction(() => window.vaeApp.busy === 0, null, { timeout: 60_000 });
}

/** Draws polylines (in pad coordinates, 0–280) with real pointer events. */
export async function drawStrokes(page, strokes) {
  await page.locator('#pad').scrollIntoViewIfNeeded();
  const box = await page.locator('#pad').boundingBox();
  const scale = box.width / 280;
  for (const stroke of strokes) {
    await page.mouse.move(box.x + stroke[0][0] * scale, box.y + stroke[0][1] * scale);
    await page.mouse.down();
    for (const [x, y] of stroke.slice(1)) {
      await page.mouse.move(box.x + x * scale, box.y + y * scale, { steps: 4 });
    }
    await page.mouse.up();
  }
}

/** The app's current input and reconstruction, once they reflect the latest drawing. */
export async function drawingOutputs(page) {
  await page.waitForFunction(() => window.vaeApp.reconstruction !== null);
  await settled(page);
  return page.evaluate(() => ({
    input: Array.from(window.vaeApp.input),
    reconstruction: Array.from(window.vaeApp.reconstruction),
  }));
}

/** Soft overlap of two 28×28 images: Σ min / Σ max, 1 for identical ink. */
export function overlap(a, b) {
  let low = 0;
  let high = 0;
  for (let i = 0; i < a.length; i += 1) {
    low += Math.min(a[i], b[i]);
    high += Math.max(a[i], b[i]);
  }
  return high ? low / high : 0;
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Before the page loads: keeps the main thread's long tasks (over 50 ms) in window.longTasks_. */
export function watchLongTasks(page) {
  return page.addInitScript(() => {
    window.longTasks_ = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.longTasks_.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/**
 * Runs `during()`, counting the frames the page draws meanwhile. Returns { framesPerSecond,
 * seconds, longTasks }: the durations (ms) of the long tasks that began meanwhile, when
 * watchLongTasks was installed.
 */
export async function measureMainThread(page, during) {
  await page.evaluate(() => {
    window.measure_ = { start: performance.now(), frames: 0, on: true };
    const tick = () => {
      if (!window.measure_.on) return;
      window.measure_.frames += 1;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await during();
  return page.evaluate(() => {
    const { start, frames } = window.measure_;
    window.measure_.on = false;
    const seconds = (performance.now() - start) / 1000;
    const longTasks = (window.longTasks_ ?? []).filter((task) => task.start >= start).map((task) => Math.round(task.duration));
    return { framesPerSecond: frames / seconds, seconds, longTasks };
  });
}

/**
 * Runs `during()` under Chromium's tracing and returns the tasks the page's main thread ran
 * meanwhile, each as { cpuMs, wallMs }. A task's CPU time, unlike its wall-clock time (what a
 * "long task" is), does not grow when other processes share the cores: a check on it says what
 * the page's own thread did at once, on a quiet machine or a busy one.
 */
export async function mainThreadTasks(page, during) {
  const browser = page.context().browser();
  await browser.startTracing(page, { categories: ['toplevel'] });
  let trace;
  try {
    await during();
  } finally {
    trace = JSON.parse(await browser.stopTracing());
  }
  const events = trace.traceEvents;
  const mainThreads = new Set(
    events.filter((event) => event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain').map((event) => `${event.pid}:${event.tid}`),
  );
  assert.ok(mainThreads.size > 0, 'the trace names no renderer main thread');
  const tasks = events.filter((event) => event.ph === 'X' && event.name === 'ThreadControllerImpl::RunTask' && mainThreads.has(`${event.pid}:${event.tid}`));
  assert.ok(tasks.some((event) => event.tdur !== undefined), "the trace has no thread time (tdur) for the main thread's tasks");
  // A few tasks come without thread time (no tts, no tdur): in the one run caught (3 of 3,510
  // tasks), each lasted 1 µs, in the middle of the trace, posted by Blink's background URL
  // loader. A task's thread time is at most its wall time, so that stands in for it: the
  // checks on CPU time can only get stricter.
  return tasks.map((event) => ({ cpuMs: (event.tdur ?? event.dur) / 1000, wallMs: event.dur / 1000 }));
}

/** Draws without a pause for `milliseconds`: one stroke round and round a 0, with real pointer events. */
export async function drawContinuously(page, milliseconds) {
  await page.locator('#pad').scrollIntoViewIfNeeded();
  const box = await page.locator('#pad').boundingBox();
  const at = (angle) => [box.x + box.width * (0.5 + 0.22 * Math.sin(angle)), box.y + box.height * (0.5 - 0.35 * Math.cos(angle))];
  const started = Date.now();
  let moves = 0;
  await page.mouse.move(...at(0));
  await page.mouse.down();
  while (Date.now() - started < milliseconds) {
    moves += 1;
    await page.mouse.move(...at(moves * 0.15));
  }
  await page.mouse.up();
  return moves;
}
