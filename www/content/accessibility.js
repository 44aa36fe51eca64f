// What the page says to a person who cannot see its canvases or does not use a pointer: the
// canvases' text alternatives, what is announced when results come, the sliders' values in words,
// the latent map's keyboard help, and the drawing panel's test-digit field with its refusals.
// Numbers come in as arguments, already formatted.

import { localised } from '../i18n/localised.js';

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';
/** z₁, z₂, … z₁₆: a latent dimension's name (`dim` counted from 1). */
const zName = (dim) => `z${String(dim).replace(/\d/g, (digit) => SUBSCRIPTS[digit])}`;
/** A point in words: its coordinates, the first few of them when there are many. */
const point = (values) => (values.length <= 4 ? `(${values.join(', ')})` : `(${values.slice(0, 4).join(', ')}, … ${values.length} values)`);

export const ACCESSIBILITY_TEXT = localised('accessibility', {
  // ------------------------------------------------------------ a test digit into the pad
  testDigit: {
    group: 'No mouse, touch or pen? Put a test digit in the pad',
    field: 'Test digit',
    use: 'Use test digit',
    random: 'Random test digit',
    /** The field's refusal: what was typed is not a whole number within the test split. */
    refused: ({ field, typed, max }) => `${field}: “${typed}” is not a whole number from 0 to ${max}.`,
    empty: ({ field, max }) => `${field}: type a whole number from 0 to ${max}.`,
    notANumber: ({ field, max }) => `${field}: what was typed is not a number; type a whole number from 0 to ${max}.`,
  },

  // ------------------------------------------------------------ the drawing panel's canvases
  pad: {
    empty: 'Drawing pad, empty: draw a digit with mouse, touch or pen, or put a test digit in it (below)',
    strokes: (count) => `Drawing pad: your drawing, ${count === 1 ? 'one stroke' : `${count} strokes`}`,
    /** An image in the pad (a test image, a file), `subject` in words. */
    image: ({ subject, strokes }) => `Drawing pad: ${subject}${strokes ? `, with ${strokes === 1 ? 'one stroke' : `${strokes} strokes`} of yours over it` : ''}`,
  },
  /** A test image in words ("test digit 123, labelled 7"); `label` null when the split has none. */
  testSubject: ({ noun, index, label }) => `${noun} ${index}${label === null ? '' : `, labelled ${label}`}`,
  /** An image file put in the pad (dropped on it, or opened). */
  fileSubject: (name) => `the image “${name}”`,
  yourDrawing: 'your drawing',
  input: {
    empty: 'What the model sees: nothing yet',
    shown: ({ inked }) => `What the model sees: the pad as a 28×28 input, cropped to the ink, scaled and centred; ${inked} of 784 pixels hold ink`,
  },
  reconstruction: {
    empty: 'Reconstruction: nothing drawn yet',
    /** `reads`: a conditional model's reading ("looks like a 3 …"), or null for the others. */
    vae: ({ reads, elbo, verdict }) => `Reconstruction: ${reads ? `${reads}, ` : ''}ELBO ${elbo} nats, ${verdict}`,
    autoencoder: ({ reconstruction }) => `Reconstruction: reconstruction term ${reconstruction} nats (lower is better; an autoencoder has no ELBO)`,
    reads: ({ label, p }) => `looks like a ${label} (p(y|x) = ${p})`,
    chosen: ({ label, read }) => `encoded as the ${label} you chose (it reads as a ${read})`,
  },
  /** Announced once the answers stop coming: what is in the pad and what the model made of it. */
  summary: ({ subject, result }) => `${subject.charAt(0).toUpperCase()}${subject.slice(1)}. ${result}`,

  // ------------------------------------------------------------ the latent panel
  slider: {
    name: (dim) => `latent dimension ${dim}`,
    value: ({ dim, value }) => `${zName(dim)} = ${value}`,
  },
  sliderView: (values) => `Decoded from the sliders at z = ${point(values)}`,
  sliderDigits: (values) => `The sliders’ style z = ${point(values)}, written as every digit from 0 to 9`,
  map: {
    /** The latent map's name (what it is and how to use it). */
    label: 'Latent map: test digits by class; click or drag to decode a point',
    /** The legend when the test images have no labels. */
    noLabels: 'test images (no labels)',
    keys: 'Arrow keys move the point (the cross) and decode it; with Shift, five times as far.',
    picking: 'Picking a test digit for the Inside view: Enter picks the one nearest the point.',
    loading: 'The test digits are still being encoded.',
    /** Where a point lies: z itself for latent size 2, the map's plane above that. */
    at: ({ x, y, plane }) => (plane ? `(${x}, ${y}) on the map’s plane` : `z = (${x}, ${y})`),
    near: (labels) => (labels.length ? `nearest test digits on the map: ${labels.join(', ')}` : 'the test images have no labels'),
    point: ({ at, near }) => `The point is at ${at}; ${near}.`,
    /** The posterior of what is in the pad (a drawing or a test digit): its mean μ, or an autoencoder's code. */
    drawing: ({ at, near, code }) => `The ${code ? 'code' : 'mean μ'} of the image in the pad is at ${at}; ${near}.`,
    pointAtDrawing: ({ at, near, code }) => `The point is at the ${code ? 'code' : 'mean μ'} of the image in the pad, ${at}; ${near}.`,
  },

  // ------------------------------------------------------------ samples, interpolation, denoising
  samples: {
    /** `draw`: how many times the panel drew samples; `ink`: their ink in words (below). */
    vae: ({ count, columns, draw, ink }) => `${count} samples from the prior: z drawn from N(0, I) and decoded, ${columns} to a row; draw ${draw}: ${ink}`,
    conditional: ({ columns, draw, ink }) =>
      `${columns} samples of each digit, one row per digit from 0 to 9: z drawn from N(0, I), written as that digit; draw ${draw}: ${ink}`,
    autoencoder: ({ count, columns, draw, ink }) =>
      `${count} images decoded from z drawn from N(0, I), ${columns} to a row: an autoencoder has no prior, so many fall where no code lies; draw ${draw}: ${ink}`,
  },
  /** Generated images' ink: the fewest, typical (median) and most pixels more likely ink than not, per image. */
  ink: ({ low, typical, high }) => `each image has ${low} to ${high} of 784 pixels more likely ink than not, typically ${typical}`,
  interpolation: {
    waiting: 'Interpolation: use a drawing as A and another as B to see the images between them',
    shown: ({ steps }) => `Interpolation: ${steps} images decoded along the line from drawing A’s code to drawing B’s`,
  },
  noisy: ({ noise, inked }) => `The drawing with noise: each pixel replaced by a random grey with probability ${noise}; ${inked} of 784 pixels hold ink (over ½)`,
  denoised: ({ noise, inked, agree }) =>
    `The reconstruction of the drawing with noise ${noise}: ${inked} of 784 pixels more likely ink than not; it agrees with the image in the pad on ${agree} of 784 pixels (ink or not)`,
  noise: (noise) => `${noise}: each pixel replaced with probability ${noise}`,

  // ------------------------------------------------------------ the manifold
  manifold: {
    /** The images over the map's plane: its grid, its axes (`plane`: below), the digit written (null: not conditional), and what lies where (`regions`, or null). */
    shown: ({ side, extent, plane, digit, regions }) =>
      `Manifold: ${side} × ${side} images decoded over a grid from −${extent} to ${extent} on ${plane}${digit === null ? '' : `, written as the digit ${digit}`}` +
      (regions ? `; the test digits nearest each part of it on the map: ${regions}` : ''),
    /** The plane: two latent dimensions (counted from 1), or the principal plane of the test digits' means. */
    axes: ({ x, y }) => `z${x} (left to right) and z${y} (bottom to top)`,
    principal: 'the principal plane of the test digits’ means (as on the map)',
    /** The nine parts of the grid, top left first, row by row. */
    parts: ['top left', 'top', 'top right', 'left', 'centre', 'right', 'bottom left', 'bottom', 'bottom right'],
    region: ({ part, label }) => `${part} ${label}`,
    /** The regions in words, one row of the grid after another. */
    regions: (rows) => rows.map((row) => row.join(', ')).join('; '),
  },

  /** A picture before there is anything to show in it (its model still computing it, or nothing drawn yet). */
  notDrawnYet: 'nothing shown yet',
});
