// The published site (`./build.sh dist`), served as a plain static host serves it (Python's
// http.server: no COOP/COEP): threads through the service worker after one reload, offline after
// one visit (the Learn path too), a new deploy taken up without mixing versions, installable;
// and the share link.

import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, renameSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { build, seal } from '../../tools/dist.mjs';
import { ROOT, drawStrokes, drawingOutputs, openSite, overlap, screenshot } from './harness.mjs';
import { walkWithPointer } from './learn-walk.mjs';

const DIST = join(ROOT, 'dist');
const ONE = [[[140, 40], [140, 240]]];
const SEVEN = [[[70, 50], [210, 50], [120, 240]]];
/** The console's note of a module a service worker refused to serve another version of (HTTP 503). */
const REFUSED = /503/;

/** Counts the page's loads of its own document (the first visit's reload is one). */
function countLoads(page) {
  const loads = { count: 0 };
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() && !frame.url().startsWith('about:')) loads.count += 1;
  });
  return loads;
}

/** Dates every file below `folder` `seconds` back. */
function backdate(folder, seconds) {
  const then = new Date(Date.now() - seconds * 1000);
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) utimesSync(join(entry.parentPath, entry.name), then, then);
  }
}

const ready = (page) => page.waitForSelector('body[data-ready=true]', { timeout: 120_000 });

/** Trains until the status shows a rate (a chunk of steps is done), then pauses. */
async function trainSome(page) {
  await page.click('#train-start');
  await page.waitForFunction(() => /img\/s/.test(document.querySelector('#train-status').textContent), null, { timeout: 180_000 });
  const status = await page.textContent('#train-status');
  await page.click('#train-pause');
  await page.waitForSelector('#train-start:not([disabled])', { timeout: 120_000 });
  return status;
}

before(() => {
  // What `./build.sh dist` writes, from the modules built: the tests never serve a stale folder.
  build(DIST);
});

describe('the published site on a host without COOP/COEP', { timeout: 900_000 }, () => {
  let site;
  let loads;
  before(async () => {
    site = await openSite({
      folder: DIST,
      waitReady: false,
      beforeLoad: (page) => {
        loads = countLoads(page);
      },
    });
    await ready(site.page);
  });
  after(async () => site?.close());

  test('the service worker makes it cross-origin isolated after one reload, and it trains on every core', async () => {
    const { page } = site;
    assert.equal(loads.count, 2, 'the first visit loads the page, then reloads it once');
    assert.equal(await page.evaluate(() => crossOriginIsolated), true);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const badge = await page.textContent('#backend-badge');
    assert.match(badge, new RegExp(cores > 1 ? `${cores} threads` : 'one core'), badge);
    const status = await trainSome(page);
    assert.match(status, /img\/s/);
    // A later visit is isolated from the start: no reload.
    await page.reload();
    await ready(page);
    assert.equal(loads.count, 3);
    assert.equal(await page.evaluate(() => crossOriginIsolated), true);
    assert.deepEqual(site.problems, []);
    console.log(`threads through the service worker: ${badge}; ${status}`);
  });

  test('after one visit it works offline: reload, draw, reconstruct, train, keep the weights', async () => {
    const { page, context } = site;
    await page.waitForSelector('body[data-offline=true]', { timeout: 300_000 });
    // No network at all: the browser is offline, and the host is gone too.
    site.stopServer();
    await context.setOffline(true);
    try {
      await page.reload();
      await ready(page);
      assert.equal(await page.evaluate(() => crossOriginIsolated), true);
      await drawStrokes(page, ONE);
      const one = await drawingOutputs(page);
      assert.ok(overlap(one.input, one.reconstruction) > 0.3, 'the 1 is not reconstructed offline');
      await page.waitForSelector('body[data-map-ready=true]', { timeout: 120_000 });
      const status = await trainSome(page);
      assert.match(status, /img\/s/);
      // Pausing keeps the model in IndexedDB: a reload offline opens it.
      await page.reload();
      await ready(page);
      assert.equal(await page.inputValue('#model-select'), 'saved');
      await screenshot(page, 'site-offline');
      assert.deepEqual(site.problems, []);
    } finally {
      await context.setOffline(false);
    }
  });

  test('offline, the whole Learn path walks as it does online (its files, the Compare view’s models, the training data)', async () => {
    const { page, context } = site;
    await context.setOffline(true);
    try {
      await page.reload();
      await ready(page);
      await walkWithPointer(page);
      assert.deepEqual(site.problems, []);
    } finally {
      await context.setOffline(false);
    }
  });
});

