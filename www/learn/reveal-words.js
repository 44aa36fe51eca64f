// What a step reveals, in words, in the language in use: the reveal's sentence, the verdict on the
// guess and, at the end, the summary of every prediction. Each is built from what was measured
// and guessed, kept as values (a point, an option's value, 'up'), not as the words they were
// first shown in, so that a switch of language words them again (path.js's reword).

import { describe, fill, score } from './predictions.js';
import { STEPS, WORDS, stepWords } from './steps.js';

const make = (tag, properties = {}) => Object.assign(document.createElement(tag), properties);

/** A value a reveal may give as words to read later (a function: read in the language in use then). */
const words = (value) => (typeof value === 'function' ? value() : value);

/** A guess or a truth worded again from its value; `said` (its words when made) when it cannot be. */
function again(prediction, value, options, said) {
  if (value === null || value === undefined || !prediction) return said;
  const text = describe(prediction, value, options ?? {});
  return text === '–' ? said : text;
}

/** The truth a step measured, in words: the reveal's own, else the prediction's option for it. */
const truthWords = (prediction, measured, options) => words(measured.truthText) ?? describe(prediction, measured.truth, options);

/**
 * A prediction as the path keeps it (localStorage): its words when made (`guess`, `truth`, which
 * the page tests read), whether it was right, and the values to word it again.
 */
export function predictionRecord(prediction, guess, measured, options) {
  return {
    guess: describe(prediction, guess, options),
    truth: truthWords(prediction, measured, options),
    correct: score(prediction.kind, guess, measured),
    distance: measured.distance ?? null,
    guessValue: guess,
    truthValue: measured.truth ?? null,
    options: options ?? null,
  };
}

/** Every prediction made, against the truth, as a list (or a line saying there is none), and the counts. */
function summary(predictions) {
  const made = STEPS.filter((step) => predictions[step.id]);
  if (!made.length) return { element: make('p', { textContent: WORDS.summaryNone }), right: 0, made: 0 };
  const list = make('ul', { className: 'learn-summary' });
  for (const step of made) {
    const { title, prediction } = stepWords(step);
    const { guess, truth, correct, guessValue, truthValue, options } = predictions[step.id];
    const row = { title, guess: again(prediction, guessValue, options, guess), truth: again(prediction, truthValue, options, truth), verdict: correct ? WORDS.right : WORDS.wrong };
    list.append(make('li', { textContent: fill(WORDS.summaryRow, row) }));
  }
  return { element: list, right: made.filter((step) => predictions[step.id].correct).length, made: made.length };
}

/**
 * The elements of `step`'s reveal (`step` worded in the language in use): its sentence with the
 * page's numbers, the verdict on the guess, and for the last step the summary of `predictions`.
 * @param {{guess: unknown, baseline: {options?: object}, measured: {values: object, truth?: unknown, truthText?: unknown}}} run
 */
export function revealParts(step, { guess, baseline, measured }, predictions) {
  const values = Object.fromEntries(Object.entries(measured.values).map(([name, value]) => [name, words(value)]));
  const parts = [];
  const { prediction } = step;
  if (prediction) {
    const truth = truthWords(prediction, measured, baseline.options);
    if (prediction.kind === 'up-down') values.direction = truth;
    else values.answer = truth;
    const correct = score(prediction.kind, guess, measured);
    const verdict = correct === null ? '–' : correct ? WORDS.right : WORDS.wrong;
    parts.push(make('p', { className: `learn-verdict ${correct ? 'right' : 'wrong'}`, textContent: fill(WORDS.verdict, { verdict }) }));
  }
  if (step.reveal.show === 'summary') {
    const { element, right, made } = summary(predictions);
    parts.push(element);
    Object.assign(values, { right, made });
  }
  parts.unshift(make('p', { textContent: fill(step.reveal.text, values) }));
  return parts;
}
