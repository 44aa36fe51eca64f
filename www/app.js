// The page: panels and events. The model runs in workers (model-client.js, training-client.js);
// this thread sends them requests and draws their answers, so drawing never waits on the model.

import { planOn } from './backend-plan.js';
import { BackendSwitch, wantsWebGpu } from './backend-switch.js';
import { MESSAGES as M } from './content/messages.js';
import { TRAINING_TEXT } from './content/training.js';
import { fetchBytes } from './data.js';
import { say } from './i18n/say.js';
import { showError, showMessage } from './message-line.js';
import { ModelClient } from './model-client.js';
import { AnomalyPanel } from './panels/anomaly.js';
import { ComparePanel } from './panels/compare.js';
import { CompletionPanel } from './panels/completion.js';
import { DatasetPanel, describeRecord } from './panels/dataset.js';
import { DrawingPanel } from './panels/drawing.js';
import { InsidePanel } from './panels/inside.js';
import { LearnPage } from './learn/page.js';
import { LearnPath } from './learn/path.js';
import { LatentPanel } from './panels/latent.js';
import { SamplesPanel } from './panels/samples.js';
import { TrainingPanel } from './panels/training.js';
import { startLanguage } from './language-switch.js';
import { ShareLink } from './share-link.js';
import * as site from './site.js';
import { showSiteStatus } from './site-status.js';
import * as storage from './storage.js';

const $ = (id) => document.getElementById(id);
/** While training, the model is saved in this browser at most this often (and when it stops). */
const SAVE_EVERY_MS = 10_000;

// The page's language first: the panels word themselves in it as they start.
startLanguage();

// ---------------------------------------------------------------- the model and its panels

const model = new ModelClient({
  onRestart: (reason) => {
    showMessage(() => M.workerRestarted(reason));
    modelChanged().catch(showError);
  },
  onGiveUp: (reason) => showMessage(() => M.workerGivesUp(reason), 'error'),
});
const backend = new BackendSwitch(model, { onPlan: () => compare.usePlan(), redraw: () => modelChanged(), notify: showMessage });

const latent = new LatentPanel(model, { onPlane: () => inside.planeChanged(), onError: showError });
const inside = new InsidePanel(model, {
  latentMap: latent.map,
  pickTestDigit: () => latent.pickTestDigit(),
  onSubject: (index) => latent.highlight(index),
  onError: showError,
});
const drawing = new DrawingPanel(model, {
  onDrawn: (drawn) => {
    latent.setPosterior(drawn?.posterior ?? null);
    samples.setInput(drawn?.input ?? null, drawn?.label ?? null);
    inside.setDrawing(drawn?.input ?? null, drawn?.label ?? null);
    compare.drawingChanged().catch(showError);
    anomaly.setImage(drawn);
    completion.setImage(drawn);
  },
  onError: showError,
});
const anomaly = new AnomalyPanel(model, { subjectWords: () => drawing.subjectWords(), onError: showError });
const completion = new CompletionPanel(model, { subjectWords: () => drawing.subjectWords(), onError: showError });
const compare = new ComparePanel(model, { plan: () => backend.plan, drawing: () => ({ input: drawing.input }), onError: showError });
const samples = new SamplesPanel(model, { refineSteps: () => drawing.refineSteps(), onError: showError });
const training = new TrainingPanel(model, {
  place: () => backend.plan.training,
  onWeights: (buffer, final) => adoptWeights(buffer, final).catch(showError),
  onModelChanged: () => modelChanged(),
  onRunning: (running) => {
    for (const id of ['upload', 'backend-select', 'model-select']) $(id).disabled = running;
    // Test digits' typical scores are measured again when the run stops, not every second.
    drawing.holdRange = running;
    anomaly.setHold(running);
    dataset.setLocked(running);
  },
  onCrash: trainingCrashed,
  onRunEnded: (run) => compare.addRun(run).catch(showError),
  notify: showMessage,
  onError: showError,
  plane: () => latent.map,
});

const learn = new LearnPath(new LearnPage({ model, drawing, inside, latent, compare, training }));
const dataset = new DatasetPanel({ onUse: (brought) => useData(brought), notify: showMessage });

/**
 * Training, the map and the Inside view's test images use a brought dataset, or MNIST again
 * (null). The views' workers take the test split first: if they refuse it, nothing changed.
 */
async function useData(brought) {
  const test = brought && { pixels: brought.test.pixels, labels: brought.test.labels, record: brought.record };
  const count = await model.useData(test);
  training.useData(brought);
  const names = brought ? (brought.test.labels ? brought.labelNames : []) : null;
  latent.setLabelNames(names ?? [...Array(10).keys()].map(String));
  inside.setTestSet(brought && { count, names });
  drawing.setTestSet(brought && { count, names });
  await Promise.all([latent.refreshMap(), inside.modelChanged()]);
}

