// Hash routes (#/, #/reports/{id}, #/new...) to views. A view is one module under app/views/
// registered in views/index.js; the router loads it on first use, gives it the <main>
// container, marks that container busy while it loads, and moves focus to the new heading so
// that screen reader and keyboard users know the page changed.
import { routes } from './views/index.js';
import { h, clear, say } from './dom.js';
import { t } from './i18n.js';
import { signedIn, hasRole } from './session.js';

let cleanup = null;
let generation = 0;
let siteName = 'FixMyQuarter';

function compile(path) {
  const names = [];
  const pattern = path.replace(/:([a-zA-Z]+)/g, (_, name) => { names.push(name); return '([^/]+)'; });
  return { regex: new RegExp(`^${pattern}/?$`), names };
}

const compiled = routes.map((route) => ({ route, ...compile(route.path) }));

/** The current location as {path, query} from the hash ("#/reports/x?a=1"). */
export function current() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, search = ''] = raw.split('?');
  return { path: path || '/', query: new URLSearchParams(search) };
}

/** Goes to a route ("/reports/abc"); replace = true leaves no history entry (redirects). */
export function navigate(path, replace = false) {
  const hash = `#${path}`;
  if (replace) {
    history.replaceState(null, '', hash);
    render();
  } else if (location.hash === hash) {
    render();
  } else {
    location.hash = hash;
  }
}

/** May the present visitor open this route? Used by the router and by the nav alike. */
export function allowed(route) {
  if (route.signedIn && !signedIn()) return false;
  if (route.signedOut && signedIn()) return false;
  if (route.roles && !hasRole(...route.roles)) return false;
  return true;
}

function match(path) {
  for (const { route, regex, names } of compiled) {
    const m = regex.exec(path);
    if (m) {
      const params = {};
      names.forEach((name, i) => { params[name] = decodeURIComponent(m[i + 1]); });
      return { route, params };
    }
  }
  return null;
}

function showMessage(main, view, heading, text) {
  main.dataset.view = view;
  main.append(h('h1', { tabindex: '-1' }, heading), h('p', null, text),
    h('p', null, h('a', { href: '#/' }, t('ui.nav.map'))));
}

/** Draws the view of the current hash. Safe to call again (session or language changed). */
export async function render() {
  const mine = ++generation;
  const main = document.getElementById('main');
  const { path, query } = current();
  if (cleanup) {
    try { cleanup(); } catch (e) { /* a view's cleanup must not stop the next view */ }
    cleanup = null;
  }
  clear(main);
  main.setAttribute('aria-busy', 'true');
  const found = match(path);
  if (!found) {
    showMessage(main, 'not-found', t('ui.error.not-found.title'), t('ui.error.not-found.text'));
  } else if (found.route.signedIn && !signedIn()) {
    navigate(`/signin?next=${encodeURIComponent(path)}`, true);
    return;
  } else if (found.route.signedOut && signedIn()) {
    navigate(query.get('next') || '/', true);
    return;
  } else if (!allowed(found.route)) {
    showMessage(main, found.route.view, t('ui.error.forbidden.title'), t('ui.error.forbidden.text'));
  } else {
    main.dataset.view = found.route.view;
    try {
      const module = await found.route.load();
      if (mine !== generation) return;
      const result = await module.mount(main, { params: found.params, query, navigate });
      if (mine !== generation) {
        if (typeof result === 'function') result();
        return;
      }
      cleanup = typeof result === 'function' ? result : null;
    } catch (e) {
      if (mine !== generation) return;
      // Never a blank screen: a view that failed to load says so and offers the way home.
      clear(main);
      showMessage(main, found.route.view, t('ui.error.view.title'), t('ui.error.view.text'));
      console.error(e);
    }
  }
  main.setAttribute('aria-busy', 'false');
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    document.title = `${heading.textContent} – ${siteName}`;
    if (started) heading.focus();
  }
  started = true;
  window.dispatchEvent(new CustomEvent('fmq:route', { detail: { path } }));
}

let started = false;

export function startRouter(name) {
  siteName = name;
  window.addEventListener('hashchange', render);
  return render();
}

export function setSiteName(name) { siteName = name; }
