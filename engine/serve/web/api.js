// The /v1 API client: JSON in and out, the access token (asked for on a 401), cached look-ups.

const TOKEN_KEY = 'accord-token';
let tokenWaiters = null;   // pending promise while the token form is shown

export function token() { return sessionStorage.getItem(TOKEN_KEY) || ''; }

function authHeaders() {
  const t = token();
  return t ? { Authorization: 'Bearer ' + t } : {};
}

/** Shows the token form and resolves once a token has been entered. */
function askForToken(rejected) {
  if (tokenWaiters) return tokenWaiters.promise;
  const panel = document.getElementById('auth');
  const form = document.getElementById('auth-form');
  const input = document.getElementById('auth-token');
  const msg = document.getElementById('auth-message');
  msg.textContent = rejected
    ? 'The server did not accept this access token. Enter a valid one.'
    : 'This server needs an access token. Enter it to continue.';
  panel.hidden = false;
  input.value = '';
  input.focus();
  let resolve;
  const promise = new Promise(r => { resolve = r; });
  tokenWaiters = { promise };
  const onSubmit = (ev) => {
    ev.preventDefault();
    const t = input.value.trim();
    if (!t) { input.focus(); return; }
    sessionStorage.setItem(TOKEN_KEY, t);
    panel.hidden = true;
    form.removeEventListener('submit', onSubmit);
    tokenWaiters = null;
    resolve();
  };
  form.addEventListener('submit', onSubmit);
  return promise;
}

/**
 * fetch a /v1 path. Returns {ok, status, data} where data is the parsed JSON (or text).
 * Network errors throw. A 401 asks for a token and retries.
 */
export async function api(path, { method = 'GET', body, signal, raw = false } = {}) {
  for (let attempt = 0; ; attempt++) {
    const headers = { ...authHeaders() };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(path, {
      method, headers, signal, cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 401) {
      await askForToken(attempt > 0 || !!token());
      continue;
    }
    if (raw) return { ok: res.ok, status: res.status, data: await res.blob(), type: res.headers.get('Content-Type') };
    const text = await res.text();
    let data = text;
    try { data = text ? JSON.parse(text) : null; } catch { /* not JSON: keep the text */ }
    return { ok: res.ok, status: res.status, data };
  }
}

/** The message of an error answer, whatever its shape. */
export function errorMessage(r) {
  const d = r && r.data;
  if (d && typeof d === 'object' && d.error) {
    return typeof d.error === 'string' ? d.error : (d.error.message || JSON.stringify(d.error));
  }
  if (typeof d === 'string' && d.trim()) return `HTTP ${r.status}: ${d.trim().slice(0, 300)}`;
  return `HTTP ${r ? r.status : '?'}`;
}

// ---- cached look-ups; cleared when the server's rules change ----
const cache = new Map();
export function cached(path) {
  if (!cache.has(path)) {
    const p = api(path).then(r => {
      if (!r.ok) throw new Error(`${path}: ${errorMessage(r)}`);
      return r.data;
    });
    p.catch(() => cache.delete(path));
    cache.set(path, p);
  }
  return cache.get(path);
}
export function clearCache() { cache.clear(); }

export const getVocab = () => cached('/v1/vocab');
export const getClauses = () => cached('/v1/clauses');

/** Map clause id -> full clause, from /v1/clauses. */
export async function clauseIndex() {
  const c = await getClauses();
  return new Map((c.clauses || []).map(x => [x.id, x]));
}
