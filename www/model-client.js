// Talks to the inference workers: every model call the page makes goes through here, and the
// page's thread only sends requests and draws the answers.
//
// A plan says where each job runs ({build, backend} per job, see backend-plan.js): one worker
// per distinct place. Views ask through lanes: at most one request per lane is in flight, and a
// newer request replaces the one waiting (which resolves to null), so a burst of pointer moves
// costs one model call at a time and the answer shown is never more than one call behind.
// Changes of the model (weights, reset, plan, a restart) run one after another, and every worker
// gets them; the page holds the current weights so that a crashed worker can be replaced.

import { MESSAGES } from './content/messages.js';
import { InferenceWorker, Lane } from './inference-worker.js';
/** Which job each lane's requests are: the plan says where each job runs. */
const LANE_JOB = Object.freeze({
  drawing: 'interactive',
  inside: 'interactive',
  denoise: 'interactive',
  slider: 'interactive',
  manifold: 'batch',
  samples: 'batch',
  interpolation: 'batch',
  map: 'batch',
  traversal: 'batch',
  statistics: 'batch',
  distribution: 'batch',
  testScores: 'batch',
  anomaly: 'interactive',
  completion: 'interactive',
  mask: 'interactive',
});
/** Test digits the score line's typical range is measured over. */
const DISTRIBUTION_IMAGES = 1000;
/** Test digits "Is this a digit?" places an image among: MNIST's test split (the API's most). */
const TEST_ELBO_IMAGES = 10_000;
/** More crashes than this within CRASH_WINDOW_MS and the page stops restarting workers. */
const MAX_RESTARTS = 3;
const CRASH_WINDOW_MS = 60_000;

const placeKey = ({ build, backend }) => `${build}/${backend}`;

export class ModelClient {
  /**
   * @param {{onRestart: (reason: string) => void, onGiveUp: (reason: string) => void}} events
   *   onRestart: a crashed worker was replaced and holds the page's weights again;
   *   onGiveUp: workers keep crashing, and the page stops restarting them.
   */
  constructor({ onRestart, onGiveUp }) {
    this.onRestart = onRestart;
    this.onGiveUp = onGiveUp;
    this.routes = {};
    this.backends = {};
    this.lanes = Object.fromEntries(Object.keys(LANE_JOB).map((name) => [name, new Lane()]));
    this.changes = Promise.resolve();
    this.changing = 0;
    this.crashes = [];
    /** Counts model changes: a request asked before one is stale once it has happened. */
    this.generation = 0;
    /** The weights every worker runs (ArrayBuffer), the model's config, the API's limits. */
    this.weights = null;
    this.config = null;
    this.limits = null;
    /** What the model in use was trained on (VaeSession.trainedOn()). */
    this.trainedOn = null;
    /** The test split the views use: a brought one ({pixels, labels, record}), or MNIST's (null). */
    this.testData = null;
    /** The model's ELBO distribution, asked once per model: {generation, asked (a promise)}. */
    this.distribution = null;
    /** The test digits' ELBOs and complexities, asked once per model: {generation, asked (a promise)}. */
    this.scores = null;
  }

  get latentDim() {
    return this.config?.latentDim ?? 0;
  }

  /** Whether the model reads and writes digits (a conditional VAE): its calls take a label. */
  get conditional() {
    return this.config?.kind === 'cvae';
  }

  /** Whether the model is a plain autoencoder: one code per image, no q(z|x), no KL, no ELBO. */
  get autoencoder() {
    return this.config?.kind === 'ae';
  }

  /** How many requests and model changes are under way: 0 when every view is current. */
  get busy() {
    return this.changing + Object.values(this.lanes).filter((lane) => lane.busy).length;
  }

  // ------------------------------------------------------------ model changes

  /** Runs model changes one after another, each after the previous one settled. */
  serialise(change) {
    this.changing += 1;
    const run = this.changes.then(change).finally(() => (this.changing -= 1));
    this.changes = run.catch(() => undefined);
    return run;
  }

  /** The distinct workers of the current routes, the one answering drawings first. */
  activeWorkers() {
    return [...new Set([this.routes.interactive, this.routes.batch])].filter(Boolean);
  }

  /** A worker on `place`, its session open (model work elsewhere goes on meanwhile). */
  async open(place) {
    const worker = new InferenceWorker(place, (crashed, reason) => this.replace(crashed, reason));
    try {
      const opened = await worker.call('open', place);
      worker.backend = opened.backend;
      worker.threads = opened.threads;
      this.limits = opened.limits;
      this.config ??= opened.config;
      return worker;
    } catch (error) {
      worker.stop();
      throw error;
    }
  }

