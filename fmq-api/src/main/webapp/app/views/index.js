// The one place where views are registered. Each entry is a route and the module that draws
// it (loaded on first use, so the first page downloads only the map view); `nav` puts a link
// in the header. Access: signedIn (account needed; visitors are sent to sign in), signedOut
// (only visitors), roles (any of these roles; the nav shows the link only to those who hold
// one). A view module exports mount(main, {params, query, navigate}) which draws into <main>
// (with one <h1>) and may return a function that undoes what it set up (timers, listeners).
//
// Paths are real page addresses (History API). The server answers index.html for each of
// them, by prefix: a new top-level path needs its prefix added there too (docs/web.md).
// A staff console is one more entry with roles, under /staff/.

export const routes = [
  { path: '/', view: 'map', load: () => import('./map.js'), nav: { key: 'ui.nav.map', order: 10 } },
  { path: '/reports/:id', view: 'report', load: () => import('./report.js') },
  { path: '/bodies/:id', view: 'body', load: () => import('./body.js') },
  { path: '/new', view: 'new', load: () => import('./new.js'), nav: { key: 'ui.nav.new', order: 20 } },
  { path: '/notifications', view: 'notifications', signedIn: true, load: () => import('./notifications.js'),
    nav: { key: 'ui.nav.notifications', order: 30, id: 'nav-notifications' } },
  { path: '/following', view: 'following', signedIn: true, load: () => import('./following.js'),
    nav: { key: 'ui.nav.following', order: 40 } },
  { path: '/signin', view: 'signin', signedOut: true, load: () => import('./signin.js'),
    nav: { key: 'ui.nav.signin', order: 90 } },
  { path: '/register', view: 'register', signedOut: true, load: () => import('./register.js'),
    nav: { key: 'ui.nav.register', order: 91 } },
  // The addresses the server's e-mails link to (AccountEmails).
  { path: '/account/sign-in', view: 'signin', signedOut: true, load: () => import('./signin.js') },
  { path: '/account/verify-email', view: 'verify-email', load: () => import('./verify-email.js') },
  { path: '/account/reset-password', view: 'reset-password', load: () => import('./reset-password.js') },
  { path: '/account/forgot-password', view: 'forgot-password', load: () => import('./forgot-password.js') },
  // Staff consoles: loaded only on their route; the header links them to these roles only.
  { path: '/staff/triage', view: 'triage', signedIn: true, roles: ['operator', 'administrator'],
    load: () => import('./triage.js'), nav: { key: 'ui.nav.triage', order: 60 } },
  { path: '/staff/moderation', view: 'moderation', signedIn: true, roles: ['moderator', 'administrator'],
    load: () => import('./moderation.js'), nav: { key: 'ui.nav.moderation', order: 61 } },
  { path: '/staff/admin', view: 'admin', signedIn: true, roles: ['administrator'],
    load: () => import('./admin.js'), nav: { key: 'ui.nav.admin', order: 62 } },
];
