// Stages: per stage, visits and how they ended (forward, loop-back, stalled), with the rates.

import { call } from '../api.js';
import { chart, BACK, FORWARD, STALL } from '../charts.js';
import { el, int, num, pct, stageNames, table, fill } from '../format.js';
import { csvButton, metricPath, needFunnel, toolbar } from './common.js';

export async function render(ctx, main) {
  needFunnel(ctx);
  const path = metricPath(ctx, 'flow');
  const report = await call(path);
  const name = stageNames(ctx.funnel);
  // movedAfterWindow / noSuccessor come with a newer server: shown when the answer has them.
  const split = report.stages.some((s) => 'movedAfterWindow' in s);
  const head = ['Stage', 'Visits', 'Forward', 'Loop-back', 'Stalled']
    .concat(split ? ['Moved after window', 'No successor'] : [])
    .concat(['Conversion rate', 'Loop-back rate', 'Stall rate']);
  const rows = report.stages.map((s) => el('tr', { 'data-stage': s.stage },
    el('th', { scope: 'row', class: 'text', text: name(s.stage) }),
    num(s.visits, int, 'visits'), num(s.forward, int, 'forward'), num(s.loopBack, int, 'loopBack'),
    num(s.stalled, int, 'stalled'),
    split ? [num(s.movedAfterWindow, int, 'movedAfterWindow'), num(s.noSuccessor, int, 'noSuccessor')] : [],
    num(s.conversionRate, pct, 'conversionRate'), num(s.loopBackRate, pct, 'loopBackRate'),
    num(s.stallRate, pct, 'stallRate')));
  const box = el('div', { class: 'chart' });
  fill(main, 
    el('h2', { text: 'Stages' }),
    toolbar(csvButton(path, ctx.funnelId + '-flow.csv')),
    el('p', { class: 'legend' }, 'Visits entered in the range; forward or loop-back when the next visit came within the window.'
      + (split ? '' : ' (Stalled visits are not split into moved-after-window and no-successor by this server yet.)')),
    table(null, head, rows), box);
  const stages = report.stages.map((s) => name(s.stage));
  const series = (label, key, color) => ({ name: label, type: 'bar', stack: 'visits', color,
    data: report.stages.map((s) => s[key]) });
  chart(box, {
    tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 50, right: 10, top: 40, bottom: 60 },
    xAxis: { type: 'category', data: stages, axisLabel: { interval: 0, rotate: stages.length > 4 ? 30 : 0 } },
    yAxis: { type: 'value', name: 'visits' },
    series: [series('Forward', 'forward', FORWARD), series('Loop-back', 'loopBack', BACK), series('Stalled', 'stalled', STALL)],
  }, 'Visits per stage split into forward, loop-back and stalled');
}
