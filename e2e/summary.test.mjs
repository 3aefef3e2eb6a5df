// Summaries (#27): facets over the whole filtered set, checked against the API's own counts;
// a facet value's link to the filtered list; the cap; cancel; a reload of a summary URL; CSV;
// accessibility in both themes and at 360 px. Then the same against an API that aggregates
// (#33: demo-api with --api-features on, as the Django package): the whole set, one request per
// table, a refused table said in place.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startDemoApi, launchBrowser, openSignedIn, settled, CANARY } from './lib/harness.mjs';
import { allEvents as allEventsOf, apiGet, apiCount, thousands, demoPost } from './lib/api.mjs';
import { assertAccessible } from './lib/a11y.mjs';

const CAP = 2000;
let api, agg, browser;
before(async () => {
  api = await startDemoApi({ events: 3000, appConfig: { summary_max_events: CAP } });
  agg = await startDemoApi({ events: 3000, args: ['--api-features', 'on'], appConfig: { summary_max_events: CAP } });
  browser = await launchBrowser();
  // Odd events, as real data has them: no user, no or a broken address and URL, content that is
  // not an object or whose action is not text; two order URLs that differ only by id.
  const odd = [
    { user: null, object_id: null, remote_addr: 'not-an-ip', url: 'not a url', content: 'just text' },
    { remote_addr: null, url: null, content: { action: 7 } },
    { url: 'https://Shop.Example.com/api/v1/orders/123/?x=1', content: { action: 'approve' } },
    { url: 'https://shop.example.com/api/v1/orders/124/', content: { action: 'approve' } },
    { content: [1, 2], remote_addr: '2001:DB8:0:0::7' },
  ];
  const at = new Date(Date.now() - 3600e3).toISOString();
  for (const o of odd) {
    await demoPost(api, 'events/', { ...o, timestamp: at });
    await demoPost(agg, 'events/', { ...o, timestamp: at });
  }
});
after(async () => {
  await browser?.close();
  await api?.stop();
  await agg?.stop();
});

