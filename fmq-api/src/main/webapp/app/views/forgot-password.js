// Ask for a new password (/account/forgot-password, linked from sign-in): an e-mail address is
// posted to /auth/password-reset, which answers 202 whether or not it has an account, so the
// page says the same either way. A server without e-mail answers 503: the problem says so.
import { h, field, formProblem, showProblem, clearErrors, say } from '../dom.js';
import { api } from '../api.js';
import { t } from '../i18n.js';

export async function mount(main) {
  const email = h('input', { type: 'email', name: 'email', id: 'forgot-email', autocomplete: 'email', required: true });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'forgot-submit' }, t('ui.forgot.submit'));
  const form = h('form', { id: 'forgot-form', class: 'narrow', novalidate: true },
    formProblem(), field(t('ui.account.email'), email), h('div', { class: 'actions' }, submit));
  const result = h('div', { id: 'forgot-result', role: 'status' });
  main.append(h('h1', null, t('ui.forgot.title')), h('p', null, t('ui.forgot.intro')), result, form,
    h('p', null, h('a', { href: '/signin' }, t('ui.nav.signin'))));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    submit.disabled = true;
    try {
      await api('/auth/password-reset', { method: 'POST', json: { email: email.value.trim() }, auth: false });
      form.hidden = true;
      result.append(h('p', { class: 'notice ok' }, t('ui.forgot.sent', email.value.trim())));
      say(t('ui.forgot.sent', email.value.trim()));
    } catch (err) {
      showProblem(form, err.network ? { message: t('ui.error.offline') } : err);
    } finally {
      submit.disabled = false;
    }
  });
}
