// web/progress_view.js — live progress of a lab run: the stage in words, a bar for the stage and
// one for the whole run, and the numbers of the last batch (the curves: stage_curves_view.js).
// Progress may arrive every batch; the view redraws at most once per frame.

export class ProgressView {
  constructor(root) {
    this.root = root;
    this.part = (role) => root.querySelector(`[data-role="${role}"]`);
    this.last = null;
    this.frame = 0;
  }

  start() {
    this.root.hidden = false;
    this.setText('Starting…', '');
    this.part('stage-bar').value = this.part('overall-bar').value = 0;
  }

  update(p) {
    this.last = p;
    this.frame ||= requestAnimationFrame(() => { this.frame = 0; this.render(); });
  }

  // Ends the run with a sentence, e.g. "Done in 6.1 s" or "Cancelled"; full bars when complete.
  finish(text, complete = false) {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    if (complete) this.part('stage-bar').value = this.part('overall-bar').value = 1;
    this.setText(text, '');
  }

  render() {
    const p = this.last;
    // epoch, batch and stageIndex count from 1; batch/batches is within the epoch.
    const inEpoch = p.batches > 0 ? Math.min(1, p.batch / p.batches) : 0;
    const inStage = p.epochs > 0 ? Math.min(1, (Math.max(0, p.epoch - 1) + inEpoch) / p.epochs) : inEpoch;
    this.part('stage-bar').value = inStage;
    this.part('overall-bar').value = p.stageCount > 0 ? Math.min(1, (p.stageIndex - 1 + inStage) / p.stageCount) : 0;
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

  setText(stage, stats) {
    this.part('stage').textContent = stage;
    this.part('stats').textContent = stats;
  }
}
