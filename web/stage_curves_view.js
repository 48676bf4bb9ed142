// web/stage_curves_view.js — the curves of every training stage (stage_series.js), one stage at
// a time picked with a button row: loss and accuracy per step and, for pruning, the sparsity the
// schedule reached after each step. While a lab runs the view follows the stage that trains
// unless a button was pressed. Redraws are coalesced to one per frame, draw only the picked
// stage, and during a run wait while the view is off screen.
import { LineChart } from './charts.js';
import { StageSeries } from './stage_series.js';

export class StageCurvesView {
  constructor(root) {
    this.root = root;
    const part = (role) => root.querySelector(`[data-role="${role}"]`);
    this.caption = part('caption');
    this.sparsityFigure = part('sparsity-figure');
    this.charts = {
      loss: new LineChart(part('loss')),
      accuracy: new LineChart(part('accuracy')),
      sparsity: new LineChart(part('sparsity')),
    };
    this.tabs = part('tabs');
    this.buttons = new Map();
    this.labels = new Map();
    this.series = new StageSeries();
    this.selected = null;
    this.pinned = false;
    this.target = this.schedule = undefined;
    this.frame = 0;
    this.onScreen = true;
    this.stale = false;
    this.live = false; // a run is adding points: skip redraws while off screen
    new IntersectionObserver(([entry]) => {
      this.onScreen = entry.isIntersecting;
      if (this.onScreen && this.stale) this.request();
    }).observe(root);
  }

  // stages: the core's stage list ({ id, label, shortLabel, trains }, from the lab worker): a
  // button for each training stage, in the order they run.
  setStages(stages) {
    const training = stages.filter((stage) => stage.trains);
    this.labels = new Map(stages.map(({ id, label }) => [id, label]));
    this.buttons = new Map(training.map(({ id, shortLabel }) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.stage = id;
      button.textContent = shortLabel;
      button.addEventListener('click', () => { this.pinned = true; this.select(id); });
      return [id, button];
    }));
    this.tabs.replaceChildren(...this.buttons.values());
    this.request();
  }

  // series: a StageSeries (a new run's, empty, or saved results'); finalSparsity: the pruning
  // target, drawn across the sparsity chart until the run's report gives the schedule the core
  // followed (pruningSchedule: [{ step, sparsity }]), drawn instead.
  show(series, { finalSparsity, pruningSchedule } = {}) {
    this.target = finalSparsity;
    this.schedule = pruningSchedule?.length ? pruningSchedule.map((p) => [p.step, p.sparsity]) : undefined;
    this.live = false;
    if (series.data === this.series.data) return this.request(); // the run just saved: keep the pick
    this.series = series;
    this.pinned = false;
    this.selected = series.stages()[0] ?? null;
    this.request();
  }

  // The run's series gained a point of `stage`.
  changed(stage) {
    this.live = true;
    if (!this.pinned) this.selected = stage;
    this.request();
  }

  select(stage) {
    this.selected = stage;
    this.request();
  }

  clear() {
    this.show(new StageSeries());
  }

  request() {
    this.stale = true;
    if (!this.frame) this.frame = requestAnimationFrame(() => { this.frame = 0; this.render(); });
  }

  render() {
    const stages = new Set(this.series.stages());
    this.root.hidden = stages.size === 0;
    if (this.root.hidden || (this.live && !this.onScreen)) return;
    this.stale = false;
    for (const [id, button] of this.buttons) {
      button.disabled = !stages.has(id);
      button.setAttribute('aria-pressed', String(id === this.selected));
    }
    const { steps, points } = this.series.get(this.selected);
    const label = this.labels.get(this.selected) ?? this.selected;
    this.caption.textContent = `${label}: ${points.at(-1)?.[0] ?? 0} of ${steps} steps`;
    this.charts.loss.draw(points.map((p) => [p[0], p[1]]), { steps });
    this.charts.accuracy.draw(points.map((p) => [p[0], p[2]]), { steps, hi: 1 });
    const sparsity = points.filter((p) => p[3] !== null);
    this.sparsityFigure.hidden = sparsity.length === 0;
    if (sparsity.length) {
      this.charts.sparsity.draw(sparsity.map((p) => [p[0], p[3]]),
        { steps, hi: 1, target: this.target, schedule: this.schedule });
    }
  }
}
