// The app shell: starts everything in order (settings, language, account, router), draws the
// header navigation for whoever is signed in, and registers the service worker that keeps the
// shell for offline use. Views live in app/views/ and are registered in views/index.js.
import { h, clear, say } from './dom.js';
import { loadSite, site } from './site.js';
import { loadLanguage, t, availableLanguages, language } from './i18n.js';
import { loadAccount, currentAccount, signedIn, signOut } from './session.js';
import { routes } from './views/index.js';
import { startRouter, render, allowed, current, setSiteName, navigate, preloadView } from './router.js';
import { api } from './api.js';

let unread = 0;

function translateShell() {
  document.getElementById('skip-link').textContent = t('ui.skip-to-content');
  document.getElementById('nav-toggle').textContent = t('ui.nav.menu');
  document.getElementById('site-nav').setAttribute('aria-label', t('ui.nav.label'));
  document.getElementById('brand-name').textContent = site.name;
  setSiteName(site.name);
}

function languagePicker() {
  const items = availableLanguages();
  if (items.length < 2) return null;
  const select = h('select', { id: 'language-picker', name: 'language' },
    items.map((l) => h('option', { value: l.tag, lang: l.tag, selected: l.tag === language() }, l.name)));
  select.addEventListener('change', async () => {
    await loadLanguage(site, select.value);
    translateShell();
    drawNav();
    render();
  });
  return h('div', { class: 'nav-language' }, h('label', { for: 'language-picker' }, t('ui.nav.language')), select);
}

/** The header links: only the views the present visitor may open, staff consoles included. */
function drawNav() {
  const nav = clear(document.getElementById('site-nav'));
  const here = current().path;
  const links = routes.filter((r) => r.nav && allowed(r)).sort((a, b) => a.nav.order - b.nav.order);
  const list = h('ul', { class: 'nav-links' }, links.map((r) => {
    const label = [t(r.nav.key)];
    if (r.view === 'notifications' && unread > 0) {
      label.push(' ', h('span', { class: 'badge', 'aria-label': t('ui.notifications.unread-count', unread) }, String(unread)));
    }
    return h('li', null, h('a', {
      href: r.path, id: r.nav.id || `nav-${r.view}`,
      'aria-current': r.path === here ? 'page' : null,
    }, label));
  }));
  nav.append(list);
  const account = currentAccount();
  if (signedIn()) {
    nav.append(h('div', { class: 'nav-account' },
      account ? h('span', { class: 'who' }, t('ui.nav.signed-in-as', account.displayName)) : null,
      h('button', { type: 'button', id: 'sign-out', class: 'link-button', onclick: async () => {
        await signOut();
        say(t('ui.signin.signed-out'));
        navigate('/');
      } }, t('ui.nav.signout'))));
  }
  const picker = languagePicker();
  if (picker) nav.append(picker);
}

async function countUnread() {
  if (!signedIn()) { unread = 0; return; }
  try {
    const { data } = await api('/me/notifications', { query: { unread: 'true', limit: 1 } });
    unread = data.unread || 0;
  } catch (e) {
    // Offline or refused: keep the last count.
  }
}

function setupMenu() {
  const toggle = document.getElementById('nav-toggle');
  const nav = document.getElementById('site-nav');
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    nav.classList.toggle('open', open);
  });
  // A link chosen on a phone closes the menu, so the new view is not hidden under it.
  nav.addEventListener('click', (e) => {
    if (e.target.closest('a')) {
      toggle.setAttribute('aria-expanded', 'false');
      nav.classList.remove('open');
    }
  });
}

async function start() {
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js').catch(() => { /* the page works without it */ });
  }
  setupMenu();
  // Independent requests go out together: on a slow network each round trip is what one waits.
  preloadView(location.pathname);
  const [, account] = await Promise.all([loadSite().then(() => loadLanguage(site)), loadAccount()]);
  translateShell();
  if (account && account.preferredLanguage && !localStorage.getItem('fmq.language')
      && account.preferredLanguage !== language()) {
    await loadLanguage(site, account.preferredLanguage);
    translateShell();
  }
  drawNav();
  countUnread().then(drawNav);
  window.addEventListener('fmq:route', drawNav);
  window.addEventListener('fmq:session', async () => { await countUnread(); drawNav(); });
  window.addEventListener('fmq:draft-sent', (e) => say(t('ui.outbox.sent', e.detail.report.title)));
  window.addEventListener('fmq:unread', (e) => { unread = e.detail; drawNav(); });
  setInterval(async () => { if (signedIn()) { await countUnread(); drawNav(); } }, 120000);
  await startRouter(site.name);
  // Reports written offline go out now, and whenever the network comes back.
  import('./drafts.js').then((drafts) => drafts.start()).catch(() => {});
}

start();
