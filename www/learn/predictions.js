// Predictions: the controls a learner commits a guess with, before the page shows the truth,
// and how a guess is scored. A guess on the map is made on the latent map itself (a click or a
// tap: the map does not decode it) or by typing its coordinates (arrow keys change them). A
// switch of language words the controls again in place (rewordPrediction), the guess kept.

import { WORDS } from './steps.js';

export const PREDICTION_KINDS = Object.freeze(['map-point', 'choose', 'up-down']);
/** A map guess this close to μ (in the map's units; the map spans ±4) counts as right. */
const CLOSE_ON_MAP = 0.5;

/** A template with its {names} filled; a name without a value shows as '–'. */
export const fill = (template, values = {}) => template.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? '–'));

const make = (tag, properties = {}) => Object.assign(document.createElement(tag), properties);
const point = ([x, y]) => `(${x.toFixed(2)}, ${y.toFixed(2)})`.replaceAll('-', '−');

/** Whether a guess was right: null when the page could not measure the truth. */
export function score(kind, guess, measured) {
  if (kind === 'map-point') return measured.distance <= CLOSE_ON_MAP;
  if (measured.truth === null || measured.truth === undefined) return null;
  return guess === measured.truth;
}

/** A guess and a truth in words, for the reveal and the summary. */
export function describe(prediction, value, options) {
  if (prediction.kind === 'map-point') return point(value);
  if (prediction.kind === 'up-down') return WORDS[value] ?? '–';
  const option = prediction.options.find((candidate) => candidate.value === value);
  return option ? fill(option.label, options) : '–';
}

/**
 * A guess on the latent map: a marker over the canvas where the learner points (or types),
 * and the click that makes it, kept from the map (which would decode the point otherwise).
 */
class MapGuess {
  constructor(map, onGuess) {
    this.map = map;
    this.canvas = map.canvas;
    this.onGuess = onGuess;
    this.host = this.canvas.parentElement;
    this.host.classList.add('learn-map-host');
    this.marker = make('span', { className: 'learn-guess' });
    this.marker.setAttribute('aria-hidden', 'true');
    this.marker.hidden = true;
    this.host.append(this.marker);
    this.intercept = (event) => {
      if (event.target !== this.canvas || this.done) return;
      event.stopImmediatePropagation();
      event.preventDefault();
      const box = this.canvas.getBoundingClientRect();
      const [cx, cy] = this.map.centre;
      const x = cx + (((event.clientX - box.left) / box.width) * 2 - 1) * this.map.extent;
      const y = cy + (1 - ((event.clientY - box.top) / box.height) * 2) * this.map.extent;
      this.commit([x, y]);
    };
    document.addEventListener('pointerdown', this.intercept, true);
  }

  /** Shows the marker at (x, y) of the map's plane. */
  place([x, y]) {
    const [cx, cy] = this.map.centre;
    const { extent } = this.map;
    const u = ((x - cx) / extent + 1) / 2;
    const v = (1 - (y - cy) / extent) / 2;
    this.marker.hidden = false;
    this.marker.style.left = `${this.canvas.offsetLeft + u * this.canvas.offsetWidth}px`;
    this.marker.style.top = `${this.canvas.offsetTop + v * this.canvas.offsetHeight}px`;
  }

  commit(at) {
    this.done = true;
    this.place(at);
    this.onGuess(at);
  }

  remove() {
    document.removeEventListener('pointerdown', this.intercept, true);
    this.marker.remove();
    this.host.classList.remove('learn-map-host');
  }
}

/**
 * Builds a prediction's controls in `box`; `onGuess(value)` once the learner commits. Returns
 * a handle whose `remove()` takes away what it added to the page (the map's marker).
 */
export function buildPrediction(box, prediction, { options = {}, map = null, onGuess }) {
  box.replaceChildren(make('p', { className: 'learn-question', textContent: fill(prediction.question, options) }));
  const buttons = make('div', { className: 'learn-options' });
  buttons.setAttribute('role', 'group');
  buttons.setAttribute('aria-label', prediction.question);
  const choose = (value) => {
    for (const button of buttons.children) {
      button.disabled = true;
      button.setAttribute('aria-pressed', String(button.dataset.value === value));
    }
    onGuess(value);
  };
  const choices = prediction.kind === 'up-down' ? [{ value: 'up', label: WORDS.up }, { value: 'down', label: WORDS.down }] : (prediction.options ?? []);
  for (const { value, label } of choices) {
    const button = make('button', { type: 'button', textContent: fill(label, options) });
    button.dataset.value = value;
    button.setAttribute('aria-pressed', 'false');
    button.addEventListener('click', () => choose(value));
    buttons.append(button);
  }
  if (prediction.kind !== 'map-point') {
    box.append(buttons);
    return { remove() {} };
  }
  // On the map: a click there, or two typed coordinates and Guess.
  const fields = make('div', { className: 'learn-coordinates' });
  const inputs = [WORDS.horizontal, WORDS.vertical].map((name) => {
    const input = make('input', { type: 'number', step: 0.1, min: -10, max: 10, value: 0 });
    input.setAttribute('aria-label', name);
    const label = make('label', { textContent: `${name} ` });
    label.append(input);
    fields.append(label);
    return input;
  });
  const at = () => inputs.map((input) => (Number.isFinite(input.valueAsNumber) ? input.valueAsNumber : 0));
  const commit = make('button', { type: 'button', className: 'learn-commit', textContent: WORDS.commit });
  fields.append(commit);
  const guess = new MapGuess(map, (value) => {
    for (const control of [...inputs, commit]) control.disabled = true;
    inputs.forEach((input, i) => (input.value = value[i].toFixed(2)));
    onGuess(value);
  });
  for (const input of inputs) {
    input.addEventListener('input', () => guess.place(at()));
    input.addEventListener('keydown', (event) => event.key === 'Enter' && guess.commit(at()));
  }
  commit.addEventListener('click', () => guess.commit(at()));
  box.append(make('p', { className: 'hint', textContent: WORDS.coordinates }), fields);
  return guess;
}

/**
 * The controls buildPrediction made in `box`, worded again in the language in use (`prediction`
 * worded in it), with the guess made (`guess`; null: none yet) and what they showed kept.
 */
export function rewordPrediction(box, prediction, { options = {}, guess = null } = {}) {
  const question = box.querySelector('.learn-question');
  if (question) question.textContent = fill(prediction.question, options);
  box.querySelector('.learn-options')?.setAttribute('aria-label', prediction.question);
  const labels = prediction.kind === 'up-down' ? { up: WORDS.up, down: WORDS.down } : Object.fromEntries((prediction.options ?? []).map(({ value, label }) => [value, label]));
  for (const button of box.querySelectorAll('.learn-options button')) {
    if (Object.hasOwn(labels, button.dataset.value)) button.textContent = fill(labels[button.dataset.value], options);
  }
  const hint = box.querySelector(':scope > .hint');
  if (hint) hint.textContent = WORDS.coordinates;
  [...box.querySelectorAll('.learn-coordinates label')].forEach((label, i) => {
    const name = [WORDS.horizontal, WORDS.vertical][i];
    label.firstChild.textContent = `${name} `;
    label.querySelector('input').setAttribute('aria-label', name);
  });
  const commit = box.querySelector('.learn-commit');
  if (commit) commit.textContent = WORDS.commit;
  const said = box.querySelector('.learn-guess-text');
  if (said && guess !== null) said.textContent = fill(WORDS.yourGuess, { guess: describe(prediction, guess, options) });
}
