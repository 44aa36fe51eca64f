// "Copy link" and opening one: the page's side of link.js's format. A link names a shipped model,
// the drawing's strokes, the test digit in the pad, the latent point, the Learn path's step and
// the language (never weights). A link refused is said in the page's language (content/link.js).

import { LANGUAGE_TEXT } from './content/language.js';
import { LINK_TEXT } from './content/link.js';
import { MESSAGES } from './content/messages.js';
import { LANGUAGES, language, setLanguage } from './i18n/language.js';
import { LinkRefusal, SHIPPED_MODELS, modelPath, readView, writeView } from './link.js';

const $ = (id) => document.getElementById(id);

export class ShareLink {
  /**
   * @param {object} page what a link reads and sets
   * @param {import('./panels/drawing.js').DrawingPanel} page.drawing
   * @param {import('./panels/latent.js').LatentPanel} page.latent
   * @param {import('./learn/path.js').LearnPath} page.learn
   * @param {() => Promise<void>} page.loadSelectedModel loads the Model menu's choice
   * @param {(words: string | (() => string), kind?: string) => void} page.notify
   */
  constructor(page) {
    this.page = page;
    $('copy-link').addEventListener('click', () => this.copy().catch((error) => page.notify(() => String(error?.message ?? error), 'error')));
  }

  /** The shipped model in use, by its file's stem (null: one trained or uploaded here). */
  shippedModel() {
    return Object.keys(SHIPPED_MODELS).find((stem) => modelPath(stem) === $('model-select').value) ?? null;
  }

  async copy() {
    const { drawing, latent, learn, notify } = this.page;
    const model = this.shippedModel();
    if (!model) {
      notify(() => MESSAGES.linkNeedsShippedModel);
      return;
    }
    const digit = SHIPPED_MODELS[model].conditional ? drawing.chosen : null;
    const step = learn.isOpen ? learn.progress.index + 1 : null;
    // The test digit in the pad (under any strokes): MNIST's by its number; a brought dataset's cannot travel.
    const inPad = drawing.pad.image && drawing.testDigit ? drawing.testDigit.index : null;
    const test = drawing.testSet.brought ? null : inPad;
    history.replaceState(null, '', `#${writeView({ model, z: latent.latent, strokes: drawing.pad.strokes, test, digit, learn: step, lang: language() })}`);
    try {
      await navigator.clipboard.writeText(location.href);
      const left = drawing.pad.image && drawing.picture ? LINK_TEXT.copiedWithoutImage : inPad !== null && test === null ? LINK_TEXT.copiedWithoutTest : null;
      notify(() => left ?? MESSAGES.linkCopied, 'note');
    } catch {
      notify(() => MESSAGES.copyThisLink(location.href), 'note');
    }
  }

  /** Opens the view the URL's fragment describes; a bad fragment is ignored with a message. */
  async open() {
    if (location.hash.length <= 1) return;
    const { drawing, latent, learn, loadSelectedModel, notify } = this.page;
    let view;
    try {
      view = readView(location.hash);
    } catch (error) {
      if (!(error instanceof LinkRefusal)) throw error;
      notify(() => MESSAGES.linkNotOpened(LINK_TEXT[error.key](error.values)));
      return;
    }
    // The page started in a link's language it has (language-switch.js); a hash changed later switches it.
    if (view.lang && Object.hasOwn(LANGUAGES, view.lang)) setLanguage(view.lang);
    else if (view.lang) notify(() => LANGUAGE_TEXT.unknown(view.lang));
    if (view.learn) learn.open(view.learn - 1);
    // A link to the path alone leaves the model and the drawing as they are.
    if (!view.model) return;
    if ($('model-select').value !== modelPath(view.model)) {
      $('model-select').value = modelPath(view.model);
      await loadSelectedModel();
    }
    if (view.test !== null && drawing.testSet.brought) notify(() => LINK_TEXT.testNotMnist({ index: view.test }));
    else if (view.test !== null) await this.showTestDigit(view);
    else await drawing.setStrokes(view.strokes ?? [], view.digit);
    if (view.z) latent.setLatent(view.z);
  }

  /** A link's test digit in the pad, as the test-digit field puts it there, with the link's strokes over it. */
  async showTestDigit({ test, strokes, digit }) {
    const { drawing } = this.page;
    drawing.testDigitField.show(test);
    await drawing.useTestDigit(test);
    if (!strokes?.length && digit === null) return;
    // Over the image, as a person's strokes would be; then the answer for both (and the digit chosen).
    drawing.pad.strokes = strokes ?? [];
    drawing.pad.paint();
    drawing.chosen = digit;
    await drawing.refresh();
  }
}
