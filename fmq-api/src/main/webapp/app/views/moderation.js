// Moderator queue (/staff/moderation; moderators and administrators): the flagged reports and
// comments, first flagged first (or the resolved ones), each with its reasons and counts, and
// what a moderator does about it, always with a reason: dismiss the flags, hide or show the
// report or comment, merge a duplicate report into the original, and look at its photos to
// hide one or blur parts of it. "Open a report by its id" reaches content nobody flagged.
// Blurring: rectangles are drawn on the photo with a pointer, or added and adjusted as numbers
// (per cent of the photo from its top-left corner), which is also the keyboard's way; they are
// sent as fractions, as POST /moderation/photos/{id}/redact expects.
import { h, field, formProblem, showProblem, clearErrors, say, problemText } from '../dom.js';
import { api } from '../api.js';
import { t, formatDateTime } from '../i18n.js';
import { reasonInput, staffImage } from './staff.js';

const MAX_REGIONS = 20;

/** A form with the given fields and a reason, sending body() to path; onDone after a 2xx. */
function reasonForm(id, label, extraFields, send, onDone, onCancel) {
  const reason = reasonInput(`${id}-reason`);
  const submit = h('button', { type: 'submit', class: 'primary', id: `${id}-submit` }, label);
  const form = h('form', { class: 'staff-form', id, novalidate: true },
    formProblem(), extraFields.map((f) => f.field), field(t('ui.staff.reason'), reason),
    h('div', { class: 'actions' }, submit, h('button', { type: 'button', onclick: onCancel }, t('ui.action.cancel'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    submit.disabled = true;
    try {
      const body = { reason: reason.value.trim() };
      for (const f of extraFields) body[f.name] = f.read();
      const answer = await send(body);
      onDone(answer);
    } catch (err) {
      showProblem(form, err.network ? { message: t('ui.error.offline') } : err);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

/** Buttons that each open one form in a shared slot below them (one open at a time). */
function actionBar(prefix, entries) {
  const slot = h('div', { class: 'action-slot', id: `${prefix}-slot` });
  const close = (button) => { slot.replaceChildren(); button.setAttribute('aria-expanded', 'false'); button.focus(); };
  const buttons = entries.map(({ key, label, open }) => {
    const button = h('button', { type: 'button', id: `${prefix}-${key}`, 'aria-expanded': 'false', 'aria-controls': slot.id }, label);
    button.addEventListener('click', () => {
      const wasOpen = button.getAttribute('aria-expanded') === 'true';
      for (const b of buttons) b.setAttribute('aria-expanded', 'false');
      slot.replaceChildren();
      if (wasOpen) return;
      button.setAttribute('aria-expanded', 'true');
      const content = open(() => close(button));
      slot.append(content);
      const first = content.querySelector('input, select, textarea, button');
      if (first) first.focus();
    });
    return button;
  });
  return [h('div', { class: 'actions' }, buttons), slot];
}

/** The photo editor: rectangles by pointer or by numbers, then POST .../redact. */
function redactor(photo, onDone, onCancel) {
  const file = photo.files.unredacted || photo.files.medium || photo.files.original || photo.files.thumbnail;
  const { img, release } = staffImage(file, t('ui.moderation.photo-alt'));
  const overlay = h('div', { class: 'redact-overlay', 'aria-hidden': 'true' });
  const stage = h('div', { class: 'redact-stage', dataset: { testid: 'redact-stage' } }, img, overlay);
  const list = h('ol', { class: 'redact-regions', id: `redact-regions-${photo.id}` });
  const regions = [];
  const pct = (v) => Math.round(v * 1000) / 10;

  function draw() {
    overlay.replaceChildren(...regions.map((r, i) => {
      const box = h('div', { class: 'redact-box' }, String(i + 1));
      Object.assign(box.style, { left: `${r.x * 100}%`, top: `${r.y * 100}%`, width: `${r.width * 100}%`, height: `${r.height * 100}%` });
      return box;
    }));
    list.replaceChildren(...regions.map((r, i) => {
      const inputs = ['x', 'y', 'width', 'height'].map((k) => {
        const input = h('input', { type: 'number', min: 0, max: 100, step: 0.1, inputmode: 'decimal', value: pct(r[k]),
          name: `regions[${i}].${k}`, id: `region-${photo.id}-${i}-${k}` });
        input.addEventListener('change', () => {
          const v = Number(input.value);
          if (Number.isFinite(v)) r[k] = Math.min(1, Math.max(0, v / 100));
          draw();
          document.getElementById(input.id).focus();
        });
        return h('div', { class: 'field' }, h('label', { for: input.id }, t(`ui.moderation.region.${k}`)), input);
      });
      return h('li', null, h('fieldset', null, h('legend', null, t('ui.moderation.region', i + 1)), h('div', { class: 'region-fields' }, inputs),
        h('p', { class: 'field-error', dataset: { errorFor: `regions[${i}]` } }),
        h('button', { type: 'button', class: 'small', onclick: () => { regions.splice(i, 1); draw(); add.focus(); say(t('ui.moderation.region-removed', i + 1)); } },
          t('ui.moderation.region-remove', i + 1))));
    }));
    add.disabled = regions.length >= MAX_REGIONS;
  }

  const add = h('button', { type: 'button', id: `redact-add-${photo.id}` }, t('ui.moderation.region-add'));
  add.addEventListener('click', () => {
    regions.push({ x: 0.4, y: 0.4, width: 0.2, height: 0.2 });
    draw();
    say(t('ui.moderation.region-added', regions.length));
    const first = list.querySelector('li:last-child input');
    if (first) first.focus();
  });

  // Pointer drawing: press, drag, release; the rectangle then appears in the list as numbers.
  let start = null;
  let draft = null;
  const point = (e) => {
    const box = img.getBoundingClientRect();
    return { x: Math.min(1, Math.max(0, (e.clientX - box.left) / box.width)), y: Math.min(1, Math.max(0, (e.clientY - box.top) / box.height)) };
  };
  const rect = (a, b) => ({ x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(a.x - b.x), height: Math.abs(a.y - b.y) });
  stage.addEventListener('pointerdown', (e) => {
    if (e.button !== 0 || regions.length >= MAX_REGIONS) return;
    e.preventDefault();
    stage.setPointerCapture(e.pointerId);
    start = point(e);
    draft = h('div', { class: 'redact-box draft' });
    overlay.append(draft);
  });
  stage.addEventListener('pointermove', (e) => {
    if (!start) return;
    const r = rect(start, point(e));
    Object.assign(draft.style, { left: `${r.x * 100}%`, top: `${r.y * 100}%`, width: `${r.width * 100}%`, height: `${r.height * 100}%` });
  });
  const finish = (e) => {
    if (!start) return;
    const r = rect(start, point(e));
    start = null;
    if (r.width > 0.01 && r.height > 0.01) {
      regions.push(r);
      say(t('ui.moderation.region-added', regions.length));
    }
    draw();
  };
  stage.addEventListener('pointerup', finish);
  stage.addEventListener('pointercancel', () => { start = null; draw(); });

  const form = reasonForm(`redact-${photo.id}`, t('ui.moderation.redact-submit'), [{
    name: 'regions', field: h('div', null, h('p', { class: 'hint' }, t('ui.moderation.redact-hint')), stage, list,
      h('div', { class: 'actions' }, add), h('p', { class: 'field-error', dataset: { errorFor: 'regions' } })),
    read: () => regions.map((r) => ({ x: r.x, y: r.y, width: Math.min(r.width, 1 - r.x), height: Math.min(r.height, 1 - r.y) })),
  }], (body) => api(`/moderation/photos/${encodeURIComponent(photo.id)}/redact`, { method: 'POST', json: body }),
  (answer) => { release(); onDone(answer); }, () => { release(); onCancel(); });
  form.classList.add('redact-form');
  draw();
  return form;
}

/** The photos of a report or comment, each with hide/show and blur. */
function photoPanel(photos, prefix, refresh) {
  if (!photos.length) return h('p', { class: 'muted' }, t('ui.moderation.no-photos'));
  return h('ul', { class: 'staff-photos' }, photos.map((p, i) => {
    const file = p.files && (p.files.thumbnail || p.files.medium);
    const picture = file ? staffImage(file, t('ui.moderation.photo-n', i + 1)).img : h('span', { class: 'muted' }, t(`ui.moderation.photo-state.${p.state}`));
    const hide = p.hidden ? 'unhide' : 'hide';
    const entries = [{ key: hide, label: t(`ui.staff.${hide}`), open: (close) => reasonForm(`${prefix}-${p.id}-${hide}`, t(`ui.staff.${hide}`), [],
      (body) => api(`/moderation/photos/${encodeURIComponent(p.id)}/${hide}`, { method: 'POST', json: body }),
      () => { say(t(`ui.staff.done.${hide}`)); refresh(); }, close) }];
    if (p.state === 'ready') {
      entries.push({ key: 'redact', label: t('ui.moderation.redact'), open: (close) => redactor(p, () => { say(t('ui.moderation.redacted')); refresh(); }, close) });
    }
    return h('li', { dataset: { id: p.id } }, picture,
      h('p', { class: 'meta' }, t('ui.moderation.photo-n', i + 1), p.redacted ? ` · ${t('ui.moderation.is-redacted')}` : '',
        p.hidden ? ` · ${t('ui.staff.hidden')}` : ''),
      actionBar(`${prefix}-${p.id}`, entries));
  }));
}

/** Loads the photos of a flagged report or comment (staff see hidden ones, marked). */
async function photosOf(item) {
  const rid = encodeURIComponent(item.reportId);
  if (item.targetKind === 'report') return (await api(`/reports/${rid}`)).data.photos || [];
  const { data } = await api(`/reports/${rid}/comments`);
  const c = (data.items || []).find((x) => x.id === item.commentId);
  return c ? c.photos || [] : [];
}

export async function mount(main) {
  const state = h('select', { id: 'moderation-state', name: 'state' },
    ['open', 'resolved'].map((s) => h('option', { value: s }, t(`ui.moderation.state.${s}`))));
  const lookupId = h('input', { type: 'text', name: 'id', id: 'moderation-lookup-id', autocomplete: 'off' });
  const lookup = h('form', { id: 'moderation-lookup', class: 'inline-form', novalidate: true },
    formProblem(), field(t('ui.moderation.lookup'), lookupId, t('ui.flag.duplicate-hint')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'moderation-lookup-submit' }, t('ui.moderation.lookup-submit'))));
  const looked = h('div', { id: 'moderation-looked' });
  const count = h('p', { id: 'moderation-count', role: 'status', tabindex: '-1' });
  const queue = h('ul', { class: 'queue', id: 'flag-queue' });
  const more = h('button', { type: 'button', id: 'moderation-more', hidden: true }, t('ui.list.more'));
  main.append(h('h1', null, t('ui.moderation.title')),
    h('div', { class: 'staff-filters' }, field(t('ui.moderation.state'), state)), count, queue, more,
    h('section', { 'aria-labelledby': 'lookup-heading' }, h('h2', { id: 'lookup-heading' }, t('ui.moderation.lookup-heading')), lookup, looked));

  let cursor = null;
  let total = 0;

  function card(item, refresh, level = 'h2') {
    const rid = encodeURIComponent(item.reportId);
    const key = item.commentId ? `c-${item.commentId}` : `r-${item.reportId}`;
    const isReport = item.targetKind === 'report';
    const target = isReport ? `/moderation/reports/${rid}` : `/moderation/comments/${encodeURIComponent(item.commentId)}`;
    const hide = item.hidden ? 'unhide' : 'hide';
    const photoSlot = h('div');
    const entries = [];
    if (item.flags) {
      entries.push({ key: 'dismiss', label: t('ui.moderation.dismiss'), open: (close) => reasonForm(`${key}-dismiss`, t('ui.moderation.dismiss'), [],
        (body) => api('/moderation/flags/dismiss', { method: 'POST', json: { reportId: item.reportId, commentId: item.commentId || null, ...body } }),
        ({ data }) => { say(t('ui.moderation.dismissed', data.resolved)); refresh(); }, close) });
    }
    entries.push({ key: hide, label: t(`ui.staff.${hide}`), open: (close) => reasonForm(`${key}-${hide}`, t(`ui.staff.${hide}`), [],
      (body) => api(`${target}/${hide}`, { method: 'POST', json: body }),
      () => { say(t(`ui.staff.done.${hide}`)); refresh(); }, close) });
    if (isReport) {
      entries.push({ key: 'merge', label: t('ui.moderation.merge'), open: (close) => {
        const into = h('input', { type: 'text', name: 'into', id: `${key}-into`, required: true, autocomplete: 'off' });
        return reasonForm(`${key}-merge`, t('ui.moderation.merge'),
          [{ name: 'into', field: field(t('ui.moderation.merge-into'), into, t('ui.flag.duplicate-hint')), read: () => into.value.trim() }],
          (body) => api(`/moderation/reports/${rid}/merge`, { method: 'POST', json: body }),
          () => { say(t('ui.moderation.merged')); refresh(); }, close);
      } });
    }
    const photosButton = h('button', { type: 'button', id: `${key}-photos`, 'aria-expanded': 'false' }, t('ui.moderation.photos'));
    const drawPhotos = async () => {
      try {
        photoSlot.replaceChildren(photoPanel(await photosOf(item), key, drawPhotos));
      } catch (err) {
        photoSlot.replaceChildren(h('p', null, err.network ? t('ui.error.offline') : problemText(err)));
      }
    };
    photosButton.addEventListener('click', () => {
      const open = photosButton.getAttribute('aria-expanded') !== 'true';
      photosButton.setAttribute('aria-expanded', String(open));
      if (open) drawPhotos(); else photoSlot.replaceChildren();
    });
    const reasons = Object.entries(item.reasons || {}).map(([r, n]) => t('ui.moderation.reason-count', t(`ui.flag.reason.${r}`), n)).join(' · ');
    return h('li', { class: 'queue-item', dataset: { id: item.commentId || item.reportId, kind: item.targetKind } },
      h(level, null, h('span', { class: 'kind-tag' }, t(`ui.moderation.kind.${item.targetKind}`)), ' ', item.preview || '—'),
      h('p', { class: 'meta' },
        item.flags ? t('ui.moderation.flags', item.flags, formatDateTime(item.firstFlaggedAt), formatDateTime(item.lastFlaggedAt)) : null,
        item.hidden ? [' · ', h('strong', null, t('ui.staff.hidden'))] : null),
      reasons ? h('p', null, reasons) : null,
      h('p', null, h('a', { href: `/reports/${rid}` }, t('ui.moderation.open-report'))),
      actionBar(key, entries), h('div', { class: 'actions' }, photosButton), photoSlot);
  }

  async function load(reset) {
    main.setAttribute('aria-busy', 'true');
    try {
      const { data } = await api('/moderation/flags', { query: { state: state.value, limit: 20, cursor: reset ? null : cursor } });
      if (reset) { queue.replaceChildren(); total = 0; }
      for (const item of data.items || []) queue.append(card(item, () => reload()));
      total += (data.items || []).length;
      cursor = data.next;
      more.hidden = !cursor;
      count.textContent = total ? t('ui.moderation.count', total) : t('ui.moderation.empty');
    } catch (err) {
      count.textContent = err.network ? t('ui.error.offline') : problemText(err);
    } finally {
      main.setAttribute('aria-busy', 'false');
    }
  }
  // After an action the item may leave the queue: draw it again and put focus on its count.
  async function reload() {
    await load(true);
    count.focus();
  }

  state.addEventListener('change', () => load(true));
  more.addEventListener('click', () => load(false));
  lookup.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(lookup);
    const id = lookupId.value.trim();
    try {
      const { data } = await api(`/reports/${encodeURIComponent(id)}`);
      const show = async () => {
        const { data: fresh } = await api(`/reports/${encodeURIComponent(data.id)}`);
        looked.replaceChildren(h('ul', { class: 'queue' }, card({ targetKind: 'report', reportId: fresh.id, commentId: null, preview: fresh.title,
          flags: 0, reasons: {}, hidden: !!fresh.hidden }, show, 'h3')));
      };
      await show();
    } catch (err) {
      showProblem(lookup, err.network ? { message: t('ui.error.offline') } : err);
    }
  });
  await load(true);
  return null;
}
