// Core suite (every engine: ENGINE=chromium|firefox|webkit): the list — filters through the form,
// sorting by a column header, paging, the URL reopening the same view, the time range in a zone
// other than the machine's, and pivots.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { coreTest, launch, ZONE, ZONE_NAMES } from './lib/driver.mjs';
import { startDemoApi, apiGet, apiCount, thousands, settled, atList, unpinned, openTimeRange, rangeText, rowHrefs, withSignedIn } from './lib/app.mjs';

let api, browser;
before(async () => {
  api = await startDemoApi({ events: 3000 });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await api?.stop();
});

/** `fn` in a fresh session signed in at `path` (lib/app.mjs). */
const withList = (path, fn) => withSignedIn(browser, api, path, fn);

coreTest('filters apply through the form and match the API’s count', async () => withList('/?tz=utc', async (page) => {
  await page.label('Content type', { exact: true }).selectOption('orders.order (6)');
  await page.role('button', { name: 'Apply', exact: true }).click();
  await page.waitForURL(atList(/\?content_type=6&tz=utc$/));
  await settled(page);
  await page.text(`of ${thousands(await apiCount(api, 'content_type=6'))}`).first().waitFor();
  const objects = await page.css('table.events tbody td.object').textContents();
  assert.ok(objects.length > 0 && objects.every((o) => o.startsWith('orders.order #')), objects.join(' | '));

  await page.label('Content type', { exact: true }).selectOption('Any');
  await page.label('User', { exact: true }).fill('5');
  await page.role('button', { name: 'Apply', exact: true }).click();
  await page.waitForURL(atList(/\?user=5&tz=utc$/));
  await settled(page);
  await page.text(`of ${thousands(await apiCount(api, 'user=5'))}`).first().waitFor();
  const email = (await apiGet(api, '/audit-events/?user=5&limit=1')).results[0].user.email;
  const users = await page.css('table.events tbody td.user').textContents();
  assert.ok(users.length > 0 && users.every((u) => u.includes(email)), users.join(' | '));
}));

coreTest('a column header sorts; the pager pages; a reload and the same URL elsewhere show the same view', async () => {
  let view, url;
  await withList('/', async (page) => {
    // Sort by time, oldest first, from the header.
    const time = page.role('columnheader', { name: 'Time' });
    assert.equal(await time.attr('aria-sort'), 'descending');
    await time.role('link').click();
    await page.waitForURL(atList(/\?sort=timestamp$/));
    await page.becomes(() => page.role('columnheader', { name: 'Time' }).attr('aria-sort'), 'ascending', { what: 'Time’s aria-sort' });
    const oldest = (await apiGet(api, '/audit-events/?limit=1&sort=timestamp')).results[0].uuid;
    await page.becomes(async () => (await rowHrefs(page))[0], `/events/${oldest}`, { what: 'first row' });

    // Paging: the bottom pager's last page, a page number, the next page, the page size.
    const pager = page.role('navigation', { name: 'Pages (bottom)' });
    await pager.role('link', { name: 'Last page' }).click();
    await page.waitForURL(atList(/\?sort=timestamp&page=60$/));
    await page.becomes(() => rangeText(page), '2,951–3,000 of 3,000', { what: 'range' });
    await pager.role('link', { name: 'Page 58', exact: true }).click();
    await page.waitForURL(atList(/\?sort=timestamp&page=58$/));
    await page.becomes(() => rangeText(page), '2,851–2,900 of 3,000', { what: 'range' });
    await page.role('navigation', { name: 'Pages (top)' }).role('link', { name: 'Next page' }).click();
    await page.waitForURL(atList(/\?sort=timestamp&page=59$/));
    await settled(page);
    await page.label('Page size', { exact: true }).selectOption('100');
    await page.waitForURL(atList(/\?sort=timestamp&limit=100$/));
    await page.becomes(() => rangeText(page), '1–100 of 3,000', { what: 'range' });
    assert.equal(await page.css('table.events tbody tr').count(), 100);
    await pager.role('link', { name: 'Next page' }).click();
    await page.waitForURL(atList(/\?sort=timestamp&page=2&limit=100$/));
    await page.becomes(() => rangeText(page), '101–200 of 3,000', { what: 'range' });
    view = await rowHrefs(page);
    url = await page.url();

    // A reload shows the same rows.
    await page.reload();
    await settled(page);
    assert.equal(await page.url(), url);
    assert.deepEqual(await rowHrefs(page), view);
    assert.equal(await page.role('columnheader', { name: 'Time' }).attr('aria-sort'), 'ascending');
  });
  // The same URL in a fresh profile (through the sign-in form) too.
  await withList(url.slice(api.url.length), async (page) => {
    assert.deepEqual(await rowHrefs(page), view);
    assert.equal(await rangeText(page), '101–200 of 3,000');
  });
});

