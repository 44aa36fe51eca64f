// Samples from the prior, interpolation between two drawings, and denoising of the drawing.

import { clearCanvas, drawImages } from '../plots.js';

const $ = (id) => document.getElementById(id);
const SAMPLES = 64;
const SAMPLE_COLUMNS = 8;
const INTERPOLATION_STEPS = 10;

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
    /** The drawing as the model sees it (null: nothing drawn), and the interpolation's ends. */
    this.input = null;
    this.ends = [null, null];
    $('resample').addEventListener('click', () => this.refreshSamples());
    $('noise').addEventListener('input', () => {
      $('noise-value').textContent = Number($('noise').value).toFixed(2);
      this.refreshDenoise();
    });
    $('set-a').addEventListener('click', () => this.setEnd(0));
    $('set-b').addEventListener('click', () => this.setEnd(1));
  }

  setInput(input) {
    this.input = input;
    if (input) {
      this.refreshDenoise();
    } else {
      clearCanvas($('noisy-view'));
      clearCanvas($('denoised-view'));
    }
  }

  setEnd(which) {
    if (this.input) this.ends[which] = this.input;
    this.refreshInterpolation();
  }

  async refreshSamples() {
    const pixels = await this.model.sample(SAMPLES).catch(this.onError);
    if (pixels) drawImages($('samples'), pixels, SAMPLES, SAMPLE_COLUMNS);
  }

  async refreshInterpolation() {
    const [a, b] = this.ends;
    if (!a || !b) return;
    const pixels = await this.model.interpolate(a, b, INTERPOLATION_STEPS).catch(this.onError);
    if (pixels) drawImages($('interpolation'), pixels, INTERPOLATION_STEPS, INTERPOLATION_STEPS);
  }

  async refreshDenoise() {
    if (!this.input) return;
    const result = await this.model.denoise(this.input, Number($('noise').value), this.refineSteps()).catch(this.onError);
    if (!result || !this.input) return;
    drawImages($('noisy-view'), result.noisy, 1);
    drawImages($('denoised-view'), result.reconstruction, 1);
  }
}
