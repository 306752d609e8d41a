// The what-if view: the proposal form, the decision, the party grid, readings, the what-if panel.
import { api, errorMessage, getVocab, clauseIndex } from './api.js';
import {
  h, svg, headlineWords, HEADLINE_SYMBOL, partyName, partyLabel, partyNames, resolveParty, setVocab,
  debounce, fracYear, setUrl, todayISO,
} from './util.js';
import { renderDecision, askedParties } from './render.js';

const STANCES = ['none', 'consent', 'object', 'abstain'];
const STANCE_WORDS = { none: 'no position', consent: 'consents', object: 'objects', abstain: 'abstains' };
const STANCE_SYMBOL = { none: '·', consent: '✓', object: '✕', abstain: '–' };
const POSITION_VERB = { consent: 'consents', object: 'objects', abstain: 'abstains', none: 'states no position' };
// URL parameters that are not proposal fields.
const RESERVED = new Set(['view', 'action', 'date', 'reading', 'explain', 'as_of', 'from', 'to', 'id', 'title', 'positions']);

let vocab = null;
let clauses = new Map();
let els = {};
let reqSeq = 0;
let controller = null;
let lastDecision = null;

// The page state; mirrored in the URL.
const state = { action: '', date: '', fields: {}, positions: {}, readings: {}, explain: false };

// ---------------------------------------------------------------- URL <-> state

export function params() {
  const p = new URLSearchParams();
  if (state.action) p.set('action', state.action);
  if (state.date) p.set('date', state.date);
  for (const name of actionFields()) {
    const v = state.fields[name];
    if (v !== undefined && v !== '') p.set(name, v);
  }
  for (const [party, stance] of Object.entries(state.positions)) if (stance && stance !== 'none') p.append('pos.' + party, stance);
  for (const [cl, r] of Object.entries(state.readings)) p.append('reading', cl + '=' + r);
  if (state.explain) p.set('explain', '1');
  return p;
}

function fromParams(p) {
  state.action = p.get('action') || '';
  state.date = p.get('date') || '';
  state.fields = {};
  state.positions = {};
  state.readings = {};
  state.explain = p.get('explain') === '1';
  for (const [k, v] of p) {
    if (k.startsWith('pos.')) { if (STANCES.includes(v) && v !== 'none') state.positions[k.slice(4)] = v; }
    else if (k === 'reading') {
      const i = v.indexOf('=');
      if (i > 0) state.readings[v.slice(0, i)] = v.slice(i + 1);
    } else if (!RESERVED.has(k)) state.fields[k] = v;
  }
}

function syncUrl() {
  const p = params();
  setUrl(p);
}

// ---------------------------------------------------------------- vocab helpers

function actionOf(name) { return vocab && vocab.actions.find(a => a.name === name); }
function fieldOf(name) { return vocab && vocab.fields.find(f => f.name === name); }
function actionFields() {
  const a = actionOf(state.action);
  return a ? [...a.required, ...a.optional] : Object.keys(state.fields);
}

// ---------------------------------------------------------------- form

function buildStaticForm() {
  const sel = els.action;
  sel.replaceChildren(h('option', { value: '' }, '— choose an action —'),
    ...vocab.actions.map(a => h('option', { value: a.name }, a.name.replace(/_/g, ' '))));
  // one datalist of every party and organization: value = name, label = code and aliases
  const dl = document.getElementById('dl-parties');
  dl.replaceChildren(...[...vocab.parties, ...(vocab.organizations || [])].map(p =>
    h('option', { value: p.name }, [p.code, ...(p.aliases || [])].join(' · '))));
}

function fieldLabel(name) {
  return name.charAt(0).toUpperCase() + name.slice(1).replace(/_/g, ' ');
}

/** (Re)build the rows for the chosen action's fields, keeping the values in state. */
function buildFieldRows() {
  const a = actionOf(state.action);
  els.actionDoc.textContent = a ? a.doc : 'Choose what is proposed; its fields appear below.';
  const rows = [];
  if (a) {
    for (const name of [...a.required, ...a.optional]) {
      rows.push(fieldRow(name, a.required.includes(name), a.read.includes(name)));
    }
  }
  els.fields.replaceChildren(...rows);
  updateHints();
}

