// Rendering of a decision (the JSON of POST /v1/decide), shared by the what-if and exercise views.
import {
  h, headlineWords, HEADLINE_SYMBOL, STATUS_WORDS, RULE_WORDS, partyName, partyNames, partyLabels,
} from './util.js';

/** The cite of a clause id, from the decision itself or the clause index. */
function citeOf(id, dec, clauses) {
  const inDec = (dec.clauses || []).find(c => c.id === id);
  if (inDec && inDec.cite) return inDec.cite;
  const full = clauses && clauses.get(id);
  return full ? full.cite : id;
}

/** "by Russia" / "by MTC Agreement (2000), Art. 6 para. 1" or "" */
export function byText(dec, clauses) {
  if (dec.headline === 'vetoed' || (dec.vetoed_by && dec.vetoed_by.length && dec.decision === 'vetoed')) {
    if (dec.vetoed_by && dec.vetoed_by.length) return 'by ' + partyNames(dec.vetoed_by);
  }
  if (dec.headline === 'prohibited' && dec.prohibited_by && dec.prohibited_by.length) {
    return 'by ' + dec.prohibited_by.map(id => citeOf(id, dec, clauses)).join('; ');
  }
  return '';
}

/** The big headline line: symbol, words, "by ...". */
export function headlineEl(dec, clauses, tag = 'p') {
  const by = byText(dec, clauses);
  return h(tag, { class: 'headline hl-' + dec.headline, dataset: { headline: dec.headline } },
    h('span', { class: 'hl-symbol', 'aria-hidden': 'true' }, HEADLINE_SYMBOL[dec.headline] || '•'),
    ' ',
    h('span', { class: 'hl-words' }, headlineWords(dec.headline)),
    by ? [' ', h('span', { class: 'hl-by' }, by)] : null);
}

function who(label, codes, cls) {
  if (!codes || !codes.length) return null;
  return [h('dt', { class: cls }, label), h('dd', { class: cls }, partyLabels(codes))];
}

export function effectiveText(full) {
  if (!full || !full.effective) return '';
  const e = full.effective;
  if (e.from && e.to) return `in force from ${e.from} until ${e.to}`;
  if (e.from) return `in force from ${e.from}`;
  if (e.to) return `in force until ${e.to}`;
  return '';
}

/** One applying clause of a decision as a card. */
export function clauseCard(c, dec, clauses, { compact = false } = {}) {
  const full = clauses ? clauses.get(c.id) : null;
  const status = c.status || '';
  const card = h('article', { class: `clause-card status-${status}`, dataset: { clause: c.id } });
  card.append(h('header', {},
    h('h4', {}, h('a', { href: '?view=clauses&clause=' + encodeURIComponent(c.id), class: 'cite' }, c.cite || c.id)),
    h('span', { class: `status-badge status-${status}` }, STATUS_WORDS[status] || status)));
  if (full && full.title) card.append(h('p', { class: 'clause-title' }, full.title));
  if (status === 'set_aside') {
    card.append(h('p', { class: 'set-aside' }, 'Set aside by ', citeOf(c.by, dec, clauses),
      c.by ? h('span', { class: 'clause-id' }, ` (${c.by})`) : null, '.'));
  }
  if (!compact && full && full.text && status !== 'set_aside') card.append(h('blockquote', { class: 'clause-text' }, full.text));
  if (c.because) card.append(h('p', { class: 'because' }, h('strong', {}, 'Because: '), c.because));
  if (c.reading) card.append(h('p', { class: 'reading' }, h('strong', {}, 'Reading: '), c.reading));
  const dl = h('dl', { class: 'who' });
  if (c.rule && c.required) dl.append(...who(RULE_WORDS[c.rule] ? cap(RULE_WORDS[c.rule]) : c.rule, c.required, 'required'));
  for (const [label, key] of [['Consented', 'consented'], ['Objected', 'objected'], ['Abstained', 'abstained'], ['Waiting for', 'pending'], ['Binds', 'binds']]) {
    const w = who(label, c[key], key);
    if (w) dl.append(...w);
  }
  if (dl.children.length) card.append(dl);
  const meta = [];
  if (full) {
    const eff = effectiveText(full);
    if (eff) meta.push(eff);
  }
  const metaEl = h('p', { class: 'meta' }, meta.join(' · '));
  if (full && full.source) {
    if (meta.length) metaEl.append(' · ');
    metaEl.append(sourceLink(full.source));
  }
  metaEl.append(meta.length || (full && full.source) ? ' · ' : '', h('span', { class: 'clause-id' }, c.id));
  card.append(metaEl);
  return card;
}

