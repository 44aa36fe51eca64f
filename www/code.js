// The Rust beside each step of the Inside view, read from the crate's own source files (served
// with the site) when the view first opens, so that what the page shows is the code that runs.
// Each piece is found by an anchor: a text that occurs once in its file. Without `to`, a piece
// is the item the anchor's line opens (its doc comment included) down to the closing brace at
// the same indentation; with `to`, it ends at the first line from the anchor on that holds `to`.
// tests/page/code.test.mjs checks every anchor against the files.

import { MESSAGES } from './content/messages.js';

export const SNIPPETS = Object.freeze({
  input: [{ file: 'src/preprocess.rs', from: '// Fit the longer side to 20 pixels', to: 'resizer.resize(cropped.as_gray()' }],
  encoder: [{ file: 'src/model.rs', from: 'pub fn encode_traced(' }],
  posterior: [{ file: 'src/model.rs', from: 'let latent = stats.dims()[1] / 2;', to: 'log_var: stats.narrow(1, latent, latent),' }],
  reparameterise: [{ file: 'src/model.rs', from: 'pub fn reparameterise_with(' }],
  decoder: [
    { file: 'src/model.rs', from: 'pub fn decode_logits_traced(' },
    { file: 'src/model.rs', from: 'pub fn decode(&self, latents: Tensor<2>, labels: Labels)' },
  ],
  loss: [
    { file: 'src/loss.rs', from: 'pub fn bce_with_logits_per_pixel(' },
    { file: 'src/loss.rs', from: 'pub fn kl_per_dimension(' },
  ],
  step: [
    { file: 'src/train.rs', from: 'fn step(&mut self, data: &Mnist)' },
    { file: 'src/loss.rs', from: 'pub fn objective(&self, beta: f64)' },
  ],
});

/** How a line is indented (its leading spaces). */
const indentOf = (line) => line.length - line.trimStart().length;

/**
 * One piece of a source file: `{ first, last, text }` (1-based line numbers; the text without
 * its common indentation). Throws when the anchor is missing, not unique, or opens no block.
 */
export function extractPiece(source, { file, from, to }) {
  const lines = source.split('\n');
  const hits = lines.flatMap((line, i) => (line.includes(from) ? [i] : []));
  if (hits.length !== 1) throw new Error(`${file}: "${from}" occurs ${hits.length} times, not once`);
  let start = hits[0];
  let end;
  if (to) {
    end = lines.findIndex((line, i) => i >= start && line.includes(to));
    if (end < 0) throw new Error(`${file}: no "${to}" after "${from}"`);
  } else {
    const indent = indentOf(lines[start]);
    end = lines.findIndex((line, i) => i > start && indentOf(line) === indent && line.trim() === '}');
    if (end < 0) throw new Error(`${file}: "${from}" opens no block that closes`);
    // The item's doc comment and attributes belong to it.
    while (start > 0 && /^\s*(\/\/\/|#\[)/.test(lines[start - 1])) start -= 1;
  }
  const piece = lines.slice(start, end + 1);
  const common = Math.min(...piece.filter((line) => line.trim()).map(indentOf));
  return { first: start + 1, last: end + 1, text: piece.map((line) => line.slice(common)).join('\n') };
}

const sources = new Map();

/** A file of the crate, fetched once. */
function source(file) {
  if (!sources.has(file)) {
    sources.set(
      file,
      fetch(new URL(`../${file}`, import.meta.url)).then((response) => {
        if (!response.ok) throw new Error(`could not load ${file}: HTTP ${response.status}`);
        return response.text();
      }),
    );
  }
  return sources.get(file);
}

/** The pieces of a snippet, each `{ file, first, last, text }`. */
export async function snippet(name) {
  const pieces = SNIPPETS[name];
  if (!pieces) throw new Error(`no snippet "${name}"`);
  return Promise.all(pieces.map(async (piece) => ({ file: piece.file, ...extractPiece(await source(piece.file), piece) })));
}

/**
 * Fills each `<details data-snippet=…>` under `root` with its code when it is first opened: a
 * heading per piece (file and lines) and the code.
 */
export function attachSnippets(root) {
  for (const details of root.querySelectorAll('details[data-snippet]')) {
    details.addEventListener('toggle', async () => {
      if (!details.open || details.dataset.loaded) return;
      details.dataset.loaded = 'true';
      try {
        const pieces = await snippet(details.dataset.snippet);
        details.append(
          ...pieces.flatMap(({ file, first, last, text }) => {
            const where = document.createElement('p');
            where.className = 'code-where';
            where.textContent = MESSAGES.sourceWhere({ file, first, last });
            const pre = document.createElement('pre');
            const code = document.createElement('code');
            code.textContent = text;
            pre.append(code);
            return [where, pre];
          }),
        );
      } catch (error) {
        delete details.dataset.loaded;
        const note = document.createElement('p');
        note.className = 'code-where';
        note.textContent = MESSAGES.sourceNotShown(error.message);
        details.append(note);
      }
    });
  }
}
