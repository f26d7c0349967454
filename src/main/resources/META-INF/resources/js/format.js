// Display helpers. Each number cell keeps the API's exact value in data-value; the text is
// only its rounded form, so "every number on it is one the API returns" stays checkable.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  return node;
}

export const pct = (v) => v === null || v === undefined ? '\u2013' : (v * 100).toFixed(1) + ' %';
export const int = (v) => v === null || v === undefined ? '\u2013' : Number(v).toLocaleString('en');

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '\u2013';
  const s = Number(seconds);
  if (s < 60) return s.toFixed(0) + ' s';
  if (s < 3600) return (s / 60).toFixed(1) + ' min';
  if (s < 86400) return (s / 3600).toFixed(1) + ' h';
  return (s / 86400).toFixed(1) + ' d';
}

/** A number cell: text formatted, data-value exact (JSON text, so null stays null). */
export function num(value, format = int, name) {
  return el('td', { 'data-value': JSON.stringify(value ?? null), 'data-name': name, class: value === 0 ? 'zero' : null },
    format(value));
}

export function table(caption, head, rows) {
  return el('div', { class: 'scroll' }, el('table', {},
    caption ? el('caption', { class: 'muted', text: caption }) : null,
    el('thead', {}, el('tr', {}, head.map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, rows)));
}

export function message(kind, text) {
  return el('p', { class: 'message ' + kind, role: kind === 'error' ? 'alert' : 'status', 'data-kind': kind }, text);
}

export const unavailable = (what) => message('info', what + ': not available on this server yet.');

/** Stage key → display name, from the funnel definition. */
export function stageNames(funnel) {
  const names = {};
  for (const s of funnel?.stages || []) names[s.key] = s.name || s.key;
  return (key) => names[key] || key;
}

export const day = (iso) => iso ? iso.slice(0, 10) : '\u2013';
export const when = (iso) => iso ? iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC') : '\u2013';

/** replaceChildren without the nulls a view leaves for parts it does not show. */
export function fill(node, ...children) {
  node.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
}
