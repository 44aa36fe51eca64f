// The page: wires the drawing pad, sliders, latent map, sample views and the training worker to
// a VaeSession of its own (which answers drawing and sliders at once, on the main thread).

import { chooseBuild, loadBuild } from './wasm.js';
import { DrawingPad } from './draw.js';
import { DIGIT_COLOURS, LatentMap, LossChart, axisProjection, clearCanvas, drawImages, principalProjection } from './plots.js';
import * as storage from './storage.js';

const $ = (id) => document.getElementById(id);
const SIDE = 28;
const PIXELS = SIDE * SIDE;
const MAP_POINTS = 3000;
const MANIFOLD_SIDE = 15;
const TRAIN_IMAGES = 60000;

const state = {
  // The loaded build of the crate (see wasm.js) and the page's session on it.
  wasm: null,
  build: null,
  session: null,
  backendChoice: localStorage.getItem('vae-wasm.backend') ?? 'auto',
  latent: [],
  input: null,
  reconstruction: null,
  posterior: null,
  interpolationEnds: [null, null],
  worker: null,
  training: false,
  canContinue: false,
  runEpochs: 1,
  runBatchSize: 32,
  savedAt: 0,
  testData: null,
  // The test digits' posterior means on the map (MAP_POINTS × latentDim), for the PCA plane.
  mapMeans: null,
  // How many redraw tasks are running: 0 means every view shows the current model and drawing.
  busy: 0,
};
// For the page tests and the curious: the live state.
window.vaeApp = state;

function showMessage(text, kind = 'warn') {
  const box = $('message');
  box.textContent = text;
  box.className = `message ${kind === 'error' ? 'error' : ''}`;
  box.hidden = !text;
}

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Runs `task` without overlapping itself; calls made while it runs collapse into one rerun. */
function serialised(task) {
  let running = false;
  let again = false;
  return async function run() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    state.busy += 1;
    try {
      do {
        again = false;
        await task();
      } while (again);
    } catch (error) {
      showMessage(String(error?.message ?? error), 'error');
    } finally {
      running = false;
      state.busy -= 1;
    }
  };
}

// ---------------------------------------------------------------- backend and model

function showBackend() {
  const name = state.session.backend();
  const badge = $('backend-badge');
  badge.textContent = name === 'webgpu' ? 'WebGPU' : `CPU · ${name === 'flex' ? 'Flex (SIMD)' : 'ndarray'}`;
  badge.className = `badge ${name === 'webgpu' ? 'gpu' : 'cpu'}`;
  badge.title = name === 'webgpu' ? 'Running on the GPU through WebGPU' : 'Running on the CPU in WebAssembly';
  $('backend-select').value = state.backendChoice;
}

/**
 * A session on the chosen backend, in the build that backend needs; WebGPU falls back to the
 * CPU (of the same build) with a message.
 */
async function createSession(choice, weights) {
  const { build, backend, note } = await chooseBuild(choice);
  if (note) showMessage(note);
  const wasm = await loadBuild(build);
  let session;
  try {
    session = await wasm.VaeSession.create(undefined, backend);
  } catch (error) {
    if (build !== 'webgpu') throw error;
    session = await wasm.VaeSession.create(undefined, 'cpu');
    showMessage(`WebGPU is not available here (${error.message}); using the CPU instead.`);
  }
  state.wasm = wasm;
  state.build = build;
  if (weights) session.loadWeights(weights);
  if (state.testData) session.loadDataset('test', ...state.testData);
  return session;
}

async function switchBackend(choice) {
  // Marked on the page while it lasts: a WebGPU check can take a while.
  document.body.dataset.switching = 'true';
  try {
    const weights = await state.session.saveWeights();
    const old = state.session;
    state.backendChoice = choice;
    localStorage.setItem('vae-wasm.backend', choice);
    state.session = await createSession(choice, weights);
    old.free();
    showBackend();
    await modelChanged();
  } finally {
    delete document.body.dataset.switching;
  }
}

async function loadModelBytes(bytes, origin) {
  try {
    state.session.loadWeights(bytes);
  } catch (error) {
    showMessage(`Could not load ${origin}: ${error.message}. The current model is unchanged.`, 'error');
    return false;
  }
  await modelChanged();
  return true;
}

async function loadSelectedModel() {
  const choice = $('model-select').value;
  if (choice === 'saved') {
    const saved = await storage.load('model');
    if (saved) await loadModelBytes(new Uint8Array(saved.weights), 'the saved model');
    return;
  }
  await loadModelBytes(await fetchBytes(choice), choice);
}

