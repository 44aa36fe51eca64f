// Every message between the page and its workers, with its fields: the one list both sides
// use. Each side builds what it sends with `compose` and checks what it receives with `accept`,
// so a field that is not named here cannot be sent or read by mistake.
//
// Values that come straight from the wasm API keep the shapes VaeSession gives them (a config
// object, a training report, a loss summary); the fields named here are the messages' own.

/** A list of message types, each with the fields it carries (besides `type`). */
function catalogue(types) {
  return Object.freeze(types);
}

/** The same list with one more field on every type. */
function withField(types, field) {
  return catalogue(Object.fromEntries(Object.entries(types).map(([type, fields]) => [type, [field, ...fields]])));
}

// ---------------------------------------------------------------- page ↔ inference worker
// The page sends {type, id, ...request fields}; the worker answers every request with a REPLY
// (carrying a result of the same type) or a FAILURE, and announces a CRASHED session (a trapped
// wasm instance: nothing more can run there) before it closes.

const INFERENCE_CALLS = {
  // Start a session: `build` 'threads' or 'full' (see wasm.js), `backend` the one to
  // create in it; `threads`: how many threads the loaded build computes on.
  open: { request: ['build', 'backend'], result: ['backend', 'threads', 'config', 'limits'] },
  // `weights`: an ArrayBuffer in the weights format, transferred; the result hands it back,
  // with what the model was trained on (`trainedOn`: VaeSession.trainedOn()).
  loadWeights: { request: ['weights'], result: ['config', 'weights', 'trainedOn'] },
  // A fresh random model under `config`; the result carries its weights (ArrayBuffer).
  reset: { request: ['config'], result: ['config', 'weights', 'trainedOn'] },
  saveWeights: { request: [], result: ['weights'] },
  // A drawing's RGBA pixels (ArrayBuffer), or `image`, a 28×28 input read as it is (a test image
  // or a file put in the pad, with no stroke over it; null otherwise): what the model sees, q(z|x) refined by `refineSteps`,
  // the reconstruction, and the ELBO refined and with the encoder alone. All null when the
  // drawing holds too little ink to read. An autoencoder's `logVar` is null, and its `elbo` and
  // `encoderElbo` hold `{ reconstruction }` alone. `refined`, `samples`, `elboSpread`: as
  // VaeSession.infer gives them (the last two null for an autoencoder). With a conditional
  // model also p(y|x) (`probabilities`), the `label` it was encoded with (`chosen`, or the most
  // probable when that is null) and its style written as every digit (`digits`, 10 × 784);
  // else those are null. `complexity`: the drawing's in nats (imageComplexity), what the
  // complexity-corrected "Is this a digit?" score adds to its ELBO.
  drawing: {
    request: ['rgba', 'width', 'height', 'refineSteps', 'chosen', 'image'],
    result: ['input', 'mean', 'logVar', 'reconstruction', 'elbo', 'encoderElbo', 'refined', 'samples', 'elboSpread', 'probabilities', 'label', 'digits', 'complexity'],
  },
  // Every step from an image to its ELBO (VaeSession.explain): of the drawing's input `image`,
  // or (when `image` is null) of test digit `testIndex`; `eps` the noise held (null: the API's
  // fixed draw); `label` the digit a conditional model is told about the drawing (a test digit
  // is told its own). `input` is the image explained, `label` the test digit's or the one used.
  // For a VAE also `score`: the encoder's q(z|x) scored as the drawing panel scores it
  // (VaeSession.infer with no refinement: `{ elbo, samples, elboSpread }`), and `centre`:
  // p(x|μ), decoded at ε = 0, when `withEstimates` (the Inside view); both null for an autoencoder
  // or without it.
  explain: { request: ['image', 'testIndex', 'eps', 'label', 'withEstimates'], result: ['input', 'label', 'explanation', 'score', 'centre'] },
  // Test image `index` (VaeSession.datasetImage): its 28×28 `pixels` and `label` (null without
  // labels), for the drawing panel's pad.
  testImage: { request: ['index'], result: ['pixels', 'label'] },
  // `image` with salt-and-pepper noise of probability `noise`, and its reconstruction.
  denoise: { request: ['image', 'noise', 'refineSteps', 'label'], result: ['noisy', 'reconstruction'] },
  // `label`, in these: the digit a conditional model writes (null for the others).
  decode: { request: ['latent', 'label'], result: ['pixels'] },
  // One style written as each digit 0–9 by a conditional model (10 × 784).
  decodeAllClasses: { request: ['latent'], result: ['pixels'] },
  decodeBatch: { request: ['latents', 'label'], result: ['pixels'] },
  // A conditional model writes `count` samples as the digits in turn when `label` is null.
  sample: { request: ['count', 'label'], result: ['pixels'] },
  interpolate: { request: ['a', 'b', 'steps', 'label'], result: ['pixels'] },
  // Posterior means (count × latentDim) of the first `count` test images (fewer when the test
  // split is smaller), and their labels (null without).
  encodeDataset: { request: ['count'], result: ['means', 'labels'] },
  // A model card's figures over the first `limit` test images (VaeSession.latentStatistics).
  statistics: { request: ['limit'], result: ['statistics'] },
  // Where the first `limit` test images' ELBOs lie (VaeSession.elboDistribution), measured once
  // per model; refused for an autoencoder.
  elboDistribution: { request: ['limit'], result: ['distribution'] },
  // Each of the first `limit` test images' ELBO and complexity in nats, in their order
  // (VaeSession.testElbos and testComplexities: Float32Arrays `elbos`, `complexities`),
  // measured once per model; refused for an autoencoder.
  testScores: { request: ['limit'], result: ['elbos', 'complexities'] },
  // `image` completed from the pixels `mask` observes (784 values, 1 observed, 0 missing):
  // VaeSession.complete with `steps` refinement steps on the observed pixels' ELBO, `samples`
  // draws, `label` the digit a conditional model completes it as (null for the others). Its
  // Float32Arrays: `completion` p(x|μ), `samples` (samples × 784), each pixel's `spread`.
  complete: { request: ['image', 'mask', 'steps', 'samples', 'label'], result: ['completion', 'samples', 'spread'] },
  // The mask of preset `name` (one of maskPresets()); `seed` chooses the random presets' pixels.
  maskPreset: { request: ['name', 'seed'], result: ['mask'] },
  // The test split the map, the Inside view and the test digits come from: a brought one,
  // `test` = {pixels, labels, record} as VaeSession.loadBrought takes them, or MNIST's (null).
  useData: { request: ['test'], result: ['count'] },
};

