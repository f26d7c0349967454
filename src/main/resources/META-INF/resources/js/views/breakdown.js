// Breakdowns: the flow or the funnel again per channel, or per value of an event property.

import { ApiError, call } from '../api.js';
import { chart } from '../charts.js';
import { el, int, num, pct, stageNames, table, unavailable, fill } from '../format.js';
import { csvButton, metricPath, needFunnel, select, toolbar } from './common.js';

export async function render(ctx, main) {
  needFunnel(ctx);
  const of = ctx.state.of === 'conversion' ? 'conversion' : 'flow';
  const property = (ctx.state.property || '').trim();
  const by = ctx.state.by === 'property' && property ? 'property:' + property : 'channel';
  const path = metricPath(ctx, of, { breakdown: by });
  const name = stageNames(ctx.funnel);
  const input = el('input', { id: 'opt-property', name: 'property', value: property, size: 14, placeholder: 'e.g. campaign' });
  const form = el('form', { class: 'field', onsubmit: (e) => { e.preventDefault();
    ctx.setHash({ by: input.value.trim() ? 'property' : 'channel', property: input.value.trim() }); } },
  el('label', { for: 'opt-property', text: 'Property (empty: by channel)' }), input);
  const bar = toolbar(select(ctx, 'of', 'Break down', [['flow', 'Stages (flow)'], ['conversion', 'Funnel (conversion)']], of),
    form, csvButton(path, ctx.funnelId + '-' + of + '-by-' + by.replace(':', '-') + '.csv'));
  const title = el('h2', { text: 'Breakdown by ' + (by === 'channel' ? 'channel' : 'property \u201c' + property + '\u201d') });
  let report;
  try {
    report = await call(path);
  } catch (error) {
    // An older server answers 400 for breakdown=property:NAME (only channel is known to it).
    if (error instanceof ApiError && by !== 'channel' && (error.kind === 'invalid' || error.kind === 'missing')) {
      fill(main, title, bar, unavailable('Breakdown by a property'),
        el('p', { class: 'muted', text: 'The server said: ' + error.message }));
      main.dataset.unavailable = 'breakdown-property';
      return;
    }
    throw error;
  }
  const groups = report.breakdown || [];
  const label = (g) => g.other ? 'Other values' : g.value === null ? '(none)' : g.value;
  const box = el('div', { class: 'chart' });
  let head;
  let rows;
  let series;
  let stages;
  if (of === 'flow') {
    stages = report.stages.map((s) => s.stage);
    head = ['Value'].concat(stages.flatMap((k) => [name(k) + ' visits', name(k) + ' conversion']));
    rows = groups.map((g) => el('tr', { 'data-value-key': String(g.value), 'data-other': g.other ? 'true' : null },
      el('th', { scope: 'row', class: 'text', text: label(g) }),
      stages.flatMap((k) => {
        const s = g.stages.find((x) => x.stage === k) || {};
        return [num(s.visits ?? 0, int, k + '.visits'), num(s.conversionRate ?? null, pct, k + '.conversionRate')];
      })));
    series = stages.map((k) => ({ name: name(k), type: 'bar', stack: 'v',
      data: groups.map((g) => g.stages.find((x) => x.stage === k)?.visits ?? 0) }));
  } else {
    stages = report.steps.map((s) => s.stage);
    head = ['Value'].concat(stages.map((k, i) => (i + 1) + '. ' + name(k)));
    rows = groups.map((g) => el('tr', { 'data-value-key': String(g.value), 'data-other': g.other ? 'true' : null },
      el('th', { scope: 'row', class: 'text', text: label(g) }),
      stages.map((k) => num(g.steps.find((x) => x.stage === k)?.customers ?? 0, int, k + '.customers'))));
    series = stages.map((k) => ({ name: name(k), type: 'bar',
      data: groups.map((g) => g.steps.find((x) => x.stage === k)?.customers ?? 0) }));
  }
  fill(main, title, bar, groups.length ? box : el('p', { class: 'muted', text: 'No data in this range.' }),
    table(of === 'flow' ? 'Visits and conversion rate per stage' : 'Customers per step', head, rows));
  if (groups.length) {
    chart(box, { tooltip: { trigger: 'axis' }, legend: { top: 0, type: 'scroll' }, grid: { left: 90, right: 15, top: 40, bottom: 30 },
      yAxis: { type: 'category', inverse: true, data: groups.map(label) }, xAxis: { type: 'value' }, series },
    'Breakdown by ' + by);
  }
}
