// The drawing panel: the pad, what the model sees, the reconstruction, and the ELBO score.

import { DrawingPad } from '../draw.js';
import { clearCanvas, drawImages } from '../plots.js';

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
   *   onDrawn: the drawing's input and posterior (null once the pad is empty)
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
    this.pad = new DrawingPad($('pad'), () => this.refresh());
    $('refine').addEventListener('change', () => this.refresh());
    $('clear').addEventListener('click', () => this.pad.clear());
    $('undo').addEventListener('click', () => this.pad.undo());
  }

  refineSteps() {
    return $('refine').checked ? REFINE_STEPS : 0;
  }

  /** Asks for the current drawing's answer; a newer drawing replaces a request still waiting. */
  async refresh() {
    $('pad-hint').hidden = !this.pad.isEmpty();
    if (this.pad.isEmpty()) {
      this.showEmpty();
      return;
    }
    const { data, width, height } = this.pad.imageData();
    const refineSteps = this.refineSteps();
    let result;
    try {
      result = await this.model.drawing(data.buffer, width, height, refineSteps);
    } catch (error) {
      this.onError(error);
      return;
    }
    // Replaced by a newer drawing, too faint to read yet, or cleared meanwhile.
    if (!result?.input || this.pad.isEmpty()) return;
    this.show(result, refineSteps);
  }

  show({ input, mean, logVar, reconstruction, elbo, encoderElbo }, refineSteps) {
    this.input = input;
    this.reconstruction = reconstruction;
    this.posterior = { mean, logVar };
    this.shown += 1;
    drawImages($('input-view'), input, 1);
    drawImages($('recon-view'), reconstruction, 1);
    $('score').textContent = elbo.elbo.toFixed(1);
    $('score-label').textContent = refineSteps
      ? `${verdict(elbo.elbo)} · the encoder alone: ${encoderElbo.elbo.toFixed(1)}`
      : verdict(elbo.elbo);
    this.onDrawn({ input, posterior: this.posterior });
  }

  showEmpty() {
    this.input = this.reconstruction = this.posterior = null;
    clearCanvas($('input-view'));
    clearCanvas($('recon-view'));
    $('score').textContent = '–';
    $('score-label').textContent = 'draw something';
    this.onDrawn(null);
  }

  /** Whether a change of the drawing waits for its frame (then a request follows). */
  get pending() {
    return this.pad.framePending;
  }
}
