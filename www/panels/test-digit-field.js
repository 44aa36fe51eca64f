// The drawing panel's way in for a person who cannot draw: a test digit's number (or a random
// one) puts that digit in the pad, where its reconstruction and score show as a drawing's do.
// What is typed is checked here, and refused by name: a fraction, a negative number, something
// that is not a number or one past the test split's end never reaches the model. The refusal
// follows a switch of language, as the field's own words do.

import { ACCESSIBILITY_TEXT } from '../content/accessibility.js';
import { MNIST_TEST_IMAGES } from '../data.js';
import { onLanguageChange } from '../i18n/language.js';
import { say } from '../i18n/say.js';

const $ = (id) => document.getElementById(id);

export class TestDigitField {
  /** @param {(index: number) => void} onUse puts test image `index` in the pad */
  constructor(onUse) {
    this.onUse = onUse;
    /** How many test images there are to pick from (MNIST's 10,000, or a brought split's). */
    this.count = MNIST_TEST_IMAGES;
    this.word();
    onLanguageChange(() => this.word());
    $('pad-digit').addEventListener('keydown', (event) => {
      if (event.key === 'Enter') this.use();
    });
    $('pad-digit').addEventListener('input', () => this.refuse(null));
    $('pad-digit-use').addEventListener('click', () => this.use());
    $('pad-digit-random').addEventListener('click', () => {
      const index = Math.floor(Math.random() * this.count);
      $('pad-digit').value = index;
      this.refuse(null);
      this.onUse(index);
    });
  }

  /** The field's words in the page's language (a refusal shown is worded again by say). */
  word() {
    const T = ACCESSIBILITY_TEXT.testDigit;
    $('pad-test').setAttribute('aria-label', T.group);
    $('pad-digit-label').textContent = T.field;
    $('pad-digit-use').textContent = T.use;
    $('pad-digit-random').textContent = T.random;
  }

  /** Test images come from a split of `count` images now (MNIST's or a brought one). */
  setCount(count) {
    this.count = count;
    $('pad-digit').max = count - 1;
    this.refuse(null);
  }

  /** Uses the number typed, or says why it cannot be used. */
  use() {
    const input = $('pad-digit');
    const index = input.valueAsNumber;
    const [typed, max] = [input.value, this.count - 1];
    // Read at each wording: the field's name in the language in use.
    const T = () => ACCESSIBILITY_TEXT.testDigit;
    const words = () => ({ field: T().field, max, typed });
    // A number field holds '' both when empty and when what was typed is no number at all ("1e", "-").
    if (typed === '') this.refuse(input.validity.badInput ? () => T().notANumber(words()) : () => T().empty(words()));
    else if (!Number.isInteger(index) || index < 0 || index >= this.count) this.refuse(() => T().refused(words()));
    else {
      this.refuse(null);
      this.onUse(index);
    }
  }

  /** Shows test image `index`'s number in the field, as if typed (a shared link's test digit). */
  show(index) {
    $('pad-digit').value = String(index);
    this.refuse(null);
  }

  /** Shows `words()` under the field, in the language in use, and marks it invalid (null: clears both). */
  refuse(words) {
    const error = $('pad-digit-error');
    say(error, words ?? (() => ''));
    error.hidden = words === null;
    if (words === null) $('pad-digit').removeAttribute('aria-invalid');
    else $('pad-digit').setAttribute('aria-invalid', 'true');
  }
}