const enc = encodeURIComponent;
const daysAgo = (d) => new Date(Date.now() - d * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');

/** Every event of a query, from the API, all pages. */
const allEvents = (query) => allEventsOf(api, query);

/** The list's filters as the API takes them (the URL's, without display parameters). */
function apiQuery(pageUrl) {
  const u = new URL(pageUrl);
  for (const k of ['tz', 'panel', 'page', 'limit', 'sort']) u.searchParams.delete(k);
  return u.searchParams.toString();
}

// What the app counts, worked out here independently from the API's events.
function ipKey(a) {
  if (a == null || a.trim() === '') return '(none)';
  const s = a.trim();
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s) && s.split('.').every((n) => Number(n) <= 255 && !/^0\d/.test(n))) return s;
  if (s.includes(':')) {
    try { return new URL(`http://[${s}]/`).hostname.slice(1, -1); } catch { /* not an address */ }
  }
  return '(unparsed)';
}
function pathKey(url) {
  if (url == null || url.trim() === '') return ['(none)', ''];
  const s = url.trim();
  if (/[\s\u0000-\u001f\u007f-\u009f]/u.test(s)) return ['(unparsed)', ''];
  let origin, rest;
  if (s.startsWith('/') && !s.startsWith('//')) { origin = ''; rest = s; } else {
    const m = s.match(/^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/s);
    if (!m) return ['(unparsed)', ''];
    const host = m[2].includes('@') ? m[2].slice(m[2].lastIndexOf('@') + 1) : m[2];
    if (!host) return ['(unparsed)', ''];
    origin = `${m[1].toLowerCase()}://${host.toLowerCase()}`;
    rest = m[3];
  }
  let path = rest.split(/[?#]/)[0] || '/';
  const uuid = /^([0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;
  path = path.split('/').map((seg) => (/^\d+$/.test(seg) || uuid.test(seg) ? '{id}' : seg)).join('/');
  return [path, origin];
}
function actionKey(c) {
  if (c === null || c === undefined) return '(none)';
  if (typeof c !== 'object' || Array.isArray(c)) return '(unparsed)';
  const a = c.action;
  if (a === undefined || a === null) return '(none)';
  if (typeof a !== 'string') return '(unparsed)';
  return a.trim() === '' ? '(none)' : a;
}
const tally = (items) => items.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map());
const num = (s) => Number(s.replace(/[^0-9]/g, ''));

/** A facet's table: its caption and rows as cell texts (first cell's link href kept). */
async function facetRows(page, name) {
  const table = page.getByRole('table', { name: new RegExp(`^${name} \\(`) });
  await table.waitFor();
  return table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => {
    const tds = [...tr.children];
    const value = tds[0];
    return {
      cells: tds.map((td, i) => (i === 0 ? (value.querySelector('a, span')?.textContent ?? '') : td.textContent.trim())),
      href: value.querySelector(':scope > a')?.getAttribute('href') ?? null,
      raw: [...value.querySelectorAll('.raw-paths li .raw-path')].map((s) => s.textContent),
    };
  }));
}

/** Shows every row of a facet ("Show all" / "Show N more"). */
async function showAll(page, name) {
  const facet = page.locator('.facet').filter({ has: page.getByRole('table', { name: new RegExp(`^${name} \\(`) }) });
  for (;;) {
    const more = facet.getByRole('button', { name: /^Show (all|[\d,]+ more)/ });
    if (!(await more.count())) return;
    // An API that aggregates sends the next rows a moment later: wait for them.
    const said = await facet.locator('.facet-more').textContent();
    await more.click();
    await page.waitForFunction(([el, before]) => el.textContent !== before, [await facet.locator('.facet-more').elementHandle(), said]);
  }
}

/** When: the grid in UTC (the list's zone), cell by cell, and the first and last event, against
 *  the events themselves. */
async function assertWhen(page, events) {
  const grid = Array.from({ length: 7 }, () => Array(24).fill(0));
  for (const e of events) {
    const t = new Date(e.timestamp);
    grid[(t.getUTCDay() + 6) % 7][t.getUTCHours()] += 1;
  }
  const heat = page.getByRole('table', { name: /^Events by day of week .* in UTC$/ });
  const shown = await heat.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.textContent.replace(/,/g, '')))));
  assert.deepEqual(shown, grid);
  const times = events.map((e) => Date.parse(e.timestamp));
  const [first, last] = await page.locator('.first-last time').evaluateAll((ts) => ts.map((t) => Date.parse(t.getAttribute('datetime'))));
  assert.equal(first, Math.min(...times));
  assert.equal(last, Math.max(...times));
}

async function openSummary(page) {
  await page.getByRole('button', { name: 'Summarize' }).click();
  await page.waitForURL((u) => u.searchParams.get('panel') === 'summary');
  return waitSummary(page);
}
async function waitSummary(page, timeout = 60_000) {
  const h = page.getByRole('heading', { level: 2, name: /^(Partial summary|Summary of)/ });
  await h.waitFor({ timeout });
  return h.textContent();
}

