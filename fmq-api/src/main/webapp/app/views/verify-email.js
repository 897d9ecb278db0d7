// Confirm an e-mail address (/account/verify-email#token=...), the link of the mail sent at
// registration. The token travels in the fragment, which browsers never send to a server; the
// view takes it out of the address bar at once (so it stays in no history or bookmark), posts
// it, says the outcome and offers sign-in. Without a token, the person may paste the code.
import { h, field, formProblem, showProblem, clearErrors, say } from '../dom.js';
import { api } from '../api.js';
import { t } from '../i18n.js';

/** The token of a mailed link (#token=...), removed from the address bar. */
export function takeToken() {
  const token = new URLSearchParams(location.hash.replace(/^#/, '')).get('token') || '';
  if (location.hash) history.replaceState(null, '', `${location.pathname}${location.search}`);
  return token;
}

export async function mount(main) {
  const token = takeToken();
  const result = h('div', { id: 'verify-result', role: 'status' });
  const code = h('input', { type: 'text', name: 'token', id: 'verify-token', autocomplete: 'off', required: true, value: token });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'verify-submit' }, t('ui.verify.submit'));
  const form = h('form', { id: 'verify-form', class: 'narrow', novalidate: true },
    formProblem(), field(t('ui.verify.code'), code, t('ui.verify.code-hint')), h('div', { class: 'actions' }, submit));
  main.append(h('h1', null, t('ui.verify.title')), result, form);

  async function send() {
    clearErrors(form);
    submit.disabled = true;
    try {
      await api('/auth/verify-email', { method: 'POST', json: { token: code.value.trim() }, auth: false });
      form.hidden = true;
      result.append(h('p', { class: 'notice ok' }, t('ui.verify.done')),
        h('p', null, h('a', { href: '/signin', class: 'button primary', id: 'verify-signin' }, t('ui.nav.signin'))));
      say(t('ui.verify.done'));
    } catch (err) {
      showProblem(form, err.network ? { message: t('ui.error.offline') } : err);
    } finally {
      submit.disabled = false;
    }
  }
  form.addEventListener('submit', (e) => { e.preventDefault(); send(); });
  if (token) await send();
}
