// A customer's journey in one funnel: a timeline of its visits by stage, forward moves in blue
// and loop-backs in red, and the visits and touchpoints as tables.

import { call } from '../api.js';
import { chart, BACK, FORWARD } from '../charts.js';
import { el, int, num, stageNames, table, when, fill } from '../format.js';
import { needFunnel, toolbar } from './common.js';

export async function render(ctx, main) {
  needFunnel(ctx);
  const customer = (ctx.state.customer || '').trim();
  const input = el('input', { id: 'opt-customer', name: 'customer', value: customer, size: 28, required: true,
    placeholder: 'customerId or anonymousId' });
  const form = el('form', { class: 'toolbar', onsubmit: (e) => { e.preventDefault(); ctx.setHash({ customer: input.value.trim() }); } },
    el('div', { class: 'field' }, el('label', { for: 'opt-customer', text: 'Customer' }), input), el('button', { type: 'submit' }, 'Show journey'));
  const title = el('h2', { text: 'Journey' });
  if (!customer) {
    fill(main, title, form, el('p', { class: 'muted', text: 'Enter a customer id to see their journey through this funnel.' }));
    return;
  }
  const journey = await call('/v1/customers/' + encodeURIComponent(customer) + '/journey?funnel=' + encodeURIComponent(ctx.funnelId));
  const name = stageNames(ctx.funnel);
  const order = (ctx.funnel?.stages || []).map((s) => s.key);
  const visits = journey.visits || [];
  const isBack = (v) => v.nextStage !== null && order.indexOf(v.nextStage) < order.indexOf(v.stage);
  const rows = visits.map((v, i) => el('tr', { 'data-index': i, 'data-stage': v.stage },
    el('td', { class: 'text', text: when(v.enteredAt) }), el('td', { class: 'text', text: name(v.stage) }),
    el('td', { class: 'text', text: v.channel }), num(v.events, int, 'events'), num(v.cycle, int, 'cycle'),
    el('td', { class: 'text' + (isBack(v) ? ' back' : ''), 'data-name': 'next',
      text: v.nextStage === null ? '\u2013' : (isBack(v) ? '\u21a9 loop-back to ' : '\u2192 ') + name(v.nextStage) })));
  const touch = (journey.touchpoints || []).map((t) => el('tr', { 'data-event': t.eventId },
    el('td', { class: 'text', text: when(t.timestamp) }), el('td', { class: 'text', text: t.type }),
    el('td', { class: 'text', text: t.channel }), el('td', { class: 'text', text: name(t.stages?.[ctx.funnelId]) || '\u2013' })));
  const csv = el('button', { type: 'button', class: 'secondary', onclick: () => download(journey, customer) }, 'Download CSV');
  const box = el('div', { class: 'chart' });
  const owner = journey.customerId && journey.customerId !== customer ? el('p', { class: 'legend',
    text: customer + ' belongs to customer ' + journey.customerId + '.' }) : null;
  fill(main, title, form, owner, toolbar(csv),
    visits.length ? box : el('p', { class: 'muted', text: 'No touchpoints of this customer are in this funnel.' }),
    el('h3', { text: 'Visits' }), table(null, ['Entered', 'Stage', 'Channel', 'Events', 'Cycle', 'Next'], rows),
    el('h3', { text: 'Touchpoints' }), table(null, ['When', 'Type', 'Channel', 'Stage'], touch));
  if (!visits.length) return;
  const point = (v) => [v.enteredAt, name(v.stage)];
  // One two-point series per move, so each can be coloured forward or back (legend merges them by name).
  const moves = visits.filter((v) => v.nextStage !== null).map((v) => ({
    name: isBack(v) ? 'Loop-back' : 'Forward', type: 'line', symbol: 'none', color: isBack(v) ? BACK : FORWARD,
    lineStyle: { width: isBack(v) ? 3 : 2, type: isBack(v) ? 'dashed' : 'solid' },
    data: [point(v), [v.nextEnteredAt, name(v.nextStage)]] }));
  chart(box, {
    tooltip: { trigger: 'item' }, legend: { top: 0, data: ['Forward', 'Loop-back', 'Visit'] },
    grid: { left: 110, right: 25, top: 40, bottom: 40 },
    xAxis: { type: 'time', axisLabel: { formatter: '{yyyy}-{MM}-{dd}', hideOverlap: true } }, yAxis: { type: 'category', data: order.map(name) },
    series: moves.concat([{ name: 'Visit', type: 'scatter', symbolSize: 11, color: '#1d2330', z: 5,
      data: visits.map((v) => ({ value: point(v), channel: v.channel })),
      tooltip: { formatter: (p) => p.value[1] + ' via ' + p.data.channel + '<br>' + when(p.value[0]) } }]),
  }, 'Timeline of the customer\u2019s visits by stage; loop-backs drawn in red');
}

function download(journey, customer) {
  const quote = (v) => v === null || v === undefined ? '' : /[",\r\n]/.test(String(v)) ? '"' + String(v).replace(/"/g, '""') + '"' : String(v);
  const lines = [['stage', 'enteredAt', 'channel', 'events', 'cycle', 'nextStage', 'nextEnteredAt'].join(',')]
    .concat((journey.visits || []).map((v) => [v.stage, v.enteredAt, v.channel, v.events, v.cycle, v.nextStage, v.nextEnteredAt].map(quote).join(',')));
  const url = URL.createObjectURL(new Blob([lines.join('\r\n') + '\r\n'], { type: 'text/csv' }));
  const a = el('a', { href: url, download: 'journey-' + customer + '.csv' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