function fieldRow(name, required, read) {
  const f = fieldOf(name) || { name, type: 'string', doc: '', values: [], labels: {} };
  const id = 'f-' + name;
  const value = state.fields[name] ?? '';
  const docId = id + '-doc';
  let control;
  const common = { id, name, 'aria-describedby': docId, dataset: { field: name, type: f.type } };
  if (f.type === 'party') {
    control = h('input', { ...common, type: 'text', list: 'dl-parties', autocomplete: 'off', value, placeholder: 'name or code, e.g. Russia', required: required || undefined });
  } else if (f.type === 'parties') {
    control = h('input', { ...common, type: 'text', autocomplete: 'off', value, placeholder: 'comma-separated, e.g. Russia, Belarus' });
  } else if (f.type === 'site') {
    control = h('select', common, h('option', { value: '' }, '(none)'),
      ...vocab.sites.map(s => h('option', { value: s.id }, `${s.name} (${partyName(s.state)})`)));
    control.value = value;
  } else if (f.type === 'bool') {
    const lt = f.labels && f.labels.true, lf = f.labels && f.labels.false;
    control = h('select', common, h('option', { value: '' }, '(not given)'),
      h('option', { value: 'true' }, lt ? `yes — ${lt}` : 'yes'),
      h('option', { value: 'false' }, lf ? `no — ${lf}` : 'no'));
    control.value = value;
  } else if (f.values && f.values.length) {
    control = h('select', common, h('option', { value: '' }, '(not given)'),
      ...f.values.map(v => h('option', { value: v }, (f.labels && f.labels[v]) || v.replace(/_/g, ' '))));
    control.value = value;
  } else if (f.type === 'int') {
    control = h('input', { ...common, type: 'number', step: '1', value });
  } else if (f.type === 'date') {
    control = h('input', { ...common, type: 'date', value });
  } else {
    control = h('input', { ...common, type: 'text', value });
  }
  const tags = [];
  if (required) tags.push('required');
  if (!read) tags.push('no clause reads it');
  return h('div', { class: 'form-row field-row', dataset: { field: name } },
    h('label', { for: id }, fieldLabel(name), tags.length ? h('span', { class: 'field-tags' }, ` (${tags.join('; ')})`) : null),
    control,
    h('p', { class: 'field-doc', id: docId },
      h('span', { class: 'hint', id: id + '-hint' }),
      h('span', { class: 'doc' }, f.doc || '')));
}

/** Under each party input: what the typed text resolves to ("Russia (RUS)"). */
function updateHints() {
  for (const input of els.fields.querySelectorAll('input[data-type="party"], input[data-type="parties"]')) {
    const hint = document.getElementById(input.id + '-hint');
    const raw = input.value.trim();
    hint.className = 'hint';
    if (!raw) { hint.textContent = ''; continue; }
    const parts = input.dataset.type === 'parties' ? raw.split(',').map(s => s.trim()).filter(Boolean) : [raw];
    const res = parts.map(t => [t, resolveParty(t)]);
    const unknown = res.filter(([, c]) => !c).map(([t]) => t);
    if (unknown.length) {
      hint.textContent = `Not a known party: ${unknown.join(', ')}. `;
      hint.classList.add('hint-warn');
    } else {
      hint.textContent = '→ ' + res.map(([, c]) => partyLabel(c)).join(', ') + '. ';
      hint.classList.add('hint-ok');
    }
  }
}

function readForm() {
  state.explain = els.explain.checked;
  state.action = els.action.value;
  state.date = els.date.value;
  for (const c of els.fields.querySelectorAll('[data-field]')) {
    if (c.tagName === 'DIV') continue;
    state.fields[c.dataset.field] = c.value.trim();
  }
}

