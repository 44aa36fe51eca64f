// The training panel: the settings form (its limits come from the wasm API), start, pause and
// reset, and the run's progress, curves, test ELBO per epoch and fixed prior samples.

import { LossChart } from '../charts.js';
import { drawImages } from '../plots.js';
import { TrainingClient } from '../training-client.js';
import { SlowMotionView } from './slow-motion.js';

const $ = (id) => document.getElementById(id);
/** The form's fields that are VaeConfig fields with limits in configLimits(). */
const LIMITED_FIELDS = ['latentDim', 'batchSize', 'learningRate', 'beta'];
const LABELS = { latentDim: 'Latent dim', batchSize: 'Batch', learningRate: 'Learning rate', beta: 'β', epochs: 'Epochs' };
const SEED_LIMIT = 2 ** 31;

function formatSeconds(seconds) {
  if (!Number.isFinite(seconds)) return '–';
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return m ? `${m} min ${s} s` : `${s} s`;
}

export class TrainingPanel {
  /**
   * @param {import('../model-client.js').ModelClient} model
   * @param {object} hooks
   * @param {() => {build: string, backend: string}} hooks.place where training runs now
   * @param {(buffer: ArrayBuffer, final: boolean) => Promise<void>} hooks.onWeights (never rejects)
   * @param {() => Promise<void>} hooks.onModelChanged the model was replaced (reset, new size)
   * @param {(running: boolean) => void} hooks.onRunning
   * @param {(reason: string, place: {build: string, backend: string}) => void} hooks.onCrash
   * @param {(text: string, kind?: string) => void} hooks.notify
   * @param {(error: Error) => void} hooks.onError
   * @param {() => {projection: object}} hooks.plane the latent map's plane (for a step's means)
   */
  constructor(model, hooks) {
    this.model = model;
    this.hooks = hooks;
    this.slowMotion = new SlowMotionView(hooks.plane);
    this.chart = new LossChart($('loss-chart'));
    this.chart.draw();
    /** The run's epochs and batch size (for progress), and whether a paused run can resume. */
    this.run = { epochs: 1, batchSize: 32, startedAt: 0 };
    this.canContinue = false;
    /** What runs train on: its name and training images (MNIST until a dataset is brought). */
    this.data = { name: 'MNIST (11 MB)', images: 60000, noun: 'digits' };
    this.trainer = new TrainingClient({
      ready: ({ backend, threads }) => {
        this.run.startedAt = performance.now();
        const where = backend === 'webgpu' ? 'WebGPU' : `${backend}, ${threads > 1 ? `${threads} threads` : 'one core'}`;
        $('train-status').textContent = `Training on ${where}…`;
      },
      progress: ({ report }) => this.showProgress(report),
      weights: ({ weights, final }) => hooks.onWeights(weights, final),
      epoch: ({ epoch, test, accuracy, accuracyImages, samples }) => this.showEpoch(epoch, test, accuracy, accuracyImages, samples),
      stepped: ({ detail }) => {
        this.setRunning(false);
        this.setCanContinue(true);
        this.slowMotion.show(detail);
        const { report } = detail;
        this.chart.add(report.epochsDone, report.objective, report.losses.reconstruction, report.losses.kl);
        $('progress').value = Math.min(1, report.epochsDone / this.run.epochs);
        $('train-status').textContent = `Step ${report.totalSteps.toLocaleString()} taken in slow motion (epoch ${report.epochsDone.toFixed(3)}); see it below.`;
      },
      stopped: ({ reason }) => {
        this.setRunning(false);
        this.setCanContinue(reason === 'paused');
        $('train-status').textContent += reason === 'paused' ? ' · paused' : ' · finished';
      },
      failed: async ({ message, weights }) => {
        this.setRunning(false);
        this.setCanContinue(false);
        if (weights) await hooks.onWeights(weights, true);
        hooks.notify(`Training stopped: ${message}`, 'error');
      },
      crashed: ({ reason }) => {
        this.setRunning(false);
        this.setCanContinue(false);
        hooks.onCrash(reason, this.trainer.place);
      },
    });
    $('train-start').addEventListener('click', () =>
      this.start().catch((error) => {
        this.setRunning(false);
        hooks.onError(error);
      }),
    );
    $('train-step').addEventListener('click', () =>
      this.step().catch((error) => {
        this.setRunning(false);
        hooks.onError(error);
      }),
    );
    $('train-pause').addEventListener('click', () => this.trainer.pause());
    $('train-reset').addEventListener('click', () => this.reset().catch(hooks.onError));
  }

  get running() {
    return this.trainer.running;
  }

  /** Runs train on MNIST (null) or a brought dataset ({train, test, record}) from now on. */
  useData(dataset) {
    this.trainer.useData(dataset && { train: dataset.train, test: dataset.test, record: dataset.record });
    this.data = dataset ? { name: dataset.record.name, images: dataset.train.pixels.length / 784, noun: 'images' } : { name: 'MNIST (11 MB)', images: 60000, noun: 'digits' };
    // A run cannot go on over other data (the session starts a new one).
    this.setCanContinue(false);
  }

  /** The limits and defaults of configLimits() on the form's inputs. */
  applyLimits(limits) {
    const form = $('train-form');
    for (const name of LIMITED_FIELDS) {
      const input = form.elements[name];
      const { min, max } = limits[name];
      if (Number.isFinite(min)) input.min = min;
      if (Number.isFinite(max)) input.max = max;
      if (input.value === '') input.value = limits.defaults[name];
    }
    if (!form.elements.kind.value) form.elements.kind.value = limits.defaults.kind;
  }

