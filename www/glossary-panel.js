// The glossary on the page: every term of www/i18n/glossary.json (and its units) in English and in
// Simplified Chinese side by side, with the file's note on the choice (in the page's language: `note`
// in English, `note_zh` in Chinese) and the other Chinese words for it a learner meets in tutorials
// (its `avoid` list). A <dialog> opened from the header's
// button, built from the file the first time it opens (nothing of the file is copied here); a
// field narrows the list. Escape or Close shuts it and the focus goes back to the button.

import { LANGUAGE_TEXT } from './content/language.js';
import { language, onLanguageChange } from './i18n/language.js';
import { say } from './i18n/say.js';

export const GLOSSARY_URL = 'www/i18n/glossary.json';
const $ = (id) => document.getElementById(id);
const make = (tag, properties = {}) => Object.assign(document.createElement(tag), properties);
const T = () => LANGUAGE_TEXT.glossary;

/** What a term is found by: its English, Chinese and short forms, and the Chinese words it rules out. */
const searchable = (term) => [term.en, term.zh, term.short ?? '', ...(term.avoid ?? [])].join('\n').toLowerCase();

export class GlossaryPanel {
  constructor() {
    this.dialog = $('glossary');
    this.opener = $('glossary-open');
    /** The file's terms and units ({terms, units}), once loaded. */
    this.glossary = null;
    this.rows = [];
    say($('glossary-open-label'), () => T().open);
    say($('glossary-title'), () => T().title);
    say($('glossary-about'), () => T().about);
    say($('glossary-find-label'), () => T().find);
    say($('glossary-close'), () => T().close);
    say($('glossary-units'), () => T().units);
    onLanguageChange((language) => {
      $('glossary-alias').hidden = language === 'zh-CN';
      if (this.glossary) this.build();
    });
    $('glossary-alias').hidden = language() === 'zh-CN';
    this.opener.addEventListener('click', () => this.open());
    $('glossary-close').addEventListener('click', () => this.dialog.close());
    $('glossary-find').addEventListener('input', () => this.filter());
    // Escape closes a modal dialog by itself; whichever way it closes, the focus goes back.
    this.dialog.addEventListener('close', () => {
      this.opener.setAttribute('aria-expanded', 'false');
      this.opener.focus();
    });
    // A click on the backdrop (outside the dialog's box, where the dialog itself is the target) closes it too.
    this.dialog.addEventListener('click', (event) => {
      const box = this.dialog.getBoundingClientRect();
      const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
      if (event.target === this.dialog && !inside) this.dialog.close();
    });
    this.opener.hidden = false;
  }

  /** Opens the glossary, loading the file the first time. */
  async open() {
    if (this.dialog.open) return;
    this.opener.setAttribute('aria-expanded', 'true');
    this.dialog.showModal();
    if (this.glossary) return;
    try {
      const response = await fetch(GLOSSARY_URL);
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      const { terms, units } = await response.json();
      this.glossary = { terms, units: units ?? [] };
      this.build();
    } catch (error) {
      say($('glossary-count'), () => T().failed(String(error?.message ?? error)));
    }
  }

  /** The lists, in the language in use for their few words of their own (the terms are in both). */
  build() {
    const { terms, units } = this.glossary;
    const termRows = terms.map((term) => this.row(term));
    const unitRows = units.map((unit) => this.row({ ...unit, unit: true }));
    $('glossary-terms').replaceChildren(...termRows.map(({ element }) => element));
    $('glossary-unit-list').replaceChildren(...unitRows.map(({ element }) => element));
    this.rows = [...termRows, ...unitRows];
    this.filter();
  }

  /** One term: its English (and short form), its Chinese, the note and the other words for it. */
  row(term) {
    const element = make('div', { className: 'glossary-term' });
    const english = make('dt', { lang: 'en', textContent: term.en });
    if (term.short && term.short !== term.en) english.append(' ', make('span', { className: 'glossary-short', textContent: `(${term.short})` }));
    element.append(english, make('dd', { lang: 'zh-CN', className: 'glossary-zh', textContent: term.zh }));
    const note = this.note(term);
    if (note) element.append(make('dd', { lang: note.lang, className: 'glossary-note', textContent: note.text }));
    if (term.avoid?.length) {
      const other = make('dd', { className: 'glossary-avoid' });
      // Each word kept whole on its line.
      const others = term.avoid.flatMap((word, i) => [...(i ? [' · '] : []), make('span', { lang: 'zh-CN', textContent: word })]);
      other.append(make('span', { textContent: `${T().elsewhere} ` }), ...others);
      element.append(other);
    }
    return { element, words: searchable(term), unit: Boolean(term.unit) };
  }

  /** A term's note in the page's language (the English where the file has no Chinese for it), or null. */
  note(term) {
    if (language() === 'zh-CN' && term.note_zh) return { lang: 'zh-CN', text: term.note_zh };
    return term.note ? { lang: 'en', text: term.note } : null;
  }

  /** Shows the terms the field's words are found in (all when it is empty), and how many. */
  filter() {
    const wanted = $('glossary-find').value.trim().toLowerCase();
    let shown = 0;
    for (const { element, words } of this.rows) {
      element.hidden = wanted !== '' && !words.includes(wanted);
      if (!element.hidden) shown += 1;
    }
    const total = this.rows.length;
    $('glossary-units').hidden = this.rows.every(({ element, unit }) => !unit || element.hidden);
    say($('glossary-count'), () => (shown === 0 ? T().none : T().count({ shown, total })));
  }
}
