// A live role-play room (room.html#room=CODE&token=TOKEN; docs/serve.md#live-role-play-rooms).
// The token says whose screen this is: the facilitator's (the decision, the tally, the teams
// and their links, the moves through the exercise) or a team's (its brief, its states'
// positions, the current inject, and the decision only once revealed). The page asks the
// server for its screen four times a second (every 2 s while the tab is hidden) and redraws
// when it changed, so a team's move shows on the facilitator's screen well within a second
// even on a loaded server; it needs no server
// token (a team's phone has none): the room's token is the key.
import { h, setVocab, RULE_WORDS } from './util.js';
import { headlineEl } from './render.js';

const POLL_MS = 250;
const HIDDEN_POLL_MS = 2000;
const STANCES = ['consent', 'object', 'abstain', 'none'];
const STANCE_WORDS = { consent: 'consents', object: 'objects', abstain: 'abstains', none: 'no position' };
const BUTTON_WORDS = { consent: 'Consent', object: 'Object', abstain: 'Abstain', none: 'No position' };

let code = '';
let token = '';
let lastText = '';        // the last screen's JSON, to redraw only on a change
let lastHeadline = '';
let shownAt = 0;          // when the current headline was first drawn (Date.now())
let timer = null;
let stopped = false;
const el = id => document.getElementById(id);

function paragraphs(text, cls) {
  return String(text || '').split(/\n\s*\n/).map(s => s.trim()).filter(Boolean).map(s => h('p', { class: cls }, s));
}

