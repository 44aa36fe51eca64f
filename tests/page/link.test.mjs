// The share link's format (www/link.js), without a browser: what a link holds comes back, and a
// malformed or hostile fragment is refused with the part it got wrong. The page's own use of it
// (Copy link, opening a link, the message) is in site.test.mjs.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LEARN_STEPS, MAX_LATENT, SHIPPED_MODELS, decodeStrokes, encodeStrokes, readView, writeView } from '../../www/link.js';
import { STEPS } from '../../www/learn/steps.js';

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
  assert.deepEqual(readView('model=conv-latent16'), { model: 'conv-latent16', z: null, strokes: null, digit: null, learn: null, lang: null });
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
  assert.deepEqual(readView('#learn=1'), { model: null, z: null, strokes: null, digit: null, learn: 1, lang: null });
  assert.equal(readView(`learn=${LEARN_STEPS}`).learn, LEARN_STEPS);
  assert.equal(readView(writeView({ model: 'conv-latent2', learn: null })).learn, null);
});

test('a link carries the page’s language, with a view or alone', () => {
  const fragment = writeView({ model: 'conv-latent2', z: [0, 1], learn: 2, lang: 'zh-CN' });
  assert.match(fragment, /&lang=zh-CN$/);
  assert.equal(readView(fragment).lang, 'zh-CN');
  assert.deepEqual(readView('#lang=zh-CN'), { model: null, z: null, strokes: null, digit: null, learn: null, lang: 'zh-CN' });
  assert.deepEqual(readView('#learn=3&lang=en'), { model: null, z: null, strokes: null, digit: null, learn: 3, lang: 'en' });
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
  ];
  for (const [fragment, message] of refusals) {
    assert.throws(() => readView(fragment), message, fragment.slice(0, 80));
  }
  // More strokes than any drawing has: 201 strokes of one point each.
  const many = Array.from({ length: 201 }, () => [[10, 10]]);
  assert.throws(() => decodeStrokes(encodeStrokes(many).concat('AAAA')), /ink: more than 200 strokes/);
  assert.deepEqual(Object.keys(SHIPPED_MODELS), ['conv-latent2', 'conv-latent16', 'cvae-latent2', 'ae-latent2', 'conv-latent2-beta0', 'conv-latent2-beta1-5ep', 'conv-latent16-beta10']);
});
