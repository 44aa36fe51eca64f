// The training panel's settings form: its limits from the wasm API, the fields an autoencoder
// has not, and its values read as a config (or refused, naming the field and its limits).

import { TRAINING_TEXT as T } from '../content/training.js';
import { language } from '../i18n/language.js';
import { say, sayAttribute } from '../i18n/say.js';

const $ = (id) => document.getElementById(id);
/** The form's fields that are VaeConfig fields with limits in configLimits(). */
const LIMITED_FIELDS = ['latentDim', 'batchSize', 'learningRate', 'beta', 'warmupSteps'];
/** The fields that weigh the KL term: an autoencoder has none. */
const KL_FIELDS = ['beta', 'warmupSteps'];
const SEED_LIMIT = 2 ** 31;
/** A limit as a message gives it: "0.000001", "1,000,000,000". */
const formatLimit = (value) => value.toLocaleString(language(), { maximumSignificantDigits: 6 });

/**
 * Why a refused number field's value is refused, as words in the language in use when read,
 * naming the field and its limits in the crate's words: "β: expected a number from 0 to 100, got
 * -1". The value is the one refused, whatever the field holds by then. (The browser keeps no text
 * that is not a number in such a field: "NaN", "Infinity" leave it empty.)
 */
function numberProblem(input) {
  const refused = { whole: input.step === '1', min: Number(input.min), max: Number(input.max), given: input.validity.badInput ? null : input.value };
  return () => T.refused({ ...refused, field: T.fields[input.name] ?? input.name, min: formatLimit(refused.min), max: formatLimit(refused.max) });
}

export class TrainingForm {
  /** @param {(words: string | (() => string), kind?: string) => void} notify where a refused field is said */
  constructor(notify) {
    this.notify = notify;
    this.element = $('train-form');
    /** Whether the form is disabled whole (while training). */
    this.locked = false;
    this.element.elements.kind.addEventListener('change', () => this.applyKind());
  }

  /** Disables the whole form while a run goes (`running`), and gives back what the kind allows after. */
  lock(running) {
    this.locked = running;
    this.element.querySelectorAll('input, select').forEach((input) => (input.disabled = running));
    if (!running) this.applyKind();
  }

  /** The limits and defaults of configLimits() on the form's inputs. */
  applyLimits(limits) {
    const form = this.element;
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
    const form = this.element;
    form.elements.kind.value = config.kind;
    form.elements.latentDim.value = config.latentDim;
    this.applyKind();
  }

  get autoencoderChosen() {
    return this.element.elements.kind.value === 'ae';
  }

  /**
   * β and the warm-up weigh the KL term, which an autoencoder has not: for one they are
   * disabled, and their titles and the hint under the form say why.
   */
  applyKind() {
    const form = this.element;
    const autoencoder = this.autoencoderChosen;
    for (const name of KL_FIELDS) {
      const input = form.elements[name];
      const label = input.closest('label');
      sayAttribute(label, 'title', () => (autoencoder ? T.notForAutoencoder : T.fieldTitles[name]));
      // A running form stays disabled whole; setRunning(false) comes back here.
      if (!this.locked) input.disabled = autoencoder;
    }
    say($('train-kind-hint'), () => (autoencoder ? T.kindHints.ae : T.kindHints.vae));
  }

  /**
   * The form's settings, or null (with a message naming the field and its limits) where one is
   * empty, out of range or not whole. An autoencoder's config has no β or warm-up (the crate's
   * defaults stand in: it weighs no KL term).
   */
  read() {
    const form = this.element;
    // Disabled fields (an autoencoder's β and warm-up) are not checked: they are not sent.
    const invalid = [...form.elements].find((input) => input.name && !input.checkValidity());
    if (invalid) {
      this.notify(numberProblem(invalid), 'error');
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
}
