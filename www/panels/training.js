// The training panel: the settings form (its limits come from the wasm API), start, pause and
// reset, and the run's progress, curves, test ELBO per epoch (an autoencoder's test
// reconstruction) and fixed prior samples.

import { LossChart } from '../charts.js';
import { ETA_PENDING, firstChunkLog, trainedModelName } from '../content/numbers.js';
import { AUTOENCODER_LOSS, AUTOENCODER_TEST, KIND_HINTS, NOT_FOR_AUTOENCODER } from '../content/training.js';
import { drawImages } from '../plots.js';
import { TrainingClient } from '../training-client.js';
import { SlowMotionView } from './slow-motion.js';

const $ = (id) => document.getElementById(id);
/** The form's fields that are VaeConfig fields with limits in configLimits(). */
const LIMITED_FIELDS = ['latentDim', 'batchSize', 'learningRate', 'beta', 'warmupSteps'];
/** The fields that weigh the KL term: an autoencoder has none. */
const KL_FIELDS = ['beta', 'warmupSteps'];
const LABELS = { latentDim: 'Latent dim', batchSize: 'Batch', learningRate: 'Learning rate', beta: 'β', warmupSteps: 'KL warm-up steps', epochs: 'Epochs' };
const SEED_LIMIT = 2 ** 31;
const MNIST = Object.freeze({ name: 'MNIST (11 MB)', images: 60000, noun: 'digits', brought: false });

/** A limit as a message gives it: "0.000001", "1,000,000,000". */
const formatLimit = (value) => value.toLocaleString(undefined, { maximumSignificantDigits: 6 });

/**
 * Why a number field's value is refused (null when it is fine), naming the field and its limits
 * in the crate's words: "β: expected a number from 0 to 100, got -1". The browser keeps no text
 * that is not a number in such a field ("NaN", "Infinity" leave it empty).
 */
function numberProblem(input) {
  if (input.validity.valid) return null;
  const whole = input.step === '1';
  const expected = `expected ${whole ? 'a whole number' : 'a number'} from ${formatLimit(Number(input.min))} to ${formatLimit(Number(input.max))}`;
  const given = input.validity.badInput ? 'something that is not a number' : input.value === '' ? 'an empty field' : input.value;
  return `${LABELS[input.name] ?? input.name}: ${expected}, got ${given}`;
}

