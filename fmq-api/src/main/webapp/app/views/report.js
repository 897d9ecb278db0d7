// One report (/reports/{id}): what, where, its photos, its public history with reasons, its
// comments (official replies marked), and what a signed-in person may do: support it, follow
// it, flag it, comment on it. A visitor is sent to sign in for those, and comes back here.
import { h, clear, field, formProblem, showProblem, clearErrors, say, problemText } from '../dom.js';
import { api } from '../api.js';
import { t, formatDateTime } from '../i18n.js';
import { categoryName } from '../categories.js';
import { signedIn, hasRole } from '../session.js';
import { reportShapeMap } from '../shapes.js';

const FLAG_REASONS = ['spam', 'abusive', 'personal_data', 'duplicate', 'other'];

function photoList(photos, title) {
  const ready = (photos || []).filter((p) => p.state === 'ready' && p.files && (p.files.thumbnail || p.files.medium));
  // Only the uploader sees photos still being made smaller and cleaned of their metadata.
  const waiting = (photos || []).filter((p) => p.state === 'processing').length;
  const note = waiting ? h('p', { class: 'muted' }, t('ui.report.photos-processing', waiting)) : null;
  if (!ready.length) return note;
  return h('div', null, note, h('ul', { class: 'photos' }, ready.map((p, i) => {
    const small = p.files.thumbnail || p.files.medium;
    const large = p.files.medium || small;
    return h('li', null, h('a', { href: large.url, target: '_blank', rel: 'noopener' },
      h('img', { src: small.url, alt: t('ui.report.photo-alt', i + 1, title), width: small.width, height: small.height, loading: 'lazy' })));
  })));
}

/** A small form to flag a report or a comment, shown when its button is pressed. */
function flagForm(path, withDuplicate, onDone) {
  const reason = h('select', { name: 'reason', id: `flag-reason-${path.replace(/\W/g, '')}` },
    FLAG_REASONS.filter((r) => withDuplicate || r !== 'duplicate').map((r) => h('option', { value: r }, t(`ui.flag.reason.${r}`))));
  const note = h('textarea', { name: 'note', maxlength: 500, rows: 2 });
  const duplicateOf = h('input', { type: 'text', name: 'duplicateOf' });
  const dupField = withDuplicate ? field(t('ui.flag.duplicate-of'), duplicateOf, t('ui.flag.duplicate-hint')) : null;
  if (dupField) dupField.hidden = true;
  reason.addEventListener('change', () => { if (dupField) dupField.hidden = reason.value !== 'duplicate'; });
  const form = h('form', { class: 'flag-form', novalidate: true },
    formProblem(),
    field(t('ui.flag.reason'), reason), dupField, field(t('ui.flag.note'), note),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, t('ui.flag.submit')),
      h('button', { type: 'button', onclick: () => onDone(false) }, t('ui.action.cancel'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = { reason: reason.value };
    if (note.value.trim()) body.note = note.value.trim();
    if (reason.value === 'duplicate') body.duplicateOf = duplicateOf.value.trim();
    try {
      await api(path, { method: 'POST', json: body });
      say(t('ui.flag.done'));
      onDone(true);
    } catch (err) {
      showProblem(form, err.network ? { message: t('ui.error.offline') } : err);
    }
  });
  return form;
}

function signInFirst(navigate, id) {
  navigate(`/signin?next=${encodeURIComponent(`/reports/${id}`)}`);
}

