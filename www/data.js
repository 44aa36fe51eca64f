// The site's own files: one way to fetch them, and the one place that names the MNIST files.

const DATA = new URL('data/', import.meta.url);

/** The gzipped IDX files of each MNIST split: images, then labels. */
export const MNIST_FILES = Object.freeze({
  train: ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'],
  test: ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'],
});

/** The side of an image the model reads, and its pixels (28×28, as MNIST's). */
export const IMAGE_SIDE = 28;
export const IMAGE_PIXELS = IMAGE_SIDE * IMAGE_SIDE;

/** How many images MNIST's test split holds (the test set until a dataset with its own is brought). */
export const MNIST_TEST_IMAGES = 10_000;

/** A file's bytes; an HTTP error is an error. */
export async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** [images, labels] of a split ("train" or "test"), as VaeSession.loadDataset takes them. */
export function fetchSplit(split) {
  const files = MNIST_FILES[split];
  if (!files) throw new Error(`unknown split "${split}"`);
  return Promise.all(files.map((name) => fetchBytes(new URL(name, DATA))));
}
