// "Fill in what is missing" (inpainting): the image in the pad (a drawing or a test digit) with
// part of it erased, by a preset (a half, the centre square, a share of the pixels at random, a
// lower resolution) or a brush, and the model's completion of it: q(z|x) refined on the observed
// pixels only from several starting points, the weighted mean of draws from them decoded, with
// the observed pixels pasted back; a sample from each start, decoded (the ways the missing part
// could be); and how much they differ at each pixel.
// A conditional model completes it as a digit the person chooses.
//
// The model's work is the worker's (VaeSession.complete, and the presets' masks, since this
// thread loads no wasm); this thread keeps the mask, draws, and drops answers that are stale.

import { PoliteAnnouncer, showPanel } from '../assist.js';
import { brush, cursorMove, drawMasked, meanWhere, missingPixels, pixelAt } from '../completion-mask.js';
import { COMPLETION_TEXT as T } from '../content/completion.js';
import { IMAGE_PIXELS as PIXELS, IMAGE_SIDE as SIDE } from '../data.js';
import { count, fixed } from '../i18n/format.js';
import { say, sayAttribute } from '../i18n/say.js';
import { clearCanvas, drawCost, drawImages, inkedPixels } from '../plots.js';

const $ = (id) => document.getElementById(id);
/** Refinement steps of q(z|x) on the observed pixels, and samples of z drawn from it. */
const STEPS = 100;
const SAMPLES = 8;
/** The mask the view opens with. */
const FIRST_PRESET = 'top-half';
/** A brush stroke asks for a completion once it has paused this long (and when it ends). */
const BRUSH_QUIET_MS = 200;
/** Where the keyboard's brush is, announced once the keys paused this long. */
const CURSOR_QUIET_MS = 300;
/** What the view says is announced once no new answer came for this long. */
const ANNOUNCE_QUIET_MS = 1000;
/**
 * The spread map's darkest colour stands for its largest spread, but for no less than this: a
 * map of nearly identical samples stays pale rather than showing their tiny differences dark.
 */
const SPREAD_SCALE_FLOOR = 0.05;
const DIGITS = 10;

/** Marks the preset button `name` pressed and the others not (null: none, the brush erased last). */
function pressPreset(name) {
  for (const button of document.querySelectorAll('#completion-panel [data-preset]')) {
    button.setAttribute('aria-pressed', String(button.dataset.preset === name));
  }
}

/** The completion a person reads: the observed pixels as they are, the model's values only where pixels are missing. */
const pasteObserved = (completion, image, mask) => Float32Array.from(completion, (value, i) => (mask[i] === 1 ? image[i] : value));

export class CompletionPanel {
  /**
   * @param {import('../model-client.js').ModelClient} model
   * @param {object} hooks
   * @param {() => string} hooks.subjectWords what is in the pad, in words (the drawing panel's)
   * @param {(error: Error) => void} hooks.onError
   */
  constructor(model, { subjectWords, onError }) {
    this.model = model;
    this.subjectWords = subjectWords;
    this.onError = onError;
    this.isOpen = false;
    /** The image in the pad as the drawing panel answered it ({input, label, …}); null: the pad is empty. */
    this.image = null;
    /** Which pixels are observed (Float32Array, 784: 1 observed, 0 missing); null until the first preset came. */
    this.mask = null;
    /** What erased the missing pixels, for the words: a preset's name, 'brush' or 'none'. */
    this.erased = FIRST_PRESET;
    /** Each press of a random preset draws other pixels. */
    this.seed = 0;
    /** A conditional model's digit chosen in the menu; null: the digit the drawing panel reads. */
    this.digit = null;
    /** The request the view waits on ({image, mask, label}), and the last answer shown with the request it answers. */
    this.wanted = null;
    this.answer = null;
    /** The pixel a brush stroke last reached ([column, row]): null at its first touch, undefined with no stroke under way. */
    this.strokeEnd = undefined;
    /** A stroke's pending request for a completion (null: none). */
    this.brushTimer = null;
    /** The keyboard's brush, the pixel it is over ([column, row]); drawn while the image has focus. */
    this.cursor = [SIDE / 2, SIDE / 2];
    this.cursorAnnouncer = new PoliteAnnouncer($('completion-mask-live'), CURSOR_QUIET_MS);
    this.requests = 0;
    this.shown = 0;
    this.announcer = new PoliteAnnouncer($('completion-announce'), ANNOUNCE_QUIET_MS);
    $('completion-open').addEventListener('click', () => this.open());
    $('completion-close').addEventListener('click', () => this.close());
    for (const button of document.querySelectorAll('#completion-panel [data-preset]')) {
      button.addEventListener('click', () => this.usePreset(button.dataset.preset).catch(this.onError));
    }
    $('completion-reset').addEventListener('click', () => this.setMask(new Float32Array(PIXELS).fill(1), 'none'));
    $('completion-digit').addEventListener('change', (event) => {
      this.digit = event.target.value === '' ? null : Number(event.target.value);
      this.request();
    });
    this.listenToBrush($('completion-mask'));
  }

