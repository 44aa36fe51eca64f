// Talks to the training worker (workers/training.js): starts, resumes and pauses runs, and hands
// the worker's events to the page. One worker per place ({build, backend}): a run on another
// backend starts a new one.

import { errorFrom, withoutKind } from './i18n/refusal.js';
import { TRAINING_COMMANDS, TRAINING_EVENTS, accept, compose } from './protocol.js';

const WORKER_URL = new URL('./workers/training.js', import.meta.url);

export class TrainingClient {
  /**
   * @param {object} events one handler per event type of TRAINING_EVENTS (ready, progress,
   *   weights, epoch, stepped, stopped, failed, crashed), each given the event's message ('failed': its refusal as `error`, www/i18n/refusal.js)
   */
  constructor(events) {
    this.events = events;
    this.worker = null;
    /** Where the worker trains ({build, backend}); null before the first run. */
    this.place = null;
    this.running = false;
    /** The data runs train on: MNIST (null) or a brought dataset (TRAINING_COMMANDS.useData). */
    this.dataset = null;
  }

  /** The data the next run trains on; a worker started later gets it too. */
  useData(dataset) {
    this.dataset = dataset;
    this.worker?.postMessage(compose(TRAINING_COMMANDS, 'useData', { dataset }));
  }

  /** Starts a run from `weights` (ArrayBuffer, transferred), or resumes the paused one (weights null). */
  start({ place, config, epochs, weights, continueRun }) {
    if (!this.runsOn(place)) this.stop();
    this.worker ??= this.spawn();
    this.place = place;
    this.running = true;
    this.worker.postMessage(compose(TRAINING_COMMANDS, 'start', { ...place, config, epochs, weights, continueRun }), weights ? [weights] : []);
  }

  /** One step in detail from `weights`, or of the paused run (weights null): answered by `stepped`. */
  step({ place, config, weights, continueRun }) {
    if (!this.runsOn(place)) this.stop();
    this.worker ??= this.spawn();
    this.place = place;
    this.running = true;
    this.worker.postMessage(compose(TRAINING_COMMANDS, 'step', { ...place, config, weights, continueRun }), weights ? [weights] : []);
  }

  /** Whether a worker runs on `place` (it can resume its paused run). */
  runsOn(place) {
    return this.worker !== null && this.place?.build === place.build && this.place?.backend === place.backend;
  }

  pause() {
    this.worker?.postMessage(compose(TRAINING_COMMANDS, 'pause'));
  }

  /** Ends the worker (and any run in it). */
  stop() {
    this.worker?.terminate();
    this.worker = null;
    this.running = false;
  }

  spawn() {
    const worker = new Worker(WORKER_URL, { type: 'module' });
    worker.onmessage = (event) => this.receive(accept(TRAINING_EVENTS, event.data));
    worker.onerror = (event) => {
      event.preventDefault();
      this.receive(compose(TRAINING_EVENTS, 'crashed', { reason: event.message || 'unknown error' }));
    };
    if (this.dataset) worker.postMessage(compose(TRAINING_COMMANDS, 'useData', { dataset: this.dataset }));
    return worker;
  }

  receive(event) {
    if (event.type === 'crashed') this.stop();
    if (event.type === 'stopped' || event.type === 'failed' || event.type === 'stepped') this.running = false;
    // A refusal, worded in the page's language whenever it is read ("training stopped" is the panel's to say).
    this.events[event.type](event.type === 'failed' ? { ...event, error: withoutKind(errorFrom(event.message, event.refusal), ['training']) } : event);
  }
}
