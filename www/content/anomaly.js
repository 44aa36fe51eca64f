// What the "Is this a digit?" view says in words: where the image in the pad lies among the test
// digits' ELBOs, what the threshold flags, which digit a conditional model finds it closest to,
// and the words behind its histogram. The fixed sentences are in index.html (#anomaly-panel).
// Numbers come in as arguments, already formatted.

import { localised } from '../i18n/localised.js';

export const ANOMALY_TEXT = localised('anomaly', {
  /** The status line while the test digits' ELBOs are measured, and when there is nothing to show. */
  measuring: 'Measuring each test digit’s ELBO (once per model)…',
  autoencoder: 'An autoencoder has no ELBO, so it cannot say this way how digit-like an image is: choose a VAE in the Model menu.',
  held: 'The histogram is the model’s from before this training run; it is measured again when the run stops.',
  empty: 'Draw something, or put a test digit in the pad (under Undo and Clear), to place it on the histogram.',
  measured: (images) => `The ELBOs of all ${images} test digits, measured in this browser.`,

  /** The two scores the view offers (`elbo`, `complexity`): what each is, and its words on the histogram and slider. */
  scores: {
    elbo: {
      name: 'ELBO',
      about:
        'How likely the model finds the image (a lower bound on log p(x)), in nats. A simple image, a dot or a line, has little to explain and can score high.',
      caption:
        'The ELBO of each test digit (the encoder’s q(z|x), one ε each), in bars; red: the test digits the threshold flags; the blue line: the image in the pad.',
      thresholdLabel: 'Flag an image whose ELBO is below',
      axis: 'ELBO of each test digit, nats →',
    },
    complexity: {
      name: 'ELBO + complexity',
      about:
        'The ELBO plus the image’s complexity: the nats a lossless coder for black-and-white images needs to store it, each pixel predicted from its left and upper neighbours (Serrà et al., 2020). A simple image costs the coder little, so its simplicity no longer counts as digit-likeness.',
      caption:
        'The ELBO + complexity of each test digit, in bars; red: the test digits the threshold flags; the blue line: the image in the pad.',
      thresholdLabel: 'Flag an image whose ELBO + complexity is below',
      axis: 'ELBO + complexity of each test digit, nats →',
    },
  },

  /** The image's ELBO, scored as the test digits are. */
  score: ({ subject, elbo, samples }) =>
    `In the pad: ${subject}. Its ELBO is ${elbo} nats, from the encoder’s q(z|x) without refinement, as each test digit is scored (the mean over ${samples} ε; each test digit has one ε).`,
  /** What the complexity-corrected score adds to it. */
  complexity: ({ complexity, total }) => `Its complexity is ${complexity} nats: ELBO + complexity = ${total} nats.`,

  /** Where the image lies among the test digits (`share`: per cent, formatted). */
  percentile: {
    belowAll: ({ images }) => `Less digit-like than every one of the ${images} test digits.`,
    aboveAll: ({ images }) => `More digit-like than every one of the ${images} test digits.`,
    less: ({ share, images }) => `Less digit-like than ${share} % of the ${images} test digits.`,
    more: ({ share, images }) => `More digit-like than ${share} % of the ${images} test digits.`,
  },

  /** The verdict at the threshold. */
  flagged: ({ name, value, threshold }) => `Flagged as not a digit: its ${name}, ${value}, is below the threshold, ${threshold} nats.`,
  passes: ({ name, value, threshold }) => `Passes as a digit: its ${name}, ${value}, is not below the threshold, ${threshold} nats.`,

  /** The threshold's value beside the slider, and what it flags of the test digits. */
  threshold: (threshold) => `${threshold} nats`,
  falseAlarms: ({ share, flagged, images }) =>
    `At this threshold ${share} % of the test digits (${flagged} of ${images}) would be flagged, though every one of them is a digit: the false-alarm rate.`,
  valueText: ({ threshold, share }) => `${threshold} nats: flags ${share} % of the test digits`,

  /** A conditional model: which digit the image is closest to, and by how much (`gap` nats; `far`: more than that). */
  closest: ({ digit, next, gap, far }) =>
    `Closest to the digit ${digit}: its ELBO told ${digit} is ${far ? 'more than ' : ''}${gap} nats above its ELBO told ${next}, the next closest. ` +
    'The test digits are each scored told their own digit, the image told the digit it is encoded as.',

  /** The words behind the histogram. */
  histogram: ({ name, images, low, high, q1, median, q3, image, threshold, flagged }) =>
    `Histogram of the ${images} test digits’ ${name}, from ${low} to ${high} nats: the middle half from ${q1} to ${q3}, the median ${median}. ` +
    `The threshold is at ${threshold} nats (${flagged} % of the test digits below it)` +
    (image === null ? '.' : `; the image in the pad at ${image} nats.`),

  /** On the canvas. */
  plot: {
    threshold: 'threshold',
    image: 'this image',
    count: (value) => `tallest bar: ${value}`,
  },

  /** The per-pixel map's sum. */
  costSum: (total) => `Σ = ${total} nats`,
});