test('a summary counts what the API counts, facet by facet, and adds up', async () => {
  const { page, context, assertClean } = await openSignedIn(browser, api, `/?timestamp__gte=${enc(daysAgo(40))}&tz=utc`);
  await settled(page);
  const requested = [];
  page.on('request', (r) => { if (r.url().includes('limit=500')) requested.push(new URL(r.url()).searchParams.get('page') ?? '1'); });
  const heading = await openSummary(page);
  const query = apiQuery(page.url());
  const events = await allEvents(query);
  const n = events.length;
  assert.ok(n > 1000 && n < CAP, `${n} events: several pages, under the cap`);
  assert.equal(n, await apiCount(api, query));
  assert.equal(heading, `Summary of ${thousands(n)} events`);
  // Exactly ⌈N/500⌉ list requests, none repeated.
  assert.deepEqual(requested.sort(), Array.from({ length: Math.ceil(n / 500) }, (_, i) => String(i + 1)).sort());
  await page.getByText(`Read ${thousands(n)} events in ${Math.ceil(n / 500)} requests`).waitFor();

  // Users: each against `count` of ?user=N with the same filters; "system" for no user.
  const users = await facetRows(page, 'Users');
  assert.equal(users.length, 10);
  for (const u of users) {
    const count = num(u.cells[3]);
    if (u.cells[0] === 'system') {
      assert.equal(count, events.filter((e) => e.user == null).length, 'system');
      assert.equal(u.href, null, 'no user cannot be filtered');
    } else {
      assert.equal(count, await apiCount(api, `user=${u.cells[2]}&${query}`), `user ${u.cells[2]}`);
      assert.match(u.href, new RegExp(`^/\\?user=${u.cells[2]}&`));
      assert.equal(u.cells[1], events.find((e) => e.user?.pk === Number(u.cells[2])).user.email);
    }
  }
  await showAll(page, 'Users');
  const allUsers = await facetRows(page, 'Users');
  assert.equal(allUsers.reduce((s, u) => s + num(u.cells[3]), 0), n, 'users add up');
  assert.equal(allUsers.length, tally(events.map((e) => e.user?.pk ?? 'system')).size);

  const types = await facetRows(page, 'Content types');
  for (const t of types) {
    assert.equal(num(t.cells[2]), await apiCount(api, `content_type=${t.cells[1]}&${query}`), `type ${t.cells[1]}`);
  }
  assert.equal(types[0].cells[0].includes('.'), true, 'labels from config.json');
  const objects = await facetRows(page, 'Objects');
  for (const o of objects.filter((r) => r.href)) {
    assert.equal(num(o.cells[3]), await apiCount(api, `content_type=${o.cells[1]}&object_id=${o.cells[2]}&${query}`));
  }

  // The facets the API cannot filter by, against the events themselves.
  const ips = tally(events.map((e) => ipKey(e.remote_addr)));
  const ipRows = await facetRows(page, 'IP addresses');
  for (const r of ipRows) assert.equal(num(r.cells[1]), ips.get(r.cells[0]), `ip ${r.cells[0]}`);
  assert.ok(ipRows.every((r) => r.href === null));
  assert.ok(ipRows.some((r) => r.cells[0] === '(none)'));
  await page.getByRole('table', { name: `IP addresses (${thousands(ips.size)} distinct values)` }).waitFor();
  assert.ok(ips.has('(unparsed)') && ips.has('2001:db8::7'));

  const paths = tally(events.map((e) => pathKey(e.url).join(' ')));
  await showAll(page, 'URL paths');
  const pathRows = await facetRows(page, 'URL paths');
  assert.equal(pathRows.length, paths.size);
  for (const r of pathRows) assert.equal(num(r.cells[2]), paths.get(`${r.cells[0]} ${r.cells[1]}`), `path ${r.cells[0]}`);
  const orders = pathRows.find((r) => r.cells[0] === '/api/v1/orders/{id}/');
  assert.equal(num(orders.cells[2]), 2, '/orders/123/ and /orders/124/ are one endpoint');
  assert.equal(orders.cells[1], 'https://shop.example.com');
  assert.deepEqual(orders.raw.sort(), ['/api/v1/orders/123/', '/api/v1/orders/124/']);
  assert.ok(pathRows.some((r) => r.cells[0] === '(unparsed)') && pathRows.some((r) => r.cells[0] === '(none)'));

  const actions = tally(events.map((e) => actionKey(e.content)));
  await showAll(page, 'Actions');
  const actionRows = await facetRows(page, 'Actions');
  assert.equal(actionRows.length, actions.size);
  for (const r of actionRows) assert.equal(num(r.cells[1]), actions.get(r.cells[0]), `action ${r.cells[0]}`);
  assert.ok(actions.get('(unparsed)') >= 3);

  // When: the grid in UTC (the list's zone), cell by cell; the first and last event.
  await assertWhen(page, events);

  assert.equal(await page.evaluate((c) => window[c], CANARY), undefined, 'event data is only text');
  assertClean();
  await context.close();
});

