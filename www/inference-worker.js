// The page's side of one inference worker (workers/inference.js): its requests, each answered
// once, and lanes that keep at most one request per view in flight (model-client.js uses both).

import { MESSAGES } from './content/messages.js';
import { errorFrom } from './i18n/refusal.js';
import { INFERENCE_REPLIES, INFERENCE_REQUESTS, INFERENCE_RESULTS, accept, compose } from './protocol.js';

const WORKER_URL = new URL('./workers/inference.js', import.meta.url);

/** A request that ended because its worker crashed or was replaced: its view is redrawn later. */
export class WorkerGone extends Error {}

/** One inference worker on one place. */
export class InferenceWorker {
  constructor(place, onCrash) {
    this.place = place;
    this.onCrash = onCrash;
    this.pending = new Map();
    this.nextId = 1;
    this.gone = false;
    this.retiring = false;
    this.worker = new Worker(WORKER_URL, { type: 'module' });
    this.worker.onmessage = (event) => this.receive(accept(INFERENCE_REPLIES, event.data));
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.crash(event.message || MESSAGES.workerStopped);
    };
  }

  call(type, fields = {}, transfer = []) {
    if (this.gone) return Promise.reject(new WorkerGone('the inference worker is gone'));
    const id = this.nextId;
    this.nextId += 1;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(compose(INFERENCE_REQUESTS, type, { ...fields, id }), transfer);
    });
  }

  receive(message) {
    if (message.type === 'crashed') {
      this.crash(message.reason);
      return;
    }
    const call = this.pending.get(message.id);
    this.pending.delete(message.id);
    if (message.type === 'reply') call.resolve(accept(INFERENCE_RESULTS, message.result));
    else call.reject(errorFrom(message.message, message.refusal));
    if (this.retiring && this.pending.size === 0) this.stop();
  }

  crash(reason) {
    if (this.gone) return;
    this.stop();
    this.onCrash(this, reason);
  }

  /** Answers what it was asked, then stops: a plan change must not drop a view's request. */
  retire() {
    this.retiring = true;
    if (this.pending.size === 0) this.stop();
  }

  stop() {
    this.gone = true;
    this.worker.terminate();
    for (const call of this.pending.values()) call.reject(new WorkerGone('the inference worker stopped'));
    this.pending.clear();
  }
}

/** At most one request in flight; a newer one replaces the one waiting, which resolves to null. */
export class Lane {
  constructor() {
    this.running = false;
    this.waiting = null;
  }

  get busy() {
    return this.running || this.waiting !== null;
  }

  run(start) {
    return new Promise((resolve, reject) => {
      this.waiting?.resolve(null);
      this.waiting = { start, resolve, reject };
      if (!this.running) this.next();
    });
  }

  next() {
    const job = this.waiting;
    this.waiting = null;
    this.running = job !== null;
    if (!job) return;
    job
      .start()
      .then(job.resolve, (error) => (error instanceof WorkerGone ? job.resolve(null) : job.reject(error)))
      .finally(() => this.next());
  }
}
