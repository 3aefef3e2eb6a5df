// The console asks the database (#33): against an API whose config.json lists `api_features`
// (the Django package; demo-api with `--api-features on`), the timeline is one histogram request
// per view, exact; against a plain API (demo-api's default) it stays count probes (explore.test.mjs,
// api-load.test.mjs).
import { test, before, after } from 'node:test';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { startDemoApi, launchBrowser, openSignedIn, settled } from './lib/harness.mjs';
import { allEvents, apiCount, apiGet, thousands } from './lib/api.mjs';
import { assertAccessible } from './lib/a11y.mjs';

let api, browser;
before(async () => {
  api = await startDemoApi({ events: 3000, args: ['--api-features', 'on'] });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await api?.stop();
});

const enc = encodeURIComponent;
const daysAgo = (d) => new Date(Date.now() - d * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
const pinOf = (page) => new URL(page.url()).searchParams.get('timestamp__lte');

/** Every API request the page sends from now on. */
function watch(page) {
  const urls = [];
  page.on('request', (r) => { if (r.url().includes('/api/v1/audit-events')) urls.push(r.url()); });
  return urls;
}

/** The timeline's buckets as its table gives them: instants and counts. */
async function buckets(page) {
  await page.getByRole('img', { name: /^Timeline from .* in \d+ buckets of .*: [\d,]+ events\./ }).waitFor({ timeout: 60_000 });
  await page.getByText('Timeline as a table').click();
  const table = page.getByRole('table', { name: 'Events per time bucket' });
  return table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    from: tr.querySelectorAll('time')[0].getAttribute('datetime'),
    to: tr.querySelectorAll('time')[1].getAttribute('datetime'),
    count: Number(tr.querySelector('td.count').textContent.replace(/[^0-9]/g, '')),
  })));
}

test('config.json says what the API can do', async () => {
  const config = await (await fetch(`${api.url}/config.json`)).json();
  assert.equal(config.api_features.histogram.max_buckets, 1000);
  const h = await apiGet(api, `/audit-events/histogram/?edges=${enc(daysAgo(2))},${enc(daysAgo(1))},${enc(daysAgo(0))}`);
  assert.equal(h.counts.length, 2);
});

test('a new view costs the list and one histogram request, and every bar is exact', async () => {
  const from = daysAgo(7);
  const { page, context, assertClean } = await openSignedIn(browser, api, `/?timestamp__gte=${enc(from)}&tz=utc`);
  await settled(page);
  await buckets(page);
  // A view never seen: nothing the first load kept may answer for it.
  await page.evaluate(() => localStorage.removeItem('audit-console.cache.timeline-counts'));
  const sent = watch(page);
  await page.goto(`${api.url}/?timestamp__gte=${enc(daysAgo(6))}&user=3&tz=utc`);
  await settled(page);
  const rows = await buckets(page);
  const probes = sent.filter((u) => /[?&]limit=1(&|$)/.test(u));
  const histograms = sent.filter((u) => u.includes('/audit-events/histogram/'));
  assert.equal(probes.length, 0, `no count probes: ${probes.join('\n')}`);
  assert.equal(histograms.length, 1, `one histogram request: ${sent.join('\n')}`);
  assert.ok(sent.length <= 3, `at most 3 API requests for the view, sent ${sent.length}:\n${sent.join('\n')}`);
  assert.ok(rows.length >= 24 && rows.length <= 60, `${rows.length} buckets`);

  const pin = pinOf(page);
  assert.equal(rows.at(-1).to, pin);
  const total = rows.reduce((s, r) => s + r.count, 0);
  assert.equal(total, await apiCount(api, `user=3&timestamp__gte=${enc(rows[0].from)}&timestamp__lte=${enc(pin)}`));
  await page.getByText(`of ${thousands(total)}`).first().waitFor();
  for (const [i, r] of rows.entries()) {
    const upper = i === rows.length - 1 ? 'timestamp__lte' : 'timestamp__lt';
    assert.equal(r.count, await apiCount(api, `user=3&timestamp__gte=${enc(r.from)}&${upper}=${enc(r.to)}`), `bucket ${i}`);
  }
  await assertAccessible(page, 'timeline from the histogram');

  // The same link again: the list and at most one histogram (for the bar that touches "now",
  // not settled yet); the same figures.
  const again = watch(page);
  await page.reload();
  await settled(page);
  const rerows = await buckets(page);
  assert.deepEqual(rerows.map((r) => r.count), rows.map((r) => r.count));
  assert.ok(again.filter((u) => u.includes('/histogram/')).length <= 1, again.join('\n'));
  assert.ok(again.length <= 2, again.join('\n'));

  // A range that ended long ago: once counted, every bar is kept and reopening it asks only
  // for the list.
  const past = `/?timestamp__gte=${enc(daysAgo(3))}&timestamp__lte=${enc(daysAgo(1))}&tz=utc`;
  await page.goto(api.url + past);
  await settled(page);
  const first = await buckets(page);
  const later = watch(page);
  await page.reload();
  await settled(page);
  assert.deepEqual((await buckets(page)).map((r) => r.count), first.map((r) => r.count));
  assert.equal(later.filter((u) => u.includes('/histogram/')).length, 0, later.join('\n'));
  assertClean();
  await context.close();
});

