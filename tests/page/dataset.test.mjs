// Your own data, as a person brings it: datasets made here (300 shapes in three classes, written
// as a folder of PNGs and as IDX files) go in through the page's own file pickers; the preview
// shows the inputs as chosen, training and the test ELBO run on them, the map is coloured by the
// folder's classes with their names in the legend, and "Back to MNIST" restores the built-in
// data. Each bad input gets a message, and the data in use stays.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SHAPES, idx, png, shapeIdx, withStatedSize, writeShapeFolder } from './datasets.mjs';
import { VAE, openSite, screenshot } from './harness.mjs';

const MNIST_IN_USE = /^MNIST: 60,000 handwritten digits/;

/** Waits until `selector`'s text matches `pattern`; returns the text. */
async function textMatching(page, selector, pattern, timeout = 60_000) {
  await page.waitForFunction(
    ({ selector, source, flags }) => new RegExp(source, flags).test(document.querySelector(selector)?.textContent ?? ''),
    { selector, source: pattern.source, flags: pattern.flags },
    { timeout },
  );
  return page.textContent(selector);
}

/** The preview's pixels (RGBA of the canvas). */
const previewPixels = (page) =>
  page.evaluate(() => {
    const canvas = document.getElementById('data-preview');
    return Array.from(window.readPixels_(canvas));
  });

/** The legend's entries: [text, colour]. */
const legend = (page) => page.$$eval('#legend > span', (items) => items.map((item) => [item.textContent, item.querySelector('i').style.background]));

const mapPoints = (page) => page.evaluate(() => Number(document.body.dataset.mapPoints));

