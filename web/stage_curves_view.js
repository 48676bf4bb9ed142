// web/stage_curves_view.js — the curves of every training stage (stage_series.js), one stage at
// a time picked with a button row: loss and accuracy per step and, for pruning, the sparsity the
// schedule reached after each step. While a lab runs the view follows the stage that trains
// unless a button was pressed. Redraws draw only the picked stage; during a run they come a
// couple of times a second (redraw.js) and wait while the view is off screen.
import { LineChart } from './charts.js';
import { Redraw } from './redraw.js';
import { StageSeries } from './stage_series.js';

const INTERVAL_MS = 500;

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
    this.redraw = new Redraw(() => this.render(), INTERVAL_MS);
    this.onScreen = true;
    this.stale = false;
    this.live = false; // a run is adding points: skip redraws while off screen
    new IntersectionObserver(([entry]) => {
      this.onScreen = entry.isIntersecting;
      if (this.onScreen && this.stale) this.redraw.soon();
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
    this.stale = true;
    this.redraw.paced();
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
    this.redraw.soon();
  }

  render() {
    const stages = new Set(this.series.stages());
    const hidden = stages.size === 0;
    if (this.root.hidden !== hidden) this.root.hidden = hidden;
    if (hidden || (this.live && !this.onScreen)) return;
    this.stale = false;
    // Only what changed is written: every write costs a style pass or a layout.
    for (const [id, button] of this.buttons) {
      const disabled = !stages.has(id);
      const pressed = String(id === this.selected);
      if (button.disabled !== disabled) button.disabled = disabled;
      if (button.getAttribute('aria-pressed') !== pressed) {
        button.setAttribute('aria-pressed', pressed);
      }
    }
    const { steps, points } = this.series.get(this.selected);
    const label = this.labels.get(this.selected) ?? this.selected;
    const caption = `${label}: ${points.at(-1)?.[0] ?? 0} of ${steps} steps`;
    if (this.caption.textContent !== caption) this.caption.textContent = caption;
    this.charts.loss.draw(points.map((p) => [p[0], p[1]]), { steps });
    this.charts.accuracy.draw(points.map((p) => [p[0], p[2]]), { steps, hi: 1 });
    const sparsity = points.filter((p) => p[3] !== null);
    const noSparsity = sparsity.length === 0;
    if (this.sparsityFigure.hidden !== noSparsity) this.sparsityFigure.hidden = noSparsity;
    if (sparsity.length) {
      this.charts.sparsity.draw(sparsity.map((p) => [p[0], p[3]]),
        { steps, hi: 1, target: this.target, schedule: this.schedule });
    }
  }
}
