// The dataset panel's words: what the files picked hold, how they will be read, the data in use,
// the limits, and why files are refused. Counts come in as numbers (worded here, with plurals),
// other figures formatted.

import { count } from '../i18n/format.js';
import { localised } from '../i18n/localised.js';

/** "1 image", "1,200 images". */
const many = (n, one, more = `${one}s`) => `${count(n)} ${n === 1 ? one : more}`;

export const DATASET_TEXT = localised('dataset', {
  framing: { ink: 'ink on paper (cropped to the ink and centred)', whole: 'whole images (resized to 28×28)' },
  polarity: { 'dark-on-light': 'dark ink on light paper', 'light-on-dark': 'light ink on a dark ground' },
  inkDetected: 'ink detected',
  detected: ' (detected)',
  levels: { binary: 'binarised at ½', grey: 'grey levels kept' },
  /** The choices in words: an IDX set's images as they are, or images as framed and inked. */
  idxAsTheyAre: (levels) => `28×28 images as they are, ${levels}`,
  howImages: ({ framing, ink, levels }) => `${framing}, ${ink}, ${levels}`,
  /** A class list: "3 classes (circle, square, triangle)" (`names` already shortened). */
  classes: (names, total) => (total ? `${many(total, 'class', 'classes')} (${names.join(', ')})` : 'no labels'),
  listing: ({ done, total }) => `Listing ${count(done)} of ${many(total, 'file')}…`,
  opening: (files) => `Opening ${many(files, 'file')}…`,
  reading: ({ done, total }) => `Read ${count(done)} of ${many(total, 'image')}…`,
  theFilesPicked: 'the files picked',
  idxFiles: 'IDX files',
  /** The summary of the files picked, under the form's choices. */
  summary: ({ images, classes, hasTest, held, how }) =>
    `${many(images, 'image')} · ${classes} · ${hasTest ? 'with a test split' : `no test split: ${many(held, 'image')} (a tenth) will be held out for testing`} · ${how}.`,
  previewCaption: ({ shown, idx }) => `${shown} inputs from across the ${idx ? 'training images' : 'images'}, as the model will see them`,
  /** The preview's words: `shown` inputs of the dataset `name`, its classes and how its images are read (both worded above). */
  previewLabel: ({ shown, name, classes, how }) => `${shown} inputs from across “${name}”, as the model will see them: ${classes}; ${how}`,
  /** The data in use: a brought dataset, or MNIST. */
  inUse: ({ name, train, test, heldOut, seed, classes, how, seconds }) =>
    `${name}: ${many(train, 'image')} to train on, ${heldOut ? `${many(test, 'image')} held out for testing (a tenth, chosen with seed ${seed})` : many(test, 'test image')} · ${classes} · ${how} · read in ${seconds} s.`,
  mnistInUse: 'MNIST: 60,000 handwritten digits to train on, 10,000 to test on.',
  limits: ({ maxImages, maxSide, billions, maxClasses, heldOutParts }) =>
    `Your own data never leaves this browser. At most ${count(maxImages)} images, ${count(maxSide)} pixels a side, ${billions} billion pixels in all, ` +
    `${maxClasses} classes (sub-folders); without a test split, one image in ${heldOutParts} is held out for testing.`,
  /** What a weights file records of its training data, in words. */
  unknownData: 'data this page cannot tell',
  record: ({ name, images, how, classes }) => `${name} (${[many(images, 'image'), how, classes && `classes ${classes.join(', ')}`].filter(Boolean).join('; ')})`,
  /** Failures: the data in use stays. */
  couldNotOpen: (message) => `Could not open these files: ${message}`,
  couldNotPreview: (message) => `Could not preview these images: ${message}`,
  couldNotUse: (message) => `Could not use these files: ${message}`,
  unchanged: (message) => `${message}. The data in use is unchanged.`,
  noImages: ({ where, extensions }) => `${where} holds no images (${extensions})`,
  tooManyImages: ({ where, images, max }) => `${where} holds ${count(images)} images; a dataset holds at most ${count(max)}`,
  tooLarge: ({ path, bytes, max }) => `${path}: ${count(bytes)} bytes; a file may hold at most ${count(max)}`,

  /** What a test image is called: MNIST's are digits, a brought dataset's are images. */
  testImage: (brought) => (brought ? 'test image' : 'test digit'),
  testImages: (brought) => (brought ? 'test images' : 'test digits'),
});
