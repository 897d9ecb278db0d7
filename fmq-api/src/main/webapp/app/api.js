// The one door to the public REST API (/api/v1): adds the language and the access token,
// turns problem+json answers into ApiError, and tells the session when a token is refused.
// Views never call fetch() on the API themselves, so these rules hold everywhere.

export const BASE = '/api/v1';

let language = 'en';
let tokenSource = () => null;
let onInvalidToken = () => {};

/** Set by i18n: problem documents come back in the reader's language. */
export function setLanguage(tag) { language = tag; }

/** Set by session: how to get the current token, and what to do when the server refuses it. */
export function configureAuth(getToken, invalidToken) {
  tokenSource = getToken;
  onInvalidToken = invalidToken;
}

/**
 * An error answer (status and problem document), or a network failure (network = true,
 * status 0): the draft outbox keeps a report for later on the latter, not on a 4xx.
 */
export class ApiError extends Error {
  constructor(status, problem, network = false) {
    super(problem && (problem.detail || problem.title) || (network ? 'network' : `HTTP ${status}`));
    this.status = status;
    this.problem = problem;
    this.network = network;
  }

  /** The problem's stable kind, e.g. "second-factor-required", from its type URN. */
  get kind() {
    const type = this.problem && this.problem.type || '';
    return type.slice(type.lastIndexOf(':') + 1);
  }
}

/**
 * Calls the API. options: method, json (a body to send as JSON), body (FormData or Blob as is),
 * headers, query (object; empty values left out), auth (false: send no token, so the answer is
 * public and the service worker may keep it for offline use), signal, accept, blob (true: the
 * answer's body as a Blob, for a CSV export or a staff-only photo fetched with the token).
 * Resolves to {status, data, headers, url}; rejects with ApiError.
 */
export async function api(path, options = {}) {
  const headers = new Headers(options.headers || {});
  headers.set('Accept', options.accept || 'application/json');
  headers.set('Accept-Language', language);
  const token = options.auth === false ? null : tokenSource();
  if (token) headers.set('Authorization', `Bearer ${token}`);
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers.set('Content-Type', 'application/json');
  }
  let url = path.startsWith('/') ? BASE + path : path;
  if (options.query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(options.query)) {
      if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
    }
    const text = params.toString();
    if (text) url += (url.includes('?') ? '&' : '?') + text;
  }
  let response;
  try {
    response = await fetch(url, { method: options.method || 'GET', headers, body, signal: options.signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, null, true);
  }
  const type = response.headers.get('Content-Type') || '';
  let data = null;
  if (response.ok && options.blob) {
    data = await response.blob();
  } else if (response.status !== 204 && /json/.test(type)) {
    try { data = await response.json(); } catch (e) { data = null; }
  }
  if (!response.ok) {
    const error = new ApiError(response.status, /problem\+json|json/.test(type) ? data : null);
    if (response.status === 401 && token && error.kind === 'invalid-token') onInvalidToken();
    throw error;
  }
  return { status: response.status, data, headers: response.headers, url: response.url };
}
