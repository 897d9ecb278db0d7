// The administration's webhooks and deliveries (/staff/admin?section=webhooks|deliveries;
// loaded by admin.js for those two sections only). Webhooks: register one (URL, event types,
// description), its secret shown once; switch it on or off, give it a new secret (shown once),
// remove it (confirmed by a second press). Deliveries: those of one target (a webhook or a
// plugin) and state, most recently changed first, page by page; replay a dead one, or every
// dead one of the target, optionally of events from/to a time. The API: docs/integrations.md.
import { h, field, formProblem, showProblem, clearErrors, say, problemText } from '../dom.js';
import { api } from '../api.js';
import { t, formatDateTime } from '../i18n.js';

/** The events a webhook may ask for (Webhooks.EVENT_TYPES on the server). */
const EVENT_TYPES = ['report.created', 'report.status_changed', 'report.assigned', 'report.merged',
  'report.hidden', 'report.unhidden', 'report.vote_added', 'report.vote_removed',
  'report.vote_threshold_reached', 'report.photo_added', 'comment.added', 'comment.edited', 'comment.deleted', 'comment.hidden', 'comment.unhidden'];
const DELIVERY_STATES = ['pending', 'delivered', 'dead', 'skipped'];
/** The plugin kinds that get deliveries (their target is kind/id). */
const DELIVERING_KINDS = ['notification-channel', 'helpdesk-connector'];

function failure(err) {
  return h('p', { class: 'notice warn' }, err.network ? t('ui.error.offline') : problemText(err));
}

function speakFailure(err) {
  say(err.network ? t('ui.error.offline') : problemText(err), true);
}

/** What a webhook is called on the page: its description, else its URL. */
function nameOf(webhook) {
  return webhook.description || webhook.url;
}

/**
 * The box that shows a secret the once the server gives it, with a copy button (the clipboard
 * may be refused: then the hint says to select it) and "I have kept it", which takes it away.
 */
function secretBox(slot, webhook, secret, returnFocus) {
  const value = h('input', { type: 'text', id: 'webhook-secret-value', name: 'secret', readonly: true, value: secret,
    autocomplete: 'off', spellcheck: 'false', dir: 'ltr' });
  const copy = h('button', { type: 'button', id: 'webhook-secret-copy' }, t('ui.admin.webhook.copy'));
  copy.addEventListener('click', async () => {
    value.select();
    try {
      await navigator.clipboard.writeText(secret);
      say(t('ui.admin.webhook.copied'));
    } catch (e) {
      say(t('ui.admin.webhook.copy-hint'));
    }
  });
  const done = h('button', { type: 'button', id: 'webhook-secret-done' }, t('ui.admin.webhook.secret-kept'));
  done.addEventListener('click', () => {
    slot.replaceChildren();
    if (returnFocus) returnFocus();
  });
  const box = h('section', { class: 'notice ok', id: 'webhook-secret', tabindex: '-1', 'aria-labelledby': 'webhook-secret-heading' },
    h('h3', { id: 'webhook-secret-heading' }, t('ui.admin.webhook.secret-title', nameOf(webhook))),
    h('p', null, t('ui.admin.webhook.secret-once')),
    field(t('ui.admin.webhook.secret'), value, t('ui.admin.webhook.copy-hint')),
    h('div', { class: 'actions' }, copy, done));
  slot.replaceChildren(box);
  box.focus();
}

