// What each step reveals, measured on the page: for every `reveal.show` of steps.js, when the
// page is ready for the step (`ready`, null or the reason it is not), what it holds before the
// learner acts (`baseline`: also the values a prediction's options name), and the truth after
// (`measure`: the values its text names, and the answer a prediction is scored against; a value
// or truthText in words that depend on the language is a function, read when worded).
// Every number comes from a panel's state: the drawing panel's posterior, the Inside view's
// answer, the Compare view's columns, the slow-motion step, the training curve.

import { inkedPixels, isInk } from '../plots.js';

const fixed = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits).replace('-', '−') : '–');
const vector = (values, digits = 2) => `(${Array.from(values, (value) => fixed(value, digits)).join(', ')})`;
const sigmas = (logVar) => Array.from(logVar, (value) => Math.exp(0.5 * value));
const upDown = (before, after) => (after > before ? 'up' : 'down');
const sameValues = (a, b) => a.length === b.length && a.every((value, i) => value === b[i]);
const norm = (values) => Math.sqrt(Array.from(values).reduce((sum, value) => sum + value * value, 0));
/** The test digits' codes within this distance of the prior's centre count as inside it. */
const PRIOR_RADIUS = 2;
/** A run's loss that moves less than this share (either way) stays level (the prediction's tenth). */
const RUN_CHANGE = 0.1;

/**
 * A Compare column's name, read in the language in use when worded (a switch words a reveal
 * again); the name it had when measured once the column holds another model.
 */
function nameOf(column) {
  const [entry, then] = [column.entry, column.name];
  return () => (column.entry === entry ? column.name : then);
}

/** Why the Inside view's steps cannot start yet (null: they can). */
function insideReady(page) {
  const { isOpen, explanation } = page.insideState;
  if (!isOpen || !explanation?.logVar || !page.idle) return 'loading';
  return null;
}

/** A copy of what the Inside view shows, kept while the learner changes it. */
function insideSnapshot(page) {
  const { explanation: e, subject, testIndex } = page.insideState;
  const copy = (values) => Float32Array.from(values);
  return {
    subject,
    testIndex,
    mean: copy(e.mean),
    logVar: copy(e.logVar),
    eps: copy(e.eps),
    z: copy(e.z),
    input: copy(page.inside.shown.input),
    probabilities: copy(e.probabilities),
    bcePerPixel: copy(e.bcePerPixel),
    klPerDim: copy(e.klPerDim),
    reconstruction: e.reconstruction,
    kl: e.kl,
    elbo: e.elbo,
  };
}

/** Two pixels to compare: the one that pays most, and the inked one that pays least. */
function twoPixels({ input, bcePerPixel }) {
  let costly = 0;
  let cheap = null;
  bcePerPixel.forEach((cost, i) => {
    if (cost > bcePerPixel[costly]) costly = i;
    if (isInk(input[i]) && i !== costly && (cheap === null || cost < bcePerPixel[cheap])) cheap = i;
  });
  cheap ??= costly === 0 ? 1 : 0;
  // Which of the two is A depends on where they are, not on which pays more.
  return costly < cheap ? [costly, cheap] : [cheap, costly];
}

