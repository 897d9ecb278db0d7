// The home view (/): a map of the reports around the reader and the same reports as a list.
// The list is the accessible alternative to the map and works without it (no Leaflet, no
// tiles, offline with cached answers). Markers come from the clusters endpoint for the
// visible box and zoom, so the page never downloads every point.
import { h, clear, say, debounce, problemText } from '../dom.js';
import { api } from '../api.js';
import { t, formatDateTime, formatDistance } from '../i18n.js';
import { site } from '../site.js';
import { categories, categoryName, categoryOptions } from '../categories.js';
import { loadLeaflet, addTiles } from '../leaflet.js';
import { drawShapes } from '../shapes.js';
import { areaOptions, addBoundaries } from '../areas.js';

// The map library starts downloading as soon as this view is wanted, beside its other requests;
// a failure is handled where the map is drawn.
loadLeaflet().catch(() => {});

const STATE_KEY = 'fmq.map';
const STATUSES = ['open', 'in_progress', 'resolved', 'duplicate', 'rejected'];
const PAGE = 20;

function loadState() {
  try { return JSON.parse(sessionStorage.getItem(STATE_KEY) || 'null') || {}; } catch (e) { return {}; }
}

/** Distance in metres between two WGS84 points (haversine; plenty for "120 m away"). */
export function distance(a, b) {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const x = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(x));
}

