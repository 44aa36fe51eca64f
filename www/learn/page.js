// What the Learn path reads of the page and the few things it does to it, in one place: the
// panels' own state (the numbers the path reveals are the ones the panels show) and the page's
// own functions (an example drawing goes in as a shared link's drawing does). The path never
// computes a model answer itself.

import { EXAMPLE_STROKES } from './steps.js';

const $ = (id) => document.getElementById(id);

export class LearnPage {
  /**
   * @param {{model: object, drawing: object, inside: object, latent: object, compare: object,
   *   training: object}} panels the page's model client and panels (app.js)
   */
  constructor({ model, drawing, inside, latent, compare, training }) {
    Object.assign(this, { model, drawing, inside, latent, compare, training });
  }

  /** The last training step shown in slow motion (its detail), for the training step's reveal. */
  get lastStep() {
    return this.training.slowMotion.detail;
  }

  /** The training run's progress reports (`chunks`) since its last Start or Resume: a new object per start. */
  get trainingRun() {
    return this.training.speed;
  }

  /** How many times the training panel's Reset gave the page a fresh model. */
  get resets() {
    return this.training.resets;
  }

  /** The training curve's loss points, [epochs done, loss], of the run shown (a new array when it is cleared). */
  get trainingCurve() {
    return this.training.chart.series.loss;
  }

  /** No request of the page's under way: every view shows the current model and drawing. */
  get idle() {
    return this.model.busy === 0 && !this.drawing.pending && this.compare.busy === 0;
  }

  /** The Inside view's state: its last answer, how many it showed, the ε held, its subject. */
  get insideState() {
    const { isOpen, shown, shownCount, eps, subject, testIndex, drawing } = this.inside;
    const onDrawing = subject === 'drawing' && drawing !== null;
    return { isOpen, explanation: shown?.explanation ?? null, count: shownCount, eps, subject: onDrawing ? 'drawing' : 'test', testIndex };
  }

  /** The latent map's square (centre, half-width), its plane and canvas. */
  get map() {
    return this.latent.map;
  }

  useExampleDrawing() {
    return this.drawing.setStrokes(EXAMPLE_STROKES, null);
  }

  /** While a learner guesses where the drawing lands, the map does not show it. */
  hideDrawingOnMap() {
    this.latent.hideDrawing(true);
  }

  showDrawingOnMap() {
    this.latent.hideDrawing(false);
  }

  /** The element with `id` (a step's view or target). */
  element(id) {
    return $(id);
  }
}