/** Everything that depends on the weights is redrawn. */
async function modelChanged() {
  const config = state.session.config();
  syncForm(config);
  buildSliders(config.latentDim);
  await Promise.all([refreshMap(), updateProjection(), refreshSamples()]);
  await refreshDrawing();
  await refreshSliders();
}

// ---------------------------------------------------------------- drawing

const pad = new DrawingPad($('pad'), () => refreshDrawing());
/** Gradient steps that refine the encoder's q(z|x) of a drawing: the gain levels off by ~50. */
const REFINE_STEPS = 50;
// Not while training: the page takes new weights every second, and refining the drawing and the
// denoising input each time would keep the main thread busy for a good part of every second.
const refineWaits = () => $('refine').checked && state.training;
const refineSteps = () => ($('refine').checked && !state.training ? REFINE_STEPS : 0);
$('refine').addEventListener('change', () => refreshDrawing());

const refreshDrawing = serialised(async () => {
  const session = state.session;
  if (!session) return;
  if (pad.isEmpty()) {
    state.input = state.reconstruction = state.posterior = null;
    for (const id of ['input-view', 'recon-view', 'noisy-view', 'denoised-view']) clearCanvas($(id));
    $('score').textContent = '–';
    $('score-label').textContent = 'draw something';
    map.posterior = null;
    map.draw();
    return;
  }
  const { data, width, height } = pad.imageData();
  let input;
  try {
    input = state.wasm.preprocessDrawing(new Uint8Array(data.buffer), width, height);
  } catch {
    return; // a stroke too faint to count as ink yet
  }
  const steps = refineSteps();
  const { mean, logVar, reconstruction, elbo, encoderElbo } = await session.infer(input, steps);
  const posterior = { mean, logVar };
  Object.assign(state, { input, reconstruction, posterior });
  drawImages($('input-view'), input, 1);
  drawImages($('recon-view'), reconstruction, 1);
  $('score').textContent = elbo.elbo.toFixed(1);
  const verdict =
    elbo.elbo > -120 ? 'very digit-like' : elbo.elbo > -200 ? 'digit-like' : elbo.elbo > -300 ? 'a bit odd' : 'not much like a digit';
  $('score-label').textContent = steps
    ? `${verdict} · the encoder alone: ${encoderElbo.elbo.toFixed(1)}`
    : refineWaits()
      ? `${verdict} · refinement resumes when training stops`
      : verdict;
  map.posterior = posterior;
  setLatent(Array.from(posterior.mean));
  await refreshDenoise();
});

// ---------------------------------------------------------------- latent sliders and map

function buildSliders(latentDim) {
  const box = $('sliders');
  if (state.latent.length === latentDim && box.children.length === latentDim) return;
  state.latent = new Array(latentDim).fill(0);
  box.replaceChildren();
  for (let i = 0; i < latentDim; i += 1) {
    const label = document.createElement('label');
    const name = document.createElement('span');
    name.textContent = `z${i + 1}`;
    const slider = document.createElement('input');
    Object.assign(slider, { type: 'range', min: -3, max: 3, step: 0.01, value: 0 });
    slider.setAttribute('aria-label', `latent dimension ${i + 1}`);
    const value = document.createElement('output');
    value.textContent = '0.00';
    slider.addEventListener('input', () => {
      state.latent[i] = Number(slider.value);
      value.textContent = state.latent[i].toFixed(2);
      refreshSliders();
    });
    label.append(name, slider, value);
    box.append(label);
  }
  const [dimX, dimY] = [$('dim-x'), $('dim-y')];
  for (const select of [dimX, dimY]) {
    select.replaceChildren(...state.latent.map((_, i) => new Option(`z${i + 1}`, i)));
  }
  dimX.value = 0;
  dimY.value = Math.min(1, latentDim - 1);
  $('dims-row').hidden = latentDim <= 2;
}

/** Whether the map shows the principal plane of the test digits' means (which moves with them). */
function showsPrincipalPlane() {
  return state.latent.length > 2 && $('map-view').value === 'pca';
}

/**
 * The plane the map and manifold show: for latent size 2 the latent plane itself; above that,
 * the principal plane of the test digits' means (once they are encoded) or two chosen dims.
 */
function updateProjection() {
  const latentDim = state.latent.length;
  const principal = showsPrincipalPlane() && state.mapMeans?.length === MAP_POINTS * latentDim;
  $('dim-choice').hidden = principal;
  map.setProjection(
    principal
      ? principalProjection(state.mapMeans, latentDim)
      : axisProjection(latentDim, Number($('dim-x').value), Math.min(Number($('dim-y').value), latentDim - 1)),
  );
  return refreshManifold();
}

