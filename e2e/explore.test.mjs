// Explore (#7): the timeline histogram, export of the whole filtered set, live tail, stable paging.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startDemoApi, launchBrowser, openSignedIn, settled, atList } from './lib/harness.mjs';
import { allEvents as allEventsOf, apiGet, apiCount, thousands, demoPost } from './lib/api.mjs';

let api, browser;
before(async () => {
  api = await startDemoApi({ events: 3000, appConfig: { live_tail_seconds: 1 } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await api?.stop();
});

async function signedIn(path) {
  const session = await openSignedIn(browser, api, path);
  await settled(session.page);
  return session;
}

const pinOf = (page) => new URL(page.url()).searchParams.get('timestamp__lte');
const enc = encodeURIComponent;

/** Every event of a query, from the API, all pages. */
const allEvents = (query) => allEventsOf(api, query);

/** RFC 4180: quoted cells, doubled quotes, CRLF rows. */
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}
/** A spreadsheet-guarded cell back to its value. */
const unguard = (s) => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

/** Opens the export panel, picks the options, starts, and returns the saved download. */
async function exportFile(page, { format = 'CSV', reveal = false } = {}) {
  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByLabel(format, { exact: false }).check();
  if (reveal) await page.getByLabel(/Include secret values/).check();
  const download = page.waitForEvent('download', { timeout: 120_000 });
  await page.getByRole('button', { name: 'Start export' }).click();
  const d = await download;
  return { name: d.suggestedFilename(), text: readFileSync(await d.path(), 'utf8') };
}

test('histogram buckets count exactly what the API counts, at most six probes at once', async () => {
  const weekAgo = new Date(Date.now() - 7 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const session = await openSignedIn(browser, api, `/?timestamp__gte=${enc(weekAgo)}&tz=utc`, {});
  const { page, assertClean, context } = session;
  // Probes in flight, counted from the reload on (requests of the first load may still finish).
  const inFlight = new Set();
  let most = 0;
  page.on('request', (r) => { if (r.url().includes('limit=1&')) { inFlight.add(r); most = Math.max(most, inFlight.size); } });
  const done = (r) => inFlight.delete(r);
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  // Every bar counted afresh: counts the first load may have finished and kept are forgotten.
  await page.evaluate(() => localStorage.removeItem('audit-console.cache.timeline-counts'));
  await page.reload();
  await settled(page);
  const chart = page.getByRole('img', { name: /^Timeline from .* in \d+ buckets/ });
  await chart.waitFor();
  await page.getByText('Timeline as a table').click();
  const table = page.getByRole('table', { name: 'Events per time bucket' });
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    from: tr.querySelectorAll('time')[0].getAttribute('datetime'),
    to: tr.querySelectorAll('time')[1].getAttribute('datetime'),
    count: Number(tr.querySelector('td.count').textContent.replace(/[^0-9]/g, '')),
  })));
  assert.ok(rows.length >= 24 && rows.length <= 60, `${rows.length} buckets`);
  const pin = pinOf(page);
  assert.equal(rows[0].from, weekAgo);
  assert.equal(rows.at(-1).to, pin);
  const total = rows.reduce((s, r) => s + r.count, 0);
  assert.equal(total, await apiCount(api, `timestamp__gte=${enc(weekAgo)}&timestamp__lte=${enc(pin)}`));
  await page.getByText(`of ${thousands(total)}`).first().waitFor();
  for (const [i, r] of rows.entries()) {
    const upper = i === rows.length - 1 ? 'timestamp__lte' : 'timestamp__lt';
    assert.equal(r.count, await apiCount(api, `timestamp__gte=${enc(r.from)}&${upper}=${enc(r.to)}`), `bucket ${i}`);
  }
  assert.ok(most <= 6 && most >= 2, `probes in flight at most ${most}`);

  // Dragging from bar 3 to bar 8 makes that range the URL's; the list follows.
  const bar = (i) => page.locator('.histogram .bucket .hit').nth(i).boundingBox();
  const [a, b] = [await bar(3), await bar(8)];
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForURL((u) => u.searchParams.get('timestamp__gte') === rows[3].from
    && u.searchParams.get('timestamp__lt') === rows[8].to && !u.searchParams.has('timestamp__lte'));
  await settled(page);
  const narrowed = rows.slice(3, 9).reduce((s, r) => s + r.count, 0);
  await page.getByText(`of ${thousands(narrowed)}`).first().waitFor();
  // A click on one bar narrows to it.
  await page.getByRole('img', { name: /^Timeline from .* in \d+ buckets/ }).waitFor();
  const first = await bar(0);
  await page.mouse.click(first.x + first.width / 2, first.y + first.height / 2);
  await page.waitForURL((u) => u.searchParams.get('timestamp__gte') === rows[3].from
    && u.searchParams.has('timestamp__lt') && u.searchParams.get('timestamp__lt') !== rows[8].to);
  assertClean();
  await context.close();
});

