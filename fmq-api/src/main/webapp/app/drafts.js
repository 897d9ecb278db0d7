// The outbox of new reports. A report is stored on the device (IndexedDB, photos as Blobs)
// the moment the person taps send, then sent with the Idempotency-Key made when the draft was
// created; on a network error, a 5xx, a 409 (the first try is still in progress) or a 429 it
// stays and is sent again, with the same key, when the browser comes online, when the page
// loads, and every half minute while drafts wait. The key makes every retry safe: the server
// answers a replay with the first report, never a second one. A draft leaves the device only
// after a 200/201, or stays marked "rejected" with the server's problem when a 4xx says the
// draft itself is wrong, for the person to fix.
import { api } from './api.js';

const DB_NAME = 'fmq';
const STORE = 'drafts';
const RETRY_MS = 30000;
const sending = new Set();
let timer = 0;
let dbPromise = null;

function db() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const open = indexedDB.open(DB_NAME, 1);
      open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'key' });
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => { dbPromise = null; reject(open.error); };
    });
  }
  return dbPromise;
}

async function run(mode, action) {
  const database = await db();
  return new Promise((resolve, reject) => {
    const tx = database.transaction(STORE, mode);
    const request = action(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(request && request.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export function save(draft) { return run('readwrite', (s) => s.put(draft)); }
export function remove(key) { return run('readwrite', (s) => s.delete(key)); }
export async function list() {
  try {
    return (await run('readonly', (s) => s.getAll())) || [];
  } catch (e) {
    return [];
  }
}

/** A new Idempotency-Key: a random UUID, made once per draft and kept for every retry. */
export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function changed() {
  window.dispatchEvent(new CustomEvent('fmq:drafts'));
}

function request(draft) {
  const headers = { 'Idempotency-Key': draft.key };
  if (!draft.photos || !draft.photos.length) {
    return api('/reports', { method: 'POST', json: draft.report, headers });
  }
  // The report as a JSON part named "report", each photo in a part named "photo" (docs/media.md).
  const form = new FormData();
  form.append('report', new Blob([JSON.stringify(draft.report)], { type: 'application/json' }));
  for (const photo of draft.photos) form.append('photo', photo.blob, photo.name || 'photo.jpg');
  return api('/reports', { method: 'POST', body: form, headers });
}

/** Answers after which the same request, sent again later, may well succeed. */
function transient(error) {
  return error.network || error.status >= 500 || error.status === 409 || error.status === 429 || error.status === 408;
}

/**
 * Sends one stored draft. Resolves to {state: 'sent', report} | {state: 'waiting'} |
 * {state: 'rejected', error}; never rejects.
 */
export async function send(draft) {
  if (sending.has(draft.key)) return { state: 'waiting' };
  sending.add(draft.key);
  try {
    const { data } = await request(draft);
    await remove(draft.key);
    changed();
    window.dispatchEvent(new CustomEvent('fmq:draft-sent', { detail: { key: draft.key, report: data } }));
    return { state: 'sent', report: data };
  } catch (error) {
    if (transient(error)) {
      draft.state = 'waiting';
      draft.tries = (draft.tries || 0) + 1;
      await save(draft);
      changed();
      schedule();
      return { state: 'waiting', error };
    }
    draft.state = 'rejected';
    draft.problem = error.problem || null;
    await save(draft);
    changed();
    return { state: 'rejected', error };
  } finally {
    sending.delete(draft.key);
  }
}

/** Keeps the draft on the device first, then tries to send it. */
export async function submit(draft) {
  draft.state = 'waiting';
  draft.savedAt = draft.savedAt || new Date().toISOString();
  await save(draft);
  changed();
  if (!navigator.onLine) { schedule(); return { state: 'waiting' }; }
  return send(draft);
}

/** Sends every waiting draft again; rejected ones wait for the person to fix them. */
export async function retryAll() {
  const waiting = (await list()).filter((d) => d.state !== 'rejected');
  for (const draft of waiting) await send(draft);
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(retryAll, RETRY_MS);
}

let started = false;
export function start() {
  if (started) return;
  started = true;
  window.addEventListener('online', retryAll);
  retryAll();
}