function setLatent(values) {
  state.latent = values.slice();
  const sliders = $('sliders').querySelectorAll('label');
  sliders.forEach((label, i) => {
    const clamped = Math.max(-3, Math.min(3, values[i]));
    label.querySelector('input').value = clamped;
    label.querySelector('output').textContent = values[i].toFixed(2);
  });
  refreshSliders();
}

const refreshSliders = serialised(async () => {
  if (!state.session || state.latent.length !== state.session.latentDim()) return;
  const pixels = await state.session.decode(Float32Array.from(state.latent));
  drawImages($('slider-view'), pixels, 1);
  map.marker = state.latent;
  map.draw();
});

const map = new LatentMap($('latent-map'), (x, y) => setLatent(map.moveTo(state.latent, x, y)));
state.map = map;

const refreshMap = serialised(async () => {
  if (!state.testData) return;
  const encoded = await state.session.encodeDataset('test', MAP_POINTS);
  state.mapMeans = encoded.means;
  map.setPoints(encoded, state.session.latentDim());
  // Only the principal plane depends on the means; an axis plane (and its manifold) stands.
  if (showsPrincipalPlane()) updateProjection();
});

for (const select of [$('dim-x'), $('dim-y'), $('map-view')]) select.addEventListener('change', updateProjection);

$('legend').append(
  ...DIGIT_COLOURS.map((colour, digit) => {
    const item = document.createElement('span');
    const dot = document.createElement('i');
    dot.style.background = colour;
    item.append(dot, String(digit));
    return item;
  }),
);

// ---------------------------------------------------------------- manifold, samples, interpolation, denoising

const refreshManifold = serialised(async () => {
  const latentDim = state.session.latentDim();
  const { origin, u, v } = map.projection;
  if (u.length !== latentDim) return;
  // origin + x·u + y·v over [-3, 3]² of the plane the map shows.
  const latents = new Float32Array(MANIFOLD_SIDE * MANIFOLD_SIDE * latentDim);
  for (let row = 0; row < MANIFOLD_SIDE; row += 1) {
    for (let col = 0; col < MANIFOLD_SIDE; col += 1) {
      const x = -3 + (6 * col) / (MANIFOLD_SIDE - 1);
      const y = 3 - (6 * row) / (MANIFOLD_SIDE - 1);
      const at = (row * MANIFOLD_SIDE + col) * latentDim;
      for (let k = 0; k < latentDim; k += 1) latents[at + k] = origin[k] + x * u[k] + y * v[k];
    }
  }
  drawImages($('manifold'), await state.session.decodeBatch(latents), MANIFOLD_SIDE * MANIFOLD_SIDE, MANIFOLD_SIDE);
});

const refreshSamples = serialised(async () => {
  drawImages($('samples'), await state.session.sample(64), 64, 8);
});

const refreshInterpolation = serialised(async () => {
  const [a, b] = state.interpolationEnds;
  if (!a || !b) return;
  drawImages($('interpolation'), await state.session.interpolate(a, b, 10), 10, 10);
});

const refreshDenoise = serialised(async () => {
  if (!state.input) return;
  const level = Number($('noise').value);
  // Salt-and-pepper noise: each pixel is replaced by a random one with probability `level`.
  const noisy = state.input.map((v) => (Math.random() < level ? Math.random() : v));
  drawImages($('noisy-view'), noisy, 1);
  const { reconstruction } = await state.session.infer(noisy, refineSteps());
  drawImages($('denoised-view'), reconstruction, 1);
});

// ---------------------------------------------------------------- training

const chart = new LossChart($('loss-chart'));
chart.draw();

function readForm() {
  const form = new FormData($('train-form'));
  return {
    config: {
      kind: form.get('kind'),
      latentDim: Number(form.get('latentDim')),
      beta: Number(form.get('beta')),
      learningRate: Number(form.get('learningRate')),
      batchSize: Number(form.get('batchSize')),
      seed: Math.floor(Math.random() * 2 ** 31),
    },
    epochs: Number(form.get('epochs')),
  };
}

function syncForm(config) {
  const form = $('train-form');
  form.kind.value = config.kind;
  form.latentDim.value = config.latentDim;
}

function setTraining(training) {
  state.training = training;
  $('train-start').disabled = training;
  $('train-pause').disabled = !training;
  $('train-reset').disabled = training;
  $('upload').disabled = training;
  $('backend-select').disabled = training;
  $('model-select').disabled = training;
  $('train-form').querySelectorAll('input, select').forEach((input) => (input.disabled = training));
  if (!training) refreshDrawing(); // refined again (refineSteps)
}