export async function mount(main, { navigate }) {
  const state = Object.assign({ filters: {} }, loadState());
  const save = () => sessionStorage.setItem(STATE_KEY, JSON.stringify(state));
  let view = state.view || {
    centre: { ...site.map.centre }, zoom: site.map.zoom || 13,
  };
  let map = null;
  let markers = null;
  // Lines and zones of the listed reports (their markers come from the clusters), and the listed ones.
  let shapes = null;
  let listed = [];
  let L = null;
  let cursor = null;
  let listAbort = null;
  let clusterAbort = null;
  let clustersMissing = false;
  const disposers = [];

  const q = h('input', { type: 'search', id: 'filter-q', name: 'q', maxlength: 200, value: state.filters.q || '' });
  const category = h('select', { id: 'filter-category', name: 'category' }, h('option', { value: '' }, t('ui.filter.all-categories')));
  const status = h('select', { id: 'filter-status', name: 'status' },
    h('option', { value: '' }, t('ui.filter.all-statuses')),
    STATUSES.map((s) => h('option', { value: s, selected: state.filters.status === s }, t(`ui.status.${s}`))));
  const areaFilter = h('select', { id: 'filter-area', name: 'area' }, h('option', { value: '' }, t('ui.filter.all-areas')));
  const from = h('input', { type: 'date', id: 'filter-from', name: 'createdFrom', value: state.filters.createdFrom || '' });
  const to = h('input', { type: 'date', id: 'filter-to', name: 'createdTo', value: state.filters.createdTo || '' });
  const filterProblem = h('p', { class: 'form-problem', role: 'alert' });
  const filters = h('form', { id: 'filters', class: 'filters', role: 'search', 'aria-label': t('ui.filter.label') },
    h('div', { class: 'field field-q' }, h('label', { for: 'filter-q' }, t('ui.filter.words')), q),
    h('div', { class: 'field' }, h('label', { for: 'filter-category' }, t('ui.filter.category')), category),
    h('div', { class: 'field' }, h('label', { for: 'filter-status' }, t('ui.filter.status')), status),
    h('div', { class: 'field' }, h('label', { for: 'filter-area' }, t('ui.filter.area')), areaFilter),
    h('div', { class: 'field' }, h('label', { for: 'filter-from' }, t('ui.filter.from')), from),
    h('div', { class: 'field' }, h('label', { for: 'filter-to' }, t('ui.filter.to')), to),
    h('div', { class: 'filter-actions' },
      h('button', { type: 'submit', id: 'filter-apply', class: 'primary' }, t('ui.filter.apply')),
      h('button', { type: 'reset', id: 'filter-reset' }, t('ui.filter.reset'))),
    filterProblem);

  const mapEl = h('div', { id: 'map', class: 'map', 'aria-label': t('ui.map.label'), role: 'region' });
  const mapNote = h('p', { class: 'map-note', id: 'map-note' });
  const list = h('ul', { id: 'report-list', class: 'report-list' });
  const count = h('p', { id: 'list-status', class: 'list-status', role: 'status' });
  const more = h('button', { type: 'button', id: 'list-more', hidden: true }, t('ui.list.more'));
  const showMap = h('button', { type: 'button', id: 'show-map', 'aria-pressed': 'true' }, t('ui.map.show-map'));
  const showList = h('button', { type: 'button', id: 'show-list', 'aria-pressed': 'false' }, t('ui.map.show-list'));
  const layout = h('div', { class: 'map-layout show-map' },
    h('section', { class: 'map-pane', 'aria-labelledby': 'map-heading' },
      h('h2', { id: 'map-heading', class: 'visually-hidden' }, t('ui.map.heading')), mapEl, mapNote),
    h('section', { class: 'list-pane', 'aria-labelledby': 'list-heading' },
      h('h2', { id: 'list-heading' }, t('ui.list.heading')), count, list, more));

  main.append(
    h('div', { class: 'view-head' },
      h('h1', null, t('ui.map.title')),
      h('a', { href: '/new', class: 'button primary', id: 'new-report-link' }, t('ui.nav.new'))),
    // Folded on a phone so the map comes first; open on a desktop or while a filter is set.
    h('details', { class: 'filter-box', id: 'filter-box', open: matchMedia('(min-width: 800px)').matches || Object.values(state.filters).some(Boolean) },
      h('summary', null, t('ui.filter.label')), filters),
    h('div', { class: 'view-toggle', role: 'group', 'aria-label': t('ui.map.view-choice') }, showMap, showList),
    layout);

  function choose(which) {
    layout.classList.toggle('show-map', which === 'map');
    layout.classList.toggle('show-list', which === 'list');
    showMap.setAttribute('aria-pressed', String(which === 'map'));
    showList.setAttribute('aria-pressed', String(which === 'list'));
    if (map && which === 'map') map.invalidateSize();
  }
  showMap.addEventListener('click', () => choose('map'));
  showList.addEventListener('click', () => choose('list'));

  function currentFilters() {
    return { q: q.value.trim(), category: category.value, status: status.value, area: areaFilter.value,
      createdFrom: from.value, createdTo: to.value };
  }

  /** The visible box as the API wants it (minLon,minLat,maxLon,maxLat) and its centre. */
  function area() {
    if (map) {
      const b = map.getBounds();
      const c = map.getCenter();
      const clamp = (v, lim) => Math.max(-lim, Math.min(lim, v));
      return {
        bbox: [clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90)],
        centre: { lat: c.lat, lon: c.lng }, zoom: map.getZoom(),
      };
    }
    // No map yet (Leaflet still loading): the box the map will show, from the size of its
    // element and the zoom in the map's (Web Mercator) projection, so the list need not be
    // asked again once the map is there. No map at all: a box of about 4 km stands for it.
    const { lat, lon } = view.centre;
    const size = mapEl.getBoundingClientRect();
    if (size.width > 0 && size.height > 0 && !mapEl.classList.contains('no-map')) {
      const world = 256 * 2 ** view.zoom;
      const toY = (deg) => { const r = (deg * Math.PI) / 180; return (1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * world; };
      const toLat = (y) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / world))) * 180) / Math.PI;
      const halfLon = (size.width / 2 / world) * 360;
      const y = toY(lat);
      return { bbox: [Math.max(-180, lon - halfLon), toLat(y + size.height / 2), Math.min(180, lon + halfLon), toLat(y - size.height / 2)],
        centre: view.centre, zoom: view.zoom };
    }
    return { bbox: [lon - 0.03, lat - 0.02, lon + 0.03, lat + 0.02], centre: view.centre, zoom: view.zoom };
  }

  function radiusOf(a) {
    const corner = { lat: a.bbox[3], lon: a.bbox[2] };
    return Math.min(100000, Math.max(1, Math.ceil(distance(a.centre, corner))));
  }

  async function drawItem(report, centre) {
    const loc = report.location || {};
    const meta = [await categoryName(report.category), t(`ui.status.${report.status}`)];
    if (typeof loc.lat === 'number') meta.push(t('ui.list.away', formatDistance(distance(centre, loc))));
    meta.push(formatDateTime(report.createdAt));
    const votes = t('ui.report.votes', report.votes || 0);
    return h('li', { class: `report-item status-${report.status}`, dataset: { id: report.id } },
      h('a', { href: `/reports/${encodeURIComponent(report.id)}`, class: 'report-link' }, report.title),
      h('p', { class: 'meta' }, meta.join(' · ')),
      h('p', { class: 'meta votes' }, votes));
  }

  async function loadList(reset) {
    if (listAbort) listAbort.abort();
    listAbort = new AbortController();
    const a = area();
    if (reset) { cursor = null; }
    list.parentElement.setAttribute('aria-busy', 'true');
    filterProblem.textContent = '';
    try {
      const { data } = await api('/reports', {
        query: {
          ...currentFilters(), bbox: a.bbox.map((n) => n.toFixed(6)).join(','),
          near: `${a.centre.lat.toFixed(6)},${a.centre.lon.toFixed(6)}`, radius: radiusOf(a),
          sort: 'nearest', limit: PAGE, cursor: reset ? null : cursor,
        },
        signal: listAbort.signal,
      });
      if (reset) clear(list);
      for (const report of data.items || []) list.append(await drawItem(report, a.centre));
      listed = reset ? [...(data.items || [])] : listed.concat(data.items || []);
      drawShapes(L, shapes, data.items || [], openReport, reset);
      cursor = data.next;
      more.hidden = !cursor;
      const shown = list.children.length;
      count.textContent = shown ? t('ui.list.count', shown) : t('ui.list.empty');
      if (clustersMissing && reset) drawFallbackMarkers(data.items || []);
    } catch (e) {
      if (e.name === 'AbortError') return;
      if (reset) clear(list);
      count.textContent = e.network ? t('ui.list.offline') : problemText(e);
      if (e.status === 400) filterProblem.textContent = problemText(e);
    } finally {
      list.parentElement.setAttribute('aria-busy', 'false');
    }
  }

  function clusterIcon(count) {
    const size = count < 10 ? 32 : count < 100 ? 40 : 48;
    return L.divIcon({ className: 'cluster', html: h('span', null, String(count)), iconSize: [size, size] });
  }

  function pinIcon(status) {
    return L.divIcon({ className: `pin status-${status || 'open'}`, html: h('span'), iconSize: [24, 24], iconAnchor: [12, 24] });
  }

  function openReport(id) {
    navigate(`/reports/${encodeURIComponent(id)}`);
  }

  function addSingle(id, title, lat, lon, status) {
    const marker = L.marker([lat, lon], { icon: pinIcon(status), title, alt: title, keyboard: true });
    marker.on('click', () => openReport(id));
    markers.addLayer(marker);
  }

  function drawFallbackMarkers(items) {
    if (!markers) return;
    markers.clearLayers();
    for (const r of items) {
      if (r.location && typeof r.location.lat === 'number') addSingle(r.id, r.title, r.location.lat, r.location.lon, r.status);
    }
  }

  async function loadClusters() {
    if (!map || clustersMissing) return;
    if (clusterAbort) clusterAbort.abort();
    clusterAbort = new AbortController();
    const a = area();
    try {
      const { data } = await api('/reports/clusters', {
        accept: 'application/geo+json, application/json',
        query: { ...currentFilters(), bbox: a.bbox.map((n) => n.toFixed(6)).join(','), zoom: a.zoom },
        signal: clusterAbort.signal,
      });
      markers.clearLayers();
      for (const f of data.features || []) {
        const [lon, lat] = f.geometry.coordinates;
        const p = f.properties || {};
        if (p.count > 1 || !p.id) {
          const marker = L.marker([lat, lon], {
            icon: clusterIcon(p.count), title: t('ui.map.cluster', p.count), keyboard: true,
          });
          marker.on('click', () => map.setView([lat, lon], Math.min(map.getZoom() + 2, map.getMaxZoom())));
          markers.addLayer(marker);
        } else {
          addSingle(p.id, p.title, lat, lon, p.status);
        }
      }
    } catch (e) {
      if (e.name === 'AbortError') return;
      // A server without the clusters endpoint: show the listed page's reports as markers.
      if (e.status === 404 || e.status === 405) {
        clustersMissing = true;
        loadList(true);
      }
    }
  }

  const refresh = debounce(() => {
    const a = area();
    view = { centre: a.centre, zoom: a.zoom };
    state.view = view;
    save();
    loadList(true);
    loadClusters();
  }, 300);

  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    state.filters = currentFilters();
    save();
    loadList(true);
    loadClusters();
  });
  filters.addEventListener('reset', () => {
    setTimeout(() => { state.filters = {}; save(); loadList(true); loadClusters(); }, 0);
  });
  more.addEventListener('click', async () => {
    const before = list.children.length;
    await loadList(false);
    // Keyboard users continue from the first new report rather than from the button.
    const next = list.children[before];
    if (next) next.querySelector('a').focus();
  });

  categories().then((tree) => {
    category.append(...categoryOptions(tree, state.filters.category));
  });
  areaOptions(state.filters.area).then((options) => {
    areaFilter.append(...options);
    // A deployment without areas has nothing to choose: the filter stays out of the way.
    areaFilter.parentElement.hidden = !options.length;
  });

  // The list first: it needs no map library, and is what a reader on a slow phone sees soonest.
  const asked = area().bbox;
  loadList(true);
  try {
    L = await loadLeaflet();
    const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
    map = L.map(mapEl, {
      keyboard: true, zoomControl: true, attributionControl: true,
      zoomAnimation: !still, fadeAnimation: !still, markerZoomAnimation: !still, inertia: !still,
    })
      .setView([view.centre.lat, view.centre.lon], view.zoom);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution('Leaflet');
    addTiles(L, map, site.map.tiles, (why) => {
      mapEl.classList.add('no-tiles');
      mapNote.textContent = why === 'none' ? t('ui.map.no-tiles') : t('ui.map.tiles-failed');
    });
    addBoundaries(L, map);
    markers = L.layerGroup().addTo(map);
    // The map shows another box than the list was asked for (its element had no size yet): ask again.
    const shown = area().bbox;
    const span = Math.max(shown[2] - shown[0], shown[3] - shown[1], 1e-6);
    shapes = L.layerGroup().addTo(map);
    drawShapes(L, shapes, listed, openReport, true);
    if (shown.some((v, i) => Math.abs(v - asked[i]) > span * 0.2)) loadList(true);
    map.on('moveend', refresh);
    disposers.push(() => map.remove());
    if (!state.view && navigator.geolocation) {
      // The reader's surroundings when they allow it; the deployment's centre otherwise.
      navigator.geolocation.getCurrentPosition(
        (pos) => { if (map) map.setView([pos.coords.latitude, pos.coords.longitude], Math.max(view.zoom, 15), { animate: false }); },
        () => say(t('ui.map.position-refused')), { timeout: 10000, maximumAge: 300000 });
    }
  } catch (e) {
    map = null;
    mapEl.classList.add('no-map');
    mapNote.textContent = t('ui.map.unavailable');
    choose('list');
    if (!state.view && navigator.geolocation) {
      navigator.geolocation.getCurrentPosition((pos) => {
        view = { centre: { lat: pos.coords.latitude, lon: pos.coords.longitude }, zoom: view.zoom };
        loadList(true);
      }, () => {}, { timeout: 10000, maximumAge: 300000 });
    }
  }
  loadClusters();

  return () => {
    if (listAbort) listAbort.abort();
    if (clusterAbort) clusterAbort.abort();
    disposers.forEach((d) => d());
    map = null;
  };
}
