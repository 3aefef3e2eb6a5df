// Accessibility: axe-core finds no violations on the sign-in, list, detail, compare, empty and
// error screens, in the light and the dark theme; the main flow works at 360 px wide; the detail
// page prints without the app around it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoApi, launchBrowser, openPage, openSignedIn, settled, atList, openMenu, openTimeRange } from './lib/harness.mjs';
import { demoPost } from './lib/api.mjs';
import { assertAccessible } from './lib/a11y.mjs';

let api, browser;
before(async () => {
  api = await startDemoApi({ events: 300 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await api?.stop();
});

for (const theme of ['light', 'dark']) {
  test(`every screen passes axe-core in the ${theme} theme`, async () => {
    // The theme as the system sets it; the toggle's own colours are the same CSS (power.test.mjs).
    const signIn = await openPage(browser, { colorScheme: theme });
    await signIn.page.goto(`${api.url}/sign-in`);
    await signIn.page.getByLabel('Token').waitFor();
    await assertAccessible(signIn.page, 'sign-in');
    await signIn.context.close();

    const { page, context, assertClean } = await openSignedIn(browser, api, '/?tz=utc', { colorScheme: theme });
    await settled(page);
    // The list with its menus open, a row picked for comparison, and a focused row.
    // One popover at a time: each is checked open.
    await openTimeRange(page);
    await assertAccessible(page, 'list, time range open');
    await page.keyboard.press('Escape');
    await openMenu(page, 'Columns');
    await assertAccessible(page, 'list, columns open');
    await openMenu(page, /^Saved views/);
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await page.getByRole('checkbox', { name: /^Compare the event at / }).first().check();
    await page.getByRole('checkbox', { name: /^Compare the event at / }).nth(1).check();
    await page.locator('.histogram .chart').first().waitFor();
    await assertAccessible(page, 'list');

    await page.getByRole('link', { name: 'Compare the 2 picked events' }).click();
    await page.getByText(/differences?:|identical/).first().waitFor();
    await assertAccessible(page, 'compare');

    await page.goBack();
    await settled(page);
    await page.locator('table.events tbody tr td.time a').first().click();
    await page.getByRole('heading', { name: 'Event', exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Content' }).waitFor();
    await assertAccessible(page, 'detail');

    // No matches: the empty state with its filter help open.
    await page.goto(`${api.url}/?user=999999&tz=utc`);
    await settled(page);
    await page.getByText('How the filters work').click();
    await assertAccessible(page, 'empty');

    // The API failing: the error screen.
    // (The list's own request: the timeline's probes ask for limit=1.)
    // Failing every one of the client's 9 attempts (api::retry).
    await demoPost(api, 'faults/', { fail_next: { count: 9, matching: 'limit=50' } });
    await page.goto(`${api.url}/?user=12&tz=utc`);
    await page.getByRole('button', { name: 'Try again' }).waitFor({ timeout: 60_000 });
    await assertAccessible(page, 'error');

    // Not found.
    await page.goto(`${api.url}/no/such/page`);
    await page.getByRole('heading').first().waitFor();
    await assertAccessible(page, 'not found');
    assertClean();
    await context.close();
  });
}

test('the main flow at 360 px: stacked rows, filters behind a button, no sideways scrolling', async () => {
  const { page, context, assertClean } = await openSignedIn(browser, api, '/?tz=utc', {
    viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true,
  });
  await settled(page);
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.equal(await overflow(), 0, 'the list fits the width');
  // Rows are stacked: cells one under another, each with its column's name.
  const cells = await page.locator('table.events tbody tr').first().locator('td').evaluateAll(
    (tds) => tds.map((td) => [getComputedStyle(td).display, getComputedStyle(td, '::before').content]));
  assert.deepEqual(cells.map((c) => c[0]), cells.map(() => 'block'));
  assert.ok(cells.some((c) => c[1] === '"User"'));
  // The filters are behind "Filters".
  const userField = page.getByRole('combobox', { name: 'User', exact: true, includeHidden: true });
  assert.equal(await userField.isVisible(), false);
  const toggle = page.getByRole('button', { name: 'Filters' });
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  assert.ok(await userField.isVisible());
  await toggle.click();
  assert.equal(await userField.isVisible(), false);
  // "/" unfolds them too, and puts the cursor in the first field.
  await page.keyboard.press('/');
  await page.waitForFunction(() => document.activeElement?.id === 'f-user');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  await userField.fill('5');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(atList(/[?&]user=5(&|$)/));
  await settled(page);
  assert.equal(await overflow(), 0);
  await assertAccessible(page, 'list at 360 px');
  // Open an event: readable without sideways scrolling.
  await page.locator('table.events tbody tr td.time a').first().tap();
  await page.getByRole('heading', { name: 'Event', exact: true }).waitFor();
  await page.getByRole('heading', { name: 'Content' }).waitFor();
  assert.equal(await overflow(), 0, 'the event fits the width');
  await assertAccessible(page, 'detail at 360 px');
  assertClean();
  await context.close();
});

test('the detail page prints the record without the app around it', async () => {
  const { page, context, assertClean } = await openSignedIn(browser, api, '/?tz=utc');
  await settled(page);
  await page.locator('table.events tbody tr td.time a').first().click();
  await page.getByRole('heading', { name: 'Content' }).waitFor();
  await page.emulateMedia({ media: 'print' });
  for (const hidden of ['.app-header', '.event-actions', '.pivots', '.event-nav', '.json-toolbar']) {
    assert.equal(await page.locator(hidden).first().isVisible(), false, `${hidden} is not printed`);
  }
  assert.ok(await page.locator('.summary').isVisible());
  assert.ok(await page.getByRole('heading', { name: 'Content' }).isVisible());
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 1000, 'a PDF is produced');
  assertClean();
  await context.close();
});