  /** The form's architecture fields follow the model in use. */
  syncForm(config) {
    const form = $('train-form');
    form.elements.kind.value = config.kind;
    form.elements.latentDim.value = config.latentDim;
  }

  /** The form's settings, or null (with a message) where one is out of range or not whole. */
  readForm() {
    const form = $('train-form');
    const invalid = [...form.elements].find((input) => input.name && !input.checkValidity());
    if (invalid) {
      this.hooks.notify(`${LABELS[invalid.name] ?? invalid.name}: ${invalid.validationMessage}`, 'error');
      invalid.focus();
      return null;
    }
    const number = (name) => form.elements[name].valueAsNumber;
    return {
      config: {
        kind: form.elements.kind.value,
        latentDim: number('latentDim'),
        beta: number('beta'),
        learningRate: number('learningRate'),
        batchSize: number('batchSize'),
        seed: Math.floor(Math.random() * SEED_LIMIT),
      },
      epochs: number('epochs'),
    };
  }

  setRunning(running) {
    $('train-start').disabled = running;
    $('train-step').disabled = running;
    $('train-pause').disabled = !running;
    $('train-reset').disabled = running;
    $('train-form').querySelectorAll('input, select').forEach((input) => (input.disabled = running));
    this.hooks.onRunning(running);
  }

  setCanContinue(canContinue) {
    this.canContinue = canContinue;
    $('train-start').textContent = canContinue ? 'Resume' : 'Start';
  }

  /**
   * What a run or a step starts from: the form's settings, where training runs, and whether the
   * paused run goes on (else the page's weights are sent). Null when a setting is invalid.
   */
  async prepare() {
    const settings = this.readForm();
    if (!settings) return null;
    this.hooks.notify('');
    const { config, epochs } = settings;
    const current = this.model.config;
    if (current.kind !== config.kind || current.latentDim !== config.latentDim) {
      // A different architecture cannot continue from these weights: start from scratch.
      this.setCanContinue(false);
      await this.model.reset(config);
      await this.hooks.onModelChanged();
    }
    const place = this.hooks.place();
    const continueRun = this.canContinue && this.trainer.runsOn(place);
    this.run.epochs = epochs;
    this.run.batchSize = config.batchSize;
    this.setRunning(true);
    if (!continueRun) this.chart.reset();
    const weights = continueRun ? null : (await this.model.saveWeights()).buffer;
    return { place, config, epochs, weights, continueRun };
  }

  /** Starts a run (or resumes the paused one) where the plan puts training. */
  async start() {
    const run = await this.prepare();
    if (!run) return;
    $('train-status').textContent = run.continueRun ? 'Resuming…' : `Starting the worker and loading ${this.data.name}…`;
    this.trainer.start(run);
  }

  /** One optimiser step on one batch, shown in detail; Start (Resume) goes on from there. */
  async step() {
    const run = await this.prepare();
    if (!run) return;
    if (!run.continueRun) this.slowMotion.hide();
    $('train-status').textContent = run.continueRun ? 'One step…' : `Starting the worker and loading ${this.data.name} for one step…`;
    this.trainer.step(run);
  }

  async reset() {
    const settings = this.readForm();
    if (!settings) return;
    await this.model.reset(settings.config);
    this.forgetRun();
    await this.hooks.onModelChanged();
  }

  /** Another model came in: the paused run (and its curves) no longer apply. */
  forgetRun() {
    this.setCanContinue(false);
    this.chart.reset();
    this.slowMotion.hide();
    $('epoch-log').replaceChildren();
  }

  showProgress(report) {
    const { epochs, batchSize, startedAt } = this.run;
    $('progress').value = Math.min(1, report.epochsDone / epochs);
    const elapsed = (performance.now() - startedAt) / 1000;
    const eta = Math.max(0, (epochs - report.epochsDone) * this.data.images) / Math.max(1, report.imagesPerSecond);
    $('train-status').textContent =
      `epoch ${report.epochsDone.toFixed(2)} / ${epochs} · ${(report.totalSteps * batchSize).toLocaleString()} images · ` +
      `${report.imagesPerSecond.toFixed(0)} img/s · loss ${report.objective.toFixed(1)} (recon ${report.losses.reconstruction.toFixed(1)}, KL ${report.losses.kl.toFixed(2)}) · ` +
      `ETA ${formatSeconds(eta)} · ${formatSeconds(elapsed)} elapsed`;
    this.chart.add(report.epochsDone, report.objective, report.losses.reconstruction, report.losses.kl);
  }

  showEpoch(epoch, test, accuracy, accuracyImages, samples) {
    this.chart.addTest(epoch, -test.elbo);
    const item = document.createElement('li');
    const read =
      accuracy === null ? '' : ` · reads ${(accuracy * 100).toFixed(1)} % of the first ${accuracyImages.toLocaleString()} test ${this.data.noun} right`;
    item.textContent = `epoch ${epoch}: test ELBO ${test.elbo.toFixed(2)} (recon ${test.reconstruction.toFixed(2)}, KL ${test.kl.toFixed(2)})${read}`;
    $('epoch-log').append(item);
    drawImages($('train-samples'), samples, samples.length / 784, 8);
  }
}
