// What the staff views share (not a view itself; loaded only by them and, for staff accounts,
// by the report view): the report actions of operators and moderators as small forms, applying
// one action to several reports with a result per report, the CSV download with the token, and
// staff-only photo files (fetched with the token, shown from a blob: URL).
import { h, field, formProblem, showProblem, clearErrors, say, problemText, nextId } from '../dom.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { hasRole } from '../session.js';

export const STATUSES = ['open', 'in_progress', 'resolved', 'duplicate', 'rejected'];

/** Who may do what (the server decides; this only hides what would be refused). */
export const can = {
  status: () => hasRole('operator', 'moderator', 'administrator'),
  assign: () => hasRole('operator', 'administrator'),
  reply: () => hasRole('operator', 'administrator'),
  hide: () => hasRole('moderator', 'administrator'),
};

/** A required reason field (1 to 500 characters), named "reason" as in every request body. */
export function reasonInput(id) {
  return h('input', { type: 'text', name: 'reason', id: id || nextId('reason'), maxlength: 500, required: true, autocomplete: 'off' });
}

/** The requests behind each action; each resolves to the API's answer. */
export const actions = {
  status: (id, { status, reason }) => api(`/reports/${encodeURIComponent(id)}/status`, { method: 'POST', json: { status, reason } }),
  assign: (id, { team, reason }) => api(`/reports/${encodeURIComponent(id)}/assignment`, { method: 'POST', json: { team: team || null, reason } }),
  reply: (id, { text }) => api(`/reports/${encodeURIComponent(id)}/comments`, { method: 'POST', json: { text, official: true } }),
  hide: (id, { hide, reason }) => api(`/moderation/reports/${encodeURIComponent(id)}/${hide ? 'hide' : 'unhide'}`, { method: 'POST', json: { reason } }),
};

/**
 * The fields of one action, for a form: status (target + reason), assign (team + reason;
 * empty team unassigns), reply (official text), hide (reason; hide or unhide by `hidden`).
 * Returns {fields, read()} where read() gives the body for actions[kind].
 */
export function actionFields(kind, prefix, report) {
  if (kind === 'status') {
    const status = h('select', { name: 'status', id: `${prefix}-status` },
      STATUSES.map((s) => h('option', { value: s, selected: report && s === report.status }, t(`ui.status.${s}`))));
    const reason = reasonInput(`${prefix}-status-reason`);
    return { fields: [field(t('ui.staff.new-status'), status), field(t('ui.staff.reason'), reason, t('ui.staff.reason-public'))],
      read: () => ({ status: status.value, reason: reason.value.trim() }) };
  }
  if (kind === 'assign') {
    const team = h('input', { type: 'text', name: 'team', id: `${prefix}-team`, maxlength: 100, value: report && report.assignedTo || '' });
    const reason = reasonInput(`${prefix}-assign-reason`);
    return { fields: [field(t('ui.staff.team'), team, t('ui.staff.team-hint')), field(t('ui.staff.reason'), reason, t('ui.staff.reason-public'))],
      read: () => ({ team: team.value.trim(), reason: reason.value.trim() }) };
  }
  if (kind === 'reply') {
    const text = h('textarea', { name: 'text', id: `${prefix}-reply`, maxlength: 2000, rows: 3, required: true });
    return { fields: [field(t('ui.staff.reply'), text, t('ui.staff.reply-hint'))], read: () => ({ text: text.value.trim() }) };
  }
  const reason = reasonInput(`${prefix}-hide-reason`);
  return { fields: [field(t('ui.staff.reason'), reason)], read: () => ({ hide: !(report && report.hidden), reason: reason.value.trim() }) };
}

/**
 * The staff panel of one report (report view): a button per allowed action, each opening its
 * form; onDone(kind, answer) lets the view redraw what changed.
 */
