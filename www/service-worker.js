// The site's service worker: dist/sw.js is this file after `self.SITE = { version, files }`
// (tools/dist.mjs: every file of the build with its SHA-256, its size and when it is cached).
// Three jobs:
//  - Threads on any static host. Every response it serves carries the headers that make the
//    page cross-origin isolated (COOP/COEP, and CORP), as tools/serve.py sends them; on a host
//    that cannot send them, the page gets shared memory once this worker controls it (one
//    reload on the first visit: www/site.js).
//  - Offline. The site's files are served from this version's cache, filled at install (what
//    the page needs to open), on the page's first visit (training data, the other models, the
//    source) and on first use (pkg/full).
//  - Updates without mixed versions. One cache per version; a file enters it only if its bytes
//    have the hash this version lists (a newer deploy's file is refused, not cached under the
//    old version). A new version waits until the page asks it to take over (its "reload"
//    banner), then every open page reloads.

const { version, files } = self.SITE;
const CACHE_PREFIX = 'vae-wasm-';
const CACHE = `${CACHE_PREFIX}${version}`;
const SCOPE = new URL(self.registration.scope);

/** What makes a page cross-origin isolated: its own opener group, and same-origin resources only. */
const ISOLATION = Object.freeze({
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
});

/** Content types by extension: some hosts send none, or the wrong one, for wasm and manifests. */
const TYPES = Object.freeze({
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  wasm: 'application/wasm',
  webmanifest: 'application/manifest+json',
  json: 'application/json',
  png: 'image/png',
  svg: 'image/svg+xml',
  rs: 'text/plain; charset=utf-8',
});
const typeOf = (path) => TYPES[path.slice(path.lastIndexOf('.') + 1)] ?? 'application/octet-stream';

/** The site's path of a URL in scope: '' (the scope itself) is the page. */
function pathOf(url) {
  const path = decodeURIComponent(url.pathname.slice(SCOPE.pathname.length));
  return path === '' ? 'index.html' : path;
}
const urlOf = (path) => new URL(path, SCOPE).href;

const hex = (buffer) => Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, '0')).join('');

/** A site file from the network, checked against this version's hash. */
async function fetchChecked(path) {
  // Past the HTTP cache: a host's max-age must not hand an old file to a new version.
  const response = await fetch(urlOf(path), { cache: 'reload' });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  const bytes = await response.arrayBuffer();
  if (hex(await crypto.subtle.digest('SHA-256', bytes)) !== files[path].sha256) {
    throw new Error(`${path} on the server is not version ${version}'s: a newer version has been published`);
  }
  return new Response(bytes, { headers: { 'Content-Type': typeOf(path) } });
}

/** A site file from this version's cache; one not cached yet is fetched, checked and cached. */
async function siteFile(cache, path) {
  const cached = await cache.match(urlOf(path));
  if (cached) return cached;
  const response = await fetchChecked(path);
  await cache.put(urlOf(path), response.clone());
  return response;
}

/** Caches the files of one kind (`when`) that are not cached yet. */
async function cacheFiles(when) {
  const cache = await caches.open(CACHE);
  const wanted = Object.keys(files).filter((path) => files[path].when === when);
  await Promise.all(wanted.map((path) => siteFile(cache, path)));
}

/** A response with the isolation headers added. */
function isolated(response) {
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION)) headers.set(name, value);
  headers.set('X-Site-Version', version);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

async function respond(request) {
  const path = pathOf(new URL(request.url));
  if (!files[path]) return isolated(await fetch(request));
  try {
    return isolated(await siteFile(await caches.open(CACHE), path));
  } catch (error) {
    // Offline, or the host already serves another version: say so, and look for it.
    self.registration.update().catch(() => {});
    return new Response(`${error.message}\n`, { status: 503, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
}

self.addEventListener('install', (event) => event.waitUntil(cacheFiles('install')));

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE).map((name) => caches.delete(name)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  // Other origins (none are used) and other methods: the browser's own handling.
  if (event.request.method !== 'GET' || url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  event.respondWith(respond(event.request));
});

self.addEventListener('message', (event) => {
  const { type } = event.data ?? {};
  if (type === 'take-over') {
    self.skipWaiting();
  } else if (type === 'cache-visit') {
    // The rest of what working offline needs, once the page runs; the page hears when it is done.
    const reply = (message) => event.source?.postMessage({ ...message, version });
    event.waitUntil(
      cacheFiles('visit').then(
        () => reply({ type: 'cached' }),
        (error) => reply({ type: 'cache-failed', reason: error.message }),
      ),
    );
  }
});
