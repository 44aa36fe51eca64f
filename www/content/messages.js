// What the page tells the person in its message line and status notes: the model's workers,
// loading and keeping weights, the share link, the site's offline copy. Errors' own words (a
// refusal from the crate, a browser's error) come in as `message` and are quoted.

import { localised } from '../i18n/localised.js';

export const MESSAGES = localised('messages', {
  workerStopped: 'the worker stopped',
  restartFailed: ({ reason, message }) => `${reason}; restarting failed: ${message}`,
  workerRestarted: (reason) => `The model's worker stopped (${reason}). It was restarted with your last weights.`,
  workerGivesUp: (reason) => `The model's worker keeps stopping (${reason}). Reload the page to start again.`,
  trainingCrashed: (reason) => `The training worker crashed (${reason}). Your model is intact; press Start to restart it.`,
  webgpuFailedTraining: (reason) => `WebGPU failed during training (${reason}). Switched to the CPU with your model intact; training continues there.`,

  /** What the model in use was trained on (`data`: the dataset panel's description). */
  trainedOn: (data) => `The model in use was trained on ${data}.`,
  storageFull: 'the browser storage is full',
  notSaved: (reason) => `The trained model could not be saved in this browser (${reason}). Use “Download weights” to keep it.`,
  savedModel: 'the saved model',
  couldNotLoad: ({ origin, message }) => `Could not load ${origin}: ${message}. The current model is unchanged.`,
  loadedFile: ({ name, data }) => `Loaded “${name}”: a model trained on ${data}.`,
  savedUnreadable: 'The model saved in this browser could not be read; starting from the pretrained one.',
  pretrainedUnreadable: 'the pretrained model could not be loaded',
  moduleFailed: (message) =>
    `The WebAssembly module failed to load (${message}). This page needs a browser with WebAssembly SIMD (Chrome 91+, Firefox 89+, Safari 16.4+).`,
  startupFailed: (message) => `Start-up failed: ${message}`,

  /** The share link. */
  linkNeedsShippedModel: 'A link opens one of the shipped models; share a model trained here as a file (“Download weights”).',
  linkCopied: 'Link copied: it opens this model, your drawing and this latent point (never weights).',
  copyThisLink: (url) => `Copy this link: ${url}`,
  linkNotOpened: (message) => `The link was not opened (${message}); the page opened as usual.`,

  /** The Inside view's Rust, when its source file cannot be fetched. */
  sourceNotShown: (message) => `The source could not be shown: ${message}`,
  sourceWhere: ({ file, first, last }) => `${file}, lines ${first}–${last}`,

  /** The site kept for offline use. */
  offline: (version) => `Works offline: this version (${version}) is kept in this browser.`,
  notKeptOffline: (reason) => `Not all of the site could be kept for offline use: ${reason}`,
});
