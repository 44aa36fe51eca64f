// Words that follow the language: `say(element, words)` sets an element's text to `words()`, a
// function that reads the page's content in the language in use, and sets it again after every
// switch of language; `sayAttribute` does the same for one attribute. A view that words its
// results this way needs nothing more to switch language with the model running.

import { onLanguageChange } from './language.js';

/** Each worded element's functions: its text, and its attributes by name. */
const worded = new Map();
/** Above this many worded elements, the ones no longer in the page are forgotten. */
const SWEEP_ABOVE = 2_000;

function entry(element) {
  if (!worded.has(element)) {
    if (worded.size > SWEEP_ABOVE) sweep();
    worded.set(element, { text: null, attributes: new Map() });
  }
  return worded.get(element);
}

function sweep() {
  for (const element of worded.keys()) if (!element.isConnected) worded.delete(element);
}

/** Sets `element`'s text to `words()`, now and after every switch of language. */
export function say(element, words) {
  entry(element).text = words;
  element.textContent = words();
}

/** Sets `element`'s attribute `name` to `words()`, now and after every switch of language. */
export function sayAttribute(element, name, words) {
  entry(element).attributes.set(name, words);
  element.setAttribute(name, words());
}

onLanguageChange(() => {
  sweep();
  for (const [element, { text, attributes }] of worded) {
    if (text) element.textContent = text();
    for (const [name, words] of attributes) element.setAttribute(name, words());
  }
});