coreTest(`times in ${ZONE} (not the machine’s UTC): typed range, the UTC toggle, cells`, async () => withList('/?tz=local', async (page) => {
  const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  assert.match(zone, ZONE_NAMES, 'the browser runs in the test zone');
  await openTimeRange(page);
  await page.text(`local time (${zone})`).waitFor();
  await page.label('From', { exact: true }).fill('2026-11-25');
  await page.label('To', { exact: true }).fill('2026-11-25 18:30');
  await page.role('button', { name: 'Apply', exact: true }).click();
  // Typed times are read in the browser's zone and carried as absolute instants.
  await page.waitForURL((u) => u.search.includes('timestamp__gte=2026-11-25T00%3A00%3A00%2B05%3A30')
    && u.search.includes('timestamp__lte=2026-11-25T18%3A30%3A00%2B05%3A30'));
  await settled(page);
  const count = await apiCount(api, 'timestamp__gte=2026-11-25T00:00:00%2B05:30&timestamp__lte=2026-11-25T18:30:00%2B05:30');
  await page.text(count === 0 ? 'No events match these filters.' : `of ${thousands(count)}`).first().waitFor();

  // Cells: the newest event, shown in local time, then in UTC after the toggle.
  await page.goto(`${api.url}/?tz=local`);
  await settled(page);
  const newest = (await apiGet(api, '/audit-events/?limit=1')).results[0];
  const cell = page.css('table.events tbody td.time a').first();
  assert.equal(await cell.attr('href'), `/events/${newest.uuid}`);
  const local = await cell.textContent();
  const at = new Date(newest.timestamp);
  const inZone = new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, dateStyle: 'short', timeStyle: 'medium' }).format(at);
  const inUtc = new Intl.DateTimeFormat('sv-SE', { timeZone: 'UTC', dateStyle: 'short', timeStyle: 'medium' }).format(at);
  assert.ok(local.startsWith(inZone.slice(0, 16)), `local cell “${local}” shows ${inZone} (${ZONE})`);
  await openTimeRange(page);
  await page.role('button', { name: 'Show UTC', exact: true }).click();
  await page.waitForURL(/[?&]tz=utc/);
  await settled(page);
  await page.becomes(async () => (await page.css('table.events tbody td.time a').first().textContent()).slice(0, 16), inUtc.slice(0, 16), { what: 'UTC cell' });
  const title = await page.css('table.events tbody td.time a').first().attr('title');
  assert.ok(title.includes(inZone.slice(0, 16)) && title.includes('UTC+05:30'), `the other zone on hover: ${title}`);
  await openTimeRange(page);
  await page.text('Times in UTC').waitFor();
  await page.role('button', { name: `Show local time (${zone})`, exact: true }).waitFor();
}));

coreTest('pivots: a user or an object link filters the list to it', async () => withList('/', async (page) => {
  const userLink = page.css('table.events tbody td.user a').first();
  const userName = await userLink.textContent();
  await userLink.click();
  await page.waitForURL(atList(/\?user=\d+$/));
  await settled(page);
  const users = await page.css('table.events tbody td.user').textContents();
  assert.ok(users.length > 0 && users.every((u) => u === userName), users.join(' | '));
  const user = new URL(unpinned(await page.url())).searchParams.get('user');
  await page.text(`of ${thousands(await apiCount(api, `user=${user}`))}`).first().waitFor();

  await page.goto(`${api.url}/`);
  await settled(page);
  const objectLink = page.css('table.events tbody td.object a').first();
  const objectName = await objectLink.textContent();
  await objectLink.click();
  await page.waitForURL(/content_type=\d+&object_id=\d+/);
  await settled(page);
  const objects = await page.css('table.events tbody td.object').textContents();
  assert.ok(objects.length > 0 && objects.every((o) => o === objectName), objects.join(' | '));
}));
