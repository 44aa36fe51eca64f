// Which build of the crate to load. `./build.sh build` makes two from the same code:
//   pkg/cpu     Flex + ndarray (WebAssembly SIMD): small, so the page is ready at once
//   pkg/webgpu  the same plus burn's wgpu backend on WebGPU: several times larger
// A page or worker loads only the build its backend needs, and WebGPU is used only after it
// has proved itself: a GPU kernel that fails makes burn panic, and a panic traps the whole
// wasm instance, so the proof runs in a throw-away worker (probe.js), never in the page.

/** The backend choices the page offers, and the build each one needs. */
const BUILD_FOR = { cpu: 'cpu', flex: 'cpu', ndarray: 'cpu', webgpu: 'webgpu' };
const PROBE_TIMEOUT_MS = 30_000;

let probe = null;

/**
 * Whether burn's WebGPU backend works in this browser: resolves to { ok, reason }. Runs once
 * per page (or worker); immediate where there is no `navigator.gpu` (no secure context, or
 * no WebGPU).
 */
export function probeWebGpu() {
  probe ??= (async () => {
    if (!globalThis.navigator?.gpu) return { ok: false, reason: 'this browser has no WebGPU' };
    const adapter = await navigator.gpu.requestAdapter().catch(() => null);
    if (!adapter) return { ok: false, reason: 'no WebGPU adapter' };
    return new Promise((resolve) => {
      const worker = new Worker(new URL('./probe.js', import.meta.url), { type: 'module' });
      const finish = (result) => {
        clearTimeout(timer);
        worker.terminate();
        resolve(result);
      };
      const timer = setTimeout(() => finish({ ok: false, reason: 'the WebGPU check did not finish' }), PROBE_TIMEOUT_MS);
      worker.onmessage = (event) => finish(event.data);
      worker.onerror = (event) => {
        event.preventDefault();
        finish({ ok: false, reason: `burn's WebGPU kernels failed here (${event.message || 'the module trapped'})` });
      };
    });
  })();
  return probe;
}

/**
 * For a backend choice: the build to load, the backend to create in it, and a note for the
 * person when WebGPU was wanted but cannot be used. "auto" means WebGPU where it works, else
 * the CPU.
 */
export async function chooseBuild(choice) {
  if (choice !== 'auto' && !BUILD_FOR[choice]) throw new Error(`unknown backend "${choice}"`);
  if (choice !== 'auto' && BUILD_FOR[choice] === 'cpu') return { build: 'cpu', backend: choice, note: null };
  const gpu = await probeWebGpu();
  if (gpu.ok) return { build: 'webgpu', backend: 'webgpu', note: null };
  const note = choice === 'webgpu' ? `WebGPU cannot be used: ${gpu.reason}. Using the CPU instead.` : null;
  return { build: 'cpu', backend: 'cpu', note };
}

const loaded = new Map();

/** Imports and instantiates a build once; resolves to its module (VaeSession and friends). */
export function loadBuild(build) {
  if (!loaded.has(build)) {
    const url = new URL(`../pkg/${build}/vae_wasm.js`, import.meta.url);
    loaded.set(
      build,
      import(url.href).then(async (module) => {
        await module.default();
        return module;
      }),
    );
  }
  return loaded.get(build);
}
