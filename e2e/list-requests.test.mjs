// The list's requests under a slow or failing API: no request per keystroke, superseded requests
// aborted, no stale result, dimmed rows while loading, errors with retry, 401 → sign-in and back.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoApi, launchBrowser, openPage, signIn, settled } from './lib/harness.mjs';
import { atList, unpinned } from './lib/harness.mjs';
import { demoPost } from './lib/api.mjs';

const servers = [];
let browser;
after(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => s.stop()));
});

async function setup(args) {
  const api = await startDemoApi({ events: 1500, args });
  servers.push(api);
  browser ??= await launchBrowser();
  const session = await openPage(browser);
  await session.page.goto(api.url + '/sign-in');
  await signIn(session.page, api);
  return { api, ...session };
}

const setFaults = (api, body) => demoPost(api, 'faults/', body);

const apiRequests = (page, api) => {
  const seen = { sent: [], aborted: [] };
  page.on('request', (r) => { if (r.url().startsWith(api.api)) seen.sent.push(r.url()); });
  page.on('requestfailed', (r) => {
    if (r.url().startsWith(api.api) && /ABORTED/i.test(r.failure()?.errorText ?? '')) seen.aborted.push(r.url());
  });
  return seen;
};

test('rapid filter changes under latency: older requests aborted, only the newest result shows', async () => {
  const { api, page, context, assertClean } = await setup(['--latency-ms', '700']);
  await page.getByRole('table').waitFor();
  const seen = apiRequests(page, api);
  // Typing sends nothing; each Apply sends one request.
  await page.getByLabel('User', { exact: true }).pressSequentially('123456', { delay: 30 });
  assert.equal(seen.sent.length, 0, 'no request per keystroke');
  for (const user of ['1', '2', '3']) {
    await page.getByLabel('User', { exact: true }).fill(user);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(atList(new RegExp(`\\?user=${user}$`)));
  }
  // While loading, the previous rows stay visible and dimmed, marked busy.
  assert.equal(await page.locator('.results').getAttribute('aria-busy'), 'true');
  assert.ok(await page.locator('table.events tbody tr').count() > 0);
  await settled(page);
  await page.waitForTimeout(1500); // any stale response would have landed by now
  const users = new Set(await page.locator('table.events tbody td.user').allTextContents());
  assert.equal(users.size, 1, [...users].join('|'));
  assert.match(unpinned(page.url()), /\?user=3$/);
  assert.ok(seen.aborted.length >= 1, `superseded requests aborted (sent ${seen.sent.length}, aborted ${seen.aborted.length})`);
  assert.ok(seen.sent.some((u) => u.includes('user=3')));
  assertClean();
  await context.close();
});

test('a failing API shows a readable error with a retry, never its HTML', async () => {
  const { api, page, context } = await setup([]);
  await page.getByRole('table').waitFor();
  await setFaults(api, { fail_rate: 1 });
  await page.reload();
  // The client's attempts first (api::retry: at most ~20 s of waits), then the message.
  const alert = page.getByRole('alert').filter({ hasText: /The API failed \(HTTP 500\)|rate limiting/ });
  await alert.waitFor({ timeout: 60_000 });
  assert.ok(!(await alert.textContent()).includes('<h1>'));
  await alert.getByRole('button', { name: 'Try again' }).waitFor();
  // Once the API recovers, retrying shows the events.
  await setFaults(api, { fail_rate: 0 });
  await alert.getByRole('button', { name: 'Try again' }).click().catch(() => {});
  await page.getByRole('table').waitFor();
  await context.close();
});

test('a 429 honours Retry-After: the list retries by itself and says so', async () => {
  const { api, page, context } = await setup([]);
  await page.getByRole('table').waitFor();
  await setFaults(api, { fail_rate: 1, kind: '429' });
  await page.reload();
  await page.getByRole('status').filter({ hasText: /The API is busy — retrying in \d+ s/ }).first().waitFor();
  await setFaults(api, { fail_rate: 0, kind: 'mixed' });
  // No click: the next attempt (after Retry-After) finds the API answering.
  await page.getByRole('table').waitFor({ timeout: 10_000 });
  assert.equal(await page.getByRole('alert').filter({ hasText: 'rate limiting' }).count(), 0);
  await context.close();
});

test('a 401 leads to sign-in and back to the same list URL', async () => {
  const { api, page, context, assertClean } = await setup([]);
  await page.getByRole('table').waitFor();
  // The token is revoked while the user works.
  await page.evaluate(() => {
    const s = JSON.parse(localStorage.getItem('audit-console.session'));
    localStorage.setItem('audit-console.session', JSON.stringify({ ...s, token: 'revoked' }));
  });
  await page.goto(api.url + '/?user=4&sort=timestamp');
  await page.waitForURL(/\/sign-in\?next=%2F%3Fuser%3D4%26sort%3Dtimestamp(%26timestamp__lte%3D[^&]+)?$/);
  await signIn(page, api);
  await page.waitForURL(atList(api.url + '/?user=4&sort=timestamp'));
  await page.getByRole('table').waitFor();
  assertClean();
  await context.close();
});