export const REVEALS = {
  input: {
    ready: () => null,
    baseline: () => ({}),
    measure(page) {
      const input = page.drawing.input;
      const inked = inkedPixels(input);
      return { values: { pixels: input.length, inked, blank: input.length - inked } };
    },
  },

  posterior: {
    ready: (page) => (!page.drawing.posterior?.logVar ? 'needsDrawing' : page.map.points ? null : 'loading'),
    baseline: () => ({}),
    /** The guess is a point of the map's plane; μ and σ are the drawing panel's posterior. */
    measure(page, _baseline, guess) {
      const { mean, logVar } = page.drawing.posterior;
      const { u, v } = page.map.projection;
      const sigma = sigmas(logVar);
      const [mx, my] = page.map.project(mean);
      // σ along the plane's two axes.
      const along = (axis) => Math.sqrt(axis.reduce((sum, weight, k) => sum + weight * weight * sigma[k] * sigma[k], 0));
      const [dx, dy] = [guess[0] - mx, guess[1] - my];
      const inSigmas = Math.hypot(dx / along(u), dy / along(v));
      const distance = Math.hypot(dx, dy);
      return {
        values: { mean: vector(mean), sigma: vector(sigma, 3), guess: vector(guess), distance: fixed(distance), sigmas: fixed(inSigmas, 1) },
        truth: [mx, my],
        truthText: vector([mx, my]),
        distance,
      };
    },
  },

  eps: {
    ready: insideReady,
    baseline: insideSnapshot,
    measure(page, before) {
      const after = insideSnapshot(page);
      const meanMoved = !sameValues(before.mean, after.mean) || !sameValues(before.logVar, after.logVar);
      const zMoved = !sameValues(before.z, after.z);
      const truth = meanMoved ? 'mean' : zMoved ? 'z' : 'nothing';
      return {
        values: { epsBefore: vector(before.eps), epsAfter: vector(after.eps), zBefore: vector(before.z), zAfter: vector(after.z), mean: vector(after.mean), sigma: vector(sigmas(after.logVar), 3) },
        truth,
      };
    },
  },

  decoder: {
    ready: insideReady,
    baseline: insideSnapshot,
    measure(page, before) {
      const after = insideSnapshot(page);
      return {
        values: { moved: fixed(norm(after.eps), 1), before: fixed(before.reconstruction, 1), after: fixed(after.reconstruction, 1) },
        truth: upDown(before.reconstruction, after.reconstruction),
      };
    },
  },

  pixels: {
    ready: insideReady,
    baseline(page) {
      const shown = insideSnapshot(page);
      const [a, b] = twoPixels(shown);
      const describe = (i) => ({ row: Math.floor(i / 28) + 1, col: (i % 28) + 1, x: fixed(shown.input[i]), p: fixed(shown.probabilities[i], 3) });
      const [A, B] = [describe(a), describe(b)];
      return { ...shown, a, b, options: { rowA: A.row, colA: A.col, xA: A.x, pA: A.p, rowB: B.row, colB: B.col, xB: B.x, pB: B.p } };
    },
    /** The two pixels' costs are the baseline's (the answer the options described). */
    measure(page, before) {
      const [costA, costB] = [before.bcePerPixel[before.a], before.bcePerPixel[before.b]];
      return {
        values: { costA: fixed(costA), costB: fixed(costB), total: fixed(page.insideState.explanation.reconstruction, 1) },
        truth: costA > costB ? 'a' : 'b',
      };
    },
  },

  kl: {
    ready: insideReady,
    baseline: insideSnapshot,
    measure(page, before) {
      const after = insideSnapshot(page);
      return {
        values: { before: fixed(before.kl), after: fixed(after.kl), perDimBefore: vector(before.klPerDim), perDimAfter: vector(after.klPerDim), index: after.testIndex },
        truth: upDown(before.kl, after.kl),
      };
    },
  },

  elbo: {
    ready: insideReady,
    baseline: insideSnapshot,
    measure(page, test) {
      const drawing = insideSnapshot(page);
      return {
        values: { reconstruction: fixed(drawing.reconstruction, 1), kl: fixed(drawing.kl), elbo: fixed(drawing.elbo, 1), testElbo: fixed(test.elbo, 1) },
        truth: drawing.elbo > test.elbo ? 'drawing' : 'test',
      };
    },
  },

  'why-kl': {
    ready: () => null,
    baseline: () => ({}),
    /** The model whose codes fill the prior best: E z² per dimension nearest the prior's 1. */
    measure(page) {
      const columns = page.compare.columns.filter((column) => column.xy);
      const spread = columns.map((column) => {
        const { xy } = column;
        let [near, square] = [0, 0];
        for (let i = 0; i < xy.length; i += 2) {
          const radius = Math.hypot(xy[i], xy[i + 1]);
          if (radius <= PRIOR_RADIUS) near += 1;
          square += radius * radius;
        }
        const count = xy.length / 2;
        return { column, share: near / count, secondMoment: square / count / 2 };
      });
      const best = spread.reduce((a, b) => (Math.abs(b.secondMoment - 1) < Math.abs(a.secondMoment - 1) ? b : a));
      const bestName = nameOf(best.column);
      return {
        values: { shares: () => spread.map(({ column, share }) => `${nameOf(column)()} ${Math.round(share * 100)} %`).join(', '), best: bestName },
        truth: best.column.choice,
        truthText: bestName,
      };
    },
  },

  beta: {
    ready: () => null,
    baseline: () => ({}),
    measure(page) {
      const [low, high] = page.compare.columns;
      const e = [low.explanation, high.explanation];
      return {
        values: { klLow: fixed(e[0]?.kl), reconstructionLow: fixed(e[0]?.reconstruction, 1), klHigh: fixed(e[1]?.kl), reconstructionHigh: fixed(e[1]?.reconstruction, 1) },
        truth: e[0] && e[1] ? upDown(e[0].kl, e[1].kl) : null,
      };
    },
  },

  training: {
    ready: () => null,
    baseline: () => ({}),
    measure(page) {
      const { report, before, after } = page.lastStep;
      // An autoencoder's step has no ELBO: its reconstruction term, negated, stands for it.
      const elbo = (terms) => terms.elbo ?? -terms.reconstruction;
      return {
        values: {
          step: report.totalSteps,
          before: fixed(elbo(before)),
          after: fixed(elbo(after)),
          reconstructionBefore: fixed(before.reconstruction),
          reconstructionAfter: fixed(after.reconstruction),
          klBefore: fixed(before.kl),
          klAfter: fixed(after.kl),
        },
        truth: upDown(elbo(before), elbo(after)),
      };
    },
  },

  /** The curve's points since the step began: the first report's loss against the last's. */
  'training-run': {
    ready: () => null,
    baseline: (page) => ({ curve: page.trainingCurve, count: page.trainingCurve.length }),
    measure(page, before) {
      const curve = page.trainingCurve;
      // A curve cleared meanwhile (a new run) is all new.
      const points = curve === before.curve ? curve.slice(before.count) : curve;
      if (!points.length) return { values: {}, truth: null };
      const [[epochFirst, first], [epochLast, last]] = [points[0], points.at(-1)];
      const change = (last - first) / first;
      const percent = `${change > 0 ? '+' : change < 0 ? '−' : ''}${Math.abs(change * 100).toFixed(1)} %`;
      return {
        values: { reports: points.length, first: fixed(first, 1), last: fixed(last, 1), epochFirst: fixed(epochFirst, 3), epochLast: fixed(epochLast, 3), change: percent },
        truth: change < -RUN_CHANGE ? 'falls' : change > RUN_CHANGE ? 'rises' : 'flat',
      };
    },
  },

  conditional: {
    ready: () => null,
    baseline: () => ({}),
    measure(page) {
      const { label, probabilities } = page.drawing;
      if (label === null || !probabilities) return { values: { label: '–', probability: '–' }, truth: null };
      return { values: { label, probability: fixed(probabilities[label], 3) }, truth: String(label) };
    },
  },

  summary: {
    ready: () => null,
    baseline: () => ({}),
    measure: () => ({ values: {} }),
  },
};
