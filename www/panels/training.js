// The training panel: its settings form (training-form.js), start, pause and reset, and the
// run's progress, curves, test ELBO per epoch (an autoencoder's test reconstruction) and fixed
// prior samples.

import { LossChart } from '../charts.js';
import { DATASET_TEXT } from '../content/dataset.js';
import { TRAINING_TEXT as T } from '../content/training.js';
import { count, fixed } from '../i18n/format.js';
import { say, sayAttribute } from '../i18n/say.js';
import { drawImages } from '../plots.js';
import { TrainingClient } from '../training-client.js';
import { inkWords } from './samples.js';
import { SlowMotionView } from './slow-motion.js';
import { TrainingForm } from './training-form.js';

const $ = (id) => document.getElementById(id);
/** MNIST's training images (its name is worded when shown: T.mnist). */
const MNIST = Object.freeze({ name: null, images: 60000, brought: false });

function formatSeconds(seconds) {
  if (!Number.isFinite(seconds)) return '–';
  return T.duration({ minutes: Math.floor(seconds / 60), seconds: Math.round(seconds % 60) });
}

/** The name of what a run trains on, in the language in use. */
const dataName = (data) => data.name ?? T.mnist;

export class TrainingPanel {
  /**
   * @param {import('../model-client.js').ModelClient} model
   * @param {object} hooks
   * @param {() => {build: string, backend: string}} hooks.place where training runs now
   * @param {(buffer: ArrayBuffer, final: boolean) => Promise<void>} hooks.onWeights (never rejects)
   * @param {() => Promise<void>} hooks.onModelChanged the model was replaced (reset, new size)
   * @param {(running: boolean) => void} hooks.onRunning
   * @param {(reason: string, place: {build: string, backend: string}) => void} hooks.onCrash
   * @param {(words: string | (() => string), kind?: string) => void} hooks.notify
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
    this.status(() => T.idle);
    sayAttribute($('train-samples'), 'aria-label', () => T.samples({ count: 0 }));
    say($('train-start'), () => T.start);
    // The Model menu's place for a model trained here (named by TRAINING_TEXT.trainedModel once there is one).
    say($('model-select').querySelector('option[value=saved]'), () => T.lastTrained);
    this.form = new TrainingForm(hooks.notify);
    /** How far the run has gone (epochs, from its last report): 0 before a step. */
    this.epochsDone = 0;
    /** What runs train on: its name and training images (MNIST until a dataset is brought). */
    this.data = MNIST;
    this.trainer = new TrainingClient({
      ready: ({ backend, threads }) => {
        this.run.startedAt = performance.now();
        this.status(() => T.trainingOn({ backend, threads }));
      },
      progress: ({ report }) => this.showProgress(report),
      samples: ({ samples }) => this.showSamples(samples),
      weights: ({ weights, final }) => hooks.onWeights(weights, final),
      epoch: ({ epoch, test, accuracy, accuracyImages, samples }) => this.showEpoch(epoch, test, accuracy, accuracyImages, samples),
      stepped: ({ detail }) => {
        this.setRunning(false);
        this.setCanContinue(true);
        this.slowMotion.show(detail, this.data.names);
        const { report } = detail;
        this.chart.add(report);
        $('progress').value = Math.min(1, report.epochsDone / this.run.epochs);
        this.status(() => T.stepShown({ step: count(report.totalSteps), epoch: fixed(report.epochsDone, 3) }));
      },
      stopped: ({ reason }) => {
        this.setRunning(false);
        this.setCanContinue(reason === 'paused');
        const words = this.statusWords;
        this.status(() => words() + (reason === 'paused' ? T.paused : T.finished));
        this.reportRun();
      },
      failed: async ({ error, weights }) => {
        this.setRunning(false);
        this.setCanContinue(false);
        if (weights) await hooks.onWeights(weights, true);
        hooks.notify(() => T.stopped(error.message), 'error');
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
    this.data = dataset ? { name: dataset.record.name, images: dataset.train.pixels.length / 784, brought: true, names: dataset.record.labelNames } : MNIST;
    // A run cannot go on over other data (the session starts a new one).
    this.setCanContinue(false);
  }

  setRunning(running) {
    // The button pressed becomes disabled: the focus goes to the one that undoes it, not to the page.
    const pressed = document.activeElement;
    $('train-start').disabled = running;
    $('train-step').disabled = running;
    $('train-pause').disabled = !running;
    $('train-reset').disabled = running;
    this.form.lock(running);
    if (running && pressed === $('train-start')) $('train-pause').focus();
    if (!running && pressed === $('train-pause')) $('train-start').focus();
    this.hooks.onRunning(running);
  }

  setCanContinue(canContinue) {
    this.canContinue = canContinue;
    say($('train-start'), () => (canContinue ? T.resume : T.start));
  }

  /**
   * What a run or a step starts from: the form's settings, where training runs, and whether the
   * paused run goes on (else the page's weights are sent). Null when a setting is invalid.
   */
  async prepare() {
    const settings = this.form.read();
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
    this.status(() => (run.continueRun ? T.resuming : T.startingWorker(dataName(this.data))));
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
    this.status(() => (run.continueRun ? T.oneStep : T.startingStep(dataName(this.data))));
    this.trainer.step(run);
  }

  async reset() {
    const settings = this.form.read();
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
    const autoencoder = losses.kl === undefined;
    this.status(() =>
      T.progress({
        epoch: fixed(report.epochsDone, 2),
        epochs,
        images: count(report.totalSteps * config.batchSize),
        speed: fixed(report.imagesPerSecond, 0),
        loss: T.loss({
          objective: fixed(report.objective, 1),
          reconstruction: fixed(losses.reconstruction, 1),
          kl: autoencoder ? null : fixed(losses.kl, 2),
          beta: autoencoder ? null : fixed(report.beta, 2),
        }),
        eta: eta === null ? T.etaPending : formatSeconds(eta),
        elapsed: formatSeconds(elapsed),
      }),
    );
    this.chart.add(report);
    if (this.speed.chunks === 1 && !$('epoch-log').children.length) {
      this.log(() => T.firstChunk({ steps: report.steps, images: count(report.images), loss: fixed(report.objective, 1) }));
    }
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

  /** Sets the status line to `words()`, worded again on a switch of language. */
  status(words) {
    this.statusWords = words;
    say($('train-status'), words);
  }

  /** A line of the run's log: `words()`, worded again on a switch of language. */
  log(words) {
    const item = document.createElement('li');
    say(item, words);
    $('epoch-log').append(item);
  }

  /** The fixed prior samples for the weights so far (64 × 784; a conditional model's 80), and their ink in words. */
  showSamples(samples) {
    const shown = samples.length / 784;
    drawImages($('train-samples'), samples, shown, 8);
    const ink = inkWords(samples, shown);
    const epochs = this.epochsDone;
    sayAttribute($('train-samples'), 'aria-label', () => T.samples({ count: count(shown), epoch: fixed(epochs, 2), ink: ink() }));
  }

  showEpoch(epoch, test, accuracy, accuracyImages, samples) {
    this.chart.addTest(epoch, test);
    const { brought } = this.data;
    const figures = {
      epoch,
      elbo: test.elbo === undefined ? null : fixed(test.elbo, 2),
      reconstruction: fixed(test.reconstruction, 2),
      kl: test.kl === undefined ? null : fixed(test.kl, 2),
    };
    this.log(() => T.epoch(figures) + (accuracy === null ? '' : T.accuracy({ percent: fixed(accuracy * 100, 1), images: count(accuracyImages), noun: DATASET_TEXT.testImages(brought) })));
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
