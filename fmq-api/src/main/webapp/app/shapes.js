// Reports along a street or over a zone: their GeoJSON LineString or Polygon (report.geometry)
// drawn on a Leaflet map as a line or an outline, coloured by status like a point's pin
// (css: .shape). A point report keeps its marker; these are drawn beside the markers.
import { h } from './dom.js';
import { t } from './i18n.js';
import { site } from './site.js';
import { loadLeaflet, addTiles } from './leaflet.js';

/** GeoJSON positions are [lon, lat]; Leaflet's are [lat, lon]. */
const flip = (positions) => positions.map(([lon, lat]) => [lat, lon]);

/** A Leaflet layer for a report's shape, or null for a report at a point or an address. */
export function shapeLayer(L, report, onClick) {
  const g = report.geometry;
  if (!g || !Array.isArray(g.coordinates)) return null;
  const options = { className: `shape status-${report.status || 'open'}`, weight: 5 };
  let layer = null;
  if (g.type === 'LineString') layer = L.polyline(flip(g.coordinates), options);
  else if (g.type === 'Polygon') layer = L.polygon(g.coordinates.map(flip), { ...options, weight: 3 });
  if (layer && report.title) layer.bindTooltip(report.title);
  if (layer && onClick) layer.on('click', () => onClick(report.id));
  return layer;
}

/** Draws the shapes of the listed reports into a layer group; reset clears it first. */
export function drawShapes(L, group, reports, onClick, reset) {
  if (!L || !group) return;
  if (reset) group.clearLayers();
  for (const report of reports) {
    const layer = shapeLayer(L, report, onClick);
    if (layer) group.addLayer(layer);
  }
}

/**
 * A small map showing one report's line or zone, for the report's page; null for a report
 * without one. Leaflet loads on first use; without it the element stays empty and hidden.
 */
export function reportShapeMap(report) {
  if (!report.geometry) return null;
  const el = h('div', { id: 'report-shape-map', class: 'mini-map', role: 'region', 'aria-label': t('ui.map.label') });
  loadLeaflet().then((L) => {
    // Drawn once the element is in the page, so that Leaflet knows its size.
    requestAnimationFrame(() => {
      if (!el.isConnected) return;
      const map = L.map(el, { keyboard: true, scrollWheelZoom: false });
      map.attributionControl.setPrefix(false);
      addTiles(L, map, site.map.tiles, () => el.classList.add('no-tiles'));
      const layer = shapeLayer(L, report, null).addTo(map);
      map.fitBounds(layer.getBounds(), { padding: [16, 16], maxZoom: 18 });
    });
  }).catch(() => { el.hidden = true; });
  return el;
}