describe('a new deploy', { timeout: 600_000 }, () => {
  let folder;
  let site;
  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'vae-site-'));
    cpSync(DIST, join(folder, 'a'), { recursive: true });
    cpSync(DIST, join(folder, 'b'), { recursive: true });
    // Published later, as a deploy is: the browser revalidates sw.js with If-Modified-Since,
    // which Python's server answers from whole seconds of the files' times, so a's files are
    // dated a minute back.
    backdate(join(folder, 'a'), 60);
    // Version b differs in the page's JS and in the module the page loads on first use.
    appendFileSync(join(folder, 'b', 'www', 'app.js'), '\n// version b\n');
    appendFileSync(join(folder, 'b', 'pkg', 'full', 'vae_wasm.js'), '\n// version b\n');
    seal(join(folder, 'b'));
    symlinkSync('a', join(folder, 'current'));
  });
  after(async () => {
    await site?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const publish = (name) => {
    symlinkSync(name, join(folder, 'next'));
    renameSync(join(folder, 'next'), join(folder, 'current'));
  };
  const version = (page) => page.evaluate(() => window.vaeApp.version);
  const versionOf = (path) => import(join(folder, path, 'www', 'version.js')).then((module) => module.VERSION);

  test('is offered as "a new version is ready", taken up on Reload, and no page mixes versions', async () => {
    const [a, b] = [await versionOf('a'), await versionOf('b')];
    assert.notEqual(a, b);
    // Version a's service worker refusing b's module is the point of the test (503).
    site = await openSite({ folder: join(folder, 'current'), expectedProblems: [REFUSED] });
    const { page } = site;
    assert.equal(await version(page), a);
    await page.waitForSelector('body[data-offline=true]', { timeout: 300_000 });
    publish('b');
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((registration) => registration.update()).then(() => undefined));
    await page.waitForSelector('#update:not([hidden])', { timeout: 120_000 }).catch(async (error) => {
      const state = await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        return { installing: registration.installing?.state, waiting: registration.waiting?.state, active: registration.active?.state, caches: await caches.keys() };
      });
      throw new Error(`${error.message}\nservice worker: ${JSON.stringify(state)}`);
    });
    // Until then the page is version a, and a's service worker will not hand it b's files.
    assert.equal(await version(page), a);
    const late = await page.evaluate(() => fetch('pkg/full/vae_wasm.js').then((response) => response.status));
    assert.equal(late, 503, "version a's page was given version b's module");
    const versions = new Set();
    page.on('response', (response) => {
      const header = response.headers()['x-site-version'];
      if (header) versions.add(header);
    });
    await page.click('#update-reload');
    await page.waitForFunction((want) => window.vaeApp?.version === want && document.body.dataset.ready === 'true', b, { timeout: 120_000 });
    assert.deepEqual([...versions], [b], 'after the reload every file came from version b');
    const caches = await page.evaluate(() => caches.keys());
    assert.deepEqual(caches, [`vae-wasm-${b}`]);
    const status = await page.evaluate(() => fetch('pkg/full/vae_wasm.js').then((response) => response.status));
    assert.equal(status, 200);
    assert.deepEqual(site.problems.filter((problem) => !REFUSED.test(problem)), []);
  });
});

describe('installing', { timeout: 300_000 }, () => {
  test('Chromium reports no installability errors', async () => {
    // A profile on disk: Chromium does not offer to install from an off-the-record context.
    const userDataDir = mkdtempSync(join(tmpdir(), 'vae-install-'));
    const site = await openSite({ folder: DIST, userDataDir });
    try {
      const { page, context } = site;
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
      const cdp = await context.newCDPSession(page);
      const manifest = await cdp.send('Page.getAppManifest');
      assert.deepEqual(manifest.errors, []);
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      assert.deepEqual(installabilityErrors, []);
    } finally {
      await site.close();
      rmSync(userDataDir, { recursive: true, force: true });
    }
  });
});

