// Core suite (every engine: ENGINE=chromium|firefox|webkit): the console as the Django package
// serves it (integrations/django's example project, dist-django/, e2e/lib/django.mjs) in session
// mode — the Django admin's login form is the console's sign-in, there is no token to type, the
// rows name objects by their content type's label ("orders.order #5"), an event opens, and
// "Sign out" ends the admin session and offers its login again.
// Needs .venv-django/ (scripts/setup) and dist-django/ (scripts/test builds it).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { coreTest, launch } from './lib/driver.mjs';
import { settled, apiCount, thousands } from './lib/app.mjs';
import { startDjango, ADMIN } from '../lib/django.mjs';

let django, browser;
before(async () => {
  django = await startDjango({ events: 300 });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await django?.stop();
});

/** Signs in on the Django admin's own login form, as a person does (e2e/lib/django.mjs's
 *  adminLogin, in the core suite's terms). */
async function adminLogin(page, user = ADMIN) {
  await page.label('Username').fill(user.username);
  await page.label('Password').fill(user.password);
  await page.role('button', { name: 'Log in', exact: true }).click();
}

/** The console's answer to an API request with this browser's cookies, from the page. */
const apiStatus = (page) => page.evaluate((api) => fetch(`${api}/audit-events/?limit=1`).then((r) => r.status), django.api);

coreTest('Django, session mode: the admin login signs in; rows by content-type label; an event; Sign out', async () => {
  const session = await browser.session();
  const { page } = session;
  try {
    // Anonymous: the console sends the visitor to the admin's login, with a next back to it.
    await page.goto(django.console);
    await page.waitForURL((u) => u.pathname === '/admin/login/' && u.searchParams.get('next')?.startsWith('/admin/audit/'),
      { timeout: 30_000 });
    await adminLogin(page);
    await page.waitForURL((u) => u.pathname === '/admin/audit/', { timeout: 30_000 });
    await settled(page);
    await page.role('table').first().waitFor();

    // No token screen, no token field; the header names the package's API.
    assert.equal(await page.label('Token').count(), 0, 'no token field');
    await page.text(`Signed in to ${django.api}`).waitFor();
    await page.text(new RegExp(`of ${thousands(await apiCount(django, ''))}\\b`)).first().waitFor();
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    assert.ok(!stored.includes(django.token), 'no token stored in the browser');

    // Objects by their content type's label from Django's ContentType table, never "type 6".
    const objects = await page.css('table.events tbody td.object').textContents();
    assert.ok(objects.length > 0, 'rows with objects');
    assert.ok(objects.every((t) => /^[a-z_]+\.[a-z_]+ #\d+$/.test(t) || t === '—'), objects.join(' | '));
    assert.ok(objects.some((t) => t !== '—'), 'some rows name an object');

    // An event opens from its row: its page, and "Open in admin" to the model's change page when
    // the model is registered in the admin.
    const row = page.css('table.events tbody tr').filter({ hasText: /[a-z_]+\.[a-z_]+ #\d+/ }).first();
    const label = await row.css('td.object').textContent();
    await row.css('td.time a').click();
    await page.waitForURL(/\/admin\/audit\/events\/[^/?#]+/);
    await page.role('heading', { name: 'Event', exact: true }).waitFor();
    await page.text(label).first().waitFor();
    const [ctLabel, id] = label.split(' #');
    const [app, model] = ctLabel.split('.');
    const admin = page.role('link', { name: /Open in admin/ });
    if (await admin.count()) {
      assert.equal(new URL(await admin.attr('href'), django.url).href, `${django.url}/admin/${app}/${model}/${id}/change/`);
    } else {
      // Only models registered in the admin get a link (orders.refund is not).
      assert.ok(!['orders.order', 'catalog.product', 'catalog.category'].includes(ctLabel), `${ctLabel} has no admin link`);
    }

    // "Sign out" (not "of all tabs": it is the admin's session) ends it; the console offers the
    // admin's login, back to the console.
    await page.role('button', { name: 'Sign out', exact: true }).click();
    const link = page.role('link', { name: 'Sign in to the Django admin', exact: true });
    await link.waitFor({ timeout: 30_000 });
    const href = new URL(await link.attr('href'), django.url);
    assert.equal(href.pathname, '/admin/login/');
    assert.match(href.searchParams.get('next') ?? '', /^\/admin\/audit\//);
    assert.equal(await apiStatus(page), 401, 'the API refuses the browser once signed out');
    await session.assertClean();
  } finally {
    await session.close();
  }
});