  /**
   * Gives a worker a copy of the page's weights and its test split; run as part of a model
   * change, so none is missed.
   */
  async equip(worker) {
    if (this.testData) await worker.call('useData', { test: this.testData });
    if (!this.weights) return;
    const copy = this.weights.slice(0);
    await worker.call('loadWeights', { weights: copy }, [copy]);
  }

  /**
   * Runs each job where `plan` says ({interactive, batch}: {build, backend}). Resolves once the
   * new workers are ready; until then the current ones keep answering.
   */
  async usePlan(plan) {
    const jobs = ['interactive', 'batch'];
    const current = new Map(this.activeWorkers().map((worker) => [placeKey(worker.place), worker]));
    const opening = new Map();
    for (const job of jobs) {
      const key = placeKey(plan[job]);
      if (!current.has(key) && !opening.has(key)) opening.set(key, this.open(plan[job]));
    }
    const outcomes = await Promise.allSettled(opening.values());
    const fresh = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure) {
      fresh.forEach((worker) => worker.stop());
      throw failure.reason;
    }
    const byKey = new Map([...current, ...fresh.map((worker) => [placeKey(worker.place), worker])]);
    await this.serialise(async () => {
      await Promise.all(fresh.map((worker) => this.equip(worker)));
      const previous = this.activeWorkers();
      this.routes = Object.fromEntries(jobs.map((job) => [job, byKey.get(placeKey(plan[job]))]));
      this.backends = Object.fromEntries(jobs.map((job) => [job, this.routes[job].backend]));
      this.threads = this.routes.interactive.threads;
      for (const worker of previous) if (!this.activeWorkers().includes(worker)) worker.retire();
    });
  }

  /** Puts the model of a weights file (ArrayBuffer, transferred) in every worker; its config. */
  loadWeights(buffer) {
    this.generation += 1;
    return this.serialise(async () => {
      const [first, ...others] = this.activeWorkers();
      const copies = others.map(() => buffer.slice(0));
      const loaded = await first.call('loadWeights', { weights: buffer }, [buffer]);
      this.weights = loaded.weights;
      this.config = loaded.config;
      this.trainedOn = loaded.trainedOn;
      await Promise.all(others.map((worker, i) => worker.call('loadWeights', { weights: copies[i] }, [copies[i]])));
      return loaded.config;
    });
  }

  /** A fresh random model under `config` in every worker; its config. */
  reset(config) {
    this.generation += 1;
    return this.serialise(async () => {
      const [first, ...others] = this.activeWorkers();
      const fresh = await first.call('reset', { config });
      this.weights = fresh.weights;
      this.config = fresh.config;
      this.trainedOn = fresh.trainedOn;
      await Promise.all(others.map((worker) => this.equip(worker)));
      return fresh.config;
    });
  }

  /**
   * The test split every worker's views use from now on: a brought one ({pixels, labels,
   * record}) or MNIST's (null). Resolves to its size; on a refusal the split in use stays.
   */
  useData(test) {
    this.generation += 1;
    return this.serialise(async () => {
      const [first, ...others] = this.activeWorkers();
      const { count } = await first.call('useData', { test });
      this.testData = test;
      await Promise.all(others.map((worker) => worker.call('useData', { test })));
      return count;
    });
  }

  /** The model the workers run, in the weights format (a new Uint8Array). */
  async saveWeights() {
    await this.changes;
    const { weights } = await this.routes.interactive.call('saveWeights');
    return new Uint8Array(weights);
  }

  /** A crashed worker's stand-in, on the same place, with the page's weights. */
  async replace(crashed, reason) {
    if (!this.activeWorkers().includes(crashed)) return; // retired: nothing runs there any more
    const now = performance.now();
    this.crashes = [...this.crashes.filter((at) => now - at < CRASH_WINDOW_MS), now];
    if (this.crashes.length > MAX_RESTARTS) {
      this.onGiveUp(reason);
      return;
    }
    try {
      const standIn = await this.open(crashed.place);
      await this.serialise(async () => {
        await this.equip(standIn);
        for (const job of Object.keys(this.routes)) if (this.routes[job] === crashed) this.routes[job] = standIn;
      });
    } catch (error) {
      this.onGiveUp(MESSAGES.restartFailed({ reason, message: error?.message ?? error }));
      return;
    }
    this.onRestart(reason);
  }

  // ------------------------------------------------------------ views' requests

  /**
   * Sends a request down a lane to the worker of the lane's job. Resolves to the result, or to
   * null when a newer request replaced it or the model changed before it could run (the page
   * redraws every view after a model change).
   */
  ask(lane, type, fields, transfer = []) {
    const generation = this.generation;
    return this.lanes[lane].run(async () => {
      await this.changes;
      if (generation !== this.generation) return null;
      return this.routes[LANE_JOB[lane]].call(type, fields, transfer);
    });
  }

  // `label` below: the digit a conditional model writes or is told (null for the others).

  /**
   * A drawing's RGBA pixels (ArrayBuffer, transferred) → what the drawing panel shows; a
   * conditional model encodes it told `chosen`, or the digit it reads when that is null.
   */
  drawing(rgba, width, height, refineSteps, chosen = null, image = null) {
    return this.ask('drawing', 'drawing', { rgba, width, height, refineSteps, chosen, image }, [rgba]);
  }

  /**
   * Every step from an image to its ELBO: of `image` (the drawing's input), or of test digit
   * `testIndex` when `image` is null, with the noise `eps` (null: the API's fixed draw); with
   * `withEstimates`, also the drawing panel's estimator for the same q(z|x) and p(x|μ). Down
   * `lane`: the Inside view's, or another view's that shows the same steps.
   */
  explain(image, testIndex, eps, label = null, withEstimates = false, lane = 'inside') {
    return this.ask(lane, 'explain', { image, testIndex, eps, label, withEstimates });
  }

  /**
   * Test image `index`: { pixels, label } (label null without labels). Down the drawing panel's
   * lane: it goes into the pad, and a drawing after it replaces it.
   */
  testImage(index) {
    return this.ask('drawing', 'testImage', { index });
  }

  denoise(image, noise, refineSteps, label = null) {
    return this.ask('denoise', 'denoise', { image, noise, refineSteps, label });
  }

  async decode(latent, label = null) {
    return (await this.ask('slider', 'decode', { latent, label }))?.pixels ?? null;
  }

  /** One style `latent` written as each digit 0–9 (a conditional model): 10 × 784. */
  async decodeAllClasses(latent) {
    return (await this.ask('slider', 'decodeAllClasses', { latent }))?.pixels ?? null;
  }

  /** Decodes count × latentDim values (a Float32Array, transferred), down `lane`. */
  async decodeBatch(latents, label = null, lane = 'manifold') {
    return (await this.ask(lane, 'decodeBatch', { latents, label }, [latents.buffer]))?.pixels ?? null;
  }

  async sample(count, label = null) {
    return (await this.ask('samples', 'sample', { count, label }))?.pixels ?? null;
  }

  async interpolate(a, b, steps, label = null) {
    return (await this.ask('interpolation', 'interpolate', { a, b, steps, label }))?.pixels ?? null;
  }

  encodeDataset(count) {
    return this.ask('map', 'encodeDataset', { count });
  }

  /**
   * Where test digits' ELBOs lie for the model in use (VaeSession.elboDistribution over the
   * first 1,000): asked once per model, null for an autoencoder (no ELBO) or when the model
   * changed before it was measured.
   */
  elboDistribution() {
    if (this.autoencoder) return Promise.resolve(null);
    if (this.distribution?.generation !== this.generation) {
      const asked = this.ask('distribution', 'elboDistribution', { limit: DISTRIBUTION_IMAGES }).then((answer) => answer?.distribution ?? null);
      this.distribution = { generation: this.generation, asked };
      // A failed or replaced measurement is asked for again next time.
      asked.then((value) => value ?? this.forgetDistribution(asked), () => this.forgetDistribution(asked));
    }
    return this.distribution.asked;
  }

  forgetDistribution(asked) {
    if (this.distribution?.asked === asked) this.distribution = null;
  }

  /**
   * Each test digit's ELBO and complexity for the model in use (VaeSession.testElbos and
   * testComplexities over the first 10,000, in their order: `{elbos, complexities}`,
   * Float32Arrays): asked once per model, null for an autoencoder (no ELBO) or when the model
   * changed before they were measured. The same arrays for every caller: read, never written.
   */
  testScores() {
    if (this.autoencoder) return Promise.resolve(null);
    if (this.scores?.generation !== this.generation) {
      const asked = this.ask('testScores', 'testScores', { limit: TEST_ELBO_IMAGES }).then((answer) => answer ?? null);
      this.scores = { generation: this.generation, asked };
      const forget = () => {
        if (this.scores?.asked === asked) this.scores = null;
      };
      asked.then((value) => value ?? forget(), forget);
    }
    return this.scores.asked;
  }

  /**
   * `image` completed from the pixels `mask` observes (1 observed, 0 missing), down the
   * "Fill in what is missing" view's lane: `{ completion, samples, spread }` (see protocol.js).
   */
  complete(image, mask, steps, samples, label = null) {
    return this.ask('completion', 'complete', { image, mask, steps, samples, label });
  }

  /** The mask of preset `name` (the wasm module's maskPresets), its own lane: a click is never replaced by a completion. */
  async maskPreset(name, seed) {
    return (await this.ask('mask', 'maskPreset', { name, seed }))?.mask ?? null;
  }

  /** A model card's figures over the first `limit` test images (all of them when 0). */
  async statistics(limit) {
    return (await this.ask('statistics', 'statistics', { limit }))?.statistics ?? null;
  }
}
