// Which build of the crate a worker loads, and loading it. `./build.sh build` makes two from the
// same code:
//   pkg/threads  Flex (WebAssembly SIMD) on every core (rayon over a pool of Web Workers); it
//                needs shared memory, which only a cross-origin isolated page has (COOP/COEP)
//   pkg/full     every backend on one thread: burn's wgpu backend on WebGPU, Flex and ndarray;
//                several times larger. The CPU runs here where the page is not isolated.
// Only workers load a build (the page itself runs no model), and WebGPU only after the
// throw-away check (workers/probe.js) has run on it: a GPU kernel that fails makes burn panic,
// and a panic traps the whole wasm instance.

/** The backends a person can choose, and the build each one needs. */
const BUILD_FOR = Object.freeze({ cpu: 'flex', flex: 'flex', ndarray: 'full', webgpu: 'full' });

/** The build that runs `backend` ("cpu"/"flex", "ndarray" or "webgpu") in this page. */
export function buildFor(backend) {
  const build = BUILD_FOR[backend];
  if (!build) throw new Error(`unknown backend "${backend}"`);
  if (build === 'flex') return globalThis.crossOriginIsolated ? 'threads' : 'full';
  return build;
}

const loaded = new Map();
/** Threads in each loaded module's pool (1: no pool). */
const poolSizes = new WeakMap();

/**
 * Imports and instantiates a build once; resolves to its module (VaeSession and friends). The
 * threaded build starts its pool first, one thread per core, unless `pool` is false (a worker
 * that only converts data runs nothing on it); if it cannot (no shared memory, or the module is
 * not built yet), the single-threaded build stands in.
 */
export function loadBuild(build, { pool = true } = {}) {
  const key = `${build}${pool ? '' : ' without a pool'}`;
  if (!loaded.has(key)) {
    const url = new URL(`../pkg/${build}/vae_wasm.js`, import.meta.url);
    let loading = import(url.href).then(async (module) => {
      await module.default();
      if (module.initThreadPool && pool) {
        const threads = navigator.hardwareConcurrency || 1;
        await module.initThreadPool(threads);
        poolSizes.set(module, threads);
      }
      return module;
    });
    if (build === 'threads') loading = loading.catch(() => loadBuild('full'));
    loaded.set(key, loading);
  }
  return loaded.get(key);
}

/** How many threads a loaded module computes on. */
export function threadsOf(module) {
  return poolSizes.get(module) ?? 1;
}

/**
 * Whether an error is a trap of the wasm instance (a Rust panic, or running out of memory):
 * after one, the instance cannot run anything more, and its worker must be replaced.
 */
export function isTrap(error) {
  return error instanceof WebAssembly.RuntimeError;
}