function startWorker() {
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = (event) => onWorkerMessage(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    worker.terminate();
    state.worker = null;
    state.canContinue = false;
    setTraining(false);
    const reason = event.message || 'unknown error';
    if (state.build !== 'webgpu') {
      showMessage(`The training worker crashed (${reason}). Your model is intact; press Start to restart it.`, 'error');
      return;
    }
    // A failing GPU kernel (or a lost device) traps the worker's module: carry on on the CPU
    // with the weights the page already holds.
    switchBackend('cpu')
      .then(startTraining)
      .then(() => showMessage(`WebGPU failed during training (${reason}). Switched to the CPU with your model intact; training continues there.`))
      .catch((error) => showMessage(String(error?.message ?? error), 'error'));
  };
  return worker;
}

async function startTraining() {
  showMessage('');
  const { config, epochs } = readForm();
  const current = state.session.config();
  const sameArchitecture = current.kind === config.kind && current.latentDim === config.latentDim;
  if (!sameArchitecture) {
    // A different architecture cannot continue from these weights: start from scratch.
    state.session.reset(config);
    await modelChanged();
  }
  state.worker ??= startWorker();
  state.runEpochs = epochs;
  state.runBatchSize = config.batchSize;
  setTraining(true);
  const continueRun = state.canContinue;
  if (!continueRun) chart.reset();
  const weights = continueRun ? undefined : (await state.session.saveWeights()).buffer;
  $('train-status').textContent = continueRun ? 'Resuming…' : 'Starting the worker and loading MNIST (11 MB)…';
  state.worker.postMessage(
    { type: 'start', build: state.build, backend: state.session.backend(), config, epochs, weights, continueRun },
    weights ? [weights] : [],
  );
}

async function adoptWeights(buffer, persist) {
  state.session.loadWeights(new Uint8Array(buffer));
  refreshSamples();
  refreshManifold();
  refreshDrawing();
  refreshSliders();
  if (persist || Date.now() - state.savedAt > 10000) await persistModel(new Uint8Array(buffer));
}

async function persistModel(weights) {
  state.savedAt = Date.now();
  try {
    await storage.save('model', { weights: weights.buffer.slice(0), savedAt: new Date().toISOString() });
    $('model-select').querySelector('option[value=saved]').disabled = false;
  } catch (error) {
    const reason = error?.name === 'QuotaExceededError' ? 'the browser storage is full' : String(error?.message ?? error);
    showMessage(`The trained model could not be saved in this browser (${reason}). Use “Download weights” to keep it.`);
  }
}

let trainStarted = 0;

async function onWorkerMessage(message) {
  switch (message.type) {
    case 'ready':
      trainStarted = performance.now();
      $('train-status').textContent = `Training on ${message.backend}…`;
      break;
    case 'progress': {
      const r = message.report;
      const fraction = Math.min(1, r.epochsDone / state.runEpochs);
      $('progress').value = fraction;
      const elapsed = (performance.now() - trainStarted) / 1000;
      const remainingImages = Math.max(0, (state.runEpochs - r.epochsDone) * TRAIN_IMAGES);
      const eta = remainingImages / Math.max(1, r.imagesPerSecond);
      $('train-status').textContent =
        `epoch ${(r.epochsDone).toFixed(2)} / ${state.runEpochs} · ${(r.totalSteps * state.runBatchSize).toLocaleString()} images · ` +
        `${r.imagesPerSecond.toFixed(0)} img/s · loss ${r.objective.toFixed(1)} (recon ${r.losses.reconstruction.toFixed(1)}, KL ${r.losses.kl.toFixed(2)}) · ` +
        `ETA ${formatSeconds(eta)} · ${formatSeconds(elapsed)} elapsed`;
      chart.add(r.epochsDone, r.objective, r.losses.reconstruction, r.losses.kl);
      break;
    }
    case 'weights':
      await adoptWeights(message.weights, message.final);
      break;
    case 'epoch': {
      chart.addTest(message.epoch, -message.test.elbo);
      const item = document.createElement('li');
      item.textContent = `epoch ${message.epoch}: test ELBO ${message.test.elbo.toFixed(2)} (recon ${message.test.reconstruction.toFixed(2)}, KL ${message.test.kl.toFixed(2)})`;
      $('epoch-log').append(item);
      drawImages($('train-samples'), message.samples, 64, 8);
      break;
    }
    case 'stopped':
      setTraining(false);
      state.canContinue = message.reason === 'paused';
      $('train-start').textContent = state.canContinue ? 'Resume' : 'Start';
      $('train-status').textContent += message.reason === 'paused' ? ' · paused' : ' · finished';
      break;
    case 'error':
      setTraining(false);
      state.canContinue = false;
      $('train-start').textContent = 'Start';
      if (message.weights) await adoptWeights(message.weights, true);
      showMessage(`Training stopped: ${message.message}`, 'error');
      break;
    default:
      break;
  }
}

