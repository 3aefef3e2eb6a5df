// The foundation loop, as a person does it: open the app served by demo-api, sign in with the
// token, see events, page, open one, reload, sign out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoApi, launchBrowser, openPage, signIn, CANARY } from './lib/harness.mjs';
import { atList, unpinned } from './lib/harness.mjs';

let api, browser;
before(async () => {
  api = await startDemoApi({ events: 2000 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await api?.stop();
});

test('signing in with the token shows the newest events, and paging works', async () => {
  const { page, assertClean, context } = await openPage(browser);
  await page.goto(api.url + '/');
  // No session yet: the app sends us to sign-in, with the API base pre-filled from config.json.
  await page.waitForURL(/\/sign-in\?next=/);
  assert.equal(await page.getByLabel('API base URL').inputValue(), api.api);
  await signIn(page, api);
  await page.waitForURL(atList(api.url + '/'));

  const table = page.getByRole('table');
  await table.waitFor();
  for (const name of ['Time', 'User', 'Object', 'IP address', 'URL']) {
    await table.getByRole('columnheader', { name }).waitFor();
  }
  assert.equal(await table.locator('tbody tr').count(), 50, 'config page size');
  await page.getByText('1–50 of 2,000').first().waitFor();

  // Content types read by label from the generated config.json.
  const objects = await table.locator('tbody td.object').allTextContents();
  assert.ok(objects.some((o) => /^[a-z]+\.[a-z]+ #\d+$/.test(o)), objects.join('|'));

  await page.getByRole('link', { name: 'Next page' }).first().click();
  await page.waitForURL(atList(/\?page=2$/));
  await page.getByText('51–100 of 2,000').first().waitFor();

  // Reload keeps the session and the page.
  await page.reload();
  await page.getByText('51–100 of 2,000').first().waitFor();
  assert.equal(await page.evaluate((c) => window[c], CANARY), undefined);
  assertClean();
  await context.close();
});

test('a row opens its event; a deep link works after sign-in', async () => {
  const { page, assertClean, context } = await openPage(browser);
  await page.goto(api.url + '/');
  await signIn(page, api);
  const firstLink = page.getByRole('table').locator('tbody tr').first().getByRole('link').first();
  await firstLink.waitFor();
  const href = await firstLink.getAttribute('href');
  assert.match(href, /^\/events\/[0-9a-f-]{36}$/);
  await firstLink.click();
  await page.getByRole('heading', { name: 'Event', exact: true }).waitFor();
  const uuid = href.split('/').pop();
  await page.getByText(uuid).waitFor();
  await page.getByRole('heading', { name: 'Headers', exact: true }).waitFor();

  // The same URL in a fresh browser (no session) goes through sign-in and lands on the event.
  const fresh = await openPage(browser);
  await fresh.page.goto(api.url + href);
  await fresh.page.waitForURL(/\/sign-in\?next=%2Fevents%2F/);
  await signIn(fresh.page, api);
  await fresh.page.waitForURL(api.url + href);
  await fresh.page.getByText(uuid).waitFor();
  fresh.assertClean();
  await fresh.context.close();
  assertClean();
  await context.close();
});

test('a wrong token is refused with a clear message, and sign-out forgets the session', async () => {
  const { page, context } = await openPage(browser);
  await page.goto(api.url + '/sign-in');
  await signIn(page, { api: api.api, token: 'wrong' });
  await page.getByRole('alert').filter({ hasText: 'rejected this token (401)' }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing stored');

  await signIn(page, api);
  await page.getByRole('table').waitFor();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/sign-in/);
  assert.equal(await page.evaluate(() => localStorage.length), 0);
  await page.goto(api.url + '/');
  await page.waitForURL(/\/sign-in/);
  await context.close();
});

test('unknown routes say so; bad URL values get a message, not a crash', async () => {
  const { page, assertClean, context } = await openPage(browser);
  await page.goto(api.url + '/sign-in');
  await signIn(page, api);
  await page.getByRole('table').waitFor();
  await page.goto(api.url + '/?page=abc&user=x');
  await page.getByText('“abc” is not a page number').waitFor();
  await page.getByText('“x” is not an id').waitFor();
  await page.getByRole('table').waitFor();
  await page.goto(api.url + '/no/such/page');
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  assertClean();
  await context.close();
});
