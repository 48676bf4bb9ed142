// web/inspect_view.js — the Inspect section: one variant against a reference (float by
// default). Asks the worker for the inspection and draws it: the technique's card, weight
// histograms, filters and class maps, the error per layer, the confusion matrix with the digits
// it newly gets wrong (a click puts one on the drawing pad) and where the bytes go. The time of
// the last inspection, request and drawing, is in the section's data-ms (the benchmark reads it).
import { explain } from './techniques.js';
import { histogramChart, filterImages, classMaps, confusionChart, bytesChart } from './inspect_charts.js';
import { paintDigit } from './draw_pad.js';

const group = (n) => n.toLocaleString('en-US');
const LAYER_NAMES = { CONV_2D: 'conv', MAX_POOL_2D: 'pool', FULLY_CONNECTED: 'dense', SOFTMAX: 'softmax' };
const layerName = (op) => LAYER_NAMES[op] ?? op.toLowerCase();
const fixed = (v, digits = 3) => (v == null ? '–' : Number.isFinite(v) ? v.toPrecision(digits) : '∞');

export class InspectView {
  // inspect(id, reference) → the worker's inspection; onMistake(digit) puts a test digit on the pad.
  constructor(section, link, { inspect, onMistake, onError }) {
    this.section = section;
    this.link = link;
    this.inspect = inspect;
    this.onMistake = onMistake;
    this.onError = onError;
    this.report = null;
    this.shown = 0;  // the latest request; an older answer is dropped
    const $ = (selector) => section.querySelector(selector);
    this.el = {
      variant: $('[data-role="variant"]'), reference: $('[data-role="reference"]'), status: $('[data-role="status"]'),
      explain: $('[data-testid="explain"]'), histograms: $('[data-testid="histogram"]'),
      filters: $('[data-role="filters"]'), filterLabels: $('[data-role="filter-labels"]'), filtersCaption: $('[data-role="filters-caption"]'),
      classMaps: $('[data-role="class-maps"]'), layerError: $('[data-testid="layer-error"]'),
      confusion: $('[data-testid="confusion"]'), mistakes: $('[data-testid="mistakes"]'),
      mistakesCaption: $('[data-role="mistakes-caption"]'), bytes: $('[data-testid="bytes-breakdown"]'),
      legend: $('[data-role="legend"]'),
    };
    this.el.variant.addEventListener('change', () => this.show());
    this.el.reference.addEventListener('change', () => this.show());
    this.el.mistakes.addEventListener('click', (e) => {
      const button = e.target.closest('button');
      if (button) this.onMistake(this.mistakes[Number(button.dataset.mistake)]);
    });
  }

  // report: the lab report (null: no results, the section hides).
  setReport(report) {
    this.report = report;
    this.section.hidden = this.link.hidden = !report;
    if (!report) return;
    const ids = report.variants.map((v) => v.id);
    const options = (list) => list.map((id) => new Option(id, id));
    this.el.variant.replaceChildren(...options(ids));
    this.el.reference.replaceChildren(new Option('none', ''), ...options(ids));
    this.el.reference.value = ids.includes('float') ? 'float' : '';
    this.el.variant.value = ids.includes('ptq-int8') ? 'ptq-int8' : ids[0];
    this.show();
  }

  // Shows variant `id` (the selected one when not given); resolves when drawn.
  async show(id = this.el.variant.value) {
    this.el.variant.value = id;
    const reference = this.el.reference.value;
    const request = ++this.shown;
    const start = performance.now();
    this.section.setAttribute('aria-busy', 'true');
    this.el.status.textContent = `Inspecting ${id}…`;
    try {
      const inspection = await this.inspect(id, reference);
      if (request !== this.shown) return;
      this.draw(id, reference, inspection);
      const ms = performance.now() - start;
      this.section.dataset.ms = ms.toFixed(1);
      this.section.dataset.shown = id;
      this.el.status.textContent = `${id} (${inspection.format}) against ${reference || 'nothing'}: ` +
        `inspected in ${Math.round(ms)} ms.`;
    } catch (error) {
      if (request === this.shown) {
        this.el.status.textContent = '';
        this.onError(error);
      }
    } finally {
      if (request === this.shown) this.section.removeAttribute('aria-busy');
    }
  }

