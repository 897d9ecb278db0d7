// Loads Leaflet (served by the WAR from its webjar) on first use, as a classic script and a
// stylesheet from our own origin, which the CSP allows; the views that need no map never pay
// for it. Rejects when Leaflet cannot be loaded, and the map views then fall back to the list.
const ROOT = '/webjars/leaflet/1.9.4/dist/';
let loading = null;

export function loadLeaflet() {
  if (window.L) return Promise.resolve(window.L);
  if (loading) return loading;
  loading = new Promise((resolve, reject) => {
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = `${ROOT}leaflet.css`;
    document.head.append(css);
    const script = document.createElement('script');
    script.src = `${ROOT}leaflet.js`;
    script.onload = () => (window.L ? resolve(window.L) : reject(new Error('Leaflet missing')));
    script.onerror = () => reject(new Error('Leaflet could not be loaded'));
    document.head.append(script);
  }).catch((e) => { loading = null; throw e; });
  return loading;
}

/** Text for Leaflet's attribution control, which inserts HTML: the setting is shown as text. */
export function escapeAttribution(text) {
  const div = document.createElement('div');
  div.textContent = text || '';
  return div.innerHTML;
}

/**
 * Adds the deployment's tile layer, if it has one. Without tiles, or when they fail to load,
 * the map keeps a plain background and says so in note; the list beside it still works.
 */
export function addTiles(L, map, tiles, onFailure) {
  if (!tiles) { onFailure('none'); return; }
  let failures = 0;
  const layer = L.tileLayer(tiles.url, {
    attribution: escapeAttribution(tiles.attribution),
    maxZoom: tiles.maxZoom || 19,
  });
  layer.on('tileerror', () => {
    failures += 1;
    if (failures === 3) onFailure('error');
  });
  layer.addTo(map);
}
