// web/predictions_view.js — every variant's reading of the input side by side: the predicted
// digit alone in [data-testid="prediction-<id>"] and the top-3 probabilities next to it.

export class PredictionsView {
  constructor(list, hint) {
    this.list = list;
    this.hint = hint;
    this.cells = new Map();
  }

  // One entry per variant id; none means "train first".
  setVariants(ids) {
    this.cells.clear();
    this.list.replaceChildren(...ids.map((id) => {
      const li = document.createElement('li');
      li.innerHTML = '<span class="name"></span><span class="digit"></span><span class="top3"></span>';
      li.querySelector('.name').textContent = id;
      li.querySelector('.digit').dataset.testid = `prediction-${id}`;
      this.cells.set(id, li);
      return li;
    }));
    this.hint.hidden = ids.length > 0;
  }

  // results: [{ id, digit, probabilities }]; label: the true digit when known, else null.
  show(results, label) {
    for (const { id, digit, probabilities } of results) {
      const li = this.cells.get(id);
      if (!li) continue;
      li.querySelector('.digit').textContent = String(digit);
      li.querySelector('.top3').textContent = top3(probabilities);
      li.classList.toggle('wrong', label != null && digit !== label);
    }
  }

  blank() {
    for (const li of this.cells.values()) {
      li.querySelector('.digit').textContent = '';
      li.querySelector('.top3').textContent = '';
      li.classList.remove('wrong');
    }
  }
}

function top3(probabilities) {
  return [...probabilities.keys()]
    .sort((a, b) => probabilities[b] - probabilities[a])
    .slice(0, 3)
    .map((d) => `${d}: ${(probabilities[d] * 100).toFixed(1)} %`)
    .join('\n');
}
