// The signed-in person's notifications (/notifications), newest first, page by page, with
// "mark read" for one and "read all"; the unread count in the header follows.
import { h, clear, say, problemText } from '../dom.js';
import { api } from '../api.js';
import { t, formatDateTime } from '../i18n.js';

export async function mount(main) {
  let cursor = null;
  let unread = 0;
  const list = h('ul', { class: 'plain-list', id: 'notification-list' });
  const summary = h('p', { id: 'notification-summary', role: 'status' });
  const readAll = h('button', { type: 'button', id: 'read-all' }, t('ui.notifications.read-all'));
  const more = h('button', { type: 'button', id: 'notifications-more', hidden: true }, t('ui.list.more'));
  main.append(h('h1', null, t('ui.notifications.title')), summary, h('div', { class: 'actions' }, readAll), list, more);

  function setUnread(n) {
    unread = n;
    summary.textContent = n ? t('ui.notifications.unread-count', n) : t('ui.notifications.all-read');
    readAll.disabled = n === 0;
    window.dispatchEvent(new CustomEvent('fmq:unread', { detail: n }));
  }

  function item(n) {
    const mark = n.read ? null : h('button', { type: 'button', class: 'mark-read', dataset: { id: n.id } }, t('ui.notifications.mark-read'));
    const li = h('li', { class: n.read ? '' : 'unread', dataset: { id: n.id } },
      h('p', null, h('a', { href: `/reports/${encodeURIComponent(n.reportId)}` }, n.subject)),
      n.text ? h('p', { class: 'comment-text' }, n.text) : null,
      h('p', { class: 'meta' }, [t(`ui.notifications.reason.${String(n.reason).toLowerCase()}`), formatDateTime(n.createdAt),
        n.read ? t('ui.notifications.read') : t('ui.notifications.unread')].join(' · ')),
      mark);
    if (mark) {
      mark.addEventListener('click', async () => {
        try {
          const { data } = await api(`/me/notifications/${encodeURIComponent(n.id)}/read`, { method: 'POST' });
          n.read = true;
          const fresh = item(n);
          li.replaceWith(fresh);
          setUnread(data.unread);
          say(t('ui.notifications.marked'));
          // Focus would be lost with the removed button: keep it on the same notification.
          const link = fresh.querySelector('a');
          if (link) link.focus();
        } catch (err) {
          say(err.network ? t('ui.error.offline') : problemText(err), true);
        }
      });
    }
    return li;
  }

  async function load(reset) {
    main.setAttribute('aria-busy', 'true');
    try {
      const { data } = await api('/me/notifications', { query: { limit: 20, cursor: reset ? null : cursor } });
      if (reset) clear(list);
      for (const n of data.items || []) list.append(item(n));
      if (!list.children.length) list.append(h('li', { class: 'muted' }, t('ui.notifications.none')));
      cursor = data.next;
      more.hidden = !cursor;
      setUnread(data.unread || 0);
    } catch (err) {
      summary.textContent = err.network ? t('ui.error.offline') : problemText(err);
    } finally {
      main.setAttribute('aria-busy', 'false');
    }
  }

  readAll.addEventListener('click', async () => {
    try {
      const { data } = await api('/me/notifications/read-all', { method: 'POST' });
      await load(true);
      setUnread(data.unread);
      say(t('ui.notifications.all-marked', data.marked));
    } catch (err) {
      say(err.network ? t('ui.error.offline') : problemText(err), true);
    }
  });
  more.addEventListener('click', async () => {
    const before = list.children.length;
    await load(false);
    const next = list.children[before];
    if (next && next.querySelector('a')) next.querySelector('a').focus();
  });

  await load(true);
  return null;
}