export async function webhooks(section) {
  const url = h('input', { type: 'url', name: 'url', id: 'webhook-url', required: true, maxlength: 2000, autocomplete: 'off', dir: 'ltr' });
  const checks = EVENT_TYPES.map((type) => h('input', { type: 'checkbox', name: 'eventTypes', value: type,
    id: `webhook-event-${type.replace(/[._]/g, '-')}` }));
  const events = h('fieldset', { class: 'checks' },
    h('legend', null, t('ui.admin.webhook.events')),
    h('p', { class: 'hint' }, t('ui.admin.webhook.events-hint')),
    h('ul', { class: 'plain' }, checks.map((c) => h('li', null, c, h('label', { for: c.id }, h('code', null, c.value))))),
    h('p', { class: 'field-error', dataset: { errorFor: 'eventTypes' } }));
  const description = h('input', { type: 'text', name: 'description', id: 'webhook-description', maxlength: 500, autocomplete: 'off' });
  const form = h('form', { id: 'webhook-form', class: 'narrow', novalidate: true, 'aria-labelledby': 'webhook-form-heading' },
    h('h3', { id: 'webhook-form-heading' }, t('ui.admin.webhook.new')),
    formProblem(), field(t('ui.admin.webhook.url'), url, t('ui.admin.webhook.url-hint')), events,
    field(t('ui.admin.webhook.description'), description),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'webhook-submit' }, t('ui.admin.webhook.submit'))));
  const secretSlot = h('div', { id: 'webhook-secret-slot' });
  const tbody = h('tbody', { id: 'webhooks-rows' });
  const table = h('table', { class: 'staff-table', id: 'webhooks-table' },
    h('caption', { class: 'visually-hidden' }, t('ui.admin.webhooks')),
    h('thead', null, h('tr', null, ['url', 'events', 'state', 'breaker', 'actions'].map((c) => h('th', { scope: 'col' }, t(`ui.admin.webhook.col.${c}`))))),
    tbody);
  section.append(secretSlot, h('div', { class: 'table-scroll' }, table), form);

  function row(w) {
    const id = encodeURIComponent(w.id);
    const toggle = h('button', { type: 'button', class: 'small', id: `webhook-toggle-${w.id}` },
      t(w.enabled ? 'ui.admin.webhook.switch-off' : 'ui.admin.webhook.switch-on'));
    toggle.addEventListener('click', async () => {
      toggle.disabled = true;
      try {
        const { data } = await api(`/admin/webhooks/${id}`, { method: 'PATCH', json: { enabled: !w.enabled } });
        say(t(data.enabled ? 'ui.admin.webhook.switched-on' : 'ui.admin.webhook.switched-off', nameOf(data)));
        const fresh = row(data);
        tr.replaceWith(fresh);
        document.getElementById(`webhook-toggle-${w.id}`).focus();
      } catch (err) {
        toggle.disabled = false;
        speakFailure(err);
      }
    });
    const rotate = h('button', { type: 'button', class: 'small', id: `webhook-rotate-${w.id}` }, t('ui.admin.webhook.rotate'));
    rotate.addEventListener('click', async () => {
      rotate.disabled = true;
      try {
        const { data } = await api(`/admin/webhooks/${id}/rotate-secret`, { method: 'POST' });
        const fresh = row(data);
        tr.replaceWith(fresh);
        say(t('ui.admin.webhook.rotated', nameOf(data), formatDateTime(data.previousSecretUntil)));
        secretBox(secretSlot, data, data.secret, () => document.getElementById(`webhook-rotate-${w.id}`).focus());
      } catch (err) {
        rotate.disabled = false;
        speakFailure(err);
      }
    });
    // Removing skips the webhook's waiting deliveries: a second press confirms it.
    const remove = h('button', { type: 'button', class: 'small danger', id: `webhook-delete-${w.id}` }, t('ui.admin.webhook.delete'));
    const confirm = h('button', { type: 'button', class: 'small danger', id: `webhook-delete-confirm-${w.id}`, hidden: true },
      t('ui.admin.webhook.delete-confirm'));
    remove.addEventListener('click', () => { confirm.hidden = false; confirm.focus(); say(t('ui.admin.webhook.delete-warning')); });
    confirm.addEventListener('click', async () => {
      confirm.disabled = true;
      try {
        await api(`/admin/webhooks/${id}`, { method: 'DELETE' });
        tr.remove();
        if (!tbody.firstChild) tbody.append(empty());
        say(t('ui.admin.webhook.deleted', nameOf(w)));
        url.focus();
      } catch (err) {
        confirm.disabled = false;
        speakFailure(err);
      }
    });
    const breaker = w.breaker || { state: 'closed', consecutiveFailures: 0 };
    const tr = h('tr', { dataset: { id: w.id, enabled: String(w.enabled), breaker: breaker.state } },
      h('td', { dataset: { label: t('ui.admin.webhook.col.url') } },
        h('code', { dir: 'ltr' }, w.url), w.description ? h('p', { class: 'meta' }, w.description) : null),
      h('td', { dataset: { label: t('ui.admin.webhook.col.events') } },
        (w.eventTypes || []).length ? h('ul', { class: 'plain' }, w.eventTypes.map((e) => h('li', null, h('code', null, e))))
          : t('ui.admin.webhook.all-events')),
      h('td', { dataset: { label: t('ui.admin.webhook.col.state') } },
        h('span', { class: `state-tag ${w.enabled ? 'state-active' : 'state-failed'}` }, t(w.enabled ? 'ui.admin.webhook.enabled' : 'ui.admin.webhook.disabled')),
        w.disabledReason ? h('p', { class: 'meta' }, w.disabledReason) : null),
      h('td', { dataset: { label: t('ui.admin.webhook.col.breaker') } },
        t(`ui.admin.webhook.breaker.${breaker.state}`),
        breaker.consecutiveFailures ? h('p', { class: 'meta' }, t('ui.admin.webhook.breaker-failures', breaker.consecutiveFailures)) : null,
        breaker.until ? h('p', { class: 'meta' }, t('ui.admin.webhook.breaker-until', formatDateTime(breaker.until))) : null),
      h('td', null, h('div', { class: 'row-actions' }, toggle, rotate,
        h('a', { href: `/staff/admin?section=deliveries&target=${encodeURIComponent(w.target)}`, id: `webhook-deliveries-${w.id}` },
          t('ui.admin.webhook.show-deliveries')),
        remove, confirm)));
    return tr;
  }

  function empty() {
    return h('tr', { class: 'empty' }, h('td', { colspan: 5 }, t('ui.admin.webhook.none')));
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const eventTypes = checks.filter((c) => c.checked).map((c) => c.value);
    try {
      const { data } = await api('/admin/webhooks', { method: 'POST',
        json: { url: url.value.trim(), eventTypes, description: description.value.trim() || null } });
      const placeholder = tbody.querySelector('tr.empty');
      if (placeholder) placeholder.remove();
      tbody.append(row(data));
      form.reset();
      say(t('ui.admin.webhook.created', nameOf(data)));
      secretBox(secretSlot, data, data.secret, () => url.focus());
    } catch (err) {
      showProblem(form, err.network ? { message: t('ui.error.offline') } : err);
    }
  });

  try {
    const { data } = await api('/admin/webhooks');
    for (const w of data.items || []) tbody.append(row(w));
    if (!tbody.firstChild) tbody.append(empty());
  } catch (err) {
    section.insertBefore(failure(err), secretSlot);
  }
}

