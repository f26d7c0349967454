// What the metric views share: the query of the shared controls and the CSV button.

import { downloadCsv, query } from '../api.js';
import { el, message } from '../format.js';

export function metricPath(ctx, endpoint, extra = {}) {
  return '/v1/funnels/' + encodeURIComponent(ctx.funnelId) + '/' + endpoint
    + query({ from: ctx.from, to: ctx.to, window: ctx.window, ...extra });
}

/** A "Download CSV" button for the same path and parameters as the view's JSON. */
export function csvButton(path, filename) {
  const status = el('span', { class: 'muted', role: 'status', 'data-csv-status': '' });
  const button = el('button', { type: 'button', class: 'secondary', 'data-csv': path,
    onclick: async () => {
      status.textContent = 'Downloading\u2026';
      try {
        const text = await downloadCsv(path, filename);
        const rows = text.split(/\r?\n/).filter((l) => l.length).length - 1;
        status.textContent = filename + ': ' + rows + ' rows';
        status.dataset.rows = rows;
      } catch (error) {
        status.textContent = '';
        status.replaceChildren(message('error', error.message));
      }
    } }, 'Download CSV');
  return el('span', { class: 'csv' }, button, ' ', status);
}

export function needFunnel(ctx) {
  if (!ctx.funnelId) throw Object.assign(new Error('No funnel yet: create one under \u201cManage funnels\u201d.'), { kind: 'empty' });
}

export function toolbar(...children) {
  return el('div', { class: 'toolbar' }, children);
}

/** A labelled select whose change updates one hash parameter. */
export function select(ctx, name, label, options, value) {
  const id = 'opt-' + name;
  const s = el('select', { id, name, onchange: () => ctx.setHash({ [name]: s.value }) },
    options.map(([v, text]) => el('option', { value: v, text, selected: v === value })));
  return el('div', { class: 'field' }, el('label', { for: id, text: label }), s);
}
