// The share link's format (www/link.js), without a browser: what a link holds comes back, and a
// malformed or hostile fragment is refused with the part it got wrong, as a kind and its values
// (for the page to word) with an English message. Then in the page: a test digit in the pad
// travels in the link, and a refusal is said in the page's language. The rest of the page's use
// of it (Copy link, opening a link, the message) is in site.test.mjs.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LINK_TEXT } from '../../www/content/link.js';
import { MNIST_TEST_IMAGES } from '../../www/data.js';
import { setLanguage } from '../../www/i18n/language.js';
import { LEARN_STEPS, LinkRefusal, MAX_LATENT, SHIPPED_MODELS, decodeStrokes, encodeStrokes, readView, writeView } from '../../www/link.js';
import { STEPS } from '../../www/learn/steps.js';
import { drawStrokes, drawingOutputs, openSite, settled } from './harness.mjs';

const STROKES = [
  [[100, 60], [140, 58], [170, 80], [150, 140], [100, 200], [180, 205]],
  [[60.4, 250.2]],
];

test('a view written to a fragment reads back: model, latent point, strokes within a pixel, digit', () => {
  const fragment = writeView({ model: 'cvae-latent2', z: [0.123456, -2.5], strokes: STROKES, digit: 3 });
  const view = readView(`#${fragment}`);
  assert.equal(view.model, 'cvae-latent2');
  assert.deepEqual(view.z, [0.1235, -2.5]);
  assert.equal(view.digit, 3);
  assert.equal(view.strokes.length, STROKES.length);
  view.strokes.forEach((stroke, s) => {
    assert.equal(stroke.length, STROKES[s].length);
    stroke.forEach(([x, y], i) => {
      assert.ok(Math.abs(x - STROKES[s][i][0]) <= 0.6 && Math.abs(y - STROKES[s][i][1]) <= 0.6, `stroke ${s} point ${i}: ${[x, y]}`);
    });
  });
  // A drawing costs two bytes a point: a usual digit stays a short link.
  assert.ok(fragment.length < 120, fragment);
});

test('parts are optional but the model; a long stroke is thinned to 256 points, its ends kept', () => {
  assert.deepEqual(readView('model=conv-latent16'), { model: 'conv-latent16', z: null, strokes: null, test: null, digit: null, learn: null, lang: null });
  const long = Array.from({ length: 1000 }, (_, i) => [i * 0.28, 140]);
  const [stroke] = decodeStrokes(encodeStrokes([long]));
  assert.equal(stroke.length, 256);
  assert.ok(stroke[0][0] === 0 && Math.abs(stroke[0][1] - 140) < 0.6, String(stroke[0]));
  assert.ok(Math.abs(stroke[255][0] - 279.72) < 0.6, String(stroke[255]));
});

test('a link opens the Learn path at a step, with a view or alone', () => {
  assert.equal(LEARN_STEPS, STEPS.length);
  const fragment = writeView({ model: 'conv-latent2', z: [0, 1], strokes: STROKES, learn: 4 });
  assert.match(fragment, /&learn=4$/);
  const view = readView(fragment);
  assert.equal(view.learn, 4);
  assert.equal(view.model, 'conv-latent2');
  // The path alone: no model named, the page's own kept.
  assert.deepEqual(readView('#learn=1'), { model: null, z: null, strokes: null, test: null, digit: null, learn: 1, lang: null });
  assert.equal(readView(`learn=${LEARN_STEPS}`).learn, LEARN_STEPS);
  assert.equal(readView(writeView({ model: 'conv-latent2', learn: null })).learn, null);
});

test('a link carries the page’s language, with a view or alone', () => {
  const fragment = writeView({ model: 'conv-latent2', z: [0, 1], learn: 2, lang: 'zh-CN' });
  assert.match(fragment, /&lang=zh-CN$/);
  assert.equal(readView(fragment).lang, 'zh-CN');
  assert.deepEqual(readView('#lang=zh-CN'), { model: null, z: null, strokes: null, test: null, digit: null, learn: null, lang: 'zh-CN' });
  assert.deepEqual(readView('#learn=3&lang=en'), { model: null, z: null, strokes: null, test: null, digit: null, learn: 3, lang: 'en' });
  // A well-formed tag the page does not have is read: the page says it shows another (share-link.js).
  assert.equal(readView('lang=fr').lang, 'fr');
});

