// The event detail page: pivots, previous/next, back to results, masking, copy actions, the JSON
// tree, hostile data, and not-found pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoApi, launchBrowser, openSignedIn, CANARY } from './lib/harness.mjs';
import { atList, unpinned } from './lib/harness.mjs';
import { apiGet, demoPost } from './lib/api.mjs';

let api, browser;
before(async () => {
  api = await startDemoApi({ events: 1500 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await api?.stop();
});

const insert = (fields) => demoPost(api, 'events/', fields);

const signedIn = (path, options) => openSignedIn(browser, api, path, options);

const heading = (page) => page.getByRole('heading', { name: 'Event', exact: true });

test('pivots are list URLs for this object, this user and ±5 minutes', async () => {
  const e = await insert({ user: 9, content_type: 6, object_id: 4242, timestamp: '2026-11-20T10:00:00Z' });
  const { page, context, assertClean } = await signedIn(`/events/${e.uuid}`);
  await heading(page).waitFor();
  const related = page.getByRole('navigation', { name: 'Related events' });
  await related.getByRole('link', { name: 'All events for this object' }).click();
  await page.waitForURL(atList(/\?content_type=6&object_id=4242$/));
  await page.getByRole('table').waitFor();
  assert.equal(await page.locator('table.events tbody tr').count(), (await apiGet(api, '/audit-events/?content_type=6&object_id=4242')).count);
  await page.goBack();
  await related.getByRole('link', { name: 'All events by this user' }).click();
  await page.waitForURL(atList(/\?user=9$/));
  await page.goBack();
  await related.getByRole('link', { name: 'Events within ±5 minutes' }).click();
  await page.waitForURL((u) => u.search.includes('timestamp__gte=2026-11-20T09%3A55%3A00') && u.search.includes('timestamp__lte=2026-11-20T10%3A05%3A00'));
  await page.getByRole('table').waitFor();
  assert.ok(await page.locator(`a[href="/events/${e.uuid}"]`).count() === 1, 'the event is in its own ±5 min window');
  assertClean();
  await context.close();
});

test('previous/next follow the list; back to results restores the list URL and scroll', async () => {
  const { page, context, assertClean } = await signedIn('/?limit=100&page=2');
  await page.getByRole('table').waitFor();
  const hrefs = await page.locator('table.events tbody td.time a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const row = page.locator('table.events tbody tr').nth(60);
  await row.scrollIntoViewIfNeeded();
  const scrolled = await page.evaluate(() => window.scrollY);
  assert.ok(scrolled > 500);
  await row.locator('td.time a').click();
  await page.waitForURL(api.url + hrefs[60]);
  await heading(page).waitFor();
  const nav = page.getByRole('navigation', { name: 'Event navigation' });
  await nav.getByRole('link', { name: 'Next event' }).click();
  await page.waitForURL(api.url + hrefs[61]);
  await nav.getByRole('link', { name: 'Previous event' }).click();
  await nav.getByRole('link', { name: 'Previous event' }).click();
  await page.waitForURL(api.url + hrefs[59]);
  await nav.getByRole('link', { name: '← Back to results' }).click();
  await page.waitForURL(atList(api.url + '/?limit=100&page=2'));
  await page.getByRole('table').waitFor();
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 50, scrolled);

  // At the last row of the page, "Next event" continues on the next page (and back again).
  await page.locator('table.events tbody tr').last().locator('td.time a').click();
  await page.waitForURL(api.url + hrefs[99]);
  const page3 = (await apiGet(api, '/audit-events/?limit=100&page=3')).results;
  await nav.getByRole('link', { name: 'Next event' }).click();
  await page.waitForURL(`${api.url}/events/${page3[0].uuid}`);
  await nav.getByRole('link', { name: 'Next event' }).click();
  await page.waitForURL(`${api.url}/events/${page3[1].uuid}`);
  await nav.getByRole('link', { name: 'Previous event' }).click();
  await page.waitForURL(`${api.url}/events/${page3[0].uuid}`);
  await nav.getByRole('link', { name: 'Previous event' }).click();
  await page.waitForURL(api.url + hrefs[99]);
  // Back to the page the event is on now (the same list, page 2).
  await nav.getByRole('link', { name: '← Back to results' }).click();
  await page.waitForURL((u) => u.pathname === '/' && u.searchParams.get('page') === '2' && u.searchParams.get('limit') === '100');
  await page.getByRole('table').waitFor();
  assertClean();
  await context.close();
});

test('secrets are masked until revealed; copies never carry them', async () => {
  const e = await insert({
    headers: { 'User-Agent': 'test', Authorization: 'Token s3cr3t-header', Cookie: 'sessionid=c00kie' },
    post_data: { name: 'widget', password: 'hunter2-body', nested: { api_token: 'tok-nested' } },
    url: 'https://shop.example.com/api/v1/orders/1/',
  });
  const { page, context, assertClean } = await signedIn(`/events/${e.uuid}`);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: api.url });
  await heading(page).waitFor();
  const text = await page.locator('main').innerText();
  for (const secret of ['s3cr3t-header', 'c00kie', 'hunter2-body']) assert.ok(!text.includes(secret), secret);
  const headers = page.getByRole('table');
  await headers.getByRole('button', { name: 'Reveal Authorization' }).click();
  await headers.getByText('Token s3cr3t-header').waitFor();
  const post = page.getByRole('region', { name: 'Post data' });
  await post.getByRole('button', { name: 'Reveal password' }).click();
  await post.getByText('"hunter2-body"').waitFor();

  const clip = () => page.evaluate(() => navigator.clipboard.readText());
  await page.getByRole('button', { name: 'Copy permalink' }).click();
  await page.getByText('Copied the permalink.').waitFor();
  assert.equal(await clip(), `${api.url}/events/${e.uuid}`);
  await page.getByRole('button', { name: 'Copy as cURL' }).click();
  await page.getByText('Copied the cURL command.').waitFor();
  const curl = await clip();
  assert.match(curl, /^curl \\\n {2}-X POST \\\n {2}'https:\/\/shop\.example\.com\/api\/v1\/orders\/1\/'/);
  assert.ok(curl.includes("-H 'Authorization: <AUTHORIZATION>'") && !curl.includes('s3cr3t') && !curl.includes('hunter2'));
  await page.getByRole('button', { name: 'Copy as JSON' }).click();
  await page.getByText('Copied the event as JSON.').waitFor();
  const copied = JSON.parse(await clip());
  assert.equal(copied.uuid, e.uuid);
  assert.equal(copied.post_data.nested.api_token, '••••••••');

  // The tree: select a value, copy it and its path.
  await post.getByRole('button', { name: 'nested' }).click();
  await post.getByRole('button', { name: 'Copy path' }).click();
  await page.getByText('Copied the path.').waitFor();
  assert.equal(await clip(), '$.nested');
  assertClean();
  await context.close();
});

