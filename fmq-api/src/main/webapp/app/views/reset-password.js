// Set a new password (/account/reset-password#token=...), the link of the password-reset mail.
// The token comes from the fragment (taken out of the address bar at once); the person types
// the new password twice; 204 means done, and every other session of the account has ended.
import { h, field, formProblem, showProblem, clearErrors, say } from '../dom.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { takeToken } from './verify-email.js';

export async function mount(main) {
  const token = takeToken();
  const code = h('input', { type: 'text', name: 'token', id: 'reset-token', autocomplete: 'off', required: true, value: token });
  const password = h('input', { type: 'password', name: 'password', id: 'reset-password', autocomplete: 'new-password', required: true, minlength: 10 });
  const again = h('input', { type: 'password', name: 'again', id: 'reset-password-again', autocomplete: 'new-password', required: true });
  const codeField = field(t('ui.verify.code'), code, t('ui.reset.code-hint'));
  // The mailed link carries the code: the field is shown only to someone who has to paste it.
  if (token) codeField.hidden = true;
  const submit = h('button', { type: 'submit', class: 'primary', id: 'reset-submit' }, t('ui.reset.submit'));
  const form = h('form', { id: 'reset-form', class: 'narrow', novalidate: true },
    formProblem(), codeField,
    field(t('ui.reset.password'), password, t('ui.register.password-hint')),
    field(t('ui.reset.again'), again),
    h('div', { class: 'actions' }, submit));
  const result = h('div', { id: 'reset-result', role: 'status' });
  main.append(h('h1', null, t('ui.reset.title')), result, form);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    if (password.value !== again.value) {
      showProblem(form, { problem: { title: t('ui.reset.mismatch'), errors: [{ field: 'again', message: t('ui.reset.mismatch') }] } });
      return;
    }
    submit.disabled = true;
    try {
      await api('/auth/password-reset/confirm', { method: 'POST', json: { token: code.value.trim(), password: password.value }, auth: false });
      form.hidden = true;
      result.append(h('p', { class: 'notice ok' }, t('ui.reset.done')),
        h('p', null, h('a', { href: '/signin', class: 'button primary', id: 'reset-signin' }, t('ui.nav.signin'))));
      say(t('ui.reset.done'));
    } catch (err) {
      // A refused token is named on the token field: show it so the person can paste another.
      if (err.problem && (err.problem.errors || []).some((x) => x.field === 'token')) codeField.hidden = false;
      showProblem(form, err.network ? { message: t('ui.error.offline') } : err);
    } finally {
      submit.disabled = false;
    }
  });
}
