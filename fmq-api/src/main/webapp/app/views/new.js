// Report a problem (/new), made to be done in under 30 seconds on a phone: the position comes
// from the device at once (or a tap on the map, or an address), then a category, a title and
// photos from the camera. Before sending, reports already made nearby are offered, each with a
// one-tap vote instead of a new report. Sending goes through the outbox (drafts.js), so a
// report written on a bad network is kept on the device and sent once, later.
// A problem along a stretch of street or over a zone is drawn point by point on the form's map
// and sent as a GeoJSON `geometry` instead of a position (docs/areas.md).
import { h, clear, field, formProblem, showProblem, clearErrors, say, debounce, problemText } from '../dom.js';
import { api } from '../api.js';
import { t, formatDistance, formatBytes, formatDateTime } from '../i18n.js';
import { site } from '../site.js';
import { categories, categoryOptions } from '../categories.js';
import { signedIn } from '../session.js';
import { loadLeaflet, addTiles } from '../leaflet.js';
import * as drafts from '../drafts.js';

export async function mount(main, { navigate }) {
  let key = drafts.newKey();
  let position = null; // {lat, lon, accuracy}
  let photos = []; // [{blob, name, url}]
  let map = null;
  let marker = null;
  let L = null;
  // What the report's place is: 'point', or a shape drawn as [lat, lon] vertices.
  let kind = 'point';
  let vertices = [];
  let shapeLayers = null;
  const limits = site.reports;
  const photoLimits = site.photos;

  const positionLine = h('p', { class: 'position-line', id: 'position-status', role: 'status' }, t('ui.new.position-none'));
  const locate = h('button', { type: 'button', id: 'use-my-position' }, t('ui.new.use-my-position'));
  const useCentre = h('button', { type: 'button', id: 'use-map-centre', hidden: true }, t('ui.new.use-map-centre'));
  const mapEl = h('div', { id: 'new-map', class: 'mini-map', role: 'region', 'aria-label': t('ui.new.map-label') });
  const mapHint = h('p', { class: 'hint', id: 'new-map-hint' }, t('ui.new.map-hint'));
  const kindChoice = h('fieldset', { class: 'kind-choice', id: 'new-kind', hidden: true },
    h('legend', null, t('ui.new.kind')),
    ['point', 'line', 'zone'].map((k) => {
      const input = h('input', { type: 'radio', name: 'geometry', value: k, id: `new-kind-${k}`, checked: k === 'point',
        'aria-describedby': 'new-geometry-error' });
      input.addEventListener('change', () => { if (input.checked) setKind(k); });
      return h('div', { class: 'choice' }, input, h('label', { for: input.id }, t(`ui.new.kind-${k}`)));
    }));
  const shapeStatus = h('p', { class: 'position-line', id: 'shape-status', role: 'status' });
  const shapeAdd = h('button', { type: 'button', id: 'shape-add-centre' }, t('ui.new.shape-add-centre'));
  const shapeUndo = h('button', { type: 'button', id: 'shape-undo', disabled: true }, t('ui.new.shape-undo'));
  const shapeClear = h('button', { type: 'button', id: 'shape-clear', class: 'danger', disabled: true }, t('ui.new.shape-clear'));
  const shapeTools = h('div', { id: 'shape-tools', hidden: true },
    shapeStatus, h('div', { class: 'actions' }, shapeAdd, shapeUndo, shapeClear));
  const geometryError = h('p', { class: 'field-error', id: 'new-geometry-error', dataset: { errorFor: 'geometry' } });
  const address = h('input', { type: 'text', name: 'location', id: 'new-address', maxlength: 500, autocomplete: 'street-address' });
  const category = h('select', { name: 'category', id: 'new-category', required: true },
    h('option', { value: '' }, t('ui.new.choose-category')));
  const title = h('input', { type: 'text', name: 'title', id: 'new-title', maxlength: limits.titleMaxLength, required: true });
  const description = h('textarea', { name: 'description', id: 'new-description', maxlength: limits.descriptionMaxLength, rows: 4 });
  const photoInput = h('input', {
    type: 'file', name: 'photo', id: 'new-photos', accept: 'image/*', capture: 'environment', multiple: true,
    disabled: !signedIn(),
  });
  const previews = h('ul', { class: 'previews', id: 'new-photo-previews' });
  const similar = h('section', { class: 'similar', id: 'similar-reports', 'aria-live': 'polite', 'aria-labelledby': 'similar-heading' });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'new-submit' }, t('ui.new.submit'));
  const outbox = h('section', { id: 'outbox', 'aria-labelledby': 'outbox-heading' });

  const photoHint = signedIn()
    ? t('ui.new.photos-hint', photoLimits.perReport, formatBytes(photoLimits.maxBytes))
    : t('ui.new.photos-sign-in');
  const form = h('form', { id: 'new-report-form', novalidate: true },
    formProblem(),
    h('fieldset', null, h('legend', null, t('ui.new.where')),
      kindChoice, positionLine, h('div', { class: 'actions' }, locate, useCentre), shapeTools, mapEl, mapHint,
      geometryError,
      field(t('ui.new.address'), address, t('ui.new.address-hint'))),
    field(t('ui.new.category'), category),
    field(t('ui.new.title-label'), title, t('ui.new.title-hint', limits.titleMaxLength)),
    field(t('ui.new.description'), description),
    field(t('ui.new.photos'), photoInput, photoHint),
    signedIn() ? null : h('p', null, h('a', { href: '/signin?next=%2Fnew' }, t('ui.nav.signin'))),
    previews,
    similar,
    h('div', { class: 'actions' }, submit));

  main.append(h('h1', null, t('ui.new.title')), outbox, form);

  // ---- position ------------------------------------------------------------------------
  function setPosition(lat, lon, accuracy, how) {
    position = { lat, lon };
    if (typeof accuracy === 'number') position.accuracy = Math.min(100000, Math.round(accuracy));
    const text = t(how === 'device' ? 'ui.new.position-device' : 'ui.new.position-map', lat.toFixed(5), lon.toFixed(5));
    positionLine.textContent = accuracy ? `${text} (±${formatDistance(accuracy)})` : text;
    if (map) {
      placeMarker();
      // Not animated: a view left during a zoom animation makes Leaflet throw after map.remove().
      // While a shape is drawn, the device's position still brings the map to where one stands.
      if (how === 'device') map.setView([lat, lon], Math.max(map.getZoom(), 17), { animate: false });
    }
    findSimilar();
  }

  /** The point's marker, on the map only while the report is a point. */
  function placeMarker() {
    if (!map || !position) return;
    if (!marker) marker = L.marker([position.lat, position.lon], { keyboard: false, title: t('ui.new.marker') });
    else marker.setLatLng([position.lat, position.lon]);
    if (kind === 'point') marker.addTo(map);
    else marker.remove();
  }

  function askDevice() {
    if (!navigator.geolocation) { positionLine.textContent = t('ui.new.position-unavailable'); return; }
    positionLine.textContent = t('ui.new.position-finding');
    navigator.geolocation.getCurrentPosition(
      (pos) => setPosition(pos.coords.latitude, pos.coords.longitude, pos.coords.accuracy, 'device'),
      () => { positionLine.textContent = t('ui.new.position-refused'); },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  }
  locate.addEventListener('click', askDevice);
  useCentre.addEventListener('click', () => {
    const c = map.getCenter();
    setPosition(c.lat, c.lng, null, 'map');
  });

  // ---- a stretch of street or a zone ---------------------------------------------------
  const minVertices = () => (kind === 'line' ? 2 : 3);

  function setKind(k) {
    kind = k;
    const shaped = k !== 'point';
    positionLine.hidden = shaped;
    locate.hidden = shaped;
    useCentre.hidden = shaped || !map;
    shapeTools.hidden = !shaped;
    mapHint.textContent = t(shaped ? `ui.new.shape-hint-${k}` : 'ui.new.map-hint');
    clearGeometryError();
    placeMarker();
    drawShape();
    findSimilar();
  }

  /** The drawn line or outline as GeoJSON (longitude first; a zone's ring closed), or null. */
  function geometry() {
    if (kind === 'point' || vertices.length < minVertices()) return null;
    const positions = vertices.map(([lat, lon]) => [round(lon), round(lat)]);
    if (kind === 'line') return { type: 'LineString', coordinates: positions };
    return { type: 'Polygon', coordinates: [[...positions, positions[0]]] };
  }
  const round = (x) => Math.round(x * 1e6) / 1e6;

  function clearGeometryError() {
    geometryError.textContent = '';
    for (const radio of kindChoice.querySelectorAll('[aria-invalid]')) radio.removeAttribute('aria-invalid');
  }

  function chooseKind(k) {
    const radio = form.querySelector(`#new-kind-${k}`);
    if (radio) radio.checked = true;
    setKind(k);
  }

  function drawShape() {
    if (map) {
      if (!shapeLayers) shapeLayers = L.layerGroup().addTo(map);
      shapeLayers.clearLayers();
      if (kind !== 'point' && vertices.length) {
        const options = { className: 'shape shape-draft', weight: kind === 'line' ? 5 : 3, interactive: false };
        shapeLayers.addLayer(kind === 'zone' && vertices.length >= 3 ? L.polygon(vertices, options) : L.polyline(vertices, options));
        for (const v of vertices) {
          shapeLayers.addLayer(L.circleMarker(v, { className: 'shape-vertex', radius: 6, interactive: false }));
        }
      }
    }
    shapeUndo.disabled = !vertices.length;
    shapeClear.disabled = !vertices.length;
    if (kind === 'point') return;
    const missing = Math.max(0, minVertices() - vertices.length);
    const text = missing
      ? t(`ui.new.shape-points-missing-${kind}`, vertices.length, missing)
      : t(`ui.new.shape-points-${kind}`, vertices.length);
    // A live region (role=status): each point added or taken away is read out.
    shapeStatus.textContent = text;
  }

  function addVertex(lat, lon) {
    vertices.push([lat, lon]);
    clearGeometryError();
    drawShape();
    findSimilar();
  }
  shapeAdd.addEventListener('click', () => {
    if (!map) return;
    const c = map.getCenter();
    addVertex(c.lat, c.lng);
  });
  shapeUndo.addEventListener('click', () => {
    vertices.pop();
    drawShape();
    if (!vertices.length) shapeAdd.focus();
  });
  shapeClear.addEventListener('click', () => {
    vertices = [];
    drawShape();
    say(t('ui.new.shape-cleared'));
    shapeAdd.focus();
  });

  /** Where to look for similar reports: the point, or the middle of the drawn vertices. */
  function near() {
    if (kind === 'point') return position;
    if (!vertices.length) return null;
    const sum = vertices.reduce((a, [lat, lon]) => [a[0] + lat, a[1] + lon], [0, 0]);
    return { lat: sum[0] / vertices.length, lon: sum[1] / vertices.length };
  }

  // ---- photos ---------------------------------------------------------------------------
  function drawPreviews() {
    clear(previews);
    photos.forEach((p, i) => {
      previews.append(h('li', null,
        h('img', { src: p.url, alt: t('ui.new.photo-preview', i + 1) }),
        h('button', { type: 'button', class: 'danger', onclick: () => {
          URL.revokeObjectURL(p.url);
          photos.splice(i, 1);
          drawPreviews();
          say(t('ui.new.photo-removed'));
          photoInput.focus();
        } }, t('ui.new.photo-remove', i + 1))));
    });
  }
  photoInput.addEventListener('change', () => {
    const slot = form.querySelector('[data-error-for="photo"]');
    const problems = [];
    for (const file of photoInput.files) {
      if (file.size > photoLimits.maxBytes) {
        problems.push(t('ui.new.photo-too-large', file.name, formatBytes(photoLimits.maxBytes)));
      } else if (photos.length >= photoLimits.perReport) {
        problems.push(t('ui.new.photo-too-many', photoLimits.perReport));
        break;
      } else {
        photos.push({ blob: file, name: file.name, url: URL.createObjectURL(file) });
      }
    }
    // The input is emptied so the same camera can add another photo; the list keeps them.
    photoInput.value = '';
    slot.textContent = problems.join(' ');
    drawPreviews();
    if (!problems.length) say(t('ui.new.photo-count', photos.length));
  });

  // ---- "is this already reported?" ------------------------------------------------------
  let similarAbort = null;
  const findSimilar = debounce(async () => {
    const where = near();
    if (!where || !category.value) return;
    if (similarAbort) similarAbort.abort();
    similarAbort = new AbortController();
    try {
      const { data } = await api('/reports/similar', {
        query: { lat: where.lat, lon: where.lon, category: category.value, text: `${title.value} ${description.value}`.trim().slice(0, 200) },
        signal: similarAbort.signal,
      });
      clear(similar);
      const items = data.items || [];
      if (!items.length) return;
      similar.append(h('h2', { id: 'similar-heading' }, t('ui.new.similar-title')),
        h('p', null, t('ui.new.similar-text')),
        h('ul', { class: 'plain-list' }, items.map((r) => similarItem(r))));
    } catch (e) {
      // Suggestions are a help, not a step: without them the form still sends.
    }
  }, 500);

  function similarItem(r) {
    const vote = h('button', { type: 'button', class: 'primary', dataset: { id: r.id } }, t('ui.new.similar-vote'));
    vote.addEventListener('click', async () => {
      if (!signedIn()) { navigate(`/signin?next=${encodeURIComponent(`/reports/${r.id}`)}`); return; }
      vote.disabled = true;
      try {
        const { data } = await api(`/reports/${encodeURIComponent(r.id)}/vote`, { method: 'POST' });
        say(t('ui.report.voted', data.votes));
        navigate(`/reports/${encodeURIComponent(r.id)}`);
      } catch (err) {
        vote.disabled = false;
        say(err.network ? t('ui.error.offline') : problemText(err), true);
      }
    });
    return h('li', null,
      h('a', { href: `/reports/${encodeURIComponent(r.id)}` }, r.title),
      h('p', { class: 'meta' }, [t(`ui.status.${r.status}`), t('ui.list.away', formatDistance(r.distance || 0)),
        t('ui.report.votes', r.votes || 0), formatDateTime(r.createdAt)].join(' · ')),
      vote);
  }
  category.addEventListener('change', findSimilar);
  title.addEventListener('input', findSimilar);

  // ---- the outbox: reports kept on this device ------------------------------------------
  async function drawOutbox() {
    const items = await drafts.list();
    clear(outbox);
    if (!items.length) return;
    outbox.append(h('h2', { id: 'outbox-heading' }, t('ui.outbox.title')),
      h('ul', { class: 'plain-list', id: 'outbox-list' }, items.map((d) => h('li', { dataset: { key: d.key } },
        h('p', null, h('strong', null, d.report.title || '…'), ' – ',
          d.state === 'rejected' ? t('ui.outbox.rejected') : t('ui.outbox.waiting')),
        d.state === 'rejected' && d.problem ? h('p', { class: 'field-error' }, problemText({ problem: d.problem })) : null,
        h('div', { class: 'actions' },
          d.state === 'rejected'
            ? h('button', { type: 'button', onclick: () => edit(d) }, t('ui.outbox.fix'))
            : h('button', { type: 'button', onclick: async () => { await drafts.send(d); } }, t('ui.outbox.send-now')),
          h('button', { type: 'button', class: 'danger', onclick: async () => {
            await drafts.remove(d.key);
            say(t('ui.outbox.discarded'));
            drawOutbox();
          } }, t('ui.outbox.discard')))))));
  }

  /** Puts a rejected draft back into the form, with its key: a 4xx stored nothing. */
  function edit(d) {
    key = d.key;
    title.value = d.report.title || '';
    description.value = d.report.description || '';
    category.value = d.report.category || '';
    const loc = d.report.location || {};
    address.value = loc.address || '';
    if (typeof loc.lat === 'number') setPosition(loc.lat, loc.lon, loc.accuracy, 'map');
    const g = d.report.geometry;
    if (g && (g.type === 'LineString' || g.type === 'Polygon')) {
      const k = g.type === 'LineString' ? 'line' : 'zone';
      const positions = k === 'line' ? g.coordinates : (g.coordinates[0] || []).slice(0, -1);
      vertices = positions.map(([lon, lat]) => [lat, lon]);
      chooseKind(k);
    } else {
      vertices = [];
      chooseKind('point');
    }
    photos = (d.photos || []).map((p) => ({ blob: p.blob, name: p.name, url: URL.createObjectURL(p.blob) }));
    drawPreviews();
    if (d.problem) showProblem(form, { problem: d.problem });
    title.focus();
  }

  // ---- sending --------------------------------------------------------------------------
  function check() {
    const errors = [];
    if (kind !== 'point') {
      if (vertices.length < minVertices()) errors.push({ field: 'geometry', message: t(`ui.new.need-${kind}`) });
    } else if (!position && !address.value.trim()) {
      errors.push({ field: 'location', message: t('ui.new.need-position') });
    }
    if (!category.value) errors.push({ field: 'category', message: t('ui.new.need-category') });
    if (!title.value.trim()) errors.push({ field: 'title', message: t('ui.new.need-title') });
    return errors;
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const errors = check();
    if (errors.length) {
      showProblem(form, { problem: { title: t('ui.new.check-form'), errors } });
      return;
    }
    // A shape replaces the point: the server refuses both at once.
    const shape = geometry();
    const location = position && !shape ? { ...position } : {};
    if (address.value.trim()) location.address = address.value.trim();
    const report = { title: title.value.trim(), category: category.value, location };
    if (shape) report.geometry = shape;
    if (description.value.trim()) report.description = description.value.trim();
    const draft = { key, report, photos: photos.map((p) => ({ blob: p.blob, name: p.name })), createdAt: new Date().toISOString() };
    submit.disabled = true;
    let outcome;
    try {
      outcome = await drafts.submit(draft);
    } catch (err) {
      // No IndexedDB (private mode in some browsers): send directly, still with the key.
      outcome = await drafts.send(draft).catch((error) => ({ state: 'rejected', error }));
    } finally {
      submit.disabled = false;
    }
    if (outcome.state === 'sent') {
      say(t('ui.new.sent'));
      photos.forEach((p) => URL.revokeObjectURL(p.url));
      navigate(`/reports/${encodeURIComponent(outcome.report.id)}`);
    } else if (outcome.state === 'waiting') {
      form.reset();
      vertices = [];
      chooseKind('point');
      photos = [];
      drawPreviews();
      clear(similar);
      key = drafts.newKey();
      say(t('ui.new.saved-offline'));
      drawOutbox();
    } else {
      showProblem(form, outcome.error && outcome.error.problem ? outcome.error : { message: t('ui.error.offline') });
      drawOutbox();
    }
  });

  const onDrafts = () => drawOutbox();
  window.addEventListener('fmq:drafts', onDrafts);
  drawOutbox();

  categories().then((tree) => category.append(...categoryOptions(tree)));

  askDevice();
  try {
    L = await loadLeaflet();
    map = L.map(mapEl, { keyboard: true }).setView([site.map.centre.lat, site.map.centre.lon], site.map.zoom || 13);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution('Leaflet');
    addTiles(L, map, site.map.tiles, () => mapEl.classList.add('no-tiles'));
    map.on('click', (ev) => {
      if (kind === 'point') setPosition(ev.latlng.lat, ev.latlng.lng, null, 'map');
      else addVertex(ev.latlng.lat, ev.latlng.lng);
    });
    // Lines and zones are drawn on the map only, so the choice shows once there is one.
    kindChoice.hidden = false;
    useCentre.hidden = kind !== 'point';
    if (position) setPosition(position.lat, position.lon, position.accuracy, 'device');
    drawShape();
  } catch (err) {
    mapEl.hidden = true;
    mapHint.hidden = true;
  }

  return () => {
    window.removeEventListener('fmq:drafts', onDrafts);
    if (map) map.remove();
    map = null;
  };
}
