// The translations against the English, without a browser: every content module's words and every
// word of index.html (data-i18n) have a Simplified Chinese translation with the same keys, the
// same placeholders and inline tags; every refusal of the crate (`refusal!` in src/) has a Chinese
// wording with its placeholders; the translations use the glossary's terms and none of the
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
const { KINDS, REASONS, VALUE_WORDS } = await import('../../www/content/zh-CN/refusals.js');
const { FILE_REFUSALS } = await import('../../www/content/file-refusals.js');
const { FILE_REFUSALS_ZH } = await import('../../www/content/zh-CN/file-refusals.js');
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

/** The glossary's ruled-out words found in `text`, each with the term to use instead. */
const avoidedIn = (text) =>
  GLOSSARY.terms.flatMap((term) => term.avoid.filter((word) => text.includes(word)).map((word) => `${word} (use ${term.zh})`));

/** Every .rs file under `dir`. */
const rustFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? rustFiles(join(dir, entry.name)) : entry.name.endsWith('.rs') ? [join(dir, entry.name)] : [],
  );

/** A Rust string literal's text (`"…"` or `r#"…"#`), format-string braces left as written. */
function rustString(literal) {
  const raw = /^r(#*)"([\s\S]*)"\1$/.exec(literal);
  if (raw) return raw[2];
  return literal
    .slice(1, -1)
    .replace(/\\\n\s*/g, '')
    .replace(/\\u\{([0-9a-fA-F]+)\}/g, (_, hex) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/\\(.)/g, (_, c) => ({ n: '\n', t: '\t', r: '\r', 0: '\0' })[c] ?? c);
}

/** The arguments of a call whose `(` is at `open` in `code`, split at its own commas (strings, chars and brackets skipped). */
function callArguments(code, open) {
  const token = /r(#*)"[\s\S]*?"\1|"(?:\\[\s\S]|[^"\\])*"|'(?:\\.|[^'\\])'|[()[\]{},]/y;
  const args = [];
  let depth = 0;
  let start = open + 1;
  for (let at = open; at < code.length; ) {
    token.lastIndex = at;
    const match = token.exec(code);
    if (!match) {
      at += 1;
      continue;
    }
    at = token.lastIndex;
    const [text] = match;
    if ('([{'.includes(text)) depth += 1;
    else if (')]}'.includes(text)) depth -= 1;
    if ((text === ',' && depth === 1) || depth === 0) {
      args.push(code.slice(start, match.index).trim());
      start = at;
    }
    if (depth === 0) return args.filter(Boolean);
  }
  throw new Error(`no end to the call at ${open}`);
}

/** A template argument's text: one string literal, or `concat!` of several. */
function templateText(arg) {
  const concat = /^concat!\s*\(/.exec(arg);
  const parts = concat ? callArguments(arg, concat[0].length - 1) : [arg];
  return parts.map(rustString).join('');
}

/** The placeholders of a Rust format string (`{{` and `}}` are braces, not placeholders). */
const rustPlaceholders = (template) => placeholders(template.replace(/\{\{|\}\}/g, ''));

/** Every `refusal!(Kind, "key", "template", name = value, …)` of the crate's source (comments left out), where each is. */
function crateRefusals() {
  const found = [];
  for (const file of rustFiles(join(ROOT, 'src'))) {
    const code = readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, '');
    for (const match of code.matchAll(/\brefusal!\s*\(/g)) {
      const [kind, key, template, ...named] = callArguments(code, match.index + match[0].length - 1);
      const line = code.slice(0, match.index).split('\n').length;
      found.push({
        where: `${file.slice(ROOT.length + 1)}:${line}`,
        kind: kind.toLowerCase(),
        key: rustString(key),
        template: templateText(template),
        names: named.map((arg) => /^(\w+)\s*=(?!=)/.exec(arg)?.[1] ?? `(not a named value: ${arg})`),
      });
    }
  }
  return found;
}

/** Where the page's wordings (`reasons`, `kinds`) and the crate's refusals disagree (none: they agree). */
function refusalProblems(refusals, reasons, kinds) {
  const same = (a, b) => [...new Set(a)].sort().join() === [...new Set(b)].sort().join();
  const problems = [];
  const templates = new Map();
  for (const { where, kind, key, template, names } of refusals) {
    const own = rustPlaceholders(template);
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(key)) problems.push(`${where}: the key "${key}" is not kebab-case`);
    if (!(kind in kinds)) problems.push(`${where}: the kind ${kind} has no wording`);
    if (!same(own, names)) problems.push(`${where}: ${key} names {${names}} but its template has {${own}}`);
    if (templates.has(key) && templates.get(key).template !== template) problems.push(`${where}: ${key} is also ${templates.get(key).where}, with other words`);
    templates.set(key, templates.get(key) ?? { where, template });
    if (typeof reasons[key] !== 'string') problems.push(`${key}: no wording (${where})`);
    else if (!same(own, placeholders(reasons[key]))) problems.push(`${key}: placeholders {${own}} in the crate, {${placeholders(reasons[key])}} worded`);
  }
  for (const key of Object.keys(reasons)) if (!templates.has(key)) problems.push(`${key}: worded, but the crate has no such refusal`);
  return [...new Set(problems)];
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

test('every refusal of the crate is worded in Chinese, with its placeholders, and nothing else is', () => {
  const refusals = crateRefusals();
  assert.ok(refusals.length >= 100, `${refusals.length} refusal! calls in src/`);
  assert.deepEqual(refusalProblems(refusals, REASONS, KINDS), []);
  assert.deepEqual(Object.keys(KINDS).sort(), ['backend', 'config', 'data', 'input', 'training', 'weights']);
  assert.deepEqual(avoidedIn([...Object.values(REASONS), ...Object.values(KINDS), ...Object.values(VALUE_WORDS)].join('\n')), []);
});

test('the dataset worker’s own refusals are worded in Chinese with their placeholders, under keys the crate does not use', () => {
  const problems = Object.entries(FILE_REFUSALS).flatMap(([key, english]) => shapeProblems(english, FILE_REFUSALS_ZH[key], `file-refusals.${key}`));
  const extra = Object.keys(FILE_REFUSALS_ZH).filter((key) => !(key in FILE_REFUSALS));
  assert.deepEqual([...problems, ...extra], []);
  const crateKeys = new Set(crateRefusals().map((refusal) => refusal.key));
  assert.deepEqual(Object.keys(FILE_REFUSALS).filter((key) => crateKeys.has(key)), []);
  assert.deepEqual(avoidedIn(Object.values(FILE_REFUSALS_ZH).join('\n')), []);
});

test('the translations use the glossary’s terms and none it rules out', () => {
  const all = strings(ZH).join('\n');
  assert.deepEqual(avoidedIn(all), []);
  for (const term of ['变分自编码器', '编码器', '解码器', '潜在空间', '先验', '重构项']) assert.ok(all.includes(term), `the glossary's ${term} is not used`);
});

test('the refusals’ check reads the macro and finds a gap', () => {
  const code = `refusal!(Input, "a-b", concat!("{x} (", "{{y}}) {z}"), x = f(1, (2, 3)), z = ')')`;
  const [kind, key, template, ...named] = callArguments(code, code.indexOf('('));
  assert.deepEqual([kind, rustString(key), templateText(template), named], ['Input', 'a-b', '{x} ({{y}}) {z}', ['x = f(1, (2, 3))', "z = ')'"]]);
  assert.deepEqual(rustPlaceholders('{x} ({{y}}) {z}'), ['x', 'z']);
  assert.equal(rustString('"a \\\n     b \\"c\\""'), 'a b "c"');
  const refusal = { where: 'src/x.rs:1', kind: 'input', key: 'a-b', template: '{x}: {z}', names: ['x', 'z'] };
  const kinds = { input: '' };
  assert.deepEqual(refusalProblems([refusal], { 'a-b': '{z}：{x}' }, kinds), []);
  assert.match(refusalProblems([refusal], {}, kinds).join(), /a-b: no wording/);
  assert.match(refusalProblems([refusal], { 'a-b': '{x}', 'c-d': '' }, kinds).join(), /placeholders \{x,z\} in the crate.*c-d: worded, but the crate has no such refusal/);
  assert.match(refusalProblems([{ ...refusal, names: ['x'] }], { 'a-b': '{x}{z}' }, kinds).join(), /names \{x\} but its template has \{x,z\}/);
  assert.match(refusalProblems([refusal, { ...refusal, template: '{x} {z}' }], { 'a-b': '{x}{z}' }, kinds).join(), /other words/);
});

test('a check finds a gap: a missing key, a function turned string, a lost placeholder', () => {
  assert.match(shapeProblems({ a: 'x', b: () => '' }, { a: 'y' }, 'm').join(), /m\.b: missing/);
  assert.match(shapeProblems({ b: () => '' }, { b: 'y' }, 'm').join(), /a function in English/);
  assert.match(shapeProblems({ c: 'Step {k} of {n}' }, { c: '第 {k} 步' }, 'm').join(), /placeholders \{k,n\} in English, \{k\} translated/);
});
