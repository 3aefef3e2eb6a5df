// The console served by the Django package (integrations/django) in the example project: the
// real django-audit-events model, its events, the package's API and config.json, and session
// mode — the admin's login is the console's sign-in, no token is typed, no Authorization header
// is sent. Needs .venv-django/ (scripts/setup) and dist-django/ (scripts/test builds it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launchBrowser, openPage, settled, CANARY } from './lib/harness.mjs';
import { apiGet, apiCount, thousands } from './lib/api.mjs';
import { startDjango, adminLogin, sessionCookieFor, ADMIN, GUEST } from './lib/django.mjs';
import { assertAccessible } from './lib/a11y.mjs';

let django, browser;
before(async () => {
  django = await startDjango({ events: 600 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await django?.stop();
});

/** A page that records every API request's Authorization header and cookie presence. */
async function watchedPage(options) {
  const session = await openPage(browser, options);
  session.apiRequests = [];
  session.page.on('request', (r) => {
    if (r.url().startsWith(django.api)) session.apiRequests.push({ url: r.url(), headers: r.headers() });
  });
  return session;
}

/** Opens `path` under the console as an anonymous visitor, signs in on the admin's login form,
 *  and is back at the console with its rows. */
async function signedInAt(path = '') {
  const session = await watchedPage();
  const { page } = session;
  await page.goto(django.console + path);
  // Anonymous: the admin login, with a next back to the console.
  await page.waitForURL((u) => u.pathname === '/admin/login/' && u.searchParams.get('next')?.startsWith('/admin/audit/'));
  await adminLogin(page);
  await page.waitForURL((u) => u.pathname.startsWith('/admin/audit/'));
  return session;
}

test('a staff user signed in to the admin sees the console: labels, admin links, no token', async () => {
  const session = await signedInAt('?tz=utc');
  const { page, context, assertClean } = session;
  await page.getByRole('table').waitFor();
  await settled(page);
  // No token screen; the header names the package's API.
  assert.equal(await page.getByLabel('Token').count(), 0);
  await page.getByText(`Signed in to ${django.api}`).waitFor();
  // The count is the model's.
  const total = await apiCount(django, '');
  await page.getByText(new RegExp(`of ${thousands(total)}\\b`)).first().waitFor();
  // Content types by label, from Django's ContentType table ("orders.order #5"), never "type 6".
  const objects = await page.locator('table.events tbody td.object').allTextContents();
  assert.ok(objects.length > 0);
  assert.ok(objects.every((t) => /^[a-z_]+\.[a-z_]+ #\d+$/.test(t) || t === '—'), objects.join(' | '));
  assert.ok(!objects.some((t) => t.startsWith('type ')));
  // Event data that attackers wrote stays text.
  assert.equal(await page.evaluate((c) => window[c], CANARY), undefined);
  assert.equal(await page.locator('tbody img, tbody script').count(), 0);
  // Every API request rode on the session cookie: none carried a token.
  assert.ok(session.apiRequests.length > 0);
  for (const r of session.apiRequests) assert.equal(r.headers.authorization, undefined, r.url);
  await assertAccessible(page, 'django: list');
  assertClean();
  await context.close();
});

test('the timeline is one histogram request to the package, every bar exact (#33)', async () => {
  const from = new Date(Date.now() - 30 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const session = await signedInAt(`?tz=utc&timestamp__gte=${encodeURIComponent(from)}`);
  const { page, context, assertClean } = session;
  await page.getByRole('img', { name: /^Timeline from .* in \d+ buckets of .*: [\d,]+ events\./ }).waitFor({ timeout: 60_000 });
  const urls = session.apiRequests.map((r) => r.url);
  assert.equal(urls.filter((u) => /[?&]limit=1(&|$)/.test(u)).length, 0, `no count probes:\n${urls.join('\n')}`);
  assert.equal(urls.filter((u) => u.includes('/audit-events/histogram/')).length, 1, urls.join('\n'));
  await page.getByText('Timeline as a table').click();
  const rows = await page.getByRole('table', { name: 'Events per time bucket' }).locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({ from: tr.querySelectorAll('time')[0].getAttribute('datetime'),
      to: tr.querySelectorAll('time')[1].getAttribute('datetime'),
      count: Number(tr.querySelector('td.count').textContent.replace(/[^0-9]/g, '')) })));
  const enc = encodeURIComponent;
  for (const [i, r] of rows.entries()) {
    const upper = i === rows.length - 1 ? 'timestamp__lte' : 'timestamp__lt';
    assert.equal(r.count, await apiCount(django, `timestamp__gte=${enc(r.from)}&${upper}=${enc(r.to)}`), `bucket ${i}`);
  }
  const total = rows.reduce((n, r) => n + r.count, 0);
  await page.getByText(new RegExp(`of ${thousands(total)}\\b`)).first().waitFor();
  assertClean();
  await context.close();
});

test('filters, pivots, paging and an event with its admin link, against the real model', async () => {
  const { page, context, assertClean } = await signedInAt('?tz=utc&limit=25');
  await page.getByRole('table').waitFor();
  await settled(page);
  // Pivot on a row's object: the list narrows to it and matches the API's own count.
  const objectLink = page.locator('table.events tbody td.object a').first();
  const label = await objectLink.textContent();
  await objectLink.click();
  await page.waitForURL(/object_id=\d+/);
  await settled(page);
  const url = new URL(page.url());
  const query = `content_type=${url.searchParams.get('content_type')}&object_id=${url.searchParams.get('object_id')}`;
  const count = await apiCount(django, query);
  const shown = await page.locator('table.events tbody tr').count();
  assert.equal(shown, Math.min(count, 25));
  for (const t of await page.locator('table.events tbody td.object').allTextContents()) assert.equal(t, label);
  // The event page: summary, masked secrets, "Open in admin" to the model's change page.
  await page.locator('table.events tbody td.time a').first().click();
  await page.getByRole('heading', { name: 'Event', exact: true }).waitFor();
  const [ctLabel, id] = label.split(' #');
  const [app, model] = ctLabel.split('.');
  const admin = page.getByRole('link', { name: /Open in admin/ });
  if (await admin.count()) {
    assert.equal(await admin.getAttribute('href'), `${django.url}/admin/${app}/${model}/${id}/change/`);
  } else {
    // Only models registered in the admin get a link (orders.refund is not).
    assert.ok(!['orders.order', 'catalog.product', 'catalog.category'].includes(ctLabel), ctLabel);
  }
  await assertAccessible(page, 'django: detail');
  assertClean();
  await context.close();
});

test('next goes by the package’s cursor, and reads page 2 as the number would (#33)', async () => {
  const { page, context, assertClean, apiRequests } = await signedInAt('?tz=utc&limit=25');
  await settled(page);
  apiRequests.length = 0;
  await page.getByRole('navigation', { name: 'Pages (top)' }).getByRole('link', { name: 'Next page' }).click();
  await page.waitForURL((u) => u.searchParams.get('page') === '2' && !!u.searchParams.get('cursor'));
  await settled(page);
  const asked = apiRequests.map((r) => new URL(r.url)).filter((u) => u.pathname.endsWith('/audit-events/') && u.searchParams.get('limit') === '25');
  assert.equal(asked.length, 1, asked.join('\n'));
  assert.ok(asked[0].searchParams.get('cursor') && !asked[0].searchParams.has('page'), `read by cursor: ${asked[0]}`);
  const pin = new URL(page.url()).searchParams.get('timestamp__lte');
  const byNumber = await apiGet(django, `/audit-events/?limit=25&count=estimate&page=2&timestamp__lte=${encodeURIComponent(pin)}`);
  const shown = await page.locator('table.events td.time a')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href').split('/events/')[1]));
  assert.deepEqual(shown, byNumber.results.map((e) => e.uuid));
  await page.getByText('26–50 of 600', { exact: true }).first().waitFor();
  assertClean();
  await context.close();
});

test('an export downloads every event of the filtered set, in one streamed request (#33)', async () => {
  const session = await signedInAt('?tz=utc&user=1');
  const { page, context, assertClean } = session;
  await page.getByRole('table').or(page.getByText('No events match these filters.')).first().waitFor();
  await settled(page);
  // The timeline's one histogram request comes after the rows: let it answer before counting the export's.
  await page.getByRole('img', { name: /^Timeline from .* in \d+ buckets of / }).waitFor({ timeout: 60_000 });
  const expected = await apiCount(django, 'user=1');
  const before = session.apiRequests.length;
  for (const [format, reveal] of [['CSV', false], ['NDJSON', false], ['CSV', true]]) {
    const sentBefore = session.apiRequests.length;
    if (!(await page.getByRole('button', { name: 'Start export' }).or(page.getByRole('button', { name: 'Export again' })).first().isVisible())) {
      await page.getByRole('button', { name: 'Export…' }).click();
    }
    await page.getByLabel(format, { exact: false }).check();
    const secrets = page.getByLabel(/Include secret values/);
    if ((await secrets.isChecked()) !== reveal) await secrets.click();
    const download = page.waitForEvent('download', { timeout: 120_000 });
    await page.getByRole('button', { name: /^(Start export|Export again)$/ }).click();
    const text = readFileSync(await (await download).path(), 'utf8');
    // One record per event (CSV records may hold quoted newlines: count uuids).
    const uuids = text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? [];
    assert.equal(new Set(uuids).size, expected, `${format}${reveal ? ', secrets revealed' : ''}`);
    await page.getByText(`Saved ${thousands(expected)} events as`).waitFor();
    const sent = session.apiRequests.slice(sentBefore).map((r) => r.url);
    const streamed = sent.filter((u) => u.includes('/audit-events/export/'));
    if (reveal) {
      // The API always masks: revealing secrets reads the pages instead.
      assert.equal(streamed.length, 0, sent.join('\n'));
    } else {
      assert.equal(streamed.length, 1, sent.join('\n'));
      assert.ok(streamed[0].includes(`as=${format.toLowerCase()}`) && streamed[0].includes('user=1'), streamed[0]);
      assert.ok(sent.length <= 2, `the count and the stream: ${sent.join('\n')}`);
      if (format === 'NDJSON') {
        const lines = text.trim().split('\n').map((l) => JSON.parse(l));
        assert.equal(lines.length, expected);
        assert.ok(lines.every((e) => e.user === null || e.user.pk === 1));
      }
    }
  }
  assert.ok(session.apiRequests.length > before);
  assertClean();
  await context.close();
});

test('Summarize asks the package to count: all events, one request per table, exact (#33)', async () => {
  const session = await signedInAt('?tz=utc');
  const { page, context, assertClean } = session;
  await settled(page);
  const before = session.apiRequests.length;
  await page.getByRole('button', { name: 'Summarize' }).click();
  const heading = page.getByRole('heading', { level: 2, name: /^Summary of all [\d,]+ events?$/ });
  await heading.waitFor({ timeout: 60_000 });
  await page.getByText(/^Counted by the API in 8 requests/).waitFor({ timeout: 60_000 });
  const pin = new URL(page.url()).searchParams.get('timestamp__lte');
  const query = `timestamp__lte=${encodeURIComponent(pin)}`;
  const n = await apiCount(django, query);
  assert.equal(await heading.textContent(), `Summary of all ${thousands(n)} event${n === 1 ? '' : 's'}`);
  const sent = session.apiRequests.slice(before).map((r) => r.url);
  assert.equal(sent.filter((u) => u.includes('/audit-events/facets/')).length, 8, sent.join('\n'));
  assert.equal(sent.filter((u) => /[?&]limit=500(&|$)/.test(u)).length, 0, 'no page read');
  const users = page.getByRole('table', { name: /^Users \(/ });
  const rows = await users.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent.trim())));
  for (const [name, , id, count] of rows.filter((r) => r[2] !== '')) {
    assert.equal(Number(count.replace(/[^0-9]/g, '')), await apiCount(django, `user=${id}&${query}`), name);
  }
  const types = await page.getByRole('table', { name: /^Content types \(/ }).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent.trim())));
  for (const [label, ct, count] of types.filter((r) => r[1] !== '')) {
    assert.equal(Number(count.replace(/[^0-9]/g, '')), await apiCount(django, `content_type=${ct}&${query}`), label);
  }
  const cells = await page.getByRole('table', { name: /^Events by day of week/ }).locator('tbody td').allTextContents();
  assert.equal(cells.reduce((s, c) => s + Number(c.replace(/[^0-9]/g, '')), 0), n, 'the grid holds every event');
  await assertAccessible(page, 'django: summary from the package');
  assertClean();
  await context.close();
});

