// Operator triage (/staff/triage; operators and administrators): the reports to handle (open,
// then in progress) or of any status, filtered (category, words, reporting dates) and sorted (newest, most supported, nearest to the
// map's last centre or the device), 50 at a time with "Show more". Checkboxes select several
// reports; one form then changes their status with one reason, assigns them, or posts the same
// official reply, one request per report, and lists each outcome. "Export CSV" downloads the
// reports of the filter with the token in a header, never in a URL. The filter lives in the
// address (?status=open&sort=votes), so a reload or a shared link keeps it.
import { h, field, formProblem, showProblem, clearErrors, say, problemText } from '../dom.js';
import { api } from '../api.js';
import { t, formatDateTime, formatDistance } from '../i18n.js';
import { categories, categoryName, categoryOptions } from '../categories.js';
import { site } from '../site.js';
import { STATUSES, can, actionFields, applyToMany, saveBlob } from './staff.js';

const PAGE = 50;
const CSV_PAGES = 50; // at most 5000 reports in one export
// "To handle": the API filters one status at a time, so this lists the open reports, then the
// ones in progress, each in the chosen order.
const TO_HANDLE = ['open', 'in_progress'];

/** The map's last centre (map view), else the device's position, else the deployment's centre. */
async function origin(useDevice) {
  if (useDevice && navigator.geolocation) {
    const pos = await new Promise((resolve) => navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lon: p.coords.longitude }), () => resolve(null), { timeout: 10000, maximumAge: 60000 }));
    if (pos) return pos;
  }
  try {
    const state = JSON.parse(sessionStorage.getItem('fmq.map') || '{}');
    if (state.view && state.view.centre) return state.view.centre;
  } catch (e) { /* no map visited */ }
  return site.map.centre;
}

function nextCursor(headers) {
  const link = headers.get('Link') || '';
  const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(link);
  return m ? new URL(m[1], location.href).searchParams.get('cursor') : null;
}

