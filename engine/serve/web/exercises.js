// The exercises view: the shipped scenarios, played one step at a time (for a projector).
import { api, errorMessage, clauseIndex, token } from './api.js';
import { h, setUrl } from './util.js';
import { renderDecision } from './render.js';

let els = {};
let list = null;          // /v1/scenarios
let scenario = null;      // /v1/scenarios/{name}
let clauses = new Map();
// step 0 is the briefing; 1..N are the steps of the path that takes the options in `choose`
// (ids, one per decision point met; the first option where none is given)
const pos = { name: '', step: 0, revealed: false, choose: [] };

export function params() {
  const p = new URLSearchParams();
  p.set('view', 'exercises');
  if (pos.name) {
    p.set('scenario', pos.name);
    if (pos.choose.length) p.set('choose', pos.choose.join(','));
    if (pos.step) p.set('step', String(pos.step));
    if (pos.revealed) p.set('reveal', '1');
  }
  return p;
}

function paragraphs(text, cls) {
  return String(text || '').split(/\n\s*\n/).map(s => s.trim()).filter(Boolean).map(s => h('p', { class: cls }, s));
}

export function init() {
  els = {
    root: document.getElementById('view-exercises'),
    list: document.getElementById('scenario-list'),
    listSection: document.getElementById('scenario-list-section'),
    player: document.getElementById('player'),
  };
  document.addEventListener('keydown', onKey);
}

export async function load(p) {
  pos.name = p.get('scenario') || '';
  pos.step = Math.max(0, parseInt(p.get('step') || '0', 10) || 0);
  pos.revealed = p.get('reveal') === '1';
  pos.choose = (p.get('choose') || '').split(',').filter(Boolean);
  if (!pos.name) {
    scenario = null;
    await showList();
    return;
  }
  await openScenario(pos.name, pos.step, pos.revealed);
}

async function showList() {
  opening++;
  els.player.hidden = true;
  els.listSection.hidden = false;
  setUrl(params());
  if (!list) {
    els.list.replaceChildren(h('li', {}, 'Loading the exercises…'));
    const r = await api('/v1/scenarios');
    if (!r.ok) {
      els.list.replaceChildren(h('li', { class: 'error-message' }, 'Could not list the exercises: ' + errorMessage(r)));
      return;
    }
    list = r.data.scenarios || [];
  }
  els.list.replaceChildren(...list.map(s => h('li', {},
    h('a', {
      href: '?view=exercises&scenario=' + encodeURIComponent(s.name), class: 'scenario-link', dataset: { scenario: s.name },
      onclick: ev => { ev.preventDefault(); pos.choose = []; openScenario(s.name, 0, false, true); },
    }, h('span', { class: 'scenario-title' }, s.title || s.name)),
    h('span', { class: 'scenario-meta' }, ` — ${s.steps} step${s.steps === 1 ? '' : 's'} · ${s.name}`))));
}

let opening = 0;   // the latest openScenario call; an older one that finishes later is dropped

async function openScenario(name, step, revealed, push = false) {
  const me = ++opening;
  els.listSection.hidden = true;
  els.player.hidden = false;
  const choose = pos.choose.join(',');
  if (!scenario || scenario.name !== name || scenario.choose !== choose) {
    if (!scenario || scenario.name !== name) els.player.replaceChildren(h('p', {}, 'Loading the exercise…'));
    const [r] = await Promise.all([
      api('/v1/scenarios/' + encodeURIComponent(name) + (choose ? '?choose=' + encodeURIComponent(choose) : '')),
      clauseIndex().then(ix => { clauses = ix; }).catch(() => {}),
    ]);
    if (me !== opening) return;
    if (!r.ok) {
      els.player.replaceChildren(
        h('p', { class: 'error-message' }, `Could not open the exercise '${name}': ${errorMessage(r)}`),
        h('button', { type: 'button', onclick: () => back() }, '← All exercises'));
      return;
    }
    scenario = r.data;
    if (!scenario.name) scenario.name = name;
    scenario.choose = choose;
  }
  pos.name = name;
  pos.step = Math.min(step, scenario.steps.length);
  pos.revealed = pos.step > 0 && revealed;
  setUrl(params(), { push });
  const fresh = !frame || frame.name !== name || !els.player.contains(frame.stage);
  renderPlayer();
  if (fresh) frame.title.focus({ preventScroll: true });
}

function back() {
  pos.name = ''; pos.step = 0; pos.revealed = false; pos.choose = []; scenario = null; frame = null;
  setUrl(params(), { push: true });
  showList();
}

