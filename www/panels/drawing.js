// The drawing panel: the pad, what the model sees, the reconstruction, and the ELBO score (an
// autoencoder's reconstruction term: it has no ELBO, and no q(z|x) to refine); with a
// conditional model also which digit it reads (p(y|x) as ten bars, one of which the person may
// choose) and the drawing's style written as every digit. A test digit (test-digit-field.js) or an
// image file (pad-image.js) can go into the pad instead of a drawing. Each canvas says in words what it shows, and the
// result is announced once the answers stop coming.

import { PoliteAnnouncer } from '../assist.js';
import { ACCESSIBILITY_TEXT as A } from '../content/accessibility.js';
import { DRAWING_TEXT } from '../content/autoencoder.js';
import { DATASET_TEXT } from '../content/dataset.js';
import { DIGITS_TEXT, SCORE_TEXT } from '../content/numbers.js';
import { MNIST_TEST_IMAGES } from '../data.js';
import { DrawingPad } from '../draw.js';
import { PadImage } from '../pad-image.js';
import { count, fixed } from '../i18n/format.js';
import { onLanguageChange } from '../i18n/language.js';
import { say, sayAttribute } from '../i18n/say.js';
import { DIGIT_COLOURS, clearCanvas, drawImages, inkedPixels } from '../plots.js';
import { TestDigitField } from './test-digit-field.js';

const $ = (id) => document.getElementById(id);
/** Gradient steps that refine the encoder's q(z|x) of a drawing: the gain levels off by ~50. */
const REFINE_STEPS = 50;
/** The side of the model's input, in pixels: a test image's, and an image file's as read. */
const INPUT_SIDE = 28;
/** The result is announced once no new answer came for this long (answers follow every stroke). */
const ANNOUNCE_QUIET_MS = 1000;
/** The arrow keys' moves between the digits' radio buttons. */
const DIGIT_KEYS = Object.freeze({ ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 });

/** How digit-like an ELBO is, in words. */
function verdict(elbo) {
  const words = SCORE_TEXT.verdict;
  if (elbo > -120) return words.veryDigitLike;
  if (elbo > -200) return words.digitLike;
  if (elbo > -300) return words.odd;
  return words.notDigit;
}

export class DrawingPanel {
  /**
   * @param {import('../model-client.js').ModelClient} model
   * @param {{onDrawn: (result: object|null) => void, onError: (error: Error) => void}} events
   *   onDrawn: the drawing's input, posterior and (conditional model) label, its ELBO under the
   *   encoder's q(z|x) (`encoderElbo`, a number; null for an autoencoder) over `samples` ε, and
   *   p(y|x) (`probabilities`, null but for a conditional model), its complexity in nats
   *   (`complexity`); null once the pad is empty
   */
  constructor(model, { onDrawn, onError }) {
    this.model = model;
    this.onDrawn = onDrawn;
    this.onError = onError;
    /** The latest drawing as the model sees it, and what it answered (null: nothing drawn). */
    this.input = null;
    this.reconstruction = null;
    this.posterior = null;
    /** The score of the answer shown (VaeSession.infer's `elbo`; null: nothing drawn). */
    this.score = null;
    /** The test image in the pad ({index, label}; null: none put there), and the split it comes from. */
    this.testDigit = null;
    /** The image file in the pad ({name}; null: none put there). */
    this.picture = null;
    /** The 28×28 input of the test image or file put in the pad: the model reads it as it is until a stroke goes over it. */
    this.placedInput = null;
    this.testSet = { brought: false, names: null };
    /** How many answers the panel has shown (the page tests count them). */
    this.shown = 0;
    /** A conditional model's answer: p(y|x), the digit encoded, and the one the person chose (null: the most probable). */
    this.probabilities = null;
    this.label = null;
    this.chosen = null;
    /** Whether the person wants refinement: kept while an autoencoder (which has none) is in use. */
    /** While a run trains, the typical range stays as last measured (it is measured again when the run stops). */
    this.holdRange = false;
    this.refineChosen = $('refine').checked;
    say($('refine-note'), () => DRAWING_TEXT.refineNote);
    this.pad = new DrawingPad($('pad'), () => this.refresh());
    this.testDigitField = new TestDigitField((index) => this.useTestDigit(index).catch(onError));
    new PadImage($('pad'), $('pad-image'), { onImage: (pixels, name) => this.useImage(pixels, name), onError });
    this.announcer = new PoliteAnnouncer($('drawing-summary'), ANNOUNCE_QUIET_MS);
    say($('score-label'), () => SCORE_TEXT.empty);
    $('refine').addEventListener('change', () => this.refresh());
    $('clear').addEventListener('click', () => {
      this.chosen = null;
      this.pad.clear();
    });
    $('undo').addEventListener('click', () => this.pad.undo());
    $('class-bars').replaceChildren(...DIGIT_COLOURS.map((colour, digit) => this.classBar(digit, colour)));
    $('class-bars').addEventListener('keydown', (event) => this.digitKey(event));
    $('every-digit').addEventListener('click', (event) => {
      const box = event.currentTarget.getBoundingClientRect();
      this.choose(Math.min(9, Math.floor(((event.clientX - box.left) / box.width) * 10)));
    });
    this.describe();
    onLanguageChange(() => this.describe());
  }

