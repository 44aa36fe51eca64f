// "Is this a digit?" in numbers and in a picture: the test digits' ELBOs sorted, where a value
// lies among them (its percentile, ties counted half, as src/anomaly.rs's percentile_rank), how
// many a threshold flags, and their histogram with the threshold and the image marked.

import { ANOMALY_TEXT as T } from './content/anomaly.js';
import { count, fixed } from './i18n/format.js';
import { themeColour } from './plots.js';

/** Bars of the histogram. */
const BINS = 60;
/** The histogram's left end leaves out this share of the lowest test digits (they are counted in its first bar), unless the image or the threshold lies further left. */
const LEFT_TAIL = 0.002;
/** The threshold's default: the ELBO that flags this share of the test digits. */
export const DEFAULT_FALSE_ALARMS = 0.01;
/** Flagged bars and the threshold's line; the image's marker. */
const FLAG_COLOUR = '#d7191c';
/** The histogram's height in CSS pixels (style.css gives it), and its width before it is laid out. */
const HEIGHT = 230;
const WIDTH = 640;
/** Room around the bars: above them two rows of labels (the threshold's, the image's). */
const MARGIN = { left: 12, right: 12, top: 38, bottom: 38 };
const LABEL_ROWS = [14, 30];

/** Scores ascending, as float64 (a copy: the model client's arrays are shared). */
export const sortedScores = (scores) => Float64Array.from(scores).sort();

/** The first index of `sorted` (ascending) whose value fails `before`. */
function firstNot(sorted, before) {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (before(sorted[mid])) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** How many of `sorted` lie below `value`: the test digits a threshold at `value` flags. */
export const countBelow = (sorted, value) => firstNot(sorted, (v) => v < value);

/** The share (per cent) of `sorted` below `value`, ties counted half. */
export function percentileRank(sorted, value) {
  const below = countBelow(sorted, value);
  const equal = firstNot(sorted, (v) => v <= value) - below;
  return (100 * (below + 0.5 * equal)) / sorted.length;
}

/** The value with the share `share` (0–1) of `sorted` below it. */
export const quantile = (sorted, share) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(share * sorted.length)))];

/** A share in per cent as the words give it: one decimal, more where one would read as 0 or 100 and it is neither. */
export function percent(share) {
  let digits = 1;
  const extreme = (d) => {
    const rounded = Math.round(share * 10 ** d) / 10 ** d;
    return (rounded === 0 && share > 0) || (rounded === 100 && share < 100);
  };
  while (digits < 4 && extreme(digits)) digits += 1;
  return fixed(share, digits);
}

/** Where the slider may put the threshold: from the histogram's left end to the median, in whole steps of 5 nats. */
export function thresholdRange(sorted) {
  return { min: Math.floor(quantile(sorted, LEFT_TAIL) / 5) * 5, max: Math.ceil(quantile(sorted, 0.5) / 5) * 5 };
}

/** The nats the histogram spans: the test digits (but the lowest few), the image and the threshold. */
function domain(sorted, image, threshold) {
  const values = [quantile(sorted, LEFT_TAIL), threshold, ...(image === null ? [] : [image])];
  const low = Math.min(...values);
  const high = Math.max(sorted[sorted.length - 1], ...values);
  const pad = (high - low) * 0.02 || 1;
  return [low - pad, high + pad];
}

/** A round step for about six ticks over `span`. */
function tickStep(span) {
  const raw = span / 6;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((k) => k * power).find((step) => step >= raw);
}

/**
 * Draws the histogram of `sorted` on `canvas`: bars below `threshold` in red (flagged), the
 * threshold's dashed line, and the image's score (`image`, null: none) as a line in the accent
 * colour; `axis`: the words under the axis (which score it is).
 */