// The printable handouts of the path shown: the instructor's (every decision) or the trainee's.
function handoutLink(name, kind) {
  const query = new URLSearchParams();
  if (kind === 'trainee') query.set('kind', 'trainee');
  if (pos.choose.length) query.set('choose', pos.choose.join(','));
  const href = `/v1/scenarios/${encodeURIComponent(name)}/handout.md` + (query.toString() ? '?' + query : '');
  const file = `${name}${kind === 'trainee' ? '-trainee' : ''}.md`;
  return h('a', {
    href, download: file, class: 'handout-link' + (kind === 'trainee' ? ' trainee' : ''),
    onclick: async ev => {
      if (!token()) return;    // a plain download works without a token
      ev.preventDefault();
      const r = await api(href, { raw: true });
      if (!r.ok) return;
      const url = URL.createObjectURL(r.data);
      const a = h('a', { href: url, download: file });
      document.body.append(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 5000);
    },
  }, kind === 'trainee' ? 'Trainee handout (Markdown)' : 'Download handout (Markdown)');
}

/** Opens a live room on the exercise (POST /v1/rooms) and goes to its facilitator screen. */
function startRoomButton(name) {
  return h('button', {
    type: 'button', id: 'start-room', class: 'primary',
    onclick: async ev => {
      const b = ev.currentTarget;
      b.setAttribute('aria-disabled', 'true');
      const r = await api('/v1/rooms', { method: 'POST', body: { scenario: name } }).catch(() => null);
      b.removeAttribute('aria-disabled');
      if (r && r.ok && r.data && r.data.facilitator) {
        location.assign(r.data.facilitator.link);
        return;
      }
      frame.roomError.textContent = 'Could not start a live room: ' + (r ? errorMessage(r) : 'the server cannot be reached');
      frame.roomError.hidden = false;
    },
  }, 'Start a live room');
}

// The player's frame is built once per scenario; its controls persist so that focus stays on them.
let frame = null;

function buildFrame() {
  const s = scenario;
  frame = {
    counter: h('p', { class: 'step-counter', id: 'step-counter', 'aria-live': 'polite' }),
    stage: h('div', { class: 'stage', id: 'stage' }),
    prev: h('button', { type: 'button', id: 'prev-step', onclick: () => go(-1) }, '← Previous step'),
    advance: h('button', { type: 'button', id: 'advance', class: 'primary', onclick: () => advance() }),
  };
  els.player.replaceChildren(
    h('div', { class: 'player-bar' },
      h('button', { type: 'button', class: 'link-button', onclick: back }, '← All exercises'),
      h('span', { class: 'player-actions' }, startRoomButton(s.name), ' ', handoutLink(s.name), ' ', handoutLink(s.name, 'trainee'))),
    frame.roomError = h('p', { class: 'error-message', role: 'alert', hidden: true }),
    frame.title = h('h2', { class: 'scenario-title', tabindex: '-1' }, s.title || s.name),
    frame.counter, frame.stage,
    h('div', { class: 'player-controls' }, frame.prev, frame.advance),
    h('p', { class: 'keys-help' }, 'Keys: Space, Enter or → reveal the decision, then go to the next step; ← goes back.'));
  frame.name = s.name;
  frame.choose = s.choose;
}

