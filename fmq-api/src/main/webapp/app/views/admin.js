// Administration (/staff/admin; administrators), in sections chosen by ?section=:
// users (newest first, or the one with an e-mail address; each opens its roles to grant and
// remove, and "remove the second factor" for a lost device, confirmed first), plugins (each
// with kind, versions, state and last error) and the audit log (newest first, for one report
// or user with ?target=, page by page, with what changed before and after); webhooks and
// deliveries live in integrations.js, loaded only for those two sections.
import { h, field, formProblem, showProblem, clearErrors, say, problemText } from '../dom.js';
import { api } from '../api.js';
import { t, formatDateTime } from '../i18n.js';

const SECTIONS = ['users', 'plugins', 'audit', 'webhooks', 'deliveries'];
const ROLES = ['citizen', 'moderator', 'operator', 'administrator'];

function failure(err) {
  return h('p', { class: 'notice warn' }, err.network ? t('ui.error.offline') : problemText(err));
}

/** One account's roles and second factor; onChange redraws it with the server's answer. */
function accountPanel(account, close) {
  const panel = h('section', { class: 'account-panel', id: 'account-panel', 'aria-labelledby': 'account-heading', tabindex: '-1' });
  const uid = encodeURIComponent(account.id);
  function draw(a) {
    const role = h('select', { name: 'role', id: 'grant-role' }, ROLES.map((r) => h('option', { value: r }, t(`ui.role.${r}`))));
    const grant = h('form', { id: 'grant-form', class: 'inline-form', novalidate: true },
      formProblem(), field(t('ui.admin.role'), role), h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'grant-submit' }, t('ui.admin.grant'))));
    grant.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(grant);
      try {
        const { data } = await api(`/admin/users/${uid}/roles`, { method: 'POST', json: { role: role.value, scope: null } });
        say(t('ui.admin.granted', t(`ui.role.${role.value}`), a.displayName));
        draw(data);
        document.getElementById('grant-role').focus();
      } catch (err) {
        showProblem(grant, err.network ? { message: t('ui.error.offline') } : err);
      }
    });
    const roles = h('ul', { id: 'account-roles', class: 'plain' }, (a.roles || []).map((g) => h('li', { dataset: { grant: g.id } },
      t(`ui.role.${g.role}`), g.scope ? ` (${g.scope})` : '', ' ',
      h('button', { type: 'button', class: 'small', id: `revoke-${g.id}`, onclick: async (e) => {
        const button = e.currentTarget;
        button.disabled = true;
        try {
          const { data } = await api(`/admin/users/${uid}/roles/${encodeURIComponent(g.id)}`, { method: 'DELETE' });
          say(t('ui.admin.revoked', t(`ui.role.${g.role}`), a.displayName));
          draw(data);
          document.getElementById('grant-role').focus();
        } catch (err) {
          button.disabled = false;
          say(err.network ? t('ui.error.offline') : problemText(err), true);
        }
      } }, t('ui.admin.revoke', t(`ui.role.${g.role}`))))));
    if (!(a.roles || []).length) roles.append(h('li', { class: 'muted' }, t('ui.admin.no-roles')));

    // Removing a second factor ends the person's sessions: a second press confirms it.
    const factor = h('button', { type: 'button', id: 'second-factor-reset' }, t('ui.admin.second-factor'));
    const confirm = h('button', { type: 'button', class: 'primary', id: 'second-factor-confirm', hidden: true }, t('ui.admin.second-factor-confirm'));
    factor.addEventListener('click', () => { confirm.hidden = false; confirm.focus(); say(t('ui.admin.second-factor-warning')); });
    confirm.addEventListener('click', async () => {
      confirm.disabled = true;
      try {
        await api(`/admin/users/${uid}/second-factor`, { method: 'DELETE' });
        confirm.hidden = true;
        say(t('ui.admin.second-factor-done', a.displayName));
        factor.focus();
      } catch (err) {
        say(err.network ? t('ui.error.offline') : problemText(err), true);
      } finally {
        confirm.disabled = false;
      }
    });
    panel.replaceChildren(
      h('h2', { id: 'account-heading' }, a.displayName),
      h('dl', { class: 'facts' },
        h('dt', null, t('ui.account.email')), h('dd', null, a.email || '—', a.emailVerified ? '' : ` (${t('ui.admin.unverified')})`),
        h('dt', null, t('ui.admin.handle')), h('dd', null, `@${a.handle}`),
        h('dt', null, t('ui.admin.created')), h('dd', null, formatDateTime(a.createdAt))),
      h('h3', null, t('ui.admin.roles')), roles, grant,
      h('h3', null, t('ui.admin.security')), h('p', { class: 'hint' }, t('ui.admin.second-factor-hint')),
      h('div', { class: 'actions' }, factor, confirm),
      h('p', null, h('a', { href: `/staff/admin?section=audit&target=${uid}` }, t('ui.admin.audit-for'))),
      h('div', { class: 'actions' }, h('button', { type: 'button', id: 'account-close', onclick: close }, t('ui.admin.close'))));
  }
  draw(account);
  return panel;
}