describe('your own data', { timeout: 900_000 }, () => {
  let site;
  let root;
  /** 300 shapes, 100 of each class, in sub-folders named by class. */
  let folder;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'vae-data-'));
    folder = writeShapeFolder(join(root, 'shapes'), 100);
    site = await openSite();
    await site.page.waitForSelector('body[data-map-ready=true]', { timeout: 120_000 });
  });
  after(async () => {
    await site?.close();
    rmSync(root, { recursive: true, force: true });
  });

  test('a folder of images: previewed as chosen, trained on, mapped by class, then back to MNIST', async () => {
    const { page } = site;
    await page.setInputFiles('#data-folder', folder);
    const summary = await textMatching(page, '#data-summary', /300 images/);
    assert.match(summary, /3 classes \(circle, square, triangle\)/);
    assert.match(summary, /no test split: 30 images \(a tenth\) will be held out/);
    assert.match(summary, /ink on paper .*dark ink on light paper \(detected\), binarised at ½/);
    assert.equal(await page.inputValue('#data-form [name=name]'), 'shapes');
    // The preview shows inputs as the model sees them: binarised, ink white on black.
    const binary = await previewPixels(page);
    const levels = new Set(binary.filter((_, i) => i % 4 === 0));
    assert.deepEqual([...levels].sort((a, b) => a - b), [0, 255]);
    // Grey levels keep the anti-aliased edges; the whole image (resized) frames them otherwise.
    await page.selectOption('#data-form [name=levels]', 'grey');
    await textMatching(page, '#data-summary', /grey levels kept/);
    await page.waitForFunction(() => {
      const canvas = document.getElementById('data-preview');
      const data = window.readPixels_(canvas);
      return data.some((value, i) => i % 4 === 0 && value > 0 && value < 255);
    });
    await page.selectOption('#data-form [name=framing]', 'whole');
    await textMatching(page, '#data-summary', /whole images \(resized to 28×28\)/);
    const whole = await previewPixels(page);
    assert.notDeepEqual(whole, binary);
    // The ink said rather than detected: light on dark makes the paper the ink.
    await page.selectOption('#data-form [name=polarity]', 'light-on-dark');
    await textMatching(page, '#data-summary', /light ink on a dark ground,/);
    await page.selectOption('#data-form [name=polarity]', '');
    await page.selectOption('#data-form [name=framing]', 'ink');
    await page.selectOption('#data-form [name=levels]', 'binary');
    await textMatching(page, '#data-summary', /\(detected\), binarised/);
    await screenshot(page, 'dataset-preview');

    await page.click('#data-use');
    const inUse = await textMatching(page, '#data-in-use', /^shapes: /);
    assert.match(inUse, /^shapes: 270 images to train on, 30 images held out for testing \(a tenth, chosen with seed \d+\)/);
    assert.match(inUse, /3 classes \(circle, square, triangle\)/);
    assert.equal(await page.isVisible('#data-mnist'), true);
    // The map shows the 30 held-out images, coloured by class, the classes named in the legend.
    await page.waitForFunction(() => document.body.dataset.mapPoints === '30', null, { timeout: 60_000 });
    const entries = await legend(page);
    assert.deepEqual(entries.map(([text]) => text), SHAPES);
    assert.equal(new Set(entries.map(([, colour]) => colour)).size, 3);

    // Training from the weights in use, one epoch: the test ELBO is on the held-out tenth.
    await page.fill('#train-form [name=epochs]', '1');
    await page.click('#train-start');
    await textMatching(page, '#epoch-log', /epoch 1: test ELBO −\d+\.\d+/, 180_000);
    await textMatching(page, '#train-status', /finished/, 60_000);
    await textMatching(page, '#trained-on', /shapes \(270 images; ink on paper .* classes circle, square, triangle\)/);
    // The Inside view looks at a held-out image, named by its class.
    await page.click('#inside-open');
    await page.click('#inside-random');
    await textMatching(page, '#inside-subject', /^test image \d+ \(a (circle|square|triangle)\)$/);
    await page.click('#inside-close');
    await screenshot(page, 'dataset-trained');

    await page.click('#data-mnist');
    await textMatching(page, '#data-in-use', MNIST_IN_USE);
    await page.waitForFunction(() => document.body.dataset.mapPoints === '3000', null, { timeout: 60_000 });
    assert.deepEqual((await legend(page)).map(([text]) => text), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    assert.equal(await page.isVisible('#data-mnist'), false);
  });

  test('the CLI reads the same folder as the page, and its model says so on the page', async () => {
    const { page } = site;
    const weights = join(root, 'cli-shapes.vaew');
    const run = spawnSync(VAE, ['train', '--data', folder, '--epochs', '1', '--batch-size', '32', '--out', weights], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(JSON.parse(run.stdout.split('\n')[0]).testElbo < 0);
    // The CLI says what it read on its first line of stderr.
    const about = JSON.parse(run.stderr.split('\n')[0]);
    // What the page said of this folder: 300 images, these classes, a tenth held out, dark on light.
    assert.deepEqual(
      [about.images, about.classes, about.train, about.test, about.heldOut, about.preprocessing],
      [300, SHAPES, 270, 30, true, { framing: 'ink', polarity: 'dark-on-light', levels: 'binary' }],
    );
    await page.setInputFiles('#upload', { name: 'cli-shapes.vaew', mimeType: 'application/octet-stream', buffer: readFileSync(weights) });
    await textMatching(page, '#message', /“cli-shapes\.vaew”: a model trained on shapes \(270 images; ink on paper .*, dark ink on light paper, binarised at ½; classes circle, square, triangle\)/);
  });

  test('IDX files with a test split, in grey levels; one step in slow motion', async () => {
    const { page } = site;
    const dir = join(root, 'idx');
    mkdirSync(dir);
    const train = shapeIdx(90, 3);
    const test = shapeIdx(10, 4);
    const files = {
      'shapes-train-images-idx3-ubyte': train.images,
      'shapes-train-labels-idx1-ubyte': train.labels,
      'shapes-t10k-images-idx3-ubyte': test.images,
      'shapes-t10k-labels-idx1-ubyte': test.labels,
    };
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    await page.setInputFiles('#data-idx', Object.keys(files).map((name) => join(dir, name)));
    const summary = await textMatching(page, '#data-summary', /300 images/);
    assert.match(summary, /3 classes \(0, 1, 2\) · with a test split · 28×28 images as they are, binarised/);
    assert.equal(await page.isHidden('#data-form [name=framing]'), true);
    await page.selectOption('#data-form [name=levels]', 'grey');
    await textMatching(page, '#data-summary', /grey levels kept/);
    await page.click('#data-use');
    const inUse = await textMatching(page, '#data-in-use', /^shapes: /);
    assert.match(inUse, /^shapes: 270 images to train on, 30 test images · 3 classes \(0, 1, 2\) · 28×28 images as they are, grey levels kept/);
    await page.waitForFunction(() => document.body.dataset.mapPoints === '30', null, { timeout: 60_000 });
    assert.deepEqual((await legend(page)).map(([text]) => text), ['0', '1', '2']);
    await page.click('#train-step');
    await textMatching(page, '#step-summary', /batch of 32 training images/, 120_000);
    // The conditional model where there are labels (three, below ten): it reads the test split.
    await page.selectOption('#train-form [name=kind]', 'cvae');
    await page.click('#train-start');
    await textMatching(page, '#epoch-log', /epoch 1: test ELBO −\d+\.\d+ .* reads [\d.]+ % of the first 30 test images right/, 180_000);
    await textMatching(page, '#train-status', /finished/, 60_000);
    await page.waitForFunction(() => window.vaeApp.busy === 0, null, { timeout: 60_000 });
    await textMatching(page, '#trained-on', /shapes \(270 images; whole images \(resized to 28×28\), light ink on a dark ground, grey levels kept\)/);
    // Back to an unconditional model for the data without labels below.
    await page.selectOption('#train-form [name=kind]', 'conv');
    await page.click('#train-reset');
    await page.waitForFunction(() => window.vaeApp.model.config.kind === 'conv' && window.vaeApp.busy === 0, null, { timeout: 60_000 });
    await page.click('#data-mnist');
    await textMatching(page, '#data-in-use', MNIST_IN_USE);
  });

  test('images without sub-folders have no labels: one colour', async () => {
    const { page } = site;
    const dir = join(root, 'loose');
    mkdirSync(dir);
    const paths = Array.from({ length: 20 }, (_, i) => {
      const path = join(dir, `drawing-${i}.png`);
      writeFileSync(path, png(32, (x, y) => (Math.abs(x - 16) < 3 + (i % 5) && y > 4 && y < 28 ? 20 : 240)));
      return path;
    });
    await page.setInputFiles('#data-images', paths);
    assert.match(await textMatching(page, '#data-summary', /20 images/), /no labels · no test split: 2 images/);
    await page.click('#data-use');
    await textMatching(page, '#data-in-use', /^drawing-0: 18 images to train on, 2 images held out/);
    await page.waitForFunction(() => document.body.dataset.mapPoints === '2', null, { timeout: 60_000 });
    assert.deepEqual((await legend(page)).map(([text]) => text), ['test images (no labels)']);
    await page.click('#data-mnist');
    await textMatching(page, '#data-in-use', MNIST_IN_USE);
  });

  test('bad input gets a clear message, and the data in use stays', async () => {
    const { page } = site;
    // A brought dataset in use, which every refusal must leave as it is.
    const good = writeShapeFolder(join(root, 'good'), 40);
    await page.setInputFiles('#data-folder', good);
    await textMatching(page, '#data-summary', /120 images/);
    await page.click('#data-use');
    const inUse = await textMatching(page, '#data-in-use', /^good: 108 images/);

    const shape = png(40, (x, y) => (x > 10 && x < 30 && y > 10 && y < 30 ? 0 : 255));
    /** A copy of the good folder with `files` ({relative path: bytes}) added. */
    const folderWith = (name, files, { copy = true } = {}) => {
      const dir = join(root, name);
      if (copy) cpSync(good, dir, { recursive: true });
      else mkdirSync(dir, { recursive: true });
      for (const [path, bytes] of Object.entries(files)) {
        mkdirSync(join(dir, path, '..'), { recursive: true });
        writeFileSync(join(dir, path), bytes);
      }
      return dir;
    };
    const idxFiles = (name, files) => {
      const dir = join(root, name);
      mkdirSync(dir);
      return Object.entries(files).map(([file, bytes]) => {
        writeFileSync(join(dir, file), bytes);
        return join(dir, file);
      });
    };
    const { images, labels } = shapeIdx(10, 5);
    const lying = Buffer.from(images);
    lying.writeUInt32BE(999, 4);
    const manyClasses = Object.fromEntries(Array.from({ length: 257 }, (_, i) => [`class-${i}/a.png`, shape]));
    const cases = [
      ['#data-idx', idxFiles('magic', { 'train-images-idx3-ubyte': labels }), /train-images-idx3-ubyte: images: IDX magic 0x00000801, expected 0x00000803/],
      ['#data-idx', idxFiles('lying', { 'train-images-idx3-ubyte': lying }), /header promises 783216 bytes of data \(999 × 28 × 28\), file has 23520/],
      ['#data-idx', idxFiles('counts', { 'train-images-idx3-ubyte': images, 'train-labels-idx1-ubyte': idx([29], new Uint8Array(29)) }), /30 images but 29 labels/],
      ['#data-idx', idxFiles('alone', { 'train-labels-idx1-ubyte': labels }), /labels without the training images file/],
      ['#data-folder', folderWith('text', { 'circle/zz.png': Buffer.from('not a picture at all') }), /circle\/zz\.png: not a PNG, JPEG or WebP image/],
      ['#data-folder', folderWith('garbled', { 'circle/zz.png': Buffer.concat([shape.subarray(0, 33), Buffer.alloc(200, 7)]) }), /circle\/zz\.png: the browser could not decode it/],
      ['#data-folder', folderWith('truncated', { 'circle/zz.png': shape.subarray(0, Math.floor(shape.length / 2)) }), /circle\/zz\.png: the browser could not decode it/],
      ['#data-folder', folderWith('huge', { 'circle/zz.png': withStatedSize(shape, 20_000, 20_000) }), /circle\/zz\.png: an image of 20000×20000 pixels: each side must be 1 to 4096/],
      ['#data-folder', folderWith('empty', { 'notes.txt': Buffer.from('no images here') }, { copy: false }), /empty holds no images \(png, jpg, jpeg, webp\)/],
      ['#data-folder', folderWith('single', { 'circle/a.png': shape }, { copy: false }), /single has a single class \(circle\)/],
      ['#data-folder', folderWith('mixed', { 'loose.png': shape }), /mixed has images both in it and in sub-folders/],
      ['#data-folder', folderWith('classes', manyClasses, { copy: false }), /classes has 257 classes \(sub-folders\); labels go up to 255, so at most 256/],
    ];
    for (const [input, files, expected] of cases) {
      await page.evaluate(() => (document.getElementById('message').textContent = ''));
      await page.setInputFiles(input, files);
      // Refused on opening, or (for what only decoding finds) on reading.
      await page.waitForFunction(() => document.getElementById('message').textContent || !document.getElementById('data-use').disabled, null, { timeout: 60_000 });
      if (!(await page.textContent('#message'))) await page.click('#data-use');
      const message = await textMatching(page, '#message', /./);
      assert.match(message, expected);
      assert.match(message, /The data in use is unchanged\.$/);
      assert.equal(await page.textContent('#data-in-use'), inUse);
      assert.equal(await page.isHidden('#data-brought'), true);
    }
    // In Chinese the same refusals are worded from the keys and values the crate and the worker
    // give with them: the values kept, no English word left but the files' names.
    await page.selectOption('#language-select', 'zh-CN');
    const inUseChinese = await page.textContent('#data-in-use');
    const chinese = [
      ['#data-idx', idxFiles('lying-zh', { 'train-images-idx3-ubyte': lying }), ['train-images-idx3-ubyte', '783216', '999', '23520']],
      ['#data-folder', folderWith('mixed-zh', { 'loose.png': shape }), ['mixed-zh']],
      ['#data-folder', folderWith('huge-zh', { 'circle/zz.png': withStatedSize(shape, 20_000, 20_000) }), ['circle/zz.png', '20000×20000', '4096']],
    ];
    for (const [input, files, values] of chinese) {
      await page.evaluate(() => (document.getElementById('message').textContent = ''));
      await page.setInputFiles(input, files);
      await page.waitForFunction(() => document.getElementById('message').textContent || !document.getElementById('data-use').disabled, null, { timeout: 60_000 });
      if (!(await page.textContent('#message'))) await page.click('#data-use');
      const message = await textMatching(page, '#message', /\p{Script=Han}/u);
      for (const value of values) assert.ok(message.includes(value), `${value} in: ${message}`);
      const english = values.reduce((text, value) => text.replaceAll(value, ''), message).match(/[A-Za-z]{2,}/g);
      assert.equal(english, null, message);
      assert.equal(await page.textContent('#data-in-use'), inUseChinese);
    }
    await page.selectOption('#language-select', 'en');
    // Too few images to hold a tenth out, refused when read.
    await page.evaluate(() => (document.getElementById('message').textContent = ''));
    await page.setInputFiles('#data-images', [join(good, 'circle', '0000.png')]);
    await textMatching(page, '#data-summary', /1 image/);
    await page.click('#data-use');
    assert.match(await textMatching(page, '#message', /./), /1 image is too few to hold out a tenth/);
    assert.equal(await page.textContent('#data-in-use'), inUse);
    // Still the brought data: a step trains on it.
    assert.equal(await mapPoints(page), 12);
    await page.click('#train-step');
    await textMatching(page, '#step-summary', /batch of 32 training images/, 120_000);
    assert.deepEqual(site.problems, []);
  });
});
