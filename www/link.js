// A link that shares a view: the URL's fragment holds the shipped model chosen, the latent point
// and the drawing's strokes (never weights: a trained model is shared as a file), the step of
// the Learn path open, and the page's language; or, in place of a drawing or under it, the test
// digit put in the pad (its number in MNIST's test split). The fragment is untrusted: readView
// checks every part and throws a LinkRefusal that names it: its kind and values for the page to
// word in its language (content/link.js), its message in English.
//
//   #model=conv-latent2&z=0.1234,-1.5&ink=<base64url>[&test=42][&digit=3][&learn=4][&lang=zh-CN]
//   #learn=4          (the Learn path at step 4, the page's model and drawing as they are)
//   #lang=zh-CN       (the page in Simplified Chinese; a language it does not have is shown in
//                      English with a message: share-link.js)
//
// ink: for each stroke, its number of points less one (one byte), then each point's x and y on
// the 280×280 pad scaled to 0–255 (one byte each). Longer strokes are thinned to 256 points.

import { englishRefusal } from './content/link.js';
import { MNIST_TEST_IMAGES } from './data.js';
import { STEPS } from './learn/steps.js';

/** A link refused: `key` the kind (content/link.js), `values` what it names; the message in English. */
export class LinkRefusal extends Error {
  constructor(key, values = {}) {
    super(englishRefusal(key, values));
    this.name = 'LinkRefusal';
    this.key = key;
    this.values = values;
  }
}
const refuse = (key, values) => {
  throw new LinkRefusal(key, values);
};

/** The shipped models a link may name, by their file's stem (www/models/), with their shapes. */
export const SHIPPED_MODELS = Object.freeze({
  'conv-latent2': { latentDim: 2, conditional: false },
  'conv-latent16': { latentDim: 16, conditional: false },
  'cvae-latent2': { latentDim: 2, conditional: true },
  'ae-latent2': { latentDim: 2, conditional: false },
  'conv-latent2-beta0': { latentDim: 2, conditional: false },
  'conv-latent2-beta1-5ep': { latentDim: 2, conditional: false },
  'conv-latent16-beta10': { latentDim: 16, conditional: false },
});
/** The pad's side in its own coordinates (draw.js). */
const PAD = 280;
const MAX_FRAGMENT = 16_384;
const MAX_STROKES = 200;
const MAX_POINTS_PER_STROKE = 256;
/** Beyond the sliders' ±3 and the map's reach, but not without bound. */
export const MAX_LATENT = 10;

const KEYS = new Set(['model', 'z', 'ink', 'test', 'digit', 'learn', 'lang']);
/** A language tag's longest form a link may carry (BCP 47's usual tags are far shorter). */
const MAX_LANG = 20;
/** The Learn path's steps a link may open, numbered from 1. */
export const LEARN_STEPS = STEPS.length;

/** The model file a stem names. */
export const modelPath = (stem) => `www/models/${stem}.vaew`;

/** The step a `learn` part names (1 to LEARN_STEPS), or a refusal naming the part. */
function readLearn(text) {
  const step = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
  if (!(step >= 1 && step <= LEARN_STEPS)) refuse('learnNotStep', { text: text.slice(0, 20), steps: LEARN_STEPS });
  return step;
}

/** The test digit a `test` part names (0 to MNIST_TEST_IMAGES − 1, written as a whole number), or a refusal. */
function readTest(text) {
  const index = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(index >= 0 && index < MNIST_TEST_IMAGES)) refuse('testNotIndex', { text: text.slice(0, 20), max: MNIST_TEST_IMAGES - 1 });
  return index;
}

/** A `lang` part: letters, digits and hyphens, as language tags are, or a refusal naming the part. */
function readLang(text) {
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(text) || text.length > MAX_LANG) refuse('langNotTag', { text: text.slice(0, MAX_LANG) });
  return text;
}

/** A stroke with at most `limit` points, spread along it (its ends kept). */
function thin(stroke, limit) {
  if (stroke.length <= limit) return stroke;
  return Array.from({ length: limit }, (_, i) => stroke[Math.round((i * (stroke.length - 1)) / (limit - 1))]);
}

const toByte = (value) => Math.max(0, Math.min(255, Math.round((value / PAD) * 255)));

