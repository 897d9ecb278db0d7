// What the signed-in person follows (/following): reports (with unfollow) and areas whose new
// reports they hear of: circles around their position or the map's centre, or the named areas
// (districts) an administrator imported; add one, remove one.
import { h, clear, field, formProblem, showProblem, clearErrors, say, problemText } from '../dom.js';
import { api } from '../api.js';
import { t, formatDistance, formatDateTime } from '../i18n.js';
import { site } from '../site.js';

const RADII = [250, 500, 1000, 2000, 5000];

export async function mount(main) {
  const reports = h('ul', { class: 'plain-list', id: 'following-reports' });
  const areas = h('ul', { class: 'plain-list', id: 'following-areas' });
  const name = h('input', { type: 'text', name: 'name', id: 'area-name', maxlength: 100, required: true });
  const radius = h('select', { name: 'radius', id: 'area-radius' },
    RADII.map((r) => h('option', { value: r, selected: r === 500 }, formatDistance(r))));
  const where = h('select', { name: 'lat', id: 'area-where' },
    h('option', { value: 'map' }, t('ui.following.where-map')),
    h('option', { value: 'device' }, t('ui.following.where-device')));
  const submit = h('button', { type: 'submit', class: 'primary', id: 'area-submit' }, t('ui.following.add-area'));
  const form = h('form', { id: 'area-form', class: 'narrow', novalidate: true },
    formProblem(),
    field(t('ui.following.area-name'), name, t('ui.following.area-name-hint')),
    field(t('ui.following.area-centre'), where),
    field(t('ui.following.area-radius'), radius),
    h('div', { class: 'actions' }, submit));

  main.append(h('h1', null, t('ui.following.title')),
    h('section', { 'aria-labelledby': 'following-reports-heading' },
      h('h2', { id: 'following-reports-heading' }, t('ui.following.reports')), reports),
    h('section', { 'aria-labelledby': 'following-areas-heading' },
      h('h2', { id: 'following-areas-heading' }, t('ui.following.areas')), areas,
      h('h3', null, t('ui.following.new-area')), form));

  function reportItem(r) {
    const button = h('button', { type: 'button', class: 'danger' }, t('ui.report.unfollow'));
    const li = h('li', { dataset: { id: r.id } },
      h('a', { href: `/reports/${encodeURIComponent(r.id)}` }, r.title), ' ',
      h('span', { class: 'meta' }, t(`ui.status.${r.status}`)), ' ', button);
    button.addEventListener('click', async () => {
      try {
        await api(`/reports/${encodeURIComponent(r.id)}/follow`, { method: 'DELETE' });
        li.remove();
        say(t('ui.report.unfollowed'));
        main.querySelector('h1').focus();
      } catch (err) {
        say(err.network ? t('ui.error.offline') : problemText(err), true);
      }
    });
    return li;
  }

  function areaItem(a) {
    const button = h('button', { type: 'button', class: 'danger' }, t('ui.following.remove-area', a.name));
    // A named area has no radius: its boundary is the district's.
    const meta = a.area ? formatDateTime(a.createdAt)
      : t('ui.following.area-line', formatDistance(a.radius), formatDateTime(a.createdAt));
    const li = h('li', { dataset: { id: a.id } },
      h('strong', null, a.name), ' ',
      h('span', { class: 'meta' }, meta), ' ', button);
    button.addEventListener('click', async () => {
      try {
        await api(`/me/following/areas/${encodeURIComponent(a.id)}`, { method: 'DELETE' });
        li.remove();
        say(t('ui.following.area-removed'));
        name.focus();
      } catch (err) {
        say(err.network ? t('ui.error.offline') : problemText(err), true);
      }
    });
    return li;
  }

  // The named areas, offered beside the map's centre and the device's position; the list nests
  // districts under their city.
  async function loadNamedAreas() {
    try {
      const { data } = await api('/areas');
      const add = (node, depth) => {
        where.append(h('option', { value: `area:${node.id}` }, `${'\u00a0\u00a0'.repeat(depth)}${node.name}`));
        for (const child of node.children || []) add(child, depth + 1);
      };
      for (const top of data.items || []) add(top, 0);
    } catch (err) { /* circles only */ }
  }

  where.addEventListener('change', () => {
    radius.disabled = where.value.startsWith('area:');
  });

  async function load() {
    loadNamedAreas();
    try {
      const { data } = await api('/me/following');
      clear(reports);
      clear(areas);
      for (const r of data.reports || []) reports.append(reportItem(r));
      for (const a of data.areas || []) areas.append(areaItem(a));
      if (!reports.children.length) reports.append(h('li', { class: 'muted' }, t('ui.following.no-reports')));
      if (!areas.children.length) areas.append(h('li', { class: 'muted' }, t('ui.following.no-areas')));
    } catch (err) {
      reports.append(h('li', null, err.network ? t('ui.error.offline') : problemText(err)));
    }
  }

  function centre() {
    if (where.value === 'device') {
      return new Promise((resolve, reject) => navigator.geolocation
        ? navigator.geolocation.getCurrentPosition((p) => resolve({ lat: p.coords.latitude, lon: p.coords.longitude }),
          () => reject(new Error(t('ui.new.position-refused'))), { timeout: 15000 })
        : reject(new Error(t('ui.new.position-unavailable'))));
    }
    // The centre the map view showed last, or the deployment's.
    try {
      const state = JSON.parse(sessionStorage.getItem('fmq.map') || '{}');
      if (state.view) return Promise.resolve(state.view.centre);
    } catch (e) { /* fall through */ }
    return Promise.resolve(site.map.centre);
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    submit.disabled = true;
    try {
      let json;
      if (where.value.startsWith('area:')) {
        json = { area: where.value.slice('area:'.length) };
        if (name.value.trim()) json.name = name.value.trim();
      } else {
        const c = await centre();
        json = { name: name.value.trim(), lat: c.lat, lon: c.lon, radius: Number(radius.value) };
      }
      const { data } = await api('/me/following/areas', { method: 'POST', json });
      const none = areas.querySelector('.muted');
      if (none) none.remove();
      // Following a named area again answers the one followed already.
      if (!areas.querySelector(`li[data-id="${CSS.escape(data.id)}"]`)) areas.append(areaItem(data));
      form.reset();
      radius.disabled = false;
      say(t('ui.following.area-added', data.name));
    } catch (err) {
      showProblem(form, err.problem ? err : { message: err.network ? t('ui.error.offline') : err.message });
    } finally {
      submit.disabled = false;
    }
  });

  await load();
  return null;
}
