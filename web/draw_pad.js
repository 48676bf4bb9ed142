// web/draw_pad.js — a square canvas to draw a digit on with mouse, pen or touch: pointer events
// with pointer capture (style.css sets `touch-action: none`, so a stroke never scrolls the page),
// white round-capped strokes ≈ width / 14 on black, like MNIST. onchange() after every segment.

export class DrawPad {
  constructor(canvas, onchange) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d', { willReadFrequently: true });
    this.onchange = onchange;
    this.pointer = null; // the one pointer drawing now; a second finger is ignored
    this.last = null;
    canvas.addEventListener('pointerdown', (e) => this.down(e));
    canvas.addEventListener('pointermove', (e) => this.move(e));
    canvas.addEventListener('pointerup', (e) => this.up(e));
    canvas.addEventListener('pointercancel', (e) => this.up(e));
    this.clear();
  }

  clear() {
    const { ctx, canvas } = this;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
  }

  // The canvas as grayscale intensities 0..1 (the red channel: strokes are white on black).
  intensities() {
    const { width, height } = this.canvas;
    const rgba = this.ctx.getImageData(0, 0, width, height).data;
    const data = new Float32Array(width * height);
    for (let i = 0; i < data.length; i++) data[i] = rgba[4 * i] / 255;
    return { data, width, height };
  }

  // Shows a 28×28 digit (0..1) scaled up, smoothly, over the whole canvas.
  showDigit(pixels) {
    const small = document.createElement('canvas');
    paintDigit(small, pixels);
    this.ctx.imageSmoothingEnabled = true;
    this.ctx.drawImage(small, 0, 0, this.canvas.width, this.canvas.height);
  }

  down(e) {
    if (this.pointer !== null || e.button > 0) return;
    e.preventDefault();
    this.canvas.setPointerCapture(e.pointerId);
    this.pointer = e.pointerId;
    this.last = this.point(e);
    this.stroke(this.last, this.last);
    this.onchange();
  }

  move(e) {
    if (e.pointerId !== this.pointer) return;
    const events = e.getCoalescedEvents?.() ?? [];
    for (const event of events.length ? events : [e]) {
      const p = this.point(event);
      this.stroke(this.last, p);
      this.last = p;
    }
    this.onchange();
  }

  up(e) {
    if (e.pointerId === this.pointer) this.pointer = null;
  }

  point(e) {
    const rect = this.canvas.getBoundingClientRect();
    return [
      ((e.clientX - rect.left) * this.canvas.width) / rect.width,
      ((e.clientY - rect.top) * this.canvas.height) / rect.height,
    ];
  }

  stroke([x0, y0], [x1, y1]) {
    const { ctx } = this;
    const width = this.canvas.width / 14;
    ctx.strokeStyle = ctx.fillStyle = '#fff';
    ctx.lineWidth = width;
    ctx.lineCap = ctx.lineJoin = 'round';
    ctx.beginPath();
    if (x0 === x1 && y0 === y1) {
      ctx.arc(x0, y0, width / 2, 0, 2 * Math.PI); // a tap: a dot (zero-length lines draw nothing)
      ctx.fill();
    } else {
      ctx.moveTo(x0, y0);
      ctx.lineTo(x1, y1);
      ctx.stroke();
    }
  }
}

// Paints 28×28 intensities (0..1) into a canvas as gray pixels, resizing it to 28×28.
export function paintDigit(canvas, pixels) {
  canvas.width = canvas.height = 28;
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const v = Math.round(Math.min(1, Math.max(0, pixels[i])) * 255);
    image.data.set([v, v, v, 255], 4 * i);
  }
  ctx.putImageData(image, 0, 0);
}
