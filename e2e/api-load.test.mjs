// Gentle on a big production API (#16): every API request is a COUNT(*) on the real server, so
// the rows never wait for the timeline, settled bucket counts are asked once (kept per browser),
// and config.json can switch the timeline's probes off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoApi, launchBrowser, openSignedIn, settled, openTimeRange } from './lib/harness.mjs';
import { demoPost } from './lib/api.mjs';
import { assertAccessible } from './lib/a11y.mjs';

let api, off, browser;
before(async () => {
  api = await startDemoApi({ events: 3000 });
  off = await startDemoApi({ events: 300, appConfig: { timeline: 'off' } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await api?.stop();
  await off?.stop();
});

const enc = encodeURIComponent;
const daysAgo = (d) => new Date(Date.now() - d * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
const isProbe = (u) => /[?&]limit=1(&|$)/.test(u);
const complete = (page) => page.getByRole('img', { name: /^Timeline from .* in \d+ buckets of .*: [\d,]+ events\./ }).waitFor({ timeout: 60_000 });
const bars = (page) => page.locator('.histogram-table td.count').allTextContents();

/** Every API request the page sends from now on, with when it was sent and answered. */
function watch(page) {
  const log = [];
  page.on('request', (r) => { if (r.url().includes('/api/v1/audit-events')) log.push({ url: r.url(), sent: Date.now(), done: null, r }); });
  page.on('requestfinished', (r) => { const e = log.find((x) => x.r === r); if (e) e.done = Date.now(); });
  return log;
}

test('the rows never wait for the timeline: its probes start after the list answers', async () => {
  const path = `/?timestamp__gte=${enc(daysAgo(30))}&tz=utc`;
  const { page, context, assertClean } = await openSignedIn(browser, api, path);
  await settled(page);
  await complete(page);
  // Counts as slow as a big table's: 300 µs per matching row (a full count of 3,000 ≈ 0.9 s).
  await demoPost(api, 'faults/', { count_cost_us: 300 });
  try {
    const log = watch(page);
    await page.goto(`${api.url}/?timestamp__gte=${enc(daysAgo(20))}&tz=utc`);
    await settled(page);
    const rowsAt = Date.now();
    assert.ok(await page.locator('table.events tbody tr').count() > 0);
    const list = log.find((e) => !isProbe(e.url));
    assert.ok(list?.done, 'the list answered');
    const probes = log.filter((e) => isProbe(e.url));
    assert.ok(probes.every((p) => p.sent >= list.done), 'no probe was sent before the list answered');
    assert.ok(probes.every((p) => !p.done || p.done >= rowsAt - 50), 'rows were on screen before any probe answered');
    await complete(page);
    let most = 0;
    for (const p of log.filter((e) => isProbe(e.url))) {
      most = Math.max(most, log.filter((q) => isProbe(q.url) && q.sent <= p.sent && (!q.done || q.done > p.sent)).length);
    }
    assert.ok(most <= 4, `at most 4 probes at once, saw ${most}`);
  } finally {
    await demoPost(api, 'faults/', { count_cost_us: 0 });
  }
  assertClean();
  await context.close();
});

test('settled counts are asked once: a reload shows the same bars with at most 3 requests', async () => {
  const path = `/?timestamp__gte=${enc(daysAgo(7))}&tz=utc`;
  const { page, context, assertClean } = await openSignedIn(browser, api, path);
  await settled(page);
  await complete(page);
  const first = await bars(page);
  assert.ok(first.length >= 24);
  const pinned = page.url();

  // Reloading the same (pinned) view: the list, and only the bucket that touches "now".
  let log = watch(page);
  await page.reload();
  await settled(page);
  await complete(page);
  assert.deepEqual(await bars(page), first, 'the same bars');
  assert.ok(log.length <= 3, `reload sent ${log.length} requests: ${log.map((e) => e.url).join('\n')}`);
  const pin = new URL(pinned).searchParams.get('timestamp__lte');
  for (const e of log.filter((x) => isProbe(x.url))) {
    assert.ok(e.url.includes(`timestamp__lte=${enc(pin)}`), `only the bucket ending at the pin is asked again: ${e.url}`);
  }

  // Another tab, the same shared link: the kept counts serve it too.
  const tab = await context.newPage();
  log = watch(tab);
  await tab.goto(pinned);
  await settled(tab);
  await complete(tab);
  assert.deepEqual(await bars(tab), first);
  assert.ok(log.length <= 3, `shared link sent ${log.length} requests`);

  // Next page, sort, zone: the list request, and at most the bucket at "now".
  for (const action of [
    () => page.getByRole('link', { name: 'Next page' }).first().click(),
    () => page.getByRole('columnheader', { name: /^Time/ }).getByRole('link').click(),
    async () => {
      await openTimeRange(page);
      await page.getByRole('button', { name: /^Show (local time|UTC)/ }).click();
    },
  ]) {
    log = watch(page);
    await action();
    await settled(page);
    await page.waitForTimeout(500);
    assert.ok(log.length <= 2, `${log.length} requests: ${log.map((e) => e.url).join('\n')}`);
  }

  // Sign-out forgets the kept counts with the session (and every other cache: the users seen).
  const kept = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('audit-console.cache.')));
  assert.equal((await kept()).filter((k) => k.endsWith('timeline-counts')).length, 1);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/sign-in/);
  assert.deepEqual(await kept(), []);
  assertClean();
  await context.close();
});

test('config.json timeline "off": one request per view, the timeline only when asked', async () => {
  const path = `/?timestamp__gte=${enc(daysAgo(7))}&tz=utc`;
  const { page, context, assertClean } = await openSignedIn(browser, off, path);
  await settled(page);
  const log = watch(page);
  await page.reload();
  await settled(page);
  await page.waitForTimeout(800);
  assert.equal(log.length, 1, log.map((e) => e.url).join('\n'));
  await assertAccessible(page, 'timeline off');
  await page.getByRole('button', { name: 'Show timeline' }).click();
  await complete(page);
  assert.ok(log.filter((e) => isProbe(e.url)).length >= 24, 'asked once, on demand');
  assertClean();
  await context.close();
});