/** The request body, or {missing: [...]} when a required field is empty. */
function buildBody() {
  const a = actionOf(state.action);
  if (!a) return { missing: ['action'] };
  const body = { action: a.name };
  if (state.date) body.date = state.date;
  const missing = [];
  for (const name of [...a.required, ...a.optional]) {
    const v = (state.fields[name] ?? '').trim();
    if (!v) { if (a.required.includes(name)) missing.push(name); continue; }
    const f = fieldOf(name) || {};
    if (f.type === 'parties') body[name] = v.split(',').map(s => s.trim()).filter(Boolean);
    else if (f.type === 'bool') body[name] = v === 'true';
    else if (f.type === 'int' && /^-?\d+$/.test(v)) body[name] = Number(v);
    else body[name] = v;
  }
  if (missing.length) return { missing };
  const positions = {};
  for (const [p, s] of Object.entries(state.positions)) if (s && s !== 'none') positions[p] = s;
  body.positions = positions;
  return { body };
}

function readingQuery(extra = {}) {
  const q = new URLSearchParams();
  for (const [cl, r] of Object.entries(state.readings)) q.append('reading', cl + '=' + r);
  for (const [k, v] of Object.entries(extra)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? '?' + s : '';
}

// ---------------------------------------------------------------- deciding

function setDecisionState(s) {
  els.decision.dataset.state = s;
  els.decision.setAttribute('aria-busy', s === 'busy' ? 'true' : 'false');
}

function clearError() {
  els.error.hidden = true;
  els.error.replaceChildren();
  for (const c of els.fields.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
}

function showError(r) {
  const d = r.data && typeof r.data === 'object' ? r.data : null;
  const errs = d && Array.isArray(d.errors) && d.errors.length ? d.errors : (d && d.error && typeof d.error === 'object' ? [d.error] : null);
  els.error.hidden = false;
  if (!errs) {
    els.error.replaceChildren(h('p', { class: 'error-message' }, errorMessage(r)));
    return;
  }
  els.error.replaceChildren(
    h('p', { class: 'error-title' }, errs.length > 1 ? `The server found ${errs.length} problems in the proposal:` : 'The server could not decide this proposal:'),
    h('ul', {}, errs.map(e => h('li', { class: 'error-message' }, e.message))),
    errs.some(e => e.text) ? h('details', {}, h('summary', {}, 'Details'), h('pre', {}, errs.map(e => e.text).join('\n'))) : null);
  // mark the inputs whose value the message quotes
  for (const e of errs) {
    const m = /'([^']+)'/.exec(e.message || '');
    if (!m) continue;
    for (const c of els.fields.querySelectorAll('input[data-field]')) {
      if (c.value.split(',').map(s => s.trim()).includes(m[1])) c.setAttribute('aria-invalid', 'true');
    }
  }
}

const decideSoon = debounce(() => { decideLater.cancel(); decide(); }, 350);
const decideLater = debounce(() => { decideSoon.cancel(); decide(); }, 1200);

/** Every party typed in the form is a known name, code or alias (by the vocabulary). */
function partyTextsResolve() {
  for (const input of els.fields.querySelectorAll('input[data-type="party"], input[data-type="parties"]')) {
    const raw = input.value.trim();
    if (!raw) continue;
    const parts = input.dataset.type === 'parties' ? raw.split(',').map(t => t.trim()).filter(Boolean) : [raw];
    if (parts.some(t => !resolveParty(t))) return false;
  }
  return true;
}

let lastKey = '';

