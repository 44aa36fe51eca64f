// The drawing pad: pointer events (mouse, touch, pen), strokes kept for undo, and an image under
// them (a test digit put in the pad by a person who does not draw).
// Ink is black on a transparent canvas: the preprocessing reads it as opacity × darkness.

export class DrawingPad {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {() => void} onChange called (at most once per frame) whenever the drawing changes
   */
  constructor(canvas, onChange) {
    this.canvas = canvas;
    this.context = canvas.getContext('2d', { willReadFrequently: true });
    this.onChange = onChange;
    this.strokes = [];
    /** An image under the strokes (a canvas, drawn to the pad's size), or null. */
    this.image = null;
    this.current = null;
    this.framePending = false;
    // About MNIST's pen width relative to the digit once it is scaled into 20×20.
    this.lineWidth = Math.round(canvas.width / 12);

    canvas.addEventListener('pointerdown', (event) => this.begin(event));
    canvas.addEventListener('pointermove', (event) => this.extend(event));
    for (const type of ['pointerup', 'pointercancel', 'lostpointercapture']) {
      canvas.addEventListener(type, () => this.end());
    }
  }

  point(event) {
    const box = this.canvas.getBoundingClientRect();
    return [
      ((event.clientX - box.left) / box.width) * this.canvas.width,
      ((event.clientY - box.top) / box.height) * this.canvas.height,
    ];
  }

  begin(event) {
    if (event.button !== undefined && event.button > 0) return;
    event.preventDefault();
    this.canvas.setPointerCapture?.(event.pointerId);
    this.current = [this.point(event)];
    this.strokes.push(this.current);
    this.render();
  }

  extend(event) {
    if (!this.current) return;
    // Coalesced events keep fast strokes smooth where the browser batches them.
    const events = event.getCoalescedEvents?.() ?? [event];
    for (const e of events.length ? events : [event]) this.current.push(this.point(e));
    this.render();
  }

  end() {
    if (!this.current) return;
    this.current = null;
    this.render();
  }

  /** Takes back the last stroke; with none left, the image (it came first). */
  undo() {
    if (this.strokes.length) this.strokes.pop();
    else this.image = null;
    this.render();
  }

  clear() {
    this.strokes = [];
    this.image = null;
    this.render();
  }

  isEmpty() {
    return this.strokes.length === 0 && !this.image;
  }

  /** Replaces the drawing (a shared link's strokes) without asking for an answer: the caller does. */
  setStrokes(strokes) {
    this.strokes = strokes;
    this.image = null;
    this.current = null;
    this.paint();
  }

  /**
   * Replaces the drawing with an image of `side`×`side` ink levels in [0, 1] (a test digit),
   * scaled to the pad, without asking for an answer: the caller does.
   */
  setImage(pixels, side) {
    const image = document.createElement('canvas');
    image.width = image.height = side;
    const context = image.getContext('2d');
    const rgba = context.createImageData(side, side);
    // Black ink, as strokes are: the level is the opacity.
    pixels.forEach((level, i) => (rgba.data[i * 4 + 3] = Math.round(level * 255)));
    context.putImageData(rgba, 0, 0);
    this.image = image;
    this.strokes = [];
    this.current = null;
    this.paint();
  }

  render() {
    this.paint();
    if (!this.framePending) {
      this.framePending = true;
      requestAnimationFrame(() => {
        this.framePending = false;
        this.onChange();
      });
    }
  }

  paint() {
    const { context, canvas } = this;
    context.clearRect(0, 0, canvas.width, canvas.height);
    if (this.image) {
      context.imageSmoothingEnabled = true;
      context.drawImage(this.image, 0, 0, canvas.width, canvas.height);
    }
    context.strokeStyle = '#000';
    context.fillStyle = '#000';
    context.lineWidth = this.lineWidth;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    for (const stroke of this.strokes) {
      if (stroke.length === 1) {
        context.beginPath();
        context.arc(stroke[0][0], stroke[0][1], this.lineWidth / 2, 0, 2 * Math.PI);
        context.fill();
        continue;
      }
      context.beginPath();
      context.moveTo(...stroke[0]);
      for (const point of stroke.slice(1)) context.lineTo(...point);
      context.stroke();
    }
  }

  /** The canvas pixels (RGBA) for preprocessing. */
  imageData() {
    return this.context.getImageData(0, 0, this.canvas.width, this.canvas.height);
  }
}