async function users(section, query) {
  const email = h('input', { type: 'email', name: 'email', id: 'users-email', value: query.get('email') || '' });
  const search = h('form', { id: 'users-search', class: 'inline-form', role: 'search', novalidate: true },
    formProblem(), field(t('ui.admin.find-email'), email),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'users-search-submit' }, t('ui.filter.apply'))));
  const tbody = h('tbody', { id: 'users-rows' });
  const table = h('table', { class: 'staff-table', id: 'users-table' },
    h('caption', { class: 'visually-hidden' }, t('ui.admin.users')),
    h('thead', null, h('tr', null, ['name', 'handle', 'email', 'created', 'manage'].map((c) => h('th', { scope: 'col' }, t(`ui.admin.col.${c}`))))), tbody);
  const more = h('button', { type: 'button', id: 'users-more', hidden: true }, t('ui.list.more'));
  const detail = h('div', { id: 'account-slot' });
  section.append(search, h('div', { class: 'staff-layout' }, h('div', { class: 'table-scroll' }, table, more), detail));
  let cursor = null;
  let opener = null;

  async function open(a, button) {
    opener = button;
    try {
      const { data } = await api(`/admin/users/${encodeURIComponent(a.id)}`);
      const panel = accountPanel(data, () => { detail.replaceChildren(); if (opener) opener.focus(); });
      detail.replaceChildren(panel);
      panel.focus();
    } catch (err) {
      detail.replaceChildren(failure(err));
    }
  }

  async function load(reset) {
    clearErrors(search);
    try {
      const { data } = await api('/admin/users', { query: { email: email.value.trim(), limit: 50, cursor: reset ? null : cursor } });
      if (reset) tbody.replaceChildren();
      for (const a of data.items || []) {
        const manage = h('button', { type: 'button', class: 'small', id: `manage-${a.id}` }, t('ui.admin.manage', a.displayName));
        manage.addEventListener('click', () => open(a, manage));
        tbody.append(h('tr', { dataset: { id: a.id } },
          h('td', { dataset: { label: t('ui.admin.col.name') } }, a.displayName),
          h('td', { dataset: { label: t('ui.admin.col.handle') } }, `@${a.handle}`),
          h('td', { dataset: { label: t('ui.admin.col.email') } }, a.email || '—'),
          h('td', { dataset: { label: t('ui.admin.col.created') } }, formatDateTime(a.createdAt)),
          h('td', null, manage)));
      }
      if (!tbody.firstChild) tbody.append(h('tr', null, h('td', { colspan: 5 }, t('ui.admin.no-users'))));
      cursor = data.next;
      more.hidden = !cursor;
    } catch (err) {
      showProblem(search, err.network ? { message: t('ui.error.offline') } : err);
    }
  }
  search.addEventListener('submit', (e) => { e.preventDefault(); load(true); });
  more.addEventListener('click', () => load(false));
  await load(true);
}

