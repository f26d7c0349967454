// The funnel editor: stages and rules as rows of labelled inputs, each tagged with the JSON
// path the API uses in its errors (stages[1].key, rules[0].match.types), so that a 400 lands
// next to the input it is about.

import { ApiError } from '../api.js';
import { el, message, fill } from '../format.js';
import { clearErrors, field, showProblem } from './admin.js';

const list = (text) => text.split(',').map((s) => s.trim()).filter((s) => s.length);

function draftOf(funnel) {
  if (!funnel) return { id: '', name: '', dimensions: '', stages: [{ key: '', name: '' }, { key: '', name: '' }], rules: [{ stage: '', types: '', channels: '', properties: '' }] };
  return { id: funnel.id, name: funnel.name, dimensions: (funnel.dimensions || []).join(', '), stages: funnel.stages.map((s) => ({ ...s })),
    rules: funnel.rules.map((r) => ({ stage: r.stage, types: (r.match?.types || []).join(', '),
      channels: (r.match?.channels || []).join(', '), properties: r.match?.properties ? JSON.stringify(r.match.properties) : '' })) };
}

export function editor(funnel, save, cancel) {
  const draft = draftOf(funnel);
  const out = el('div', { 'aria-live': 'polite' });
  const body = el('div');
  const form = el('form', { id: 'funnel-editor', class: 'editor', novalidate: true, onsubmit: submit }, body, out);

  function input(path, value, set, attrs = {}) {
    const id = 'ed-' + path.replace(/[^a-zA-Z0-9]+/g, '-');
    return { id, node: el('input', { id, 'data-field': path, value, oninput: (e) => set(e.target.value), ...attrs }) };
  }
  function labelled(path, label, value, set, attrs) {
    const i = input(path, value, set, attrs);
    return field(i.id, label, i.node);
  }
  function draw() {
    const idField = labelled('id', 'Id (slug)', draft.id, (v) => { draft.id = v; }, funnel ? { readonly: true } : {});
    const stages = draft.stages.map((s, i) => el('div', { class: 'row' },
      labelled('stages[' + i + '].key', 'Stage ' + (i + 1) + ' key', s.key, (v) => { s.key = v; }),
      labelled('stages[' + i + '].name', 'Stage ' + (i + 1) + ' name', s.name, (v) => { s.name = v; }),
      el('button', { type: 'button', class: 'secondary', 'aria-label': 'Remove stage ' + (i + 1),
        onclick: () => { draft.stages.splice(i, 1); draw(); } }, 'Remove')));
    const rules = draft.rules.map((r, i) => el('div', { class: 'row' },
      labelled('rules[' + i + '].stage', 'Rule ' + (i + 1) + ' stage key', r.stage, (v) => { r.stage = v; }, { list: 'stage-keys' }),
      labelled('rules[' + i + '].match.types', 'Event types (comma-separated, * wildcard)', r.types, (v) => { r.types = v; }),
      labelled('rules[' + i + '].match.channels', 'Channels (comma-separated)', r.channels, (v) => { r.channels = v; }),
      labelled('rules[' + i + '].match.properties', 'Properties (JSON object)', r.properties, (v) => { r.properties = v; }),
      el('button', { type: 'button', class: 'secondary', 'aria-label': 'Move rule ' + (i + 1) + ' up', disabled: i === 0,
        onclick: () => { draft.rules.splice(i - 1, 0, draft.rules.splice(i, 1)[0]); draw(); } }, 'Up'),
      el('button', { type: 'button', class: 'secondary', 'aria-label': 'Remove rule ' + (i + 1),
        onclick: () => { draft.rules.splice(i, 1); draw(); } }, 'Remove')));
    body.replaceChildren(
      el('div', { class: 'row' }, idField, labelled('name', 'Name', draft.name, (v) => { draft.name = v; }),
        labelled('dimensions', 'Dimensions (event properties kept ready for breakdowns; comma-separated, at most 5)',
          draft.dimensions, (v) => { draft.dimensions = v; })),
      el('fieldset', { 'data-field': 'stages' }, el('legend', { text: 'Stages, in funnel order' }), stages,
        el('button', { type: 'button', class: 'secondary', onclick: () => { draft.stages.push({ key: '', name: '' }); draw(); } }, 'Add stage')),
      el('fieldset', { 'data-field': 'rules' }, el('legend', { text: 'Rules, first match wins' }), rules,
        el('button', { type: 'button', class: 'secondary', onclick: () => { draft.rules.push({ stage: '', types: '', channels: '', properties: '' }); draw(); } }, 'Add rule')),
      el('datalist', { id: 'stage-keys' }, draft.stages.map((s) => el('option', { value: s.key }))),
      el('div', { class: 'toolbar' }, el('button', { type: 'submit' }, funnel ? 'Save changes' : 'Create funnel'),
        funnel ? el('button', { type: 'button', class: 'secondary', onclick: cancel }, 'Cancel') : null));
  }

  function request() {
    const bad = [];
    const rules = draft.rules.map((r, i) => {
      const match = {};
      if (list(r.types).length) match.types = list(r.types);
      if (list(r.channels).length) match.channels = list(r.channels);
      if (r.properties.trim()) {
        try { match.properties = JSON.parse(r.properties); } catch (e) {
          bad.push({ field: 'rules[' + i + '].match.properties', rule: 'json', message: 'Properties must be a JSON object, e.g. {"plan": "pro"}.' });
        }
      }
      return { stage: r.stage.trim(), match };
    });
    // The funnel's dimensions go back as they are: leaving them out would drop them and re-attribute the funnel.
    return { bad, json: { id: draft.id.trim(), name: draft.name.trim(), dimensions: list(draft.dimensions),
      stages: draft.stages.map((s) => ({ key: s.key.trim(), name: s.name.trim() })), rules } };
  }

  async function submit(e) {
    e.preventDefault();
    clearErrors(form);
    out.replaceChildren();
    const { bad, json } = request();
    try {
      if (bad.length) {
        throw Object.assign(new ApiError('invalid', 400, 'Fix the highlighted fields.'), { problem: { errors: bad } });
      }
      const saved = await save(json, funnel ? funnel.id : null);
      fill(out, message('info', (funnel ? 'Saved' : 'Created') + ' \u201c' + saved.name + '\u201d (' + saved.id + ').'));
    } catch (error) {
      showProblem(form, out, error);
    }
  }

  draw();
  return form;
}
