// The release build as deployed: a plain static server under /audit/, the API on another origin
// (CORS), the production Content-Security-Policy. Sign-in → list → event → deep link, with no
// CSP violation. Needs dist-audit/ (scripts/test builds it with --public-url /audit/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { startDemoApi, launchBrowser, openPage, signIn, ROOT } from './lib/harness.mjs';
import { atList } from './lib/harness.mjs';
import { startStaticServer } from './lib/static-server.mjs';

const DIST = join(ROOT, 'dist-audit');
let web, api, browser;
before(async () => {
  assert.ok(existsSync(join(DIST, 'index.html')), 'dist-audit/ is built by scripts/test');
  web = await startStaticServer({ dir: DIST, prefix: '/audit/' });
  api = await startDemoApi({ events: 500, dist: null, args: ['--cors-origin', web.url] });
  // What a deployer writes: the CSP naming the API origin, and config.json pointing at the API.
  web.settings.csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    + `connect-src 'self' ${api.url}; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;
  web.settings.overrides = { '/audit/config.json': JSON.stringify({ api_base_url: api.api, content_types: { 6: 'orders.order' } }) };
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await web?.close();
  await api?.stop();
});

/** A page that records CSP violations. */
async function cspPage(options) {
  const session = await openPage(browser, options);
  await session.context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return session;
}

test('served under /audit/ from a static host, API on another origin, strict CSP', async () => {
  const { page, context, assertClean } = await cspPage();
  await page.goto(web.url + '/audit/');
  await page.waitForURL(/\/audit\/sign-in\?next=%2F$/);
  assert.equal(await page.getByLabel('API base URL').inputValue(), api.api);
  await signIn(page, api);
  await page.waitForURL(atList(web.url + '/audit/'));
  await page.getByRole('table').waitFor();
  await page.getByText('of 500').first().waitFor();
  const link = page.locator('table.events tbody tr').first().locator('td.time a');
  const href = await link.getAttribute('href');
  assert.match(href, /^\/audit\/events\/[0-9a-f-]{36}$/);
  await link.click();
  await page.waitForURL(web.url + href);
  await page.getByRole('heading', { name: 'Event', exact: true }).waitFor();
  // Deep link through the host's fallback, then in a fresh browser through sign-in.
  await page.reload();
  await page.getByRole('heading', { name: 'Event', exact: true }).waitFor();
  const fresh = await cspPage();
  await fresh.page.goto(web.url + href + '?from=share');
  await fresh.page.waitForURL(/\/audit\/sign-in\?next=/);
  await signIn(fresh.page, api);
  await fresh.page.waitForURL(web.url + href + '?from=share');
  await fresh.page.getByRole('heading', { name: 'Event', exact: true }).waitFor();
  for (const p of [page, fresh.page]) assert.deepEqual(await p.evaluate(() => window.__csp), []);
  // A missing asset stays 404 (not index.html).
  assert.equal((await fetch(web.url + '/audit/missing.js')).status, 404);
  fresh.assertClean();
  assertClean();
  await fresh.context.close();
  await context.close();
});
