// The areas on the map page: the options of the list's area filter (GET /areas, a tree) and
// the areas' outlines as a map layer (GET /areas/boundaries, simplified polygons). Both are
// public answers, fetched without a token so the service worker may keep them.
import { api } from './api.js';
import { h } from './dom.js';

/** Options for a <select>, one per live area, districts indented under their city. */
export async function areaOptions(selected) {
  let items = [];
  try {
    ({ data: { items } } = await api('/areas', { auth: false }));
  } catch (e) {
    return [];
  }
  const out = [];
  const walk = (areas, depth) => {
    for (const area of areas || []) {
      // A non-breaking indent: a <select> shows no nesting of its own beyond optgroups.
      out.push(h('option', { value: area.id, selected: area.id === selected }, '\u00a0\u00a0'.repeat(depth) + area.name));
      walk(area.children, depth + 1);
    }
  };
  walk(items, 0);
  return out;
}

/**
 * Draws the areas' outlines under the markers: thin lines, not clickable, so that the
 * markers stay the map's only targets. Resolves to the layer, or null when there are none or
 * they could not be loaded (the map works without them).
 */
export async function addBoundaries(L, map) {
  try {
    const { data } = await api('/areas/boundaries', { auth: false, accept: 'application/geo+json' });
    if (!data || !(data.features || []).length) return null;
    const layer = L.geoJSON(data, {
      interactive: false,
      style: { className: 'area-boundary', weight: 2, fill: false, color: '#5b4b8a', opacity: 0.7 },
    }).addTo(map);
    layer.bringToBack();
    return layer;
  } catch (e) {
    return null;
  }
}
