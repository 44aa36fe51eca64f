// What the "Fill in what is missing" view (inpainting) says in words: its status, what each of
// its pictures shows (their text alternatives follow the mask, the completion and its spread),
// and the choice of digit for a conditional model. The fixed sentences are in index.html
// (#completion-panel). Numbers come in as arguments, already formatted.

import { localised } from '../i18n/localised.js';

export const COMPLETION_TEXT = localised('completion', {
  /** The status line. */
  empty: 'Draw something, or put a test digit in the pad (under Undo and Clear), to erase part of it here.',
  autoencoder: 'An autoencoder has no q(z|x) to refine or sample from, only one code per image, so it cannot complete an image this way: choose a VAE in the Model menu.',
  working: ({ steps, samples }) => `Completing: ${steps} refinement steps of q(z|x) on the observed pixels, then ${samples} samples of z…`,
  done: ({ subject, steps, samples }) => `In the pad: ${subject}. Completed with ${steps} refinement steps of q(z|x) on the observed pixels and ${samples} samples of z.`,

  /** What is erased, by preset (the names maskPresets gives), or by the brush. */
  erased: {
    'top-half': 'the top half erased',
    'bottom-half': 'the bottom half erased',
    'left-half': 'the left half erased',
    'right-half': 'the right half erased',
    'centre-square': 'the centre square erased',
    'random-50': '50 % of the pixels erased at random',
    'random-75': '75 % of the pixels erased at random',
    'random-90': '90 % of the pixels erased at random',
    '7x7': 'lowered to 7 × 7: one pixel observed in each 4 × 4 block',
    '14x14': 'lowered to 14 × 14: one pixel observed in each 2 × 2 block',
    brush: 'pixels erased with the brush',
    none: 'nothing erased',
  },

  /** The pictures' words. */
  pictures: {
    mask: ({ subject, erased, missing, pixels }) =>
      `${subject}, ${erased}: ${missing} of its ${pixels} pixels are missing, hatched; the model sees only the others. Drag on it, or move the brush with the arrow keys and paint with Space, to erase pixels or restore them.`,
    filled: ({ missing, inked }) =>
      `The completion: the observed pixels as they are, the ${missing} missing ones filled in by the model; ${inked} pixels are more likely ink than not.`,
    samples: ({ count, missingSpread }) =>
      `${count} samples of z, one from each refined starting point in turn, decoded: the ways the missing part could be. Over the missing pixels they differ by ${missingSpread} on average (standard deviation of each pixel’s probability of ink).`,
    spread: ({ missingSpread, observedSpread, high }) =>
      `How much the samples differ at each pixel: on average ${missingSpread} over the missing pixels and ${observedSpread} over the observed ones; the darker, the more uncertain, darkest at ${high}.`,
    waiting: 'Not completed yet.',
  },

  /** Where the keyboard's brush is (column and row from 1), and whether the pixel under it is observed. */
  cursor: ({ column, row, observed }) => `The brush is over column ${column}, row ${row}: that pixel is ${observed ? 'observed' : 'missing'}.`,

  /** Under the pictures, and announced once the answers settle. */
  summary: ({ missing, pixels, missingSpread, observedSpread }) =>
    `${missing} of ${pixels} pixels missing. The samples differ by ${missingSpread} on average where nothing was observed, and by ${observedSpread} where pixels were (the standard deviation of each pixel’s probability of ink, averaged).`,

  /** The spread map's scale: the standard deviation its darkest colour stands for. */
  spreadScale: (high) => `darkest: ${high}`,

  /** A conditional model: the first choice of the digit menu follows the digit the drawing panel reads. */
  readDigit: (digit) => `the digit it reads (${digit})`,
});
