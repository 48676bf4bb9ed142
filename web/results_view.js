// web/results_view.js — the results of a lab run: one table row per variant (plain numbers in the
// data-col cells, for people and for tests), times smaller than the baseline, a download button
// that saves exactly the variant's bytes, and the size-versus-accuracy chart.
import { scatterChart } from './charts.js';

const COLUMNS = [
  // [data-col, header, value of a variant as cell text, readable form for the title]
  ['bytes', 'Bytes', (v) => String(v.bytes), (v) => `${group(v.bytes)} bytes (${kb(v.bytes)})`],
  ['gzip_bytes', 'gzip bytes', (v) => String(v.gzipBytes), (v) => `${group(v.gzipBytes)} bytes gzipped (${kb(v.gzipBytes)})`],
  ['smaller', '× smaller', null, null],
  ['accuracy', 'Accuracy', (v) => v.accuracy.toFixed(4), (v) => `${(v.accuracy * 100).toFixed(2)} % of the test digits`],
  ['sparsity', 'Sparsity', (v) => Number(v.sparsity ?? 0).toFixed(3), (v) => `${(Number(v.sparsity ?? 0) * 100).toFixed(1)} % of the weights are zero`],
  ['us_per_digit', 'µs / digit', (v) => String(Number(v.usPerDigit.toPrecision(3))), () => 'microseconds per digit, measured on this device'],
];

const group = (n) => n.toLocaleString('en-US');
export const kb = (n) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`);

export class ResultsView {
  constructor({ body, table, summary, chart }, onError) {
    this.body = body;
    this.rows = table.tBodies[0];
    this.summary = summary;
    this.chart = chart;
    this.onError = onError;
  }

  show(report, files) {
    const base = report.variants.find((v) => v.id === 'baseline') ?? report.variants[0];
    this.rows.replaceChildren(...report.variants.map((v) => this.row(v, files[v.id], base)));
    this.summary.textContent = `Trained on ${group(report.trainDigits)} digits and tested on ` +
      `${group(report.testDigits)} in ${report.seconds.toFixed(1)} s on this device. ` +
      `The fine-tuned float model reads ${(report.fineTunedFloatAccuracy * 100).toFixed(2)} % of the test digits.`;
    scatterChart(this.chart, report.variants.map((v) => ({ label: v.id, x: v.gzipBytes, y: v.accuracy })),
      { formatX: kb, formatY: (y) => y.toFixed(3) });
    this.body.hidden = false;
  }

  clear() {
    this.rows.replaceChildren();
    this.summary.textContent = 'No results yet: press Train & compress.';
    this.body.hidden = true;
  }

  row(v, file, base) {
    const tr = document.createElement('tr');
    tr.dataset.variant = v.id;
    const name = cell('Variant', v.id);
    name.title = v.file;
    tr.append(name);
    for (const [col, header, text, title] of COLUMNS) {
      const td = col === 'smaller'
        ? cell(header, `${(base.gzipBytes / v.gzipBytes).toFixed(1)}×`)
        : cell(header, text(v), col);
      if (title) td.title = title(v);
      tr.append(td);
    }
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Download';
    button.setAttribute('aria-label', `Download ${v.file}, ${group(v.bytes)} bytes`);
    if (!file || file.byteLength !== v.bytes) {
      button.disabled = true;
      this.onError(`The file of ${v.id} is missing or its size differs from the table (${file?.byteLength ?? 'no'} bytes, not ${v.bytes}).`);
    }
    button.addEventListener('click', () => download(v.file, file));
    tr.append(cell('File', button));
    return tr;
  }
}

function cell(label, content, col) {
  const td = document.createElement('td');
  td.dataset.label = label;
  if (col) td.dataset.col = col;
  td.append(content);
  return td;
}

function download(name, bytes) {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
