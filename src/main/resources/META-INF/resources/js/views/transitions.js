// Transitions: a directed graph (stages in funnel order, forward moves arc above, loop-backs
// arc below in red; a Sankey could not draw these cycles) and the from × to matrix beside it.

import { call } from '../api.js';
import { chart, BACK, FORWARD } from '../charts.js';
import { el, int, num, stageNames, table, fill } from '../format.js';
import { csvButton, metricPath, needFunnel, toolbar } from './common.js';

export async function render(ctx, main) {
  needFunnel(ctx);
  const path = metricPath(ctx, 'flow');
  const report = await call(path);
  const name = stageNames(ctx.funnel);
  const order = (ctx.funnel?.stages || []).map((s) => s.key);
  for (const s of report.stages) if (!order.includes(s.stage)) order.push(s.stage);
  const index = (key) => order.indexOf(key);
  const count = {};
  for (const t of report.transitions) count[t.from + '\u2192' + t.to] = t.count;

  const head = ['From \\ to'].concat(order.map(name));
  const rows = order.map((from) => el('tr', { 'data-from': from },
    el('th', { scope: 'row', class: 'text', text: name(from) }),
    order.map((to) => {
      const cell = num(count[from + '\u2192' + to] ?? 0, int, to);
      if (index(to) < index(from) && cell.dataset.value !== '0') cell.classList.add('back');
      return cell;
    })));
  const box = el('div', { class: 'chart' });
  fill(main, 
    el('h2', { text: 'Transitions' }),
    toolbar(csvButton(path, ctx.funnelId + '-flow.csv')),
    el('p', { class: 'legend' }, 'Moves from a visit to the next one within the window. ',
      el('span', { style: 'color:' + FORWARD, text: 'Forward moves' }), ' arc above, ',
      el('span', { class: 'back', text: 'loop-backs (to an earlier stage)' }), ' arc below and are in red in the matrix.'),
    el('div', { class: 'split' }, box, el('div', {}, el('h3', { text: 'From \u00d7 to (visits)' }), table(null, head, rows))));

  const nodes = order.map((key, i) => ({ name: key, value: key, x: i * 100, y: 0,
    label: { show: true, formatter: name(key), position: i % 2 ? 'bottom' : 'top' } }));
  // Two invisible anchors give the row of stages room above and below for the arcs
  // (layout 'none' fits the nodes' bounding box, which a single row would flatten).
  for (const y of [-60, 60]) nodes.push({ name: '\u2003' + y, x: 0, y, symbolSize: 0, label: { show: false }, tooltip: { show: false } });
  const max = Math.max(1, ...report.transitions.map((t) => t.count));
  const links = report.transitions.map((t) => {
    const back = index(t.to) < index(t.from);
    return { source: t.from, target: t.to, value: t.count,
      label: { show: true, formatter: String(t.count), color: back ? BACK : FORWARD },
      lineStyle: { color: back ? BACK : FORWARD, width: 1 + 7 * t.count / max, type: back ? 'dashed' : 'solid',
        curveness: 0.35, opacity: 0.8 } };
  });
  chart(box, {
    tooltip: { formatter: (p) => p.dataType === 'edge' ? name(p.data.source) + ' \u2192 ' + name(p.data.target) + ': ' + p.data.value
      : p.data.symbolSize === 0 ? '' : name(p.data.name) },
    series: [{ type: 'graph', layout: 'none', roam: true, data: nodes, links, symbolSize: 26,
      itemStyle: { color: '#fff', borderColor: '#1d2330', borderWidth: 2 },
      edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 9, left: 60, right: 60, top: 70, bottom: 70 }],
  }, 'Transitions between stages; loop-backs drawn in red below the stages');
}
