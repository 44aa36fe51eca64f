// The Inside view shows the crate's own Rust beside each step (www/code.js reads it from src/
// when the view opens): every anchor must name exactly one place in its file, so that a change
// to the code either moves the snippet with it or fails here.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SNIPPETS, extractPiece } from '../../www/code.js';
import { ROOT } from './harness.mjs';

test('every snippet of the Inside view is found in the source, once', () => {
  for (const [name, pieces] of Object.entries(SNIPPETS)) {
    for (const piece of pieces) {
      const source = readFileSync(join(ROOT, piece.file), 'utf8');
      const { first, last, text } = extractPiece(source, piece);
      assert.ok(last - first < 40, `${name}: ${piece.file} lines ${first}–${last} is too long for a snippet`);
      assert.ok(text.includes(piece.from.trim()), `${name}: the snippet does not hold its anchor`);
      // Verbatim: every line of the snippet is a line of the file, in order.
      const lines = source.split('\n').slice(first - 1, last);
      assert.deepEqual(text.split('\n').map((line) => line.trim()), lines.map((line) => line.trim()), name);
    }
  }
});

test('a missing or repeated anchor is an error, not a wrong snippet', () => {
  const source = 'fn a() {\n    x\n}\nfn a() {\n}\n';
  assert.throws(() => extractPiece(source, { file: 'f', from: 'fn b(' }), /occurs 0 times/);
  assert.throws(() => extractPiece(source, { file: 'f', from: 'fn a(' }), /occurs 2 times/);
  assert.deepEqual(extractPiece('/// doc\nfn b() {\n    y\n}\n', { file: 'f', from: 'fn b(' }), { first: 1, last: 4, text: '/// doc\nfn b() {\n    y\n}' });
});