  draw(id, reference, inspection) {
    const names = { variantName: id, referenceName: reference };
    const card = explain(id, reference, this.report, inspection);
    const [title, question, text] = this.el.explain.children;
    title.textContent = card.title;
    question.textContent = card.question;
    question.hidden = !card.question;
    text.textContent = card.text;

    this.el.histograms.replaceChildren(...inspection.histograms.map((h) => {
      const figure = document.createElement('figure');
      const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      svg.setAttribute('role', 'img');
      svg.setAttribute('aria-label', `Histogram of the ${h.op} weights of ${id}` +
        `${reference ? ` and ${reference}` : ''}; ${group(h.variantZeros)} exact zeros`);
      histogramChart(svg, h);
      const caption = document.createElement('figcaption');
      caption.textContent = `${h.op} weights (layer ${h.layer}): bars ${id}${reference ? `, line ${reference}` : ''}`;
      figure.append(caption, svg);
      return figure;
    }));

    const conv = inspection.kernels.find((k) => k.op === 'CONV_2D');
    const dense = inspection.kernels.find((k) => k.op === 'FULLY_CONNECTED');
    if (conv) {
      const { names: rows, magnify } = filterImages(this.el.filters, conv, names);
      this.el.filterLabels.replaceChildren(...rows.map((text) => Object.assign(document.createElement('span'), { textContent: text })));
      this.el.filtersCaption.textContent = `The 12 conv filters (3×3)${reference ? `: ${reference}, ${id}, and their ` +
        `difference magnified ${group(magnify)}×` : ''}; red positive, blue negative, amber exactly zero.`;
    }
    if (dense) classMaps(this.el.classMaps, dense);

    this.el.layerError.replaceChildren(...this.errorTables(inspection));
    confusionChart(this.el.confusion, inspection.confusion);
    this.el.confusion.setAttribute('aria-label', `Confusion matrix of ${id} on ${group(inspection.confusion.count)} ` +
      `test digits: accuracy ${(inspection.confusion.accuracy * 100).toFixed(2)} %`);
    this.showMistakes(id, reference, inspection);
    const largest = Math.max(...this.report.variants.map((v) => v.bytes));
    bytesChart(this.el.bytes, inspection.bytes, largest);
    this.el.bytes.setAttribute('aria-label', `Where the ${group(inspection.bytes.fileBytes)} bytes of ${id} go: ` +
      inspection.bytes.parts.map((p) => `${p.part} ${group(p.bytes)} (${group(p.gzipBytes)} gzipped)`).join(', '));
    this.el.legend.replaceChildren(...inspection.bytes.parts.map((p, i) => {
      const li = document.createElement('li');
      li.innerHTML = `<span class="swatch part${i % 5}"></span>`;
      li.append(`${p.part}${p.layer >= 0 ? ` (layer ${p.layer})` : ''}: ${group(p.bytes)} B, ${group(p.gzipBytes)} gzipped`);
      return li;
    }));
  }

  // Two small tables: each weight tensor's error against the reference's, and each layer's
  // output error over the compared test digits (end to end: a layer sees earlier errors).
  errorTables(inspection) {
    const weights = inspection.tensors.filter((t) => t.role === 'weights' && t.error && t.bytes > 0);
    const layers = (inspection.layers ?? []).filter((l) => l.referenceIndex >= 0 && l.meanSquaredError != null);
    if (!weights.length && !layers.length) {
      const p = document.createElement('p');
      p.className = 'stats';
      p.textContent = 'Choose a reference to compare the layers with.';
      return [p];
    }
    const worst = Math.max(1e-12, ...layers.map((l) => Math.sqrt(l.meanSquaredError)));
    return [
      table(`Weights against ${this.el.reference.value}`, ['Weights', 'SQNR dB', 'RMSE', 'RMSE in steps'],
        weights.map((t, i) => [`${layerName(inspection.histograms[i]?.op ?? t.op)} ${t.type.toLowerCase()}`, fixed(t.error.sqnrDb), fixed(t.error.rmse), fixed(t.error.rmseInScale)])),
      table(`Layer outputs, ${group(inspection.activationDigits ?? 0)} test digits`, ['Layer', 'RMSE', 'max |error|'],
        layers.map((l) => {
          const rmse = Math.sqrt(l.meanSquaredError);
          return [layerName(l.op), { text: fixed(rmse), bar: rmse / worst }, fixed(l.maxAbsError)];
        })),
    ];
  }

  showMistakes(id, reference, inspection) {
    this.mistakes = inspection.mistakes ?? [];
    const all = (inspection.disagreements ?? []).filter((d) => d.variant !== d.label && d.reference === d.label).length;
    this.el.mistakesCaption.textContent = !reference ? 'Choose a reference to see the digits this variant gets wrong where it is right.'
      : all === 0 ? `No test digit that ${reference} reads right is read wrong by ${id}.`
      : `${group(all)} test digits ${id} reads wrong where ${reference} is right` +
        `${all > this.mistakes.length ? ` (the first ${this.mistakes.length})` : ''}; press one to try it on the pad:`;
    this.el.mistakes.replaceChildren(...this.mistakes.map((m, i) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.mistake = i;
      button.setAttribute('aria-label', `Test digit ${m.index}, a ${m.label}: ${id} reads ${m.variant}, ${reference} ${m.reference}`);
      const canvas = document.createElement('canvas');
      paintDigit(canvas, m.pixels);
      const caption = document.createElement('span');
      caption.textContent = `${m.label}→${m.variant}`;
      button.append(canvas, caption);
      return button;
    }));
  }
}

// A captioned table; a cell is text or { text, bar } (bar: 0..1, drawn under the text).
function table(captionText, headers, rows) {
  const t = document.createElement('table');
  t.createCaption().textContent = captionText;
  const head = t.createTHead().insertRow();
  for (const h of headers) head.append(Object.assign(document.createElement('th'), { scope: 'col', textContent: h }));
  const body = t.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const value of row) {
      const td = tr.insertCell();
      if (typeof value === 'object') {
        td.textContent = value.text;
        td.className = 'bar';
        td.style.setProperty('--bar', `${(value.bar * 100).toFixed(1)}%`);
      } else {
        td.textContent = value;
      }
    }
  }
  return t;
}
