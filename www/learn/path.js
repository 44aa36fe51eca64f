// The Learn path: a card over the page's own panels that walks a learner through the VAE, one
// step of steps.js at a time. Each step brings its view into view and outlines it, asks for a
// prediction where it has one, waits for an action done with the page's controls (actions.js),
// then reveals what the page measured (reveals.js) and scores the guess (predictions.js), in
// words built from what was measured and guessed (reveal-words.js), which a switch of language
// words again. Progress is kept in localStorage; closing takes away everything the path added.

import { onLanguageChange } from '../i18n/language.js';
import { ACTIONS } from './actions.js';
import { buildPrediction, describe, fill, rewordPrediction } from './predictions.js';
import { predictionRecord, revealParts } from './reveal-words.js';
import { REVEALS } from './reveals.js';
import { STEPS, WORDS, stepWords } from './steps.js';

const STORAGE_KEY = 'vae-wasm.learn';
/** How often the path looks at the page's state while it waits (ms). */
const POLL_MS = 200;
const HIGHLIGHT = 'learn-highlight';
const $ = (id) => document.getElementById(id);
const make = (tag, properties = {}) => Object.assign(document.createElement(tag), properties);

function loadProgress() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY));
    if (Number.isInteger(saved?.index) && saved.index >= 0 && saved.index < STEPS.length) return { done: [], predictions: {}, ...saved };
  } catch {
    // A stored value this version cannot read: start the path afresh.
  }
  return { index: 0, done: [], predictions: {} };
}

/** Whether an element is rendered (not inside a hidden panel). */
const shown = (element) => element !== null && element.getClientRects().length > 0;

export class LearnPath {
  /** @param {import('./page.js').LearnPage} page */
  constructor(page) {
    this.page = page;
    this.isOpen = false;
    this.progress = loadProgress();
    /** The step under way: what was measured before the action, the guess, the action's start. */
    this.run = null;
    /** The panels the path opened (by their opening buttons), closed again when the path closes. */
    this.opened = new Set();
    this.card = $('learn-card');
    this.build();
    const entry = $('learn-open');
    entry.textContent = WORDS.entry;
    entry.hidden = false;
    onLanguageChange(() => this.reword());
    entry.addEventListener('click', () => this.open());
    // A click on the page's control an action waits for, seen before the page handles it.
    document.addEventListener('click', (event) => this.noticeClick(event), true);
  }

  build() {
    this.card.setAttribute('role', 'dialog');
    this.card.setAttribute('aria-modal', 'false');
    this.card.setAttribute('aria-labelledby', 'learn-title');
    const part = (tag, id, className) => make(tag, { id, className });
    this.parts = {
      count: part('p', 'learn-count', 'learn-count'),
      title: part('h2', 'learn-title', 'learn-title'),
      text: part('div', 'learn-text', 'learn-text'),
      prediction: part('div', 'learn-prediction', 'learn-prediction'),
      action: part('div', 'learn-action', 'learn-action'),
      reveal: part('div', 'learn-reveal', 'learn-reveal'),
    };
    this.parts.title.tabIndex = -1;
    const body = make('div', { className: 'learn-body' });
    // A screen reader hears each step's text, the prediction's truth and the reveal as they come.
    body.setAttribute('aria-live', 'polite');
    body.append(this.parts.text, this.parts.prediction, this.parts.action, this.parts.reveal);
    this.body = body;
    const button = (label, onClick) => {
      const element = make('button', { type: 'button', textContent: label });
      element.addEventListener('click', onClick);
      return element;
    };
    this.nav = {
      back: button(WORDS.back, () => this.go(this.progress.index - 1)),
      skip: button(WORDS.skip, () => this.go(this.progress.index + 1)),
      next: button(WORDS.next, () => (this.progress.index === STEPS.length - 1 ? this.close() : this.go(this.progress.index + 1))),
      close: button(WORDS.close, () => this.close()),
    };
    this.nav.next.classList.add('primary');
    const nav = make('div', { className: 'learn-nav' });
    nav.append(this.nav.back, this.nav.skip, this.nav.next, this.nav.close);
    this.card.replaceChildren(this.parts.count, this.parts.title, body, nav);
    this.card.addEventListener('keydown', (event) => event.key === 'Escape' && this.close());
  }

  /** Opens the path at step `index` (0-based; by default where the learner left it). */
  open(index = this.progress.index) {
    this.isOpen = true;
    this.card.hidden = false;
    document.body.classList.add('learn-open');
    $('learn-open').setAttribute('aria-expanded', 'true');
    this.timer ??= setInterval(() => this.tick(), POLL_MS);
    this.go(index);
  }

