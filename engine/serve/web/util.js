// Small shared helpers: DOM building, party names, headline words.

/** Build an element: h('p', {class: 'x', onclick: f}, 'text', child, [more]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k in el && typeof v !== 'string') el[k] = v;
      else el.setAttribute(k, v === true ? '' : v);
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

const SVGNS = 'http://www.w3.org/2000/svg';
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) el.setAttribute(k, v);
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// Headline keys (JSON "headline") -> the words the CLI prints.
export const HEADLINE_WORDS = {
  no_clause: 'NO CLAUSE APPLIES',
  permitted: 'PERMITTED',
  obligations: 'OBLIGATIONS',
  needs_consultation: 'NEEDS CONSULTATION',
  needs_no_objection: 'NEEDS NO OBJECTION',
  needs_consent: 'NEEDS CONSENT',
  vetoed: 'VETOED',
  prohibited: 'PROHIBITED',
  depends: 'IT DEPENDS',
};
// Lattice values (JSON "decision") -> words, for places that only have a decision.
export const DECISION_WORDS = {
  permitted: 'PERMITTED', needs_consent: 'NEEDS CONSENT', vetoed: 'VETOED', prohibited: 'PROHIBITED',
};
export function headlineWords(key) {
  return HEADLINE_WORDS[key] || DECISION_WORDS[key] || String(key || '').replace(/_/g, ' ').toUpperCase();
}
// A symbol per headline so that the headline is never told by colour alone.
export const HEADLINE_SYMBOL = {
  no_clause: '○', permitted: '✓', obligations: '⚑', needs_consultation: '…', needs_no_objection: '?',
  needs_consent: '?', vetoed: '✕', prohibited: '⊘', depends: '◇',
};

export const STATUS_WORDS = {
  permitted: 'permitted', satisfied: 'satisfied', pending: 'pending', vetoed: 'vetoed',
  prohibited: 'prohibited', obligation: 'obligation', set_aside: 'set aside', noted: 'note',
};

export const RULE_WORDS = {
  unanimous: 'consent of every one of', majority: 'consent of a majority of', any: 'consent of any one of',
  no_objection: 'no objection from', consult: 'consultation with',
};

// ---- parties (from /v1/vocab) ----
let parties = new Map();   // code -> {code, name, aliases, organization}
let lookup = new Map();    // lower-case name/alias/code/alpha2 -> code
let sites = new Map();

export function setVocab(vocab) {
  parties = new Map(); lookup = new Map(); sites = new Map();
  for (const p of [...(vocab.parties || []), ...(vocab.organizations || [])]) {
    parties.set(p.code, p);
    for (const n of [p.code, p.alpha2, p.name, ...(p.aliases || [])]) {
      if (n && !lookup.has(n.toLowerCase())) lookup.set(n.toLowerCase(), p.code);
    }
  }
  for (const s of vocab.sites || []) sites.set(s.id, s);
}

export function partyName(code) {
  const p = parties.get(code);
  return p ? p.name : code;
}
/** "Russia (RUS)" */
export function partyLabel(code) {
  const p = parties.get(code);
  return p && p.name !== code ? `${p.name} (${code})` : code;
}
/** Resolve what someone typed (code, name, alias) to a code, or null. */
export function resolveParty(text) {
  if (!text) return null;
  return lookup.get(text.trim().toLowerCase()) || null;
}
export function siteName(id) {
  const s = sites.get(id);
  return s ? s.name : id;
}
/** "Armenia, Belarus and Russia" */
export function joinNames(items) {
  const a = [...items];
  if (a.length <= 1) return a.join('');
  return a.slice(0, -1).join(', ') + ' and ' + a[a.length - 1];
}
export function partyNames(codes) { return joinNames((codes || []).map(partyName)); }
export function partyLabels(codes) { return (codes || []).map(partyLabel).join(', '); }

export function debounce(fn, ms) {
  let t = null;
  const d = (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms); };
  d.now = (...args) => { clearTimeout(t); fn(...args); };
  d.cancel = () => clearTimeout(t);
  return d;
}

export function yearOf(date) { return Number(String(date).slice(0, 4)); }
/** Fractional year of an ISO date, for drawing. */
export function fracYear(date) {
  const [y, m, d] = String(date).split('-').map(Number);
  return y + ((m || 1) - 1) / 12 + ((d || 1) - 1) / 365;
}
export function todayISO() { return new Date().toISOString().slice(0, 10); }

/** Write the page state into the URL (replaceState unless push). */
export function setUrl(params, { push = false } = {}) {
  const qs = params.toString();
  const url = location.pathname + (qs ? '?' + qs : '') + location.hash;
  if (url === location.pathname + location.search + location.hash) return;
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}
