// A responsible body's page (/bodies/{id}): its public service levels (GET
// /bodies/{id}/service-levels: how long its reports waited to be acknowledged and resolved,
// the open ones by age, per category) and its queue (the public list filtered by body=).
// Reached from a report's "Responsible body".
import { h, problemText } from '../dom.js';
import { api } from '../api.js';
import { t, formatDateTime } from '../i18n.js';
import { categoryName } from '../categories.js';

const PAGE = 20;
const WINDOWS = ['last30Days', 'last90Days'];
const BUCKETS = [['underOneDay', 'ui.body.under-one-day'], ['oneToSevenDays', 'ui.body.one-to-seven'],
  ['sevenToThirtyDays', 'ui.body.seven-to-thirty'], ['overThirtyDays', 'ui.body.over-thirty'], ['total', 'ui.body.total']];

/** A wait in the largest unit that keeps it readable: 45 min, 5 h, 3 d. */
export function duration(seconds) {
  if (seconds < 3600) return t('ui.duration.minutes', Math.max(1, Math.round(seconds / 60)));
  if (seconds < 2 * 86400) return t('ui.duration.hours', Math.round(seconds / 3600));
  return t('ui.duration.days', Math.round(seconds / 86400));
}

function timing(figure) {
  if (!figure || !figure.count) return t('ui.body.no-reports');
  return t('ui.body.timing', duration(figure.medianSeconds), duration(figure.p90Seconds), figure.count);
}

function levelsTable(overall) {
  const rows = [['acknowledge', 'ui.body.acknowledge'], ['resolve', 'ui.body.resolve']];
  return h('div', { class: 'table-scroll' }, h('table', { class: 'staff-table', id: 'body-levels' },
    h('caption', { class: 'visually-hidden' }, t('ui.body.levels')),
    h('thead', null, h('tr', null, h('td'), WINDOWS.map((w) => h('th', { scope: 'col' }, t(`ui.body.${w}`))))),
    h('tbody', null, rows.map(([key, label]) => h('tr', { dataset: { figure: key } },
      h('th', { scope: 'row' }, t(label)),
      WINDOWS.map((w) => h('td', { dataset: { window: w } }, timing(overall[key][w]))))))));
}

function backlogTable(backlog) {
  return h('div', { class: 'table-scroll' }, h('table', { class: 'staff-table', id: 'body-backlog' },
    h('caption', { class: 'visually-hidden' }, t('ui.body.backlog')),
    h('thead', null, h('tr', null, BUCKETS.map(([, label]) => h('th', { scope: 'col', class: 'num' }, t(label))))),
    h('tbody', null, h('tr', null, BUCKETS.map(([key]) => h('td', { class: 'num', dataset: { bucket: key } }, String(backlog[key])))))));
}

async function categoryTable(categories) {
  const rows = [];
  for (const c of categories) {
    rows.push(h('tr', { dataset: { category: c.category } },
      h('th', { scope: 'row' }, await categoryName(c.category)),
      h('td', null, timing(c.acknowledge.last30Days)),
      h('td', null, timing(c.resolve.last30Days)),
      h('td', { class: 'num' }, String(c.backlog.total))));
  }
  return h('div', { class: 'table-scroll' }, h('table', { class: 'staff-table', id: 'body-categories' },
    h('caption', { class: 'visually-hidden' }, t('ui.body.by-category')),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, t('ui.body.category')),
      h('th', { scope: 'col' }, `${t('ui.body.acknowledge')} (${t('ui.body.last30Days')})`),
      h('th', { scope: 'col' }, `${t('ui.body.resolve')} (${t('ui.body.last30Days')})`),
      h('th', { scope: 'col', class: 'num' }, t('ui.body.open')))),
    h('tbody', null, rows)));
}

export async function mount(main, { params }) {
  const id = params.id;
  const rid = encodeURIComponent(id);
  let body;
  try {
    ({ data: body } = await api(`/bodies/${rid}`, { auth: false }));
  } catch (err) {
    main.append(h('h1', { tabindex: '-1' }, t('ui.body.not-found')), h('p', null, problemText(err)),
      h('p', null, h('a', { href: '/' }, t('ui.nav.map'))));
    return null;
  }

  const levels = h('section', { 'aria-labelledby': 'levels-heading', id: 'body-service-levels', 'aria-busy': 'true' },
    h('h2', { id: 'levels-heading' }, t('ui.body.levels')), h('p', { class: 'meta' }, t('ui.body.levels-intro')));
  const list = h('ul', { id: 'body-queue', class: 'report-list' });
  const count = h('p', { id: 'body-queue-status', class: 'list-status', role: 'status' });
  const more = h('button', { type: 'button', id: 'body-queue-more', hidden: true }, t('ui.list.more'));
  main.append(h('h1', { tabindex: '-1', id: 'body-name' }, body.name), levels,
    h('section', { 'aria-labelledby': 'queue-heading' }, h('h2', { id: 'queue-heading' }, t('ui.body.queue')), count, list, more));

  api(`/bodies/${rid}/service-levels`, { auth: false }).then(async ({ data }) => {
    levels.append(levelsTable(data.overall),
      h('h3', null, t('ui.body.backlog')), backlogTable(data.overall.backlog));
    if ((data.categories || []).length) levels.append(h('h3', null, t('ui.body.by-category')), await categoryTable(data.categories));
  }).catch((err) => levels.append(h('p', null, err.network ? t('ui.error.offline') : problemText(err))))
    .finally(() => levels.setAttribute('aria-busy', 'false'));

  let cursor = null;
  async function loadQueue() {
    list.parentElement.setAttribute('aria-busy', 'true');
    try {
      const { data } = await api('/reports', { query: { body: id, limit: PAGE, cursor } });
      for (const report of data.items || []) {
        const meta = [await categoryName(report.category), t(`ui.status.${report.status}`), formatDateTime(report.createdAt)];
        list.append(h('li', { class: `report-item status-${report.status}`, dataset: { id: report.id } },
          h('a', { href: `/reports/${encodeURIComponent(report.id)}`, class: 'report-link' }, report.title),
          h('p', { class: 'meta' }, meta.join(' · '))));
      }
      cursor = data.next;
      more.hidden = !cursor;
      count.textContent = list.children.length ? t('ui.list.count', list.children.length) : t('ui.body.queue-empty');
    } catch (err) {
      count.textContent = err.network ? t('ui.list.offline') : problemText(err);
    } finally {
      list.parentElement.setAttribute('aria-busy', 'false');
    }
  }
  more.addEventListener('click', async () => {
    const before = list.children.length;
    await loadQueue();
    const next = list.children[before];
    if (next) next.querySelector('a').focus();
  });
  loadQueue();
  return null;
}