test('CSV export has every matching event, round-trips, and is named after the filter', async () => {
  const { page, assertClean, context } = await signedIn('/?user=5');
  assert.equal(await page.title(), 'user 5 — Audit Console', 'the tab names the view');
  const pin = pinOf(page);
  const query = `user=5&timestamp__lte=${enc(pin)}`;
  const expected = await allEvents(query);
  assert.equal(expected.length, await apiCount(api, query));
  const { name, text } = await exportFile(page, { format: 'CSV', reveal: true });
  assert.equal(name, `audit-events_user-5_..${pin.slice(0, 10)}.csv`);
  await page.getByText(`Saved ${thousands(expected.length)} events as`).waitFor();
  const [header, ...rows] = parseCsv(text);
  assert.equal(header.join(','), 'uuid,timestamp,user_id,user_email,user_first_name,user_last_name,remote_addr,url,query_params,post_data,headers,content_type,object_id,content,other_fields');
  assert.equal(rows.length, expected.length);
  const byUuid = new Map(expected.map((e) => [e.uuid, e]));
  for (const r of rows) {
    const cell = Object.fromEntries(header.map((h, i) => [h, unguard(r[i])]));
    const e = byUuid.get(cell.uuid);
    assert.ok(e, `unknown uuid ${cell.uuid}`);
    assert.match(cell.timestamp, /Z$/);
    assert.equal(Date.parse(cell.timestamp), Date.parse(e.timestamp));
    assert.equal(cell.user_id, String(e.user?.pk ?? ''));
    assert.equal(cell.user_email, e.user?.email ?? '');
    assert.equal(cell.remote_addr, e.remote_addr ?? '');
    assert.equal(cell.url, e.url ?? '');
    for (const k of ['query_params', 'post_data', 'headers', 'content']) {
      assert.deepEqual(cell[k] === '' ? null : JSON.parse(cell[k]), e[k], `${k} of ${e.uuid}`);
    }
    assert.equal(cell.content_type, String(e.content_type ?? ''));
    assert.equal(cell.object_id, String(e.object_id ?? ''));
    // No cell a spreadsheet would run as a formula.
    assert.ok(r.every((c) => !/^[=+\-@\t\r]/.test(c)), r.join(' | '));
  }
  assertClean();
  await context.close();
});

test('NDJSON export of all pages masks secrets unless asked; cancel stops requests', async () => {
  const { page, assertClean, context } = await signedIn('/');
  const pin = pinOf(page);
  const count = await apiCount(api, `timestamp__lte=${enc(pin)}`);
  assert.ok(count > 1500, 'several 500-event pages');
  const { name, text } = await exportFile(page, { format: 'NDJSON' });
  assert.match(name, /^audit-events_\.\.\d{4}-\d{2}-\d{2}\.ndjson$/);
  const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, count);
  assert.equal(new Set(lines.map((l) => l.uuid)).size, count);
  const withAuth = lines.filter((l) => l.headers && typeof l.headers === 'object' && 'Authorization' in l.headers);
  assert.ok(withAuth.length > 0);
  assert.ok(withAuth.every((l) => l.headers.Authorization === '••••••••'), 'masked by default');

  // Cancel: with a slow API, nothing is requested after Cancel.
  await demoPost(api, 'faults/', { latency_ms: 700 });
  try {
    const sent = [];
    page.on('request', (r) => { if (r.url().includes('limit=500')) sent.push(Date.now()); });
    await page.getByRole('button', { name: 'Export again' }).click();
    await page.getByText(/^500 of /).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Cancel export' }).click();
    const cancelledAt = Date.now();
    await page.getByText(/Export cancelled after/).waitFor();
    await page.waitForTimeout(2500);
    assert.equal(sent.filter((t) => t > cancelledAt).length, 0, 'no request after cancel');
  } finally {
    await demoPost(api, 'faults/', { latency_ms: 0 });
  }
  assertClean();
  await context.close();
});

