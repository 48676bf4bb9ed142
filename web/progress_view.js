// web/progress_view.js — live progress of a lab run: the stage in words, a bar for the stage and
// one for the whole run, and the numbers of the last batch (the curves: stage_curves_view.js).
// Progress may arrive many times a second; the view draws the latest a few times a second and
// writes only what changed.
import { Redraw } from './redraw.js';

const INTERVAL_MS = 200;

export class ProgressView {
  constructor(root) {
    this.root = root;
    const part = (role) => root.querySelector(`[data-role="${role}"]`);
    this.stage = part('stage');
    this.stats = part('stats');
    this.stageBar = part('stage-bar');
    this.overallBar = part('overall-bar');
    this.last = null;
    this.redraw = new Redraw(() => this.render(), INTERVAL_MS);
  }

  start() {
    this.root.hidden = false;
    this.setText('Starting…', '');
    this.setBars(0, 0);
  }

  update(p) {
    this.last = p;
    this.redraw.paced();
  }

  // Ends the run with a sentence, e.g. "Done in 6.1 s" or "Cancelled"; full bars when complete.
  finish(text, complete = false) {
    this.redraw.cancel();
    if (complete) this.setBars(1, 1);
    this.setText(text, '');
  }

  render() {
    const p = this.last;
    // epoch, batch and stageIndex count from 1; batch/batches is within the epoch.
    const inEpoch = p.batches > 0 ? Math.min(1, p.batch / p.batches) : 0;
    const inStage = p.epochs > 0 ? Math.min(1, (Math.max(0, p.epoch - 1) + inEpoch) / p.epochs) : inEpoch;
    const overall = p.stageCount > 0 ? Math.min(1, (p.stageIndex - 1 + inStage) / p.stageCount) : 0;
    this.setBars(inStage, overall);
    const training = p.trains;
    const stats = [
      p.epochs ? `epoch ${p.epoch}/${p.epochs}` : '',
      p.batches ? `batch ${p.batch}/${p.batches}` : '',
      training && Number.isFinite(p.loss) ? `loss ${p.loss.toFixed(3)}` : '',
      training && Number.isFinite(p.accuracy) ? `accuracy ${p.accuracy.toFixed(3)}` : '',
      Number.isFinite(p.sparsity) ? `sparsity ${p.sparsity.toFixed(3)}` : '',
      p.samplesPerSecond > 0 ? `${Math.round(p.samplesPerSecond).toLocaleString('en-US')} digits/s` : '',
    ];
    this.setText(`Stage ${p.stageIndex} of ${p.stageCount}: ${p.stageLabel}`,
      stats.filter(Boolean).join(' · '));
  }

  // Writes to the page only what changed (a write, even of the same text, costs a layout).
  setText(stage, stats) {
    if (this.stage.textContent !== stage) this.stage.textContent = stage;
    if (this.stats.textContent !== stats) this.stats.textContent = stats;
  }

  // Bars move in thousandths: a finer step shows on no screen.
  setBars(stageValue, overallValue) {
    const stage = Math.round(stageValue * 1000) / 1000;
    const overall = Math.round(overallValue * 1000) / 1000;
    if (this.stageBar.value !== stage) this.stageBar.value = stage;
    if (this.overallBar.value !== overall) this.overallBar.value = overall;
  }
}