export async function decide({ force = false } = {}) {
  decideSoon.cancel();
  decideLater.cancel();
  syncUrl();
  const { body, missing } = buildBody();
  const key = JSON.stringify([body, state.readings, state.explain]);
  const st = els.decision.dataset.state;
  if (!force && body && key === lastKey && (st === 'busy' || st === 'done')) return;
  lastKey = key;
  const seq = ++reqSeq;
  if (controller) controller.abort();
  controller = null;
  clearError();
  if (!body) {
    lastDecision = null;
    setDecisionState('incomplete');
    els.headline.className = 'decision-head';
    els.headline.replaceChildren(h('p', { class: 'placeholder' },
      missing.includes('action') ? 'Choose an action to start.' : `Fill in ${missing.map(fieldLabel).join(' and ')} to see the decision.`));
    els.details.replaceChildren();
    els.grid.replaceChildren();
    els.gridSection.hidden = true;
    els.readingsSection.hidden = true;
    els.whatif.replaceChildren();
    els.whatifSection.hidden = true;
    return;
  }
  controller = new AbortController();
  const signal = controller.signal;
  setDecisionState('busy');
  let r;
  try {
    [r] = await Promise.all([
      api('/v1/decide' + readingQuery({ explain: state.explain ? '1' : '' }), { method: 'POST', body, signal }),
      clauseIndex().then(ix => { clauses = ix; }).catch(() => {}),
    ]);
  } catch (e) {
    if (e.name === 'AbortError' || seq !== reqSeq) return;
    setDecisionState('error');
    els.error.hidden = false;
    els.error.replaceChildren(h('p', { class: 'error-message' }, 'Could not reach the server: ' + e.message));
    return;
  }
  if (seq !== reqSeq) return;
  if (!r.ok) {
    lastDecision = null;
    setDecisionState('error');
    showError(r);
    els.headline.className = 'decision-head';
    els.headline.replaceChildren(h('p', { class: 'placeholder' }, 'No decision: the proposal has an error (see the message by the form).'));
    els.details.replaceChildren();
    els.gridSection.hidden = true;
    els.readingsSection.hidden = true;
    els.whatifSection.hidden = true;
    return;
  }
  lastDecision = r.data;
  renderResult(r.data);
  setDecisionState('done');
  whatif(body, seq, signal);
}

function renderResult(dec) {
  const view = renderDecision(dec, clauses);
  const head = view.querySelector('.decision-head');
  els.headline.replaceChildren(...head.childNodes);
  els.headline.className = head.className;
  els.details.replaceChildren(...view.querySelector('.decision-body').childNodes);
  if (dec.explain) els.details.append(explainEl(dec));
  renderGrid(dec);
  renderReadings(dec);
}

/** The --explain part: every loaded clause, in force or not, applying or not, and its conditions. */
function explainEl(dec) {
  const items = dec.explain.map(x => {
    const full = clauses.get(x.id);
    const verdict = !x.in_force ? 'not in force on this date' : x.applies ? 'applies' : 'does not apply';
    return h('li', { class: 'explain-' + (x.applies ? 'applies' : 'no') },
      h('strong', {}, full ? full.cite : x.id), ' ', h('span', { class: 'clause-id' }, `(${x.id})`), ': ', verdict,
      x.conditions && x.conditions.length ? h('ul', { class: 'conditions' }, x.conditions.map(c =>
        h('li', {}, h('span', { class: 'cond-value cond-' + c.value }, c.value ? 'true ' : 'false'), ' ', h('code', {}, c.text),
          x.first_failed === c.text ? h('em', {}, ' ← the first condition that fails') : null))) : null);
  });
  return h('details', { class: 'explain', open: true },
    h('summary', {}, `Conditions of every loaded clause (${dec.explain.length}), as of ${dec.as_of}`),
    h('ul', { class: 'explain-list' }, items));
}

// ---------------------------------------------------------------- party grid

function renderGrid(dec) {
  const asked = askedParties(dec);
  const extra = Object.keys(state.positions).filter(p => !asked.includes(p));
  const list = [...asked, ...extra];
  els.gridSection.hidden = list.length === 0;
  const existing = [...els.grid.querySelectorAll('button[data-party]')].map(b => b.dataset.party);
  const same = existing.length === list.length && existing.every((p, i) => p === list[i]);
  if (!same) {
    const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.party : null;
    els.grid.replaceChildren(...list.map(p => h('li', {}, partyButton(p))));
    if (focused) {
      const b = els.grid.querySelector(`button[data-party="${CSS.escape(focused)}"]`);
      if (b) b.focus();
    }
  }
  const pending = new Set(dec.pending || []);
  for (const b of els.grid.querySelectorAll('button[data-party]')) {
    const p = b.dataset.party;
    updatePartyButton(b, state.positions[p] || 'none', pending.has(p), !asked.includes(p));
  }
}

