// Small datasets made in the tests themselves: shapes drawn into pixels, written as PNG files
// (a folder with a sub-folder per class) and as IDX files, as a person would bring them.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

export const SHAPES = ['circle', 'square', 'triangle'];

/** A greyscale PNG of `side`² pixels, grey level `at(x, y)`. */
export function png(side, at) {
  const chunk = (type, data) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([head, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit grey
  const rows = Array.from({ length: side }, (_, y) => Buffer.from([0, ...Array.from({ length: side }, (_, x) => at(x, y))]));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

/** The same PNG with a header that states `width × height` (its pixels unchanged): a file that lies. */
export function withStatedSize(file, width, height) {
  const lying = Buffer.from(file);
  lying.writeUInt32BE(width, 16);
  lying.writeUInt32BE(height, 20);
  lying.writeUInt32BE(crc32(lying.subarray(12, 29)), 29);
  return lying;
}

/** A deterministic stream of numbers in [0, 1). */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Whether (x, y) is inside a shape of class `shape` centred at (cx, cy) of half-size r. */
function inside(shape, x, y, cx, cy, r) {
  const [dx, dy] = [x + 0.5 - cx, y + 0.5 - cy];
  if (shape === 0) return dx * dx + dy * dy <= r * r;
  if (shape === 1) return Math.abs(dx) <= r && Math.abs(dy) <= r;
  return dy >= -r && dy <= r && Math.abs(dx) <= (dy + r) / 2;
}

/**
 * `perClass` images of each shape, `side` pixels square, in random places and sizes: for each
 * {label, at(x, y)} where `at` is true on the shape.
 */
export function shapes(perClass, side, seed = 1) {
  const next = random(seed);
  const images = [];
  for (let label = 0; label < SHAPES.length; label += 1) {
    for (let i = 0; i < perClass; i += 1) {
      const r = side * (0.18 + 0.14 * next());
      const cx = r + 1 + next() * (side - 2 * r - 2);
      const cy = r + 1 + next() * (side - 2 * r - 2);
      images.push({ label, at: (x, y) => inside(label, x, y, cx, cy, r) });
    }
  }
  return images;
}

/** Writes shapes as `folder/<shape>/<n>.png`, dark on white; returns the folder. */
export function writeShapeFolder(folder, perClass, side = 40) {
  shapes(perClass, side).forEach(({ label, at }, i) => {
    const dir = join(folder, SHAPES[label]);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${String(i).padStart(4, '0')}.png`), png(side, (x, y) => (at(x, y) ? 0 : 255)));
  });
  return folder;
}

/** An IDX file of unsigned bytes: its dimensions, then `payload`. */
export function idx(dims, payload) {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.set([0, 0, 8, dims.length]);
  dims.forEach((dim, i) => header.writeUInt32BE(dim, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(payload)]);
}

/** Shapes as 28×28 IDX images (light on dark, as MNIST's files) and labels: {images, labels}. */
export function shapeIdx(perClass, seed) {
  const drawn = shapes(perClass, 28, seed);
  const pixels = new Uint8Array(drawn.length * 784);
  drawn.forEach(({ at }, i) => {
    for (let p = 0; p < 784; p += 1) pixels[i * 784 + p] = at(p % 28, Math.floor(p / 28)) ? 255 : 0;
  });
  return { images: idx([drawn.length, 28, 28], pixels), labels: idx([drawn.length], drawn.map(({ label }) => label)) };
}