export async function mount(main, { query }) {
  const q = h('input', { type: 'search', name: 'q', id: 'triage-q', maxlength: 200, value: query.get('q') || '' });
  const category = h('select', { name: 'category', id: 'triage-category' }, h('option', { value: '' }, t('ui.filter.all-categories')));
  const status = h('select', { name: 'status', id: 'triage-status' },
    h('option', { value: 'to-handle' }, t('ui.triage.to-handle')),
    h('option', { value: '' }, t('ui.filter.all-statuses')),
    STATUSES.map((s) => h('option', { value: s }, t(`ui.status.${s}`))));
  status.value = query.has('status') ? query.get('status') : 'to-handle';
  const from = h('input', { type: 'date', name: 'createdFrom', id: 'triage-from', value: query.get('createdFrom') || '' });
  const to = h('input', { type: 'date', name: 'createdTo', id: 'triage-to', value: query.get('createdTo') || '' });
  const sort = h('select', { name: 'sort', id: 'triage-sort' },
    ['newest', 'votes', 'nearest'].map((s) => h('option', { value: s }, t(`ui.triage.sort.${s}`))));
  sort.value = query.get('sort') || 'votes';
  const near = h('select', { name: 'near', id: 'triage-near' },
    h('option', { value: 'map' }, t('ui.following.where-map')), h('option', { value: 'device' }, t('ui.following.where-device')));
  const nearField = field(t('ui.triage.near'), near);
  nearField.hidden = sort.value !== 'nearest';
  sort.addEventListener('change', () => { nearField.hidden = sort.value !== 'nearest'; });
  const csv = h('button', { type: 'button', id: 'triage-csv' }, t('ui.triage.csv'));
  const filters = h('form', { id: 'triage-filters', class: 'filters staff-filters', role: 'search', 'aria-label': t('ui.filter.label'), novalidate: true },
    formProblem(),
    field(t('ui.filter.words'), q), field(t('ui.filter.category'), category), field(t('ui.filter.status'), status),
    field(t('ui.filter.from'), from), field(t('ui.filter.to'), to), field(t('ui.triage.sort'), sort), nearField,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'triage-apply' }, t('ui.filter.apply')), csv));

  const count = h('p', { id: 'triage-count', role: 'status' });
  const selectAll = h('input', { type: 'checkbox', id: 'triage-select-all' });
  const tbody = h('tbody', { id: 'triage-rows' });
  const table = h('table', { class: 'staff-table', id: 'triage-table' },
    h('caption', { class: 'visually-hidden' }, t('ui.triage.caption')),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, h('label', { for: 'triage-select-all', class: 'visually-hidden' }, t('ui.triage.select-all')), selectAll),
      ['title', 'status', 'category', 'votes', 'assigned', 'reported', 'distance'].map((c) => h('th', { scope: 'col', class: `col-${c}` }, t(`ui.triage.col.${c}`))))),
    tbody);
  const more = h('button', { type: 'button', id: 'triage-more', hidden: true }, t('ui.list.more'));

  // One form for the selected reports: the action picker swaps its fields.
  const kinds = ['status', 'assign', 'reply'].filter((k) => can[k]());
  const kind = h('select', { id: 'bulk-kind', name: 'kind' }, kinds.map((k) => h('option', { value: k }, t(`ui.staff.action.${k}`))));
  const slot = h('div', { id: 'bulk-fields' });
  let reader = null;
  const drawFields = () => {
    const { fields, read } = actionFields(kind.value, 'bulk');
    slot.replaceChildren(...fields);
    reader = read;
  };
  kind.addEventListener('change', drawFields);
  const selectedCount = h('p', { id: 'bulk-selected', class: 'muted' });
  const apply = h('button', { type: 'submit', class: 'primary', id: 'bulk-apply' }, t('ui.triage.apply'));
  const results = h('ul', { id: 'bulk-results', class: 'results', dataset: { testid: 'bulk-results' } });
  const bulk = h('form', { id: 'bulk-form', class: 'bulk', novalidate: true, 'aria-labelledby': 'bulk-heading' },
    h('h2', { id: 'bulk-heading' }, t('ui.triage.bulk')), selectedCount, formProblem(),
    field(t('ui.triage.action'), kind), slot, h('div', { class: 'actions' }, apply), results);

  main.append(h('h1', null, t('ui.triage.title')), filters, count,
    h('div', { class: 'staff-layout' },
      h('div', { class: 'table-scroll' }, table, more), bulk));
  drawFields();

  let shown = new Map(); // id -> report, in the order shown
  let cursor = null;
  let phase = 0; // index in TO_HANDLE while listing "to handle"
  let centre = null;
  let loading = 0;

  const selected = () => [...tbody.querySelectorAll('input[type=checkbox]:checked')].map((c) => shown.get(c.value));
  const drawSelected = () => {
    const n = selected().length;
    selectedCount.textContent = t('ui.triage.selected', n);
    apply.disabled = n === 0;
    selectAll.checked = n > 0 && n === shown.size;
    selectAll.indeterminate = n > 0 && n < shown.size;
  };
  selectAll.addEventListener('change', () => {
    for (const c of tbody.querySelectorAll('input[type=checkbox]')) c.checked = selectAll.checked;
    drawSelected();
  });
  tbody.addEventListener('change', drawSelected);

  function params() {
    const p = { q: q.value.trim(), category: category.value, status: status.value, createdFrom: from.value, createdTo: to.value, sort: sort.value };
    return p;
  }

  const phases = () => (status.value === 'to-handle' ? TO_HANDLE : [status.value]);

  async function apiQuery(extra, at = phase) {
    const p = params();
    const out = { ...p, status: phases()[at], ...extra };
    if (p.sort === 'nearest') {
      out.near = `${centre.lat.toFixed(6)},${centre.lon.toFixed(6)}`;
      out.radius = '100km';
    }
    return out;
  }

  async function row(r) {
    const loc = r.location || {};
    const away = centre && typeof loc.lat === 'number' ? formatDistance(distanceTo(centre, loc)) : '';
    const box = h('input', { type: 'checkbox', value: r.id, id: `pick-${r.id}` });
    return h('tr', { dataset: { id: r.id } },
      h('td', null, h('label', { for: box.id, class: 'visually-hidden' }, t('ui.triage.select', r.title)), box),
      h('td', { class: 'col-title', dataset: { label: t('ui.triage.col.title') } },
        h('a', { href: `/reports/${encodeURIComponent(r.id)}` }, r.title), r.hidden ? [' ', h('span', { class: 'status-tag' }, t('ui.staff.hidden'))] : null),
      h('td', { dataset: { label: t('ui.triage.col.status') } }, h('span', { class: `status-tag status-${r.status}` }, t(`ui.status.${r.status}`))),
      h('td', { dataset: { label: t('ui.triage.col.category') } }, await categoryName(r.category)),
      h('td', { class: 'num', dataset: { label: t('ui.triage.col.votes') } }, String(r.votes || 0)),
      h('td', { dataset: { label: t('ui.triage.col.assigned') } }, r.assignedTo || '—'),
      h('td', { dataset: { label: t('ui.triage.col.reported') } }, formatDateTime(r.createdAt)),
      h('td', { class: 'col-distance', dataset: { label: t('ui.triage.col.distance') } }, away));
  }

  async function load(reset) {
    const mine = ++loading;
    clearErrors(filters);
    main.setAttribute('aria-busy', 'true');
    try {
      if (reset) {
        phase = 0;
        centre = sort.value === 'nearest' ? await origin(near.value === 'device') : null;
        table.classList.toggle('with-distance', !!centre);
      }
      if (reset) cursor = null;
      let added = 0;
      let finished = false;
      // Fills a page; at the last page of one status ("to handle"), goes on with the next one.
      while (added < PAGE && !finished) {
        const { data } = await api('/reports', { query: await apiQuery({ limit: PAGE - added, cursor }) });
        if (mine !== loading) return;
        if (reset && !added) { tbody.replaceChildren(); shown = new Map(); }
        for (const r of data.items || []) {
          shown.set(r.id, r);
          tbody.append(await row(r));
          added += 1;
        }
        cursor = data.next;
        if (!cursor) {
          if (phase < phases().length - 1) phase += 1;
          else finished = true;
        }
      }
      more.hidden = finished;
      count.textContent = shown.size ? t('ui.triage.count', shown.size) : t('ui.triage.empty');
      drawSelected();
    } catch (err) {
      showProblem(filters, err.network ? { message: t('ui.error.offline') } : err);
    } finally {
      if (mine === loading) main.setAttribute('aria-busy', 'false');
    }
  }

  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    const p = new URLSearchParams();
    for (const [key, value] of Object.entries(params())) if (value) p.set(key, value);
    if (!status.value) p.set('status', '');
    history.replaceState(null, '', `${location.pathname}?${p}`);
    load(true);
  });
  more.addEventListener('click', () => load(false));

  csv.addEventListener('click', async () => {
    csv.disabled = true;
    say(t('ui.triage.csv-working'));
    try {
      const parts = [];
      let next = null;
      let pages = 0;
      if (sort.value === 'nearest' && !centre) centre = await origin(near.value === 'device');
      for (let at = 0; at < phases().length && pages < CSV_PAGES; at += 1) {
        do {
          const { data, headers } = await api('/reports', { query: await apiQuery({ format: 'csv', limit: 100, cursor: next }, at), accept: 'text/csv', blob: true });
          const text = await data.text();
          // Every page starts with the header line: keep it once.
          parts.push(parts.length ? text.slice(text.indexOf('\n') + 1) : text);
          next = nextCursor(headers);
          pages += 1;
        } while (next && pages < CSV_PAGES);
      }
      saveBlob(new Blob(parts, { type: 'text/csv' }), `reports-${new Date().toISOString().slice(0, 10)}.csv`);
      say(next ? t('ui.triage.csv-capped', CSV_PAGES * 100) : t('ui.triage.csv-done'));
    } catch (err) {
      say(err.network ? t('ui.error.offline') : problemText(err), true);
    } finally {
      csv.disabled = false;
    }
  });

  bulk.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(bulk);
    const items = selected();
    const body = reader();
    const missing = (body.reason === '' && 'reason') || (body.text === '' && 'text') || null;
    if (missing) {
      showProblem(bulk, { problem: { title: t('ui.staff.required'), errors: [{ field: missing, message: t('ui.staff.required') }] } });
      return;
    }
    apply.disabled = true;
    const failed = await applyToMany(items, kind.value, body, results);
    if (!failed) drawFields();
    await load(true);
    // The results stay where the person is; keep the keyboard near them.
    results.setAttribute('tabindex', '-1');
    results.focus();
  });

  categories().then((tree) => {
    category.append(...categoryOptions(tree, query.get('category') || ''));
  });
  await load(true);
  return null;
}

/** Metres between two {lat, lon} (haversine); the map view has the same, kept apart to load less. */
function distanceTo(a, b) {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 6371000 * 2 * Math.asin(Math.sqrt(s));
}
