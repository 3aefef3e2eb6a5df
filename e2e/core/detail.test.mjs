// Core suite (every engine: ENGINE=chromium|firefox|webkit): an event's detail page — the JSON
// tree, masking with Reveal, previous/next — and the keyboard's j / Enter from the list.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { coreTest, launch } from './lib/driver.mjs';
import { startDemoApi, demoPost, settled, atList, rowHrefs, withSignedIn } from './lib/app.mjs';

let api, browser;
before(async () => {
  api = await startDemoApi({ events: 1500 });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await api?.stop();
});

/** `fn` in a fresh session signed in at `path` (lib/app.mjs). */
const withSession = (path, fn) => withSignedIn(browser, api, path, fn);

const heading = (page) => page.role('heading', { name: 'Event', exact: true });

coreTest('the detail page: JSON tree, secrets masked until revealed', async () => {
  const e = await demoPost(api, 'events/', {
    headers: { 'User-Agent': 'core-suite', Authorization: 'Token s3cr3t-header' },
    post_data: { name: 'widget', password: 'hunter2-body', nested: { api_token: 'tok-nested', size: 3 } },
    url: 'https://shop.example.com/api/v1/orders/1/',
  });
  await withSession(`/events/${e.uuid}`, async (page) => {
    await heading(page).waitFor();
    await page.css('dl.summary').waitFor();
    await page.text(e.uuid).first().waitFor();
    const text = await page.role('main').evaluate((el) => el.innerText);
    for (const secret of ['s3cr3t-header', 'hunter2-body', 'tok-nested']) assert.ok(!text.includes(secret), `${secret} is masked`);

    // Headers: a table with Reveal per sensitive value.
    const headers = page.role('table');
    await headers.role('button', { name: 'Reveal Authorization' }).click();
    await headers.text('Token s3cr3t-header').waitFor();

    // Post data: a tree; a nested object opens; its secret stays masked until revealed.
    const post = page.role('region', { name: 'Post data' });
    await post.text('"widget"').waitFor();
    await post.role('button', { name: 'Reveal password' }).click();
    await post.text('"hunter2-body"').waitFor();
    const nested = post.role('button', { name: 'nested', exact: true });
    if ((await post.text('api_token').count()) === 0) await nested.click();
    await post.text('api_token').waitFor();
    await post.role('button', { name: 'Reveal api_token' }).click();
    await post.text('"tok-nested"').waitFor();
    await post.role('button', { name: 'Collapse all' }).click();
    await post.text('api_token').waitFor({ state: 'hidden' });
    await post.role('button', { name: 'Expand all' }).click();
    await post.text('api_token').waitFor();
  });
});

coreTest('previous/next follow the list, across its pages; back to results', async () => withSession('/?limit=100&page=2', async (page) => {
  const hrefs = await rowHrefs(page);
  assert.equal(hrefs.length, 100);
  await page.css('table.events tbody tr').nth(60).css('td.time a').click();
  await page.waitForURL(api.url + hrefs[60]);
  await heading(page).waitFor();
  const nav = page.role('navigation', { name: 'Event navigation' });
  await nav.role('link', { name: 'Next event' }).click();
  await page.waitForURL(api.url + hrefs[61]);
  await nav.role('link', { name: 'Previous event' }).click();
  await page.waitForURL(api.url + hrefs[60]);
  await nav.role('link', { name: 'Previous event' }).click();
  await page.waitForURL(api.url + hrefs[59]);
  await nav.role('link', { name: 'Back to results' }).click();
  await page.waitForURL(atList(`${api.url}/?limit=100&page=2`));
  await settled(page);

  // The last row's "Next event" is the first of the next page.
  await page.css('table.events tbody tr').last().css('td.time a').click();
  await page.waitForURL(api.url + hrefs[99]);
  await nav.role('link', { name: 'Next event' }).click();
  await page.waitForURL((u) => u.pathname.startsWith('/events/') && u.pathname !== hrefs[99]);
  await heading(page).waitFor();
  await nav.role('link', { name: 'Previous event' }).click();
  await page.waitForURL(api.url + hrefs[99]);
}));

coreTest('keyboard: j moves through the rows, Enter opens the focused one', async () => withSession('/?tz=utc', async (page) => {
  const rows = await rowHrefs(page);
  const focusedHref = () => page.evaluate(() => document.activeElement?.getAttribute('href'));
  await page.press('j');
  await page.becomes(focusedHref, rows[0], { what: 'focused row after j' });
  await page.press('j');
  await page.press('j');
  await page.becomes(focusedHref, rows[2], { what: 'focused row after j j j' });
  await page.press('k');
  await page.becomes(focusedHref, rows[1], { what: 'focused row after k' });
  assert.equal(await page.css('table.events tbody tr:focus-within').count(), 1, 'the focused row is marked');
  await page.press('Enter');
  await page.waitForURL(api.url + rows[1]);
  await heading(page).waitFor();
}));