test('a malformed or hostile fragment is refused, naming the part', () => {
  const refusals = [
    ['', /model: missing/],
    ['model=mine', /model: "mine" is not one of the shipped models/],
    ['model=conv-latent2&weights=AAAA', /unknown part "weights"/],
    ['model=conv-latent2&model=conv-latent16', /model: given more than once/],
    ['model=conv-latent2&z=NaN,0', /z: value 1 \("NaN"\)/],
    ['model=conv-latent2&z=0,Infinity', /z: value 2/],
    ['model=conv-latent2&z=1e3,0', /z: value 1/],
    [`model=conv-latent2&z=${MAX_LATENT + 1},0`, /z: value 1/],
    ['model=conv-latent2&z=0x10,0', /z: value 1/],
    ['model=conv-latent2&z=,1', /z: value 1/],
    ['model=conv-latent2&z=0,0,0', /z: 3 values, but the model has 2 latent dimensions/],
    [`model=conv-latent16&z=${Array(300).fill(0).join(',')}`, /z: 300 values, but the model has 16/],
    ['model=conv-latent2&digit=3', /digit: only the conditional model/],
    ['model=conv-latent2&ink=%%%', /ink: not base64url/],
    ['model=conv-latent2&ink=A', /ink: not base64url/],
    ['model=conv-latent2&ink=BQAA', /ink: cut short/],
    ['model=cvae-latent2&digit=10', /digit: "10" is not a digit/],
    ['model=cvae-latent2&digit=2.5', /digit: "2.5"/],
    [`model=conv-latent2&ink=${'A'.repeat(20_000)}`, /the link is too long/],
    ['learn=0', /learn: "0" is not a step of the Learn path \(1 to \d+\)/],
    [`learn=${LEARN_STEPS + 1}`, /learn: "\d+" is not a step of the Learn path/],
    ['learn=2.5', /learn: "2.5"/],
    ['learn=-1', /learn: "-1"/],
    ['learn=', /learn: ""/],
    ['learn=1&learn=2', /learn: given more than once/],
    ['learn=1&z=0,0', /model: missing/],
    ['model=conv-latent2&learn=x', /learn: "x"/],
    ['lang=', /lang: "" is not a language tag/],
    ['lang=<script>', /lang: "<script>"/],
    ['lang=zh_CN', /lang: "zh_CN"/],
    [`lang=${'a'.repeat(2)}-${'b'.repeat(30)}`, /lang: "aa-bbbbbbbbbbbbbbbbb" is not/],
    ['lang=en&lang=zh-CN', /lang: given more than once/],
    ['lang=en&z=0,0', /model: missing/],
    ['model=conv-latent2&test=10000', /test: "10000" is not a test digit's number \(a whole number from 0 to 9999\)/],
    ['model=conv-latent2&test=-1', /test: "-1"/],
    ['model=conv-latent2&test=2.5', /test: "2.5"/],
    ['model=conv-latent2&test=1e3', /test: "1e3"/],
    ['model=conv-latent2&test=', /test: ""/],
    ['model=conv-latent2&test=0x10', /test: "0x10"/],
    ['model=conv-latent2&test=1&test=2', /test: given more than once/],
    ['test=5', /model: missing/],
  ];
  for (const [fragment, message] of refusals) {
    assert.throws(() => readView(fragment), message, fragment.slice(0, 80));
  }
  // More strokes than any drawing has: 201 strokes of one point each.
  const many = Array.from({ length: 201 }, () => [[10, 10]]);
  assert.throws(() => decodeStrokes(encodeStrokes(many).concat('AAAA')), /ink: more than 200 strokes/);
  assert.deepEqual(Object.keys(SHIPPED_MODELS), ['conv-latent2', 'conv-latent16', 'cvae-latent2', 'ae-latent2', 'conv-latent2-beta0', 'conv-latent2-beta1-5ep', 'conv-latent16-beta10']);
});

test('a link carries the test digit in the pad, alone or under strokes', () => {
  assert.equal(MNIST_TEST_IMAGES, 10_000);
  const fragment = writeView({ model: 'conv-latent2', test: 42 });
  assert.equal(fragment, 'model=conv-latent2&test=42');
  assert.deepEqual(readView(fragment), { model: 'conv-latent2', z: null, strokes: null, test: 42, digit: null, learn: null, lang: null });
  assert.equal(readView(writeView({ model: 'conv-latent2', test: 0 })).test, 0, 'test digit 0 is a test digit');
  assert.equal(readView(`model=conv-latent2&test=${MNIST_TEST_IMAGES - 1}`).test, MNIST_TEST_IMAGES - 1);
  assert.equal(readView('model=conv-latent2&test=007').test, 7);
  const under = readView(writeView({ model: 'cvae-latent2', strokes: STROKES, test: 9999, digit: 4, lang: 'zh-CN' }));
  assert.deepEqual([under.test, under.strokes.length, under.digit, under.lang], [9999, 2, 4, 'zh-CN']);
  assert.equal(readView(writeView({ model: 'conv-latent2', test: null })).test, null);
});

test('a refusal carries its kind and values, worded in either language; its message stays English', () => {
  const refusal = (fragment) => {
    try {
      readView(fragment);
    } catch (error) {
      return error;
    }
    assert.fail(`${fragment} was read`);
  };
  const z = refusal('model=conv-latent2&z=0,0,0');
  assert.ok(z instanceof LinkRefusal && z instanceof Error);
  assert.deepEqual([z.key, z.values], ['zCount', { count: 3, dims: 2 }]);
  assert.equal(z.message, 'z: 3 values, but the model has 2 latent dimensions');
  assert.deepEqual([refusal('model=conv-latent2&test=12345').key, refusal('model=conv-latent2&test=12345').values], ['testNotIndex', { text: '12345', max: 9999 }]);
  assert.deepEqual(refusal('model=conv-latent2&ink=BQAA').key, 'inkCutShort');
  assert.deepEqual(refusal('weights=1').values, { part: 'weights' });
  try {
    setLanguage('zh-CN');
    assert.equal(LINK_TEXT[z.key](z.values), 'z：有 3 个值，但模型只有 2 个潜在维度');
    assert.equal(refusal('model=conv-latent2&z=0,0,0').message, z.message, 'the Error’s message follows the language');
    const unknown = refusal('model=conv-latent2&secret=1');
    assert.equal(LINK_TEXT[unknown.key](unknown.values), '无法识别的部分“secret”');
  } finally {
    setLanguage('en');
  }
  assert.equal(LINK_TEXT[z.key](z.values), z.message);
});

describe('a share link in the page', { timeout: 600_000 }, () => {
  let site;
  before(async () => {
    site = await openSite({ context: { permissions: ['clipboard-read', 'clipboard-write'] } });
    await settled(site.page);
  });
  after(async () => site?.close());

  const padWords = (page) => page.getAttribute('#pad', 'aria-label');

  test('Copy link with a test digit in the pad makes a link that opens with that digit and its reconstruction', async () => {
    const { page, context } = site;
    await page.fill('#pad-digit', '42');
    await page.press('#pad-digit', 'Enter');
    await page.waitForFunction(() => window.vaeApp.input !== null);
    const shown = await drawingOutputs(page);
    const words = await padWords(page);
    assert.match(words, /test digit 42/);
    await page.click('#copy-link');
    await page.waitForFunction(() => /(^#|&)test=42(&|$)/.test(location.hash));
    const link = await page.evaluate(() => location.href);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);

    const other = await context.newPage();
    try {
      await other.goto(link);
      await other.waitForSelector('body[data-ready=true]', { timeout: 120_000 });
      await other.waitForFunction(() => window.vaeApp.input !== null, null, { timeout: 120_000 });
      const opened = await drawingOutputs(other);
      assert.deepEqual(opened.input, shown.input, 'the pad does not hold test digit 42');
      assert.ok(opened.reconstruction.some((value) => value > 0.5), 'no reconstruction');
      assert.equal(await padWords(other), words);
      assert.equal(await other.inputValue('#pad-digit'), '42', 'the field does not name the test digit');
      assert.equal(await other.isHidden('#message'), true);
    } finally {
      await other.close();
    }
  });

  test('strokes drawn over a test digit travel with it', async () => {
    const { page, context } = site;
    await drawStrokes(page, [[[30, 30], [250, 250]]]);
    await page.waitForFunction(() => /one stroke of yours/.test(document.getElementById('pad').getAttribute('aria-label')));
    const shown = await drawingOutputs(page);
    await page.click('#copy-link');
    await page.waitForFunction(() => /test=42/.test(location.hash) && /ink=/.test(location.hash));
    const other = await context.newPage();
    try {
      await other.goto(await page.evaluate(() => location.href));
      await other.waitForSelector('body[data-ready=true]', { timeout: 120_000 });
      await other.waitForFunction(() => /test digit 42.*one stroke of yours/.test(document.getElementById('pad').getAttribute('aria-label')), null, { timeout: 120_000 });
      const opened = await drawingOutputs(other);
      const differ = opened.input.filter((value, i) => Math.abs(value - shown.input[i]) > 0.25).length;
      assert.ok(differ < 20, `${differ} of 784 pixels differ from the page shared`);
    } finally {
      await other.close();
    }
    // Cleared: the next link holds no test digit.
    await page.click('#clear');
    await page.click('#copy-link');
    await page.waitForFunction(() => location.hash.length > 1 && !/test=/.test(location.hash));
  });

  test('a bad link opened in Chinese says why in Chinese, with its values', async () => {
    const { context, url } = site;
    const page = await context.newPage();
    try {
      for (const [fragment, wanted] of [
        ['#model=conv-latent2&z=0,0,0&lang=zh-CN', /^链接没能打开（z：有 3 个值，但模型只有 2 个潜在维度）；页面照常打开。$/],
        ['#model=conv-latent2&test=10000&lang=zh-CN', /test：“10000”不是测试数字的编号（0 到 9999 之间的整数）/],
        ['#model=conv-latent2&ink=BQAA&lang=zh-CN', /ink：数据不完整/],
      ]) {
        await page.goto('about:blank');
        await page.goto(url + fragment);
        await page.waitForSelector('#message:not([hidden])', { timeout: 120_000 });
        assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
        const text = await page.textContent('#message');
        assert.match(text, wanted);
        assert.doesNotMatch(text.replace(/\b(z|test|ink|base64url)\b/g, ''), /[A-Za-z]{2,}/, `English in “${text}”`);
      }
      // The same link in English, as before.
      await page.goto('about:blank');
      await page.goto(`${url}#model=conv-latent2&z=0,0,0&lang=en`);
      await page.waitForSelector('#message:not([hidden])', { timeout: 120_000 });
      assert.match(await page.textContent('#message'), /The link was not opened \(z: 3 values, but the model has 2 latent dimensions\)/);
    } finally {
      await page.close();
    }
  });

  test('no console errors', () => assert.deepEqual(site.problems, []));
});
