// The lab in Simplified Chinese (#33): a Chinese browser opens it in Chinese; the header's
// switch changes every word at once while the model keeps running, keeps the choice and travels
// in the share link; a link's language the page lacks falls back with a message. With every view
// open, and at every step of the Learn path walked in Chinese, no English word is left in Chinese
// (beyond the glossary's symbols and names) and no Chinese in English, and at 1280×900 and at
// 390×844 nothing runs off the screen or out of its box. The glossary's notes are in Chinese
// too (its `note_zh`), in the glossary's own words.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, drawStrokes, drawingOutputs, openSite, screenshot } from './harness.mjs';
import { walkWithPointer } from './learn-walk.mjs';

const ONE = [[[140, 40], [140, 240]]];
const GLOSSARY = JSON.parse(readFileSync(join(ROOT, 'www', 'i18n', 'glossary.json'), 'utf8'));
/** Words that stay in English in Chinese: the glossary's (its units kept as written too), the browsers the page names, the file kinds, the formulas' functions, the sources the glossary's notes cite. */
const KEPT = [
  ...[...GLOSSARY.keep, ...GLOSSARY.units.map((unit) => unit.zh)].flatMap((token) => token.match(/[A-Za-z][A-Za-z-]*[A-Za-z]/g) ?? []),
  ...['vae-wasm', 'Chrome', 'Firefox', 'Safari', 'COOP', 'COEP', 'LeCun', 'Cortes', 'Burges', 'gzip', 'vaew', 'logit', 'Bernoulli', 'diag', 'log', 'exp', 'Shift', 'Enter', 'Tab', 'English', 'PyTorch', 'CSDN', 'MDN', 'Nalisnick', 'Serr' /* Serrà: a word here ends at the à */],
];

/**
 * What the page shows or says that is written in the wrong language: every visible text node,
 * option, and accessible name or title of a visible element (the Rust source shown as code
 * left out, and words marked as another language with `lang`, as the glossary's are). In
 * Chinese: words of two letters or more outside `kept`; in English: Chinese characters outside
 * `kept` (the switch names 简体中文 and 语言 in themselves). `within` keeps to one part of the
 * page; `marked`, when given, is where a `lang` mark is taken at its word (elsewhere an element
 * marked as another language is read all the same).
 */
