// The service worker (src/shell/service_worker.js → sw.js) and the list's early request
// (src/list/early_request.js): a returning open served from the app's own cache with the API
// still live and requested once; Cache Storage holding the app's files and nothing else; a new
// build and a changed config.json announced, never forced; the rollback file; a sub-path.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { startDemoApi, launchBrowser, openPage, openSignedIn, signIn, settled, atList, ROOT } from './lib/harness.mjs';
import { apiCount } from './lib/api.mjs';
import { cacheClass } from '../scripts/hashed-files.mjs';
import { subPathSite } from './lib/sub-path-site.mjs';

let api, browser;
before(async () => {
  api = await startDemoApi({ events: 400 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await api?.stop();
});

/** Waits until this page's scope has an active worker controlling the page's next loads. */
async function workerReady(page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
}

/** Every URL in Cache Storage, by cache. */
async function cached(page) {
  return page.evaluate(async () => {
    const out = {};
    for (const name of await caches.keys()) {
      out[name] = (await (await caches.open(name)).keys()).map((r) => r.url);
    }
    return out;
  });
}

test('a returning open comes from the app\'s own cache; the API is live and asked once', async () => {
  const { page, context, assertClean } = await openSignedIn(browser, api, '/?tz=utc&user=3');
  await page.getByRole('table').waitFor();
  await settled(page);
  await workerReady(page);
  // A second open of a list URL in the same browser: a new tab on a bookmark.
  const second = await context.newPage();
  const fromWorker = [];
  const apiRequests = [];
  second.on('response', (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith('/api/')) apiRequests.push({ url: r.url(), fromWorker: r.fromServiceWorker() });
    else fromWorker.push([u.pathname, r.fromServiceWorker()]);
  });
  const url = (await page.url());
  await second.goto(url);
  await second.getByRole('table').waitFor();
  await settled(second);
  const byPath = Object.fromEntries(fromWorker);
  assert.equal(byPath['/'], true, 'index.html from the service worker');
  assert.equal(byPath['/config.json'], true, 'config.json from the service worker');
  for (const [path, sw] of fromWorker) {
    if (/\.(wasm|js|css)$/.test(path)) assert.equal(sw, true, `${path} from the service worker`);
  }
  // The API: never from the cache, and the list asked once (the start-up script's request,
  // adopted by the app), with the rows it answers.
  assert.ok(apiRequests.length >= 1);
  assert.ok(apiRequests.every((r) => !r.fromWorker));
  const lists = apiRequests.filter((r) => /[?&]limit=50(&|$)/.test(r.url) && !/limit=1(&|$)/.test(r.url));
  assert.equal(lists.length, 1, `one list request: ${lists.map((r) => r.url).join(' | ')}`);
  assert.equal(new Set(apiRequests.map((r) => r.url)).size, apiRequests.length, 'no API request twice');
  const count = await apiCount(api, 'user=3');
  await second.getByText(new RegExp(`of ${count.toLocaleString('en-US')}\\b`)).first().waitFor();
  // A bare URL: pinned at the start-up script's "now", asked once.
  lists.length = 0;
  apiRequests.length = 0;
  await second.goto(`${api.url}/`);
  await second.waitForURL(atList(`${api.url}/`));
  await second.getByRole('table').waitFor();
  await settled(second);
  const bare = apiRequests.filter((r) => /[?&]limit=50(&|$)/.test(r.url));
  assert.equal(bare.length, 1, `one list request for the bare URL: ${bare.map((r) => r.url).join(' | ')}`);
  assert.match(second.url(), /timestamp__lte=/);
  // The same "now" in the address and in the request.
  assert.ok(bare[0].url.includes(`timestamp__lte=${encodeURIComponent(new URL(second.url()).searchParams.get('timestamp__lte'))}`), bare[0].url);
  assertClean();
  await context.close();
});

test('a returning open in Turkish comes from the cache too: its catalog included, no extra request (#34)', async () => {
  const tr = JSON.parse(readFileSync(join(ROOT, 'locales/tr.json'), 'utf8'));
  const { page, context, assertClean } = await openSignedIn(browser, api, '/?tz=utc');
  await page.getByRole('table').waitFor();
  await page.getByLabel('Language').selectOption('tr');
  await page.getByRole('button', { name: tr['header.sign_out_all'] }).waitFor();
  await settled(page);
  await workerReady(page);
  const second = await context.newPage();
  const files = [];
  second.on('response', (r) => {
    const u = new URL(r.url());
    if (!u.pathname.startsWith('/api/')) files.push([u.pathname, r.fromServiceWorker()]);
  });
  await second.goto(page.url());
  await second.getByRole('table').waitFor();
  await second.getByRole('button', { name: tr['header.sign_out_all'] }).waitFor();
  await settled(second);
  assert.equal(await second.locator('html').getAttribute('lang'), 'tr');
  const catalogs = files.filter(([path]) => /^\/locales\/tr-[0-9a-f]+\.js$/.test(path));
  assert.equal(catalogs.length, 1, `the Turkish catalog loaded once: ${files.map(([p]) => p).join(' ')}`);
  for (const [path, sw] of files) assert.equal(sw, true, `${path} from the service worker`);
  assertClean();
  await context.close();
});

test('Cache Storage holds the app\'s own files only: no API answer, token or event data', async () => {
  const { page, context, assertClean } = await openSignedIn(browser, api, '/?tz=utc');
  await page.getByRole('table').waitFor();
  await settled(page);
  await workerReady(page);
  // Browse as an investigator does: an event, a comparison, an export.
  await page.reload();
  await page.getByRole('table').waitFor();
  await settled(page);
  await page.locator('table.events tbody td.time a').first().click();
  await page.getByRole('heading', { name: 'Event', exact: true }).waitFor();
  await page.goBack();
  await settled(page);
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await page.getByRole('checkbox', { name: /^Compare the event at / }).first().check();
  await page.getByRole('checkbox', { name: /^Compare the event at / }).nth(1).check();
  await page.getByRole('link', { name: 'Compare the 2 picked events' }).click();
  await page.getByText(/differences?:|identical/).first().waitFor();
  await page.goBack();
  await settled(page);
  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByLabel('CSV', { exact: false }).check();
  const download = page.waitForEvent('download', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Start export' }).click();
  await download;
  const all = await cached(page);
  const names = Object.keys(all);
  assert.deepEqual(names.filter((n) => !n.startsWith('audit-console:/:')), [], 'only the console\'s caches');
  assert.equal(names.length, 1, 'one build');
  const dist = readdirSync(join(ROOT, 'dist'), { recursive: true }).map(String);
  for (const u of Object.values(all).flat()) {
    const { origin, pathname, search } = new URL(u);
    assert.equal(origin, api.url, u);
    assert.equal(search, '', u);
    assert.ok(!pathname.startsWith('/api/'), `no API answer: ${u}`);
    const rel = pathname.slice(1);
    // The page, config.json (and a changed one waiting for the next open), the build's files.
    assert.ok(['', 'config.json', 'config.next.json'].includes(rel) || (cacheClass(rel) === 'immutable' && dist.includes(rel)), `an app file: ${u}`);
  }
  // Nothing cached holds the token.
  const texts = await page.evaluate(async () => {
    const out = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const r of await cache.keys()) if (!r.url.endsWith('.wasm')) out.push(await (await cache.match(r)).text());
    }
    return out;
  });
  assert.ok(texts.every((t) => !t.includes(api.token)));
  assertClean();
  await context.close();
});


