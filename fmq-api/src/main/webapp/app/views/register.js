// Create an account (/register). A server that confirms addresses answers 202: the person
// is told to open the mail; otherwise the new account is signed in at once.
import { h, field, formProblem, showProblem, clearErrors, say } from '../dom.js';
import { t, language } from '../i18n.js';
import { api } from '../api.js';
import { signIn } from '../session.js';

export async function mount(main, { navigate }) {
  const displayName = h('input', { type: 'text', name: 'displayName', id: 'register-name', autocomplete: 'name', maxlength: 100, required: true });
  const email = h('input', { type: 'email', name: 'email', id: 'register-email', autocomplete: 'email', maxlength: 254, required: true });
  const password = h('input', { type: 'password', name: 'password', id: 'register-password', autocomplete: 'new-password', minlength: 10, maxlength: 200, required: true });
  const handle = h('input', { type: 'text', name: 'handle', id: 'register-handle', autocomplete: 'nickname', pattern: '[a-z0-9_]{3,30}', maxlength: 30 });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'register-submit' }, t('ui.register.submit'));
  const form = h('form', { id: 'register-form', class: 'narrow', novalidate: true },
    formProblem(),
    field(t('ui.account.display-name'), displayName),
    field(t('ui.account.email'), email),
    field(t('ui.account.password'), password, t('ui.register.password-hint')),
    field(t('ui.account.handle'), handle, t('ui.register.handle-hint')),
    h('div', { class: 'actions' }, submit));
  const result = h('div', { id: 'register-result', role: 'status' });
  main.append(h('h1', null, t('ui.register.title')), form, result,
    h('p', null, t('ui.register.have-account'), ' ', h('a', { href: '/signin' }, t('ui.nav.signin'))));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = {
      displayName: displayName.value.trim(), email: email.value.trim(), password: password.value,
      preferredLanguage: language(),
    };
    if (handle.value.trim()) body.handle = handle.value.trim();
    submit.disabled = true;
    try {
      const { status } = await api('/auth/register', { method: 'POST', json: body, auth: false });
      if (status === 202) {
        form.hidden = true;
        result.append(h('p', { class: 'notice' }, t('ui.register.check-mail', body.email)));
        return;
      }
      await signIn({ email: body.email, password: body.password });
      say(t('ui.register.done'));
      navigate('/', true);
    } catch (err) {
      showProblem(form, err.network ? { message: t('ui.error.offline') } : err);
    } finally {
      submit.disabled = false;
    }
  });
}
