// The ordered funnel, strict or skip: customers per step, step and overall rates, the median
// time from the previous step and, where the server gives it, time to convert in buckets.

import { call } from '../api.js';
import { chart, FORWARD } from '../charts.js';
import { duration, el, int, num, pct, stageNames, table, unavailable, fill } from '../format.js';
import { csvButton, metricPath, needFunnel, select, toolbar } from './common.js';

const BUCKET_LABEL = { PT1M: '< 1 min', PT5M: '< 5 min', PT15M: '< 15 min', PT1H: '< 1 h', PT6H: '< 6 h', P1D: '< 1 d',
  P3D: '< 3 d', P7D: '< 7 d', P14D: '< 14 d', P30D: '< 30 d' };

export async function render(ctx, main) {
  needFunnel(ctx);
  const mode = ctx.state.mode === 'skip' ? 'skip' : 'strict';
  const stepWindows = ctx.state.stepWindows || '';
  const path = metricPath(ctx, 'conversion', { mode, stepWindows });
  const report = await call(path);
  const name = stageNames(ctx.funnel);
  const rows = report.steps.map((s, i) => el('tr', { 'data-stage': s.stage },
    el('th', { scope: 'row', class: 'text', text: (i + 1) + '. ' + name(s.stage) }),
    num(s.customers, int, 'customers'), num(s.stepConversionRate, pct, 'stepConversionRate'),
    num(s.overallConversionRate, pct, 'overallConversionRate'),
    num(s.medianSecondsFromPrevious, duration, 'medianSecondsFromPrevious')));
  const windows = el('input', { id: 'opt-stepWindows', name: 'stepWindows', value: stepWindows, size: 18,
    placeholder: 'e.g. P1D,P7D', 'aria-describedby': 'stepWindows-help' });
  const form = el('form', { class: 'field', onsubmit: (e) => { e.preventDefault(); ctx.setHash({ stepWindows: windows.value.trim() }); } },
    el('label', { for: 'opt-stepWindows', text: 'Step windows (n\u22121 durations)' }), windows,
    el('span', { id: 'stepWindows-help', class: 'muted', text: 'Enter to apply' }));
  const box = el('div', { class: 'chart' });
  const medians = report.medians ? el('p', { class: 'legend' }, 'Medians ' + (report.medians.estimated ? 'estimated from a sample'
    : 'exact') + ', over ' + int(report.medians.customers) + ' customers.') : null;
  fill(main, 
    el('h2', { text: 'Funnel (' + mode + ')' }),
    toolbar(select(ctx, 'mode', 'Mode', [['strict', 'Strict (every stage in order)'], ['skip', 'Skip (stages may be skipped)']], mode),
      form, csvButton(path, ctx.funnelId + '-conversion-' + mode + '.csv')),
    table(null, ['Step', 'Customers', 'Step rate', 'Overall rate', 'Median time from previous'], rows), medians,
    box, timeToConvert(report.steps, name));
  chart(box, {
    tooltip: { trigger: 'axis' }, grid: { left: 110, right: 70, top: 10, bottom: 30 },
    yAxis: { type: 'category', inverse: true, data: report.steps.map((s, i) => (i + 1) + '. ' + name(s.stage)) },
    xAxis: { type: 'value', name: 'customers' },
    series: [{ type: 'bar', color: FORWARD, data: report.steps.map((s) => s.customers),
      label: { show: true, position: 'right', formatter: (p) => pct(report.steps[p.dataIndex].overallConversionRate) } }],
  }, 'Customers reaching each step of the funnel');
}

function timeToConvert(steps, name) {
  if (!steps.some((s) => Array.isArray(s.timeToConvert))) return unavailable('Time to convert');
  const edges = (steps.find((s) => Array.isArray(s.timeToConvert) && s.timeToConvert.length)?.timeToConvert || []).map((b) => b.upTo);
  const head = ['Step'].concat(edges.map((e) => e === null ? '\u2265 30 d' : BUCKET_LABEL[e] || '< ' + e));
  const rows = steps.slice(1).map((s, i) => el('tr', { 'data-stage': s.stage },
    el('th', { scope: 'row', class: 'text', text: (i + 2) + '. ' + name(s.stage) }),
    (s.timeToConvert || []).map((b) => num(b.customers, int, String(b.upTo)))));
  return el('div', {}, el('h3', { text: 'Time to convert (customers, from the previous step)' }), table(null, head, rows));
}