test('the JSON tree scales: slices, long strings, search, expand all, raw JSON', async () => {
  const big = { rows: Array.from({ length: 250 }, (_, i) => ({ i, note: `row ${i}` })), essay: 'x'.repeat(5000) + 'needle' };
  let deep = { bottom: 'deepest-value' };
  for (let i = 0; i < 30; i++) deep = { level: deep };
  const e = await insert({ post_data: big, content: deep });
  const { page, context, assertClean } = await signedIn(`/events/${e.uuid}`);
  await heading(page).waitFor();
  const post = page.getByRole('region', { name: 'Post data' });
  await post.getByRole('button', { name: 'rows' }).click();
  assert.equal(await post.locator('li.jn > ul > li.jn').count() >= 100, true);
  await post.getByRole('button', { name: 'Show 100 more (of 250)' }).click();
  await post.getByRole('button', { name: 'Show 50 more (of 250)' }).click();
  await post.getByRole('button', { name: '[249]' }).waitFor();
  await post.getByRole('button', { name: 'Show all (5,006 characters)' }).click();
  await post.getByText(/needle"$/).waitFor();

  const content = page.getByRole('region', { name: 'Content' });
  await content.getByLabel('Search Content').fill('deepest');
  await content.getByText('1 match').waitFor();
  await content.locator('li.hit').getByText('"deepest-value"').waitFor();
  await content.getByRole('button', { name: 'Collapse all' }).click();
  assert.equal(await content.getByText('"deepest-value"').count(), 0);
  await content.getByRole('button', { name: 'Expand all' }).click();
  await content.getByText('"deepest-value"').waitFor();
  await content.getByRole('button', { name: 'Raw JSON' }).click();
  assert.match(await content.locator('pre').innerText(), /"bottom": "deepest-value"/);
  assertClean();
  await context.close();
});

test('hostile events render as text: no script runs, no javascript: link', async () => {
  const payload = `<img src=x onerror="window.${CANARY}=1"><script>window.${CANARY}=1</script>`;
  const e = await insert({
    url: `javascript:window.${CANARY}=1`,
    headers: { 'User-Agent': payload, 'X-Evil': `"><svg onload=window.${CANARY}=1>` },
    post_data: { [payload]: payload, rtl: '\u202Etxt.exe' },
    content: { note: '{{7*7}} ${7*7}' },
  });
  const { page, context, assertClean } = await signedIn(`/events/${e.uuid}`);
  await heading(page).waitFor();
  await page.getByRole('region', { name: 'Post data' }).getByRole('button', { name: 'Expand all' }).click();
  await page.getByRole('region', { name: 'Headers' }).getByRole('button', { name: 'Expand all' }).click();
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate((c) => window[c], CANARY), undefined);
  assert.equal(await page.locator('main script, main img, main svg').count(), 0);
  await page.getByText(`javascript:window.${CANARY}=1`).waitFor();
  assert.equal(await page.locator('a[href^="javascript"]').count(), 0, 'never a javascript: link');
  await page.getByText('{{7*7}} ${7*7}', { exact: false }).first().waitFor();
  assert.ok((await page.locator('main').innerText()).includes('<script>'), 'markup shows literally');
  // The generated data's own hostile rows, on the list.
  await page.goto(api.url + '/?limit=500');
  await page.getByRole('table').waitFor();
  assert.equal(await page.evaluate((c) => window[c], CANARY), undefined);
  assertClean();
  await context.close();
});

test('unknown and malformed event ids say so, with a way back', async () => {
  const { page, context, assertClean } = await signedIn('/events/00000000-0000-4000-8000-000000000000');
  await page.getByText('No event has the id “00000000-0000-4000-8000-000000000000”').waitFor();
  await page.goto(api.url + '/events/not-a-uuid');
  await page.getByText('No event has the id “not-a-uuid”').waitFor();
  await page.getByRole('link', { name: 'Go to the event list' }).click();
  await page.waitForURL(atList(api.url + '/'));
  assertClean();
  await context.close();
});