export async function mount(main, { params, navigate }) {
  const id = params.id;
  // Staff actions (status, assignment, official reply, hiding) load only for staff accounts.
  const staff = hasRole('operator', 'moderator', 'administrator') ? await import('./staff.js') : null;
  let report;
  try {
    ({ data: report } = await api(`/reports/${encodeURIComponent(id)}`));
  } catch (err) {
    main.append(h('h1', null, err.status === 404 ? t('ui.report.not-found') : t('ui.error.view.title')),
      h('p', null, err.network ? t('ui.error.offline') : problemText(err)),
      h('p', null, h('a', { href: '/' }, t('ui.nav.map'))));
    return null;
  }
  // A duplicate merged into another report answers with the original (308): show its address.
  if (report.id !== id) {
    history.replaceState(null, '', `/reports/${encodeURIComponent(report.id)}`);
    say(t('ui.report.merged-redirect'));
  }
  const rid = encodeURIComponent(report.id);
  const loc = report.location || {};
  const where = loc.address || (typeof loc.lat === 'number' ? `${loc.lat.toFixed(5)}, ${loc.lon.toFixed(5)}` : '');

  // Support (vote) and follow: the buttons start neutral, then show the signed-in reader's
  // own state as the server tells it, and the state it answers after each press.
  const voteButton = h('button', { type: 'button', id: 'vote-button', 'aria-pressed': 'false' });
  let voted = false;
  let votes = report.votes || 0;
  const drawVote = () => {
    voteButton.textContent = voted ? t('ui.report.unvote', votes) : t('ui.report.vote', votes);
    voteButton.setAttribute('aria-pressed', String(voted));
  };
  drawVote();
  if (signedIn()) {
    api(`/reports/${rid}/vote`).then(({ data }) => {
      voted = data.voted;
      votes = data.votes;
      drawVote();
    }).catch(() => {});
  }
  voteButton.addEventListener('click', async () => {
    if (!signedIn()) { signInFirst(navigate, report.id); return; }
    voteButton.disabled = true;
    try {
      const { data } = await api(`/reports/${rid}/vote`, { method: voted ? 'DELETE' : 'POST' });
      voted = data.voted;
      votes = data.votes;
      drawVote();
      say(voted ? t('ui.report.voted', votes) : t('ui.report.unvoted', votes));
    } catch (err) {
      say(err.network ? t('ui.error.offline') : problemText(err), true);
    } finally {
      voteButton.disabled = false;
    }
  });

  const followButton = h('button', { type: 'button', id: 'follow-button', 'aria-pressed': 'false' });
  let following = false;
  const drawFollow = () => {
    followButton.textContent = following ? t('ui.report.unfollow') : t('ui.report.follow');
    followButton.setAttribute('aria-pressed', String(following));
  };
  drawFollow();
  if (signedIn()) {
    api('/me/following').then(({ data }) => {
      following = (data.reports || []).some((r) => r.id === report.id);
      drawFollow();
    }).catch(() => {});
  }
  followButton.addEventListener('click', async () => {
    if (!signedIn()) { signInFirst(navigate, report.id); return; }
    followButton.disabled = true;
    try {
      const { data } = await api(`/reports/${rid}/follow`, { method: following ? 'DELETE' : 'POST' });
      following = data.following;
      drawFollow();
      say(following ? t('ui.report.followed') : t('ui.report.unfollowed'));
    } catch (err) {
      say(err.network ? t('ui.error.offline') : problemText(err), true);
    } finally {
      followButton.disabled = false;
    }
  });

  const flagSlot = h('div', { id: 'flag-slot' });
  const flagButton = h('button', { type: 'button', id: 'flag-button', 'aria-expanded': 'false', 'aria-controls': 'flag-slot' }, t('ui.report.flag'));
  flagButton.addEventListener('click', () => {
    if (!signedIn()) { signInFirst(navigate, report.id); return; }
    if (flagSlot.firstChild) { clear(flagSlot); flagButton.setAttribute('aria-expanded', 'false'); return; }
    flagButton.setAttribute('aria-expanded', 'true');
    const form = flagForm(`/reports/${rid}/flags`, true, () => {
      clear(flagSlot);
      flagButton.setAttribute('aria-expanded', 'false');
      flagButton.focus();
    });
    flagSlot.append(form);
    form.querySelector('select').focus();
  });

  const showOnMap = h('a', { href: '/', id: 'show-on-map' }, t('ui.report.show-on-map'));
  showOnMap.addEventListener('click', () => {
    if (typeof loc.lat !== 'number') return;
    const state = JSON.parse(sessionStorage.getItem('fmq.map') || '{}');
    state.view = { centre: { lat: loc.lat, lon: loc.lon }, zoom: 17 };
    sessionStorage.setItem('fmq.map', JSON.stringify(state));
  });

  const historyList = h('ol', { class: 'history', id: 'report-history' });
  const commentList = h('ul', { class: 'comments', id: 'report-comments' });

  main.append(h('article', { class: 'report' },
    h('div', { class: 'report-head' },
      h('h1', { class: 'report-title' }, report.title),
      h('p', null, h('span', { class: `status-tag status-${report.status}`, id: 'report-status' }, t(`ui.status.${report.status}`)),
        ' ', h('span', { id: 'report-category' }, await categoryName(report.category)))),
    h('div', { class: 'report-layout' },
      h('div', null,
        report.description ? h('p', { class: 'description', id: 'report-description' }, report.description) : null,
        photoList(report.photos, report.title),
        h('dl', { class: 'facts' },
          where ? [h('dt', null, t('ui.report.where')), h('dd', null, where, ' ', typeof loc.lat === 'number' ? showOnMap : null)] : null,
          h('dt', null, t('ui.report.reported')), h('dd', null, t('ui.report.by-on', report.author, formatDateTime(report.createdAt))),
          report.assignedTo ? [h('dt', null, t('ui.report.assigned-to')), h('dd', null, report.assignedTo)] : null,
          report.body ? [h('dt', null, t('ui.report.body')), h('dd', null,
            h('a', { href: `/bodies/${encodeURIComponent(report.body.id)}`, id: 'report-body' }, report.body.name))] : null),
        reportShapeMap(report),
        h('div', { class: 'actions' }, voteButton, followButton, flagButton),
        flagSlot,
        staff ? staff.reportPanel(report, staffDone) : null),
      h('div', null,
        h('section', { 'aria-labelledby': 'history-heading' }, h('h2', { id: 'history-heading' }, t('ui.report.history')), historyList)))),
  h('section', { 'aria-labelledby': 'comments-heading' },
    h('h2', { id: 'comments-heading' }, t('ui.report.comments')), commentList, commentForm()));

  // After a staff action the view is drawn again from the server (status, history, hiding);
  // an official reply is simply added to the comments.
  function staffDone(kind, data) {
    if (kind === 'reply') {
      const none = commentList.querySelector('.muted');
      if (none) none.remove();
      commentList.append(drawComment(data));
      return;
    }
    navigate(`${location.pathname}${location.search}`, true);
  }

  function drawComment(c) {
    const body = c.deleted ? h('p', { class: 'comment-text muted' }, t('ui.comment.deleted')) : h('p', { class: 'comment-text' }, c.text);
    const slot = h('div');
    const flag = signedIn() && !c.deleted ? h('button', { type: 'button', class: 'small', 'aria-expanded': 'false', onclick: (e) => {
      const button = e.currentTarget;
      if (slot.firstChild) { clear(slot); button.setAttribute('aria-expanded', 'false'); return; }
      button.setAttribute('aria-expanded', 'true');
      slot.append(flagForm(`/reports/${rid}/comments/${encodeURIComponent(c.id)}/flags`, false, () => {
        clear(slot); button.setAttribute('aria-expanded', 'false'); button.focus();
      }));
    } }, t('ui.comment.flag')) : null;
    const moderate = staff && staff.can.hide() && !c.deleted
      ? staff.commentModeration(c, (fresh) => item.replaceWith(drawComment({ ...c, ...fresh }))) : null;
    const item = h('li', { class: c.official ? 'comment official' : 'comment', dataset: { id: c.id } },
      h('p', { class: 'meta' }, c.official ? [h('span', { class: 'official-tag' }, t('ui.comment.official')), ' · '] : null,
        t('ui.comment.by-on', c.author, formatDateTime(c.createdAt)), c.editedAt ? ` · ${t('ui.comment.edited')}` : '',
        c.hidden ? [' · ', h('strong', null, t('ui.staff.hidden-because', c.hidden.reason))] : null),
      body, photoList(c.photos, report.title), flag, slot, moderate);
    return item;
  }

  function commentForm() {
    if (!signedIn()) {
      return h('p', null, h('a', { href: `/signin?next=${encodeURIComponent(`/reports/${report.id}`)}`, id: 'comment-signin' }, t('ui.comment.sign-in')));
    }
    const text = h('textarea', { name: 'text', id: 'comment-text', maxlength: 2000, required: true, rows: 4 });
    const submit = h('button', { type: 'submit', class: 'primary', id: 'comment-submit' }, t('ui.comment.submit'));
    const form = h('form', { id: 'comment-form', novalidate: true },
      formProblem(), field(t('ui.comment.label'), text, t('ui.comment.hint')), h('div', { class: 'actions' }, submit));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form);
      submit.disabled = true;
      try {
        const { data } = await api(`/reports/${rid}/comments`, { method: 'POST', json: { text: text.value } });
        const none = commentList.querySelector('.muted');
        if (none) none.remove();
        commentList.append(drawComment(data));
        text.value = '';
        say(t('ui.comment.done'));
      } catch (err) {
        showProblem(form, err.network ? { message: t('ui.error.offline') } : err);
      } finally {
        submit.disabled = false;
      }
    });
    return form;
  }

  // History and comments fill in after the report shows; each says if it could not load.
  api(`/reports/${rid}/history`).then(({ data }) => {
    for (const step of data.items || []) {
      let what;
      if (step.kind === 'assigned') what = step.assignedTo ? t('ui.history.assigned', step.assignedTo) : t('ui.history.unassigned');
      else if (step.kind === 'merged') what = [t('ui.history.merged'), ' ', h('a', { href: `/reports/${encodeURIComponent(step.mergedInto)}` }, t('ui.history.original'))];
      else if (!step.from) what = t('ui.history.created', t(`ui.status.${step.to}`));
      else what = t('ui.history.status', t(`ui.status.${step.from}`), t(`ui.status.${step.to}`));
      historyList.append(h('li', null,
        h('p', null, h('strong', null, what)),
        h('p', { class: 'meta' }, t('ui.history.by-on', step.actor, formatDateTime(step.at))),
        step.reason ? h('p', { class: 'reason' }, t('ui.history.reason', step.reason)) : null));
    }
  }).catch((err) => historyList.append(h('li', null, err.network ? t('ui.error.offline') : problemText(err))));

  api(`/reports/${rid}/comments`).then(({ data }) => {
    const items = data.items || [];
    if (!items.length) commentList.append(h('li', { class: 'muted' }, t('ui.comment.none')));
    for (const c of items) commentList.append(drawComment(c));
  }).catch((err) => commentList.append(h('li', null, err.network ? t('ui.error.offline') : problemText(err))));

  return null;
}