  /** One digit's bar of p(y|x): a radio button that chooses the digit the style is encoded as. */
  classBar(digit, colour) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'class-bar';
    button.setAttribute('role', 'radio');
    button.setAttribute('aria-checked', 'false');
    // One tab stop for the ten (the digit encoded); the arrow keys move between them.
    button.tabIndex = digit === 0 ? 0 : -1;
    const track = document.createElement('span');
    track.className = 'track';
    const fill = document.createElement('i');
    fill.style.background = colour;
    track.append(fill);
    const name = document.createElement('span');
    name.className = 'digit';
    name.textContent = String(digit);
    const share = document.createElement('small');
    button.append(track, name, share);
    button.addEventListener('click', () => this.choose(digit));
    return button;
  }

  /** Encodes the drawing as `digit` from now on; choosing it again goes back to the digit read. */
  choose(digit) {
    this.chosen = this.chosen === digit ? null : digit;
    this.refresh();
  }

  /** The arrow keys choose the next or previous digit, as a radio group's do. */
  digitKey(event) {
    const buttons = [...$('class-bars').children];
    const at = buttons.indexOf(document.activeElement);
    if (at < 0 || !Object.hasOwn(DIGIT_KEYS, event.key)) return;
    event.preventDefault();
    const digit = (at + DIGIT_KEYS[event.key] + buttons.length) % buttons.length;
    buttons.forEach((button, i) => (button.tabIndex = i === digit ? 0 : -1));
    buttons[digit].focus();
    this.chosen = digit;
    this.refresh();
  }

  /** Puts test image `index` in the pad, in place of the drawing, and asks for its answer. */
  async useTestDigit(index) {
    const image = await this.model.testImage(index);
    // Replaced by a newer drawing or test digit meanwhile.
    if (!image) return;
    this.chosen = null;
    this.testDigit = { index, label: image.label };
    this.picture = null;
    this.placedInput = Float32Array.from(image.pixels);
    this.pad.setImage(image.pixels, INPUT_SIDE);
    await this.refresh();
  }

  /** Puts an image file's 28×28 input (levels 0–1) in the pad, in place of the drawing, and asks for its answer. */
  async useImage(pixels, name) {
    this.chosen = null;
    this.testDigit = null;
    this.picture = { name };
    this.placedInput = Float32Array.from(pixels);
    this.pad.setImage(pixels, INPUT_SIDE);
    await this.refresh();
  }

  /** Test images come from a brought split ({count, names}) or MNIST's (null). */
  setTestSet(brought) {
    this.testSet = brought ? { brought: true, names: brought.names } : { brought: false, names: null };
    this.testDigitField.setCount(brought ? brought.count : MNIST_TEST_IMAGES);
  }

  /** Shows or hides the conditional parts for the model in use. */
  modelChanged() {
    $('digit-panel').hidden = !this.model.conditional;
    if (!this.model.conditional) this.chosen = null;
    this.showKind();
  }

  /**
   * The refine box and the score's name for the model in use. Checked on every refresh too: a
   * training run's weights may change the kind without a model change of the page's.
   */
  showKind() {
    const autoencoder = this.model.autoencoder;
    const box = $('refine');
    if (autoencoder !== box.disabled) {
      if (autoencoder) this.refineChosen = box.checked;
      box.disabled = autoencoder;
      box.checked = !autoencoder && this.refineChosen;
      $('refine-note').hidden = !autoencoder;
    }
    say($('score-name'), () => (autoencoder ? DRAWING_TEXT.scoreName : 'ELBO'));
  }

  /** Refinement steps for the drawing: none for an autoencoder, which refuses them. */
  refineSteps() {
    return $('refine').checked && !this.model.autoencoder ? REFINE_STEPS : 0;
  }

  /** Asks for the current drawing's answer; a newer drawing replaces a request still waiting. */
  async refresh() {
    this.showKind();
    $('pad-hint').hidden = !this.pad.isEmpty();
    // The pad's words follow every stroke; the others, the answer.
    $('pad').setAttribute('aria-label', this.padWords());
    if (this.pad.isEmpty()) {
      this.showEmpty();
      return;
    }
    // An image put in the pad is read as it is (drawn into the pad and read back it would come
    // out blurred and shifted); once strokes go over it, the pad as a whole is.
    const placed = this.pad.image && this.pad.strokes.length === 0 ? this.placedInput : null;
    const { data, width, height } = this.pad.imageData();
    const refineSteps = this.refineSteps();
    let result;
    try {
      result = await this.model.drawing(data.buffer, width, height, refineSteps, this.model.conditional ? this.chosen : null, placed);
    } catch (error) {
      this.onError(error);
      return;
    }
    // Replaced by a newer drawing, too faint to read yet, or cleared meanwhile.
    if (!result?.input || this.pad.isEmpty()) return;
    this.show(result, refineSteps);
  }

  show({ input, mean, logVar, reconstruction, elbo, encoderElbo, refined, samples, probabilities, label, digits, complexity }, refineSteps) {
    this.input = input;
    this.reconstruction = reconstruction;
    this.posterior = { mean, logVar };
    this.probabilities = probabilities;
    this.label = label;
    this.score = elbo;
    this.shown += 1;
    drawImages($('input-view'), input, 1);
    drawImages($('recon-view'), reconstruction, 1);
    this.showScore({ elbo, encoderElbo, refined, samples }, refineSteps, probabilities ? label : null);
    if (probabilities) this.showDigits(probabilities, label, digits);
    this.describe();
    this.announcer.say(() => (this.score ? A.summary({ subject: this.subjectWords(), result: this.resultWords() }) : ''));
    // With the encoder's own ELBO (an autoencoder's: null), scored as the test digits are, for "Is this a digit?".
    this.onDrawn({ input, posterior: this.posterior, label, encoderElbo: encoderElbo.elbo ?? null, complexity, samples, probabilities });
  }

  /** The canvases' words: what is in the pad, what the model sees, and what it made of it. */
  describe() {
    $('pad').setAttribute('aria-label', this.padWords());
    if (!this.input) {
      $('input-view').setAttribute('aria-label', A.input.empty);
      $('recon-view').setAttribute('aria-label', A.reconstruction.empty);
      return;
    }
    const inked = inkedPixels(this.input);
    $('input-view').setAttribute('aria-label', A.input.shown({ inked }));
    $('recon-view').setAttribute('aria-label', this.resultWords());
  }

  /** What is in the pad: a test image or an image file (while it is there) or the person's drawing. */
  subjectWords() {
    if (this.pad.image && this.picture) return A.fileSubject(this.picture.name);
    if (!this.pad.image || !this.testDigit) return A.yourDrawing;
    const { index, label } = this.testDigit;
    return A.testSubject({ noun: DATASET_TEXT.testImage(this.testSet.brought), index, label: label === null ? null : (this.testSet.names?.[label] ?? String(label)) });
  }

  /** What the pad holds, in words: empty, strokes, or a test image (with any strokes over it). */
  padWords() {
    if (this.pad.isEmpty()) return A.pad.empty;
    const strokes = this.pad.strokes.length;
    return this.pad.image && (this.testDigit || this.picture) ? A.pad.image({ subject: this.subjectWords(), strokes }) : A.pad.strokes(strokes);
  }

  /** The reconstruction in words: the score, and which digit a conditional model reads. */
  resultWords() {
    const score = this.score;
    if (score.elbo === undefined) return A.reconstruction.autoencoder({ reconstruction: fixed(score.reconstruction, 1) });
    let reads = null;
    if (this.probabilities) {
      const read = this.probabilities.indexOf(Math.max(...this.probabilities));
      reads = this.chosen === null ? A.reconstruction.reads({ label: this.label, p: fixed(this.probabilities[this.label], 2) }) : A.reconstruction.chosen({ label: this.label, read });
    }
    return A.reconstruction.vae({ reads, elbo: fixed(score.elbo, 1), verdict: verdict(score.elbo) });
  }

  /**
   * The ELBO, what it says, which estimator it is (refined or the encoder's q(z|x), over how
   * many ε) with the encoder's own on the same ε beside it when refinement was asked for, and
   * where test digits lie; an autoencoder's `elbo` holds its reconstruction term alone, shown
   * as such.
   */
  showScore({ elbo, encoderElbo, refined, samples }, refineSteps, told) {
    if (elbo.elbo === undefined) {
      $('score').textContent = elbo.reconstruction.toFixed(1);
      say($('score-label'), () => DRAWING_TEXT.scoreNote);
      say($('score-range'), () => '');
      return;
    }
    // The headline number as a machine reads it too (the page tests, a screen reader): ASCII minus.
    $('score').textContent = elbo.elbo.toFixed(1);
    say($('score-label'), () => {
      const estimator = refined ? SCORE_TEXT.refined(samples) : refineSteps ? SCORE_TEXT.kept(samples) : SCORE_TEXT.encoder(samples);
      const encoderAlone = refined ? ` · ${SCORE_TEXT.encoderAlone(fixed(encoderElbo.elbo, 1))}` : '';
      return `${verdict(elbo.elbo)}${told === null ? '' : SCORE_TEXT.toldAs(told)} · ${estimator}${encoderAlone}`;
    });
    if (!this.holdRange) this.showRange();
  }

  /** Where test digits typically score for the model in use (measured once per model). */
  async showRange() {
    const range = $('score-range');
    if (!range.textContent) say(range, () => SCORE_TEXT.rangePending);
    let distribution;
    try {
      distribution = await this.model.elboDistribution();
    } catch (error) {
      this.onError(error);
      return;
    }
    if (!distribution || this.model.autoencoder || this.pad.isEmpty()) return;
    const [, low, median, high] = distribution.percentiles.map((value) => fixed(value, 1));
    say(range, () => SCORE_TEXT.range({ images: count(distribution.images), median, low, high }));
  }

  /** p(y|x) as ten bars (the digit encoded checked), and the style written as every digit. */
  showDigits(probabilities, label, digits) {
    [...$('class-bars').children].forEach((button, digit) => {
      const p = probabilities[digit];
      button.querySelector('i').style.height = `${Math.max(2, p * 100)}%`;
      button.querySelector('small').textContent = p >= 0.995 ? '>99%' : `${Math.round(p * 100)}%`;
      button.setAttribute('aria-checked', String(digit === label));
      button.tabIndex = digit === label ? 0 : -1;
      sayAttribute(button, 'aria-label', () => DIGITS_TEXT.bar({ digit, p: fixed(p, 3), encoded: digit === label }));
      button.classList.toggle('chosen', digit === this.chosen);
    });
    drawImages($('every-digit'), digits, 10, 10);
    const chosen = this.chosen !== null;
    say($('every-digit-caption'), () => DIGITS_TEXT.caption({ label, chosen }));
  }

  showEmpty() {
    this.input = this.reconstruction = this.posterior = this.probabilities = this.label = this.score = null;
    this.announcer.cancel();
    this.describe();
    clearCanvas($('input-view'));
    clearCanvas($('recon-view'));
    clearCanvas($('every-digit'));
    say($('every-digit-caption'), () => DIGITS_TEXT.caption({ label: null, chosen: false }));
    [...$('class-bars').children].forEach((button) => {
      button.querySelector('i').style.height = '0';
      button.querySelector('small').textContent = '';
      button.setAttribute('aria-checked', 'false');
      button.classList.remove('chosen');
    });
    $('score').textContent = '–';
    say($('score-label'), () => SCORE_TEXT.empty);
    say($('score-range'), () => '');
    this.onDrawn(null);
  }

  /** Shows `strokes` (a shared link's) as the drawing, encoded as `digit` (null: the digit read), and its answer. */
  async setStrokes(strokes, digit) {
    this.chosen = digit;
    this.pad.setStrokes(strokes);
    await this.refresh();
  }

  /** Whether a change of the drawing waits for its frame (then a request follows). */
  get pending() {
    return this.pad.framePending;
  }
}