/** The value of a datetime-local field as an ISO instant (the device's time), or null. */
function instant(input) {
  if (!input.value) return null;
  const date = new Date(input.value);
  return Number.isNaN(date.getTime()) ? input.value : date.toISOString();
}

export async function deliveries(section, query) {
  const applied = { target: query.get('target') || '', state: DELIVERY_STATES.includes(query.get('state')) ? query.get('state') : '' };
  const target = h('select', { name: 'target', id: 'deliveries-target' }, h('option', { value: '' }, t('ui.admin.delivery.all-targets')));
  const state = h('select', { name: 'state', id: 'deliveries-state' }, h('option', { value: '' }, t('ui.admin.delivery.all-states')),
    DELIVERY_STATES.map((s) => h('option', { value: s, selected: s === applied.state }, t(`ui.admin.delivery-state.${s}`))));
  const form = h('form', { id: 'deliveries-filter', class: 'staff-filters', role: 'search', novalidate: true },
    formProblem(), field(t('ui.admin.delivery.target'), target), field(t('ui.admin.delivery.state'), state),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'deliveries-submit' }, t('ui.filter.apply'))));
  const tbody = h('tbody', { id: 'deliveries-rows' });
  const columns = ['event', 'subject', 'target', 'state', 'attempts', 'status', 'latency', 'next', 'error', 'actions'];
  const table = h('table', { class: 'staff-table', id: 'deliveries-table' },
    h('caption', { class: 'visually-hidden' }, t('ui.admin.deliveries')),
    h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col' }, t(`ui.admin.delivery.col.${c}`))))), tbody);
  const more = h('button', { type: 'button', id: 'deliveries-more', hidden: true }, t('ui.list.more'));

  const from = h('input', { type: 'datetime-local', name: 'from', id: 'replay-from' });
  const to = h('input', { type: 'datetime-local', name: 'to', id: 'replay-to' });
  const replayAll = h('form', { id: 'replay-all-form', class: 'narrow', novalidate: true, 'aria-labelledby': 'replay-all-heading' },
    h('h3', { id: 'replay-all-heading' }, t('ui.admin.delivery.replay-all')),
    h('p', { class: 'hint' }, t('ui.admin.delivery.replay-all-hint')),
    formProblem(), field(t('ui.admin.delivery.from'), from), field(t('ui.admin.delivery.to'), to),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'replay-all-submit' }, t('ui.admin.delivery.replay-all-submit'))),
    h('p', { id: 'replay-all-result' }));
  const replayNote = h('p', { class: 'hint', id: 'replay-all-note' }, t('ui.admin.delivery.choose-target'));
  section.append(form, h('div', { class: 'table-scroll' }, table, more), replayAll, replayNote);


  function row(d) {
    const cells = [
      h('td', { dataset: { label: t('ui.admin.delivery.col.event') } }, h('code', { class: 'event-type' }, d.eventType || '—'),
        d.occurredAt ? h('p', { class: 'meta' }, formatDateTime(d.occurredAt)) : null),
      h('td', { dataset: { label: t('ui.admin.delivery.col.subject') } },
        d.subjectId ? h('a', { href: `/reports/${encodeURIComponent(d.subjectId)}` }, d.subjectId) : '—'),
      h('td', { dataset: { label: t('ui.admin.delivery.col.target') } }, h('code', null, d.target)),
      h('td', { dataset: { label: t('ui.admin.delivery.col.state') } },
        h('span', { class: `state-tag state-${d.state === 'dead' ? 'failed' : d.state}` }, t(`ui.admin.delivery-state.${d.state}`))),
      h('td', { class: 'num', dataset: { label: t('ui.admin.delivery.col.attempts') } }, String(d.attempts)),
      h('td', { class: 'num', dataset: { label: t('ui.admin.delivery.col.status') } }, d.lastStatus == null ? '—' : String(d.lastStatus)),
      h('td', { class: 'num', dataset: { label: t('ui.admin.delivery.col.latency') } }, d.latencyMs == null ? '—' : t('ui.admin.delivery.ms', d.latencyMs)),
      h('td', { dataset: { label: t('ui.admin.delivery.col.next') } }, d.nextAttemptAt ? formatDateTime(d.nextAttemptAt) : '—'),
      h('td', { dataset: { label: t('ui.admin.delivery.col.error') } }, d.lastError || '—'),
    ];
    const actions = h('td', null);
    if (d.state === 'dead') {
      const replay = h('button', { type: 'button', class: 'small', id: `delivery-replay-${d.id}` }, t('ui.admin.delivery.replay'));
      replay.addEventListener('click', async () => {
        replay.disabled = true;
        try {
          const { data } = await api(`/admin/deliveries/${encodeURIComponent(d.id)}/replay`, { method: 'POST' });
          const fresh = row(data);
          tr.replaceWith(fresh);
          say(t('ui.admin.delivery.replayed', data.eventType || data.eventId));
          fresh.querySelector('td').setAttribute('tabindex', '-1');
          fresh.querySelector('td').focus();
        } catch (err) {
          replay.disabled = false;
          speakFailure(err);
        }
      });
      actions.append(replay);
    }
    const tr = h('tr', { dataset: { id: d.id, state: d.state, event: d.eventId, subject: d.subjectId || '' } }, cells, actions);
    return tr;
  }

  let cursor = null;
  async function load(reset) {
    clearErrors(form);
    try {
      const { data } = await api('/admin/deliveries', { query: { target: applied.target, state: applied.state, limit: 50, cursor: reset ? null : cursor } });
      if (reset) tbody.replaceChildren();
      for (const d of data.items || []) tbody.append(row(d));
      if (!tbody.firstChild) tbody.append(h('tr', null, h('td', { colspan: columns.length }, t('ui.admin.delivery.none'))));
      cursor = data.next;
      more.hidden = !cursor;
    } catch (err) {
      showProblem(form, err.network ? { message: t('ui.error.offline') } : err);
    }
  }

  function showReplayAll() {
    replayAll.hidden = !applied.target;
    replayNote.hidden = !!applied.target;
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    applied.target = target.value;
    applied.state = state.value;
    const p = new URLSearchParams({ section: 'deliveries' });
    if (applied.target) p.set('target', applied.target);
    if (applied.state) p.set('state', applied.state);
    history.replaceState(null, '', `${location.pathname}?${p}`);
    showReplayAll();
    load(true);
  });
  more.addEventListener('click', () => load(false));
  replayAll.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(replayAll);
    const result = document.getElementById('replay-all-result');
    result.textContent = '';
    try {
      const { data } = await api('/admin/deliveries/replay', { method: 'POST',
        json: { target: applied.target, from: instant(from), to: instant(to) } });
      const text = t('ui.admin.delivery.replayed-all', data.replayed);
      result.textContent = text;
      say(text);
      await load(true);
    } catch (err) {
      showProblem(replayAll, err.network ? { message: t('ui.error.offline') } : err);
    }
  });
  // The targets to choose from (the filter's handlers are in place first): every webhook, and the plugins that get deliveries.
  try {
    const [hooks, plugins] = await Promise.all([api('/admin/webhooks'), api('/admin/plugins')]);
    for (const w of hooks.data.items || []) {
      target.append(h('option', { value: w.target }, t('ui.admin.delivery.webhook', nameOf(w))));
    }
    for (const p of plugins.data.items || []) {
      if (DELIVERING_KINDS.includes(p.kind)) target.append(h('option', { value: `${p.kind}/${p.id}` }, t('ui.admin.delivery.plugin', `${p.kind}/${p.id}`)));
    }
  } catch (err) {
    section.insertBefore(failure(err), form);
  }
  // A target of the address that is not in the list (a job, a removed webhook) stays choosable.
  if (applied.target && ![...target.options].some((o) => o.value === applied.target)) {
    target.append(h('option', { value: applied.target }, applied.target));
  }
  target.value = applied.target;
  showReplayAll();
  await load(true);
}
