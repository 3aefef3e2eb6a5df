// config.json's default_time_range: a bare list URL opens on that range, pinned as instants.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoApi, launchBrowser, openPage, signIn, openTimeRange } from './lib/harness.mjs';

let api, browser;
before(async () => {
  api = await startDemoApi({ events: 1000, appConfig: { default_time_range: '7d', page_size: 25 } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await api?.stop();
});

test('a bare list URL opens on the configured range and page size; All time stays all time', async () => {
  const { page, context, assertClean } = await openPage(browser);
  await page.goto(api.url + '/');
  await signIn(page, api);
  await page.waitForURL(/\?timestamp__gte=/);
  const gte = Date.parse(new URL(page.url()).searchParams.get('timestamp__gte'));
  assert.ok(Math.abs(gte - (Date.now() - 7 * 86400e3)) < 120e3);
  await page.getByRole('table').waitFor();
  assert.equal(await page.locator('table.events tbody tr').count(), 25);
  await openTimeRange(page);
  await page.getByRole('button', { name: 'All time', exact: true }).click();
  await page.waitForURL((u) => !u.search.includes('timestamp__gte'));
  // Pinned at the click: stable paging.
  assert.ok(Math.abs(Date.parse(new URL(page.url()).searchParams.get('timestamp__lte')) - Date.now()) < 120e3);
  await page.getByText('of 1,000').first().waitFor();
  assertClean();
  await context.close();
});
