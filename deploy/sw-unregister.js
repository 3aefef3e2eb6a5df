// Rolling back Audit Console's service worker: deploy this file as `sw.js` (in place of the
// build's), with `Cache-Control: no-cache` like the real one. Every browser that has the worker
// checks sw.js on its next open, installs this one, which deletes the console's caches and
// unregisters itself; pages then load from the network as if there had never been a worker.
// (DEPLOY.md, "Service worker"; tested by e2e/service-worker.test.mjs.)
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const scope = new URL(self.registration.scope).pathname;
    for (const name of await caches.keys()) {
      if (name.startsWith(`audit-console:${scope}:`)) await caches.delete(name);
    }
    await self.registration.unregister();
  })());
});
