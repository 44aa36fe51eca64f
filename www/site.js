// The site's service worker (www/service-worker.js), from the page: registering it, the one
// reload that makes a page on a header-less host cross-origin isolated, caching for offline use,
// and taking up a new version. Only a build made by `./build.sh dist` has one (www/version.js);
// the development server (tools/serve.py) sends the isolation headers itself.

import { MESSAGES } from './content/messages.js';
import { VERSION } from './version.js';

/** Where the first visit's isolation reload is remembered, so that it happens at most once. */
const RELOAD_KEY = 'vae-wasm.isolation-reload';
const WORKER_URL = new URL('../sw.js', import.meta.url);
const SCOPE_URL = new URL('../', import.meta.url);
/**
 * How long the first visit waits for the worker to cache the site and start (7.8 MB) before the
 * page runs without it: a worker that fails to install (blocked, or a file that cannot be
 * fetched) never starts, and the page must not wait for it forever.
 */
const START_TIMEOUT_MS = 30_000;

/** The service worker's registration, once start() has one. */
let registration = null;

/** Resolves to whether the registration's newest worker starts (true) or fails or takes too long. */
function started(registration) {
  const worker = registration.installing ?? registration.waiting ?? registration.active;
  if (!worker) return Promise.resolve(false);
  if (worker.state === 'activated') return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), START_TIMEOUT_MS);
    worker.addEventListener('statechange', () => {
      if (worker.state !== 'activated' && worker.state !== 'redundant') return;
      clearTimeout(timer);
      resolve(worker.state === 'activated');
    });
  });
}

/** Why the page runs without threads (`{why, detail}`, worded by content/backend.js), unless it is cross-origin isolated anyway. */
const unlessIsolated = (why, detail = null) => (crossOriginIsolated ? null : { why, detail });

/**
 * Registers the service worker and, where the page is not yet cross-origin isolated, reloads
 * it once so that the worker serves it with the headers. Resolves (unless the page reloads) to
 * why the page runs without threads ({why, detail}), or null when it is cross-origin isolated.
 */
export async function start() {
  if (!VERSION) return unlessIsolated('headers');
  if (!('serviceWorker' in navigator)) return unlessIsolated(location.protocol === 'file:' ? 'file' : 'noServiceWorker');
  try {
    registration = await navigator.serviceWorker.register(WORKER_URL, { scope: SCOPE_URL.href });
  } catch (error) {
    return unlessIsolated('refused', error.message);
  }
  // Some blockers (an extension, a test harness) answer without a registration.
  if (!(registration instanceof ServiceWorkerRegistration)) {
    registration = null;
    return unlessIsolated('refused');
  }
  if (crossOriginIsolated) {
    localStorage.removeItem(RELOAD_KEY);
    return null;
  }
  // One try per version: a second failure gives up, never a reload loop.
  if (localStorage.getItem(RELOAD_KEY) === VERSION) return { why: 'notIsolated', detail: null };
  if (!(await started(registration))) return { why: 'notStarted', detail: null };
  localStorage.setItem(RELOAD_KEY, VERSION);
  location.reload();
  return new Promise(() => {});
}

/**
 * Once the page runs: caches the rest of what working offline needs, and watches for a new
 * version. `onCached()` when the site is available offline; `onUpdate(takeOver)` when a
 * new version is ready (calling `takeOver` switches to it; every open page then reloads).
 */
export function watch({ onCached, onUpdate, onError }) {
  if (!registration) return;
  const worker = registration.active ?? registration.waiting ?? registration.installing;
  navigator.serviceWorker.addEventListener('message', (event) => {
    if (event.data?.version !== VERSION) return;
    if (event.data.type === 'cached') onCached();
    else if (event.data.type === 'cache-failed') onError(new Error(MESSAGES.notKeptOffline(event.data.reason)));
  });
  navigator.serviceWorker.startMessages();
  worker?.postMessage({ type: 'cache-visit' });

  // A page that a service worker controls reloads when another takes over: one version at a time.
  if (navigator.serviceWorker.controller) {
    let reloading = false;
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      if (!reloading) location.reload();
      reloading = true;
    });
  }
  const offer = (waiting) => onUpdate(() => waiting.postMessage({ type: 'take-over' }));
  const offerWhenInstalled = (candidate) => {
    candidate.addEventListener('statechange', () => {
      if (candidate.state === 'installed' && navigator.serviceWorker.controller) offer(candidate);
    });
  };
  if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
  if (registration.installing) offerWhenInstalled(registration.installing);
  registration.addEventListener('updatefound', () => offerWhenInstalled(registration.installing));
}

/** The build's version (null outside a build from `./build.sh dist`). */
export { VERSION };