function partyButton(p) {
  const b = h('button', { type: 'button', class: 'party', dataset: { party: p } },
    h('span', { class: 'party-name' }, partyName(p)),
    h('span', { class: 'party-code' }, p !== partyName(p) ? `(${p})` : ''),
    h('span', { class: 'party-stance' }),
    h('span', { class: 'party-note' }));
  b.addEventListener('click', () => {
    const cur = state.positions[p] || 'none';
    const next = STANCES[(STANCES.indexOf(cur) + 1) % STANCES.length];
    if (next === 'none') delete state.positions[p]; else state.positions[p] = next;
    updatePartyButton(b, next, false, false);
    decide();
  });
  return b;
}

function updatePartyButton(b, stance, pending, notAsked) {
  b.dataset.stance = stance;
  b.className = 'party stance-' + stance;
  b.querySelector('.party-stance').textContent = `${STANCE_SYMBOL[stance]} ${STANCE_WORDS[stance]}`;
  b.querySelector('.party-note').textContent = notAsked ? 'not asked by any clause' : (pending ? 'awaited' : '');
  const next = STANCES[(STANCES.indexOf(stance) + 1) % STANCES.length];
  b.setAttribute('aria-label', `${partyLabel(b.dataset.party)}: ${STANCE_WORDS[stance]}${pending ? ', awaited' : ''}. Activate to change to: ${STANCE_WORDS[next]}.`);
}

// ---------------------------------------------------------------- readings

function renderReadings(dec) {
  const ids = new Set();
  const visit = d => {
    for (const c of d.clauses || []) if (c.status !== 'set_aside' && c.reading !== undefined) ids.add(c.id);
    for (const f of d.readings || []) ids.add(f.clause);
    for (const k of d.cases || []) visit(k);
  };
  visit(dec);
  for (const id of Object.keys(state.readings)) ids.add(id);
  const rows = [];
  for (const id of ids) {
    const full = clauses.get(id);
    const names = full && full.readings ? full.readings.filter(r => r.name).map(r => r) : [];
    if (names.length < 2 && !state.readings[id]) continue;
    const def = (names.find(r => r.default) || names[0] || { name: '' }).name;
    const selId = 'reading-' + id.replace(/[^A-Za-z0-9_-]/g, '_');
    const sel = h('select', { id: selId, dataset: { clause: id } },
      names.map(r => h('option', { value: r.name }, r.name + (r.default ? ' (default)' : '') + (r.rule ? ` — rule ${r.rule}` : ''))));
    if (state.readings[id] && !names.some(r => r.name === state.readings[id])) {
      sel.append(h('option', { value: state.readings[id] }, state.readings[id]));
    }
    sel.value = state.readings[id] || def;
    sel.addEventListener('change', () => {
      if (sel.value === def) delete state.readings[id]; else state.readings[id] = sel.value;
      decide();
    });
    const forks = (dec.readings || []).filter(f => f.clause === id).map(forkText);
    rows.push(h('div', { class: 'form-row reading-row' },
      h('label', { for: selId }, 'Reading of ', full ? full.cite : id),
      sel,
      forks.map(t => h('p', { class: 'fork' }, t))));
  }
  els.readingsSection.hidden = rows.length === 0;
  els.readings.replaceChildren(...rows);
}

function forkText(f) {
  let t = `Read as '${f.alternative}' instead of '${f.reading}': ${headlineWords(f.decision)}.`;
  if (f.if_objecting && f.if_objecting.length) {
    t += ` If ${partyNames(f.if_objecting)} object${f.if_objecting.length === 1 ? 's' : ''}: ${headlineWords(f.decision_if_objecting)} as read now, ${headlineWords(f.alternative_decision_if_objecting)} read as '${f.alternative}'.`;
  }
  return t;
}

// ---------------------------------------------------------------- what-if panel