/** Everything that depends on the weights is redrawn. */
async function modelChanged() {
  const { config } = model;
  training.form.syncForm(config);
  showTrainedOn();
  drawing.modelChanged();
  latent.modelChanged();
  latent.build(config.latentDim);
  // All at once: the worker answers the drawing and the sliders before the batch jobs.
  await Promise.all([
    drawing.refresh(),
    inside.modelChanged(),
    compare.inUseChanged(),
    anomaly.modelChanged(),
    completion.modelChanged(),
    latent.refreshSliders(),
    latent.refreshMap(),
    latent.updateProjection(),
    samples.refreshSamples(),
    samples.refreshInterpolation(),
  ]);
}

/** What the model in use was trained on, from its weights (a run's weights say the run's data). */
function showTrainedOn() {
  const record = model.trainedOn;
  say($('trained-on'), () => M.trainedOn(describeRecord(record)));
}

/** Weights from the training worker: the views follow them, and the browser keeps them. */
async function adoptWeights(buffer, final) {
  const before = model.latentDim;
  const config = await model.loadWeights(buffer);
  // The menu names the model in use: the one just trained here.
  say($('model-select').querySelector('option[value=saved]'), () => TRAINING_TEXT.trainedModel(config));
  $('model-select').value = 'saved';
  if (config.latentDim !== before) {
    await modelChanged();
  } else {
    samples.refreshSamples();
    latent.refreshManifold();
    drawing.refresh();
    inside.refresh();
    latent.refreshSliders();
    // The map (3,000 test digits) only when a run stops: it is the slowest view to redraw.
    if (final) {
      latent.refreshMap();
      compare.inUseChanged().catch(showError);
      anomaly.modelChanged();
      completion.modelChanged();
    }
    showTrainedOn();
  }
  if (final || Date.now() - savedAt > SAVE_EVERY_MS) await persistModel();
}

// ---------------------------------------------------------------- the model in use, and keeping it

let savedAt = 0;

async function persistModel() {
  savedAt = Date.now();
  try {
    // A copy: the page's buffer moves to the workers with the next weights.
    await storage.save('model', { weights: model.weights.slice(0), savedAt: new Date().toISOString() });
    $('model-select').querySelector('option[value=saved]').disabled = false;
  } catch (error) {
    showMessage(() => M.notSaved(error?.name === 'QuotaExceededError' ? M.storageFull : String(error?.message ?? error)));
  }
}

/** Loads a weights file (ArrayBuffer); a bad one leaves the model as it was, with a message. */
async function loadModelBytes(buffer, origin) {
  try {
    await model.loadWeights(buffer);
  } catch (error) {
    showMessage(() => M.couldNotLoad({ origin, message: error.message }), 'error');
    return false;
  }
  training.setCanContinue(false);
  await modelChanged();
  return true;
}

async function loadSelectedModel() {
  const choice = $('model-select').value;
  const bytes = choice === 'saved' ? (await storage.load('model'))?.weights : (await fetchBytes(choice)).buffer;
  // Arrowing through the menu asks for several models: only the one it shows now is loaded.
  if (!bytes || $('model-select').value !== choice) return;
  await loadModelBytes(bytes, choice === 'saved' ? M.savedModel : choice);
}

$('model-select').addEventListener('change', () => loadSelectedModel().catch(showError));

$('download').addEventListener('click', async () => {
  const weights = await model.saveWeights();
  const { kind, latentDim } = model.config;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([weights], { type: 'application/octet-stream' }));
  link.download = `vae-${kind}-latent${latentDim}.vaew`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
});

$('upload').addEventListener('change', async (event) => {
  const file = event.target.files[0];
  event.target.value = '';
  if (!file) return;
  if (await loadModelBytes(await file.arrayBuffer(), `“${file.name}”`)) {
    showMessage(() => M.loadedFile({ name: file.name, data: describeRecord(model.trainedOn) }), 'note');
    await persistModel();
  }
});

// ---------------------------------------------------------------- where the model runs

$('backend-select').addEventListener('change', (event) => {
  training.setCanContinue(false);
  backend.switchTo(event.target.value).catch(showError);
});

function trainingCrashed(reason, place) {
  if (place?.backend !== 'webgpu') {
    showMessage(() => M.trainingCrashed(reason), 'error');
    return;
  }
  // A failing GPU kernel (or a lost device) traps the worker's module: carry on on the CPU with
  // the weights the page holds.
  backend
    .switchTo('cpu')
    .then(() => training.start())
    .then(() => showMessage(() => M.webgpuFailedTraining(reason)))
    .catch(showError);
}

// ---------------------------------------------------------------- a link that shares the view

const share = new ShareLink({ drawing, latent, learn, loadSelectedModel, notify: showMessage });
window.addEventListener('hashchange', () => share.open().catch(showError));

// ---------------------------------------------------------------- start-up

/** The model this browser saved, or the pretrained one the menu names. */
async function initialWeights() {
  const saved = await storage.load('model').catch(() => undefined);
  if (saved) {
    $('model-select').querySelector('option[value=saved]').disabled = false;
    $('model-select').value = 'saved';
    return { buffer: saved.weights, saved: true };
  }
  return { buffer: (await fetchBytes($('model-select').value)).buffer, saved: false };
}

/** Whether the WebAssembly module failed to load (said once, with what the page needs). */
let moduleFailed = false;

