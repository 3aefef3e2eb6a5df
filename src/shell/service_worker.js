// Audit Console's service worker: the app's own files, so a returning open needs no round trip
// before its first API request. scripts/service-worker.mjs writes it into a build as `sw.js`,
// with this build's file list in place of the line below; the start-up script registers it once
// the first rows are on screen (never delaying a first visit).
//
// What it does, and only this:
// - Precaches exactly this build's files at install, into a cache named after the build, and
//   only if all of them arrive and the page names this build's start-up script (one build's
//   files are never mixed with another's).
// - The app's own routes (its pages: the list, an event, compare, sign-in) are answered with that
//   build's index.html; its hashed files from the cache first.
// - config.json is answered from the cache at once and revalidated in the background; a change
//   is kept aside, announced to the open pages, and used from the next open on (every request of
//   one open gets the same copy, even where a browser asks twice).
// - Everything else passes by untouched: every API request (even one on this origin, under this
//   path), any other origin, any method but GET, any path the app does not own. Nothing that
//   holds a token or event data is ever cached.
// - A new build installs in the background and waits; the page announces it, and "Reload" (or
//   the next open, once no tab uses the old one) runs it. Old builds' caches are deleted when it
//   activates.
// Rolling back: deploy deploy/sw-unregister.js as sw.js (DEPLOY.md).

/*__AUDIT_CONSOLE_BUILD__*/

const SCOPE = new URL(self.registration.scope).pathname; // e.g. "/" or "/audit/"
const PREFIX = `audit-console:${SCOPE}:`;
const CACHE = PREFIX + BUILD.version;
const HASHED = new Set(BUILD.files);
const CONFIG = 'config.json';
/** Where a changed config.json waits for the next open (a key, never a file on the server). */
const NEXT_CONFIG = 'config.next.json';
/** The app's pages (shell::Shell's routes), relative to the scope. */
const PAGE = /^(|index\.html|sign-in|compare|events\/[^/]+)$/;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const get = (path, revalidate) => fetch(new Request(SCOPE + path, {
      credentials: 'same-origin', cache: revalidate ? 'no-cache' : 'default', redirect: 'error',
    }));
    const files = [...BUILD.files];
    const [page, config, ...rest] = await Promise.all([get('', true), get(CONFIG, true), ...files.map((f) => get(f, false))]);
    if (!page.ok || !rest.every((r) => r.ok)) throw new Error('the build did not arrive whole');
    // The page must be this build's (a deploy between this worker and its files would mix them).
    if (!(await page.clone().text()).includes(BUILD.boot)) throw new Error('index.html is another build\'s');
    await Promise.all([cache.put(SCOPE, page), ...files.map((f, i) => cache.put(SCOPE + f, rest[i]))]);
    if (config.ok && isJson(config)) await cache.put(SCOPE + CONFIG, config);
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
  })());
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'audit-console:skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(SCOPE)) return;
  const path = url.pathname.slice(SCOPE.length);
  if (request.mode === 'navigate') {
    if (PAGE.test(path)) event.respondWith(promoteConfig().then(() => cached(SCOPE, request)));
  } else if (path === CONFIG) {
    event.respondWith(config(event));
  } else if (HASHED.has(path)) {
    event.respondWith(cached(SCOPE + path, request));
  }
});

/** This build's copy, else the network. */
async function cached(key, request) {
  const hit = await (await caches.open(CACHE)).match(key);
  return hit ?? fetch(request);
}

function isJson(response) {
  return (response.headers.get('content-type') ?? '').includes('json');
}

/** A new open: a changed config.json waiting aside becomes the one answered. */
async function promoteConfig() {
  const cache = await caches.open(CACHE);
  const next = await cache.match(SCOPE + NEXT_CONFIG);
  if (next) {
    await cache.put(SCOPE + CONFIG, next);
    await cache.delete(SCOPE + NEXT_CONFIG);
  }
}

/** config.json: the kept copy at once, the server's asked for meanwhile; a changed file waits
 *  aside for the next open (`promoteConfig`) and the open pages are told. */
async function config(event) {
  const cache = await caches.open(CACHE);
  const key = SCOPE + CONFIG;
  const kept = await cache.match(key);
  // Read before `kept` goes to the page (a body can be read once).
  const keptText = kept ? kept.clone().text() : Promise.resolve(null);
  const fresh = fetch(new Request(key, { credentials: 'same-origin', cache: 'no-cache' })).then(async (response) => {
    if (response.ok && isJson(response)) {
      const text = await response.clone().text();
      const before = await keptText;
      if (before === null) {
        await cache.put(key, response.clone());
      } else if (before === text) {
        await cache.delete(SCOPE + NEXT_CONFIG); // changed back: nothing waits
      } else {
        await cache.put(SCOPE + NEXT_CONFIG, response.clone());
        // Every open page of the console, the one asking included (it may still be loading).
        const asking = event.clientId || event.resultingClientId;
        const pages = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
        const mine = asking ? await self.clients.get(asking) : null;
        for (const client of new Set([...pages, mine].filter(Boolean))) {
          client.postMessage({ type: 'audit-console:config-changed' });
        }
      }
    }
    return response;
  });
  if (kept) {
    event.waitUntil(fresh.catch(() => {}));
    return kept;
  }
  return fresh;
}
