// Samples from the prior, interpolation between two drawings, and denoising of the drawing. With a
// conditional model the samples come one row per digit, and the drawing's digit (read or chosen)
// is the one interpolation and denoising write. An autoencoder has no prior: its samples are z
// from N(0, I) all the same, with a sentence that says so (where its codes leave N(0, I) empty,
// the samples show it: that is the lesson, not a fault to hide). Each picture says in words what
// it shows.

import { ACCESSIBILITY_TEXT as A } from '../content/accessibility.js';
import { count as counted, fixed } from '../i18n/format.js';
import { onLanguageChange } from '../i18n/language.js';
import { clearCanvas, drawImages, inkSummary, inkedPixels, isInk } from '../plots.js';

const $ = (id) => document.getElementById(id);
const SAMPLES = 64;
const SAMPLE_COLUMNS = 8;
const DIGITS = 10;
const INTERPOLATION_STEPS = 10;

/** The ink of `count` generated images in `pixels` in words (the fewest, typical and most inked pixels), in the language in use when read. */
export function inkWords(pixels, count) {
  const { low, typical, high } = inkSummary(pixels, count);
  return () => A.ink({ low: counted(low), typical: counted(typical), high: counted(high) });
}

export class SamplesPanel {
  /**
   * @param {import('../model-client.js').ModelClient} model
   * @param {{refineSteps: () => number, onError: (error: Error) => void}} options
   *   refineSteps: the drawing panel's setting, which the denoised reconstruction follows
   */
  constructor(model, { refineSteps, onError }) {
    this.model = model;
    this.refineSteps = refineSteps;
    this.onError = onError;
    /** The drawing as the model sees it (null: nothing drawn), its digit for a conditional model, and the interpolation's ends. */
    this.input = null;
    this.label = null;
    this.ends = [null, null];
    $('resample').addEventListener('click', () => this.refreshSamples());
    $('noise').addEventListener('input', () => {
      $('noise-value').textContent = Number($('noise').value).toFixed(2);
      this.describeNoise();
      this.refreshDenoise();
    });
    $('set-a').addEventListener('click', () => this.setEnd(0));
    $('set-b').addEventListener('click', () => this.setEnd(1));
    /** What the samples canvas shows, in words, once drawn (null: nothing yet), and how many times samples were drawn. */
    this.samplesWords = null;
    this.draws = 0;
    /** How many images the interpolation shows (0: its ends are not both set). */
    this.interpolated = 0;
    /** What the denoising pictures show ({noise, noisy, denoised, agree}, figures formatted), or null (nothing drawn). */
    this.denoised = null;
    this.describe();
    onLanguageChange(() => this.describe());
  }

  /** Every picture of the panel in words, for what it shows now. */
  describe() {
    $('samples').setAttribute('aria-label', this.samplesWords?.() ?? A.notDrawnYet);
    $('interpolation').setAttribute('aria-label', this.interpolated ? A.interpolation.shown({ steps: this.interpolated }) : A.interpolation.waiting);
    this.describeNoise();
  }

  /** The noise slider's value, and the noisy drawing it makes, in words. */
  describeNoise() {
    const noise = fixed(Number($('noise').value), 2);
    $('noise').setAttribute('aria-valuetext', A.noise(noise));
    const shown = this.denoised;
    $('noisy-view').setAttribute('aria-label', shown ? A.noisy({ noise: shown.noise, inked: shown.noisy }) : A.notDrawnYet);
    $('denoised-view').setAttribute('aria-label', shown ? A.denoised({ noise: shown.noise, inked: shown.denoised, agree: shown.agree }) : A.notDrawnYet);
  }

  setInput(input, label = null) {
    this.input = input;
    this.label = label;
    if (input) {
      this.refreshDenoise();
    } else {
      clearCanvas($('noisy-view'));
      clearCanvas($('denoised-view'));
      this.denoised = null;
      this.describeNoise();
    }
  }

  setEnd(which) {
    if (this.input) this.ends[which] = this.input;
    this.refreshInterpolation();
  }

  async refreshSamples() {
    const conditional = this.model.conditional;
    const autoencoder = this.model.autoencoder;
    $('samples-hint').hidden = !conditional && !autoencoder;
    // Both hints are index.html's words: the one for the model in use shows.
    $('samples-hint').querySelector('.for-conditional').hidden = autoencoder;
    $('samples-hint').querySelector('.for-ae').hidden = !autoencoder;
    if (!conditional) {
      const pixels = await this.model.sample(SAMPLES).catch(this.onError);
      if (!pixels) return;
      drawImages($('samples'), pixels, SAMPLES, SAMPLE_COLUMNS);
      const kind = autoencoder ? 'autoencoder' : 'vae';
      this.showSamplesWords(pixels, SAMPLES, (words) => A.samples[kind]({ count: SAMPLES, columns: SAMPLE_COLUMNS, ...words }));
      return;
    }
    // The digits in turn (sample i is digit i mod 10), laid out one row per digit.
    const count = DIGITS * SAMPLE_COLUMNS;
    const pixels = await this.model.sample(count).catch(this.onError);
    if (!pixels) return;
    const rows = new Float32Array(pixels.length);
    for (let i = 0; i < count; i += 1) {
      const at = (i % DIGITS) * SAMPLE_COLUMNS + Math.floor(i / DIGITS);
      rows.set(pixels.subarray(i * 784, (i + 1) * 784), at * 784);
    }
    drawImages($('samples'), rows, count, SAMPLE_COLUMNS);
    this.showSamplesWords(rows, count, (words) => A.samples.conditional({ columns: SAMPLE_COLUMNS, ...words }));
  }

  /**
   * The samples canvas's words (`words({draw, ink})`, worded again after a switch of language):
   * what they are, which draw, and the ink of the `count` images in `pixels`.
   */
  showSamplesWords(pixels, count, words) {
    this.draws += 1;
    const draw = this.draws;
    const ink = inkWords(pixels, count);
    this.samplesWords = () => words({ draw: counted(draw), ink: ink() });
    $('samples').setAttribute('aria-label', this.samplesWords());
  }

  async refreshInterpolation() {
    const [a, b] = this.ends;
    if (!a || !b) return;
    const pixels = await this.model.interpolate(a, b, INTERPOLATION_STEPS, this.digit()).catch(this.onError);
    if (!pixels) return;
    drawImages($('interpolation'), pixels, INTERPOLATION_STEPS, INTERPOLATION_STEPS);
    this.interpolated = INTERPOLATION_STEPS;
    this.describe();
  }

  /** The digit a conditional model writes here: the drawing's (0 before there is one). */
  digit() {
    return this.model.conditional ? (this.label ?? 0) : null;
  }

  async refreshDenoise() {
    if (!this.input) return;
    const noise = Number($('noise').value);
    const result = await this.model.denoise(this.input, noise, this.refineSteps(), this.digit()).catch(this.onError);
    if (!result || !this.input) return;
    drawImages($('noisy-view'), result.noisy, 1);
    drawImages($('denoised-view'), result.reconstruction, 1);
    // In words: the noise asked for, each picture's ink, and where the reconstruction agrees with the image (ink or not).
    let agree = 0;
    for (let i = 0; i < 784; i += 1) agree += isInk(result.reconstruction[i]) === isInk(this.input[i]);
    const inked = (pixels) => counted(inkedPixels(pixels));
    this.denoised = { noise: fixed(noise, 2), noisy: inked(result.noisy), denoised: inked(result.reconstruction), agree: counted(agree) };
    this.describeNoise();
  }
}
