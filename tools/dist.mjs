// `./build.sh dist`: the site as one folder that any static host serves as it is (copy it;
// nothing else). Usage: node tools/dist.mjs [OUT]   (default dist/)
//
// It copies the page, www/, the two modules `./build.sh build` made (pkg/threads, pkg/full),
// the crate's source (the Inside view shows it) and writes the service worker, dist/sw.js: the
// worker's code (www/service-worker.js) after a list of every file with its SHA-256, and the
// build's version (a hash of that list). The page learns the version from www/version.js.
// A version is its files: the same files give the same version, and any change a new one, so
// that a browser picks up a new deploy, and a page never mixes files of two versions.

import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** What the site is made of, relative to the repository. */
const SOURCES = ['index.html', 'www', 'pkg/threads', 'pkg/full', 'src'];
/** Written by sealing; never listed in the version (the worker is the list, version.js names it). */
const WORKER = 'sw.js';
const VERSION_MODULE = 'www/version.js';

/**
 * When the service worker caches each file: at `install` (before the first visit's reload:
 * what opening the page, drawing and the map need), on the first `visit` once the page runs
 * (training data, the other models, the source for the Inside view), or on first `use` (the
 * module with every backend, 38 MB, only loaded for WebGPU or ndarray).
 */
export function whenCached(path) {
  if (path.startsWith('pkg/full/')) return 'use';
  if (path.startsWith('src/') || path.startsWith('www/data/train-')) return 'visit';
  if (path.startsWith('www/models/') && path !== 'www/models/conv-latent2.vaew') return 'visit';
  return 'install';
}

/**
 * Files the site does not need: TypeScript declarations (pkg/), the models' training cards, and
 * the service worker's source (it is sw.js).
 */
const unneeded = (path) =>
  path.endsWith('.d.ts') || (path.startsWith('www/models/') && path.endsWith('.json')) || path === 'www/service-worker.js';

/** Every file under `dir`, as paths relative to it with forward slashes. */
function filesUnder(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path, base) : [relative(base, path).split(sep).join('/')];
  });
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/**
 * Writes the version and the service worker for the files in `dir` (after a copy, or after a
 * test changed one). Returns `{ version, files }`.
 */
export function seal(dir) {
  const hashOf = (path) => sha256(readFileSync(join(dir, path)));
  const content = filesUnder(dir).filter((path) => path !== WORKER && path !== VERSION_MODULE);
  const hashes = Object.fromEntries(content.map((path) => [path, hashOf(path)]));
  const version = sha256(
    Object.keys(hashes)
      .sort()
      .map((path) => `${hashes[path]}  ${path}\n`)
      .join(''),
  ).slice(0, 16);
  writeFileSync(join(dir, VERSION_MODULE), `// Written by tools/dist.mjs: this build's version (its files' hash).\nexport const VERSION = '${version}';\n`);
  // The version module is listed too (it is a file of the site), after it is written.
  hashes[VERSION_MODULE] = hashOf(VERSION_MODULE);
  const files = Object.fromEntries(
    Object.keys(hashes)
      .sort()
      .map((path) => [path, { sha256: hashes[path], bytes: statSync(join(dir, path)).size, when: whenCached(path) }]),
  );
  const worker = readFileSync(join(ROOT, 'www', 'service-worker.js'), 'utf8');
  writeFileSync(join(dir, WORKER), `self.SITE = ${JSON.stringify({ version, files })};\n\n${worker}`);
  return { version, files };
}

/** Copies the site into `out` (emptied first) and seals it. */
export function build(out) {
  for (const module of ['pkg/threads/vae_wasm_bg.wasm', 'pkg/full/vae_wasm_bg.wasm']) {
    if (!existsSync(join(ROOT, module))) throw new Error(`${module} is missing: run ./build.sh build first`);
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const source of SOURCES) {
    cpSync(join(ROOT, source), join(out, source), {
      recursive: true,
      filter: (path) => !unneeded(relative(ROOT, path).split(sep).join('/')),
    });
  }
  return seal(out);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? join(ROOT, 'dist');
  const { version, files } = build(out);
  const total = Object.values(files).reduce((sum, file) => sum + file.bytes, 0);
  const at = (when) => Object.values(files).filter((file) => file.when === when).reduce((sum, file) => sum + file.bytes, 0);
  const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
  console.log(
    `${relative(process.cwd(), out) || '.'}: version ${version}, ${Object.keys(files).length} files, ${mb(total)} ` +
      `(cached at install ${mb(at('install'))}, on the first visit ${mb(at('visit'))}, on use ${mb(at('use'))})`,
  );
}
