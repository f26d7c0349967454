// Trends: one flow rate (or the visits) per stage per day, week or month.

import { call } from '../api.js';
import { chart } from '../charts.js';
import { day, el, int, num, pct, stageNames, table, fill } from '../format.js';
import { csvButton, metricPath, needFunnel, select, toolbar } from './common.js';

const METRICS = [['conversionRate', 'Conversion rate'], ['loopBackRate', 'Loop-back rate'], ['stallRate', 'Stall rate'],
  ['visits', 'Visits']];

export async function render(ctx, main) {
  needFunnel(ctx);
  const interval = ['day', 'week', 'month'].includes(ctx.state.interval) ? ctx.state.interval : 'day';
  const metric = METRICS.some(([m]) => m === ctx.state.metric) ? ctx.state.metric : 'conversionRate';
  const path = metricPath(ctx, 'trends', { interval });
  const report = await call(path);
  const name = stageNames(ctx.funnel);
  const stages = report.buckets[0]?.stages.map((s) => s.stage) || (ctx.funnel?.stages || []).map((s) => s.key);
  const format = metric === 'visits' ? int : pct;
  const rows = report.buckets.map((b) => el('tr', { 'data-start': b.start },
    el('th', { scope: 'row', class: 'text', text: day(b.start) }),
    stages.map((key) => num(b.stages.find((s) => s.stage === key)?.[metric] ?? null, format, key))));
  const box = el('div', { class: 'chart' });
  fill(main, 
    el('h2', { text: 'Trends' }),
    toolbar(select(ctx, 'interval', 'Interval', [['day', 'Day'], ['week', 'Week (from Monday)'], ['month', 'Month']], interval),
      select(ctx, 'metric', 'Show', METRICS, metric), csvButton(path, ctx.funnelId + '-trends-' + interval + '.csv')),
    box, table('Per ' + interval + ' of visit entry (UTC)', ['Start'].concat(stages.map(name)), rows));
  chart(box, {
    tooltip: { trigger: 'axis', valueFormatter: (v) => format(v) }, legend: { top: 0, type: 'scroll' },
    grid: { left: 55, right: 15, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: report.buckets.map((b) => day(b.start)) },
    yAxis: { type: 'value', axisLabel: { formatter: (v) => metric === 'visits' ? v : Math.round(v * 100) + ' %' },
      max: metric === 'visits' ? null : 1 },
    series: stages.map((key) => ({ name: name(key), type: 'line', connectNulls: false, showSymbol: true,
      data: report.buckets.map((b) => b.stages.find((s) => s.stage === key)?.[metric] ?? null) })),
  }, 'Trend of ' + metric + ' per stage');
}
