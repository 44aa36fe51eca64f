// The drawing pad: pointer events (mouse, touch, pen), strokes kept for undo.
// Strokes are black on a transparent canvas: the preprocessing reads ink as opacity × darkness.

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

  undo() {
    this.strokes.pop();
    this.render();
  }

  clear() {
    this.strokes = [];
    this.render();
  }

  isEmpty() {
    return this.strokes.length === 0;
  }

  /** Replaces the drawing (a shared link's strokes) without asking for an answer: the caller does. */
  setStrokes(strokes) {
    this.strokes = strokes;
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
