// The event list: filters, URL as the single source of truth, table, pagination, request states.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoApi, launchBrowser, openSignedIn, settled } from './lib/harness.mjs';
import { atList, unpinned, openTimeRange } from './lib/harness.mjs';
import { apiGet, apiCount, thousands } from './lib/api.mjs';

let api, browser;
before(async () => {
  api = await startDemoApi({ events: 3000 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await api?.stop();
});

/** A signed-in page at `path`. */
/** Signed in at `path`, with the list's answer for it on screen. */
async function signedIn(path = '/', options = {}) {
  const session = await openSignedIn(browser, api, path, options);
  await session.page.getByRole('table').or(session.page.getByText('No events match these filters.')).first().waitFor();
  await settled(session.page);
  return session;
}

/** Polls `read()` until it returns `value` (the table redraws when its own answer arrives). */
async function becomes(read, value) {
  const deadline = Date.now() + 10_000;
  let last;
  while (Date.now() < deadline) {
    last = await read();
    if (last === value) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(last, value);
}

const attrBecomes = (locator, name, value) => becomes(() => locator.getAttribute(name), value);
const rangeBecomes = (page, value) => becomes(() => rangeText(page), value);

const rangeText = (page) => page.locator('.pager .range').first().textContent();
const firstUuid = (page) => page.locator('table.events tbody tr').first().locator('td.time a').getAttribute('href');

test('filters apply on submit, match the API count, and show as removable chips', async () => {
  const { page, assertClean, context } = await signedIn('/?tz=utc');
  // Content types are offered by the labels config.json gives them.
  await page.getByLabel('Content type', { exact: true }).selectOption({ label: 'orders.order (6)' });
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(atList(/\?content_type=6&tz=utc$/));
  await page.getByText(`of ${thousands(await apiCount(api, 'content_type=6'))}`).first().waitFor();
  assert.ok((await page.locator('table.events tbody td.object').allTextContents()).every((o) => o.startsWith('orders.order #')));
  await page.getByLabel('Content type', { exact: true }).selectOption({ label: 'Any' });
  await page.getByLabel('User', { exact: true }).fill('5');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(atList(/\?user=5&tz=utc$/));
  const count = await apiCount(api, 'user=5');
  await page.getByText(`of ${thousands(count)}`).first().waitFor();
  const users = await page.locator('table.events tbody td.user').allTextContents();
  const expected = (await apiGet(api, '/audit-events/?user=5&limit=1')).results[0].user.email;
  assert.ok(users.every((u) => u.includes(expected)), users.join('|'));

  // A date-only range in UTC: From is the start of the day, To includes the whole day.
  const newest = (await apiGet(api, '/audit-events/?limit=1')).results[0].timestamp.slice(0, 10);
  await openTimeRange(page);
  await page.getByLabel('From', { exact: true }).fill(newest);
  await page.getByLabel('To', { exact: true }).fill(newest);
  await page.getByRole('button', { name: 'Apply' }).click();
  const next = new Date(Date.parse(newest + 'T00:00:00Z') + 86400e3).toISOString().slice(0, 10);
  await page.waitForURL((u) => u.search.includes(`timestamp__gte=${newest}T00%3A00%3A00Z`)
    && u.search.includes(`timestamp__lt=${next}T00%3A00%3A00Z`));
  const dayCount = await apiCount(api, `user=5&timestamp__gte=${newest}T00:00:00Z&timestamp__lt=${next}T00:00:00Z`);
  const shown = dayCount === 0 ? 'No events match these filters.' : `of ${thousands(dayCount)}`;
  await page.getByText(shown).first().waitFor();

  // Chips: remove one filter, then clear all.
  const chips = page.getByRole('list', { name: 'Active filters' });
  await chips.getByRole('link', { name: 'Remove filter User #5' }).click();
  await page.waitForURL((u) => !u.search.includes('user='));
  await chips.getByRole('link', { name: 'Clear all' }).click();
  await page.waitForURL((u) => new URL(unpinned(u)).search === '?tz=utc');
  await page.getByText(`of ${thousands(3000)}`).first().waitFor();
  assertClean();
  await context.close();
});

test('typed times are read in the browser zone and carried as absolute instants', async () => {
  const { page, assertClean, context } = await signedIn('/?tz=local', { timezoneId: 'Pacific/Kiritimati' });
  await openTimeRange(page);
  await page.getByText('local time (Pacific/Kiritimati)').waitFor();
  await page.getByLabel('From', { exact: true }).fill('2026-11-25');
  await page.getByLabel('To', { exact: true }).fill('2026-11-25 18:30');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL((u) => u.search.includes('timestamp__gte=2026-11-25T00%3A00%3A00%2B14%3A00')
    && u.search.includes('timestamp__lte=2026-11-25T18%3A30%3A00%2B14%3A00'));
  const url = page.url();
  // The same link in UTC−12 means the same instants, shown on that clock.
  const far = await signedIn(url.slice(api.url.length), { timezoneId: 'Etc/GMT+12' });
  await openTimeRange(far.page);
  assert.equal(await far.page.getByLabel('From', { exact: true }).inputValue(), '2026-11-23 22:00:00');
  assert.equal(await rangeText(far.page), await rangeText(page));
  far.assertClean();
  await far.context.close();
  assertClean();
  await context.close();
});

test('the time zone toggle is in the URL and remembered; cells show the other zone on hover', async () => {
  const { page, assertClean, context } = await signedIn('/', { timezoneId: 'Asia/Tokyo' });
  const cell = page.locator('table.events tbody td.time a').first();
  const localText = await cell.textContent();
  await openTimeRange(page);
  await page.getByRole('button', { name: 'Show UTC' }).click();
  await page.waitForURL(/tz=utc/);
  await settled(page);
  await openTimeRange(page);
  await page.getByText('Times in UTC').waitFor();
  const utcText = await cell.textContent();
  assert.notEqual(utcText, localText);
  const title = await cell.getAttribute('title');
  assert.ok(title.includes(localText.slice(0, 16)) && /UTC\+09:00/.test(title) && /ago|just now/.test(title), title);
  // Remembered: a bare URL in the same browser shows UTC.
  await page.goto(api.url + '/');
  await settled(page);
  await openTimeRange(page);
  await page.getByText('Times in UTC').waitFor();
  assertClean();
  await context.close();
});

test('pivots, sortable headers and pagination', async () => {
  const { page, assertClean, context } = await signedIn('/');
  // Pivot on the first row's user.
  const userLink = page.locator('table.events tbody td.user a').first();
  const userName = await userLink.textContent();
  await userLink.click();
  await page.waitForURL(atList(/\?user=\d+$/));
  await settled(page);
  const users = await page.locator('table.events tbody td.user').allTextContents();
  assert.ok(users.length > 0 && users.every((u) => u === userName));
  // Pivot on an object.
  await page.goto(api.url + '/');
  const objectLink = page.locator('table.events tbody td.object a').first();
  const objectName = await objectLink.textContent();
  await objectLink.click();
  await page.waitForURL(/content_type=\d+&object_id=\d+/);
  await settled(page);
  assert.ok((await page.locator('table.events tbody td.object').allTextContents()).every((o) => o === objectName));

  // Sort by time, ascending then back to the default.
  await page.goto(api.url + '/');
  const timeHeader = page.getByRole('columnheader', { name: 'Time' });
  assert.equal(await timeHeader.getAttribute('aria-sort'), 'descending');
  await timeHeader.getByRole('link').click();
  await page.waitForURL(atList(/\?sort=timestamp$/));
  await attrBecomes(page.getByRole('columnheader', { name: 'Time' }), 'aria-sort', 'ascending');
  const oldest = (await apiGet(api, '/audit-events/?limit=1&sort=timestamp')).results[0].uuid;
  assert.equal(await firstUuid(page), `/events/${oldest}`);
  await page.getByRole('columnheader', { name: 'IP address' }).getByRole('link').click();
  await page.waitForURL(atList(/\?sort=remote_addr$/));
  await attrBecomes(page.getByRole('columnheader', { name: 'IP address' }), 'aria-sort', 'ascending');
  assert.equal(await page.getByRole('columnheader', { name: 'Time' }).getAttribute('aria-sort'), 'none');

  // Pagination: last, numbered, jump.
  await page.goto(api.url + '/');
  const pager = page.getByRole('navigation', { name: 'Pages (bottom)' });
  await pager.getByRole('link', { name: 'Last page' }).click();
  await page.waitForURL(atList(/\?page=60$/));
  await rangeBecomes(page, '2,951–3,000 of 3,000');
  await pager.getByRole('link', { name: 'Page 58' }).click();
  await page.waitForURL(atList(/\?page=58$/));
  await pager.getByLabel('Go to page', { exact: true }).fill('7');
  await pager.getByRole('button', { name: 'Go' }).click();
  await page.waitForURL(atList(/\?page=7$/));
  await rangeBecomes(page, '301–350 of 3,000');
  await pager.getByLabel('Go to page', { exact: true }).fill('61');
  await pager.getByRole('button', { name: 'Go' }).click();
  await pager.getByText('Enter a page from 1 to 60.').waitFor();
  // Page size.
  await page.getByLabel('Page size', { exact: true }).selectOption('100');
  await page.waitForURL(atList(/\?limit=100$/));
  await rangeBecomes(page, '1–100 of 3,000');
  assert.equal(await page.locator('table.events tbody tr').count(), 100);
  assertClean();
  await context.close();
});

test('back, forward, reload and a shared link reproduce the same view', async () => {
  const { page, assertClean, context } = await signedIn('/');
  await page.getByLabel('User', { exact: true }).fill('7');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(atList(/\?user=7$/));
  await page.getByRole('navigation', { name: 'Pages (top)' }).getByRole('link', { name: 'Next page' }).click();
  await page.waitForURL(atList(/\?user=7&page=2$/));
  await settled(page);
  const page2 = await firstUuid(page);
  await page.goBack();
  await page.waitForURL(atList(/\?user=7$/));
  assert.equal(await page.getByLabel('User', { exact: true }).inputValue(), '7');
  await page.goBack();
  await page.waitForURL(atList(api.url + '/'));
  await page.getByText('of 3,000').first().waitFor();
  assert.equal(await page.getByLabel('User', { exact: true }).inputValue(), '', 'the form follows the URL');
  await page.goForward();
  await page.goForward();
  await page.waitForURL(atList(/\?user=7&page=2$/));
  await page.waitForFunction((h) => document.querySelector('table.events tbody td.time a')?.getAttribute('href') === h, page2);
  await page.reload();
  await page.getByRole('table').waitFor();
  await settled(page);
  assert.equal(await firstUuid(page), page2);
  const shared = await signedIn('/?user=7&page=2');
  await settled(shared.page);
  assert.equal(await firstUuid(shared.page), page2);
  assert.equal(await rangeText(shared.page), await rangeText(page));
  shared.assertClean();
  await shared.context.close();
  assertClean();
  await context.close();
});

test('bad URL values give inline messages; the API’s 400 shows next to its field', async () => {
  const { page, assertClean, context } = await signedIn('/?page=abc&user=x&timestamp__gt=garbage&limit=99999');
  await page.getByText('“abc” is not a page number').waitFor();
  await page.getByText('“x” is not an id').waitFor();
  await page.getByText('“garbage” is not a date and time').waitFor();
  await page.getByText('Page size “99999” is not one of').waitFor();
  assert.equal(await page.locator('table.events tbody tr').count(), 50, 'the list still loads, with defaults');
  assert.equal(await page.getByLabel('User', { exact: true }).getAttribute('aria-invalid'), 'true');

  // A value the app accepts but the API does not (lowercase t/z): the API's message, at From.
  await page.goto(api.url + '/?timestamp__gt=2026-11-25t10:00:00z');
  await page.locator('#from-error').getByText('The API says: Enter a valid date/time.').waitFor();
  // Typed input is checked before anything is sent.
  await page.getByLabel('Object ID', { exact: true }).fill('abc');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.locator('#object_id-error').getByText('“abc” is not an id').waitFor();
  assert.match(page.url(), /timestamp__gt=2026-11-25t10/, 'nothing applied');
  assertClean();
  await context.close();
});

test('time presets narrow to absolute instants; an empty result teaches what to do', async () => {
  const { page, assertClean, context } = await signedIn('/?tz=utc');
  const before = Date.now();
  await openTimeRange(page);
  await page.getByRole('button', { name: 'Last 7 days', exact: true }).click();
  await page.waitForURL(/timestamp__gte=/);
  const gte = new URL(page.url()).searchParams.get('timestamp__gte');
  const start = Date.parse(gte);
  assert.ok(Math.abs(start - (before - 7 * 86400e3)) < 60e3, gte);
  const count = await apiCount(api, `timestamp__gte=${encodeURIComponent(gte)}`);
  await page.getByText(`of ${thousands(count)}`).first().waitFor();
  await openTimeRange(page);
  await page.getByRole('button', { name: 'All time', exact: true }).click();
  await page.waitForURL((u) => new URL(unpinned(u)).search === '?tz=utc');

  await page.goto(api.url + '/?user=999999');
  await page.getByText('No events match these filters.').waitFor();
  await page.getByRole('link', { name: 'All events', exact: true }).click();
  await page.waitForURL(atList(api.url + '/'));
  assertClean();
  await context.close();
});
