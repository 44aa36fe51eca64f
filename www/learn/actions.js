// The actions a step can wait for, each done with the page's own controls and told from the
// page's state: `start(page, action)` notes the state when the path starts waiting, and
// `done(page, mark, seen)` says whether the action happened since and its answer is shown
// (`seen.clicked`: the action's target was clicked meanwhile; `seen.guessed`: a prediction on
// the map was made); an action done in several moves says with `moves(page, mark, action)` how
// many of `action.moves` (the moves after the first) the learner has reached.
// The path polls `done`, so an action counts however it was done: pointer, touch, keyboard, or
// a share link.

const insideMark = (page) => {
  const { count, eps, subject, testIndex } = page.insideState;
  return { count, eps, subject, testIndex };
};

/** A new answer of the Inside view for a new ε, once no drag is under way. */
const epsChanged = (page, mark) => {
  const { count, eps } = page.insideState;
  return eps !== mark.eps && count > mark.count && page.idle && !page.inside.map.dragging;
};

/** Progress reports since `mark`: a run (re)started since counts from its own start. */
const reportsSince = (page, mark) => {
  const run = page.trainingRun;
  return run === mark.run ? run.chunks - mark.reports : run.chunks;
};

/** Whether the training panel's Reset replaced the model since `mark`; from then on, the run is counted from there. */
const resetSince = (page, mark) => {
  if (page.resets === mark.resets) return false;
  mark.sinceReset ??= { run: page.trainingRun, reports: page.trainingRun.chunks };
  return true;
};

export const ACTIONS = {
  /** Something drawn on the pad, and its answer shown. */
  draw: {
    start: (page) => ({ shown: page.drawing.shown }),
    done: (page, mark) => page.drawing.shown > mark.shown && page.drawing.input !== null && page.idle,
  },
  /** A guess made on the map: the prediction is the action. */
  'map-guess': {
    start: () => ({}),
    done: (_page, _mark, seen) => seen.guessed,
  },
  /** The target clicked; a control of the Inside view's has its answer shown too. */
  click: {
    start: insideMark,
    done(page, mark, seen, action) {
      if (!seen.clicked || !page.idle) return false;
      return !page.element(action.target).closest('#inside-panel') || page.insideState.count > mark.count;
    },
  },
  'new-eps': { start: insideMark, done: epsChanged },
  'drag-eps': { start: insideMark, done: epsChanged },
  /** The Inside view shows a test digit it did not show before. */
  'pick-test-digit': {
    start: insideMark,
    done(page, mark) {
      const { subject, testIndex, count } = page.insideState;
      return subject === 'test' && (mark.subject !== 'test' || testIndex !== mark.testIndex) && count > mark.count && page.idle;
    },
  },
  /** The Inside view shows the drawing again. */
  'use-drawing': {
    start: insideMark,
    done(page, mark) {
      const { subject, count } = page.insideState;
      return subject === 'drawing' && (mark.subject === 'drawing' || count > mark.count) && page.idle;
    },
  },
  /** The Compare view open, every column's codes on its map. */
  'open-compare': {
    start: () => ({}),
    done(page) {
      const chosen = page.compare.columns.filter((column) => column.choice);
      return page.compare.isOpen && chosen.length > 0 && chosen.every((column) => column.xy) && page.idle;
    },
  },
  /** A comparison chosen (`action.value`), its columns drawn (with the drawing's answers, if any). */
  preset: {
    start: () => ({}),
    done(page, _mark, _seen, action) {
      const { compare } = page;
      const files = compare.catalogue?.presets[action.value];
      if (!compare.isOpen || compare.preset !== action.value || !files) return false;
      const drawn = page.drawing.input !== null;
      return files.every((file, i) => {
        const column = compare.columns[i];
        return column.choice === file && column.xy && (!drawn || column.explanation);
      }) && page.idle;
    },
  },
  /** One training step taken in slow motion, and shown. */
  step: {
    start: (page) => ({ step: page.lastStep }),
    done: (page, mark) => page.lastStep !== null && page.lastStep !== mark.step && !page.training.running && page.idle,
  },
  /**
   * A fresh model trained: the panel's Reset (the target), then Start (`action.moves[0]`) until
   * `action.reports` progress reports are in, then Pause (`action.moves[1]`) or the run's end,
   * and its weights taken in. A pretrained model's curve would be flat: the story is in a fresh one's.
   */
  'fresh-run': {
    start: (page) => ({ resets: page.resets }),
    moves(page, mark, action) {
      if (!resetSince(page, mark)) return 0;
      return page.training.running && reportsSince(page, mark.sinceReset) >= action.reports ? 2 : 1;
    },
    done: (page, mark, _seen, action) =>
      resetSince(page, mark) && reportsSince(page, mark.sinceReset) >= action.reports && !page.training.running && page.idle,
  },
  /**
   * The Model menu set to `action.value`, and the drawing's answer from that model shown
   * (`action.conditional`: an answer that reads the digit).
   */
  model: {
    start: (page, action) => ({ shown: page.drawing.shown, chosen: page.element(action.target).value === action.value }),
    done(page, mark, _seen, action) {
      if (page.element(action.target).value !== action.value || !page.idle) return false;
      // A conditional model's answer reads the digit: until one does, the answer shown is another model's
      // (the menu passed through others on the way, by its arrow keys).
      if (action.conditional && page.drawing.input !== null && !page.drawing.probabilities) return false;
      return mark.chosen || page.drawing.input === null || page.drawing.shown > mark.shown;
    },
  },
  /** Nothing to wait for. */
  none: {
    start: () => ({}),
    done: () => true,
  },
};

export const ACTION_KINDS = Object.freeze(Object.keys(ACTIONS));
