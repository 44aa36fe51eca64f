// How the page words a refusal it was handed (www/i18n/refusal.js), without a browser: the crate's
// English kept in English, a translation's template filled with the refusal's values, the words
// the crate writes in English replaced only where the placeholder is one of those, and the kind
// left out where the panel's own words say it.

import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { setLanguage } from '../../www/i18n/language.js';
import { Refused, errorFrom, refuseFile, refusalOf, withoutKind, within } from '../../www/i18n/refusal.js';

afterEach(() => setLanguage('en'));

/** A refusal as the wasm layer throws it: an Error with the crate's English and `refusal`. */
function thrown(message, refusal) {
  return Object.assign(new Error(message), { refusal: { within: [], ...refusal } });
}

const payload = thrown('invalid dataset: images: header promises 783216 bytes of data (999 × 28 × 28), file has 23520', {
  kind: 'data',
  key: 'idx-payload-length',
  values: { what: 'images', expected: '783216', shape: '999 × 28 × 28', got: '23520' },
});

test('a refusal keeps the crate’s English in English and is worded from its values in Chinese, again at each read', () => {
  const error = errorFrom(payload.message, refusalOf(payload));
  assert.equal(error.message, payload.message);
  setLanguage('zh-CN');
  assert.equal(error.message, '数据集无效：图像：文件头声明有 783216 字节的数据（999 × 28 × 28），文件里有 23520 字节');
  setLanguage('en');
  assert.equal(error.message, payload.message);
});

test('a value is replaced by its Chinese word only under its own placeholder: a folder named "images" is quoted as named', () => {
  const folder = thrown('invalid dataset: images has a single class (test): …', {
    kind: 'data',
    key: 'folder-single-class',
    values: { folder: 'images', class: 'test' },
  });
  setLanguage('zh-CN');
  const message = errorFrom(folder.message, refusalOf(folder)).message;
  assert.match(message, /^数据集无效：images 只有一个类别（test）/);
});

test('the kind is left out where the panel says it, and a file’s name goes before the reason in both languages', () => {
  const bare = within(errorFrom(payload.message, refusalOf(payload)), 'train-images-idx3-ubyte');
  assert.equal(bare.message, 'train-images-idx3-ubyte: images: header promises 783216 bytes of data (999 × 28 × 28), file has 23520');
  setLanguage('zh-CN');
  assert.equal(bare.message, 'train-images-idx3-ubyte：图像：文件头声明有 783216 字节的数据（999 × 28 × 28），文件里有 23520 字节');
  // A kind the panel does not say stays.
  const kept = withoutKind(errorFrom(payload.message, refusalOf(payload)), ['training']);
  assert.match(kept.message, /^数据集无效：/);
});

test('the dataset worker’s own refusals word their values the same way; an error without a refusal is left as it is', () => {
  const refused = within(refuseFile('decodes-otherwise', { width: 30, height: 30, decodedWidth: 28, decodedHeight: 28 }), 'circle/7.png');
  assert.equal(refused.message, 'circle/7.png: its header says 30×30, but it decodes as 28×28');
  assert.ok(refused instanceof Refused);
  setLanguage('zh-CN');
  assert.equal(refused.message, 'circle/7.png：它的文件头写着 30×30，解码出来却是 28×28');
  assert.equal(errorFrom('the worker stopped', null).message, 'the worker stopped');
  // What a message carries is checked: a refusal without a key, or with values that are not text, is none or loses them.
  assert.equal(refusalOf({ refusal: { kind: 'data', values: {} } }), null);
  assert.deepEqual(refusalOf({ refusal: { key: 'k', values: { a: 1, b: 'x' }, within: ['f', 2] } }), { kind: null, key: 'k', values: { b: 'x' }, within: ['f'] });
});
