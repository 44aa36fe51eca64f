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
    testDigit: ({ subject, strokes }) => `Drawing pad: ${subject}${strokes ? `, with ${strokes === 1 ? 'one stroke' : `${strokes} strokes`} of yours over it` : ''}`,
  },
  /** What a test image is called: MNIST's are digits, a brought split's are images. */
  testNouns: { digit: 'test digit', image: 'test image' },
  /** A test image in words ("test digit 123, labelled 7"); `label` null when the split has none. */
  testSubject: ({ noun, index, label }) => `${noun} ${index}${label === null ? '' : `, labelled ${label}`}`,
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
    vae: ({ count, columns }) => `${count} samples from the prior: z drawn from N(0, I) and decoded, ${columns} to a row`,
    conditional: ({ columns }) => `${columns} samples of each digit, one row per digit from 0 to 9: z drawn from N(0, I), written as that digit`,
    autoencoder: ({ count, columns }) => `${count} images decoded from z drawn from N(0, I), ${columns} to a row: an autoencoder has no prior, so many fall where no code lies`,
  },
  interpolation: {
    waiting: 'Interpolation: use a drawing as A and another as B to see the images between them',
    shown: ({ steps }) => `Interpolation: ${steps} images decoded along the line from drawing A’s code to drawing B’s`,
  },
  noisy: ({ noise }) => `The drawing with noise: each pixel replaced by a random grey with probability ${noise}`,
  denoised: 'The reconstruction of the noisy drawing',
  noise: (noise) => `${noise}: each pixel replaced with probability ${noise}`,

  /** A picture before there is anything to show in it (its model still computing it, or nothing drawn yet). */
  notDrawnYet: 'nothing shown yet',
});