async function whatif(body, seq, signal) {
  els.whatifSection.hidden = false;
  els.whatif.dataset.state = 'busy';
  els.whatif.setAttribute('aria-busy', 'true');
  let r;
  try {
    r = await api('/v1/whatif' + readingQuery(), { method: 'POST', body, signal });
  } catch (e) {
    if (e.name === 'AbortError' || seq !== reqSeq) return;
    els.whatif.replaceChildren(h('p', { class: 'error-message' }, 'What-if failed: ' + e.message));
    els.whatif.dataset.state = 'error';
    return;
  }
  if (seq !== reqSeq) return;
  els.whatif.setAttribute('aria-busy', 'false');
  if (!r.ok) {
    els.whatif.replaceChildren(h('p', { class: 'error-message' }, 'What-if failed: ' + errorMessage(r)));
    els.whatif.dataset.state = 'error';
    return;
  }
  renderWhatif(r.data);
  els.whatif.dataset.state = 'done';
}

function outcome(x) {
  return h('span', { class: 'outcome hl-' + x.headline },
    h('span', { 'aria-hidden': 'true' }, (HEADLINE_SYMBOL[x.headline] || '') + ' '), headlineWords(x.headline || x.decision));
}

function renderWhatif(w) {
  const out = [];
  const swing = w.swing || [];
  out.push(h('h3', {}, 'Positions that would change the outcome'));
  if (swing.length) {
    out.push(h('ul', { class: 'swing' }, swing.map(s => h('li', { dataset: { party: s.party, position: s.position } },
      `If ${partyLabel(s.party)} ${POSITION_VERB[s.position] || s.position}: `, outcome(s), ' ',
      h('button', {
        type: 'button', class: 'small', 'aria-label': `Try it: ${partyName(s.party)} ${POSITION_VERB[s.position] || s.position}`,
        onclick: () => {
          if (s.position === 'none') delete state.positions[s.party]; else state.positions[s.party] = s.position;
          decide();
        },
      }, 'Try it')))));
  } else {
    out.push(h('p', {}, 'No single party changing its position would change the outcome.'));
  }
  const aa = w.all_awaited;
  if (aa && aa.parties && aa.parties.length && aa.if && aa.if.length) {
    out.push(h('ul', { class: 'all-awaited' }, aa.if.map(x =>
      h('li', {}, `If all of ${partyNames(aa.parties)} ${x.position === 'object' ? 'object' : x.position}: `, outcome(x)))));
  }
  for (const c of w.coalitions || []) {
    const cite = (clauses.get(c.clause) || {}).cite || c.clause;
    out.push(h('p', { class: 'coalition' },
      `Under ${cite}, among ${partyNames(c.among || [])}: `,
      c.carry !== undefined ? [`${c.carry} consenting carry it (`, outcome(c.carried || {}), '); '] : null,
      c.block !== undefined ? [`${c.block} objecting block it (`, outcome(c.blocked || {}), ').'] : null));
  }
  const tl = w.timeline || [];
  if (tl.length) {
    out.push(h('h3', { id: 'timeline-heading' }, 'Over time (the same proposal on other dates, positions as stated)'));
    out.push(timelineSvg(tl, w.as_of));
    out.push(h('ol', { class: 'timeline-list' }, tl.map(seg => h('li', { dataset: { from: seg.from } },
      h('span', { class: 'tl-range' }, `${seg.from} → ${seg.to || 'open-ended'}`), ' ',
      outcome(seg),
      seg.clauses && seg.clauses.length ? ` — ${seg.clauses.map(id => (clauses.get(id) || {}).cite || id).join('; ')}` : '',
      seg.events && seg.events.length ? h('span', { class: 'tl-events' }, ` (from ${seg.from}: ${seg.events.join('; ')})`) : null,
      inRange(w.as_of, seg) ? h('strong', { class: 'tl-now' }, ' ◀ the proposal\'s date') : null))));
  }
  els.whatif.replaceChildren(...out);
}