/** Signed in at the site's /audit/ list, with its worker active. */
async function signedInAtSubPath(site) {
  const session = await openPage(browser);
  await session.page.goto(`${site.web.url}/audit/`);
  await signIn(session.page, site.backend);
  await session.page.getByRole('table').waitFor();
  await settled(session.page);
  await workerReady(session.page);
  return session;
}

test('under a sub-path: a new build is announced, and Reload runs it; old caches go', async () => {
  const site = await subPathSite();
  try {
    const { page, context, assertClean } = await signedInAtSubPath(site);
    const before = Object.keys(await cached(page));
    assert.equal(before.length, 1);
    assert.ok(before[0].startsWith('audit-console:/audit/:'), before[0]);
    // Reopened: from the worker, under /audit/.
    await page.reload();
    await page.getByRole('table').waitFor();
    // A new build is deployed: its page changes, and so its worker.
    const index = join(site.dir, 'index.html');
    writeFileSync(index, readFileSync(index, 'utf8').replace('</head>', '<meta name="x-build" content="two"></head>'));
    for (const ext of ['.br', '.gz']) rmSync(index + ext, { force: true });
    execFileSync('node', [join(ROOT, 'scripts', 'service-worker.mjs'), site.dir]);
    // Typing in the filters survives the announcement: nothing reloads by itself.
    await page.reload();
    await page.getByRole('table').waitFor();
    await settled(page);
    await page.getByText('A new version of Audit Console is ready.').waitFor({ timeout: 30_000 });
    // Said in a polite live region.
    assert.equal(await page.getByRole('status').filter({ hasText: 'A new version of Audit Console is ready.' }).getAttribute('aria-live'), 'polite');
    assert.equal(await page.evaluate(() => document.querySelector('meta[name="x-build"]')), null, 'still the old build');
    await page.getByRole('button', { name: 'Reload' }).click();
    await page.waitForFunction(() => document.querySelector('meta[name="x-build"]')?.content === 'two', null, { timeout: 30_000 });
    await page.getByRole('table').waitFor();
    const after = Object.keys(await cached(page));
    assert.equal(after.length, 1, `one build's cache: ${after.join(', ')}`);
    assert.notEqual(after[0], before[0]);
    assertClean();
    await context.close();
  } finally {
    await site.close();
  }
});

