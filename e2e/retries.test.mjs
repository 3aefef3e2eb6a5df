// One retry policy (#17): with demo-api failing 30% of requests (half 500 with an HTML body, half
// 429 with Retry-After: 1), every view completes without a click and the timeline is exact; with
// every request failing, each view shows its error after the attempts and the page's requests
// stay within the retry budget.
//
// Why this cannot flake (see src/api/retry.rs): a request stays failed after 9 attempts with
// probability 0.3⁹ ≈ 2·10⁻⁵; this file opens ~12 single requests that must succeed (≈ 2.4·10⁻⁴)
// and ~200 timeline probes, which get a second pass of 9 attempts (0.3¹⁸ each, ≈ 10⁻⁷ in all).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoApi, launchBrowser, openSignedIn, settled } from './lib/harness.mjs';
import { apiGet, demoPost, thousands } from './lib/api.mjs';
import { assertAccessible } from './lib/a11y.mjs';

let api, browser;
before(async () => {
  api = await startDemoApi({ events: 3000, appConfig: { live_tail_seconds: 1 } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await api?.stop();
});

const setFaults = (body) => demoPost(api, 'faults/', body);
const enc = encodeURIComponent;
const daysAgo = (d) => new Date(Date.now() - d * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');

/** No error screen anywhere on the page. */
async function assertNoError(page, what) {
  const problems = await page.locator('.problem, .histogram-note').allTextContents();
  const errors = problems.filter((t) => /failed|rate limiting|Could not reach|could not be counted|No timeline/.test(t));
  assert.deepEqual(errors, [], `${what}: an error screen`);
  assert.equal(await page.getByRole('button', { name: 'Try again' }).count(), 0, `${what}: Try again shown`);
}

/** The list view completes: rows, and a timeline whose buckets add up exactly to the list's count. */
async function listCompletes(page, path) {
  await page.goto(api.url + path);
  await settled(page);
  await assertNoError(page, path);
  const total = Number((await page.locator('.results').textContent()).match(/of ([\d,]+)/)[1].replace(/,/g, ''));
  const chart = page.getByRole('img', { name: /^Timeline from .* in \d+ buckets of .*: [\d,]+ events\./ });
  await chart.waitFor({ timeout: 90_000 });
  assert.equal(await page.locator('.histogram .bucket.unknown').count(), 0, `${path}: an unknown bucket`);
  const label = await chart.getAttribute('aria-label');
  assert.ok(label.includes(`: ${thousands(total)} events.`), `${path}: buckets sum to the list's ${total}: ${label}`);
  const cells = await page.locator('.histogram-table td.count').allTextContents();
  assert.ok(cells.length >= 24 && cells.every((c) => /^[\d,]+ events?$/.test(c)), `${path}: ${cells.join('|')}`);
  await assertNoError(page, path);
}

test('at a 30% failure rate every view completes without a click, the timeline exact', async () => {
  const { page, context } = await openSignedIn(browser, api, '/?tz=utc');
  await settled(page);
  const some = (await apiGet(api, '/audit-events/?limit=6&sort=-timestamp')).results;
  const objectEvent = some.find((e) => e.object_id != null) ?? some[0];
  const seen = { sent: 0, failed: 0 };
  page.on('response', (r) => {
    if (!r.url().includes('/api/v1/')) return;
    seen.sent += 1;
    if (r.status() >= 400) seen.failed += 1;
  });
  await setFaults({ fail_rate: 0.3, kind: 'mixed' });
  try {
    // Lists, each with its ~46 timeline probes.
    await listCompletes(page, `/?timestamp__gte=${enc(daysAgo(7))}&tz=utc`);
    await listCompletes(page, `/?timestamp__gte=${enc(daysAgo(30))}&tz=utc&sort=timestamp`);
    await listCompletes(page, `/?user=3&timestamp__gte=${enc(daysAgo(90))}&tz=utc`);
    await listCompletes(page, `/?timestamp__gte=${enc(daysAgo(14))}&tz=utc&page=2`);

    // Event detail, opened directly (deep links).
    for (const e of some.slice(0, 4)) {
      await page.goto(`${api.url}/events/${e.uuid}`);
      await page.waitForFunction((id) => document.querySelector('main')?.textContent.includes(id), e.uuid, { timeout: 60_000 });
      await assertNoError(page, `detail ${e.uuid}`);
    }

    // Compare: two named events, and an object's previous event.
    await page.goto(`${api.url}/compare?a=${some[0].uuid}&b=${some[1].uuid}`);
    await page.getByRole('table', { name: 'The two events' }).waitFor({ timeout: 60_000 });
    await assertNoError(page, 'compare a/b');
    await page.goto(`${api.url}/compare?a=previous&b=${objectEvent.uuid}`);
    await page.waitForFunction(() => /Compare events/.test(document.querySelector('main')?.textContent ?? '')
      && !/Loading the events/.test(document.querySelector('main').textContent), null, { timeout: 60_000 });
    await assertNoError(page, 'compare previous');

    // Live tail: new events still arrive.
    await page.goto(`${api.url}/?tz=utc`);
    await settled(page);
    await page.getByLabel('Live tail').check();
    await demoPost(api, 'events/', { url: 'https://flaky.example/arrived' });
    await page.locator('table.events tbody.new-events tr.new').first().waitFor({ timeout: 60_000 });
    await assertNoError(page, 'live tail');
  } finally {
    await setFaults({ fail_rate: 0 });
  }
  assert.ok(seen.failed > 20, `faults were injected: ${seen.failed} of ${seen.sent} answers failed`);
  console.log(`# 30% failure rate: ${seen.failed} of ${seen.sent} API answers failed; every view completed`);
  await context.close();
});

test('with every request failing, each view shows its error after the attempts, within the retry budget', async () => {
  const some = (await apiGet(api, '/audit-events/?limit=2')).results;
  const { page, context } = await openSignedIn(browser, api, `/?timestamp__gte=${enc(daysAgo(7))}&tz=utc`);
  await settled(page);
  // Every probe of this first load answered, so none is counted below.
  await page.getByRole('img', { name: /^Timeline from .* in \d+ buckets of .*: [\d,]+ events\./ }).waitFor();
  const buckets = await page.locator('.histogram .bucket').count();
  let sent = 0;
  page.on('request', (r) => { if (r.url().includes('/api/v1/')) sent += 1; });
  await setFaults({ fail_rate: 1, kind: 'mixed' });
  try {
    const started = Date.now();
    await page.reload();
    await page.getByRole('status').filter({ hasText: /The API is busy — retrying in \d+ s/ }).first().waitFor();
    await page.getByRole('alert').filter({ hasText: /The API failed \(HTTP 500\)|rate limiting/ }).getByRole('button', { name: 'Try again' })
      .waitFor({ timeout: 60_000 });
    await page.waitForTimeout(Math.max(0, 60_000 - (Date.now() - started)));
    // The list request, one probe per bucket, at most 40 retries (api::retry::BUDGET_RETRIES)
    // — not 9 attempts for each of them.
    const limit = 1 + buckets + 40;
    console.log(`# API down: ${sent} requests in 60 s for 1 list request + ${buckets} probes (limit ${limit}; without a budget up to ${9 * (1 + buckets)})`);
    assert.ok(sent <= limit, `${sent} requests in 60 s, budget allows ${limit}`);
    assert.ok(await page.locator('.histogram .bucket.unknown').count() > 0, 'failed buckets drawn as unknown');
    await page.getByRole('button', { name: 'Retry missing buckets' }).waitFor();
    await page.getByText('Timeline as a table').click();
    assert.ok((await page.locator('.histogram-table td.count').allTextContents()).includes('?'), '"?" in the table');
    await assertAccessible(page, 'API down: error, unknown buckets');

    // The detail and compare pages, each in a fresh tab (its own budget), show their errors too.
    for (const path of [`/events/${some[0].uuid}`, `/compare?a=${some[0].uuid}&b=${some[1].uuid}`]) {
      const tab = await context.newPage();
      await tab.goto(api.url + path);
      await tab.getByRole('alert').getByRole('button', { name: 'Try again' }).waitFor({ timeout: 60_000 });
      await tab.close();
    }
  } finally {
    await setFaults({ fail_rate: 0 });
  }
  // The API is back: "Retry missing buckets" fills the hatched bars in with exact counts.
  await page.getByRole('button', { name: 'Retry missing buckets' }).click();
  await page.getByRole('button', { name: 'Try again' }).click();
  await settled(page);
  const chart = page.getByRole('img', { name: /^Timeline from .* in \d+ buckets of .*: [\d,]+ events\./ });
  await chart.waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('.histogram .bucket.unknown').count(), 0);
  await context.close();
});