async function plugins(section) {
  try {
    const { data } = await api('/admin/plugins');
    section.append(h('p', null, t('ui.admin.spi', data.spiVersion, data.folder)),
      h('div', { class: 'table-scroll' }, h('table', { class: 'staff-table', id: 'plugins-table' },
        h('caption', { class: 'visually-hidden' }, t('ui.admin.plugins')),
        h('thead', null, h('tr', null, ['id', 'kind', 'version', 'state', 'source', 'error'].map((c) => h('th', { scope: 'col' }, t(`ui.admin.plugin.${c}`))))),
        h('tbody', null, (data.items || []).map((p) => h('tr', { dataset: { id: p.id, state: p.state } },
          h('td', { dataset: { label: t('ui.admin.plugin.id') } }, h('code', null, p.id)),
          h('td', { dataset: { label: t('ui.admin.plugin.kind') } }, p.kind),
          h('td', { dataset: { label: t('ui.admin.plugin.version') } }, `${p.version} (SPI ${p.spiVersion})`),
          h('td', { dataset: { label: t('ui.admin.plugin.state') } }, h('span', { class: `state-tag state-${p.state}` }, t(`ui.admin.plugin-state.${p.state}`))),
          h('td', { dataset: { label: t('ui.admin.plugin.source') } }, p.source),
          h('td', { dataset: { label: t('ui.admin.plugin.error') } }, p.lastError || '—')))))));
  } catch (err) {
    section.append(failure(err));
  }
}

function json(value) {
  return value === null || value === undefined ? '—' : JSON.stringify(value, null, 2);
}

async function audit(section, query) {
  const target = h('input', { type: 'text', name: 'target', id: 'audit-target', autocomplete: 'off', value: query.get('target') || '' });
  const form = h('form', { id: 'audit-filter', class: 'inline-form', role: 'search', novalidate: true },
    formProblem(), field(t('ui.admin.audit-target'), target, t('ui.admin.audit-target-hint')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'audit-submit' }, t('ui.filter.apply'))));
  const list = h('ol', { class: 'audit', id: 'audit-list' });
  const more = h('button', { type: 'button', id: 'audit-more', hidden: true }, t('ui.list.more'));
  section.append(form, list, more);
  let cursor = null;
  async function load(reset) {
    clearErrors(form);
    try {
      const { data } = await api('/admin/audit', { query: { target: target.value.trim(), limit: 50, cursor: reset ? null : cursor } });
      if (reset) list.replaceChildren();
      for (const e of data.items || []) {
        list.append(h('li', { dataset: { id: e.id } },
          h('p', null, h('strong', null, e.action), ' · ', e.target ? `${e.target.type} ${e.target.id}` : ''),
          h('p', { class: 'meta' }, t('ui.history.by-on', e.actor ? e.actor.name : '—', formatDateTime(e.at))),
          h('details', null, h('summary', null, t('ui.admin.audit-change')),
            h('div', { class: 'audit-change' },
              h('div', null, h('h4', null, t('ui.admin.before')), h('pre', null, json(e.before))),
              h('div', null, h('h4', null, t('ui.admin.after')), h('pre', null, json(e.after)))))));
      }
      if (!list.firstChild) list.append(h('li', { class: 'muted' }, t('ui.admin.audit-empty')));
      cursor = data.next;
      more.hidden = !cursor;
    } catch (err) {
      showProblem(form, err.network ? { message: t('ui.error.offline') } : err);
    }
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const p = new URLSearchParams({ section: 'audit' });
    if (target.value.trim()) p.set('target', target.value.trim());
    history.replaceState(null, '', `${location.pathname}?${p}`);
    load(true);
  });
  more.addEventListener('click', () => load(false));
  await load(true);
}

export async function mount(main, { query }) {
  const current = SECTIONS.includes(query.get('section')) ? query.get('section') : 'users';
  const tabs = h('nav', { class: 'subnav', 'aria-label': t('ui.admin.sections') }, h('ul', null, SECTIONS.map((s) => h('li', null,
    h('a', { href: `/staff/admin?section=${s}`, id: `admin-tab-${s}`, 'aria-current': s === current ? 'page' : null }, t(`ui.admin.${s}`))))));
  const section = h('section', { id: `admin-${current}`, 'aria-labelledby': 'admin-section-heading' },
    h('h2', { id: 'admin-section-heading' }, t(`ui.admin.${current}`)));
  main.append(h('h1', null, t('ui.admin.title')), tabs, section);
  if (current === 'users') await users(section, query);
  else if (current === 'plugins') await plugins(section);
  else if (current === 'audit') await audit(section, query);
  else {
    try {
      const integrations = await import('./integrations.js');
      await integrations[current](section, query);
    } catch (err) {
      section.append(failure(err));
    }
  }
  return null;
}