test('an event at the inclusive upper bound is counted in the last bar', async () => {
  // The newest event's own instant as the upper bound (timestamp__lte): it must be in the chart.
  const newest = (await apiGet(api, '/audit-events/?limit=1')).results[0].timestamp;
  const upper = newest; // with its microseconds
  const lower = new Date(Date.parse(newest) - 3600e3).toISOString();
  const { page, context, assertClean } = await openSignedIn(browser, api,
    `/?timestamp__gte=${enc(lower)}&timestamp__lte=${enc(upper)}&tz=utc`);
  await settled(page);
  const rows = await buckets(page);
  const total = rows.reduce((s, r) => s + r.count, 0);
  const count = await apiCount(api, `timestamp__gte=${enc(lower)}&timestamp__lte=${enc(upper)}`);
  assert.ok(count >= 1);
  assert.equal(total, count);
  assert.ok(rows.at(-1).count >= 1, 'the newest event is in the last bar');
  assertClean();
  await context.close();
});

test('an export is one streamed request, and the file is every event, masked', async () => {
  const { page, context, assertClean } = await openSignedIn(browser, api, '/?user=4&tz=utc');
  await settled(page);
  const sent = watch(page);
  const pin = pinOf(page);
  const expected = await allEvents(api, `user=4&timestamp__lte=${enc(pin)}`);
  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByLabel('NDJSON', { exact: false }).check();
  const download = page.waitForEvent('download', { timeout: 120_000 });
  await page.getByRole('button', { name: 'Start export' }).click();
  const text = readFileSync(await (await download).path(), 'utf8');
  await page.getByText(`Saved ${thousands(expected.length)} events as`).waitFor();
  const lines = text.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((e) => e.uuid), expected.map((e) => e.uuid));
  assert.ok(!text.includes('"Authorization":"Token') && !text.includes('"Cookie":"sessionid'), 'masked');
  const streamed = sent.filter((u) => u.includes('/audit-events/export/'));
  assert.equal(streamed.length, 1, sent.join('\n'));
  assert.ok(sent.filter((u) => /[?&]limit=500(&|$)/.test(u)).length === 0, 'no pages read');
  assertClean();
  await context.close();
});

test('the list asks for an estimated count; the toolbar says "about" only until the timeline gives the exact total', async () => {
  const from = daysAgo(5);
  const { page, context, assertClean } = await openSignedIn(browser, api, '/?tz=utc');
  await settled(page);
  // An API past its exact-count cap: the page's count is the planner's guess (here 40 times too
  // many), and the histogram answers a moment later.
  await page.route((u) => u.pathname.endsWith('/audit-events/') && u.searchParams.get('count') === 'estimate', async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    await route.fulfill({ response, json: { ...body, count: body.count * 40, count_exact: false } });
  });
  await page.route((u) => u.pathname.endsWith('/audit-events/histogram/'), async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  const sent = watch(page);
  await page.goto(`${api.url}/?timestamp__gte=${enc(from)}&user=2&tz=utc`);
  await settled(page);
  const list = sent.filter((u) => new URL(u).pathname.endsWith('/audit-events/') && new URL(u).searchParams.get('limit') === '50');
  assert.ok(list.length >= 1 && list.every((u) => new URL(u).searchParams.get('count') === 'estimate'), list.join('\n'));
  const count = page.locator('.list-toolbar .count');
  await page.waitForFunction(() => /of about [\d.]+[kM]?$/.test(document.querySelector('.list-toolbar .count')?.textContent ?? ''));
  const exact = await apiCount(api, `user=2&timestamp__gte=${enc(from)}&timestamp__lte=${enc(pinOf(page))}`);
  await page.waitForFunction((n) => document.querySelector('.list-toolbar .count')?.textContent.endsWith(`of ${n}`), thousands(exact), { timeout: 30_000 });
  assert.ok(!(await count.textContent()).includes('about'));
  await page.getByText(`Page 1 of ${thousands(Math.ceil(exact / 50))}`, { exact: true }).first().waitFor();
  assertClean();
  await context.close();
});

