// Talks to the dataset worker (workers/dataset.js): one request at a time, each answered by one
// event (or 'failed'). Other files start a new worker, which ends any read under way.

import { MESSAGES } from './content/messages.js';
import { errorFrom } from './i18n/refusal.js';
import { DATASET_COMMANDS, DATASET_EVENTS, accept, compose } from './protocol.js';

const WORKER_URL = new URL('./workers/dataset.js', import.meta.url);
/**
 * Files posted to the worker at a time: Chromium's page thread spends 0.2–1 ms copying each
 * File it posts, so 60,000 in one message freeze the page for ~20 s; 25 a message keep it at
 * 60 frames/s (docs/measurements.md).
 */
const FILES_PER_MESSAGE = 25;
/**
 * Gives the page's other tasks a turn, frames included: a timer (scheduler.yield() resumes ahead
 * of rendering, and starves the frames).
 */
const yieldToPage = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The event that answers each command. */
const ANSWER = { open: 'opened', preview: 'previewed', read: 'done' };

export class DatasetClient {
  /**
   * @param {(done: number, total: number) => void} onProgress images read so far, while reading
   * @param {(done: number, total: number) => void} onListed files handed to the worker, while opening
   */
  constructor(onProgress, onListed) {
    this.onProgress = onProgress;
    this.onListed = onListed;
    this.worker = null;
    this.pending = null;
    this.queue = Promise.resolve();
  }

  /**
   * Files to read, in a new worker: `kind` 'idx' or 'images', `files` [{file, path}], `where`
   * they come from (for messages) → opened.
   */
  async open(kind, files, where) {
    this.stop();
    this.queue = Promise.resolve();
    const worker = new Worker(WORKER_URL, { type: 'module' });
    this.worker = worker;
    worker.onmessage = (event) => this.receive(accept(DATASET_EVENTS, event.data));
    worker.onerror = (event) => {
      event.preventDefault();
      this.settle('reject', new Error(event.message || MESSAGES.workerStopped));
    };
    for (let start = 0; start < files.length; start += FILES_PER_MESSAGE) {
      if (this.worker !== worker) throw new Error('stopped: other files were picked');
      worker.postMessage(compose(DATASET_COMMANDS, 'add', { files: files.slice(start, start + FILES_PER_MESSAGE) }));
      this.onListed(Math.min(files.length, start + FILES_PER_MESSAGE), files.length);
      // Lets the page draw (and answer input) between messages.
      await yieldToPage();
    }
    return this.ask('open', { kind, where });
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
    else if (event.type === 'failed') this.settle('reject', errorFrom(event.message, event.refusal));
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
