// Where the model runs, in words: the header's badge and its title, the WebGPU check's figures
// and why WebGPU is not used. `reason` objects come from backend-plan.js's check: {why, …}.

import { localised } from '../i18n/localised.js';

export const BACKEND_TEXT = localised('backend', {
  backends: { webgpu: 'WebGPU', flex: 'Flex (SIMD)', cpu: 'Flex (SIMD)', ndarray: 'ndarray' },
  jobs: { training: 'training', batch: 'map', interactive: 'drawing' },
  cores: (threads) => (threads > 1 ? `${threads} threads` : 'one core'),
  /** The badge: everything on the CPU, or some jobs on WebGPU and the rest on the CPU. */
  onCpu: ({ backend, cores }) => `CPU · ${backend} · ${cores}`,
  split: ({ gpu, cpu }) => `${gpu}: WebGPU · ${cpu}: CPU`,
  listSeparator: ', ',
  checking: (badge) => `${badge} · checking WebGPU…`,
  notLoaded: 'not loaded',
  loading: 'loading…',

  /** Why WebGPU is not used (a reason of the check). */
  reason: ({ why, seconds, detail }) =>
    ({
      absent: 'this browser has no WebGPU',
      adapter: 'no WebGPU adapter',
      timeout: `the WebGPU check did not finish in ${seconds} s`,
      failed: `burn's WebGPU kernels failed here (${detail || 'the module trapped'})`,
    })[why],
  /** Why the page runs without threads (www/site.js): {why, detail}. */
  withoutThreads: ({ why, detail }) =>
    ({
      headers: 'threads need a cross-origin isolated page (COOP/COEP headers)',
      file: 'the page was opened from a file, where there are no service workers',
      noServiceWorker: 'this browser offers no service worker here (a private window?)',
      refused: `the service worker was refused${detail ? ` (${detail})` : ''}`,
      notIsolated: 'the service worker could not make the page cross-origin isolated',
      notStarted: 'the service worker did not start (blocked, or the site could not be cached)',
    })[why],
  /** The badge's title on the CPU (`withoutThreads` worded). */
  cpuTitle: ({ reason, isolated, withoutThreads }) =>
    `On the CPU in WebAssembly${reason ? ` (not WebGPU: ${reason})` : ''}${isolated ? ', on every core' : `, on one core: ${withoutThreads}`}`,
  /** The badge's title after the check: its figures (formatted). */
  measured: ({ seconds, batchSize, trainStep, decode, decodeBatchSize, decodeBatch }) =>
    [
      `Measured at start (median; the check took ${seconds} s):`,
      `a training step of ${batchSize} images: ${trainStep}`,
      `one decode: ${decode}`,
      `${decodeBatchSize} decodes at once: ${decodeBatch}`,
    ].join('\n'),
  milliseconds: (ms) => `${ms} ms`,

  /** Said once when the page keeps to the CPU. */
  cannotUse: (reason) => `WebGPU cannot be used: ${reason}. Using the CPU instead.`,
  notUsed: (reason) => `WebGPU is not used: ${reason}. Everything runs on the CPU.`,
  couldNotStart: (message) => `WebGPU could not start the model (${message}). Using the CPU instead.`,
});