export const INFERENCE_REQUESTS = withField(
  Object.fromEntries(Object.entries(INFERENCE_CALLS).map(([type, call]) => [type, call.request])),
  'id',
);
export const INFERENCE_RESULTS = catalogue(
  Object.fromEntries(Object.entries(INFERENCE_CALLS).map(([type, call]) => [type, call.result])),
);
export const INFERENCE_REPLIES = catalogue({
  reply: ['id', 'result'],
  // `refusal`: the crate's key and values for `message` ({kind, key, values, within}; www/i18n/refusal.js), or null.
  failure: ['id', 'message', 'refusal'],
  crashed: ['reason'],
});

// ---------------------------------------------------------------- page ↔ training worker

export const TRAINING_COMMANDS = catalogue({
  // Train for `epochs` from `weights` (ArrayBuffer, transferred), or go on with the paused run
  // when `continueRun` (then `weights` is null).
  start: ['build', 'backend', 'config', 'epochs', 'weights', 'continueRun'],
  // One optimiser step, shown in detail (training in slow motion), from `weights` or going on
  // with the paused run, as `start`.
  step: ['build', 'backend', 'config', 'weights', 'continueRun'],
  pause: [],
  // The data the next run trains and tests on: MNIST (null), or a brought dataset
  // {train: {pixels, labels}, test: {pixels, labels}, record} (see DATASET_EVENTS.done).
  useData: ['dataset'],
});

