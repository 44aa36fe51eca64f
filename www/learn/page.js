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
    /** The last training step shown in slow motion (its detail), for the training step's reveal. */
    this.lastStep = null;
    // The slow-motion view keeps only the step's number; the path needs its figures too.
    const view = training.slowMotion;
    const show = view.show.bind(view);
    view.show = (detail) => {
      this.lastStep = detail;
      show(detail);
    };
    /** The drawing's posterior while the path hides it from the latent map (null: shown). */
    this.hiddenPosterior = null;
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
    const { map } = this.latent;
    if (this.hiddenPosterior || !map.posterior) return;
    this.hiddenPosterior = { posterior: map.posterior, marker: map.marker };
    map.posterior = null;
    map.marker = null;
    map.draw();
  }

  showDrawingOnMap() {
    if (!this.hiddenPosterior) return;
    const { map } = this.latent;
    // The drawing may have changed meanwhile: the map shows the current one.
    map.posterior = this.drawing.posterior ?? this.hiddenPosterior.posterior;
    map.marker = this.latent.latent;
    this.hiddenPosterior = null;
    map.draw();
  }

  /** The element with `id` (a step's view or target). */
  element(id) {
    return $(id);
  }
}
