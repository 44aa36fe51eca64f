// The translations against the English, without a browser: every content module's words and every
// word of index.html (data-i18n) have a Simplified Chinese translation with the same keys, the
// same placeholders and inline tags; the translations use the glossary's terms and none of the
// words it rules out; and a marked element of the markup holds no element the code refers to.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CONTENT = join(ROOT, 'www', 'content');
// Every content module registers its English as it loads.
for (const file of readdirSync(CONTENT).filter((name) => name.endsWith('.js'))) await import(join(CONTENT, file));
const { ENGLISH } = await import('../../www/i18n/localised.js');
const { TRANSLATIONS } = await import('../../www/content/zh-CN/index.js');
const { STEPS } = await import('../../www/learn/steps.js');
const ZH = TRANSLATIONS['zh-CN'];
const GLOSSARY = JSON.parse(readFileSync(join(ROOT, 'www', 'i18n', 'glossary.json'), 'utf8'));
const HTML = readFileSync(join(ROOT, 'index.html'), 'utf8');

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
const tags = (text) => [...text.matchAll(/<(\w+)[\s>]/g)].map((match) => match[1]).sort();

/** Where `words` does not have the shape of `english`, in words (none: it does). */
function shapeProblems(english, words, path) {
  if (words === undefined) return [`${path}: missing`];
  if (typeof english === 'function') return typeof words === 'function' ? [] : [`${path}: a function in English, not in the translation`];
  if (typeof english === 'string') {
    if (typeof words !== 'string') return [`${path}: a string in English, not in the translation`];
    const [a, b] = [placeholders(english), placeholders(words)];
    return [...new Set(a)].join() === [...new Set(b)].join() ? [] : [`${path}: placeholders {${a}} in English, {${b}} translated`];
  }
  if (Array.isArray(english)) {
    if (!Array.isArray(words)) return [`${path}: a list in English, not in the translation`];
    if (english.every(isObject)) return english.flatMap((item, i) => shapeProblems(item, words[i], `${path}[${i}]`));
    return words.every((item) => typeof item === 'string') ? [] : [`${path}: a list of words with something else in it`];
  }
  if (isObject(english)) {
    if (!isObject(words)) return [`${path}: an object in English, not in the translation`];
    const extra = Object.keys(words).filter((key) => !(key in english)).map((key) => `${path}.${key}: not in the English`);
    return [...extra, ...Object.keys(english).flatMap((key) => shapeProblems(english[key], words[key], `${path}.${key}`))];
  }
  return [];
}

/** The words of a step (its structure left out), as the translation would give them. */
const STRUCTURE = new Set(['id', 'view', 'opens', 'kind', 'target', 'control', 'value', 'show', 'reports', 'conditional']);
function stepWords(value) {
  if (Array.isArray(value)) return value.every(isObject) ? value.map(stepWords) : value;
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !STRUCTURE.has(key)).map(([key, item]) => [key, stepWords(item)]));
}

/** Every string a translation holds, its functions' source (their templates) included. */
function strings(value, found = []) {
  if (typeof value === 'string') found.push(value);
  else if (typeof value === 'function') found.push(String(value));
  else if (Array.isArray(value)) for (const item of value) strings(item, found);
  else if (isObject(value)) for (const item of Object.values(value)) strings(item, found);
  return found;
}

/** The markup's keys: data-i18n and data-i18n-<attribute>, with the English each marks. */
function markupKeys() {
  const keys = new Map();
  for (const match of HTML.matchAll(/<(\w+)([^>]*?)\sdata-i18n="([^"]+)"([^>]*)>([\s\S]*?)<\/\1>/g)) keys.set(match[3], match[5]);
  for (const match of HTML.matchAll(/\sdata-i18n-([\w-]+)="([^"]+)"/g)) if (!keys.has(match[2])) keys.set(match[2], null);
  return keys;
}

test('every content module has a translation with its keys, functions and placeholders', () => {
  assert.ok(ENGLISH.size >= 10, `${ENGLISH.size} content modules`);
  const problems = [...ENGLISH].flatMap(([name, english]) => shapeProblems(english, ZH[name], name));
  assert.deepEqual(problems, []);
});

test('every step of the Learn path is translated, its placeholders kept', () => {
  const problems = STEPS.flatMap((step) => shapeProblems(stepWords(step), ZH['learn-steps']?.[step.id], `learn-steps.${step.id}`));
  // A translation may leave out the digits the conditional step offers: they are the same in every language.
  assert.deepEqual(problems.filter((problem) => !/^learn-steps\.conditional\.prediction\.options/.test(problem)), []);
});

test('every word of the markup is translated, with the same inline tags, and a marked element holds no element with an id', () => {
  const keys = markupKeys();
  assert.ok(keys.size >= 50, `${keys.size} keys in index.html`);
  const page = ZH.page ?? {};
  const missing = [...keys.keys()].filter((key) => typeof page[key] !== 'string');
  assert.deepEqual(missing, [], 'keys of index.html with no translation');
  assert.deepEqual(Object.keys(page).filter((key) => !keys.has(key)), [], 'translations of keys index.html does not have');
  for (const [key, english] of keys) {
    if (english === null) continue;
    assert.deepEqual(tags(page[key]), tags(english), `${key}: the inline tags differ`);
    assert.doesNotMatch(english, /\sid="/, `${key}: a marked element holds an element with an id (the code would lose it)`);
  }
});

test('the translations use the glossary’s terms and none it rules out', () => {
  const all = strings(ZH).join('\n');
  const avoided = GLOSSARY.terms.flatMap((term) => term.avoid.filter((word) => all.includes(word)).map((word) => `${word} (use ${term.zh})`));
  assert.deepEqual(avoided, []);
  for (const term of ['变分自编码器', '编码器', '解码器', '潜在空间', '先验', '重构项']) assert.ok(all.includes(term), `the glossary's ${term} is not used`);
});

test('a check finds a gap: a missing key, a function turned string, a lost placeholder', () => {
  assert.match(shapeProblems({ a: 'x', b: () => '' }, { a: 'y' }, 'm').join(), /m\.b: missing/);
  assert.match(shapeProblems({ b: () => '' }, { b: 'y' }, 'm').join(), /a function in English/);
  assert.match(shapeProblems({ c: 'Step {k} of {n}' }, { c: '第 {k} 步' }, 'm').join(), /placeholders \{k,n\} in English, \{k\} translated/);
});
