// Talks to the dataset worker (workers/dataset.js): one request at a time, each answered by one
// event (or 'failed'). Other files start a new worker, which ends any read under way.

import { DATASET_COMMANDS, DATASET_EVENTS, accept, compose } from './protocol.js';

const WORKER_URL = new URL('./workers/dataset.js', import.meta.url);
/** The event that answers each command. */
const ANSWER = { open: 'opened', preview: 'previewed', read: 'done' };

export class DatasetClient {
  /** @param {(done: number, total: number) => void} onProgress images read so far, while reading */
  constructor(onProgress) {
    this.onProgress = onProgress;
    this.worker = null;
    this.pending = null;
    this.queue = Promise.resolve();
  }

  /** Files to read, in a new worker: {kind: 'idx'|'images', files: [{file, path}]} → opened. */
  open(fields) {
    this.stop();
    this.queue = Promise.resolve();
    this.worker = new Worker(WORKER_URL, { type: 'module' });
    this.worker.onmessage = (event) => this.receive(accept(DATASET_EVENTS, event.data));
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.settle('reject', new Error(event.message || 'the dataset worker stopped'));
    };
    return this.ask('open', fields);
  }

  /** The first inputs under `preprocessing`: {pixels, polarity}. */
  preview(preprocessing) {
    return this.ask('preview', { preprocessing });
  }

  /** Every input: {train, test, record, heldOut}. */
  read(fields) {
    return this.ask('read', fields);
  }

  /** Sends one command after the ones before it settled; resolves to its answer. */
  ask(type, fields) {
    const worker = this.worker;
    const run = this.queue.catch(() => undefined).then(
      () =>
        new Promise((resolve, reject) => {
          // Asked of a worker since replaced (other files): it no longer applies.
          if (!worker || worker !== this.worker) {
            reject(new Error('stopped: other files were picked'));
            return;
          }
          this.pending = { type, resolve, reject };
          worker.postMessage(compose(DATASET_COMMANDS, type, fields));
        }),
    );
    this.queue = run;
    return run;
  }

  receive(event) {
    if (event.type === 'progress') this.onProgress(event.done, event.total);
    else if (event.type === 'failed') this.settle('reject', new Error(event.message));
    else if (this.pending && ANSWER[this.pending.type] === event.type) this.settle('resolve', event);
  }

  settle(how, value) {
    const pending = this.pending;
    this.pending = null;
    pending?.[how](value);
  }

  /** Ends the worker and whatever it was reading. */
  stop() {
    this.settle('reject', new Error('stopped: other files were picked'));
    this.worker?.terminate();
    this.worker = null;
  }
}