export function drawHistogram(canvas, sorted, image, threshold, axis) {
  const context = fitToBox(canvas);
  const width = canvas.width / devicePixelRatio;
  const height = canvas.height / devicePixelRatio;
  const [low, high] = domain(sorted, image, threshold);
  const bins = new Uint32Array(BINS);
  for (const value of sorted) bins[Math.min(BINS - 1, Math.max(0, Math.floor(((value - low) / (high - low)) * BINS)))] += 1;
  const tallest = Math.max(...bins);
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const x = (value) => MARGIN.left + ((value - low) / (high - low)) * plotWidth;
  const text = themeColour('--text', '#1d2330');
  const muted = themeColour('--muted', '#5d6675');
  context.clearRect(0, 0, width, height);
  context.font = '12px system-ui, sans-serif';
  const barWidth = plotWidth / BINS;
  const thresholdX = x(threshold);
  bins.forEach((n, i) => {
    if (!n) return;
    const left = MARGIN.left + i * barWidth;
    const top = MARGIN.top + plotHeight * (1 - n / tallest);
    const barHeight = MARGIN.top + plotHeight - top;
    // A bar the threshold cuts is red up to the line.
    const split = Math.min(Math.max(thresholdX - left, 0), barWidth);
    context.fillStyle = FLAG_COLOUR;
    context.fillRect(left, top, split, barHeight);
    context.fillStyle = muted;
    context.fillRect(left + split, top, barWidth - split, barHeight);
  });
  // The axis and its ticks.
  const base = MARGIN.top + plotHeight;
  context.strokeStyle = muted;
  context.lineWidth = 1;
  context.beginPath();
  context.moveTo(MARGIN.left, base + 0.5);
  context.lineTo(width - MARGIN.right, base + 0.5);
  context.stroke();
  context.fillStyle = text;
  context.textAlign = 'center';
  const step = tickStep(high - low);
  for (let tick = Math.ceil(low / step) * step; tick <= high; tick += step) {
    context.fillRect(Math.round(x(tick)), base, 1, 4);
    context.fillText(fixed(tick, 0), x(tick), base + 16);
  }
  context.textAlign = 'right';
  context.fillText(axis, width - MARGIN.right, height - 4);
  context.fillStyle = muted;
  context.fillText(T.plot.count(count(tallest)), width - MARGIN.right, LABEL_ROWS[0]);
  marker(context, thresholdX, { colour: FLAG_COLOUR, dash: [5, 4], label: `← ${T.plot.threshold}`, row: LABEL_ROWS[0], base, align: 'right' });
  if (image !== null) marker(context, x(image), { colour: themeColour('--accent', '#3457d5'), dash: [], label: T.plot.image, row: LABEL_ROWS[1], base, align: 'left' });
  return { low, high };
}

/**
 * The canvas's pixels made as many as its box shows (its CSS width and HEIGHT, times
 * the screen's pixel ratio), so that its words are as sharp and as large on a phone as on a
 * desktop; its context then draws in CSS pixels.
 */
function fitToBox(canvas) {
  const ratio = devicePixelRatio;
  const width = Math.round((canvas.clientWidth || WIDTH) * ratio);
  const height = Math.round(HEIGHT * ratio);
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const context = canvas.getContext('2d');
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  return context;
}

/** A vertical line at `at` from its label's `row` down to the axis, the label on the side `align` says. */
function marker(context, at, { colour, dash, label, row, base, align }) {
  context.save();
  context.strokeStyle = colour;
  context.lineWidth = 2;
  context.setLineDash(dash);
  context.beginPath();
  context.moveTo(at, row - 10);
  context.lineTo(at, base);
  context.stroke();
  context.fillStyle = colour;
  context.font = 'bold 12px system-ui, sans-serif';
  // The label stays on the canvas: beside the line, or against the edge it would cross.
  const width = context.measureText(label).width;
  const left = align === 'right' ? Math.max(2, at - width - 4) : Math.min(context.canvas.width / devicePixelRatio - width - 2, at + 4);
  context.textAlign = 'left';
  // On the panel's colour, so that the other marker's line does not run through the words.
  context.fillStyle = themeColour('--panel', '#ffffff');
  context.fillRect(left - 2, row - 11, width + 4, 14);
  context.fillStyle = colour;
  context.fillText(label, left, row);
  context.restore();
}