export function sourceLink(src) {
  if (/^https?:\/\//.test(src)) return h('a', { href: src, target: '_blank', rel: 'noopener noreferrer' }, 'source');
  return h('span', {}, 'source: ' + src);
}

function cap(s) { return s.charAt(0).toUpperCase() + s.slice(1); }

/** The body of a decision (without depends cases): lists, obligations, clause cards. */
function decisionBody(dec, clauses, opts) {
  const out = [];
  const dl = h('dl', { class: 'who decision-who' });
  for (const x of [who('Vetoed by', dec.vetoed_by, 'vetoed'), who('Waiting for', dec.pending, 'pending')]) if (x) dl.append(...x);
  if (dec.prohibited_by && dec.prohibited_by.length) {
    dl.append(h('dt', {}, 'Prohibited by'), h('dd', {}, dec.prohibited_by.map(id => citeOf(id, dec, clauses)).join('; ')));
  }
  if (dl.children.length) out.push(dl);
  const cls = dec.clauses || [];
  if (cls.length) {
    const active = cls.filter(c => c.status !== 'set_aside');
    const aside = cls.filter(c => c.status === 'set_aside');
    out.push(h('h3', { class: 'clauses-heading' }, active.length === 1 ? 'The clause that applies' : `The ${active.length} clauses that apply`));
    out.push(h('div', { class: 'clause-cards' }, active.map(c => clauseCard(c, dec, clauses, opts))));
    if (aside.length) {
      out.push(h('details', { class: 'set-aside-clauses' },
        h('summary', {}, `${aside.length} clause${aside.length > 1 ? 's' : ''} set aside`),
        h('div', { class: 'clause-cards' }, aside.map(c => clauseCard(c, dec, clauses, opts)))));
    }
  }
  return out;
}

/**
 * The whole decision: a head (headline, date, summary; coloured by the headline) and the details.
 * Returns <div class="decision-view"> with children .decision-head and .decision-body.
 */
export function renderDecision(dec, clauses, opts = {}) {
  const head = h('div', { class: 'decision-head hl-box-' + dec.headline },
    headlineEl(dec, clauses, opts.headlineTag || 'p'),
    h('p', { class: 'as-of' }, (dec.proposal && dec.proposal !== 'what-if' ? dec.proposal + ', ' : '') + 'as of ' + dec.as_of),
    dec.summary ? h('p', { class: 'summary' }, dec.summary) : null);
  const body = h('div', { class: 'decision-body' });
  if (dec.headline === 'depends' && dec.cases) {
    body.append(h('p', { class: 'depends-on' }, 'It depends on: ', (dec.depends_on || []).join(', ')));
    for (const c of dec.cases) {
      body.append(h('section', { class: 'case' },
        h('h3', {}, 'If ', c.if, ':'),
        headlineEl(c, clauses),
        c.summary ? h('p', { class: 'summary' }, c.summary) : null,
        decisionBody(c, clauses, opts)));
    }
  } else {
    body.append(...decisionBody(dec, clauses, opts));
  }
  return h('div', { class: 'decision-view' }, head, body);
}

/** The parties whose position a decision asks for: union of the clauses' required, in order. */
export function askedParties(dec) {
  const seen = new Set();
  const visit = d => {
    for (const c of d.clauses || []) for (const p of c.required || []) seen.add(p);
    for (const k of d.cases || []) visit(k);
  };
  visit(dec);
  return [...seen].sort((a, b) => partyName(a).localeCompare(partyName(b)));
}
