// Service worker of the web page: keeps the shell (HTML, modules, CSS, icons, Leaflet) so the
// page opens without a network, and keeps the last public API answers for offline reading.
// Rules: API GETs go to the network first; answers to requests carrying a token are never
// stored (they may hold personal data); account endpoints and writes are never touched.
// Filled in by the build (fmq-api/pom.xml): each release's shell lives in a cache of its own.
const SHELL_CACHE = 'fmq-shell-@fmq.shell.version@';
const API_CACHE = 'fmq-api-v1';
const MEDIA_CACHE = 'fmq-media-v1';
const LEAFLET = '/webjars/leaflet/1.9.4/dist/';
const SHELL = [
  '/', '/index.html', '/manifest.webmanifest', '/css/app.css',
  '/icons/icon.svg', '/icons/icon-192.png',
  '/app/main.js', '/app/api.js', '/app/dom.js', '/app/i18n.js', '/app/site.js', '/app/session.js',
  '/app/router.js', '/app/categories.js', '/app/leaflet.js', '/app/drafts.js', '/app/shapes.js', '/app/areas.js',
  '/app/views/index.js', '/app/views/map.js', '/app/views/report.js', '/app/views/new.js',
  '/app/views/signin.js', '/app/views/register.js', '/app/views/notifications.js', '/app/views/following.js',
  '/app/views/verify-email.js', '/app/views/reset-password.js', '/app/views/forgot-password.js',
  '/app/views/staff.js', '/app/views/triage.js', '/app/views/moderation.js', '/app/views/admin.js',
  '/app/views/integrations.js', '/app/views/body.js',
];
// The page's own addresses (views/index.js): opening one offline gets the cached index.html.
const PAGE_PATHS = /^\/(reports\/[^/]+|bodies\/[^/]+|new|signin|register|notifications|following|account\/[a-z-]+|staff\/[a-z-]+)\/?$/;
// Optional: a deployment without the Leaflet webjar still gets its shell cached.
const OPTIONAL = [`${LEAFLET}leaflet.js`, `${LEAFLET}leaflet.css`];
const SHELL_PREFIXES = ['/app/', '/css/', '/icons/', '/webjars/'];

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL_CACHE);
    await cache.addAll(SHELL);
    await Promise.all(OPTIONAL.map((url) => cache.add(url).catch(() => {})));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  const keep = [SHELL_CACHE, API_CACHE, MEDIA_CACHE];
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (!keep.includes(name)) await caches.delete(name);
    await self.clients.claim();
  })());
});

/**
 * Cached copy at once, refreshed in the background for the next visit. With a cacheKey (a
 * page address answered by index.html) the refresh fetches that key itself, so nothing but
 * index.html is ever stored under it.
 */
async function staleWhileRevalidate(request, cacheKey) {
  const cache = await caches.open(SHELL_CACHE);
  const cached = await cache.match(cacheKey || request);
  const network = fetch(cacheKey || request).then((response) => {
    if (response.ok) cache.put(cacheKey || request, response.clone());
    return response;
  }).catch(() => null);
  if (cached) return cached;
  const fresh = await network;
  return fresh || new Response('Offline', { status: 503, headers: { 'Content-Type': 'text/plain' } });
}

// Map moves make many distinct list URLs: keep the most recent ones only.
const API_CACHE_ENTRIES = 150;

async function trim(cache) {
  const keys = await cache.keys();
  for (const key of keys.slice(0, Math.max(0, keys.length - API_CACHE_ENTRIES))) await cache.delete(key);
}

async function networkFirst(request) {
  const cache = await caches.open(API_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) cache.put(request, response.clone()).then(() => trim(cache));
    return response;
  } catch (e) {
    const cached = await cache.match(request);
    if (cached) return cached;
    throw e;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(MEDIA_CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && /public/.test(response.headers.get('Cache-Control') || '')) cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const path = url.pathname;
  if (path.startsWith('/api/v1/')) {
    if (request.headers.has('Authorization') || path.startsWith('/api/v1/auth') || path.startsWith('/api/v1/me')) return;
    // Media files are named by their content and never change.
    if (path.startsWith('/api/v1/media/')) { event.respondWith(cacheFirst(request)); return; }
    event.respondWith(networkFirst(request));
    return;
  }
  if (request.mode === 'navigate' && (path === '/' || path === '/index.html' || PAGE_PATHS.test(path))) {
    event.respondWith(staleWhileRevalidate(request, '/index.html'));
    return;
  }
  if (path === '/manifest.webmanifest' || SHELL_PREFIXES.some((p) => path.startsWith(p))) {
    event.respondWith(staleWhileRevalidate(request));
  }
});
