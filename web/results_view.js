// web/results_view.js — the results of a lab run: one table row per variant (its name a button
// that opens it in Inspect; numbers grouped for people, plain in data-value for tests), times
// smaller than the baseline, a download button that saves exactly the variant's bytes, a row
// for the fine-tuned float reference (accuracy only: it has no file), and the size-versus-
// accuracy chart. On a narrow screen the table shows the key columns or the rest, switched by
// two buttons (style.css hides the other set).
import { scatterChart } from './charts.js';

const group = (n) => n.toLocaleString('en-US');
export const kb = (n) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`);
const sparsityOf = (v) => Number(v.sparsity ?? 0);

const COLUMNS = [
  // { col, header, more: in the second set on narrow screens, value, text, title }
  { col: 'bytes', header: 'Bytes', more: true, value: (v) => v.bytes, text: (v) => group(v.bytes),
    title: (v) => `${group(v.bytes)} bytes (${kb(v.bytes)})` },
  { col: 'gzip_bytes', header: 'gzip bytes', value: (v) => v.gzipBytes, text: (v) => group(v.gzipBytes),
    title: (v) => `${group(v.gzipBytes)} bytes gzipped (${kb(v.gzipBytes)})` },
  { col: 'smaller', header: '× smaller', text: (v, base) => `${(base.gzipBytes / v.gzipBytes).toFixed(1)}×`,
    title: () => "the baseline's gzip size divided by this one's" },
  { col: 'accuracy', header: 'Accuracy', value: (v) => v.accuracy, text: (v) => v.accuracy.toFixed(4),
    title: (v) => `${(v.accuracy * 100).toFixed(2)} % of the test digits` },
  { col: 'sparsity', header: 'Sparsity', more: true, value: sparsityOf, text: (v) => sparsityOf(v).toFixed(3),
    title: (v) => `${(sparsityOf(v) * 100).toFixed(1)} % of the weights are zero` },
  { col: 'us_per_digit', header: 'µs / digit', more: true, value: (v) => v.usPerDigit,
    text: (v) => String(Number(v.usPerDigit.toPrecision(3))), title: () => 'microseconds per digit, measured on this device' },
];

const REFERENCE = 'fine-tuned float';

export class ResultsView {
  constructor({ body, table, summary, chart, columnSets }, onError) {
    this.body = body;
    this.table = table;
    this.summary = summary;
    this.chart = chart;
    this.onError = onError;
    table.tHead.rows[0].replaceChildren(header('Variant'),
      ...COLUMNS.map(({ header: text, more }) => header(text, more)), header('File', true, true));
    this.setColumns = (set) => {
      table.dataset.columns = set;
      for (const button of columnSets.querySelectorAll('button')) {
        button.setAttribute('aria-pressed', String(button.dataset.columns === set));
      }
    };
    columnSets.addEventListener('click', (e) => {
      if (e.target.dataset.columns) this.setColumns(e.target.dataset.columns);
    });
    this.setColumns('key');
  }

  show(report, files) {
    const base = report.variants.find((v) => v.id === 'baseline') ?? report.variants[0];
    this.table.tBodies[0].replaceChildren(...report.variants.map((v) => this.row(v, files[v.id], base)));
    this.table.tFoot.replaceChildren(this.referenceRow(report.fineTunedFloatAccuracy));
    this.summary.textContent = `Trained on ${group(report.trainDigits)} digits and tested on ` +
      `${group(report.testDigits)} in ${report.seconds.toFixed(1)} s on this device. ` +
      `The fine-tuned float model (the baseline trained as long as the pruned one, last row) reads ` +
      `${(report.fineTunedFloatAccuracy * 100).toFixed(2)} % of the test digits.`;
    scatterChart(this.chart, report.variants.map((v) => ({ label: v.id, x: v.gzipBytes, y: v.accuracy })), {
      formatX: kb, formatY: (y) => y.toFixed(3), unit: 1024, formatTick: (x) => `${Number((x / 1024).toPrecision(3))} KB`,
      reference: { label: REFERENCE, y: report.fineTunedFloatAccuracy },
    });
    this.body.hidden = false;
  }

  clear() {
    this.table.tBodies[0].replaceChildren();
    this.table.tFoot.replaceChildren();
    this.summary.textContent = 'No results yet: press Train & compress.';
    this.body.hidden = true;
  }

  row(v, file, base) {
    const tr = document.createElement('tr');
    tr.dataset.variant = v.id;
    const inspect = document.createElement('button');
    inspect.type = 'button';
    inspect.className = 'name-button';
    inspect.dataset.inspect = v.id;
    inspect.textContent = v.id;
    inspect.title = `Inspect ${v.id} (${v.file})`;
    const name = cell(inspect);
    tr.append(name, ...COLUMNS.map(({ col, more, value, text, title }) => {
      const td = cell(text(v, base), more);
      td.dataset.col = col;
      if (value) td.dataset.value = value(v);
      td.title = title(v);
      return td;
    }));
    const button = document.createElement('button');
    button.type = 'button';
    button.innerHTML = '<span>Download</span>'; // a phone shows an arrow (style.css)
    button.setAttribute('aria-label', `Download ${v.file}, ${group(v.bytes)} bytes`);
    if (!file || file.byteLength !== v.bytes) {
      button.disabled = true;
      this.onError(`The file of ${v.id} is missing or its size differs from the table (${file?.byteLength ?? 'no'} bytes, not ${v.bytes}).`);
    }
    button.addEventListener('click', () => download(v.file, file));
    tr.append(cell(button, true));
    return tr;
  }

  referenceRow(accuracy) {
    const tr = document.createElement('tr');
    tr.className = 'reference';
    tr.dataset.reference = 'fine-tuned-float';
    const name = cell(REFERENCE);
    name.title = 'The float baseline fine-tuned as long as the pruned model, without pruning: no file';
    tr.append(name, ...COLUMNS.map(({ col, more }) => {
      const td = cell(col === 'accuracy' ? accuracy.toFixed(4) : '—', more);
      if (col === 'accuracy') Object.assign(td.dataset, { col, value: accuracy });
      return td;
    }), cell('', true));
    return tr;
  }
}

function header(text, more = false, hiddenText = false) {
  const th = document.createElement('th');
  th.scope = 'col';
  if (more) th.className = 'more';
  if (hiddenText) th.innerHTML = '<span class="visually-hidden"></span>';
  (th.firstChild ?? th).append(text);
  return th;
}

function cell(content, more = false) {
  const td = document.createElement('td');
  if (more) td.className = 'more';
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