export function reportPanel(report, onDone) {
  const kinds = ['status', 'assign', 'reply', 'hide'].filter((k) => can[k]());
  if (!kinds.length) return null;
  const slot = h('div', { id: 'staff-form-slot' });
  const buttons = kinds.map((kind) => {
    const label = kind === 'hide' ? (report.hidden ? t('ui.staff.unhide') : t('ui.staff.hide')) : t(`ui.staff.action.${kind}`);
    const button = h('button', { type: 'button', id: `staff-${kind}`, 'aria-expanded': 'false', 'aria-controls': 'staff-form-slot' }, label);
    button.addEventListener('click', () => {
      const open = button.getAttribute('aria-expanded') === 'true';
      for (const b of buttons) b.setAttribute('aria-expanded', 'false');
      slot.replaceChildren();
      if (open) return;
      button.setAttribute('aria-expanded', 'true');
      const { fields, read } = actionFields(kind, `staff-${kind}`, report);
      const submit = h('button', { type: 'submit', class: 'primary', id: `staff-${kind}-submit` }, label);
      const form = h('form', { class: 'staff-form', novalidate: true, dataset: { testid: `staff-${kind}-form` } },
        formProblem(), fields, h('div', { class: 'actions' }, submit,
          h('button', { type: 'button', onclick: () => { slot.replaceChildren(); button.setAttribute('aria-expanded', 'false'); button.focus(); } }, t('ui.action.cancel'))));
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        clearErrors(form);
        submit.disabled = true;
        try {
          const { data } = await actions[kind](report.id, read());
          say(t(`ui.staff.done.${kind}`));
          slot.replaceChildren();
          button.setAttribute('aria-expanded', 'false');
          onDone(kind, data);
        } catch (err) {
          showProblem(form, err.network ? { message: t('ui.error.offline') } : err);
        } finally {
          submit.disabled = false;
        }
      });
      slot.append(form);
      form.querySelector('select, input, textarea').focus();
    });
    return button;
  });
  return h('section', { class: 'staff-panel', 'aria-labelledby': 'staff-panel-heading', dataset: { testid: 'staff-panel' } },
    h('h2', { id: 'staff-panel-heading' }, t('ui.staff.panel')),
    report.hidden ? h('p', { class: 'notice warn', id: 'report-hidden' }, t('ui.staff.hidden-because', report.hidden.reason)) : null,
    h('div', { class: 'actions' }, buttons), slot);
}

/** Hide or show one comment (moderators, report view): a button opening a reason form. */
export function commentModeration(comment, onDone) {
  const hide = !comment.hidden;
  const label = hide ? t('ui.staff.hide') : t('ui.staff.unhide');
  const slot = h('div');
  const button = h('button', { type: 'button', class: 'small', 'aria-expanded': 'false', id: `comment-${hide ? 'hide' : 'unhide'}-${comment.id}` }, label);
  button.addEventListener('click', () => {
    if (slot.firstChild) { slot.replaceChildren(); button.setAttribute('aria-expanded', 'false'); return; }
    button.setAttribute('aria-expanded', 'true');
    const reason = reasonInput(`comment-reason-${comment.id}`);
    const form = h('form', { class: 'staff-form', novalidate: true }, formProblem(), field(t('ui.staff.reason'), reason),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, label),
        h('button', { type: 'button', onclick: () => { slot.replaceChildren(); button.setAttribute('aria-expanded', 'false'); button.focus(); } }, t('ui.action.cancel'))));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form);
      try {
        const { data } = await api(`/moderation/comments/${encodeURIComponent(comment.id)}/${hide ? 'hide' : 'unhide'}`,
          { method: 'POST', json: { reason: reason.value.trim() } });
        say(t(`ui.staff.done.${hide ? 'hide' : 'unhide'}`));
        onDone(data);
      } catch (err) {
        showProblem(form, err.network ? { message: t('ui.error.offline') } : err);
      }
    });
    slot.append(form);
    reason.focus();
  });
  return [button, slot];
}

/**
 * Runs one action on several reports, one request after the other (so the server sees a
 * person's pace, not a burst), and lists each outcome: done, or the report and why not.
 */
export async function applyToMany(items, kind, body, resultList) {
  resultList.replaceChildren();
  let failed = 0;
  for (const item of items) {
    try {
      await actions[kind](item.id, body);
      resultList.append(h('li', { class: 'ok', dataset: { id: item.id } }, t('ui.staff.result-ok', item.title)));
    } catch (err) {
      failed += 1;
      resultList.append(h('li', { class: 'failed', dataset: { id: item.id } },
        t('ui.staff.result-failed', item.title, err.network ? t('ui.error.offline') : problemText(err))));
    }
  }
  say(t('ui.staff.results', items.length - failed, failed), failed > 0);
  return failed;
}

/** Saves a Blob as a file (CSV export) without putting anything in a URL but a blob: one. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/**
 * An <img> of a photo file that may be staff-only: its bytes are fetched with the token and
 * shown from a blob: URL (an <img src> would send no token). Returns {img, ready, release}.
 */
export function staffImage(file, alt) {
  const img = h('img', { alt, width: file.width, height: file.height });
  let objectUrl = null;
  const url = new URL(file.url, location.href);
  // A file on another origin (a CDN) is public: never send the token there.
  if (url.origin !== location.origin) {
    img.src = url.href;
    return { img, ready: Promise.resolve(img), release: () => {} };
  }
  const ready = api(url.href, { blob: true, accept: 'image/*' }).then(({ data }) => {
    objectUrl = URL.createObjectURL(data);
    img.src = objectUrl;
    return img;
  }).catch(() => {
    img.replaceWith(h('span', { class: 'muted' }, t('ui.staff.image-failed')));
    return img;
  });
  return { img, ready, release: () => { if (objectUrl) URL.revokeObjectURL(objectUrl); } };
}