test('export retries failed pages with back-off and still has every event', async () => {
  const { page, context } = await signedIn('/');
  const pin = pinOf(page);
  const count = await apiCount(api, `timestamp__lte=${enc(pin)}`);
  const statuses = [];
  page.on('response', (r) => { if (r.url().includes('limit=500')) statuses.push(r.status()); });
  // The second page fails twice, then succeeds: the export waits (api::retry) and goes on.
  await demoPost(api, 'faults/', { fail_next: { count: 2, matching: 'page=2&limit=500' } });
  const { text } = await exportFile(page, { format: 'NDJSON' });
  assert.equal(text.trimEnd().split('\n').length, count);
  assert.deepEqual(statuses.slice(0, 4), [200, 500, 500, 200]);
  // A failing page after the client's last attempt (api::retry: 9) stops the export with
  // Resume, which carries on. (429 with Retry-After: 1, so the eight waits take 8–20 s.)
  await demoPost(api, 'faults/', { fail_next: { count: 9, matching: 'page=3&limit=500', kind: '429' } });
  await page.getByRole('button', { name: 'Export again' }).click();
  await page.getByText(/Page 3: The API is busy — retrying in \d+ s/).waitFor({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Resume export' }).waitFor({ timeout: 60_000 });
  assert.match(await page.getByRole('alert').filter({ hasText: 'Stopped at page 3' }).textContent(), /Stopped at page 3/);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Resume export' }).click();
  const again = readFileSync(await (await download).path(), 'utf8');
  assert.equal(again.trimEnd().split('\n').length, count, 'resumed from the failed page, nothing lost or doubled');
  // Failed requests log console errors by design here.
  await context.close();
});

test('paging stays stable while events arrive; Refresh moves the pin to now', async () => {
  const { page, assertClean, context } = await signedIn('/');
  const pin = pinOf(page);
  assert.ok(pin, 'an open-ended list is pinned');
  assert.ok(Math.abs(Date.parse(pin) - Date.now()) < 60e3);
  await page.getByText(/^As of /).waitFor();
  const before = await apiGet(api, `/audit-events/?limit=50&page=2&timestamp__lte=${enc(pin)}`);
  for (let i = 0; i < 5; i++) await demoPost(api, 'events/', { url: `https://stable.example/${i}` });
  await page.getByRole('navigation', { name: 'Pages (bottom)' }).getByRole('link', { name: 'Page 2' }).click();
  await settled(page);
  const uuids = await page.locator('table.events tbody tr td.time a').evaluateAll((as) => as.map((a) => a.getAttribute('href').split('/').pop()));
  assert.deepEqual(uuids, before.results.map((e) => e.uuid), 'page 2 as it was when the list opened');
  assert.equal(pinOf(page), pin);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.waitForURL((u) => u.searchParams.get('timestamp__lte') !== pin);
  await settled(page);
  await page.getByText(`of ${thousands(before.count + 5)}`).first().waitFor();
  assertClean();
  await context.close();
});

test('live tail prepends new events on the first page, and offers them elsewhere', async () => {
  const { page, assertClean, context } = await signedIn('/');
  await page.getByLabel('Live tail').check();
  await page.getByText('Live: checking every 1 s').waitFor();
  const inserted = await demoPost(api, 'events/', { url: 'https://live.example/arrived' });
  const row = page.locator('table.events tbody.new-events tr.new');
  await row.first().waitFor({ timeout: 10_000 });
  assert.equal(await row.count(), 1);
  assert.equal(await row.locator('td.url').textContent(), 'https://live.example/arrived');
  assert.equal(await row.locator('td.time a').getAttribute('href'), `/events/${inserted.uuid}`);
  await page.getByText('1 new event above').waitFor();
  // Another arrives: added above, the first one kept (not redrawn).
  const firstRow = await row.first().elementHandle();
  await demoPost(api, 'events/', { url: 'https://live.example/second' });
  await page.getByText('2 new events above').waitFor({ timeout: 10_000 });
  assert.equal(await row.first().locator('td.url').textContent(), 'https://live.example/second');
  assert.ok(await firstRow.evaluate((tr) => tr.isConnected), 'the earlier row is the same element');

  // On page 2 the rows stay put, and a link offers the new ones.
  await page.getByRole('link', { name: 'Page 2' }).first().click();
  await settled(page);
  await demoPost(api, 'events/', { url: 'https://live.example/third' });
  const pill = page.getByRole('link', { name: /new events? — show the newest/ });
  await pill.waitFor({ timeout: 10_000 });
  assert.equal(await page.locator('table.events tbody.new-events tr').count(), 0);
  await pill.click();
  await page.waitForURL(atList(api.url + '/'));
  await settled(page);
  assert.equal(await page.locator('table.events tbody tr td.url').first().textContent(), 'https://live.example/third');
  // Paused while hidden.
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await page.getByText('Live tail paused while this tab is hidden.').waitFor({ timeout: 5_000 });
  assertClean();
  await context.close();
});