function inRange(d, seg) { return d >= seg.from && (!seg.to || d < seg.to); }

function shorten(s, n) { return s.length > n ? s.slice(0, n - 1) + '…' : s; }

function timelineSvg(tl, asOf) {
  const W = 1000, padL = 20, padR = 20, bandY = 40, bandH = 44;
  const last = tl[tl.length - 1];
  const now = fracYear(todayISO());
  // A long first range (e.g. 1949 to 1994 with nothing happening) is drawn shortened.
  let start = fracYear(tl[0].from);
  let cut = false;
  if (tl.length > 1 && fracYear(tl[1].from) - start > 12) { start = fracYear(tl[1].from) - 8; cut = true; }
  if (asOf && fracYear(asOf) < start) { start = fracYear(asOf) - 2; cut = fracYear(tl[0].from) < start; }
  let end = Math.max(fracYear(last.from) + 4, fracYear(asOf || last.from) + 2, now + 2);
  if (last.to) end = fracYear(last.to);
  const x = d => padL + (Math.max(fracYear(d), start) - start) / (end - start) * (W - padL - padR);
  const xe = seg => seg.to ? x(seg.to) : W - padR;
  const g = [];
  // year ticks
  const span = end - start;
  const step = span > 60 ? 10 : span > 25 ? 5 : span > 10 ? 2 : 1;
  for (let y = Math.ceil(start / step) * step; y <= end; y += step) {
    const xx = x(`${y}-01-01`);
    if ((cut && xx < padL + 150) || (!last.to && xx > W - padR - 90)) continue;
    g.push(svg('line', { x1: xx, x2: xx, y1: bandY - 6, y2: bandY, class: 'tick' }));
    g.push(svg('text', { x: xx, y: bandY - 10, class: 'tick-label', 'text-anchor': 'middle' }, y));
  }
  if (cut) g.push(svg('text', { x: padL, y: bandY - 10, class: 'tick-label', 'text-anchor': 'start' }, `← since ${tl[0].from}`));
  if (!last.to) g.push(svg('text', { x: W - padR, y: bandY - 10, class: 'tick-label', 'text-anchor': 'end' }, 'open-ended →'));
  // bands, labelled with the headline's words (or its symbol where there is no room)
  for (const seg of tl) {
    const x0 = x(seg.from), x1 = xe(seg);
    const words = headlineWords(seg.headline);
    g.push(svg('rect', { x: x0, y: bandY, width: Math.max(1, x1 - x0), height: bandH, class: 'band hl-' + seg.headline },
      svg('title', {}, `${seg.from} → ${seg.to || 'open-ended'}: ${words}`)));
    const avail = x1 - x0 - 6;
    const sym = HEADLINE_SYMBOL[seg.headline] || '';
    const label = avail > words.length * 8.2 ? words : avail > 14 ? sym : '';
    if (label) g.push(svg('text', { x: (x0 + x1) / 2, y: bandY + bandH / 2 + 5, class: 'band-label', 'text-anchor': 'middle' }, label));
  }
  // boundaries with their dates and events, in rows so that labels do not overlap
  const rowsEnd = [];
  const labels = [];
  const rowH = 38, firstRowY = bandY + bandH + 40;
  tl.forEach((seg, i) => {
    if (i === 0) return;
    const xx = x(seg.from);
    const ev = shorten((seg.events || []).join('; ') || 'the decision changes', 64);
    const width = Math.max(seg.from.length * 8, ev.length * 7.1) + 10;
    const anchorEnd = xx + width > W - 4;
    const left = anchorEnd ? xx - width : xx;
    let row = rowsEnd.findIndex(e => e < left);
    if (row < 0) { row = rowsEnd.length; rowsEnd.push(0); }
    rowsEnd[row] = left + width + 10;
    const y = firstRowY + row * rowH;
    const ta = anchorEnd ? 'end' : 'start';
    const tx = anchorEnd ? xx - 5 : xx + 5;
    labels.push(svg('line', { x1: xx, x2: xx, y1: bandY, y2: y + 6, class: 'boundary' }));
    labels.push(svg('text', { x: tx, y: y - 5, class: 'boundary-date', 'text-anchor': ta }, seg.from,
      svg('title', {}, `${seg.from}: ${(seg.events || []).join('; ')}`)));
    labels.push(svg('text', { x: tx, y: y + 11, class: 'boundary-event', 'text-anchor': ta }, ev));
  });
  const H = firstRowY + Math.max(rowsEnd.length, 1) * rowH - 10;
  // the proposal's date
  if (asOf) {
    const xx = x(asOf);
    if (xx >= padL && xx <= W - padR) {
      labels.push(svg('line', { x1: xx, x2: xx, y1: bandY - 4, y2: bandY + bandH + 4, class: 'asof-line' }));
      labels.push(svg('text', { x: xx, y: bandY + bandH + 20, class: 'asof-label', 'text-anchor': xx > W - 120 ? 'end' : xx < 120 ? 'start' : 'middle' }, `▲ ${asOf} (the proposal)`));
    }
  }
  return svg('svg', {
    class: 'timeline', viewBox: `0 0 ${W} ${H}`, role: 'img', width: '100%',
    'aria-label': 'Timeline of the decision over the years; the same information follows as a list.',
  }, g, labels);
}

