// Core suite (every engine: ENGINE=chromium|firefox|webkit): the service worker — a returning
// open is served by it (the page is controlled), from Cache Storage holding the app's own files,
// with the API still live; under a sub-path, a new build and a changed config.json are announced
// ("A new version of Audit Console is ready."), never forced, and Reload runs the new build.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { coreTest, launch, ENGINE } from './lib/driver.mjs';
import { startDemoApi, apiCount, thousands, openSignedIn, signIn, settled, atList } from './lib/app.mjs';
import { ROOT } from '../lib/harness.mjs';
import { subPathSite } from '../lib/sub-path-site.mjs';

let api, browser;
before(async () => {
  api = await startDemoApi({ events: 400 });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await api?.stop();
});

coreTest('a returning open is served by the service worker from the app’s own cache; the API stays live', async () => {
  const session = await openSignedIn(browser, api, '/?user=3');
  try {
    const { page } = session;
    assert.equal(await page.evaluate(() => 'serviceWorker' in navigator && 'caches' in window), true, 'service workers and Cache Storage');
    await page.waitUntil(() => navigator.serviceWorker.ready.then((r) => !!r.active), null, { timeout: 30_000, message: 'no active service worker' });
    const url = await page.url();
    // A second open of the same list in the same browser: a new tab on a bookmark.
    const second = await session.newTab();
    await second.goto(url);
    await settled(second);
    assert.equal(await second.evaluate(() => !!navigator.serviceWorker.controller), true, 'the returning open is controlled by the worker');
    await second.text(`of ${thousands(await apiCount(api, 'user=3'))}`).first().waitFor();
    const cached = await second.evaluate(async () => {
      const out = [];
      for (const name of await caches.keys()) out.push(...(await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname));
      return out;
    });
    assert.ok(cached.some((p) => p.endsWith('.wasm')) && cached.includes('/config.json'), `the app's files are cached: ${cached.join(' ')}`);
    assert.ok(cached.every((p) => !p.startsWith('/api/')), `no API answer is cached: ${cached.join(' ')}`);
    await session.assertClean();
  } finally {
    await session.close();
  }
});

// ---------------------------------------------------------------------------------------------
// Updates, announced and never forced: the /audit/ build on a static host of its own under a
// sub-path, the API on demo-api (another origin, CORS), as DEPLOY.md's split deployment.


/** A fresh session signed in at the site's /audit/ list through the form, its worker active. */
async function signedInAtSubPath(site) {
  const session = await browser.session();
  const { page } = session;
  try {
    await page.goto(`${site.web.url}/audit/`);
    await signIn(page, site.backend);
    await page.waitForURL(atList(`${site.web.url}/audit/`), { timeout: 30_000 });
    await settled(page);
    await page.waitUntil(() => navigator.serviceWorker.ready.then((r) => !!r.active), null,
      { timeout: 30_000, message: 'no active service worker' });
    return session;
  } catch (e) {
    await session.close();
    throw e;
  }
}

const NOTICE = 'A new version of Audit Console is ready.';
const cacheNames = (page) => page.evaluate(() => caches.keys());
const rows = (page) => page.css('table.events tbody tr').count();
const controlled = (page) => page.evaluate(() => !!navigator.serviceWorker.controller);

coreTest('under a sub-path: a new build is announced, never forced, and Reload runs it; the old cache goes', async () => {
  const site = await subPathSite({ label: `core-${ENGINE}-sw` });
  try {
    const session = await signedInAtSubPath(site);
    try {
      const { page } = session;
      const first = await cacheNames(page);
      assert.equal(first.length, 1, `one build's cache: ${first.join(', ')}`);
      assert.ok(first[0].startsWith('audit-console:/audit/:'), first[0]);
      // Reopened: from the worker, under /audit/.
      await page.reload();
      await settled(page);
      assert.equal(await controlled(page), true, 'the reopened page is controlled by the worker');
      // A new build is deployed: its page changes, and so its worker.
      const index = join(site.dir, 'index.html');
      writeFileSync(index, readFileSync(index, 'utf8').replace('</head>', '<meta name="x-build" content="two"></head>'));
      for (const ext of ['.br', '.gz']) rmSync(index + ext, { force: true });
      execFileSync('node', [join(ROOT, 'scripts', 'service-worker.mjs'), site.dir]);
      // The next open still runs the kept build, and says a new one is ready.
      await page.reload();
      await settled(page);
      await page.text(NOTICE).waitFor({ timeout: 30_000 });
      assert.equal(await page.role('status').filter({ hasText: NOTICE }).attr('aria-live'), 'polite', 'said in a polite live region');
      assert.equal(await page.evaluate(() => document.querySelector('meta[name="x-build"]')?.content ?? null), null, 'still the old build');
      await page.role('button', { name: 'Reload', exact: true }).click();
      await page.waitUntil(() => document.querySelector('meta[name="x-build"]')?.content === 'two', null,
        { timeout: 30_000, message: 'Reload did not bring the new build' });
      await settled(page);
      await page.role('table').first().waitFor();
      await page.text(NOTICE).waitFor({ state: 'hidden' });
      // The old build's cache is gone once the new worker has taken over.
      let now;
      await page.becomes(async () => { now = await cacheNames(page); return now.length; }, 1, { timeout: 20_000, what: 'the number of caches' });
      assert.notEqual(now[0], first[0], 'a new build, a new cache');
      await session.assertClean();
    } finally {
      await session.close();
    }
  } finally {
    await site.close();
  }
});

coreTest('under a sub-path: a changed config.json is announced, takes effect on the next open; Dismiss hides the notice', async (t) => {
  const site = await subPathSite({ label: `core-${ENGINE}-sw` });
  try {
    const session = await signedInAtSubPath(site);
    try {
      const { page } = session;
      await page.reload();
      await settled(page);
      assert.equal(await controlled(page), true, 'the reopened page is controlled by the worker');
      assert.equal(await rows(page), 50);
      site.web.settings.overrides['/audit/config.json'] = JSON.stringify({ api_base_url: site.backend.api, page_size: 25 });
      // This open still runs on the kept copy (at once), and learns of the change meanwhile.
      await page.goto(`${site.web.url}/audit/`);
      await settled(page);
      // Every engine: one open, one copy (WebKitGTK asks twice — it does not hand index.html's
      // preload to the start-up script's fetch — and both asks get the kept copy).
      assert.equal(await rows(page), 50, 'this open uses the kept config.json');
      await page.text(NOTICE).waitFor({ timeout: 30_000 });
      await page.role('button', { name: 'Dismiss', exact: true }).click();
      await page.text(NOTICE).waitFor({ state: 'hidden' });
      // The next open runs with it.
      await page.goto(`${site.web.url}/audit/`);
      await settled(page);
      await page.becomes(() => rows(page), 25, { what: 'rows on the next open' });
      await session.assertClean();
    } finally {
      await session.close();
    }
  } finally {
    await site.close();
  }
});
