// The dashboard's shell: the key (asked once, kept for the tab), the shared controls (funnel,
// range, window), the views as tabs, and one place where every error is shown plainly.
// The state lives in the URL's hash, so a view can be reloaded, bookmarked or shared.

import { ApiError, call, keys } from './api.js';
import { disposeAll } from './charts.js';
import { el, message } from './format.js';
import * as flow from './views/flow.js';
import * as transitions from './views/transitions.js';
import * as conversion from './views/conversion.js';
import * as trends from './views/trends.js';
import * as breakdown from './views/breakdown.js';
import * as credit from './views/credit.js';
import * as journey from './views/journey.js';
import * as admin from './views/admin.js';

const VIEWS = { flow, transitions, conversion, trends, breakdown, credit, journey, admin };
const $ = (id) => document.getElementById(id);
let funnels = [];
let renderId = 0;

export function hashState() {
  return Object.fromEntries(new URLSearchParams(location.hash.slice(1)));
}

export function setHash(changes) {
  const state = { ...hashState(), ...changes };
  for (const k of Object.keys(state)) if (state[k] === '' || state[k] === undefined) delete state[k];
  const next = '#' + new URLSearchParams(state).toString();
  if (next !== location.hash) location.hash = next; else render();
}

function isoDay(date) { return date.toISOString().slice(0, 10); }

/** A preset of n days ends tomorrow (exclusive), so today counts. */
function presetRange(days) {
  const to = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1));
  const from = new Date(to.getTime() - days * 86400000);
  return { from: isoDay(from), to: isoDay(to) };
}

function controls(state) {
  const range = state.range || (state.from || state.to ? 'custom' : '30');
  const dates = range === 'custom' ? { from: state.from || '', to: state.to || '' } : presetRange(Number(range));
  $('range').value = range;
  $('from').value = dates.from;
  $('to').value = dates.to;
  $('from').disabled = $('to').disabled = range !== 'custom';
  $('window').value = state.window || 'P30D';
  $('funnel').value = state.funnel || '';
  return { ...dates, window: state.window || 'P30D' };
}

function notice(text, kind = 'error') {
  const n = $('notice');
  n.hidden = !text;
  n.className = 'notice ' + kind;
  n.textContent = text || '';
}

function showKeyForm(reason) {
  $('app').hidden = true;
  $('forget-key').hidden = true;
  $('key-form').hidden = false;
  notice(reason || '');
  $('key-input').focus();
}

async function loadFunnels() {
  funnels = await call('/v1/funnels');
  const select = $('funnel');
  const chosen = select.value;
  select.replaceChildren(...funnels.map((f) => el('option', { value: f.id, text: f.name + ' (' + f.id + ')' })));
  if (funnels.some((f) => f.id === chosen)) select.value = chosen;
}

/** Shows an API error where it belongs: a wrong key sends the user back to the key form. */
export function showError(target, error) {
  if (error instanceof ApiError && error.kind === 'auth') {
    keys.forget();
    showKeyForm(error.message);
    return;
  }
  target.replaceChildren(message(error.kind === 'backfill' ? 'info' : 'error', error.message || String(error)));
}

async function render() {
  const id = ++renderId;
  const state = hashState();
  const view = VIEWS[state.view] ? state.view : 'flow';
  if (!state.funnel && funnels.length) state.funnel = funnels[0].id;
  const shared = controls(state);
  for (const a of document.querySelectorAll('#tabs a')) {
    if (a.dataset.view === view) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  const main = $('view');
  disposeAll();
  main.dataset.state = 'loading';
  main.dataset.view = view;
  delete main.dataset.error;
  main.replaceChildren(message('info', 'Loading\u2026'));
  const funnel = funnels.find((f) => f.id === state.funnel) || null;
  const ctx = { ...shared, funnel, funnelId: state.funnel, state, setHash, refreshFunnels: loadFunnels };
  try {
    await VIEWS[view].render(ctx, main);
    if (id === renderId) main.dataset.state = 'ready';
  } catch (error) {
    if (id !== renderId) return;
    showError(main, error);
    main.dataset.state = error.kind === 'backfill' ? 'backfill' : 'error';
    main.dataset.error = error.kind || 'script';
    if (error.kind === 'backfill') setTimeout(() => { if (id === renderId) render(); }, (error.retryAfter || 2) * 1000);
    if (!(error instanceof ApiError)) console.error(error);
  }
}

async function start() {
  if (!keys.read()) { showKeyForm(); return; }
  $('key-form').hidden = true;
  try {
    await loadFunnels();
  } catch (error) {
    if (error.kind === 'auth' || error.kind === 'forbidden') {
      keys.forget();
      showKeyForm(error.kind === 'auth' ? error.message : 'This key may not read: ' + error.message);
    } else {
      $('app').hidden = true;
      notice(error.message);
      $('notice').append(' ', el('button', { type: 'button', class: 'secondary', onclick: start, text: 'Retry' }));
    }
    return;
  }
  notice('');
  $('app').hidden = false;
  $('forget-key').hidden = false;
  render();
}

function wire() {
  $('tabs').replaceChildren(...Object.entries({ flow: 'Stages', transitions: 'Transitions', conversion: 'Funnel',
    trends: 'Trends', breakdown: 'Breakdown', credit: 'Channel credit', journey: 'Journey', admin: 'Manage funnels' })
    .map(([v, label]) => el('li', {}, el('a', { href: '#', 'data-view': v, text: label,
      onclick: (e) => { e.preventDefault(); setHash({ view: v }); } }))));
  $('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    keys.setRead($('key-input').value.trim());
    $('key-input').value = '';
    start();
  });
  $('forget-key').addEventListener('click', () => { keys.forget(); showKeyForm(); });
  $('range').addEventListener('change', () => {
    const custom = $('range').value === 'custom';
    $('from').disabled = $('to').disabled = !custom;
  });
  $('controls').addEventListener('submit', (e) => {
    e.preventDefault();
    const range = $('range').value;
    setHash({ funnel: $('funnel').value, range, window: $('window').value.trim(),
      from: range === 'custom' ? $('from').value : '', to: range === 'custom' ? $('to').value : '' });
  });
  $('funnel').addEventListener('change', () => setHash({ funnel: $('funnel').value }));
  window.addEventListener('hashchange', render);
}

function boot() {
  window.addEventListener('charts-unavailable',
    () => notice('The chart library did not load (webjars/echarts); charts are missing, tables still work.', 'info'));
  wire();
  start();
}

boot();
