// Latent traversals: one row per dimension of a model, z_k swept from −3 to 3 while the other
// dimensions stay at a base point (the drawing's μ, or 0), in one batched decode; each row is
// labelled with its dimension's mean KL on the test digits, and a collapsed one says so.

import { ACCESSIBILITY_TEXT } from '../content/accessibility.js';
import { COMPARE_TEXT as T } from '../content/compare.js';
import { say, sayAttribute } from '../i18n/say.js';
import { drawImages } from '../plots.js';

const $ = (id) => document.getElementById(id);
/** Columns per row: z_k = −3, −2.25, …, 3. */
export const TRAVERSAL_STEPS = 9;
const REACH = 3;

/** The latents of a traversal: row k sweeps dimension k, the others at `base` (rows × steps × d). */
export function traversalLatents(base) {
  const dims = base.length;
  const latents = new Float32Array(dims * TRAVERSAL_STEPS * dims);
  for (let k = 0; k < dims; k += 1) {
    for (let s = 0; s < TRAVERSAL_STEPS; s += 1) {
      const at = (k * TRAVERSAL_STEPS + s) * dims;
      latents.set(base, at);
      latents[at + k] = -REACH + (2 * REACH * s) / (TRAVERSAL_STEPS - 1);
    }
  }
  return latents;
}

export class TraversalView {
  /**
   * @param {object} hooks
   * @param {(column: object, latents: Float32Array) => Promise<Float32Array|null>} hooks.decode
   *   decodes a column's latents (null: a newer request replaced this one)
   * @param {(error: Error) => void} hooks.onError
   */
  constructor({ decode, onError }) {
    this.decode = decode;
    this.onError = onError;
    /** What the view shows: the column and its model's generation, its name, the base point, its rows and the decoded pixels. */
    this.shown = null;
    /** Counts requests: columns decode in workers of their own, so answers may come out of order. */
    this.asked = 0;
    sayAttribute($('traversals'), 'aria-label', () => ACCESSIBILITY_TEXT.notDrawnYet);
  }

  async show(column, base, { testPerDim, activeKlNats }) {
    const dims = base.length;
    this.asked += 1;
    const request = this.asked;
    // The same model about the same point (a switch of language, another column's change): its rows are drawn already.
    const same = this.shown?.column === column && this.shown.generation === column.generation && this.shown.base.length === dims && this.shown.base.every((value, i) => value === base[i]);
    const pixels = same ? this.shown.pixels : await this.decode(column, traversalLatents(base));
    if (!pixels || request !== this.asked) return;
    drawImages($('traversals'), pixels, dims * TRAVERSAL_STEPS, TRAVERSAL_STEPS);
    const rows = Array.from({ length: dims }, (_, dim) => {
      const kl = testPerDim?.[dim] ?? null;
      return { dim, kl, collapsed: kl !== null && kl <= activeKlNats };
    });
    $('traversal-labels').replaceChildren(
      ...rows.map((row) => {
        const item = document.createElement('li');
        say(item, () => T.traversalRow(row));
        if (row.collapsed) item.className = 'collapsed';
        return item;
      }),
    );
    const collapsed = testPerDim ? rows.filter((row) => row.collapsed).length : null;
    sayAttribute($('traversals'), 'aria-label', () => T.traversalsLabel({ name: column.name, dims, collapsed }));
    this.shown = { column, generation: column.generation, name: column.name, base: Array.from(base), rows, pixels };
  }
}
