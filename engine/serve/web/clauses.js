// The clauses view: every loaded clause with its text and source; filters by instrument, tag and text.
import { getClauses } from './api.js';
import { h, setUrl, RULE_WORDS } from './util.js';
import { effectiveText, sourceLink } from './render.js';

let els = {};
let data = null;
const filter = { instrument: '', tag: '', q: '', clause: '' };

export function params() {
  const p = new URLSearchParams();
  p.set('view', 'clauses');
  for (const k of ['instrument', 'tag', 'q', 'clause']) if (filter[k]) p.set(k, filter[k]);
  return p;
}

export function init() {
  els = {
    instrument: document.getElementById('c-instrument'),
    tag: document.getElementById('c-tag'),
    q: document.getElementById('c-q'),
    count: document.getElementById('clause-count'),
    list: document.getElementById('clause-list'),
    single: document.getElementById('clause-single'),
    form: document.getElementById('clause-filter'),
  };
  const onChange = () => {
    filter.instrument = els.instrument.value;
    filter.tag = els.tag.value;
    filter.q = els.q.value;
    filter.clause = '';
    render();
  };
  els.instrument.addEventListener('change', onChange);
  els.tag.addEventListener('change', onChange);
  els.q.addEventListener('input', onChange);
  els.form.addEventListener('submit', ev => ev.preventDefault());
  document.getElementById('clause-show-all').addEventListener('click', () => {
    filter.clause = '';
    render();
  });
}

export async function load(p) {
  for (const k of ['instrument', 'tag', 'q', 'clause']) filter[k] = p.get(k) || '';
  if (!data) {
    els.list.replaceChildren(h('p', {}, 'Loading the clauses…'));
    try {
      data = await getClauses();
    } catch (e) {
      els.list.replaceChildren(h('p', { class: 'error-message' }, 'Could not load the clauses: ' + e.message));
      return;
    }
    fillSelects();
  }
  els.instrument.value = filter.instrument;
  els.tag.value = filter.tag;
  els.q.value = filter.q;
  render();
}

function instrumentTitle(id) {
  const i = (data.instruments || []).find(x => x.id === id);
  return i ? i.title : id;
}

function fillSelects() {
  els.instrument.replaceChildren(h('option', { value: '' }, 'All instruments'),
    ...(data.instruments || []).map(i => h('option', { value: i.id }, `${i.title} (${i.id})`)));
  const tags = [...new Set((data.clauses || []).flatMap(c => c.tags || []))].sort();
  els.tag.replaceChildren(h('option', { value: '' }, 'All tags'), ...tags.map(t => h('option', { value: t }, t)));
}

function matches(c) {
  if (filter.clause) return c.id === filter.clause;
  if (filter.instrument && c.instrument !== filter.instrument) return false;
  if (filter.tag && !(c.tags || []).includes(filter.tag)) return false;
  if (filter.q) {
    const hay = [c.id, c.cite, c.title, c.text, c.notes, c.because, c.when, ...(c.tags || []), instrumentTitle(c.instrument)]
      .filter(Boolean).join('\n').toLowerCase();
    for (const word of filter.q.toLowerCase().split(/\s+/).filter(Boolean)) if (!hay.includes(word)) return false;
  }
  return true;
}

function render() {
  setUrl(params());
  const all = data.clauses || [];
  const shown = all.filter(matches);
  els.single.hidden = !filter.clause;
  els.count.textContent = filter.clause
    ? `Showing clause ${filter.clause}.`
    : `${shown.length} of ${all.length} clauses.`;
  if (!shown.length) {
    els.list.replaceChildren(h('p', { class: 'placeholder' }, 'No clause matches these filters.'));
    return;
  }
  els.list.replaceChildren(...shown.map(clauseArticle));
}

function readingsTable(c) {
  const rs = (c.readings || []).filter(r => r.name);
  if (rs.length < 2) {
    const r = (c.readings || [])[0];
    if (!r) return null;
    return h('p', { class: 'effect' }, h('strong', {}, 'Effect: '), effectWords(r));
  }
  return h('div', { class: 'readings' }, h('p', {}, h('strong', {}, 'Readings (contested): ')),
    h('ul', {}, rs.map(r => h('li', {}, h('strong', {}, r.name), r.default ? ' (default)' : '', ': ', effectWords(r)))));
}

function effectWords(r) {
  if (r.effect === 'consent' && r.rule) return `${RULE_WORDS[r.rule] || r.rule} ${r.from ? r.from : ''}`.trim();
  if (r.effect === 'obligation' && r.binds) return `obligation binding ${r.binds}`;
  return r.effect || '';
}

function clauseArticle(c) {
  const anchor = 'clause-' + c.id.replace(/[^A-Za-z0-9_-]/g, '_');
  const meta = [instrumentTitle(c.instrument), effectiveText(c)].filter(Boolean);
  return h('article', { class: 'clause', id: anchor, dataset: { clause: c.id, instrument: c.instrument || '' } },
    h('h3', {}, c.cite || c.id),
    c.title ? h('p', { class: 'clause-title' }, c.title) : null,
    h('p', { class: 'meta' }, meta.join(' · '), ' · ', h('span', { class: 'clause-id' }, c.id)),
    c.text ? h('blockquote', { class: 'clause-text' }, c.text) : null,
    c.source ? h('p', { class: 'source' }, sourceLink(c.source), /^https?:/.test(c.source) ? h('span', { class: 'url' }, ' ' + c.source) : null) : null,
    readingsTable(c),
    c.because ? h('p', { class: 'because' }, h('strong', {}, 'Explanation template: '), c.because) : null,
    c.tags && c.tags.length ? h('p', { class: 'tags' }, h('strong', {}, 'Tags: '), c.tags.map(t => h('span', { class: 'tag' }, t))) : null,
    (c.notes || c.when || (c.overrides && c.overrides.length)) ? h('details', {},
      h('summary', {}, 'Notes and condition'),
      c.notes ? h('p', { class: 'notes' }, c.notes) : null,
      c.when ? h('p', {}, h('strong', {}, 'Applies when: '), h('code', {}, c.when)) : null,
      c.overrides && c.overrides.length ? h('p', {}, h('strong', {}, 'Sets aside: '), c.overrides.map(o => typeof o === 'string' ? o : (o.id || JSON.stringify(o))).join(', ')) : null,
      c.file ? h('p', { class: 'clause-id' }, `${c.file}${c.line ? ':' + c.line : ''}`) : null) : null);
}

export function rulesChanged() {
  data = null;
}
