// Accord workbench: navigation between the views, the URL, the rules status banner.
import { api, clearCache } from './api.js';
import { h } from './util.js';
import * as whatif from './whatif.js';
import * as exercises from './exercises.js';
import * as clauses from './clauses.js';

const VIEWS = { whatif, exercises, clauses };
const STATUS_EVERY_MS = 3000;
let current = '';
let rulesHash = null;

function viewOf(p) {
  const v = p.get('view');
  return VIEWS[v] ? v : 'whatif';
}

/** Show the view named in the URL, with its state. */
async function route() {
  const p = new URLSearchParams(location.search);
  const view = viewOf(p);
  show(view);
  await VIEWS[view].load(p);
}

function show(view) {
  current = view;
  for (const name of Object.keys(VIEWS)) {
    document.getElementById('view-' + name).hidden = name !== view;
    const tab = document.getElementById('tab-' + name);
    if (name === view) tab.setAttribute('aria-current', 'page'); else tab.removeAttribute('aria-current');
  }
  document.body.dataset.view = view;
  const titles = { whatif: 'What-if', exercises: 'Exercises', clauses: 'Clauses' };
  document.title = `${titles[view]} — Accord workbench`;
}

// Remember each view's state, so that switching tabs and back keeps it.
const saved = {};

function onNav(ev) {
  const a = ev.target.closest('a[data-view]');
  if (!a || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
  ev.preventDefault();
  const view = a.dataset.view;
  saved[current] = VIEWS[current].params();
  const p = saved[view] || new URLSearchParams(view === 'whatif' ? '' : 'view=' + view);
  const qs = p.toString();
  history.pushState(null, '', location.pathname + (qs ? '?' + qs : ''));
  route();
}

/** Links inside the page that point at another view (e.g. a clause cite). */
function onInternalLink(ev) {
  const a = ev.target.closest('a[href^="?view="]');
  if (ev.defaultPrevented || !a || a.dataset.view || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
  ev.preventDefault();
  saved[current] = VIEWS[current].params();
  history.pushState(null, '', location.pathname + a.getAttribute('href'));
  route();
  document.getElementById('main').focus({ preventScroll: true });
  window.scrollTo({ top: 0 });
}

// ---------------------------------------------------------------- rules status

async function pollStatus() {
  let r;
  try {
    r = await api('/v1/status');
  } catch {
    setBanner('The workbench cannot reach the server; retrying.');
    return;
  }
  if (!r.ok || !r.data || typeof r.data !== 'object') return;
  const s = r.data;
  const rules = s.rules || {};
  const e = s.last_reload_error;
  if (e) {
    const where = [e.file, e.line, e.column].filter(x => x !== undefined && x !== null && x !== '').join(':');
    setBanner(`The rules on disk have an error; still serving the previous rules: ${where ? where + ' ' : ''}${e.message || ''}`, e.text);
  } else {
    setBanner('');
  }
  const footer = document.getElementById('rules-status');
  footer.textContent = `Rules: ${rules.clauses ?? '?'} clauses from ${rules.instruments ?? '?'} instruments` +
    (rules.loaded_at ? `, loaded ${rules.loaded_at}` : '') +
    (rules.dirs && rules.dirs.length ? ` from ${rules.dirs.join(', ')}` : '') +
    (s.reloads ? ` · ${s.reloads} reload${s.reloads === 1 ? '' : 's'}` : '') + '.';
  if (rules.hash) {
    if (rulesHash !== null && rules.hash !== rulesHash) {
      rulesHash = rules.hash;
      clearCache();
      for (const v of Object.values(VIEWS)) v.rulesChanged();
      VIEWS[current].load(VIEWS[current].params());
    }
    rulesHash = rules.hash;
  }
}

function setBanner(text, detail) {
  const b = document.getElementById('reload-banner');
  if (!text) { b.hidden = true; b.replaceChildren(); return; }
  if (b.dataset.text === text && !b.hidden) return;
  b.dataset.text = text;
  b.replaceChildren(h('p', {}, h('strong', {}, '⚠ '), text), detail ? h('details', {}, h('summary', {}, 'Details'), h('pre', {}, detail)) : null);
  b.hidden = false;
}

// ---------------------------------------------------------------- start

function start() {
  whatif.init();
  exercises.init();
  clauses.init();
  document.querySelector('nav').addEventListener('click', onNav);
  document.getElementById('main').addEventListener('click', onInternalLink);
  window.addEventListener('popstate', route);
  route();
  pollStatus();
  setInterval(pollStatus, STATUS_EVERY_MS);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