function renderPlayer() {
  const s = scenario;
  const n = s.steps.length;
  // Rebuilt for another exercise or path (its handout links name the path).
  if (!frame || frame.name !== s.name || frame.choose !== s.choose || !els.player.contains(frame.stage)) buildFrame();
  frame.counter.textContent = pos.step === 0 ? `Briefing — ${n} step${n === 1 ? '' : 's'} follow` : `Step ${pos.step} of ${n}`;
  const stage = [];
  if (pos.step === 0) {
    stage.push(h('h3', {}, 'Briefing'), ...paragraphs(s.briefing, 'briefing'));
    if (s.questions && s.questions.length) stage.push(h('h4', {}, 'Questions'), h('ul', {}, s.questions.map(q => h('li', {}, q))));
  } else {
    const st = s.steps[pos.step - 1];
    stage.push(h('h3', { class: 'step-title' }, st.title || `Step ${pos.step}`));
    if (st.changed && st.changed.length) {
      stage.push(h('h4', {}, 'What changes'), h('ul', { class: 'changed' }, st.changed.map(c => h('li', {}, c))));
    } else {
      stage.push(h('p', { class: 'changed' }, 'Nothing changes from the previous step.'));
    }
    stage.push(h('p', { class: 'proposal' }, h('strong', {}, 'Proposal: '), st.proposal || '', st.as_of ? ` (as of ${st.as_of})` : ''));
    const slot = h('div', { class: 'reveal-slot', id: 'reveal-slot', 'aria-live': 'polite' });
    if (pos.revealed) {
      slot.dataset.revealed = 'true';
      slot.append(renderDecision(st.decision, clauses, { compact: true, headlineTag: 'p' }));
      if (st.debrief) slot.append(h('div', { class: 'debrief' }, h('h4', {}, 'Debrief'), ...paragraphs(st.debrief)));
      if (st.questions && st.questions.length) slot.append(h('div', { class: 'questions' }, h('h4', {}, 'Questions'), h('ul', {}, st.questions.map(q => h('li', {}, q)))));
      if (st.branch) slot.append(decisionPoint(st.branch));
      if (pos.step === n) {
        slot.append(h('div', { class: 'end' }, h('h4', {}, 'End of the exercise'), ...paragraphs(s.debrief)));
      }
    } else {
      slot.dataset.revealed = 'false';
      slot.append(h('p', { class: 'hidden-decision' }, 'The decision is hidden. Discuss, then press Space, Enter or → (or the button) to reveal it.'));
    }
    stage.push(slot);
  }
  frame.stage.replaceChildren(...stage);
  const atStart = pos.step === 0;
  const atEnd = pos.step === n && pos.revealed;
  setEnabled(frame.prev, !atStart);
  setEnabled(frame.advance, !atEnd);
  frame.advance.textContent = atStart ? 'Start: step 1 →' : !pos.revealed ? 'Reveal decision' : atEnd ? 'End of the exercise' : 'Next step →';
  frame.advance.dataset.action = atStart || pos.revealed ? (atEnd ? 'none' : 'next') : 'reveal';
}

/** The step's decision point: one button per option; the path shown takes the pressed one. */
function decisionPoint(branch) {
  return h('div', { class: 'decision-point', id: 'decision-point' },
    h('h4', {}, 'Decision point'), h('p', {}, branch.prompt),
    h('div', { class: 'options', role: 'group', 'aria-label': branch.prompt }, branch.options.map(o => h('button', {
      type: 'button', class: 'option' + (o.id === branch.chosen ? ' chosen' : ''), dataset: { option: o.id },
      'aria-pressed': String(o.id === branch.chosen),
      onclick: () => choose(o.id),
    }, o.option))));
}

/** Takes option `id` at the decision point of this step: the steps after it follow that path. */
async function choose(id) {
  const before = scenario.steps.slice(0, pos.step - 1).filter(st => st.branch).map(st => st.branch.chosen);
  pos.choose = [...before, id];
  await openScenario(pos.name, pos.step, true);
  const next = document.getElementById('advance');
  if (next) next.focus({ preventScroll: true });
}

// aria-disabled rather than disabled: a disabled button would lose the keyboard focus.
function setEnabled(b, on) {
  if (on) b.removeAttribute('aria-disabled'); else b.setAttribute('aria-disabled', 'true');
}

/** Reveal the decision of this step, or go on to the next step. */
function advance() {
  if (!scenario) return;
  if (pos.step > 0 && !pos.revealed) {
    pos.revealed = true;
  } else if (pos.step < scenario.steps.length) {
    pos.step += 1; pos.revealed = false;
  } else {
    return;
  }
  setUrl(params());
  renderPlayer();
  if (pos.revealed) {
    const head = document.querySelector('#reveal-slot .decision-head');
    if (head) head.scrollIntoView({ block: 'nearest' });
  }
  else window.scrollTo({ top: els.player.offsetTop - 10 });
}

function go(delta) {
  if (!scenario) return;
  if (delta > 0) {
    if (pos.step >= scenario.steps.length) return;
    pos.step += 1; pos.revealed = false;
  } else {
    if (pos.revealed) pos.revealed = false;
    else if (pos.step > 0) { pos.step -= 1; pos.revealed = false; }
    else return;
  }
  setUrl(params());
  renderPlayer();
}

function onKey(ev) {
  if (els.root.hidden || els.player.hidden || !scenario) return;
  if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
  const t = ev.target;
  const tag = t && t.tagName;
  if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || (t && t.isContentEditable)) return;
  // a visible focused control handles Space and Enter itself
  const onControl = (tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY') && t.getClientRects().length > 0;
  if (ev.key === ' ' || ev.key === 'Enter') {
    if (onControl) return;          // the focused control handles it
    ev.preventDefault();
    advance();
  } else if (ev.key === 'ArrowRight') {
    ev.preventDefault();
    advance();
  } else if (ev.key === 'ArrowLeft') {
    ev.preventDefault();
    go(-1);
  }
}

export function rulesChanged() {
  list = null;
  scenario = null;
}