test('a facet value links to the list narrowed to it; Close and Back', async () => {
  const { page, context, assertClean } = await openSignedIn(browser, api, `/?timestamp__gte=${enc(daysAgo(20))}&tz=utc`);
  await settled(page);
  await openSummary(page);
  const [top] = await facetRows(page, 'Content types');
  await page.getByRole('table', { name: /^Content types \(/ }).getByRole('link', { name: top.cells[0], exact: true }).click();
  await page.waitForURL((u) => u.searchParams.get('content_type') === top.cells[1] && !u.searchParams.has('panel'));
  await settled(page);
  assert.ok(new URL(page.url()).searchParams.get('timestamp__gte'), 'the range is kept');
  await page.getByText(`of ${top.cells[2]}`).first().waitFor();
  assert.equal(await page.locator('#summary-panel').count(), 0);
  // Back: the summary again; Close removes it from the URL; the key `s` opens it.
  await page.goBack();
  await waitSummary(page);
  await page.getByRole('button', { name: 'Close summary' }).click();
  await page.waitForURL((u) => !u.searchParams.has('panel'));
  assert.equal(await page.locator('#summary-panel').count(), 0);
  await page.keyboard.press('s');
  await page.waitForURL((u) => u.searchParams.get('panel') === 'summary');
  await waitSummary(page);
  assertClean();
  await context.close();
});

test('past summary_max_events it reads the newest N and says so', async () => {
  const { page, context, assertClean } = await openSignedIn(browser, api, '/?tz=utc');
  await settled(page);
  const requested = [];
  page.on('request', (r) => { if (r.url().includes('limit=500')) requested.push(r.url()); });
  const heading = await openSummary(page);
  const total = await apiCount(api, apiQuery(page.url()));
  assert.ok(total > CAP);
  assert.equal(heading, `Summary of the newest ${thousands(CAP)} of ${thousands(total)} events`);
  assert.equal(requested.length, CAP / 500, 'no page beyond the cap');
  assert.ok(requested.every((u) => !new URL(u).searchParams.has('sort')), 'newest first (the API default)');
  const users = await facetRows(page, 'Users');
  await showAll(page, 'Users');
  const all = await facetRows(page, 'Users');
  assert.equal(all.reduce((s, u) => s + num(u.cells[3]), 0), CAP);
  assert.ok(users.length === 10);
  // The newest 2,000: the oldest counted is the 2,000th newest.
  const newest = await allEvents(`${apiQuery(page.url())}`);
  const first = await page.locator('.first-last time').first().getAttribute('datetime');
  assert.equal(Date.parse(first), Date.parse(newest[CAP - 1].timestamp));
  assertClean();
  await context.close();
});

test('cancel stops reading at once; a partial summary says so; again completes', async () => {
  const { page, context, assertClean } = await openSignedIn(browser, api, '/?tz=utc');
  await settled(page);
  await demoPost(api, 'faults/', { latency_ms: 600 });
  try {
    const sent = [];
    page.on('request', (r) => { if (r.url().includes('limit=500')) sent.push(Date.now()); });
    await page.getByRole('button', { name: 'Summarize' }).click();
    await page.getByRole('progressbar', { name: 'Summary progress' }).waitFor();
    await page.getByText(/^500 of 2,000 events read$/).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Cancel summary' }).click();
    const cancelledAt = Date.now();
    const heading = await waitSummary(page);
    assert.match(heading, /^Partial summary \(cancelled\): the newest (500|1,000) of [\d,]+ events$/);
    await page.waitForTimeout(2000);
    assert.equal(sent.filter((t) => t > cancelledAt).length, 0, 'no request after cancel');
  } finally {
    await demoPost(api, 'faults/', { latency_ms: 0 });
  }
  await page.getByRole('button', { name: 'Summarize again' }).click();
  assert.match(await page.getByRole('heading', { level: 2, name: /^Summary of the newest 2,000 of/ }).textContent(), /2,000/);
  assertClean();
  await context.close();
});

test('a summary URL reopens and recomputes on reload and as a shared link', async () => {
  const path = `/?timestamp__gte=${enc(daysAgo(10))}&tz=utc&panel=summary`;
  const { page, context, assertClean } = await openSignedIn(browser, api, path);
  assert.equal(new URL(page.url()).searchParams.get('panel'), 'summary');
  const heading = await waitSummary(page);
  const count = await apiCount(api, apiQuery(page.url()));
  assert.equal(heading, `Summary of ${thousands(count)} events`);
  const requested = [];
  page.on('request', (r) => { if (r.url().includes('limit=500')) requested.push(r.url()); });
  await page.reload();
  await waitSummary(page);
  assert.equal(requested.length, Math.ceil(count / 500), 'read again, nothing kept');
  assert.equal(await page.evaluate(() => JSON.stringify(Object.keys(localStorage).filter((k) => /summary/i.test(k)))), '[]', 'nothing stored');
  assertClean();
  await context.close();
});

test('the summary downloads as CSV, one section per facet, no formulas', async () => {
  const { page, context, assertClean } = await openSignedIn(browser, api, `/?timestamp__gte=${enc(daysAgo(10))}&tz=utc&panel=summary`);
  await waitSummary(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download summary (CSV)' }).click();
  const d = await download;
  assert.match(d.suggestedFilename(), /^audit-summary_\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}\.csv$/);
  const text = readFileSync(await d.path(), 'utf8');
  const count = await apiCount(api, apiQuery(page.url()));
  for (const section of ['Users', 'Content types', 'Objects', 'IP addresses', 'URL paths', 'Actions']) {
    assert.ok(text.includes(`\r\n\r\n${section}\r\n`), section);
  }
  assert.ok(text.includes(`events read,${count}\r\n`));
  const users = text.split('\r\n\r\nUsers\r\n')[1].split('\r\n\r\n')[0].split('\r\n').slice(1);
  assert.equal(users.reduce((s, l) => s + Number(l.match(/,(\d+),[\d.<]+%$/)[1]), 0), count);
  assert.ok(text.split('\r\n').every((l) => !/^[=+\-@]/.test(l)), 'no line starts as a formula');
  await page.getByText(/^Saved as audit-summary_/).waitFor();
  assertClean();
  await context.close();
});

for (const theme of ['light', 'dark']) {
  test(`the summary passes axe-core in the ${theme} theme`, async () => {
    const { page, context, assertClean } = await openSignedIn(browser, api, `/?timestamp__gte=${enc(daysAgo(10))}&tz=utc&panel=summary`, { colorScheme: theme });
    await waitSummary(page);
    await showAll(page, 'URL paths');
    await page.locator('.raw-paths summary').first().click();
    await assertAccessible(page, `summary (${theme})`);
    assertClean();
    await context.close();
  });
}

test('the summary at 360 px: readable, the grid scrolls in its own region', async () => {
  const { page, context, assertClean } = await openSignedIn(browser, api, `/?timestamp__gte=${enc(daysAgo(10))}&tz=utc&panel=summary`, {
    viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true,
  });
  await waitSummary(page);
  await assertAccessible(page, 'summary at 360 px');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `page scrolls sideways by ${overflow}px`);
  assertClean();
  await context.close();
});

