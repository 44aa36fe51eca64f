// A throw-away worker that checks burn's WebGPU backend before the page relies on it: one
// decode and one encode on the GPU, read back. If a kernel fails, burn panics and this
// worker's wasm instance traps; the page sees the worker's error and keeps to the CPU.

import { loadBuild } from './wasm.js';

try {
  const { VaeSession } = await loadBuild('webgpu');
  const session = await VaeSession.create(undefined, 'webgpu');
  const pixels = await session.decode(new Float32Array(session.latentDim()));
  const reconstruction = await session.reconstruct(pixels);
  const finite = [...pixels, ...reconstruction].every(Number.isFinite);
  postMessage(finite ? { ok: true } : { ok: false, reason: 'WebGPU returned non-finite values' });
} catch (error) {
  postMessage({ ok: false, reason: String(error?.message ?? error) });
}
