// The drawing panel: the pad, what the model sees, the reconstruction, and the ELBO score (an
// autoencoder's reconstruction term: it has no ELBO, and no q(z|x) to refine); with a
// conditional model also which digit it reads (p(y|x) as ten bars, one of which the person may
// choose) and the drawing's style written as every digit.

import { DRAWING_TEXT } from '../content/autoencoder.js';
import { SCORE_TEXT } from '../content/numbers.js';
import { DrawingPad } from '../draw.js';
import { DIGIT_COLOURS, clearCanvas, drawImages } from '../plots.js';

const $ = (id) => document.getElementById(id);
/** Gradient steps that refine the encoder's q(z|x) of a drawing: the gain levels off by ~50. */
const REFINE_STEPS = 50;

function verdict(elbo) {
  if (elbo > -120) return 'very digit-like';
  if (elbo > -200) return 'digit-like';
  if (elbo > -300) return 'a bit odd';
  return 'not much like a digit';
}

export class DrawingPanel {
  /**
   * @param {import('../model-client.js').ModelClient} model
   * @param {{onDrawn: (result: object|null) => void, onError: (error: Error) => void}} events
   *   onDrawn: the drawing's input, posterior and (conditional model) label; null once the pad
   *   is empty
   */
  constructor(model, { onDrawn, onError }) {
    this.model = model;
    this.onDrawn = onDrawn;
    this.onError = onError;
    /** The latest drawing as the model sees it, and what it answered (null: nothing drawn). */
    this.input = null;
    this.reconstruction = null;
    this.posterior = null;
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
    /** The score's name for a VAE, as the page's markup gives it. */
    this.elboName = $('score-name').textContent;
    $('refine-note').textContent = DRAWING_TEXT.refineNote;
    this.pad = new DrawingPad($('pad'), () => this.refresh());
    $('refine').addEventListener('change', () => this.refresh());
    $('clear').addEventListener('click', () => {
      this.chosen = null;
      this.pad.clear();
    });
    $('undo').addEventListener('click', () => this.pad.undo());
    $('class-bars').replaceChildren(...DIGIT_COLOURS.map((colour, digit) => this.classBar(digit, colour)));
    $('every-digit').addEventListener('click', (event) => {
      const box = event.currentTarget.getBoundingClientRect();
      this.choose(Math.min(9, Math.floor(((event.clientX - box.left) / box.width) * 10)));
    });
  }

  /** One digit's bar of p(y|x): a radio button that chooses the digit the style is encoded as. */
  classBar(digit, colour) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'class-bar';
    button.setAttribute('role', 'radio');
    button.setAttribute('aria-checked', 'false');
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
    $('score-name').textContent = autoencoder ? DRAWING_TEXT.scoreName : this.elboName;
  }

  /** Refinement steps for the drawing: none for an autoencoder, which refuses them. */
  refineSteps() {
    return $('refine').checked && !this.model.autoencoder ? REFINE_STEPS : 0;
  }

  /** Asks for the current drawing's answer; a newer drawing replaces a request still waiting. */
  async refresh() {
    this.showKind();
    $('pad-hint').hidden = !this.pad.isEmpty();
    if (this.pad.isEmpty()) {
      this.showEmpty();
      return;
    }
    const { data, width, height } = this.pad.imageData();
    const refineSteps = this.refineSteps();
    let result;
    try {
      result = await this.model.drawing(data.buffer, width, height, refineSteps, this.model.conditional ? this.chosen : null);
    } catch (error) {
      this.onError(error);
      return;
    }
    // Replaced by a newer drawing, too faint to read yet, or cleared meanwhile.
    if (!result?.input || this.pad.isEmpty()) return;
    this.show(result, refineSteps);
  }

  show({ input, mean, logVar, reconstruction, elbo, encoderElbo, refined, samples, probabilities, label, digits }, refineSteps) {
    this.input = input;
    this.reconstruction = reconstruction;
    this.posterior = { mean, logVar };
    this.probabilities = probabilities;
    this.label = label;
    this.shown += 1;
    drawImages($('input-view'), input, 1);
    drawImages($('recon-view'), reconstruction, 1);
    this.showScore({ elbo, encoderElbo, refined, samples }, refineSteps, probabilities ? ` as a ${label}` : '');
    if (probabilities) this.showDigits(probabilities, label, digits);
    this.onDrawn({ input, posterior: this.posterior, label });
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
      $('score-label').textContent = DRAWING_TEXT.scoreNote;
      $('score-range').textContent = '';
      return;
    }
    $('score').textContent = elbo.elbo.toFixed(1);
    const estimator = refined ? SCORE_TEXT.refined(samples) : refineSteps ? SCORE_TEXT.kept(samples) : SCORE_TEXT.encoder(samples);
    const encoderAlone = refined ? ` · ${SCORE_TEXT.encoderAlone(encoderElbo.elbo.toFixed(1))}` : '';
    $('score-label').textContent = `${verdict(elbo.elbo)}${told} · ${estimator}${encoderAlone}`;
    if (!this.holdRange) this.showRange();
  }

  /** Where test digits typically score for the model in use (measured once per model). */
  async showRange() {
    const range = $('score-range');
    if (!range.textContent) range.textContent = SCORE_TEXT.rangePending;
    let distribution;
    try {
      distribution = await this.model.elboDistribution();
    } catch (error) {
      this.onError(error);
      return;
    }
    if (!distribution || this.model.autoencoder || this.pad.isEmpty()) return;
    const [, low, median, high] = distribution.percentiles.map((value) => value.toFixed(1));
    range.textContent = SCORE_TEXT.range({ images: distribution.images.toLocaleString(), median, low, high });
  }

  /** p(y|x) as ten bars (the digit encoded checked), and the style written as every digit. */
  showDigits(probabilities, label, digits) {
    [...$('class-bars').children].forEach((button, digit) => {
      const p = probabilities[digit];
      button.querySelector('i').style.height = `${Math.max(2, p * 100)}%`;
      button.querySelector('small').textContent = p >= 0.995 ? '>99%' : `${Math.round(p * 100)}%`;
      button.setAttribute('aria-checked', String(digit === label));
      button.setAttribute('aria-label', `${digit}: p = ${p.toFixed(3)}${digit === label ? ', encoded as this digit' : ''}`);
      button.classList.toggle('chosen', digit === this.chosen);
    });
    drawImages($('every-digit'), digits, 10, 10);
    $('every-digit-caption').textContent =
      this.chosen === null
        ? `your style, encoded as the digit read (${label}), written as every digit`
        : `your style, encoded as the ${label} you chose, written as every digit`;
  }

  showEmpty() {
    this.input = this.reconstruction = this.posterior = this.probabilities = this.label = null;
    clearCanvas($('input-view'));
    clearCanvas($('recon-view'));
    clearCanvas($('every-digit'));
    $('every-digit-caption').textContent = 'your style, written as every digit';
    [...$('class-bars').children].forEach((button) => {
      button.querySelector('i').style.height = '0';
      button.querySelector('small').textContent = '';
      button.setAttribute('aria-checked', 'false');
      button.classList.remove('chosen');
    });
    $('score').textContent = '–';
    $('score-label').textContent = 'draw something';
    $('score-range').textContent = '';
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
