// Channel credit (SPEC §3): which channels move customers forward and which bring them back,
// by attribution model; markov answers removal effects instead.

import { ApiError, call } from '../api.js';
import { chart, BACK, FORWARD } from '../charts.js';
import { el, num, pct, stageNames, table, unavailable, fill } from '../format.js';
import { csvButton, metricPath, needFunnel, select, toolbar } from './common.js';

const MODELS = [['linear', 'Linear'], ['first', 'First touch'], ['last', 'Last touch'], ['position', 'Position (40/20/40)'],
  ['timeDecay', 'Time decay'], ['markov', 'Markov (removal effect)']];
const credit = (v) => v === null || v === undefined ? '\u2013' : Number(v).toFixed(2);

export async function render(ctx, main) {
  needFunnel(ctx);
  const model = MODELS.some(([m]) => m === ctx.state.model) ? ctx.state.model : 'linear';
  const path = metricPath(ctx, 'channels', { model });
  const title = el('h2', { text: 'Channel credit' });
  const bar = toolbar(select(ctx, 'model', 'Model', MODELS, model), csvButton(path, ctx.funnelId + '-channels-' + model + '.csv'));
  let report;
  try {
    report = await call(path);
  } catch (error) {
    if (error instanceof ApiError && (error.kind === 'missing' || error.kind === 'invalid')) {
      fill(main, title, unavailable('Channel credit'), el('p', { class: 'muted', text: 'The server said: ' + error.message }));
      main.dataset.unavailable = 'channels';
      return;
    }
    throw error;
  }
  const box = el('div', { class: 'chart' });
  if (model === 'markov') {
    const rows = report.channels.map((c) => el('tr', { 'data-channel': c.channel },
      el('th', { scope: 'row', class: 'text', text: c.channel }), num(c.removalEffect, pct, 'removalEffect'), num(c.share, pct, 'share')));
    fill(main, title, bar, el('p', { class: 'legend', text: 'Target stage: ' + stageNames(ctx.funnel)(report.target) }),
      table(null, ['Channel', 'Removal effect', 'Share'], rows), box);
    chart(box, { tooltip: {}, grid: { left: 90, right: 20, top: 10, bottom: 30 },
      yAxis: { type: 'category', inverse: true, data: report.channels.map((c) => c.channel) }, xAxis: { type: 'value', max: 1 },
      series: [{ type: 'bar', color: FORWARD, data: report.channels.map((c) => c.share) }] }, 'Markov share per channel');
    return;
  }
  const name = stageNames(ctx.funnel);
  const rowsOf = (channels, scope) => channels.map((c) => el('tr', { 'data-channel': c.channel, 'data-scope': scope },
    el('th', { scope: 'row', class: 'text', text: c.channel }),
    num(c.advancement, credit, 'advancement'), num(c.advancementShare, pct, 'advancementShare'),
    num(c.loopBack, credit, 'loopBack'), num(c.loopBackShare, pct, 'loopBackShare')));
  const head = ['Channel', 'Advancement', 'Share', 'Loop-back', 'Share'];
  const total = report.total?.channels || [];
  fill(main, title, bar,
    el('p', { class: 'legend' }, 'Each forward visit earns one unit of advancement, each loop-back one unit of loop-back credit, split over its touchpoints by the model.'),
    box, el('h3', { text: 'Whole funnel' }), table(null, head, rowsOf(total, 'total')),
    report.stages.map((s) => [el('h3', { text: name(s.stage) }), table(null, head, rowsOf(s.channels, s.stage))]));
  chart(box, { tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 90, right: 20, top: 40, bottom: 30 },
    yAxis: { type: 'category', inverse: true, data: total.map((c) => c.channel) }, xAxis: { type: 'value' },
    series: [{ name: 'Advancement', type: 'bar', color: FORWARD, data: total.map((c) => c.advancement) },
      { name: 'Loop-back', type: 'bar', color: BACK, data: total.map((c) => c.loopBack) }] }, 'Channel credit over the whole funnel');
}
