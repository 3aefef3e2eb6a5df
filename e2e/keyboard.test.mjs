// Keyboard shortcuts: j/k, Enter, /, [ and ], t, y, ? — and never while typing in a field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoApi, launchBrowser, openSignedIn, settled, atList } from './lib/harness.mjs';

let api, browser;
before(async () => {
  api = await startDemoApi({ events: 600 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await api?.stop();
});

const focusedHref = (page) => page.evaluate(() => document.activeElement?.getAttribute('href'));
const rowHrefs = (page) => page.locator('table.events tbody tr td.time a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));

test('list and detail work from the keyboard alone', async () => {
  const { page, context, assertClean } = await openSignedIn(browser, api, '/?tz=utc', {
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  await settled(page);
  const rows = await rowHrefs(page);

  // j / k move the focused row; it is visibly marked (focus-within).
  await page.keyboard.press('j');
  assert.equal(await focusedHref(page), rows[0]);
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  assert.equal(await focusedHref(page), rows[2]);
  await page.keyboard.press('k');
  assert.equal(await focusedHref(page), rows[1]);
  assert.equal(await page.locator('table.events tbody tr:focus-within').count(), 1);

  // Enter opens it; ] and [ walk the list's events; y copies the permalink.
  await page.keyboard.press('Enter');
  await page.waitForURL(api.url + rows[1]);
  await page.getByRole('heading', { name: 'Event', exact: true }).waitFor();
  await page.keyboard.press(']');
  await page.waitForURL(api.url + rows[2]);
  await page.keyboard.press('[');
  await page.waitForURL(api.url + rows[1]);
  await page.keyboard.press('y');
  await page.getByText('Copied the link to this view.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), api.url + rows[1]);
  await page.goBack();
  await page.goBack();
  await page.goBack();
  await settled(page);

  // ] and [ page the list; t switches the zone; y copies the list's link.
  await page.keyboard.press(']');
  await page.waitForURL(atList(/\?page=2&tz=utc$/));
  await settled(page);
  await page.keyboard.press('[');
  await page.waitForURL(atList(/\?tz=utc$/));
  await settled(page);
  await page.keyboard.press('t');
  await page.waitForURL(atList(/\?tz=local$/));
  await page.keyboard.press('y');
  await page.getByText('Copied the link to this view.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), page.url());

  // / goes to the filters; keys typed there are text, not shortcuts.
  await settled(page);
  await page.keyboard.press('/');
  const user = page.getByLabel('User', { exact: true });
  assert.ok(await user.evaluate((el) => el === document.activeElement));
  await page.keyboard.type('jk]t?');
  assert.equal(await user.inputValue(), 'jk]t?');
  assert.match(page.url(), /tz=local/, 'nothing happened');
  assert.equal(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).count(), 0);
  await user.fill('');

  // ? shows every shortcut; Esc closes.
  await page.locator('h1').click();
  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await sheet.waitFor();
  for (const key of ['j / k', 'Enter', '/', '[ / ]', 't', 'x', 'c', 'y', '?']) await sheet.getByText(key, { exact: true }).waitFor();
  await page.keyboard.press('Escape');
  await sheet.waitFor({ state: 'detached' });
  assertClean();
  await context.close();
});

test('x picks the focused row for comparison, c compares the two picked', async () => {
  const { page, context, assertClean } = await openSignedIn(browser, api, '/?tz=utc');
  await settled(page);
  const rows = await rowHrefs(page);
  const uuid = (href) => href.split('/').pop();
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await page.getByText('1 event picked: pick another to compare.').waitFor();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  const picked = page.getByRole('checkbox', { name: /^Compare the event at / });
  assert.deepEqual(await picked.evaluateAll((bs) => bs.slice(0, 3).map((b) => b.checked)), [true, false, true]);
  await page.keyboard.press('c');
  await page.waitForURL(`${api.url}/compare?a=${uuid(rows[0])}&b=${uuid(rows[2])}`);
  await page.getByText(/differences?:/).first().waitFor();
  assertClean();
  await context.close();
});
