// Shared by the page tests: serve the site on a free localhost port, open it in Debian's
// headless Chromium through playwright-core, and record what a test must check afterwards
// (console errors, requests that left the origin).

import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, '..', '..');
export const ARTIFACTS = join(HERE, 'artifacts');
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

/** Starts tools/serve.py on a free port; resolves to { url, stop }. */
export function serve() {
  return new Promise((resolve, reject) => {
    const server = spawn('python3', [join(ROOT, 'tools', 'serve.py'), '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    server.once('error', reject);
    server.stdout.once('data', (chunk) => {
      resolve({ url: chunk.toString().trim(), stop: () => server.kill() });
    });
  });
}

/**
 * Opens the site. Returns { browser, context, page, url, problems, close }, where `problems`
 * collects console errors, page errors and requests to other origins.
 */
export async function openSite({ userDataDir, webgpu = false, context: contextOptions = {}, beforeLoad, waitReady = true } = {}) {
  const site = await serve();
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
  await page.goto(site.url);
  if (waitReady) await page.waitForSelector('body[data-ready=true]', { timeout: 120_000 });
  return {
    context,
    page,
    url: site.url,
    problems,
    async close() {
      await context.close();
      await context.browser()?.close();
      site.stop();
    },
  };
}

/** Draws polylines (in pad coordinates, 0–280) with real pointer events. */
export async function drawStrokes(page, strokes) {
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
