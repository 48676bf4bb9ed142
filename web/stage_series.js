// web/stage_series.js — the curves of every training stage of one lab run, small enough to keep
// with the saved results: per stage, points { step, loss, accuracy, sparsity? } where step
// counts batches from the stage's start. Past MAX_POINTS a stage drops every other point and
// from then on keeps every other report, so a long run keeps its shape in a few kilobytes.

export const MAX_POINTS = 240;

// Plain data (for IndexedDB): { [stage]: { steps, every, seen, points: [[step, loss, accuracy,
// sparsity]] } }: sparsity null outside pruning, steps the stage's planned batch count, and one
// report in `every` kept (`seen` counts them).
export class StageSeries {
  constructor(data = {}) {
    this.data = data;
  }

  // p: the lab's progress. Returns true when p added a point.
  add(p) {
    if (!p.trains || !(p.batch > 0) || !Number.isFinite(p.loss)) return false;
    const series = (this.data[p.stage] ??= { steps: 0, every: 1, seen: 0, points: [] });
    series.steps = p.epochs * p.batches;
    const last = p.epoch === p.epochs && p.batch === p.batches;
    if (++series.seen % series.every !== 0 && !last) return false;
    const step = (p.epoch - 1) * p.batches + p.batch;
    const points = series.points;
    points.push([step, p.loss, p.accuracy, Number.isFinite(p.sparsity) ? p.sparsity : null]);
    if (points.length > MAX_POINTS) {
      series.points = points.filter((_, i) => i % 2 === 1 || i === points.length - 1);
      series.every *= 2;
    }
    return true;
  }

  stages() {
    return Object.keys(this.data).filter((stage) => this.data[stage].points.length > 0);
  }

  get(stage) {
    return this.data[stage] ?? { steps: 0, points: [] };
  }
}