  /** Closes the card, leaving the page as the learner made it: no outline, no marker, the panels it opened closed. */
  close() {
    if (!this.isOpen) return;
    this.leaveStep();
    clearInterval(this.timer);
    this.timer = null;
    this.isOpen = false;
    this.card.hidden = true;
    document.body.classList.remove('learn-open');
    for (const opener of this.opened) if ($(opener).getAttribute('aria-expanded') === 'true') $(opener).click();
    this.opened.clear();
    $('learn-open').setAttribute('aria-expanded', 'false');
    $('learn-open').focus();
  }

  /** The step under way, worded in the language in use. */
  get step() {
    return stepWords(STEPS[this.progress.index]);
  }

  go(index) {
    if (index < 0 || index >= STEPS.length) return;
    this.leaveStep();
    this.progress.index = index;
    this.save();
    const step = this.step;
    this.run = { baseline: null, guess: null, mark: null, clicked: false, moves: 0, revealed: false, skipped: false };
    if (step.opens && !shown($(step.view)) && $(step.opens).getAttribute('aria-expanded') !== 'true') {
      $(step.opens).click();
      this.opened.add(step.opens);
    }
    this.render();
    // After the opened panel's own scroll has started: the step's view is what the learner needs.
    requestAnimationFrame(() => this.bringIntoView());
    this.parts.title.focus({ preventScroll: true });
    this.tick();
  }

  /** Takes away what the step added to the page: its outline, the map's guess marker. */
  leaveStep() {
    for (const element of document.querySelectorAll(`.${HIGHLIGHT}`)) element.classList.remove(HIGHLIGHT);
    this.guessControls?.remove();
    this.guessControls = null;
    this.page.showDrawingOnMap();
  }

  /** The step's view outlined and scrolled to; while it is hidden, the control that opens it. */
  bringIntoView() {
    if (!this.isOpen) return;
    const { view, action } = this.step;
    const target = shown($(view)) ? $(view) : $(action.target);
    if (!shown(target)) return;
    for (const element of document.querySelectorAll(`.${HIGHLIGHT}`)) element.classList.remove(HIGHLIGHT);
    target.classList.add(HIGHLIGHT);
    // On a phone the card takes the bottom of the screen: the view goes to the top.
    const phone = matchMedia('(max-width: 600px)').matches;
    const tall = target.getBoundingClientRect().height > 0.6 * innerHeight;
    target.scrollIntoView({ block: phone || tall ? 'start' : 'center', behavior: 'instant' });
  }

  render() {
    const step = this.step;
    const { count, title, prediction, action, reveal } = this.parts;
    count.textContent = fill(WORDS.count, { k: this.progress.index + 1, n: STEPS.length });
    title.textContent = step.title;
    this.renderText(step);
    prediction.replaceChildren();
    prediction.hidden = !step.prediction;
    action.replaceChildren();
    reveal.replaceChildren();
    this.body.scrollTop = 0;
    this.renderNav();
  }

  /**
   * The path's words in a new language: the way in, the buttons, the step's title and text, its
   * prediction (the guess kept), what it waits for, and what it revealed (the summary too).
   */
  reword() {
    $('learn-open').textContent = WORDS.entry;
    for (const name of ['back', 'skip', 'close']) this.nav[name].textContent = WORDS[name];
    if (!this.isOpen) return;
    const { step, run } = this;
    this.parts.count.textContent = fill(WORDS.count, { k: this.progress.index + 1, n: STEPS.length });
    this.parts.title.textContent = step.title;
    this.renderText(step);
    this.renderNav();
    if (!run) return;
    if (step.prediction && run.baseline) rewordPrediction(this.parts.prediction, step.prediction, { options: run.baseline.options, guess: run.guess });
    if (run.revealed) this.showReveal();
    else if (run.mark) {
      // What the step waits for, and the moves already shown, without taking the focus.
      this.showAction();
      for (let i = 0; i < run.moves; i += 1) this.showMove(step.action.moves[i], null, false);
    }
  }

  renderText(step) {
    this.parts.text.replaceChildren(...step.text.map((sentence) => make('p', { textContent: sentence })));
    if (step.formula) this.parts.text.append(make('p', { className: 'learn-formula', textContent: step.formula }));
  }

  renderNav() {
    const { index, done } = this.progress;
    this.nav.back.disabled = index === 0;
    this.nav.skip.hidden = index === STEPS.length - 1;
    this.nav.next.textContent = index === STEPS.length - 1 ? WORDS.finish : WORDS.next;
    this.nav.next.disabled = !(this.run?.revealed || done.includes(this.step.id));
  }

