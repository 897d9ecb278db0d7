// Sign in (/signin, and /account/sign-in that the server's mails link to): e-mail and password,
// then the 6-digit code of an authenticator app when the account has a second factor (the
// server answers 401 second-factor-required). Links to "forgot your password".
import { h, field, formProblem, showProblem, clearErrors, say } from '../dom.js';
import { t } from '../i18n.js';
import { signIn } from '../session.js';
import { safeNext } from '../router.js';

export async function mount(main, { query, navigate }) {
  const email = h('input', { type: 'email', name: 'email', id: 'signin-email', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', name: 'password', id: 'signin-password', autocomplete: 'current-password', required: true });
  const code = h('input', {
    type: 'text', name: 'code', id: 'signin-code', inputmode: 'numeric', autocomplete: 'one-time-code',
    pattern: '[0-9]{6}', maxlength: 6,
  });
  const recovery = h('input', { type: 'text', name: 'recoveryCode', id: 'signin-recovery', autocomplete: 'off' });
  const second = h('fieldset', { id: 'signin-second-factor', hidden: true },
    h('legend', null, t('ui.signin.second-factor')),
    field(t('ui.signin.code'), code, t('ui.signin.code-hint')),
    field(t('ui.signin.recovery-code'), recovery, t('ui.signin.recovery-hint')));
  const submit = h('button', { type: 'submit', class: 'primary', id: 'signin-submit' }, t('ui.signin.submit'));
  const form = h('form', { id: 'signin-form', class: 'narrow', novalidate: true },
    formProblem(),
    field(t('ui.account.email'), email),
    field(t('ui.account.password'), password),
    second,
    h('div', { class: 'actions' }, submit));

  main.append(h('h1', null, t('ui.signin.title')));
  if (query.get('expired')) main.append(h('p', { class: 'notice warn' }, t('ui.signin.expired')));
  main.append(form,
    h('p', null, h('a', { href: '/account/forgot-password', id: 'signin-forgot-link' }, t('ui.signin.forgot'))),
    h('p', null, t('ui.signin.no-account'), ' ', h('a', { href: '/register', id: 'signin-register-link' }, t('ui.nav.register'))));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const credentials = { email: email.value.trim(), password: password.value };
    if (!second.hidden) {
      if (code.value.trim()) credentials.code = code.value.trim();
      else if (recovery.value.trim()) credentials.recoveryCode = recovery.value.trim();
    }
    submit.disabled = true;
    try {
      await signIn(credentials);
      say(t('ui.signin.done'));
      navigate(safeNext(query.get('next')), true);
    } catch (err) {
      if (err.kind === 'second-factor-required' && second.hidden) {
        second.hidden = false;
        say(t('ui.signin.code-needed'));
        code.focus();
      } else {
        showProblem(form, err.network ? { message: t('ui.error.offline') } : err);
        if (!form.querySelector('[aria-invalid]')) (second.hidden ? email : code).focus();
      }
    } finally {
      submit.disabled = false;
    }
  });
}
