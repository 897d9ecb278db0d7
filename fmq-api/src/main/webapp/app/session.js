// The signed-in person: the access token (localStorage, never a URL), its refresh before it
// expires, the account from GET /auth/me with its roles, and sign-out. Other modules listen
// to the "fmq:session" event on window to redraw what depends on who is signed in.
import { api, configureAuth } from './api.js';

const KEY = 'fmq.session';
// Refresh this long before expiry, so a slow network still gets the new token in time.
const MARGIN_MS = 60000;
let stored = read();
let account = null;
let timer = 0;

function read() {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) || 'null');
    return value && value.token && value.expiresAt > Date.now() ? value : null;
  } catch (e) {
    return null;
  }
}

function announce() {
  window.dispatchEvent(new CustomEvent('fmq:session', { detail: { account } }));
}

function keep(tokenAnswer) {
  stored = { token: tokenAnswer.access_token, expiresAt: Date.now() + tokenAnswer.expires_in * 1000 };
  localStorage.setItem(KEY, JSON.stringify(stored));
  schedule();
}

function schedule() {
  clearTimeout(timer);
  if (!stored) return;
  const wait = Math.max(5000, stored.expiresAt - Date.now() - MARGIN_MS);
  timer = setTimeout(refresh, wait);
}

async function refresh() {
  if (!stored) return;
  try {
    const { data } = await api('/auth/refresh', { method: 'POST' });
    keep(data);
  } catch (e) {
    // Offline: try again shortly while the token still lives; a refusal ends the session.
    if (e.network && stored && stored.expiresAt > Date.now()) timer = setTimeout(refresh, 15000);
    else if (!e.network) drop();
  }
}

/** Forgets the token (sign-out, or the server refused it) and tells the page. */
export function drop() {
  clearTimeout(timer);
  stored = null;
  account = null;
  localStorage.removeItem(KEY);
  announce();
}

function token() {
  if (!stored) return null;
  if (stored.expiresAt > Date.now()) return stored.token;
  // Expired while the tab slept (timers are throttled there): the session is over.
  queueMicrotask(drop);
  return null;
}

// A tab coming back to the front refreshes at once when its timer may have been held back.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && stored && stored.expiresAt - Date.now() < MARGIN_MS * 2) refresh();
});

configureAuth(token, () => {
  drop();
  // Ask to sign in again, coming back to where the person was.
  const here = `${location.pathname}${location.search}`;
  if (!here.startsWith('/signin') && !here.startsWith('/account/')) {
    // The router redraws on popstate; session.js does not import it (the router imports us).
    history.pushState(null, '', `/signin?next=${encodeURIComponent(here)}&expired=1`);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }
});

export function signedIn() { return !!stored && stored.expiresAt > Date.now(); }
export function currentAccount() { return account; }

/** The roles the account holds (citizen, moderator, operator, administrator), any scope. */
export function roles() {
  return account ? [...new Set((account.roles || []).map((r) => r.role))] : [];
}

export function hasRole(...wanted) {
  const held = roles();
  return wanted.some((r) => held.includes(r));
}

/** Reads the account behind the stored token; drops a token the server no longer accepts. */
export async function loadAccount() {
  if (!stored) { account = null; announce(); return null; }
  schedule();
  try {
    const { data } = await api('/auth/me');
    account = data;
  } catch (e) {
    // Offline at start: keep the token, roles unknown until the network is back.
    account = null;
  }
  announce();
  return account;
}

/**
 * Signs in. credentials: {email, password, code?, recoveryCode?}. Rejects with the ApiError,
 * whose kind "second-factor-required" means: ask for the 6-digit code and call again.
 */
export async function signIn(credentials) {
  const { data } = await api('/auth/login', { method: 'POST', json: credentials, auth: false });
  keep(data);
  return loadAccount();
}

export async function signOut() {
  try {
    await api('/auth/logout', { method: 'POST' });
  } catch (e) {
    // The token is forgotten here either way; the server ends it at expiry at the latest.
  }
  drop();
}
