// Shared by the page tests: serve the site on a free localhost port, open it in Debian's
// headless Chromium through playwright-core, and record what a test must check afterwards
// (console errors, requests that left the origin).

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
 * collects console errors, page errors and requests to other origins.
 */
export async function openSite({ userDataDir, webgpu = false, isolated = true, folder, context: contextOptions = {}, beforeLoad, waitReady = true, fragment = '' } = {}) {
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
  const watch = (page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
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
  const page = context.pages()[0] ?? (await context.newPage());
  if (context.pages().length === 1) watch(page);
  await beforeLoad?.(page);
  await page.goto(site.url + fragment);
  if (waitReady) await page.waitForSelector('body[data-ready=true]', { timeout: 120_000 });
  return {
    context,
    page,
    url: site.url,
    problems,
    stopServer: () => site.stop(),
    async close() {
      await context.close();
      await context.browser()?.close();
      site.stop();
    },
  };
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
  // Settled: no redraw running, and none started by a frame callback still pending.
  await page.waitForTimeout(100);
  await page.waitForFunction(() => window.vaeApp.busy === 0);
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
