// Core suite (every engine): the summary from pages (a plain API) and from the API's own
// aggregates (#33: demo-api with --api-features on, as the Django package), and the timeline as
// one histogram request. Requests are read from the page's own Resource Timing entries, which
// every engine keeps.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { coreTest, launch } from './lib/driver.mjs';
import { startDemoApi, apiCount, thousands, withSignedIn } from './lib/app.mjs';

let plain, agg, browser;
before(async () => {
  plain = await startDemoApi({ events: 1500 });
  agg = await startDemoApi({ events: 3000, args: ['--api-features', 'on'], appConfig: { summary_max_events: 2000 } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await plain?.stop();
  await agg?.stop();
});

const enc = encodeURIComponent;
const weekAgo = () => new Date(Date.now() - 7 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
const num = (s) => Number(s.replace(/[^0-9]/g, ''));
const pinOf = async (page) => new URL(await page.url()).searchParams.get('timestamp__lte');

/** The API requests the page has made (its Resource Timing entries), matching `part`. */
const requested = (page, part) => page.evaluate((p) => performance.getEntriesByType('resource')
  .map((e) => e.name).filter((u) => u.includes('/api/v1/audit-events') && u.includes(p)), part);

/** The summary's heading once it has one; the users table's rows (name, email, id, count). */
async function summary(page) {
  await page.role('button', { name: 'Summarize', exact: true }).click();
  const heading = page.role('heading', { name: /^Summary of / });
  await heading.waitFor({ timeout: 60_000 });
  const users = page.role('table', { name: /^Users \(/ });
  await users.waitFor();
  const rows = await users.css('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent.trim())));
  const grid = page.role('table', { name: /^Events by day of week/ });
  await grid.waitFor();
  const cells = await grid.css('tbody td').textContents();
  return { heading: await heading.textContent(), rows, gridTotal: cells.reduce((s, c) => s + num(c), 0) };
}

coreTest('a summary from pages: every event of the view, users counted as the API counts them', async () => {
  await withSignedIn(browser, plain, '/?tz=utc', async (page) => {
    const { heading, rows, gridTotal } = await summary(page);
    const pin = await pinOf(page);
    const n = await apiCount(plain, `timestamp__lte=${enc(pin)}`);
    assert.equal(heading, `Summary of ${thousands(n)} events`);
    assert.equal(gridTotal, n, 'the grid holds every event');
    const [name, , id, count] = rows.find((r) => r[0] !== 'system');
    assert.equal(num(count), await apiCount(plain, `user=${id}&timestamp__lte=${enc(pin)}`), name);
    assert.equal((await requested(page, 'limit=500')).length, Math.ceil(n / 500));
  });
});

coreTest('a summary from the API: all events, past the cap, one request per table', async () => {
  await withSignedIn(browser, agg, '/?tz=utc', async (page) => {
    const { heading, rows, gridTotal } = await summary(page);
    const pin = await pinOf(page);
    const n = await apiCount(agg, `timestamp__lte=${enc(pin)}`);
    assert.ok(n > 2000, 'more than summary_max_events');
    assert.equal(heading, `Summary of all ${thousands(n)} events`);
    assert.equal(gridTotal, n);
    const [name, , id, count] = rows.find((r) => r[0] !== 'system');
    assert.equal(num(count), await apiCount(agg, `user=${id}&timestamp__lte=${enc(pin)}`), name);
    await page.text(/^Counted by the API in 8 requests/).waitFor();
    assert.equal((await requested(page, '/facets/')).length, 8);
    assert.equal((await requested(page, 'limit=500')).length, 0, 'no page read');
  });
});

coreTest('the timeline from the API is one histogram request, its bars adding up to the list', async () => {
  const from = weekAgo();
  await withSignedIn(browser, agg, `/?timestamp__gte=${enc(from)}&tz=utc`, async (page) => {
    await page.role('img', { name: /^Timeline from .* in \d+ buckets of .*: [\d,]+ events\./ }).waitFor({ timeout: 30_000 });
    await page.text('Timeline as a table', { exact: true }).click();
    const table = page.role('table', { name: 'Events per time bucket' });
    await table.waitFor();
    const total = (await table.css('tbody td.count').textContents()).reduce((s, c) => s + num(c), 0);
    const pin = await pinOf(page);
    assert.equal(total, await apiCount(agg, `timestamp__gte=${enc(from)}&timestamp__lte=${enc(pin)}`));
    assert.equal((await requested(page, '/histogram/')).length, 1);
    // (The sign-in's check of the token is a bare limit=1; a count probe has the view's bounds.)
    const probes = (await requested(page, 'limit=')).filter((u) => new URL(u).searchParams.get('limit') === '1'
      && new URL(u).searchParams.has('timestamp__gte'));
    assert.equal(probes.length, 0, `no count probes: ${probes.join(' ')}`);
  });
});
