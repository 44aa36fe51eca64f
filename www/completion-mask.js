// The "Fill in what is missing" view's mask: the image with its missing pixels hatched, drawn
// enlarged; the pixels a brush stroke covers; and averages over the observed or the missing
// pixels. A mask holds 784 values, 1 where a pixel is observed and 0 where it is missing, as
// VaeSession.complete takes it.

import { IMAGE_SIDE as SIDE } from './data.js';
import { drawImages, themeColour } from './plots.js';

/** The brush covers the pixels within this many pixels of the pointer (a 3 × 3 square with its neighbours' centres). */
const BRUSH_RADIUS = 1.5;
/** The hatching's lines are this many canvas pixels apart. */
const HATCH_SPACING = 6;

/** A 28×28 canvas the image is drawn into before it is scaled up without smoothing. */
const unscaled = document.createElement('canvas');

/**
 * Draws `image` (784 grey levels) on `canvas`, scaled up, its missing pixels (0 in `mask`)
 * tinted and hatched: still faintly visible beneath, so that a person restoring them sees what
 * comes back, but plainly not what the model sees.
 */
export function drawMasked(canvas, image, mask, cursor = null) {
  drawImages(unscaled, image, 1);
  const context = canvas.getContext('2d');
  const { width, height } = canvas;
  context.imageSmoothingEnabled = false;
  context.drawImage(unscaled, 0, 0, width, height);
  const cell = width / SIDE;
  const missing = new Path2D();
  for (let i = 0; i < mask.length; i += 1) if (mask[i] === 0) missing.rect((i % SIDE) * cell, Math.floor(i / SIDE) * cell, cell, cell);
  const colour = themeColour('--accent', '#3457d5');
  context.save();
  context.clip(missing);
  context.globalAlpha = 0.7;
  context.fillStyle = colour;
  context.fillRect(0, 0, width, height);
  context.globalAlpha = 1;
  context.strokeStyle = '#ffffff';
  context.lineWidth = 1.5;
  context.beginPath();
  for (let offset = -height; offset < width; offset += HATCH_SPACING) {
    context.moveTo(offset, height);
    context.lineTo(offset + height, 0);
  }
  context.stroke();
  context.restore();
  if (cursor) drawCursor(context, cell, cursor);
}

/** The keyboard's brush: a ring around the pixels it covers, light under dark so that it shows on ink, paper and hatching. */
function drawCursor(context, cell, [column, row]) {
  const ring = () => {
    context.beginPath();
    context.arc((column + 0.5) * cell, (row + 0.5) * cell, BRUSH_RADIUS * cell + cell / 2, 0, 2 * Math.PI);
    context.stroke();
  };
  context.save();
  context.lineWidth = 4;
  context.strokeStyle = '#ffffff';
  ring();
  context.lineWidth = 2;
  context.strokeStyle = '#d12f1f';
  ring();
  context.restore();
}

/** The pixel an arrow key moves the brush to from `cursor` ([column, row]), or null for another key. */
export function cursorMove(key, [column, row]) {
  const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  const move = moves[key];
  if (!move) return null;
  const within = (value) => Math.min(SIDE - 1, Math.max(0, value));
  return [within(column + move[0]), within(row + move[1])];
}

/** The pixel (column, row) under a pointer event on `canvas`, however large the canvas is shown. */
export function pixelAt(canvas, event) {
  const box = canvas.getBoundingClientRect();
  const column = Math.floor(((event.clientX - box.left) / box.width) * SIDE);
  const row = Math.floor(((event.clientY - box.top) / box.height) * SIDE);
  return [Math.min(SIDE - 1, Math.max(0, column)), Math.min(SIDE - 1, Math.max(0, row))];
}

/**
 * Sets the pixels the brush covers on its way from pixel `from` to pixel `to` (each [column,
 * row]; `from` null: a stroke's first touch) to `value` (0 erases, 1 restores). Pointer events
 * come a few pixels apart when the hand is quick: the stroke in between is covered too.
 */
export function brush(mask, from, to, value) {
  const [x1, y1] = to;
  const [x0, y0] = from ?? to;
  const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
  const reach = Math.ceil(BRUSH_RADIUS);
  for (let step = 0; step <= steps; step += 1) {
    const x = x0 + ((x1 - x0) * step) / steps;
    const y = y0 + ((y1 - y0) * step) / steps;
    for (let row = Math.round(y) - reach; row <= Math.round(y) + reach; row += 1) {
      for (let column = Math.round(x) - reach; column <= Math.round(x) + reach; column += 1) {
        const inside = row >= 0 && row < SIDE && column >= 0 && column < SIDE;
        if (inside && (column - x) ** 2 + (row - y) ** 2 <= BRUSH_RADIUS ** 2) mask[row * SIDE + column] = value;
      }
    }
  }
}

/** How many pixels `mask` leaves missing. */
export const missingPixels = (mask) => mask.reduce((total, value) => total + (value === 0), 0);

/** The mean of `values` over the pixels `mask` marks `observed` (1) or missing (0); null when there are none. */
export function meanWhere(values, mask, observed) {
  let total = 0;
  let pixels = 0;
  for (let i = 0; i < mask.length; i += 1) {
    if ((mask[i] === 1) !== observed) continue;
    total += values[i];
    pixels += 1;
  }
  return pixels ? total / pixels : null;
}
