// An image file into the drawing pad: dropped on the pad, or picked with "Open an image…". It is
// read exactly as a brought dataset's images are (the dataset worker: its header checked before it
// is decoded, the ink's polarity detected, cropped to the ink and centred as MNIST's digits were),
// so that a photo of a digit on paper and an MNIST-style PNG both arrive as the 28×28 the model
// reads; what it refuses (a file that is no image, one too large) is said in the page's language.

import { IMAGE_PIXELS } from './data.js';
import { DatasetClient } from './dataset-client.js';

/** As the dataset panel's defaults: crop to the ink, polarity detected, binarised at ½ as MNIST's digits (and the test digits in the pad) are. */
const PREPROCESSING = { framing: 'ink', polarity: null, levels: 'binary' };

export class PadImage {
  /**
   * @param {HTMLElement} target where a file may be dropped (the pad)
   * @param {HTMLInputElement} picker an `<input type="file">`
   * @param {object} hooks
   * @param {(pixels: Float32Array, name: string) => void} hooks.onImage the 28×28 input (levels 0–1) and the file's name
   * @param {(error: Error) => void} hooks.onError
   */
  constructor(target, picker, { onImage, onError }) {
    this.onImage = onImage;
    this.onError = onError;
    // No progress to show for one image.
    this.client = new DatasetClient(
      () => {},
      () => {},
    );
    picker.addEventListener('change', () => {
      const [file] = picker.files;
      picker.value = '';
      if (file) this.read(file);
    });
    target.addEventListener('dragover', (event) => {
      if (!event.dataTransfer?.types.includes('Files')) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    });
    target.addEventListener('drop', (event) => {
      const file = event.dataTransfer?.files[0];
      if (!file) return;
      event.preventDefault();
      this.read(file);
    });
  }

  /** Reads `file` in the dataset worker and hands its 28×28 input on; a refusal goes to onError. */
  async read(file) {
    const reading = {};
    this.reading = reading;
    try {
      await this.client.open('images', [{ file, path: file.name }], file.name);
      const { pixels } = await this.client.preview(PREPROCESSING);
      this.onImage(Float32Array.from(pixels.subarray(0, IMAGE_PIXELS), (level) => level / 255), file.name);
    } catch (error) {
      // Another file was chosen meanwhile: its own answer follows.
      if (!String(error.message).startsWith('stopped:')) this.onError(error);
    } finally {
      // Its worker's work is done, unless another file's took its place.
      if (this.reading === reading) this.client.stop();
    }
  }
}
