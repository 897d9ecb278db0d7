// Interface texts and formats. Every string the page shows comes from the server's language
// packs (GET /api/v1/languages/{tag}/texts, keys "ui.*"); this module picks the language, sets
// <html lang dir>, and formats dates in the deployment's time zone and distances in the
// reader's units.
import { api, setLanguage } from './api.js';

const STORE_KEY = 'fmq.language';
let texts = {};
let tag = 'en';
let rtl = false;
let timeZone;
let languages = [];

/**
 * Fills a text's {0}, {1}... by position. The server sends the packs' MessageFormat patterns
 * with their quotes resolved already (Messages.texts: a pack's '' arrives as one apostrophe), so
 * an apostrophe here is just an apostrophe, never the start of a quoted stretch. Format types
 * ({0,number}) are ignored: the arguments come formatted already.
 */
export function format(pattern, args) {
  return pattern.replace(/\{(\d+)(?:,[^}]*)?\}/g, (match, index) => (Number(index) < args.length ? String(args[Number(index)]) : ''));
}

/**
 * The text for a key. A key missing from the pack (or a server without the texts endpoint)
 * shows a readable stand-in made from the key's last part rather than nothing at all.
 */
export function t(key, ...args) {
  const pattern = texts[key];
  if (pattern === undefined) {
    const last = key.slice(key.lastIndexOf('.') + 1).replace(/-/g, ' ');
    return [last.charAt(0).toUpperCase() + last.slice(1), ...args].join(' ');
  }
  return format(pattern, args);
}

export function language() { return tag; }
export function isRtl() { return rtl; }
export function availableLanguages() { return languages; }

function pick(available, fallback) {
  const tags = available.map((l) => l.tag.toLowerCase());
  const wanted = [localStorage.getItem(STORE_KEY), ...(navigator.languages || [navigator.language])];
  for (const w of wanted) {
    if (!w) continue;
    const lower = w.toLowerCase();
    if (tags.includes(lower)) return available[tags.indexOf(lower)].tag;
    const base = lower.split('-')[0];
    if (tags.includes(base)) return available[tags.indexOf(base)].tag;
  }
  return fallback;
}

/**
 * Loads the language list and the texts of the reader's language (the one they chose here,
 * else the browser's, else the deployment's default). Never rejects: without the API the
 * page still works with stand-in texts.
 */
export async function loadLanguage(site, requested) {
  timeZone = site.timeZone;
  if (!languages.length) {
    try {
      const { data } = await api('/languages', { auth: false });
      languages = data.items || [];
    } catch (e) {
      languages = [];
    }
  }
  const fallback = site.defaultLanguage || 'en';
  tag = requested || pick(languages, fallback);
  if (requested) localStorage.setItem(STORE_KEY, requested);
  const listed = languages.find((l) => l.tag === tag);
  rtl = listed ? !!listed.rtl : false;
  try {
    const { data } = await api(`/languages/${encodeURIComponent(tag)}/texts`, { auth: false });
    texts = data.texts || {};
    tag = data.tag || tag;
    if (typeof data.rtl === 'boolean') rtl = data.rtl;
  } catch (e) {
    texts = {};
  }
  setLanguage(tag);
  document.documentElement.lang = tag;
  document.documentElement.dir = rtl ? 'rtl' : 'ltr';
}

/** A date and time as the reader writes them, in the deployment's time zone. */
export function formatDateTime(iso) {
  if (!iso) return '';
  try {
    return new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
  } catch (e) {
    return new Date(iso).toLocaleString();
  }
}

// Where the reader's own region counts distances in miles and feet.
const IMPERIAL = ['US', 'GB', 'LR', 'MM'];

function imperial() {
  // The pack's tag rarely has a region ("en"), so the browser's own tags of the same language
  // say where the reader is (en-US: miles; en-IE: kilometres).
  const base = tag.split('-')[0];
  const candidates = [tag, ...(navigator.languages || []).filter((l) => l.split('-')[0] === base)];
  for (const candidate of candidates) {
    try {
      const region = new Intl.Locale(candidate).region;
      if (region) return IMPERIAL.includes(region);
    } catch (e) { /* a malformed browser tag: try the next */ }
  }
  return false;
}

/** A distance given in metres, in the reader's units. */
export function formatDistance(metres) {
  const nf = (unit, digits) => new Intl.NumberFormat(tag, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: digits });
  if (imperial()) {
    const feet = metres * 3.28084;
    return feet < 1000 ? nf('foot', 0).format(Math.round(feet / 10) * 10) : nf('mile', 1).format(metres / 1609.344);
  }
  return metres < 1000 ? nf('meter', 0).format(Math.round(metres / 5) * 5) : nf('kilometer', 1).format(metres / 1000);
}

/** A byte count (photo limits) as kB/MB in the reader's language. */
export function formatBytes(bytes) {
  const mb = bytes / (1024 * 1024);
  const unit = mb >= 1 ? 'megabyte' : 'kilobyte';
  return new Intl.NumberFormat(tag, { style: 'unit', unit, maximumFractionDigits: 1 }).format(mb >= 1 ? mb : bytes / 1024);
}