describe('without a service worker', { timeout: 300_000 }, () => {
  test('where service workers are refused, it runs on one core and the badge says why', async () => {
    // Playwright's block is how this test refuses service workers, and it says so in the console.
    const blocked = /Service Worker registration blocked by Playwright/;
    const site = await openSite({ folder: DIST, context: { serviceWorkers: 'block' }, expectedProblems: [blocked] });
    try {
      const { page } = site;
      assert.equal(await page.evaluate(() => crossOriginIsolated), false);
      assert.match(await page.textContent('#backend-badge'), /one core/);
      assert.match(await page.getAttribute('#backend-badge', 'title'), /service worker/);
      await drawStrokes(page, ONE);
      const one = await drawingOutputs(page);
      assert.ok(overlap(one.input, one.reconstruction) > 0.3);
      assert.deepEqual(site.problems.filter((problem) => !blocked.test(problem)), []);
    } finally {
      await site.close();
    }
  });
});

describe('a link that shares a view', { timeout: 300_000 }, () => {
  let site;
  before(async () => {
    site = await openSite({ context: { permissions: ['clipboard-read', 'clipboard-write'] } });
  });
  after(async () => site?.close());

  test('Copy link makes a link that opens the same model, drawing, latent point and digit', async () => {
    const { page, context, url } = site;
    await page.selectOption('#model-select', 'www/models/cvae-latent2.vaew');
    await page.waitForFunction(() => window.vaeApp.model.config.kind === 'cvae' && window.vaeApp.busy === 0, null, { timeout: 120_000 });
    await drawStrokes(page, SEVEN);
    const drawn = await drawingOutputs(page);
    await page.click('#class-bars button:nth-child(2)');
    await page.waitForFunction(() => window.vaeApp.digits.chosen === 1 && window.vaeApp.busy === 0, null, { timeout: 60_000 });
    await page.locator('#sliders input').first().fill('1.25');
    await page.waitForFunction(() => window.vaeApp.latent[0] === 1.25);
    const latent = await page.evaluate(() => window.vaeApp.latent);
    await page.click('#copy-link');
    await page.waitForFunction(() => location.hash.length > 1);
    const link = await page.evaluate(() => location.href);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
    assert.ok(link.length < url.length + 200, link);

    const other = await context.newPage();
    await other.goto(link);
    await ready(other);
    await other.waitForFunction(() => window.vaeApp.model.config.kind === 'cvae' && window.vaeApp.input && window.vaeApp.busy === 0, null, { timeout: 120_000 });
    const opened = await drawingOutputs(other);
    assert.ok(overlap(opened.input, drawn.input) > 0.9, 'the drawing is not the one shared');
    assert.equal(await other.evaluate(() => window.vaeApp.digits.chosen), 1);
    const restored = await other.evaluate(() => window.vaeApp.latent);
    restored.forEach((value, i) => assert.ok(Math.abs(value - latent[i]) <= 5e-5, `z${i + 1}: ${value} vs ${latent[i]}`));
    assert.equal(await other.isHidden('#message'), true);
    await other.close();
    assert.deepEqual(site.problems, []);
  });

  test('a malformed or hostile link is ignored with a short message, and the page opens as usual', async () => {
    const { context, url } = site;
    const page = await context.newPage();
    const hostile = [
      ['#model=mine&z=0,0', /model: "mine"/],
      ['#model=conv-latent2&z=NaN,1', /z: value 1/],
      ['#model=conv-latent2&z=0,0,0', /z: 3 values, but the model has 2 latent dimensions/],
      ['#model=conv-latent2&ink=!!!', /ink: not base64url/],
      [`#model=conv-latent2&ink=${'A'.repeat(50_000)}`, /too long/],
      ['#%E0%A4%A', /link/],
    ];
    for (const [fragment, message] of hostile) {
      await page.goto('about:blank');
      await page.goto(url + fragment);
      await ready(page);
      await page.waitForSelector('#message:not([hidden])', { timeout: 60_000 });
      const text = await page.textContent('#message');
      assert.match(text, /link/, text);
      assert.match(text, message, text);
      assert.equal(await page.evaluate(() => window.vaeApp.model.config.kind), 'conv');
      assert.equal(await page.evaluate(() => window.vaeApp.input), null);
    }
    await page.close();
  });
});