  open() {
    showPanel('completion', true);
    this.isOpen = true;
    this.refresh().catch(this.onError);
  }

  close() {
    showPanel('completion', false);
    this.isOpen = false;
  }

  /** The pad's image changed: `drawn` the drawing panel's answer, null once the pad is empty. */
  setImage(drawn) {
    this.image = drawn?.input ? drawn : null;
    if (this.isOpen) this.refresh().catch(this.onError);
  }

  /** The model changed: what was completed is of the model before. */
  modelChanged() {
    this.answer = null;
    if (this.isOpen) this.refresh().catch(this.onError);
  }

  /** Shows what the view can for the model and the image in use, and asks for their completion. */
  async refresh() {
    if (!this.isOpen) return;
    const ready = Boolean(this.image) && !this.model.autoencoder;
    $('completion-body').hidden = !ready;
    if (!ready) {
      this.wanted = null;
      this.announcer.cancel();
      // Worded again after a switch of language from what held now, not from the model then in use.
      const why = this.model.autoencoder ? 'autoencoder' : 'empty';
      say($('completion-status'), () => T[why]);
      return;
    }
    this.showDigitChoice();
    if (!this.mask) await this.usePreset(FIRST_PRESET);
    else this.request();
  }

  /** Erases as preset `name` says (a random one draws other pixels each time). */
  async usePreset(name) {
    this.seed += 1;
    const mask = await this.model.maskPreset(name, this.seed);
    if (mask) this.setMask(mask, name);
  }

  /** Uses `mask` (784 values, 1 observed) from now on, `erased` naming what made it, and asks for its completion. */
  setMask(mask, erased) {
    this.mask = mask;
    this.erased = erased;
    pressPreset(erased);
    this.request();
  }

  /** Covers the brush's way from pixel `from` (null: a stroke's first touch) to `to`, erasing or restoring as chosen; the completion follows once the brush pauses. */
  paint(from, to) {
    const restoring = document.querySelector('input[name=completion-brush]:checked').value === 'restore';
    brush(this.mask, from, to, restoring ? 1 : 0);
    this.erased = 'brush';
    pressPreset(null);
    this.showMask();
    clearTimeout(this.brushTimer);
    this.brushTimer = setTimeout(() => this.request(), BRUSH_QUIET_MS);
  }

