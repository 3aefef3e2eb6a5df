// Session policy (#18): "Keep me signed in on this device", idle sign-out across tabs with a
// warning that extends it, an absolute lifetime, and a visible session. The limits are set short
// in config.json for the test (15 s idle, 14 s lifetime).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoApi, launchBrowser, openPage, signIn, settled } from './lib/harness.mjs';
import { apiGet } from './lib/api.mjs';
import { assertAccessible } from './lib/a11y.mjs';

let idle, lifetime, browser;
before(async () => {
  idle = await startDemoApi({ events: 300, appConfig: { session_idle_minutes: 0.25, live_tail_seconds: 1 } });
  lifetime = await startDemoApi({ events: 50, appConfig: { session_max_hours: 0.004 } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await idle?.stop();
  await lifetime?.stop();
});

const storageText = (page) => page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));

test('unticked "Keep me signed in": this tab only, and forgotten when it closes', async () => {
  const { page, context, assertClean } = await openPage(browser);
  await page.goto(idle.url + '/');
  await page.getByLabel('Keep me signed in on this device').uncheck();
  await signIn(page, idle);
  await page.getByRole('table').first().waitFor();
  assert.ok(!(await page.evaluate(() => JSON.stringify({ ...localStorage }))).includes(idle.token), 'not on this device');
  assert.ok((await page.evaluate(() => JSON.stringify({ ...sessionStorage }))).includes(idle.token), 'in this tab');
  // The header says which API, and since when.
  await page.getByText(`Signed in to ${idle.api} since`).waitFor();
  const other = await context.newPage();
  await other.goto(idle.url + '/');
  await other.getByLabel('API base URL').waitFor();
  await page.close();
  const again = await context.newPage();
  await again.goto(idle.url + '/');
  await again.getByLabel('API base URL').waitFor();
  assert.ok(!(await storageText(again)).includes(idle.token));
  assertClean();
  await context.close();
});

test('idle sign-out: a warning that extends it, then every tab signed out at once, nothing left behind', async () => {
  const event = (await apiGet(idle, '/audit-events/?limit=1')).results[0];
  const { page: a, context, assertClean } = await openPage(browser);
  await a.goto(idle.url + '/?user=3&tz=utc');
  await signIn(a, idle);
  await settled(a);
  const listUrl = a.url();
  // Live tail polls every second: background requests are not activity.
  await a.getByLabel('Live tail').check();
  const b = await context.newPage();
  await b.goto(`${idle.url}/events/${event.uuid}`);
  await b.getByRole('heading', { name: 'Event', exact: true }).waitFor();
  // The heading stands while the event loads ("Loading event…"): wait for its summary.
  await b.locator('dl.summary').waitFor();
  assert.ok((await b.locator('main').textContent()).includes(event.uuid));

  // A warning before the end; "Stay signed in" starts the idle time again.
  const warning = a.getByRole('alertdialog', { name: 'Still there?' });
  await warning.waitFor({ timeout: 20_000 });
  await assertAccessible(a, 'idle warning');
  await warning.getByRole('button', { name: 'Stay signed in' }).click();
  const extendedAt = Date.now();
  await warning.waitFor({ state: 'hidden' });
  await a.waitForTimeout(9_000); // past the first deadline: still signed in
  assert.ok(!a.url().includes('/sign-in') && !b.url().includes('/sign-in'), 'extended');

  // No more input: both tabs end together, each saying why.
  await Promise.all([a.waitForURL(/\/sign-in/, { timeout: 30_000 }), b.waitForURL(/\/sign-in/, { timeout: 30_000 })]);
  const quiet = Date.now() - extendedAt;
  assert.ok(quiet >= 14_000, `signed out after ${quiet} ms without activity`);
  for (const p of [a, b]) {
    await p.getByText('Signed out after 15 seconds without activity.').waitFor();
    const stored = await storageText(p);
    assert.ok(!stored.includes(idle.token), 'no token left');
    assert.ok(!stored.includes(event.uuid), 'no cached event left');
    const dom = await p.locator('body').innerHTML();
    assert.ok(!dom.includes(event.uuid) && !(event.url && dom.includes(event.url)), 'no event text left on screen');
  }
  await assertAccessible(a, 'signed out after idle time');
  // Signing in again returns to the same view.
  await signIn(a, idle);
  await a.waitForURL((u) => u.href === listUrl);
  assertClean();
  await context.close();
});

test('the absolute lifetime ends even a busy session', async () => {
  const { page, context, assertClean } = await openPage(browser);
  await page.goto(lifetime.url + '/');
  await signIn(page, lifetime);
  await settled(page);
  const started = Date.now();
  while (!page.url().includes('/sign-in') && Date.now() - started < 30_000) {
    await page.keyboard.press('Shift'); // activity all along
    await page.waitForTimeout(1000);
  }
  assert.ok(page.url().includes('/sign-in'), 'signed out');
  assert.ok(Date.now() - started >= 12_000, 'not before its lifetime');
  await page.getByText('Signed out: a session lasts at most 14 seconds. Sign in again.').waitFor();
  assertClean();
  await context.close();
});