async function request(method, path, body) {
  const res = await fetch(path, {
    method, cache: 'no-store',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data = null;
  try { data = JSON.parse(text); } catch { /* not JSON */ }
  return { ok: res.ok, status: res.status, text, data };
}

function messageOf(r) {
  return (r.data && r.data.error && r.data.error.message) || `HTTP ${r.status}`;
}

function roomPath(suffix = '') { return `/v1/rooms/${encodeURIComponent(code)}${suffix}`; }

// ---------------------------------------------------------------- polling

async function poll() {
  timer = null;
  let r;
  try {
    r = await request('GET', roomPath(`?token=${encodeURIComponent(token)}`));
  } catch {
    setStatus('The room cannot reach the server; retrying.');
    schedule();
    return;
  }
  if (!r.ok) {
    if (r.status === 404 || r.status === 403) {
      stopped = true;
      el('room').replaceChildren(h('p', { class: 'error-message', id: 'room-gone' }, messageOf(r)));
      setStatus('');
      return;
    }
    setStatus(messageOf(r) + '; retrying.');
  } else {
    setStatus('');
    show(r.text, r.data);
  }
  schedule();
}

function schedule() {
  if (!stopped && !timer) timer = setTimeout(poll, document.hidden ? HIDDEN_POLL_MS : POLL_MS);
}

function setStatus(text) { el('room-status').textContent = text; }

function showError(text) {
  const box = el('room-error');
  box.hidden = !text;
  box.replaceChildren(text ? h('p', { class: 'error-message' }, text) : '');
}

/** Sends an action; its answer is the new screen. */
async function act(action, body) {
  let r;
  try {
    r = await request('POST', roomPath('/' + action), { token, ...body });
  } catch {
    showError('The server cannot be reached; try again.');
    return;
  }
  if (!r.ok) {
    showError(messageOf(r));
    if (r.status === 404) { stopped = true; el('room').replaceChildren(); }
    return;
  }
  showError('');
  show(r.text, r.data);
}

// ---------------------------------------------------------------- drawing

function show(text, view) {
  // the version and every field are in the text: the same text, the same screen
  if (text === lastText) return;
  lastText = text;
  const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.key : null;
  el('room-code').textContent = view.code;
  el('room-code-badge').hidden = false;
  document.body.dataset.seat = view.seat;
  document.title = `${view.seat === 'team' ? view.team + ' — ' : 'Facilitator — '}${view.title} — Accord`;
  el('room').replaceChildren(...(view.seat === 'facilitator' ? facilitatorScreen(view) : teamScreen(view)));
  if (focused) {
    const again = document.querySelector(`[data-key="${CSS.escape(focused)}"]`);
    if (again) again.focus({ preventScroll: true });
  }
}

function stepLine(step) {
  const parts = [`Step ${step.number} of ${step.of}`];
  if (step.time) parts.push(step.time);
  if (step.channel) parts.push(step.channel);
  return parts.join(' · ');
}

function inject(step, headingTag) {
  return h('section', { class: 'room-inject', id: 'room-inject', 'aria-labelledby': 'inject-title' },
    h(headingTag, { id: 'inject-title', class: 'step-title' }, step.title || `Step ${step.number}`),
    h('p', { class: 'step-counter', id: 'room-step' }, stepLine(step)),
    step.changes && step.changes.length
      ? [h('h4', {}, 'What changes'), h('ul', { class: 'changed' }, step.changes.map(c => h('li', {}, c)))]
      : null,
    h('p', { class: 'proposal' }, h('strong', {}, 'Proposal: '), step.proposal || '', step.as_of ? ` (as of ${step.as_of})` : ''),
    step.questions && step.questions.length
      ? [h('h4', {}, 'Questions'), h('ul', {}, step.questions.map(q => h('li', {}, q)))] : null);
}

function names(parties) { return (parties || []).map(p => p.name).join(', '); }

function decisionBox(dec) {
  if (dec.headline !== lastHeadline) {
    lastHeadline = dec.headline;
    shownAt = Date.now();
  }
  return h('div', { class: 'decision-head room-decision hl-box-' + dec.headline, id: 'room-decision', 'aria-live': 'polite',
    dataset: { headline: dec.headline, shownAt: String(shownAt) } },
    headlineEl(dec, null),
    dec.summary ? h('p', { class: 'summary' }, dec.summary) : null);
}

// ---- the facilitator's screen

function facilitatorScreen(v) {
  setVocab({ parties: v.parties || [] });
  const step = v.step;
  const out = [h('h1', { class: 'room-title' }, v.title)];
  out.push(decisionBox(v.decision));
  if (v.tally && v.tally.length) {
    out.push(h('section', { class: 'room-tally', id: 'room-tally', 'aria-labelledby': 'tally-heading' },
      h('h2', { id: 'tally-heading' }, 'Tally'),
      v.tally.map(t => h('div', { class: 'tally-clause', dataset: { clause: t.clause } },
        h('h3', {}, t.cite, ' — ', RULE_WORDS[t.rule] || t.rule, ' ', t.required.length === 1 ? 'one state' : `${t.required.length} states`),
        h('dl', { class: 'who decision-who' },
          [['Consented', t.consented, 'consented'], ['Objected', t.objected, 'objected'], ['Abstained', t.abstained, 'abstained'],
            ['Waiting for', t.pending, 'pending']]
            .map(([label, list, key]) => [h('dt', {}, label), h('dd', { dataset: { tally: key } }, list.length ? names(list) : '—')]))))));
  }
  out.push(inject(step, 'h2'));
  const controls = h('div', { class: 'player-controls room-controls' });
  controls.append(h('button', { type: 'button', id: 'room-back', dataset: { key: 'back' }, disabled: step.number === 1,
    onclick: () => act('back', {}) }, '← Back a step'));
  controls.append(h('button', { type: 'button', id: 'room-reveal', dataset: { key: 'reveal' }, disabled: v.revealed,
    onclick: () => act('reveal', {}) }, v.revealed ? 'Revealed to the teams' : 'Reveal the decision and debrief'));
  if (!step.branch) {
    controls.append(h('button', { type: 'button', class: 'primary', id: 'room-advance', dataset: { key: 'advance' }, disabled: step.last,
      onclick: () => act('advance', {}) }, step.last ? 'End of the exercise' : 'Next step →'));
  }
  if (step.branch) {
    out.push(h('section', { class: 'room-branch', id: 'room-branch', 'aria-labelledby': 'branch-heading' },
      h('h3', { id: 'branch-heading' }, 'Decision point: ', step.branch.prompt),
      h('ul', { class: 'branch-options' }, step.branch.options.map(o => h('li', {},
        h('button', { type: 'button', class: 'primary', dataset: { option: o.id, key: 'option-' + o.id },
          onclick: () => act('advance', { choose: o.id }) }, o.option, ' →'),
        o.instructor_notes ? h('span', { class: 'small-print' }, ' ', o.instructor_notes) : null)))));
  }
  out.push(controls);
  if (v.revealed) {
    out.push(h('div', { class: 'debrief', id: 'room-debrief' }, h('h3', {}, 'Debrief'), ...paragraphs(step.debrief)));
    if (step.last && v.exercise_debrief) out.push(h('div', { class: 'end' }, h('h3', {}, 'End of the exercise'), ...paragraphs(v.exercise_debrief)));
  } else if (step.debrief) {
    out.push(h('p', { class: 'small-print' }, 'The debrief is shown once you reveal the decision.'));
  }
  if (step.instructor_notes) {
    out.push(h('details', { class: 'explain instructor-notes' }, h('summary', {}, 'Instructor notes'), ...paragraphs(step.instructor_notes)));
  }
  return [h('div', { class: 'room-layout' }, h('div', { class: 'room-main' }, out), h('aside', { class: 'room-side' }, facilitatorSide(v)))];
}

function facilitatorSide(v) {
  const out = [];
  out.push(h('h2', {}, 'Teams'));
  if (!v.teams.length) out.push(h('p', { class: 'small-print' }, 'This exercise has no teams: set the positions below.'));
  for (const t of v.teams) {
    const url = location.origin + t.link;
    const id = 'link-' + t.team.replace(/[^A-Za-z0-9_-]/g, '_');
    out.push(h('section', { class: 'room-team', dataset: { team: t.team } },
      h('h3', {}, t.team),
      h('ul', { class: 'team-states' }, t.states.map(s => h('li', { dataset: { party: s.code, stance: s.stance } },
        h('strong', {}, s.name), ' ', STANCE_WORDS[s.stance], s.set_in_room ? ' (set in the room)' : ''))),
      h('label', { for: id }, `Link for ${t.team}`),
      h('input', { id, type: 'text', readOnly: true, value: url, class: 'team-link', dataset: { team: t.team, key: id },
        onfocus: ev => ev.target.select() }),
      h('button', { type: 'button', class: 'small', dataset: { key: 'copy-' + id },
        onclick: async ev => {
          try { await navigator.clipboard.writeText(url); ev.target.textContent = 'Copied'; } catch { el(id).select(); }
        } }, 'Copy')));
  }
  // Any state's position, for the facilitator: the states asked and the teams' states.
  const seen = new Map();
  for (const t of v.tally || []) for (const p of t.required) seen.set(p.code, p.name);
  for (const t of v.teams) for (const s of t.states) seen.set(s.code, s.name);
  const stance = new Map((v.positions || []).map(p => [p.code, p.stance]));
  if (seen.size) {
    out.push(h('h2', {}, 'Positions'));
    out.push(h('div', { class: 'room-positions' }, [...seen].sort((a, b) => a[1].localeCompare(b[1])).map(([c, name]) => {
      const id = 'pos-' + c;
      return h('div', { class: 'form-row' },
        h('label', { for: id }, name),
        h('select', { id, dataset: { party: c, key: id }, onchange: ev => act('position', { party: c, stance: ev.target.value }) },
          STANCES.map(s => h('option', { value: s, selected: (stance.get(c) || 'none') === s }, STANCE_WORDS[s]))));
    })));
  }
  out.push(h('p', { class: 'small-print' }, `The room closes ${Math.round(v.expires_in_s / 60)} minutes after its last use.`));
  out.push(h('button', { type: 'button', class: 'link-button', id: 'room-close',
    onclick: async () => {
      if (!window.confirm('Close the room for everyone?')) return;
      const r = await request('DELETE', roomPath(`?token=${encodeURIComponent(token)}`));
      if (r.ok) { stopped = true; el('room').replaceChildren(h('p', {}, 'The room is closed.')); } else showError(messageOf(r));
    } }, 'Close the room'));
  return out;
}

// ---- a team's screen

function teamScreen(v) {
  const out = [h('h1', { class: 'room-title' }, `Team ${v.team}`), h('p', { class: 'room-exercise' }, v.title)];
  out.push(h('section', { class: 'room-brief', id: 'room-brief', 'aria-labelledby': 'brief-heading' },
    h('h2', { id: 'brief-heading' }, 'Your brief'), ...paragraphs(v.brief || 'No brief for this team.')));
  out.push(h('section', { class: 'room-stances', id: 'room-stances', 'aria-labelledby': 'stances-heading' },
    h('h2', { id: 'stances-heading' }, v.states.length === 1 ? 'Your position' : 'Your positions'),
    v.states.map(s => h('fieldset', { class: 'stance-set', dataset: { party: s.code, stance: s.stance } },
      h('legend', {}, s.name, ': ', h('span', { class: 'stance-now' }, STANCE_WORDS[s.stance])),
      h('div', { class: 'stance-buttons' }, STANCES.map(st => h('button', {
        type: 'button', class: 'stance-button stance-' + st, 'aria-pressed': String(s.stance === st),
        dataset: { party: s.code, stance: st, key: `stance-${s.code}-${st}` },
        onclick: () => act('position', { party: s.code, stance: st }),
      }, BUTTON_WORDS[st])))))));
  out.push(inject(v.step, 'h2'));
  const slot = h('section', { class: 'reveal-slot', id: 'room-result', 'aria-live': 'polite', dataset: { revealed: String(v.revealed) } });
  if (v.revealed && v.decision) {
    slot.append(decisionBox(v.decision));
    if (v.debrief) slot.append(h('div', { class: 'debrief', id: 'room-debrief' }, h('h3', {}, 'Debrief'), ...paragraphs(v.debrief)));
    if (v.exercise_debrief) slot.append(h('div', { class: 'end' }, h('h3', {}, 'End of the exercise'), ...paragraphs(v.exercise_debrief)));
  } else {
    slot.append(h('p', { class: 'hidden-decision' }, 'The facilitator reveals the decision after the discussion.'));
  }
  out.push(slot);
  if (v.briefing) out.push(h('details', { class: 'explain' }, h('summary', {}, 'Briefing'), ...paragraphs(v.briefing)));
  return out;
}

// ---------------------------------------------------------------- start

function start() {
  const p = new URLSearchParams(location.hash.slice(1));
  code = (p.get('room') || '').trim().toUpperCase();
  token = (p.get('token') || '').trim();
  if (!code || !token) {
    el('room').replaceChildren(h('p', { class: 'error-message' },
      'This page opens a live room: use the link the facilitator gave you (it ends with #room=CODE&token=...).'));
    return;
  }
  window.addEventListener('hashchange', () => location.reload());
  // Back on the tab: ask at once rather than at the end of the slow, hidden-tab wait.
  document.addEventListener('visibilitychange', () => {
    if (document.hidden || stopped || !timer) return;
    clearTimeout(timer);
    timer = null;
    poll();
  });
  poll();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