function base64url(bytes) {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) refuse('inkNotBase64');
  let binary;
  try {
    binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  } catch {
    refuse('inkNotBase64');
  }
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** The strokes (lists of [x, y] on the pad) as compact bytes. */
export function encodeStrokes(strokes) {
  const bytes = [];
  for (const stroke of strokes.slice(0, MAX_STROKES)) {
    if (!stroke.length) continue;
    const points = thin(stroke, MAX_POINTS_PER_STROKE);
    bytes.push(points.length - 1);
    for (const [x, y] of points) bytes.push(toByte(x), toByte(y));
  }
  return base64url(bytes);
}

/** Strokes back from their bytes; truncated or excess data is an error. */
export function decodeStrokes(text) {
  const bytes = fromBase64url(text);
  const strokes = [];
  let at = 0;
  while (at < bytes.length) {
    if (strokes.length === MAX_STROKES) refuse('inkTooManyStrokes', { max: MAX_STROKES });
    const count = bytes[at] + 1;
    at += 1;
    if (at + 2 * count > bytes.length) refuse('inkCutShort');
    const stroke = [];
    for (let i = 0; i < count; i += 1, at += 2) stroke.push([(bytes[at] / 255) * PAD, (bytes[at + 1] / 255) * PAD]);
    strokes.push(stroke);
  }
  return strokes;
}

/**
 * The fragment (without '#') for a view: `{ model, z, strokes, test, digit, learn, lang }` (test:
 * the test digit in the pad, under the strokes; learn: a step number; either may be none).
 */
export function writeView({ model, z, strokes, test, digit, learn, lang }) {
  const params = new URLSearchParams();
  params.set('model', model);
  if (z?.length) params.set('z', Array.from(z, (value) => Number(value.toFixed(4))).join(','));
  if (strokes?.length) params.set('ink', encodeStrokes(strokes));
  if (test !== null && test !== undefined) params.set('test', String(test));
  if (digit !== null && digit !== undefined) params.set('digit', String(digit));
  if (learn !== null && learn !== undefined) params.set('learn', String(learn));
  if (lang) params.set('lang', lang);
  return params.toString();
}

/**
 * The view a fragment (with or without '#') describes: `{ model, z, strokes, test, digit, learn,
 * lang }`, the parts it lacks null. A fragment with only `learn` and `lang` names no model (model
 * null). `lang` is a language tag, not yet one the page has (language-switch.js says so). Throws
 * a LinkRefusal naming the part that is wrong.
 */
export function readView(fragment) {
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (text.length > MAX_FRAGMENT) refuse('tooLong', { length: text.length, max: MAX_FRAGMENT });
  const params = new URLSearchParams(text);
  for (const key of params.keys()) {
    if (!KEYS.has(key)) refuse('unknownPart', { part: key.slice(0, 40) });
    if (params.getAll(key).length > 1) refuse('repeated', { part: key });
  }
  const learn = params.has('learn') ? readLearn(params.get('learn')) : null;
  const lang = params.has('lang') ? readLang(params.get('lang')) : null;
  const model = params.get('model');
  const without = [...params.keys()].filter((key) => key !== 'learn' && key !== 'lang');
  if (model === null && (learn !== null || lang !== null) && without.length === 0) return { model: null, z: null, strokes: null, test: null, digit: null, learn, lang };
  if (model === null) refuse('modelMissing');
  if (!Object.hasOwn(SHIPPED_MODELS, model)) refuse('modelUnknown', { model: model.slice(0, 40), models: Object.keys(SHIPPED_MODELS).join(', ') });
  const { latentDim, conditional } = SHIPPED_MODELS[model];
  let z = null;
  if (params.has('z')) {
    const parts = params.get('z').split(',');
    if (parts.length !== latentDim) refuse('zCount', { count: parts.length, dims: latentDim });
    z = parts.map((part, i) => {
      const value = /^-?\d+(\.\d+)?$/.test(part) ? Number(part) : NaN;
      if (!Number.isFinite(value) || Math.abs(value) > MAX_LATENT) refuse('zValue', { index: i + 1, text: part.slice(0, 20), max: MAX_LATENT });
      return value;
    });
  }
  const strokes = params.has('ink') ? decodeStrokes(params.get('ink')) : null;
  const test = params.has('test') ? readTest(params.get('test')) : null;
  let digit = null;
  if (params.has('digit')) {
    const text = params.get('digit');
    if (!conditional) refuse('digitNotConditional', { model });
    if (!/^\d$/.test(text)) refuse('digitNotDigit', { text: text.slice(0, 20) });
    digit = Number(text);
  }
  return { model, z, strokes, test, digit, learn, lang };
}
