// The deployment's settings for the page (GET /api/v1/site): name, time zone, map centre and
// tiles, photo and text limits. Built-in defaults stand in for any member the server leaves out,
// or for the whole answer when the server is unreachable, so the page always opens.
import { api } from './api.js';

const DEFAULTS = {
  name: 'FixMyQuarter',
  timeZone: undefined,
  defaultLanguage: 'en',
  map: { centre: { lat: 48.8566, lon: 2.3522 }, zoom: 13, tiles: null },
  photos: { maxBytes: 10485760, perReport: 5, perComment: 3 },
  reports: { titleMaxLength: 200, descriptionMaxLength: 5000 },
};

function merge(base, extra) {
  if (!extra || typeof extra !== 'object') return base;
  const out = Array.isArray(base) ? [...base] : { ...base };
  for (const [key, value] of Object.entries(extra)) {
    out[key] = value && typeof value === 'object' && base[key] && typeof base[key] === 'object'
      ? merge(base[key], value) : (value === undefined ? base[key] : value);
  }
  return out;
}

export let site = DEFAULTS;

export async function loadSite() {
  try {
    const { data } = await api('/site', { auth: false });
    site = merge(DEFAULTS, data);
  } catch (e) {
    site = DEFAULTS;
  }
  // tiles: null is meaningful (no tile server): keep it null rather than merged defaults.
  if (!site.map.tiles || !site.map.tiles.url) site.map.tiles = null;
  return site;
}