/** The Model menu's name for a model trained here, from its config: "trained here · conv, latent 2, β 1". */
export function describeTrainedModel(config) {
  return trainedModelName(config);
}

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
   * @param {(run: {kind: string, latentDim: number, beta: number|null, warmupSteps: number|null,
   *   epochs: number}) => void} [hooks.onRunEnded] a run on MNIST stopped (paused or finished)
   *   after `epochs` epochs (a fraction, too): its settings, β and warm-up null for an
   *   autoencoder; its last weights are the page's model by then
   */
  constructor(model, hooks) {
    this.model = model;
    this.hooks = hooks;
    this.slowMotion = new SlowMotionView(hooks.plane);
    this.chart = new LossChart($('loss-chart'));
    /** The run's settings and epochs (for progress and its measurement), and whether a paused run can resume. */
    this.run = { config: null, epochs: 1, startedAt: 0 };
    /**
     * The run's measured speed, for its ETA: images and milliseconds of training over its chunks
     * so far, after its first (which includes start-up), and how many chunks were reported.
     */
    this.speed = { images: 0, milliseconds: 0, chunks: 0 };
    this.canContinue = false;
    /** How many times Reset replaced the model with a fresh one (the Learn path trains a fresh model). */
    this.resets = 0;
    /** Whether the form is disabled whole (while training). */
    this.formLocked = false;
    /** How far the run has gone (epochs, from its last report): 0 before a step. */
    this.epochsDone = 0;
    /** What runs train on: its name and training images (MNIST until a dataset is brought). */
    this.data = MNIST;
    this.trainer = new TrainingClient({
      ready: ({ backend, threads }) => {
        this.run.startedAt = performance.now();
        const where = backend === 'webgpu' ? 'WebGPU' : `${backend}, ${threads > 1 ? `${threads} threads` : 'one core'}`;
        $('train-status').textContent = `Training on ${where}…`;
      },
      progress: ({ report }) => this.showProgress(report),
      samples: ({ samples }) => this.showSamples(samples),
      weights: ({ weights, final }) => hooks.onWeights(weights, final),
      epoch: ({ epoch, test, accuracy, accuracyImages, samples }) => this.showEpoch(epoch, test, accuracy, accuracyImages, samples),
      stepped: ({ detail }) => {
        this.setRunning(false);
        this.setCanContinue(true);
        this.slowMotion.show(detail);
        const { report } = detail;
        this.chart.add(report);
        $('progress').value = Math.min(1, report.epochsDone / this.run.epochs);
        $('train-status').textContent = `Step ${report.totalSteps.toLocaleString()} taken in slow motion (epoch ${report.epochsDone.toFixed(3)}); see it below.`;
      },
      stopped: ({ reason }) => {
        this.setRunning(false);
        this.setCanContinue(reason === 'paused');
        $('train-status').textContent += reason === 'paused' ? ' · paused' : ' · finished';
        this.reportRun();
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
    $('train-form').elements.kind.addEventListener('change', () => this.applyKind());
  }

  get running() {
    return this.trainer.running;
  }

  /** Runs train on MNIST (null) or a brought dataset ({train, test, record}) from now on. */
  useData(dataset) {
    this.trainer.useData(dataset && { train: dataset.train, test: dataset.test, record: dataset.record });
    this.data = dataset ? { name: dataset.record.name, images: dataset.train.pixels.length / 784, noun: 'images', brought: true } : MNIST;
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
      // The defaults leave warmupSteps out when it is 0 (none), as weights files do.
      if (input.value === '') input.value = limits.defaults[name] ?? min;
    }
    if (!form.elements.kind.value) form.elements.kind.value = limits.defaults.kind;
    this.applyKind();
  }

  /** The form's architecture fields follow the model in use. */
  syncForm(config) {
    const form = $('train-form');
    form.elements.kind.value = config.kind;
    form.elements.latentDim.value = config.latentDim;
    this.applyKind();
  }

  get autoencoderChosen() {
    return $('train-form').elements.kind.value === 'ae';
  }

  /**
   * β and the warm-up weigh the KL term, which an autoencoder has not: for one they are
   * disabled, and their titles and the hint under the form say why.
   */
  applyKind() {
    const form = $('train-form');
    const autoencoder = this.autoencoderChosen;
    for (const name of KL_FIELDS) {
      const input = form.elements[name];
      const label = input.closest('label');
      // The label's own title (the warm-up's explanation) comes back for a VAE.
      label.dataset.title ??= label.title;
      label.title = autoencoder ? NOT_FOR_AUTOENCODER : label.dataset.title;
      // A running form stays disabled whole; setRunning(false) comes back here.
      if (!this.formLocked) input.disabled = autoencoder;
    }
    $('train-kind-hint').textContent = autoencoder ? KIND_HINTS.ae : KIND_HINTS.vae;
  }

  /**
   * The form's settings, or null (with a message naming the field and its limits) where one is
   * empty, out of range or not whole. An autoencoder's config has no β or warm-up (the crate's
   * defaults stand in: it weighs no KL term).
   */
  readForm() {
    const form = $('train-form');
    // Disabled fields (an autoencoder's β and warm-up) are not checked: they are not sent.
    const invalid = [...form.elements].find((input) => input.name && !input.checkValidity());
    if (invalid) {
      this.hooks.notify(numberProblem(invalid) ?? `${LABELS[invalid.name] ?? invalid.name}: ${invalid.validationMessage}`, 'error');
      invalid.focus();
      return null;
    }
    const number = (name) => form.elements[name].valueAsNumber;
    const config = {
      kind: form.elements.kind.value,
      latentDim: number('latentDim'),
      learningRate: number('learningRate'),
      batchSize: number('batchSize'),
      seed: Math.floor(Math.random() * SEED_LIMIT),
    };
    if (!this.autoencoderChosen) Object.assign(config, { beta: number('beta'), warmupSteps: number('warmupSteps') });
    return { config, epochs: number('epochs') };
  }

  setRunning(running) {
    this.formLocked = running;
    $('train-start').disabled = running;
    $('train-step').disabled = running;
    $('train-pause').disabled = !running;
    $('train-reset').disabled = running;
    $('train-form').querySelectorAll('input, select').forEach((input) => (input.disabled = running));
    if (!running) this.applyKind();
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
    this.run.config = config;
    this.run.epochs = epochs;
    this.setRunning(true);
    if (!continueRun) {
      this.chart.reset();
      this.epochsDone = 0;
      $('epoch-log').replaceChildren();
    }
    this.chart.setBetaTarget(config.beta ?? null);
    const weights = continueRun ? null : (await this.model.saveWeights()).buffer;
    return { place, config, epochs, weights, continueRun };
  }

  /** Starts a run (or resumes the paused one) where the plan puts training. */
  async start() {
    const run = await this.prepare();
    if (!run) return;
    $('train-status').textContent = run.continueRun ? 'Resuming…' : `Starting the worker and loading ${this.data.name}…`;
    // A step shown in slow motion is of weights this run moves on from.
    this.slowMotion.hide();
    this.speed = { images: 0, milliseconds: 0, chunks: 0 };
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
    this.resets += 1;
    this.forgetRun();
    await this.hooks.onModelChanged();
  }

  /** Another model came in: the paused run (and its curves) no longer apply. */
  forgetRun() {
    this.setCanContinue(false);
    this.chart.reset();
    this.epochsDone = 0;
    this.slowMotion.hide();
    $('epoch-log').replaceChildren();
  }

  showProgress(report) {
    this.epochsDone = report.epochsDone;
    const { config, epochs, startedAt } = this.run;
    const { losses } = report;
    $('progress').value = Math.min(1, report.epochsDone / epochs);
    const elapsed = (performance.now() - startedAt) / 1000;
    const eta = this.estimate(report, (epochs - report.epochsDone) * this.data.images);
    const loss =
      losses.kl === undefined
        ? `loss ${report.objective.toFixed(1)} (${AUTOENCODER_LOSS})`
        : `loss ${report.objective.toFixed(1)} (recon ${losses.reconstruction.toFixed(1)}, KL ${losses.kl.toFixed(2)}, β ${report.beta.toFixed(2)})`;
    $('train-status').textContent =
      `epoch ${report.epochsDone.toFixed(2)} / ${epochs} · ${(report.totalSteps * config.batchSize).toLocaleString()} images · ` +
      `${report.imagesPerSecond.toFixed(0)} img/s · ${loss} · ETA ${eta === null ? ETA_PENDING : formatSeconds(eta)} · ${formatSeconds(elapsed)} elapsed`;
    this.chart.add(report);
    if (this.speed.chunks === 1 && !$('epoch-log').children.length) this.log(firstChunkLog(report.steps, report.images.toLocaleString(), report.objective.toFixed(1)));
  }

  /**
   * Seconds until `remaining` images are trained, at the run's average speed after its first
   * chunk: a chunk's own speed swings with start-up and with what else the machine does, and an
   * ETA from it jumps. Null until a chunk after the first was measured.
   */
  estimate(report, remaining) {
    const speed = this.speed;
    speed.chunks += 1;
    if (speed.chunks === 1) return null;
    speed.images += report.images;
    speed.milliseconds += report.milliseconds;
    return Math.max(0, remaining) / Math.max(1e-9, speed.images / (speed.milliseconds / 1000));
  }

  log(text) {
    const item = document.createElement('li');
    item.textContent = text;
    $('epoch-log').append(item);
  }

  /** The fixed prior samples for the weights so far (64 × 784; a conditional model's 80). */
  showSamples(samples) {
    drawImages($('train-samples'), samples, samples.length / 784, 8);
  }

  showEpoch(epoch, test, accuracy, accuracyImages, samples) {
    this.chart.addTest(epoch, test);
    const read =
      accuracy === null ? '' : ` · reads ${(accuracy * 100).toFixed(1)} % of the first ${accuracyImages.toLocaleString()} test ${this.data.noun} right`;
    const figures =
      test.elbo === undefined
        ? `test reconstruction ${test.reconstruction.toFixed(2)} nats (${AUTOENCODER_TEST})`
        : `test ELBO ${test.elbo.toFixed(2)} (recon ${test.reconstruction.toFixed(2)}, KL ${test.kl.toFixed(2)})`;
    this.log(`epoch ${epoch}: ${figures}${read}`);
    this.showSamples(samples);
  }

  /**
   * A run on MNIST stopped: the Compare view measures its model as the shipped ones were (the
   * test set's reconstruction and KL terms) and plots it.
   */
  reportRun() {
    if (this.data.brought || this.epochsDone === 0) return;
    const { kind, latentDim, beta, warmupSteps } = this.run.config;
    this.hooks.onRunEnded?.({ kind, latentDim, beta: beta ?? null, warmupSteps: warmupSteps ?? null, epochs: this.epochsDone });
  }
}
