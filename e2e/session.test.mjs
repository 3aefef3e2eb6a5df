// Session behaviour: distinct sign-in failures (403, unreachable, CORS refusal naming the origin),
// and signing out in one tab signs out the others.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoApi, launchBrowser, openPage, signIn } from './lib/harness.mjs';

let app, other, browser;
before(async () => {
  app = await startDemoApi({ events: 300, args: ['--forbidden-token', 'no-permission'] });
  // A second API on another origin that does not allow the app's origin.
  other = await startDemoApi({ events: 10, dist: null });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await app?.stop();
  await other?.stop();
});

test('sign-in explains 403, an unreachable API, and a CORS refusal', async () => {
  const { page, context } = await openPage(browser);
  await page.goto(app.url + '/sign-in');
  await signIn(page, { api: app.api, token: 'no-permission' });
  await page.getByRole('alert').filter({ hasText: 'not allowed to read audit events (403)' }).waitFor();
  // A network error is retried (api::retry) before it is reported: the status line says so.
  await signIn(page, { api: 'http://127.0.0.1:9/api/v1', token: 'x' });
  await page.getByRole('status').filter({ hasText: /retrying in \d+ s/ }).waitFor();
  await page.getByRole('alert').filter({ hasText: 'Could not reach http://127.0.0.1:9/api/v1' }).waitFor({ timeout: 60_000 });
  await signIn(page, { api: other.api, token: other.token });
  const cors = page.getByRole('alert').filter({ hasText: 'answered but refused this page (CORS)' });
  await cors.waitFor({ timeout: 60_000 });
  assert.ok((await cors.textContent()).includes(app.url), 'names this page’s origin');
  await signIn(page, { api: 'javascript:alert(1)', token: 'x' });
  await page.getByRole('alert').filter({ hasText: 'must start with http:// or https://' }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing stored on failure');
  await context.close();
});

test('the token goes only to the API, never into a URL; sign-out leaves no data behind', async () => {
  const { page, context, assertClean } = await openPage(browser);
  const seen = [];
  page.on('request', (r) => seen.push({ url: r.url(), auth: r.headers().authorization }));
  await page.goto(app.url + '/');
  await signIn(page, app);
  await page.getByRole('table').waitFor();
  await page.locator('table.events tbody td.time a').first().click();
  await page.getByRole('heading', { name: 'Event', exact: true }).waitFor();
  for (const r of seen) {
    assert.ok(!r.url.includes(app.token), `token in a URL: ${r.url}`);
    if (r.auth) assert.ok(r.url.startsWith(app.api + '/'), `token sent outside the API: ${r.url}`);
  }
  assert.ok(seen.some((r) => r.auth === `Token ${app.token}`));
  assert.ok(!(await page.evaluate(() => JSON.stringify(history.state) + location.href)).includes(app.token));
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/sign-in/);
  assert.deepEqual(await page.evaluate(() => [localStorage.getItem('audit-console.session'), sessionStorage.length]), [null, 0]);
  assertClean();
  await context.close();
});

test('signing out in one tab signs out the others', async () => {
  const { page, context, assertClean } = await openPage(browser);
  await page.goto(app.url + '/');
  await signIn(page, app);
  await page.getByRole('table').waitFor();
  const second = await context.newPage();
  await second.goto(app.url + '/?user=3');
  await second.getByRole('table').or(second.getByText('No events match.')).first().waitFor();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await second.waitForURL(/\/sign-in\?next=%2F%3Fuser%3D3%26timestamp__lte%3D[^&]+$/);
  assertClean();
  await context.close();
});
