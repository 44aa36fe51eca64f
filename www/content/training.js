// What the training panel tells a learner about β, the KL warm-up and the autoencoder: the
// sentences live here so that the panel's code holds no prose and the words can be read at once.

/** Under the training form, by the kind chosen. */
export const KIND_HINTS = Object.freeze({
  vae:
    'β weighs the KL term, which pulls every q(z|x) towards the prior N(0, I): at 0 the VAE is an autoencoder again, far above 1 dimensions give up. ' +
    'With a KL warm-up, β rises from 0 over that many steps: watch the KL curve fall as β (dashed, right axis) rises.',
  ae:
    'An autoencoder has no KL term: it trains on the reconstruction alone, so β and the KL warm-up do not apply. ' +
    'Nothing pulls its codes towards N(0, I): a point drawn from the prior may land where no code lies, and decode to something the model never learnt (compare its samples with a VAE’s in the Compare view).',
});

/** The title of a field that does not apply to an autoencoder. */
export const NOT_FOR_AUTOENCODER = 'Does not apply to an autoencoder: it has no KL term to weigh.';

/** The loss chart's legend where the KL and β curves would be, for an autoencoder. */
export const AUTOENCODER_LEGEND = Object.freeze(['no KL, no β:', 'an autoencoder', 'has no KL term']);

/** The training status and the per-epoch log, for an autoencoder. */
export const AUTOENCODER_LOSS = 'reconstruction alone: an autoencoder has no KL term, no ELBO';
export const AUTOENCODER_TEST = 'an autoencoder has no KL term, so no ELBO';

/** The slow-motion step of an autoencoder, after its numbers. */
export const AUTOENCODER_STEP = 'An autoencoder’s loss is its reconstruction alone: no ε is drawn and there is no KL term.';
