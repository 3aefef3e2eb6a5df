// The console in the user's language (#34): chosen from the browser's languages, config.json's
// `language` or the header's Language menu (remembered per browser); Turkish and Arabic found by
// their translated names, Arabic right to left and axe-clean; the API asked in the same language;
// a catalog that does not load leaves English, never a blank page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startDemoApi, launchBrowser, openPage, settled } from './lib/harness.mjs';
import { assertAccessible } from './lib/a11y.mjs';
import { apiCount, apiGet, demoPost } from './lib/api.mjs';

const catalog = (tag) => JSON.parse(readFileSync(new URL(`../locales/${tag}.json`, import.meta.url), 'utf8'));
const en = catalog('en');
const tr = catalog('tr');
const ar = catalog('ar');
const de = catalog('de');

let api, arabic, big, browser;
before(async () => {
  api = await startDemoApi({ events: 300 });
  // A static host whose config.json names Arabic.
  arabic = await startDemoApi({ events: 300, appConfig: { language: 'ar' } });
  // Enough events for numbers with a group separator.
  big = await startDemoApi({ events: 1500 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await api?.stop();
  await arabic?.stop();
  await big?.stop();
});

/** Signs in with the form's translated labels. */
async function signInAs(page, server, words, token = server.token) {
  await page.getByLabel(words['sign_in.base_url']).fill(server.api);
  await page.getByLabel(words['sign_in.token'], { exact: true }).fill(token);
  await page.getByRole('button', { name: words['sign_in.submit'], exact: true }).click();
}

test('a Turkish browser gets the console in Turkish, and the API is asked in Turkish', async () => {
  const { page, context, assertClean } = await openPage(browser, { locale: 'tr-TR' });
  const languages = [];
  page.on('request', (r) => {
    if (r.url().startsWith(api.api)) languages.push(r.headers()['accept-language']);
  });
  await page.goto(`${api.url}/sign-in`);
  await page.getByRole('heading', { name: tr['sign_in.title'] }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'tr');
  assert.equal(await page.locator('html').getAttribute('dir'), 'ltr');
  assert.equal(await page.title(), tr['page_title.sign_in']);
  // A wrong token: the refusal in Turkish, where the user looks.
  await signInAs(page, api, tr, 'wrong');
  await page.getByRole('alert').getByText(tr['sign_in.rejected']).waitFor();
  await signInAs(page, api, tr);
  await settled(page);
  // The header: the menu by its Turkish label, showing Turkish; sign-out in Turkish.
  const menu = page.getByLabel(tr['header.language']);
  assert.equal(await menu.inputValue(), 'tr');
  await page.getByRole('button', { name: tr['header.sign_out_all'] }).waitFor();
  assert.ok(languages.length > 0 && languages.every((l) => l === 'tr'), languages.join(','));
  // A returning open: the list's first request leaves from the start-up script, in Turkish too.
  languages.length = 0;
  await page.reload();
  await settled(page);
  await page.getByRole('heading', { name: tr['list.heading'], exact: true }).waitFor();
  assert.ok(languages.length > 0 && languages.every((l) => l === 'tr'), languages.join(','));
  assertClean();
  await context.close();
});

test('the Language menu switches the whole page and is remembered by this browser', async () => {
  const { page, context, assertClean } = await openPage(browser, { locale: 'tr-TR' });
  await page.goto(`${api.url}/sign-in`);
  await page.getByRole('heading', { name: tr['sign_in.title'] }).waitFor();
  await page.getByLabel(tr['header.language']).selectOption('de');
  await page.getByRole('heading', { name: de['sign_in.title'] }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'de');
  // Remembered: another tab of this browser opens in German, whatever the browser prefers.
  const second = await context.newPage();
  await second.goto(`${api.url}/sign-in`);
  await second.getByRole('heading', { name: de['sign_in.title'] }).waitFor();
  await second.getByLabel(de['header.language']).selectOption('en');
  await second.getByRole('heading', { name: en['sign_in.title'] }).waitFor();
  assert.equal(await second.locator('html').getAttribute('lang'), 'en');
  assertClean();
  await context.close();
});

test('config.json’s Arabic is right to left, axe-clean, and found by its Arabic names', async () => {
  // The browser prefers French: config.json's language comes first.
  const { page, context, assertClean } = await openPage(browser, { locale: 'fr-FR' });
  await page.goto(`${arabic.url}/sign-in`);
  await page.getByRole('heading', { name: ar['sign_in.title'] }).waitFor();
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  assert.equal(await page.locator('html').getAttribute('lang'), 'ar');
  // Mirrored: the brand (first in the header) is at the right.
  const header = await page.locator('.app-header').boundingBox();
  const brand = await page.getByRole('link', { name: ar['header.home'] }).boundingBox();
  assert.ok(brand.x + brand.width > header.x + header.width * 0.6, `brand at ${brand.x}`);
  await assertAccessible(page, 'sign-in in Arabic');
  await signInAs(page, arabic, ar);
  await settled(page);
  await page.getByRole('button', { name: ar['header.sign_out_all'] }).waitFor();
  await assertAccessible(page, 'list in Arabic');
  assertClean();
  await context.close();
});

test('a language the console does not ship falls through to the next, then English', async () => {
  const dutch = await openPage(browser, { locale: 'nl-NL' });
  await dutch.page.goto(`${api.url}/sign-in`);
  await dutch.page.getByRole('heading', { name: en['sign_in.title'] }).waitFor();
  assert.equal(await dutch.page.locator('html').getAttribute('lang'), 'en');
  await dutch.context.close();
});

test('a catalog that does not load leaves the console in English, working', async () => {
  const { page, context } = await openPage(browser, { locale: 'tr-TR' });
  await page.route(/\/locales\/tr-[0-9a-f]+\.js$/, (route) => route.abort());
  await page.goto(`${api.url}/sign-in`);
  await page.getByRole('heading', { name: en['sign_in.title'] }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await signInAs(page, api, en);
  await settled(page);
  await context.close();
});

/** `n` as the page's browser writes it in `tag` (the console formats through the same Intl). */
const written = (page, tag, n) => page.evaluate(([t, v]) => new Intl.NumberFormat(t).format(v), [tag, n]);

test('the list in Turkish: filters, chips, pager and counts by their Turkish names and numbers', async () => {
  const { page, context, assertClean } = await openPage(browser, { locale: 'tr-TR' });
  await page.goto(`${big.url}/sign-in`);
  await signInAs(page, big, tr);
  await settled(page);
  await page.getByRole('heading', { name: tr['list.heading'], exact: true }).waitFor();
  // Turkish grouping ("1.500"), in the sentence screen readers hear.
  const total = await apiCount(big, '');
  const match = tr['list.match'].other.replace('{count}', await written(page, 'tr', total));
  await page.getByRole('status').filter({ hasText: match }).waitFor({ state: 'attached' });
  // A filter through the Turkish form: the chip and the count follow.
  const user = (await apiGet(big, '/audit-events/?limit=1')).results[0].user.pk;
  await page.getByLabel(tr['filters.user'], { exact: true }).fill(String(user));
  await page.getByRole('button', { name: tr['filters.apply'], exact: true }).click();
  await page.getByText(tr['chips.user'].replace('{id}', String(user))).first().waitFor();
  await page.getByRole('link', { name: tr['chips.remove'].replace('{label}', '') }).first().waitFor();
  // The pager by its Turkish names, back to all events and on to page 2.
  await page.getByRole('link', { name: tr['chips.clear_all'] }).click();
  await settled(page);
  await page.getByRole('navigation', { name: tr['pager.label_bottom'] }).getByRole('link', { name: tr['pager.next_page'] }).click();
  await page.waitForURL(/[?&]page=2(&|$)/);
  await settled(page);
  const title = await page.title();
  assert.ok(title.includes(tr['page_title.page'].replace('{page}', '2')), title);
  // A bad value typed: the message in Turkish, in place.
  await page.getByLabel(tr['filters.object_id'], { exact: true }).fill('abc');
  await page.getByRole('button', { name: tr['filters.apply'], exact: true }).click();
  await page.getByText(tr['filters.not_an_id'].replace('{typed}', 'abc')).waitFor();
  assertClean();
  await context.close();
});

test('the list in Arabic: right to left, Arabic names and digits, axe-clean with the menus open', async () => {
  const { page, context, assertClean } = await openPage(browser, { locale: 'ar' });
  await page.goto(`${big.url}/sign-in`);
  await signInAs(page, big, ar);
  await settled(page);
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  await page.getByRole('heading', { name: ar['list.heading'], exact: true }).waitFor();
  const total = await apiCount(big, '');
  const pages = await written(page, 'ar', Math.ceil(total / 50));
  const pageOf = ar['pager.page_of'].replace('{page}', await written(page, 'ar', 1)).replace('{pages}', pages);
  await page.getByRole('navigation', { name: ar['pager.label_top'] }).getByText(pageOf).waitFor();
  // The table's columns by their Arabic headers; times stay left to right in their cells.
  await page.getByRole('columnheader', { name: ar['columns.time'] }).waitFor();
  await page.getByRole('button', { name: ar['columns.menu'] }).click();
  await page.getByRole('group', { name: ar['columns.density'] }).waitFor();
  await assertAccessible(page, 'list in Arabic, columns menu open');
  assertClean();
  await context.close();
});

/** A plural message's form for `n` in `tag`, its `{count}` and other slots filled. */
const plural = async (page, tag, message, n, slots = {}) => {
  const category = await page.evaluate(([t, v]) => new Intl.PluralRules(t).select(v), [tag, n]);
  let text = (message[category] ?? message.other).replace('{count}', await written(page, tag, n));
  for (const [k, v] of Object.entries(slots)) text = text.replace(`{${k}}`, v);
  return text;
};

test('an event in Turkish: the detail page, its JSON, related links and compare by their Turkish names', async () => {
  // Two versions of one object, so the event has a previous one to compare with.
  const object = { content_type: 6, object_id: 8181, user: 3 };
  await demoPost(big, 'events/', { ...object, timestamp: '2026-11-20T10:00:00Z', content: { status: 'draft', note: 'first' } });
  const e = await demoPost(big, 'events/', { ...object, timestamp: '2026-11-20T10:05:00Z', content: { status: 'published', note: 'first' } });
  const { page, context, assertClean } = await openPage(browser, { locale: 'tr-TR' });
  await page.goto(`${big.url}/sign-in`);
  await signInAs(page, big, tr);
  await settled(page);
  await page.goto(`${big.url}/events/${e.uuid}`);
  await page.getByRole('heading', { name: tr['event.heading'], exact: true }).waitFor();
  assert.equal(await page.title(), tr['event.page_title'].replace('{id}', e.uuid.slice(0, 8)));
  await page.getByRole('button', { name: tr['event.copy_permalink'] }).waitFor();
  await page.getByRole('button', { name: tr['event.copy_curl'] }).waitFor();
  await page.getByRole('button', { name: tr['json.expand_all'] }).first().waitFor();
  const related = page.getByRole('navigation', { name: tr['event.related'] });
  await related.getByRole('link', { name: tr['event.pivot_object'] }).waitFor();
  await related.getByRole('link', { name: tr['event.pivot_user'] }).waitFor();
  // Compare with the object's previous version: the diff in Turkish.
  await page.getByRole('link', { name: tr['event.compare_previous'] }).click();
  await page.getByRole('heading', { name: tr['compare.heading'], exact: true }).waitFor();
  await page.getByText(tr['compare.changed'], { exact: true }).first().waitFor();
  // An id that matches nothing: the Turkish not-found text, in place.
  const missing = '00000000-0000-4000-8000-000000000000';
  await page.goto(`${big.url}/events/${missing}`);
  await page.getByText(tr['event.not_found'].replace('{id}', missing)).waitFor();
  assertClean();
  await context.close();
});

test('the summary in Arabic: heading, tables and weekdays in Arabic with Arabic digits, axe-clean', async () => {
  const { page, context, assertClean } = await openPage(browser, { locale: 'ar' });
  await page.goto(`${big.url}/sign-in`);
  await signInAs(page, big, ar);
  await settled(page);
  await page.getByRole('button', { name: ar['summary.button'], exact: true }).click();
  const pin = new URL(page.url()).searchParams.get('timestamp__lte');
  const n = await apiCount(big, `timestamp__lte=${encodeURIComponent(pin)}`);
  const heading = await plural(page, 'ar', ar['summary.heading'], n);
  await page.getByRole('heading', { name: heading, exact: true }).waitFor({ timeout: 60_000 });
  // The users table by its Arabic caption, its count in Arabic digits.
  const users = ar['summary.caption'].other.replace('{table}', ar['summary.facet_users']).split('{count}')[0];
  await page.getByRole('table', { name: new RegExp(`^${users.replace(/[()]/g, '\\$&')}`) }).waitFor();
  await page.getByRole('columnheader', { name: ar['summary.col_events'] }).first().waitFor();
  await page.getByRole('rowheader', { name: ar['summary.day_mon'] }).waitFor();
  await assertAccessible(page, 'summary in Arabic');
  // The CSV a person reads is in Arabic too; its numbers stay plain digits for spreadsheets.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: ar['summary.download'] }).click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  assert.ok(csv.startsWith(`${ar['summary.csv_title']},`), csv.slice(0, 80));
  assert.ok(csv.includes(`\r\n${ar['summary.csv_read']},${n}\r\n`), 'events read, in Western digits');
  assert.ok(csv.includes(`\r\n\r\n${ar['summary.facet_users']}\r\n`), 'the users section by its Arabic name');
  assertClean();
  await context.close();
});

test('an event in Arabic: right to left and axe-clean, its JSON left to right', async () => {
  const e = await demoPost(big, 'events/', { content_type: 6, object_id: 8282, user: 3, timestamp: '2026-11-21T09:00:00Z', content: { status: 'archived', note: 'مرحبا' } });
  const { page, context, assertClean } = await openPage(browser, { locale: 'ar' });
  await page.goto(`${big.url}/sign-in`);
  await signInAs(page, big, ar);
  await settled(page);
  await page.goto(`${big.url}/events/${e.uuid}`);
  await page.getByRole('heading', { name: ar['event.heading'], exact: true }).waitFor();
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  await page.getByRole('navigation', { name: ar['event.related'] }).getByRole('link', { name: ar['event.pivot_object'] }).waitFor();
  await page.getByRole('button', { name: ar['event.copy_json'] }).waitFor();
  // JSON reads left to right whatever the page's direction.
  const tree = page.getByRole('list', { name: ar['event.section_content'] }).first();
  assert.equal(await tree.evaluate((el) => getComputedStyle(el).direction), 'ltr');
  await assertAccessible(page, 'event in Arabic');
  assertClean();
  await context.close();
});

test('the summary in Turkish: its heading with Turkish grouping, tables and weekdays by their Turkish names', async () => {
  const { page, context, assertClean } = await openPage(browser, { locale: 'tr-TR' });
  await page.goto(`${big.url}/sign-in`);
  await signInAs(page, big, tr);
  await settled(page);
  await page.getByRole('button', { name: tr['summary.button'], exact: true }).click();
  const pin = new URL(page.url()).searchParams.get('timestamp__lte');
  const n = await apiCount(big, `timestamp__lte=${encodeURIComponent(pin)}`);
  assert.ok(n >= 1000, 'a number with a group separator');
  const heading = await plural(page, 'tr', tr['summary.heading'], n);
  assert.ok(heading.includes(await written(page, 'tr', n)) && (await written(page, 'tr', n)).includes('.'), heading);
  await page.getByRole('heading', { name: heading, exact: true }).waitFor({ timeout: 60_000 });
  const ips = tr['summary.caption'].other.replace('{table}', tr['summary.facet_ips']).split('{count}')[0];
  await page.getByRole('table', { name: new RegExp(`^${ips.replace(/[()]/g, '\\$&')}`) }).waitFor();
  await page.getByRole('rowheader', { name: tr['summary.day_sun'], exact: true }).waitFor();
  await page.getByRole('button', { name: tr['summary.close'] }).waitFor();
  assertClean();
  await context.close();
});
