// web/redraw.js — a view's redraw, requested any number of times and run at most once per
// animation frame (drawing the latest state). A live run asks through paced(): at most once per
// interval too, because on a slow device every frame the page draws is CPU the lab's worker
// does not get; a person's action asks through soon() and is drawn on the next frame.
export class Redraw {
  constructor(draw, intervalMs) {
    this.draw = draw;
    this.intervalMs = intervalMs;
    this.frame = 0;
    this.timer = 0;
    this.last = -Infinity;
  }

  soon() {
    clearTimeout(this.timer);
    this.timer = 0;
    this.frame ||= requestAnimationFrame(() => {
      this.frame = 0;
      this.last = performance.now();
      this.draw();
    });
  }

  paced() {
    if (this.frame || this.timer) return;
    const wait = this.last + this.intervalMs - performance.now();
    if (wait <= 0) return this.soon();
    this.timer = setTimeout(() => { this.timer = 0; this.soon(); }, wait);
  }

  cancel() {
    cancelAnimationFrame(this.frame);
    clearTimeout(this.timer);
    this.frame = this.timer = 0;
  }
}