async function boot() {
  // On a host without COOP/COEP the service worker makes the page isolated: this may reload it.
  backend.withoutThreads = await site.start();
  // The CPU answers at once; WebGPU, where the choice wants it, takes over after its check.
  const startChoice = wantsWebGpu(backend.choice) ? 'cpu' : backend.choice;
  const [weights] = await Promise.all([
    initialWeights(),
    backend.usePlan(planOn(startChoice), false).catch((error) => {
      showMessage(() => M.moduleFailed(error.message), 'error');
      moduleFailed = true;
      backend.notLoaded();
      throw error;
    }),
  ]);
  try {
    await model.loadWeights(weights.buffer);
  } catch {
    if (!weights.saved) throw new Error(M.pretrainedUnreadable);
    showMessage(() => M.savedUnreadable);
    $('model-select').value = $('model-select').options[0].value;
    await model.loadWeights((await fetchBytes($('model-select').value)).buffer);
  }
  training.form.applyLimits(model.limits);
  dataset.applyLimits(model.limits.dataset);
  training.form.syncForm(model.config);
  showTrainedOn();
  // Weights saved in this browser were trained (or uploaded) here.
  if ($('model-select').value === 'saved') {
    const { config } = model;
    say($('model-select').querySelector('option[value=saved]'), () => TRAINING_TEXT.trainedModel(config));
  }
  drawing.modelChanged();
  latent.modelChanged();
  latent.build(model.latentDim);
  // The first decoded image comes before the heavier views (samples, manifold): the page is
  // ready when it shows one, and tools/bench.mjs times navigation to this mark.
  await latent.refreshSliders();
  performance.mark('vae:ready');
  document.body.dataset.ready = 'true';
  latent.updateProjection();
  samples.refreshSamples();
  if (wantsWebGpu(backend.choice)) backend.switchTo(backend.choice, false).catch(showError);
  showSiteStatus(showError);
  await share.open().catch(showError);
  // Drawn once the worker has the test digits (1.6 MB); the page works before.
  await latent.refreshMap();
}

boot().catch((error) => {
  if (!moduleFailed) showMessage(() => M.startupFailed(error?.message ?? error), 'error');
});

// ---------------------------------------------------------------- for the page tests and the curious

window.vaeApp = {
  model,
  /** The build's version (dist/ only: www/version.js). */
  version: site.VERSION,
  get backend() {
    return { choice: backend.choice, plan: backend.plan, check: backend.check, backends: backend.backends };
  },
  get input() {
    return drawing.input;
  },
  get reconstruction() {
    return drawing.reconstruction;
  },
  /** The drawing's q(z|x) as the drawing panel and the map show it ({ mean, logVar }; null: nothing drawn). */
  get posterior() {
    return drawing.posterior;
  },
  /** The Learn path: open, the step, its state, the predictions made (learn/path.js). */
  get learn() {
    return learn.state;
  },
  /** A conditional model's reading of the drawing: p(y|x), the digit encoded, the one chosen. */
  get digits() {
    return { probabilities: drawing.probabilities, label: drawing.label, chosen: drawing.chosen };
  },
  get drawingsShown() {
    return drawing.shown;
  },
  /** The Inside view: what it shows ({ input, label, explanation }) and how many answers it showed. */
  get inside() {
    const { extent, centre } = inside.map;
    return { open: inside.isOpen, shown: inside.shown, count: inside.shownCount, eps: inside.eps, map: { extent, centre: [...centre] } };
  },
  /** The step the slow-motion view shows (null: none). */
  get slowMotionStep() {
    return training.slowMotion.step;
  },
  get latent() {
    return latent.latent;
  },
  get mapMeans() {
    return latent.mapMeans;
  },
  get mapLabels() {
    return latent.map.points?.labels ?? null;
  },
  get projection() {
    return latent.map.projection;
  },
  /** Where a latent point lands on the map's plane. */
  project: (z) => latent.map.project(z),
  get training() {
    return training.running;
  },
  trainer: training.trainer,
  /** The Compare view: its columns (model, config, figures measured here), the plot's points, the traversals shown. */
  get compare() {
    const columns = compare.columns.map(({ choice, client, config, statistics, explanation, xy }) => ({ choice, backend: client?.backends.batch, config, statistics, explanation, codes: xy ? xy.length / 2 : 0 }));
    return { open: compare.isOpen, columns, points: compare.points, traversals: compare.traversals.shown, drawingsShown: compare.drawingsShown };
  },
  /** Where column `index`'s test codes lie on its map: x, y pairs. */
  compareCodes: (index) => compare.columns[index].xy,
  /** "Is this a digit?": the test digits' ELBOs it shows, the image's, its percentile, the threshold and what it flags. */
  get anomaly() {
    return anomaly.state;
  },
  /** "Fill in what is missing": the image and mask completed, the completion, samples and spread (panels/completion.js). */
  get completion() {
    return completion.state;
  },
  /** Model requests and redraws under way: 0 when every view shows the current model and drawing. */
  get busy() {
    return model.busy + (drawing.pending ? 1 : 0) + compare.busy;
  },
};