// --- An API that aggregates (#33) ----------------------------------------------------------------

test('an API that aggregates: all events, past the cap, one request per table, every figure exact', async () => {
  const { page, context, assertClean } = await openSignedIn(browser, agg, '/?tz=utc');
  await settled(page);
  const sent = [];
  page.on('request', (r) => { if (r.url().includes('/api/v1/audit-events')) sent.push(r.url()); });
  const heading = await openSummary(page);
  const query = apiQuery(page.url());
  const events = await allEventsOf(agg, query);
  const n = events.length;
  assert.ok(n > CAP, `${n} events: more than summary_max_events, which does not apply`);
  assert.equal(heading, `Summary of all ${thousands(n)} events`);
  await page.getByText(/^Counted by the API in 8 requests/).waitFor();
  const facetsAsked = sent.filter((u) => u.includes('/audit-events/facets/'));
  assert.equal(facetsAsked.length, 8, sent.join('\n'));
  assert.deepEqual(facetsAsked.map((u) => new URL(u).searchParams.get('facet')).sort(),
    ['action', 'content_type', 'hour_weekday', 'object', 'path', 'remote_addr', 'span', 'user']);
  assert.equal(sent.filter((u) => /[?&]limit=500(&|$)/.test(u)).length, 0, 'no page read');
  assert.ok(facetsAsked.every((u) => new URL(u).searchParams.get('timestamp__lte') === new URL(page.url()).searchParams.get('timestamp__lte')), 'the pinned set');

  const users = await facetRows(page, 'Users');
  assert.equal(users.length, 10);
  for (const u of users.filter((r) => r.href)) {
    assert.equal(num(u.cells[3]), await apiCount(agg, `user=${u.cells[2]}&${query}`), `user ${u.cells[2]}`);
    assert.equal(u.cells[1], events.find((e) => e.user?.pk === Number(u.cells[2])).user.email);
  }
  // "Show all" pages the facet from the API (offset), and the rows add up to the set. Clicked
  // twice before the answer: one request, no row twice.
  const grow = page.locator('.facet').filter({ has: page.getByRole('table', { name: /^Users \(/ }) })
    .getByRole('button', { name: /^Show (all|[\d,]+ more)/ });
  await grow.click();
  await grow.click({ timeout: 1000 }).catch(() => {});
  await showAll(page, 'Users');
  const allUsers = await facetRows(page, 'Users');
  assert.equal(new Set(allUsers.map((u) => u.cells[0] + u.cells[2])).size, allUsers.length, 'no user twice');
  assert.equal(sent.filter((u) => u.includes('facet=user') && /[?&]offset=10(&|$)/.test(u)).length, 1, 'one request for the next rows');
  assert.equal(allUsers.length, tally(events.map((e) => e.user?.pk ?? 'system')).size);
  assert.equal(allUsers.reduce((s, u) => s + num(u.cells[3]), 0), n, 'users add up');
  assert.ok(sent.some((u) => u.includes('facet=user') && /[?&]offset=10(&|$)/.test(u)), 'the next rows asked from offset 10');
  for (const t of await facetRows(page, 'Content types')) {
    assert.equal(num(t.cells[2]), await apiCount(agg, `content_type=${t.cells[1]}&${query}`), `type ${t.cells[1]}`);
  }
  for (const o of (await facetRows(page, 'Objects')).filter((r) => r.href)) {
    assert.equal(num(o.cells[3]), await apiCount(agg, `content_type=${o.cells[1]}&object_id=${o.cells[2]}&${query}`));
  }
  // The values the API cannot filter by, against the events themselves.
  const paths = tally(events.map((e) => pathKey(e.url).join(' ')));
  await showAll(page, 'URL paths');
  const pathRows = await facetRows(page, 'URL paths');
  assert.equal(pathRows.length, paths.size);
  for (const r of pathRows) assert.equal(num(r.cells[2]), paths.get(`${r.cells[0]} ${r.cells[1]}`), `path ${r.cells[0]}`);
  const actions = tally(events.map((e) => actionKey(e.content)));
  await showAll(page, 'Actions');
  const actionRows = await facetRows(page, 'Actions');
  for (const r of actionRows) assert.equal(num(r.cells[1]), actions.get(r.cells[0]), `action ${r.cells[0]}`);
  assert.equal(actionRows.length, actions.size);

  await assertWhen(page, events);

  // The CSV is what is shown: every user row after "Show all".
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download summary (CSV)' }).click();
  const text = readFileSync(await (await download).path(), 'utf8');
  assert.ok(text.startsWith(`Audit Console summary,"Summary of all ${thousands(n)} events"\r\n`), text.slice(0, 200));
  const csvUsers = text.split('\r\n\r\nUsers\r\n')[1].split('\r\n\r\n')[0].split('\r\n').slice(1);
  assert.equal(csvUsers.length, allUsers.length);
  assert.ok(text.split('\r\n').every((l) => !/^[=+\-@]/.test(l)), 'no line starts as a formula');
  await assertAccessible(page, 'summary from the API');
  assert.equal(await page.evaluate((c) => window[c], CANARY), undefined, 'event data is only text');
  assertClean();
  await context.close();
});

test('a table the API refuses says so in place, with how to narrow it; the others still show', async () => {
  const { page, context, assertClean } = await openSignedIn(browser, agg, '/?tz=utc');
  await settled(page);
  // The API's answer past its time budget (the Django package's query_timeout), for paths only.
  const detail = "This question took longer than the API's time budget (30 s) and was stopped. Narrow the time range or add a filter, then ask again.";
  const paths = (u) => u.pathname.endsWith('/audit-events/facets/') && u.searchParams.get('facet') === 'path';
  await page.route(paths,
    (route) => route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ detail, code: 'query_timeout' }) }));
  await openSummary(page);
  await page.getByRole('heading', { level: 3, name: 'URL paths' }).waitFor();
  await page.getByText(`The API did not count this table: ${detail}`).waitFor();
  await page.getByRole('table', { name: /^Users \(/ }).waitFor();
  await page.getByRole('table', { name: /^Events by day of week/ }).waitFor();
  assert.equal(await page.getByRole('table', { name: /^URL paths \(/ }).count(), 0);
  // Asked again once the API can: the table comes back.
  await page.unroute(paths);
  await page.getByRole('button', { name: 'Summarize again' }).click();
  await page.getByRole('table', { name: /^URL paths \(/ }).waitFor();
  assertClean();
  await context.close();
});