/** The uuids of the rows the list shows, in order. */
const shownUuids = (page) => page.locator('table.events td.time a')
  .evaluateAll((as) => as.map((a) => a.getAttribute('href').split('/events/')[1]));
/** The uuids of page `n` by its number, from the API, with the list's pin. */
const pageByNumber = async (page, n) => (await apiGet(api,
  `/audit-events/?limit=50&count=estimate&page=${n}&timestamp__lte=${enc(pinOf(page))}`)).results.map((e) => e.uuid);

test('next and previous go by the API’s cursors; the link names the page and opens the same rows anywhere', async () => {
  const { page, context, assertClean } = await openSignedIn(browser, api, '/?tz=utc');
  await settled(page);
  const top = page.getByRole('navigation', { name: 'Pages (top)' });
  const bottom = page.getByRole('navigation', { name: 'Pages (bottom)' });
  const sent = watch(page);

  await top.getByRole('link', { name: 'Next page' }).click();
  await page.waitForURL((u) => u.searchParams.get('page') === '2' && !!u.searchParams.get('cursor'));
  await settled(page);
  const asked = sent.map((u) => new URL(u)).filter((u) => u.pathname.endsWith('/audit-events/') && u.searchParams.get('limit') === '50');
  assert.equal(asked.length, 1, asked.join('\n'));
  assert.ok(asked[0].searchParams.get('cursor') && !asked[0].searchParams.has('page'), `read by cursor: ${asked[0]}`);
  assert.deepEqual(await shownUuids(page), await pageByNumber(page, 2));

  // Deep: jump by number, then step by cursor.
  await bottom.getByLabel('Go to page', { exact: true }).fill('40');
  await bottom.getByRole('button', { name: 'Go' }).click();
  await page.waitForURL((u) => u.searchParams.get('page') === '40' && !u.searchParams.has('cursor'));
  await settled(page);
  await bottom.getByRole('link', { name: 'Next page' }).click();
  await page.waitForURL((u) => u.searchParams.get('page') === '41' && !!u.searchParams.get('cursor'));
  await settled(page);
  const page41 = await pageByNumber(page, 41);
  assert.deepEqual(await shownUuids(page), page41);
  await page.getByText('2,001–2,050 of 3,000', { exact: true }).first().waitFor();
  const shared = page.url();
  await bottom.getByRole('link', { name: 'Previous page' }).click();
  await page.waitForURL((u) => u.searchParams.get('page') === '40' && !!u.searchParams.get('cursor'));
  await settled(page);
  assert.deepEqual(await shownUuids(page), await pageByNumber(page, 40));
  await assertAccessible(page);

  // The shared link opens the same rows for someone else.
  const other = await openSignedIn(browser, api, shared.slice(api.url.length));
  await settled(other.page);
  assert.deepEqual(await shownUuids(other.page), page41);
  other.assertClean();
  await other.context.close();

  // A position the API does not take: said where the list would be, and the page by number is a click away.
  const tampered = new URL(shared);
  tampered.searchParams.set('cursor', 'garbage');
  await page.goto(tampered.href);
  const alert = page.getByRole('alert').filter({ hasText: 'The API did not accept this link’s page position' });
  await alert.waitFor();
  await alert.getByRole('link', { name: 'Open page 41 by its number' }).click();
  await page.waitForURL((u) => u.searchParams.get('page') === '41' && !u.searchParams.has('cursor'));
  await settled(page);
  assert.deepEqual(await shownUuids(page), page41);
  assertClean();
  await context.close();
});