function wrongLanguage(page, { chinese, kept, ignore = null, within = null, marked = null }) {
  return page.evaluate(
    ({ chinese, kept, ignore, within, marked }) => {
      const keptWords = new Set(kept);
      const found = new Set();
      const page = document.documentElement.lang;
      const check = (text, where, element) => {
        if (!text || (ignore && element.closest(ignore)) || (within && !element.closest(within))) return;
        if (element.closest('[lang]').lang !== page && (!marked || element.closest(marked))) return;
        // The model's layers by their names in the code (encoder.conv1, deconv2) and the CLI's commands (vae eval) and options (--anneal) are code.
        const words = text.replace(/\b[a-z]+\.[a-z]+\d*\b|\b(conv|deconv)\d\b|\bproject\b|\bvae (eval|train|infer)\b|--[a-z][a-z-]*/g, '');
        const bad = chinese
          ? (words.match(/[A-Za-z][A-Za-z’'-]*[A-Za-z]/g) ?? []).filter((word) => !keptWords.has(word) && !keptWords.has(word.replace(/s$/, '')))
          : (text.match(/[\u3400-\u9fff]+/g) ?? []).filter((word) => !keptWords.has(word));
        if (bad.length) found.add(`${where}: ${bad.join(' ')} «${text.trim().slice(0, 80)}»`);
      };
      const name = (element) => element.id || `${element.tagName.toLowerCase()}.${element.className}`;
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest('pre, code, script, style, select') || !parent.checkVisibility()) continue;
        check(node.textContent, name(parent), parent);
      }
      for (const element of document.querySelectorAll('body *')) {
        if (!element.checkVisibility()) continue;
        for (const attribute of ['aria-label', 'title', 'aria-valuetext', 'placeholder']) check(element.getAttribute(attribute), `${name(element)}[${attribute}]`, element);
        if (element.tagName === 'SELECT') for (const option of element.options) check(option.textContent, `${name(element)} option`, option);
      }
      check(document.title, 'title', document.documentElement);
      return [...found];
    },
    { chinese, kept, ignore, within, marked },
  );
}

/**
 * What runs off the screen or out of its box: a page that scrolls sideways, text cut by its box,
 * an element past the right edge (the scrolling boxes that hold wide content left out).
 */
function overflow(page) {
  return page.evaluate(() => {
    const found = [];
    if (document.documentElement.scrollWidth > innerWidth + 1) found.push(`the page scrolls sideways (${document.documentElement.scrollWidth} px)`);
    for (const element of document.querySelectorAll('body *')) {
      // Words for a screen reader only are clipped on purpose.
      if (!element.checkVisibility() || !element.childNodes.length || element.closest('.visually-hidden')) continue;
      const style = getComputedStyle(element);
      const clips = ['hidden', 'clip'].includes(style.overflowX) && style.textOverflow !== 'ellipsis';
      if (clips && element.scrollWidth > element.clientWidth + 1 && !element.closest('pre')) found.push(`${element.id || element.className}: cut (${element.scrollWidth} > ${element.clientWidth})`);
      const box = element.getBoundingClientRect();
      if (box.width > 0 && box.right > innerWidth + 1 && !element.closest('.bars-scroll, .dims-table-wrap, pre, .compare-grid')) found.push(`${element.id || element.tagName}: past the right edge (${Math.round(box.right)})`);
    }
    return found.slice(0, 20);
  });
}

/** Opens each view as a learner would, and calls `look(name)` with each open. */
async function everyView(page, look) {
  await drawStrokes(page, ONE);
  await page.waitForSelector('body[data-map-ready=true]', { timeout: 120_000 });
  await look('first screen');
  await page.click('#inside-open');
  await page.waitForFunction(() => window.vaeApp.inside.count > 0 && window.vaeApp.busy === 0, null, { timeout: 60_000 });
  await look('inside');
  await page.click('#inside-close');
  await page.click('#compare-open');
  await page.waitForFunction(() => window.vaeApp.compare.columns.every((column) => column.statistics || !column.choice) && window.vaeApp.busy === 0, null, { timeout: 180_000 });
  await look('compare');
  await page.click('#compare-close');
  await page.click('#anomaly-open');
  await page.waitForFunction(() => window.vaeApp.anomaly.images > 0 && window.vaeApp.anomaly.cost !== null && window.vaeApp.busy === 0, null, { timeout: 180_000 });
  await look('anomaly');
  await page.click('#anomaly-close');
  await page.click('#completion-open');
  await page.waitForFunction(() => window.vaeApp.completion.current && window.vaeApp.busy === 0, null, { timeout: 180_000 });
  await look('completion');
  await page.click('#completion-close');
  await page.click('#train-step');
  await page.waitForSelector('#step-view:not([hidden])', { timeout: 180_000 });
  await look('step');
  await page.click('#train-start');
  await page.waitForFunction(() => document.querySelectorAll('#epoch-log li').length > 0, null, { timeout: 180_000 });
  await page.click('#train-pause');
  await page.waitForSelector('#train-start:not([disabled])', { timeout: 120_000 });
  await look('training');
  await page.click('#learn-open');
  await page.waitForFunction(() => window.vaeApp.learn.ready, null, { timeout: 60_000 });
  await look('learn');
  await page.keyboard.press('Escape');
  await openGlossary(page);
  await look('glossary');
  await page.keyboard.press('Escape');
}

/** Opens the glossary from the header, once its terms are listed. */
async function openGlossary(page) {
  await page.click('#glossary-open');
  await page.waitForFunction(() => document.getElementById('glossary').open && document.querySelectorAll('#glossary-terms .glossary-term').length > 0);
}

describe('the page in Chinese', { timeout: 900_000 }, () => {
  let site;
  before(async () => {
    site = await openSite({ context: { locale: 'zh-CN', viewport: { width: 1280, height: 900 } } });
  });
  after(async () => site?.close());

  test('a Chinese browser opens it in Chinese', async () => {
    const { page } = site;
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    assert.equal(await page.inputValue('#language-select'), 'zh-CN');
    assert.match(await page.textContent('#learn-open'), /[\u4e00-\u9fff]/);
  });

  test('every view open: no English word left but the glossary’s symbols and names, nothing off the screen at 1280×900', async () => {
    const { page } = site;
    const problems = [];
    await everyView(page, async (view) => {
      for (const problem of await wrongLanguage(page, { chinese: true, kept: KEPT })) problems.push(`${view} · ${problem}`);
      for (const problem of await overflow(page)) problems.push(`${view} · ${problem}`);
      await screenshot(page, `zh-${view.replace(' ', '-')}`);
    });
    assert.deepEqual(problems, []);
  });

  test('the glossary holds no English sentence: its notes in Chinese, only its English terms marked as English', async () => {
    const { page } = site;
    const notes = () => page.$$eval('#glossary-terms .glossary-note', (all) => all.map((note) => [note.lang, note.textContent]));
    const withNotes = GLOSSARY.terms.filter((term) => term.note);
    await openGlossary(page);
    // The English terms column keeps its mark; a note marked English is read as the Chinese it should be.
    assert.deepEqual(await wrongLanguage(page, { chinese: true, kept: KEPT, within: '#glossary', marked: '.glossary-term > dt' }), []);
    assert.deepEqual(await notes(), withNotes.map((term) => ['zh-CN', term.note_zh]));
    await page.keyboard.press('Escape');
    // A switch words the notes again: in English, then back in Chinese.
    await page.selectOption('#language-select', 'en');
    await openGlossary(page);
    assert.deepEqual(await notes(), withNotes.map((term) => ['en', term.note]));
    await page.keyboard.press('Escape');
    await page.selectOption('#language-select', 'zh-CN');
    await openGlossary(page);
    assert.deepEqual(await notes(), withNotes.map((term) => ['zh-CN', term.note_zh]));
    await page.keyboard.press('Escape');
  });

  test('the switch changes every word at once, the model running, and the choice is kept', async () => {
    const { page } = site;
    const before = await drawingOutputs(page);
    await page.selectOption('#language-select', 'en');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.deepEqual(await wrongLanguage(page, { chinese: false, kept: ['简体中文', '语言'] }), []);
    // The glossary's own words too (its terms are in both languages, marked as such; its notes are the file's English, with Chinese examples).
    await openGlossary(page);
    assert.deepEqual(await wrongLanguage(page, { chinese: false, kept: [], ignore: '.glossary-note' }), []);
    await page.keyboard.press('Escape');
    const after = await drawingOutputs(page);
    assert.deepEqual(after.reconstruction, before.reconstruction, 'the switch redrew or lost the drawing');
    await page.selectOption('#language-select', 'zh-CN');
    await page.reload();
    await page.waitForSelector('body[data-ready=true]', { timeout: 120_000 });
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN', 'the choice was not kept');
  });

  test('no console errors', () => assert.deepEqual(site.problems, []));
});

test('the glossary’s notes are in Chinese too, in its own words: a word it rules out only where the English note names it', () => {
  const withNotes = GLOSSARY.terms.filter((term) => term.note);
  assert.deepEqual(withNotes.filter((term) => !term.note_zh).map((term) => term.id), []);
  assert.deepEqual([...GLOSSARY.terms, ...GLOSSARY.units].filter((term) => term.note_zh && !term.note).map((term) => term.en), []);
  const ruledOut = GLOSSARY.terms.flatMap((term) => term.avoid);
  const problems = withNotes.flatMap((term) => ruledOut.filter((word) => term.note_zh.includes(word) && !term.note.includes(word)).map((word) => `${term.id}: ${word}`));
  assert.deepEqual(problems, []);
  assert.match(GLOSSARY.about_zh, /[\u4e00-\u9fff]/);
  assert.doesNotMatch(GLOSSARY.about, /[\u4e00-\u9fff]/);
});

describe('the language in the share link', { timeout: 300_000 }, () => {
  test('a link opens the page in its language; one the page lacks falls back to English with a message naming it', async () => {
    const chinese = await openSite({ fragment: '#lang=zh-CN' });
    try {
      assert.equal(await chinese.page.evaluate(() => document.documentElement.lang), 'zh-CN');
      await chinese.page.click('#copy-link');
      // Copy link writes the whole view: the model with the language.
      await chinese.page.waitForFunction(() => /model=.*lang=zh-CN/.test(location.hash));
    } finally {
      await chinese.close();
    }
    const unknown = await openSite({ fragment: '#lang=fr' });
    try {
      await unknown.page.waitForSelector('#message:not([hidden])', { timeout: 60_000 });
      assert.match(await unknown.page.textContent('#message'), /“fr”.*English/);
      assert.equal(await unknown.page.evaluate(() => document.documentElement.lang), 'en');
    } finally {
      await unknown.close();
    }
  });
});

describe('Chinese on a phone (390×844)', { timeout: 900_000 }, () => {
  test('every view open: nothing runs off the screen or out of its box', async () => {
    const site = await openSite({ context: { locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } });
    const { page } = site;
    const problems = [];
    try {
      await everyView(page, async (view) => {
        for (const problem of await overflow(page)) problems.push(`${view} · ${problem}`);
        await screenshot(page, `zh-phone-${view.replace(' ', '-')}`);
      });
      assert.deepEqual(problems, []);
      assert.deepEqual(site.problems, []);
    } finally {
      await site.close();
    }
  });
});

describe('the Learn path walked in Chinese (1280×900)', { timeout: 900_000 }, () => {
  test('every step in Chinese, its numbers the page’s: no English word, nothing off the screen', async () => {
    const site = await openSite({ context: { locale: 'zh-CN', viewport: { width: 1280, height: 900 } } });
    const { page } = site;
    const problems = [];
    try {
      await walkWithPointer(page, {
        look: async (step) => {
          for (const problem of await wrongLanguage(page, { chinese: true, kept: KEPT })) problems.push(`${step} · ${problem}`);
          for (const problem of await overflow(page)) problems.push(`${step} · ${problem}`);
          await screenshot(page, `zh-learn-${step}`);
          if (step === 'eps') {
            // A switch words the step again, the guess and what it revealed kept: in English, then back in Chinese.
            const card = () => page.textContent('#learn-card');
            const chinese = await card();
            await page.selectOption('#language-select', 'en');
            const english = await card();
            for (const words of ['When you draw a new ε, what will change?', 'Your guess: z moves; μ and σ stay.', 'Your prediction: right.', 'so z went from']) assert.ok(english.includes(words), english);
            assert.doesNotMatch(english, /[\u4e00-\u9fff]/, english);
            await page.selectOption('#language-select', 'zh-CN');
            assert.equal(await card(), chinese);
          }
        },
      });
      assert.deepEqual(problems, []);
      assert.deepEqual(site.problems, []);
    } finally {
      await site.close();
    }
  });
});