function formatSeconds(seconds) {
  if (!Number.isFinite(seconds)) return '–';
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return m ? `${m} min ${s} s` : `${s} s`;
}

// ---------------------------------------------------------------- controls

$('clear').addEventListener('click', () => pad.clear());
$('undo').addEventListener('click', () => pad.undo());
$('resample').addEventListener('click', () => refreshSamples());
$('noise').addEventListener('input', () => {
  $('noise-value').textContent = Number($('noise').value).toFixed(2);
  refreshDenoise();
});
$('set-a').addEventListener('click', () => {
  if (state.input) state.interpolationEnds[0] = state.input;
  refreshInterpolation();
});
$('set-b').addEventListener('click', () => {
  if (state.input) state.interpolationEnds[1] = state.input;
  refreshInterpolation();
});
$('train-start').addEventListener('click', () => startTraining().catch((e) => { setTraining(false); showMessage(String(e?.message ?? e), 'error'); }));
$('train-pause').addEventListener('click', () => state.worker?.postMessage({ type: 'pause' }));
$('train-reset').addEventListener('click', async () => {
  try {
    state.session.reset(readForm().config);
  } catch (error) {
    showMessage(error.message, 'error');
    return;
  }
  state.canContinue = false;
  $('train-start').textContent = 'Start';
  chart.reset();
  $('epoch-log').replaceChildren();
  await modelChanged();
});
$('download').addEventListener('click', async () => {
  const weights = await state.session.saveWeights();
  const config = state.session.config();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([weights], { type: 'application/octet-stream' }));
  link.download = `vae-${config.kind}-latent${config.latentDim}.vaew`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
});
$('upload').addEventListener('change', async (event) => {
  const file = event.target.files[0];
  event.target.value = '';
  if (!file) return;
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (await loadModelBytes(bytes, `“${file.name}”`)) {
    state.canContinue = false;
    showMessage('');
    await persistModel(bytes);
  }
});
$('backend-select').addEventListener('change', (event) => {
  state.canContinue = false;
  switchBackend(event.target.value).catch((e) => showMessage(String(e?.message ?? e), 'error'));
});
$('model-select').addEventListener('change', () => {
  state.canContinue = false;
  loadSelectedModel().catch((e) => showMessage(String(e?.message ?? e), 'error'));
});

// ---------------------------------------------------------------- start-up

async function boot() {
  try {
    state.wasm = await loadBuild((await chooseBuild(state.backendChoice)).build);
  } catch (error) {
    showMessage(`The WebAssembly module failed to load (${error.message}). This page needs a browser with WebAssembly SIMD (Chrome 91+, Firefox 89+, Safari 16.4+).`, 'error');
    $('backend-badge').textContent = 'not loaded';
    return;
  }
  const saved = await storage.load('model').catch(() => undefined);
  let weights = null;
  if (saved) {
    try {
      state.wasm.weightsConfig(new Uint8Array(saved.weights));
      weights = new Uint8Array(saved.weights);
      $('model-select').querySelector('option[value=saved]').disabled = false;
      $('model-select').value = 'saved';
    } catch {
      showMessage('The model saved in this browser could not be read; starting from the pretrained one.');
    }
  }
  weights ??= await fetchBytes($('model-select').value);
  state.session = await createSession(state.backendChoice, weights);
  showBackend();
  buildSliders(state.session.latentDim());
  syncForm(state.session.config());
  // The first decoded image comes before the heavier views (samples, manifold): the page is
  // ready when it shows one, and `./build.sh bench` times navigation to this mark.
  await refreshSliders();
  performance.mark('vae:ready');
  document.body.dataset.ready = 'true';
  updateProjection();
  refreshSamples();
  // The test split (1.6 MB) feeds the latent map; the page works before it arrives.
  const data = await Promise.all([fetchBytes('www/data/t10k-images-idx3-ubyte.gz'), fetchBytes('www/data/t10k-labels-idx1-ubyte.gz')]);
  state.testData = data;
  state.session.loadDataset('test', ...data);
  await refreshMap();
  document.body.dataset.mapReady = 'true';
}

boot().catch((error) => showMessage(`Start-up failed: ${error?.message ?? error}`, 'error'));