  /**
   * Dragging on the image erases pixels or restores them; the completion follows once the stroke
   * pauses or ends. With the keyboard: arrows move the brush, Space or Enter paints under it,
   * Shift with an arrow paints on the way.
   */
  listenToBrush(canvas) {
    const stroke = (event) => {
      if (!this.mask || this.strokeEnd === undefined) return;
      const to = pixelAt(canvas, event);
      this.paint(this.strokeEnd, to);
      this.strokeEnd = to;
    };
    canvas.addEventListener('pointerdown', (event) => {
      canvas.setPointerCapture(event.pointerId);
      this.strokeEnd = null;
      stroke(event);
    });
    canvas.addEventListener('pointermove', (event) => {
      if (canvas.hasPointerCapture(event.pointerId)) stroke(event);
    });
    const end = () => {
      if (this.strokeEnd === undefined) return;
      this.strokeEnd = undefined;
      this.request();
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
    canvas.addEventListener('focus', () => this.showMask());
    canvas.addEventListener('blur', () => this.showMask());
    canvas.addEventListener('keydown', (event) => {
      if (!this.mask) return;
      const paintHere = event.key === ' ' || event.key === 'Enter';
      const to = paintHere ? this.cursor : cursorMove(event.key, this.cursor);
      if (!to) return;
      event.preventDefault();
      const from = this.cursor;
      this.cursor = to;
      if (paintHere || event.shiftKey) this.paint(from, to);
      else this.showMask();
      const [column, row] = to;
      const observed = this.mask[row * SIDE + column] === 1;
      this.cursorAnnouncer.say(() => T.cursor({ column: column + 1, row: row + 1, observed }));
    });
  }

  /** The digit a conditional model completes the image as: the one chosen, or the one the drawing panel reads. */
  get label() {
    return this.model.conditional ? (this.digit ?? this.image?.label ?? null) : null;
  }

  /** A conditional model's menu: the digit it reads first, then every digit. */
  showDigitChoice() {
    const conditional = this.model.conditional;
    $('completion-digit-choice').hidden = !conditional;
    if (!conditional) return;
    const menu = $('completion-digit');
    if (menu.options.length !== DIGITS + 1) {
      menu.replaceChildren(new Option('', ''), ...Array.from({ length: DIGITS }, (_, digit) => new Option(String(digit), String(digit))));
    }
    const read = this.image?.label ?? null;
    say(menu.options[0], () => (read === null ? '' : T.readDigit(read)));
    menu.value = this.digit === null ? '' : String(this.digit);
  }

  /** Asks the worker to complete the image in the pad under the mask in use; a newer request makes the answer stale. */
  async request() {
    clearTimeout(this.brushTimer);
    this.brushTimer = null;
    if (!this.isOpen || !this.image || !this.mask || this.model.autoencoder) return;
    const wanted = { image: this.image.input, mask: Float32Array.from(this.mask), label: this.label };
    this.wanted = wanted;
    this.requests += 1;
    this.showMask();
    say($('completion-status'), () => T.working({ steps: STEPS, samples: SAMPLES }));
    let answer;
    try {
      answer = await this.model.complete(wanted.image, wanted.mask, STEPS, SAMPLES, wanted.label);
    } catch (error) {
      if (this.wanted === wanted) this.onError(error);
      return;
    }
    // Replaced by a newer image, mask, digit or model meanwhile.
    if (!answer || this.wanted !== wanted) return;
    this.answer = { ...answer, wanted, filled: pasteObserved(answer.completion, wanted.image, wanted.mask) };
    this.showAnswer();
  }

  /** The image with its missing pixels hatched, and its words. */
  showMask() {
    if (!this.image || !this.mask) return;
    const canvas = $('completion-mask');
    drawMasked(canvas, this.image.input, this.mask, document.activeElement === canvas ? this.cursor : null);
    const missing = count(missingPixels(this.mask));
    const erased = this.erased;
    const subject = this.subjectWords;
    sayAttribute(canvas, 'aria-label', () => T.pictures.mask({ subject: subject(), erased: T.erased[erased], missing, pixels: count(PIXELS) }));
    if (this.answer?.wanted !== this.wanted) this.showWaiting();
  }

  /** Before the first answer the pictures are blank and say so; after it, the last answer stays until the next comes (no flicker at every stroke). */
  showWaiting() {
    if (this.answer) return;
    for (const id of ['completion-filled', 'completion-spread', 'completion-samples']) {
      clearCanvas($(id));
      sayAttribute($(id), 'aria-label', () => T.pictures.waiting);
    }
    say($('completion-summary'), () => '');
    say($('completion-spread-scale'), () => '');
  }

  /** The completion (the observed pixels pasted back), the samples and their spread, in pictures and words. */
  showAnswer() {
    const { filled, samples, spread, wanted } = this.answer;
    const { mask } = wanted;
    drawImages($('completion-filled'), filled, 1);
    drawImages($('completion-samples'), samples, SAMPLES, SAMPLES);
    const high = Math.max(SPREAD_SCALE_FLOOR, ...spread);
    drawCost($('completion-spread'), spread, high);
    const figures = {
      missing: count(missingPixels(mask)),
      pixels: count(PIXELS),
      missingSpread: fixed(meanWhere(spread, mask, false) ?? 0, 3),
      observedSpread: fixed(meanWhere(spread, mask, true) ?? 0, 3),
      high: fixed(high, 2),
    };
    say($('completion-spread-scale'), () => T.spreadScale(figures.high));
    const inked = inkedPixels(filled);
    sayAttribute($('completion-filled'), 'aria-label', () => T.pictures.filled({ missing: figures.missing, inked }));
    sayAttribute($('completion-samples'), 'aria-label', () => T.pictures.samples({ count: SAMPLES, missingSpread: figures.missingSpread }));
    sayAttribute($('completion-spread'), 'aria-label', () => T.pictures.spread(figures));
    say($('completion-summary'), () => T.summary(figures));
    const subject = this.subjectWords;
    say($('completion-status'), () => T.done({ subject: subject(), steps: STEPS, samples: SAMPLES }));
    this.shown += 1;
    this.announcer.say(() => $('completion-summary').textContent);
  }

  /**
   * What the view shows, for the page tests: the image and mask completed, the completion as
   * the model gave it and with the observed pixels pasted back (`filled`), the samples and
   * each pixel's spread; `current` once it answers the latest image, mask and digit.
   */
  get state() {
    const answer = this.answer;
    const base = { open: this.isOpen, erased: this.erased, requests: this.requests, shown: this.shown, label: this.label };
    if (!answer) return { ...base, current: false, image: null, mask: null, completion: null, filled: null, samples: null, spread: null };
    const { image, mask, label } = answer.wanted;
    const current = answer.wanted === this.wanted && this.brushTimer === null && this.strokeEnd === undefined;
    return { ...base, current, image, mask, completedAs: label, completion: answer.completion, filled: answer.filled, samples: answer.samples, spread: answer.spread };
  }
}