test('signing out ends the admin session; signing in again returns to the same view', async () => {
  const { page, context, problems } = await signedInAt('?tz=utc&limit=25');
  await page.getByRole('table').waitFor();
  await settled(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  const link = page.getByRole('link', { name: 'Sign in to the Django admin' });
  await link.waitFor();
  await assertAccessible(page, 'django: sign-in (session mode)');
  // The admin session is gone: the API refuses the browser's cookie now.
  const status = await page.evaluate(async (api) => (await fetch(`${api}/audit-events/?limit=1`)).status, django.api);
  assert.equal(status, 401);
  const href = new URL(await link.getAttribute('href'), django.url);
  assert.equal(href.pathname, '/admin/login/');
  assert.equal(href.searchParams.get('next'), '/admin/audit/');
  // The session ending on the server while the console is open: the next request's 401 offers
  // the admin's login, coming back to the very view.
  await link.click();
  await adminLogin(page);
  await page.waitForURL((u) => u.pathname === '/admin/audit/');
  await page.getByRole('table').waitFor();
  await settled(page);
  await page.goto(`${django.console}?tz=utc&limit=25&page=2`);
  await page.getByRole('table').waitFor();
  await settled(page);
  const sessionCookie = (await context.cookies()).find((c) => c.name === 'sessionid');
  assert.ok(sessionCookie);
  await context.clearCookies({ name: 'sessionid' });
  await page.getByRole('link', { name: 'Next page' }).first().click();
  const again = page.getByRole('link', { name: 'Sign in to the Django admin' });
  await again.waitFor();
  const back = new URL(await again.getAttribute('href'), django.url).searchParams.get('next');
  assert.match(back, /^\/admin\/audit\/\?/);
  assert.match(back, /page=3/);
  await again.click();
  await adminLogin(page);
  await page.waitForURL((u) => u.pathname === '/admin/audit/' && u.searchParams.get('page') === '3');
  await page.getByRole('table').waitFor();
  // Failed requests (the 401) are expected here; nothing else may have gone wrong.
  assert.deepEqual(problems.filter((p) => !/401|Unauthorized/.test(p)), []);
  await context.close();
});

test('a signed-in user who is not staff is refused the console', async () => {
  const { page, context } = await openPage(browser);
  await context.addCookies([await sessionCookieFor(django, GUEST)]);
  const response = await page.goto(django.console);
  assert.equal(response.status(), 403);
  // And the API refuses the same cookie.
  const status = await page.evaluate(async (api) => (await fetch(`${api}/audit-events/?limit=1`)).status, django.api);
  assert.equal(status, 403);
  await context.close();
});

test('a staff user whose admin is Turkish sees the console in Turkish; its Language menu changes the admin too (#34)', async () => {
  const catalog = (tag) => JSON.parse(readFileSync(new URL(`../locales/${tag}.json`, import.meta.url), 'utf8'));
  const [tr, de] = [catalog('tr'), catalog('de')];
  const { page, context, assertClean } = await openPage(browser, { locale: 'tr-TR' });
  await context.addCookies([await sessionCookieFor(django, ADMIN)]);
  // The admin is in Turkish for this browser (LocaleMiddleware, Accept-Language)…
  await page.goto(`${django.url}/admin/`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'tr');
  // …and so is the console, with the same language named by the package's config.json.
  const languages = [];
  page.on('request', (r) => { if (r.url().startsWith(django.api)) languages.push(r.headers()['accept-language']); });
  await page.goto(`${django.console}?tz=utc`);
  await settled(page);
  assert.equal(await page.locator('html').getAttribute('lang'), 'tr');
  await page.getByRole('button', { name: tr['header.sign_out'], exact: true }).waitFor();
  // The console's own requests name its language; the boot script's early first page goes out
  // with the browser's header, which names the same language first.
  assert.ok(languages.length > 0 && languages.every((l) => l === 'tr' || l.startsWith('tr-TR')), languages.join(','));
  assert.ok(languages.includes('tr'), languages.join(','));
  // The menu sets Django's language cookie: the console reloads in German, and so does the admin.
  await page.getByLabel(tr['header.language']).selectOption('de');
  await page.getByRole('button', { name: de['header.sign_out'], exact: true }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'de');
  const cookie = (await context.cookies()).find((c) => c.name === 'django_language');
  assert.equal(cookie?.value, 'de');
  await page.goto(`${django.url}/admin/`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'de');
  assertClean();
  await context.close();
});