test('a changed config.json is announced and takes effect on the next open; Dismiss hides the notice', async () => {
  const site = await subPathSite();
  try {
    const { page, context, assertClean } = await signedInAtSubPath(site);
    await page.reload();
    await page.getByRole('table').waitFor();
    assert.equal(await page.locator('table.events tbody tr').count(), 50);
    site.web.settings.overrides['/audit/config.json'] = JSON.stringify({ api_base_url: site.backend.api, page_size: 25 });
    // This open still runs on the kept copy (at once), and learns of the change meanwhile.
    await page.goto(`${site.web.url}/audit/?tz=utc`);
    await page.getByRole('table').waitFor();
    await settled(page);
    assert.equal(await page.locator('table.events tbody tr').count(), 50);
    await page.getByText('A new version of Audit Console is ready.').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Dismiss' }).click();
    assert.equal(await page.getByText('A new version of Audit Console is ready.').count(), 0);
    // The next open runs with it.
    await page.goto(`${site.web.url}/audit/?tz=utc`);
    await page.getByRole('table').waitFor();
    await settled(page);
    assert.equal(await page.locator('table.events tbody tr').count(), 25);
    assertClean();
    await context.close();
  } finally {
    await site.close();
  }
});

test('rolling back: deploy/sw-unregister.js as sw.js removes the worker and its caches; the app keeps working', async () => {
  const site = await subPathSite();
  try {
    const { page, context, assertClean } = await signedInAtSubPath(site);
    assert.equal(Object.keys(await cached(page)).length, 1);
    site.web.settings.overrides['/audit/sw.js'] = { body: readFileSync(join(ROOT, 'deploy', 'sw-unregister.js'), 'utf8'), type: 'text/javascript' };
    await page.reload();
    await page.getByRole('table').waitFor();
    for (let i = 0; (await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)) > 0; i += 1) {
      assert.ok(i < 300, 'the worker unregistered itself');
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(Object.keys(await cached(page)), []);
    // From the network now, as before there was a worker.
    const responses = [];
    page.on('response', (r) => responses.push(r));
    await page.reload();
    await page.getByRole('table').waitFor();
    await settled(page);
    assert.ok(responses.length > 0 && responses.every((r) => !r.fromServiceWorker()));
    assertClean();
    await context.close();
  } finally {
    await site.close();
  }
});
