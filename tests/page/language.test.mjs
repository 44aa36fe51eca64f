// The page's language, without a browser: which one a visit starts in (the link, the learner's
// choice, the browser's languages), that a switch tells the views, and how a translation is laid
// over content that mixes words and structure.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LANGUAGES, chooseLanguage, language, matchLanguage, onLanguageChange, setLanguage } from '../../www/i18n/language.js';
import { overlay } from '../../www/i18n/localised.js';

test('a visit starts in the link’s language, else the stored choice, else the browser’s, else English', () => {
  assert.deepEqual(Object.keys(LANGUAGES), ['en', 'zh-CN']);
  assert.equal(chooseLanguage({ link: 'zh-CN', stored: 'en', browser: ['en-US'] }), 'zh-CN');
  assert.equal(chooseLanguage({ link: 'fr', stored: 'zh-CN', browser: ['en-US'] }), 'zh-CN', 'a language the page lacks does not decide');
  assert.equal(chooseLanguage({ stored: 'klingon', browser: ['fr-FR', 'zh-Hans-CN', 'en'] }), 'zh-CN');
  assert.equal(chooseLanguage({ browser: ['zh-TW'] }), 'en', 'Traditional Chinese readers are not given Simplified by guess');
  assert.equal(chooseLanguage({ browser: ['de', 'en-GB'] }), 'en');
  assert.equal(chooseLanguage({}), 'en');
  for (const [tag, want] of [['zh', 'zh-CN'], ['zh-CN', 'zh-CN'], ['ZH-sg', 'zh-CN'], ['zh-Hant', null], ['zh-HK', null], ['en', 'en'], ['eng', null], ['', null]]) {
    assert.equal(matchLanguage(tag), want, tag);
  }
});

test('a switch tells every listener once, refuses a language the page lacks, and keeps the language in use', () => {
  const heard = [];
  onLanguageChange((next) => heard.push(next));
  setLanguage('zh-CN');
  setLanguage('zh-CN');
  assert.throws(() => setLanguage('fr'), /language: "fr" is not one of en, zh-CN/);
  assert.throws(() => setLanguage(undefined), /language: "undefined"/);
  assert.equal(language(), 'zh-CN');
  setLanguage('en');
  assert.deepEqual(heard, ['zh-CN', 'en']);
});

test('a translation is laid over a step: words replaced, structure kept, sentences worded freely', () => {
  const step = {
    id: 'eps',
    view: 'step-sample',
    title: 'ε and z',
    text: ['One.', 'Two.'],
    prediction: { kind: 'choose', question: 'What changes?', options: [{ value: 'mean', label: 'μ' }, { value: 'z', label: 'z' }] },
  };
  const worded = overlay(step, { title: 'ε 与 z', text: ['一句。'], prediction: { question: '会变什么？', options: [{ label: 'μ 和 σ' }] } });
  assert.deepEqual(worded, {
    id: 'eps',
    view: 'step-sample',
    title: 'ε 与 z',
    text: ['一句。'],
    prediction: { kind: 'choose', question: '会变什么？', options: [{ value: 'mean', label: 'μ 和 σ' }, { value: 'z', label: 'z' }] },
  });
  assert.equal(overlay(step, undefined), step);
  assert.deepEqual(step.text, ['One.', 'Two.'], 'the English is untouched');
});