  /** Moves the step on as the page allows: prediction once ready, action once guessed, reveal once done. */
  tick() {
    const { run, step, page } = this;
    if (!this.isOpen || !run || run.revealed) return;
    const reveal = REVEALS[step.reveal.show];
    if (!run.baseline) {
      const reason = reveal.ready(page);
      if (reason) {
        // Written once: a screen reader hears it once.
        if (this.parts.action.textContent !== WORDS[reason]) this.parts.action.replaceChildren(make('p', { className: 'hint', textContent: WORDS[reason] }));
        return;
      }
      run.baseline = reveal.baseline(page);
      if (step.prediction) this.askPrediction();
    }
    if (step.prediction && !run.guess) return;
    const action = ACTIONS[step.action.kind];
    if (!run.mark) {
      run.mark = action.start(page, step.action);
      run.clicked = false;
      this.showAction();
      return;
    }
    if (action.done(page, run.mark, { clicked: run.clicked, guessed: run.guess !== null }, step.action)) this.reveal();
    else if (action.moves) {
      const reached = Math.min(action.moves(page, run.mark, step.action), step.action.moves.length);
      for (; run.moves < reached; run.moves += 1) {
        const previous = run.moves === 0 ? step.action.target : step.action.moves[run.moves - 1].target;
        this.showMove(step.action.moves[run.moves], previous);
      }
    }
  }

  askPrediction() {
    const { prediction } = this.step;
    if (prediction.kind === 'map-point') this.page.hideDrawingOnMap();
    this.guessControls = buildPrediction(this.parts.prediction, prediction, {
      options: this.run.baseline.options,
      map: this.page.map,
      onGuess: (value) => {
        this.run.guess = value;
        this.parts.prediction.append(make('p', { className: 'learn-guess-text', textContent: fill(WORDS.yourGuess, { guess: describe(prediction, value, this.run.baseline.options) }) }));
        this.tick();
      },
    });
  }

  /** What the step waits for, with a way there for the keyboard (or a drawing for those who cannot draw). */
  showAction() {
    const { action } = this.step;
    const line = make('p', { textContent: fill(WORDS.waiting, { say: action.say }) });
    const controls = [line];
    if (action.kind === 'draw') {
      const example = make('button', { type: 'button', textContent: WORDS.noDrawing });
      example.addEventListener('click', () => this.page.useExampleDrawing());
      controls.push(example);
    } else if (!['none', 'map-guess'].includes(action.kind)) {
      const there = make('button', { type: 'button', textContent: WORDS.goThere });
      there.addEventListener('click', () => this.actionControl()?.focus());
      controls.push(there);
    }
    this.parts.action.replaceChildren(...controls);
  }

  /** An action's next move (Start after Reset, Pause once the run has reported), with a way there for the keyboard. */
  showMove(move, previousTarget, focus = true) {
    const there = make('button', { type: 'button', className: 'learn-move', textContent: WORDS.goThere });
    there.addEventListener('click', () => $(move.target).focus());
    this.parts.action.append(make('p', { textContent: move.say }), there);
    if (!focus) return;
    // The move just made (its control may have disabled itself, Start while training, taking the
    // focus with it): a keyboard goes on from the path's card.
    const focused = document.activeElement;
    if (!focused || focused === document.body || focused.disabled || focused.id === previousTarget) there.focus({ preventScroll: true });
  }

  /** The control the action is done with: the target, or the control inside it. */
  actionControl() {
    const { target, control } = this.step.action;
    return control ? $(target).querySelector(control) : $(target);
  }

  noticeClick(event) {
    if (!this.run?.mark || this.run.revealed || !this.step.action.target) return;
    const control = this.actionControl();
    if (control && control.contains(event.target)) this.run.clicked = true;
  }

  reveal() {
    const { run, step, page } = this;
    run.revealed = true;
    page.showDrawingOnMap();
    run.measured = REVEALS[step.reveal.show].measure(page, run.baseline, run.guess);
    if (step.prediction) this.progress.predictions[step.id] = predictionRecord(step.prediction, run.guess, run.measured, run.baseline.options);
    if (!this.progress.done.includes(step.id)) this.progress.done.push(step.id);
    this.save();
    this.showReveal();
    // The card's own scroll (a phone's sheet is short): the reveal, not the step's first words.
    this.body.scrollTop = this.body.scrollHeight;
    this.renderNav();
    this.bringIntoView();
    this.nav.next.focus({ preventScroll: true });
  }

  /** What the step revealed, in the language in use. */
  showReveal() {
    this.parts.action.replaceChildren(make('p', { className: 'hint', textContent: WORDS.done }));
    this.parts.reveal.replaceChildren(...revealParts(this.step, this.run, this.progress.predictions));
  }

  save() {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(this.progress));
    } catch {
      // Storage refused (private mode, full): the path still works, it just will not resume.
    }
  }

  /** For the page tests: where the path is and what it holds. */
  get state() {
    const { run, progress } = this;
    return {
      open: this.isOpen,
      index: progress.index,
      id: this.step.id,
      ready: Boolean(run?.baseline),
      guessed: run?.guess !== null && run?.guess !== undefined,
      armed: Boolean(run?.mark),
      revealed: Boolean(run?.revealed),
      reveal: this.parts.reveal.textContent,
      predictions: structuredClone(progress.predictions),
      done: [...progress.done],
    };
  }
}
