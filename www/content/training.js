// What the training panel tells a learner about β, the KL warm-up and the autoencoder: the
// sentences live here so that the panel's code holds no prose and the words can be read at once.

import { localised } from '../i18n/localised.js';

export const TRAINING_TEXT = localised('training', {
  /** Under the training form, by the kind chosen. */
  kindHints: {
    vae:
      'β weighs the KL term, which pulls every q(z|x) towards the prior N(0, I): at 0 the VAE is an autoencoder again, far above 1 dimensions give up. ' +
      'With a KL warm-up, β rises from 0 over that many steps: watch the KL curve fall as β (dashed, right axis) rises.',
    ae:
      'An autoencoder has no KL term: it trains on the reconstruction alone, so β and the KL warm-up do not apply. ' +
      'Nothing pulls its codes towards N(0, I): a point drawn from the prior may land where no code lies, and decode to something the model never learnt (compare its samples with a VAE’s in the Compare view).',
  },

  /** The title of a field that does not apply to an autoencoder. */
  notForAutoencoder: 'Does not apply to an autoencoder: it has no KL term to weigh.',

  /** The slow-motion step (one Adam step on a batch, in detail); figures come formatted, `change` signed. */
  step: {
    batch: ({ batch, shown }) => `One Adam step on a batch of ${batch} training images${shown < batch ? ` (the first ${shown} shown)` : ''}. `,
    vae: ({ before, after, change, reconstructionBefore, reconstructionAfter, klBefore, klAfter }) =>
      `This batch's ELBO went from ${before} to ${after} nats (${change}, the same images and ε): ` +
      `reconstruction ${reconstructionBefore} → ${reconstructionAfter}, KL ${klBefore} → ${klAfter}. ` +
      'Its ELBO is another estimate: the mean over these training images, each with one ε of its own, so it does not equal a drawing’s score. ',
    autoencoder: ({ before, after, change }) =>
      `This batch's reconstruction term went from ${before} to ${after} nats (${change}, the same images). ` +
      'An autoencoder’s loss is its reconstruction alone: no ε is drawn and there is no KL term. ',
    next: 'Step again for the next batch, or Resume to train on from here.',
    caption: (vae) => `each image's ${vae ? '−ELBO' : 'reconstruction term'} in nats, in the batch's order:`,
    terms: ({ vae, reconstruction, kl, worst, cost }) =>
      `Each image's ${vae ? `reconstruction and KL terms: on average ${reconstruction} and ${kl} nats` : `reconstruction term (an autoencoder has no KL term): on average ${reconstruction} nats`}; image ${worst} costs the most, ${cost}`,
    means: ({ vae, labels, typical, magnify }) =>
      `${vae ? 'posterior means' : 'codes z'}: before (ring) → after (dot), ${labels ? 'coloured by label' : 'one colour (no labels)'}; a typical ${vae ? 'mean' : 'code'} moved ${typical}` +
      (magnify > 1 ? `, arrows drawn ×${magnify}` : ''),
    /** The pictures' words: the batch's images with their labels (null: none), their reconstructions, where the means moved. */
    images: ({ batch, shown, labels }) =>
      `${shown < batch ? `The first ${shown} of the batch’s ${batch} training images` : `The batch’s ${batch} training images`}${labels ? `, labelled ${labels.join(', ')}` : ' (no labels)'}`,
    reconstructions: ({ vae, before, after }) =>
      `Their reconstructions p(x|z) before the step${vae ? ', each from its own ε' : ''}: the reconstruction term ${before} nats per image on average, ${after} after the step`,
    moves: ({ vae, batch, typical, most, image, label }) =>
      `Where the batch’s ${batch} ${vae ? 'posterior means' : 'codes'} moved on the latent map’s plane in this step: a typical one by ${typical}; ` +
      `image ${image}’s${label === null ? '' : ` (labelled ${label})`} moved the most, by ${most}`,
  },

  /** The fixed prior samples beside the curves: none yet, or `count` images decoded by the model after `epoch` epochs (`ink` worded by the accessibility content). */
  samples: ({ count, epoch, ink }) =>
    count === 0 ? 'Fixed prior samples: none yet; training decodes the same z as it goes' : `${count} samples decoded from the same fixed z by the model after ${epoch} epochs: ${ink}`,

  /** The titles of the fields that weigh the KL term, for a VAE. */
  fieldTitles: { beta: 'β weighs the KL term in the loss: reconstruction + β·KL', warmupSteps: 'β rises linearly from 0 to its value over this many optimiser steps (0: β from the first step)' },

  /** The form's fields, as a refusal names them. */
  fields: { latentDim: 'Latent dim', batchSize: 'Batch', learningRate: 'Learning rate', beta: 'β', warmupSteps: 'KL warm-up steps', epochs: 'Epochs' },
  /** A field's value refused: its name, the limits, and what was given (`given` null: not a number; '': empty). */
  refused: ({ field, whole, min, max, given }) =>
    `${field}: expected ${whole ? 'a whole number' : 'a number'} from ${min} to ${max}, got ${given === null ? 'something that is not a number' : given === '' ? 'an empty field' : given}`,
  /** MNIST as the status names what a run loads, and its test images. */
  mnist: 'MNIST (11 MB)',

  /** The Model menu's place for a model trained in this browser, before one is. */
  lastTrained: 'last trained (this browser)',

  /** The Start button, and what it reads while a run is paused. */
  start: 'Start',
  resume: 'Resume',

  /** The status line before any run, and as a run goes. */
  idle: 'Idle. The page starts from a pretrained model; Start trains it further, Reset starts from scratch.',
  startingWorker: (data) => `Starting the worker and loading ${data}…`,
  startingStep: (data) => `Starting the worker and loading ${data} for one step…`,
  resuming: 'Resuming…',
  oneStep: 'One step…',
  trainingOn: ({ backend, threads }) => `Training on ${backend === 'webgpu' ? 'WebGPU' : `${backend}, ${threads > 1 ? `${threads} threads` : 'one core'}`}…`,
  stepShown: ({ step, epoch }) => `Step ${step} taken in slow motion (epoch ${epoch}); see it below.`,
  paused: ' · paused',
  finished: ' · finished',
  stopped: (message) => `Training stopped: ${message}`,
  /** A progress report: the figures come formatted. */
  progress: ({ epoch, epochs, images, speed, loss, eta, elapsed }) => `epoch ${epoch} / ${epochs} · ${images} images · ${speed} img/s · ${loss} · ETA ${eta} · ${elapsed} elapsed`,
  loss: ({ objective, reconstruction, kl, beta }) =>
    kl === null ? `loss ${objective} (reconstruction alone: an autoencoder has no KL term, no ELBO)` : `loss ${objective} (recon ${reconstruction}, KL ${kl}, β ${beta})`,
  /** The ETA until the run's speed is measured (its first chunk includes start-up). */
  etaPending: 'estimating',
  duration: ({ minutes, seconds }) => (minutes ? `${minutes} min ${seconds} s` : `${seconds} s`),

  /** The log: after a run's first chunk (a fresh model's loss starts near 784 ln 2 ≈ 543 nats), and per epoch. */
  firstChunk: ({ steps, images, loss }) =>
    `first ${steps} steps (${images} images): loss ${loss} nats; a fresh model starts near 543 (every pixel a coin flip), so watch it fall`,
  epoch: ({ epoch, elbo, reconstruction, kl }) =>
    elbo === null
      ? `epoch ${epoch}: test reconstruction ${reconstruction} nats (an autoencoder has no KL term, so no ELBO)`
      : `epoch ${epoch}: test ELBO ${elbo} (recon ${reconstruction}, KL ${kl})`,
  accuracy: ({ percent, images, noun }) => ` · reads ${percent} % of the first ${images} ${noun} right`,

  /** The Model menu after training here: "trained here · conv, latent 2, β 1". */
  trainedModel: ({ kind, latentDim, beta }) =>
    `trained here · ${{ conv: 'conv', mlp: 'MLP', cvae: 'conditional', ae: 'autoencoder' }[kind] ?? kind}, latent ${latentDim}${kind === 'ae' || beta === undefined ? '' : `, β ${beta}`}`,
});
