// An XSS corpus (see lib/xss-corpus.mjs) in every text and JSON field of real events, on the list
// and on each event's page: the canary is never set, and the text shows literally.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoApi, launchBrowser, openPage, signIn, settled, CANARY, ROOT } from './lib/harness.mjs';
import { demoPost } from './lib/api.mjs';
import { XSS_PAYLOADS } from './lib/xss-corpus.mjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let api, browser;
const events = [];
before(async () => {
  api = await startDemoApi({ events: 100 });
  for (const [i, p] of XSS_PAYLOADS.entries()) {
    events.push(await demoPost(api, 'events/', {
      content_type: 6, object_id: 900_000 + i,
      url: p, remote_addr: p,
      headers: { 'User-Agent': p, [`X-${i}`]: p },
      post_data: { value: p, [p]: [p, { deeper: p }] },
      query_params: { q: p },
      content: { note: p, [p]: p },
    }));
  }
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await api?.stop();
});

test(`${XSS_PAYLOADS.length} payloads in every field of the list: nothing runs, all text is literal`, async () => {
  assert.ok(XSS_PAYLOADS.length >= 50);
  const { page, context, assertClean } = await openPage(browser);
  await page.goto(`${api.url}/?content_type=6&limit=100`);
  await signIn(page, api);
  await page.getByRole('table').waitFor();
  await settled(page);
  const urls = await page.locator('table.events tbody td.url').allTextContents();
  const ips = await page.locator('table.events tbody td.ip').allTextContents();
  for (const p of XSS_PAYLOADS) {
    assert.ok(urls.includes(p), `URL cell shows ${JSON.stringify(p.slice(0, 60))} literally`);
    assert.ok(ips.includes(p), `IP cell shows ${JSON.stringify(p.slice(0, 60))} literally`);
  }
  assert.equal(await page.locator('tbody img, tbody script, tbody svg, tbody iframe').count(), 0);
  assert.equal(await page.evaluate((c) => window[c], CANARY), undefined);
  assertClean();
  await context.close();
});

test('every payload on its event page: fields, headers table, expanded trees', async () => {
  const { page, context, assertClean } = await openPage(browser);
  await page.goto(`${api.url}/sign-in`);
  await signIn(page, api);
  // The token is saved only once its check request answers: wait for sign-in to hand over to the
  // list, or the first event page could still find no session (and show the sign-in form).
  await page.waitForURL((u) => u.pathname !== '/sign-in');
  for (const [i, e] of events.entries()) {
    await page.goto(`${api.url}/events/${e.uuid}`);
    await page.getByRole('heading', { name: 'Event', exact: true }).waitFor();
    for (const section of ['Post data', 'Content', 'Query parameters']) {
      await page.getByRole('region', { name: section }).getByRole('button', { name: 'Expand all' }).click();
    }
    const main = page.locator('main');
    const text = await main.textContent();
    const p = XSS_PAYLOADS[i];
    assert.ok(text.includes(p), `event page shows payload ${i} literally`);
    assert.equal(await main.locator('img, script, svg, iframe, object, embed, video, audio, form, base, meta, link, style, template').count(), 0, `payload ${i}`);
    assert.equal(await page.locator('a[href^="javascript" i], a[href^=" javascript" i], a[href^="data:" i], a[href^="vbscript" i]').count(), 0);
    assert.equal(await page.evaluate((c) => window[c], CANARY), undefined, `payload ${i}`);
  }
  assertClean();
  await context.close();
});

test('rows.js: an address that is not an app path never becomes a link, at the wire level', async () => {
  // The same cases the Rust rule (common::app_path) is held to natively.
  const cases = JSON.parse(readFileSync(join(ROOT, 'src/common/app_path_cases.json'), 'utf8'));
  const { page, context, assertClean } = await openPage(browser);
  await page.goto(`${api.url}/?content_type=6&limit=100`);
  await signIn(page, api);
  await page.getByRole('table').waitFor();
  await settled(page);
  const result = await page.evaluate(async ({ good, bad }) => {
    // The module the app itself imports (preloaded by index.html).
    const href = [...document.querySelectorAll('link[rel=modulepreload]')]
      .map((l) => l.href).find((h) => h.endsWith('/src/list/table/rows.js'));
    const rows = await import(href);
    const SEP = '\u0001';
    // Crafted row strings: each hostile address in every address field (time, user, object).
    // (A separator cannot be inside a field: the wire replaces it, list::table::rows::Wire, so
    // those cases are checked through isAppPath alone.)
    const body = document.createElement('tbody');
    const wireBad = bad.filter((h) => !h.includes(SEP));
    const wire = wireBad.map((h) => [h, 'title', '2026-01-01T00:00:00Z', 'when', h, 'who', h, '#1'].join(SEP)).join(SEP);
    rows.fillRows(body, 'time,user,object', wire, '');
    const goodBody = document.createElement('tbody');
    rows.fillRows(goodBody, 'time,user,object',
      good.map((h) => [h, 'title', '', 'when', h, 'who', h, '#1'].join(SEP)).join(SEP), '');
    return {
      goodAccepted: good.filter((h) => rows.isAppPath(h)),
      badAccepted: bad.filter((h) => rows.isAppPath(h)),
      rowsBuilt: body.rows.length,
      rowsCrafted: wireBad.length,
      linksBuilt: [...body.querySelectorAll('a')].map((a) => a.getAttribute('href')),
      goodLinks: goodBody.querySelectorAll('a').length,
    };
  }, { good: cases.app_paths, bad: cases.not_app_paths });
  assert.deepEqual(result.goodAccepted, cases.app_paths, 'every app path passes rows.js');
  assert.deepEqual(result.badAccepted, [], 'no hostile address passes rows.js');
  assert.ok(result.rowsCrafted >= 20);
  assert.equal(result.rowsBuilt, result.rowsCrafted, 'every crafted row is still drawn, as text');
  assert.deepEqual(result.linksBuilt, [], 'no hostile address became a link');
  assert.equal(result.goodLinks, 3 * cases.app_paths.length);
  assertClean();
  await context.close();
});