// ---------------------------------------------------------------- setup

export async function init() {
  els = {
    form: document.getElementById('proposal-form'),
    action: document.getElementById('f-action'),
    actionDoc: document.getElementById('action-doc'),
    date: document.getElementById('f-date'),
    explain: document.getElementById('f-explain'),
    fields: document.getElementById('field-rows'),
    error: document.getElementById('form-error'),
    decision: document.getElementById('decision'),
    headline: document.getElementById('decision-head'),
    details: document.getElementById('decision-details'),
    grid: document.getElementById('party-grid'),
    gridSection: document.getElementById('party-grid-section'),
    readings: document.getElementById('readings'),
    readingsSection: document.getElementById('readings-section'),
    whatif: document.getElementById('whatif'),
    whatifSection: document.getElementById('whatif-section'),
  };
  els.form.addEventListener('submit', ev => { ev.preventDefault(); readForm(); decide({ force: true }); });
  els.action.addEventListener('change', () => {
    readForm();
    state.action = els.action.value;
    buildFieldRows();
    decideSoon.now();
  });
  els.form.addEventListener('input', ev => {
    if (ev.target === els.action) return;
    readForm();
    updateHints();
    if (ev.target.tagName === 'SELECT' || ev.target.type === 'checkbox') decideSoon.now();
    else if (partyTextsResolve()) decideSoon();
    else decideLater();   // still typing a name? give the server's error message a moment
  });
  els.form.addEventListener('change', ev => {
    if (ev.target === els.action) return;
    readForm();
    if (ev.target.tagName === 'INPUT' && ev.target.type !== 'checkbox') decideSoon.now();   // selects, checkboxes: on 'input'
  });
  document.getElementById('example-manas').addEventListener('click', ev => {
    ev.preventDefault();
    load(new URLSearchParams('action=basing&date=2026-03-01&actor=United States&host=Kyrgyzstan&site=manas'));
  });
  document.getElementById('reset-form').addEventListener('click', () => load(new URLSearchParams()));
}

/** Show the view with the state of these URL parameters. */
export async function load(p) {
  fromParams(p);
  if (!vocab) {
    try {
      vocab = await getVocab();
    } catch (e) {
      els.error.hidden = false;
      els.error.replaceChildren(h('p', { class: 'error-message' }, 'Could not load the vocabulary: ' + e.message));
      return;
    }
    setVocab(vocab);
    buildStaticForm();
  }
  els.action.value = state.action;
  if (els.action.value !== state.action) state.action = '';
  els.date.value = state.date;
  els.explain.checked = state.explain;
  buildFieldRows();
  await decide({ force: true });
}

/** The rules changed on the server: the vocabulary is reloaded by the next load(). */
export function rulesChanged() {
  vocab = null;
}

export function current() { return lastDecision; }