export const TRAINING_EVENTS = catalogue({
  // `threads`: how many threads the loaded build computes on.
  ready: ['backend', 'threads'],
  // `report`: what VaeSession.trainSteps returns, after every chunk of steps (its `beta` is the
  // KL weight in effect, rising over a warm-up; an autoencoder's has no `beta` and no KL).
  progress: ['report'],
  // The current weights (ArrayBuffer, transferred) about once a second; `final` when stopping.
  weights: ['weights', 'final'],
  // After each epoch: its number, the test ELBO summary (an autoencoder's: its reconstruction
  // term alone), a conditional model's test `accuracy`
  // on the first `accuracyImages` test digits (null for the others), and the fixed prior samples
  // (64 × 784; for a conditional model 80: eight styles written as each digit).
  epoch: ['epoch', 'test', 'accuracy', 'accuracyImages', 'samples'],
  // The fixed prior samples (as in `epoch`) for the weights so far: after a run's first chunk
  // and with each `weights`, so that the grid fills before an epoch ends.
  samples: ['samples'],
  // `detail`: what VaeSession.trainOneStep returns; the step's weights follow as `weights`.
  stepped: ['detail'],
  // `reason`: 'paused' or 'finished'.
  stopped: ['reason'],
  // A call failed; the last good `weights` ride along when the session could still save them.
  failed: ['message', 'refusal', 'weights'],
  crashed: ['reason'],
});

// ---------------------------------------------------------------- page ↔ dataset worker

export const DATASET_COMMANDS = catalogue({
  // Some of the files picked, [{file, path}]: File objects and their paths (inside the folder
  // picked, or the file's name). A few at a time: the page's thread copies
  // each File it posts (a fraction of a millisecond each), so 60,000 in one message would
  // freeze it for seconds.
  add: ['files'],
  // The files added are IDX files or images (`kind` 'idx' or 'images'), from `where` (the
  // folder's name, or "the files picked"): list and check them.
  open: ['kind', 'where'],
  // Up to 16 inputs from across the dataset under `preprocessing` ({framing, polarity (null: detect), levels}).
  preview: ['preprocessing'],
  // Every input; without a test split a tenth is held out with `seed`; `name` for the record.
  read: ['preprocessing', 'seed', 'name'],
});

export const DATASET_EVENTS = catalogue({
  // Images in all, whether a test split came with them, the classes' names ([] unlabelled).
  opened: ['count', 'hasTest', 'labelNames'],
  // Up to 16 × 784 grey levels as the model will see them; the polarity used (null for IDX files).
  previewed: ['pixels', 'polarity'],
  progress: ['done', 'total'],
  // `train` and `test` {pixels, labels}, `record` as the weights keep it, `heldOut` whether
  // the test split is a held-out tenth.
  done: ['train', 'test', 'record', 'heldOut'],
  failed: ['message', 'refusal'],
});

// ---------------------------------------------------------------- page ↔ WebGPU check

export const PROBE_COMMANDS = catalogue({
  // Check burn's WebGPU backend and time it against the CPU on a model of this `config`.
  measure: ['config'],
});

export const PROBE_EVENTS = catalogue({
  // `times` (null when not `ok`): median milliseconds per job (MEASURED_JOBS) and backend
  // (MEASURED_BACKENDS), as {trainStep: {webgpu, cpu}, decode: {…}, decodeBatch: {…}}, with the
  // sizes timed: `batchSize` images per training step, `decodeBatchSize` latents per batch.
  measured: ['ok', 'reason', 'times'],
});

/** The jobs the check times, and the measurement each backend gets. */
export const MEASURED_JOBS = Object.freeze(['trainStep', 'decode', 'decodeBatch']);
export const MEASURED_BACKENDS = Object.freeze(['webgpu', 'cpu']);

// ---------------------------------------------------------------- building and checking

function check(types, type, fields) {
  const names = types[type];
  if (!names) throw new Error(`unknown message type "${type}"`);
  for (const name of Object.keys(fields)) {
    if (name !== 'type' && !names.includes(name)) throw new Error(`"${type}" has no field "${name}"`);
  }
  for (const name of names) {
    if (!(name in fields)) throw new Error(`"${type}" needs the field "${name}"`);
  }
}

/** The message {type, ...fields}, refused when a field is missing or not listed for `type`. */
export function compose(types, type, fields = {}) {
  check(types, type, fields);
  return { ...fields, type };
}

/** A received message, refused when it does not match its type's fields. */
export function accept(types, message) {
  check(types, message?.type, message ?? {});
  return message;
}
