// Path routes (/, /reports/{id}, /new, /staff/triage...) to views, with the History API: links
// to a route are intercepted and pushed, Back and Forward redraw (popstate), and the server
// answers index.html for every page path (docs/web.md lists the prefixes). A view is one module
// under app/views/ registered in views/index.js; the router loads it on first use, gives it the
// <main> container, marks that container busy while it loads, and moves focus to the new
// heading so that screen reader and keyboard users know the page changed.
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

/** The current location as {path, query} ("/reports/x?a=1"); the fragment is the view's own. */
export function current() {
  return { path: location.pathname || '/', query: new URLSearchParams(location.search) };
}

/** Goes to a route ("/reports/abc?x=1"); replace = true leaves no history entry (redirects). */
export function navigate(path, replace = false) {
  if (replace) history.replaceState(null, '', path);
  else if (`${location.pathname}${location.search}${location.hash}` !== path) history.pushState(null, '', path);
  render();
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
    h('p', null, h('a', { href: '/' }, t('ui.nav.map'))));
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
    navigate(`/signin?next=${encodeURIComponent(path + location.search)}`, true);
    return;
  } else if (found.route.signedOut && signedIn()) {
    navigate(safeNext(query.get('next')), true);
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

/** A `next` parameter as a path of this page only: never another origin ("//evil", "https:"). */
export function safeNext(next) {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/';
}

/**
 * Clicks on links to a route of this page become pushState navigations; links elsewhere (the
 * API, files, other sites, a new tab, a download, a fragment of this page) keep their default.
 */
function intercept(e) {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const link = e.target.closest && e.target.closest('a[href]');
  if (!link || (link.target && link.target !== '_self') || link.hasAttribute('download')) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin) return;
  if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
  if (!match(url.pathname)) return;
  e.preventDefault();
  navigate(`${url.pathname}${url.search}${url.hash}`);
}

export function startRouter(name) {
  siteName = name;
  // Bookmarks of the former hash routes (#/reports/x) still lead to the right page.
  if (location.hash.startsWith('#/')) history.replaceState(null, '', location.hash.slice(1));
  // A pasted link often ends with a slash the routes do not have.
  else if (/.\/+$/.test(location.pathname)) {
    history.replaceState(null, '', `${location.pathname.replace(/\/+$/, '')}${location.search}${location.hash}`);
  }
  window.addEventListener('popstate', render);
  document.addEventListener('click', intercept);
  return render();
}

export function setSiteName(name) { siteName = name; }

/**
 * Starts loading the module of the view at this address while the shell still waits for the
 * settings and texts, so the two downloads overlap; render() then finds it loaded.
 */
export function preloadView(path) {
  const found = match(path);
  if (found) found.route.load().catch(() => { /* render() reports it */ });
}
