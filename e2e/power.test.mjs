// Power use: columns and density, saved views (with their JSON file), comparing two events and
// an object's history, the theme choice — each remembered as the user expects.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoApi, launchBrowser, openSignedIn, settled, openMenu, openTimeRange } from './lib/harness.mjs';
import { apiGet, demoPost, thousands } from './lib/api.mjs';

let api, browser;
before(async () => {
  api = await startDemoApi({ events: 400 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await api?.stop();
});


const headers = (page) => page.locator('table.events thead th').evaluateAll(
  (ths) => ths.map((th) => th.textContent.replace(/[▲▼]/g, '').trim()));

test('columns: hide, show, reorder and density are remembered per browser', async () => {
  const { page, context, assertClean } = await openSignedIn(browser, api, '/?tz=utc');
  await settled(page);
  assert.deepEqual(await headers(page), ['Time', 'User', 'Object', 'IP address', 'URL']);

  await openMenu(page, 'Columns');
  await page.getByRole('checkbox', { name: 'Show the IP address column' }).uncheck();
  await page.getByRole('checkbox', { name: 'Show the Event ID column' }).check();
  await page.getByRole('button', { name: 'Move URL earlier' }).click();
  await page.getByRole('button', { name: 'Move URL earlier' }).click();
  // Focus stays on the button that moved, so a keyboard user can keep pressing it.
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Move URL earlier');
  await page.getByRole('radio', { name: 'Compact' }).check();
  // Moves follow the menu's order, hidden columns included: URL went past IP address, then Object.
  const expected = ['Time', 'User', 'URL', 'Object', 'Event ID'];
  assert.deepEqual(await headers(page), expected);
  assert.ok(await page.locator('table.events.compact').count(), 'compact rows');
  // Cells follow their headers: the Event ID column holds each row's uuid.
  const firstHref = await page.locator('table.events tbody tr td.time a').first().getAttribute('href');
  assert.equal(await page.locator('table.events tbody tr').first().locator('td').nth(4).textContent(), firstHref.split('/').pop());
  // The time column cannot be hidden: it is how a row opens.
  assert.ok(await page.getByRole('checkbox', { name: /^Show the Time column/ }).isDisabled());

  // Remembered: after a reload, and in another tab of the same browser.
  await page.reload();
  await settled(page);
  assert.deepEqual(await headers(page), expected);
  const other = await context.newPage();
  await other.goto(`${api.url}/?user=5`);
  await settled(other);
  assert.deepEqual(await headers(other), expected);
  assert.ok(await other.locator('table.events.compact').count());

  await openMenu(page, 'Columns');
  await page.getByRole('button', { name: 'Reset columns' }).click();
  assert.deepEqual(await headers(page), ['Time', 'User', 'Object', 'IP address', 'URL']);
  assertClean();
  await context.close();
});

test('saved views: save, open, rename, delete, export and import', async () => {
  const { page, context, assertClean } = await openSignedIn(browser, api, '/?user=5&tz=utc');
  await settled(page);
  await openTimeRange(page);
  await page.getByRole('button', { name: 'Last 24 hours', exact: true }).click();
  await page.waitForURL((u) => new URL(u).searchParams.has('timestamp__gte'));
  await settled(page);

  await openMenu(page, 'Saved views (0)');
  await page.getByText('No saved views yet.', { exact: false }).waitFor();
  await page.getByLabel('Name the current view').fill('  User five  ');
  // A range that reads as a preset can stay relative (ticked by default).
  assert.ok(await page.getByRole('checkbox', { name: /Keep the range relative: “last 24 hours”/ }).isChecked());
  await page.getByRole('button', { name: 'Save view' }).click();
  await page.getByText('Saved “User five”.').waitFor();
  const views = page.getByRole('list', { name: 'Saved views' });
  assert.equal(await views.getByRole('link', { name: 'User five' }).getAttribute('href'), '/?user=5&range=24h');
  await views.getByText('user 5 · last 24 hours').waitFor();

  // Kept across a reload; renamed; a name another view has is refused.
  await page.reload();
  await settled(page);
  await openMenu(page, 'Saved views (1)');
  await page.getByRole('button', { name: 'Rename User five' }).click();
  await page.getByLabel('New name for User five').fill('Fifth user, today');
  await page.getByRole('button', { name: 'Save name' }).click();
  await page.getByText('Renamed.').waitFor();

  // Opening it: the relative range becomes bounds as of now, and the list is user 5's.
  await views.getByRole('link', { name: 'Fifth user, today' }).click();
  await page.waitForURL((u) => new URL(u).searchParams.has('timestamp__gte') && !new URL(u).searchParams.has('range'));
  await settled(page);
  const url = new URL(page.url());
  const span = Date.parse(url.searchParams.get('timestamp__lte')) - Date.parse(url.searchParams.get('timestamp__gte'));
  assert.equal(span, 24 * 3600 * 1000);
  assert.equal(url.searchParams.get('user'), '5');
  const count = (await apiGet(api, `/audit-events/?limit=1&${url.search.slice(1).replace(/&?tz=utc/, '')}`)).count;
  await page.getByRole('status').filter({ hasText: `${thousands(count)} events match.` }).waitFor({ state: 'attached' });

  // Export → a JSON file with the view.
  await openMenu(page, 'Saved views (1)');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export views' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'audit-console-views.json');
  const file = join(await mkdtemp(join(tmpdir(), 'views-')), 'views.json');
  await download.saveAs(file);
  const exported = JSON.parse(await readFile(file, 'utf8'));
  assert.deepEqual(exported, { audit_console_saved_views: 1, views: [{ name: 'Fifth user, today', query: 'user=5&range=24h' }] });

  // Delete; then import the file back (as a teammate would).
  await page.getByRole('button', { name: 'Delete Fifth user, today' }).click();
  await page.getByText('Deleted “Fifth user, today”.').waitFor();
  await page.getByText(/^Saved views \(0\)$/).waitFor();
  await page.getByLabel('Import views from a file').setInputFiles(file);
  await page.getByText('Imported 1 view.').waitFor();
  await views.getByRole('link', { name: 'Fifth user, today' }).waitFor();
  // A file that is not an export is refused with a reason; nothing changes.
  const bad = join(tmpdir(), `not-views-${Date.now()}.json`);
  await writeFile(bad, '{"hello": 1}');
  await page.getByLabel('Import views from a file').setInputFiles(bad);
  await page.getByText('This JSON file is not a saved-views export', { exact: false }).waitFor();
  await page.getByText(/^Saved views \(1\)$/).waitFor();
  assertClean();
  await context.close();
});

test('a relative range in a link becomes bounds as of opening; a bad one says why', async () => {
  const { page, context, assertClean } = await openSignedIn(browser, api, '/?tz=utc');
  await page.goto(`${api.url}/?user=5&range=7d&tz=utc`);
  await page.waitForURL((u) => !new URL(u).searchParams.has('range'));
  await settled(page);
  const url = new URL(page.url());
  assert.equal(Date.parse(url.searchParams.get('timestamp__lte')) - Date.parse(url.searchParams.get('timestamp__gte')), 7 * 86400 * 1000);
  await page.goto(`${api.url}/?user=5&range=soon`);
  await page.getByText('Time range “soon” is not one of 15m, 1h, 24h, 7d, 30d, all.').waitFor();
  assertClean();
  await context.close();
});

/** Three versions of one object, a minute apart, with known differences. */
async function objectHistory() {
  const base = { user: 3, remote_addr: '10.0.0.7', url: 'https://shop.example/orders/4242', content_type: 9, object_id: 4242,
    query_params: {}, post_data: {} };
  const t = Date.now() - 3600_000;
  const iso = (ms) => new Date(ms).toISOString();
  const e1 = await demoPost(api, 'events/', { ...base, timestamp: iso(t), headers: { Authorization: 'Token first-secret' },
    content: { status: 'open', total: 10, items: [1, 2] } });
  const e2 = await demoPost(api, 'events/', { ...base, timestamp: iso(t + 60_000), headers: { Authorization: 'Token second-secret' },
    content: { status: 'paid', total: 10, items: [1], note: 'gift' } });
  const e3 = await demoPost(api, 'events/', { ...base, timestamp: iso(t + 120_000), headers: { Authorization: 'Token second-secret' },
    content: { status: 'shipped', total: 10, items: [1], note: 'gift' } });
  return [e1, e2, e3];
}

const diffRows = (page) => page.getByRole('table', { name: 'Differences, field by field' }).locator('tbody tr').evaluateAll(
  (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));

test('compare two picked events, and step through an object\'s history', async () => {
  const [e1, e2, e3] = await objectHistory();
  const { page, context, assertClean } = await openSignedIn(browser, api, '/?content_type=9&object_id=4242&tz=utc');
  await settled(page);
  const boxes = page.getByRole('checkbox', { name: /^Compare the event at / });
  // The checkboxes show only while picking.
  assert.equal(await boxes.count(), 0);
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  assert.equal(await boxes.count(), 3);
  assert.deepEqual((await headers(page))[0], 'Compare');
  const checked = () => boxes.evaluateAll((bs) => bs.map((b) => b.checked));
  // Clear unpicks.
  await boxes.nth(0).check();
  await page.getByRole('button', { name: 'Clear' }).click();
  assert.deepEqual(await checked(), [false, false, false]);
  // Rows are newest first (e3, e2, e1). Two at most: a third pick replaces the oldest pick,
  // leaving e3 and e1 (the link orders them by time itself).
  await boxes.nth(1).check();
  await page.getByText('1 event picked: pick another to compare.').waitFor();
  await boxes.nth(0).check();
  await boxes.nth(2).check();
  assert.deepEqual(await checked(), [true, false, true]);
  await page.getByRole('link', { name: 'Compare the 2 picked events' }).click();
  await page.getByRole('heading', { name: 'Compare events' }).waitFor();
  await page.getByText('6 differences: 1 added, 1 removed, 4 changed.').waitFor();
  const mask = '••••••••';
  assert.deepEqual(await diffRows(page), await expectedRows(e1, e3, mask));
  // Secrets show only when asked.
  await page.getByRole('checkbox', { name: 'Show secret values' }).check();
  const auth = (await diffRows(page)).find((r) => r[0] === '$.headers.Authorization');
  assert.deepEqual(auth.slice(2), ['"Token first-secret"', '"Token second-secret"']);

  // From the detail page of e3: compare with the previous event of this object (e2).
  await page.goto(`${api.url}/events/${e3.uuid}`);
  await page.getByRole('link', { name: 'Compare with the previous event of this object' }).click();
  await page.waitForURL(`${api.url}/compare?a=previous&b=${e3.uuid}`);
  await page.getByText('3 differences: 0 added, 0 removed, 3 changed.').waitFor();
  assert.deepEqual((await diffRows(page)).map((r) => r.slice(0, 2)), [
    ['$.uuid', 'changed'], ['$.timestamp', 'changed'], ['$.content.status', 'changed'],
  ]);
  // Earlier change: e1 → e2; then nothing before e1.
  await page.getByRole('link', { name: '← Earlier change' }).click();
  await page.waitForURL(`${api.url}/compare?a=previous&b=${e2.uuid}`);
  await page.getByText('6 differences: 1 added, 1 removed, 4 changed.').waitFor();
  await page.getByRole('link', { name: '← Earlier change' }).click();
  await page.getByText('This is the earliest recorded event of', { exact: false }).waitFor();
  // Later change from e2 leads to e3.
  await page.goto(`${api.url}/compare?a=${e2.uuid}&b=next`);
  await page.getByText('3 differences: 0 added, 0 removed, 3 changed.').waitFor();
  // A malformed link says what is wrong.
  await page.goto(`${api.url}/compare?a=previous&b=nonsense`);
  await page.getByText('“nonsense” is not an event ID.').waitFor();
  assertClean();
  await context.close();
});

/** The differences from e1 to a later version, with Authorization masked. */
async function expectedRows(a, b, mask) {
  const j = JSON.stringify;
  const bStatus = (await apiGet(api, `/audit-events/${b.uuid}/`)).content.status;
  return [
    ['$.uuid', 'changed', j(a.uuid), j(b.uuid)],
    ['$.timestamp', 'changed', j(a.timestamp), j(b.timestamp)],
    ['$.headers.Authorization', 'changed', mask, mask],
    ['$.content.status', 'changed', '"open"', j(bStatus)],
    ['$.content.items[1]', 'removed', '2', '—'],
    ['$.content.note', 'added', '—', '"gift"'],
  ];
}

test('theme: light, dark or the system, remembered', async () => {
  const { page, context, assertClean } = await openSignedIn(browser, api, '/?tz=utc', { colorScheme: 'light' });
  await settled(page);
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(await bg(), 'rgb(255, 255, 255)');
  await page.getByLabel('Theme').selectOption('dark');
  assert.equal(await bg(), 'rgb(17, 20, 26)');
  // Applied before the app starts on the next load (no light flash).
  await page.reload();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await settled(page);
  assert.equal(await page.getByLabel('Theme').inputValue(), 'dark');
  // System follows the OS.
  await page.getByLabel('Theme').selectOption('system');
  assert.equal(await bg(), 'rgb(255, 255, 255)');
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.equal(await bg(), 'rgb(17, 20, 26)');
  assertClean();
  await context.close();
});
