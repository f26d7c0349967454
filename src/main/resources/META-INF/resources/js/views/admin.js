// Managing funnels with the admin key: create one from a template or from scratch, edit its
// stages and rules (the API's validation errors shown at the field they name), and watch the
// backfill that attributes the stored history to the new rules.

import { ApiError, call, keys } from '../api.js';
import { el, int, message, pct, table, when, fill } from '../format.js';
import { editor } from './editor.js';

export async function render(ctx, main) {
  const [list, templates] = await Promise.all([call('/v1/funnels'), call('/v1/funnel-templates')]);
  const status = el('div', { id: 'admin-status', 'aria-live': 'polite' });
  const keyForm = adminKeyForm(() => ctx.setHash({}));
  const edit = list.find((f) => f.id === ctx.state.edit);
  const listBox = el('div', { id: 'funnel-list' });
  const drawList = (funnels) => fill(listBox, table(null, ['Id', 'Name', 'Version', 'Backfill', ''], funnels.map((f) => el('tr', { 'data-funnel': f.id },
    el('td', { class: 'text', text: f.id }), el('td', { class: 'text', text: f.name }), el('td', { text: String(f.version) }),
    el('td', { class: 'text' }, backfillCell(f.backfill)),
    el('td', {}, el('button', { type: 'button', class: 'secondary', 'aria-label': 'Edit ' + f.name,
      onclick: () => ctx.setHash({ edit: f.id }) }, 'Edit'))))));
  drawList(list);
  const refresh = () => call('/v1/funnels').then(drawList);
  const save = async (request, existing) => {
    const answer = existing
      ? await call('/v1/funnels/' + encodeURIComponent(existing), { method: 'PUT', json: request, admin: true })
      : await call('/v1/funnels', { method: 'POST', json: request, admin: true });
    await ctx.refreshFunnels();
    watch(answer, status, refresh);
    return answer;
  };
  fill(main, el('h2', { text: 'Manage funnels' }), keyForm, status,
    listBox,
    templateForm(templates, save),
    el('h3', { text: edit ? 'Edit \u201c' + edit.name + '\u201d' : 'Create from scratch' }),
    editor(edit || null, save, () => ctx.setHash({ edit: '' })));
}

function backfillCell(b) {
  if (!b) return '\u2013';
  if (b.state !== 'running') return b.state + (b.finishedAt ? ' ' + when(b.finishedAt) : '');
  return el('span', {}, el('progress', { max: 1, value: b.progress, 'aria-label': 'Backfill progress' }),
    ' ' + pct(b.progress) + ' (' + int(b.journeysDone) + ' of ' + int(b.journeysTotal) + ' journeys)');
}

function adminKeyForm(changed) {
  const input = el('input', { id: 'admin-key', type: 'password', autocomplete: 'off' });
  return el('form', { class: 'toolbar', onsubmit: (e) => { e.preventDefault(); keys.setAdmin(input.value.trim()); changed(); } },
    el('div', { class: 'field' }, el('label', { for: 'admin-key', text: 'Admin key' + (keys.admin() ? ' (set for this tab)' : '') }), input),
    el('button', { type: 'submit', class: 'secondary' }, 'Use admin key'));
}

function templateForm(templates, save) {
  const template = el('select', { id: 'tpl', name: 'template', 'data-field': 'template' },
    templates.map((t) => el('option', { value: t.id, text: t.name + ' (' + t.stages.map((s) => s.name).join(' \u2192 ') + ')' })));
  const id = el('input', { id: 'tpl-id', name: 'id', 'data-field': 'id', placeholder: 'optional slug' });
  const name = el('input', { id: 'tpl-name', name: 'name', 'data-field': 'name', placeholder: 'optional' });
  const out = el('div', { 'aria-live': 'polite' });
  const form = el('form', { id: 'template-form', onsubmit: async (e) => {
    e.preventDefault();
    clearErrors(form);
    out.replaceChildren();
    try {
      const created = await save({ template: template.value, id: id.value.trim() || undefined, name: name.value.trim() || undefined });
      fill(out, message('info', 'Created \u201c' + created.name + '\u201d (' + created.id + ').'));
    } catch (error) {
      showProblem(form, out, error);
    }
  } },
  el('h3', { text: 'Create from a template' }),
  el('div', { class: 'row' }, field('tpl', 'Template', template), field('tpl-id', 'Id', id), field('tpl-name', 'Name', name)),
  el('button', { type: 'submit' }, 'Create from template'), out);
  return form;
}

export function field(id, label, input) {
  return el('div', { class: 'field' }, el('label', { for: id, text: label }), input);
}

/** Follows a backfill through GET /v1/funnels/{id} until it is done. */
function watch(funnel, status, refresh) {
  const show = (f) => {
    refresh().catch(() => {});
    const b = f.backfill;
    status.replaceChildren(b && b.state === 'running'
      ? el('p', { class: 'message info', 'data-backfill': 'running' }, 'Backfill of ' + f.id + ': ', backfillCell(b))
      : el('p', { class: 'message info', 'data-backfill': b ? b.state : 'none' }, 'Saved ' + f.id + (b ? '; backfill ' + b.state + '.' : '.')));
    if (b && b.state === 'running') {
      setTimeout(() => call('/v1/funnels/' + encodeURIComponent(f.id)).then(show)
        .catch((error) => status.replaceChildren(message('error', error.message))), 1000);
    }
  };
  show(funnel);
}

export function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((n) => n.remove());
  form.querySelectorAll('[aria-invalid]').forEach((n) => { n.removeAttribute('aria-invalid'); n.removeAttribute('aria-describedby'); });
}

/** Puts each error of a problem next to the input whose data-field is the longest prefix of its field. */
export function showProblem(form, out, error) {
  if (!(error instanceof ApiError)) throw error;
  const general = [];
  const inputs = [...form.querySelectorAll('[data-field]')];
  (error.problem?.errors || []).forEach((fe, i) => {
    const target = inputs.filter((n) => fe.field === n.dataset.field || fe.field.startsWith(n.dataset.field + '.')
      || fe.field.startsWith(n.dataset.field + '['))
      .sort((a, b) => b.dataset.field.length - a.dataset.field.length)[0];
    if (!target) { general.push(fe.field + ': ' + fe.message); return; }
    const note = el('p', { class: 'field-error', id: form.id + '-err-' + i, 'data-error-for': fe.field, text: fe.message });
    target.setAttribute('aria-invalid', 'true');
    target.setAttribute('aria-describedby', note.id);
    target.after(note);
  });
  // The first field in error gets the focus, so a keyboard or screen-reader user lands on it.
  form.querySelector('[aria-invalid="true"]')?.focus();
  const text = error.kind === 'forbidden' ? error.message + ' Enter the admin key above.' : error.message;
  fill(out, message('error', text), general.length ? el('ul', {}, general.map((g) => el('li', { text: g }))) : null);
}
