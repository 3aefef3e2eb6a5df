// The console as a person uses it, in the core suite's terms (driver.mjs): sign in through the
// form, wait for the list's answer, open the time range.
// The URL helpers are the Chromium suite's (plain functions of a URL, the same in every engine).
import { atList } from '../../lib/harness.mjs';

export { startDemoApi, unpinned, atList } from '../../lib/harness.mjs';
export { apiGet, apiCount, thousands, demoPost } from '../../lib/api.mjs';

/** Fills the sign-in form and submits it; `keep`: the "Keep me signed in on this device" box. */
export async function signIn(page, { api, token }, { keep } = {}) {
  await page.label('API base URL', { exact: true }).waitFor({ timeout: 30_000 });
  if (keep !== undefined) await page.label('Keep me signed in on this device').setChecked(keep);
  await page.label('API base URL', { exact: true }).fill(api);
  await page.label('Token', { exact: true }).fill(token);
  await page.role('button', { name: 'Sign in', exact: true }).click();
}

/** Waits until the list shows the answer for its current URL (not the previous one, dimmed). */
export function settled(page, timeout = 30_000) {
  return page.waitUntil(() => document.querySelector('.results')?.getAttribute('aria-busy') === 'false'
    && !!document.querySelector('.results table.events, .results .empty, .results .problem'), null,
  { timeout, message: 'the list did not settle' });
}

/** A fresh session (clean profile) at `path`, signed in through the form and back at `path`. */
export async function openSignedIn(browser, server, path = '/', options = {}) {
  const session = await browser.session();
  const { page } = session;
  await page.goto(server.url + path);
  await signIn(page, server, options);
  await page.waitForURL(atList(server.url + path), { timeout: 30_000 });
  if (new URL(server.url + path).pathname === '/') await settled(page);
  return session;
}

/** A fresh session signed in at `path`; `fn(page, session)` runs in it, then the page must have
 *  reported no error, and the session is closed whatever happened. */
export async function withSignedIn(browser, server, path, fn) {
  const session = await openSignedIn(browser, server, path);
  try {
    await fn(session.page, session);
    await session.assertClean();
  } finally {
    await session.close();
  }
}

/** Opens the query bar's time-range popover unless it is open. */
export async function openTimeRange(page) {
  const button = page.role('button', { name: /^Time range/ });
  if ((await button.attr('aria-expanded')) !== 'true') await button.click();
  await page.label('From', { exact: true }).waitFor();
}

/** The pager's "1–50 of 3,000". */
export const rangeText = (page) => page.css('.pager .range').first().textContent();

/** The hrefs of the list's rows, top to bottom. */
export const rowHrefs = (page) => page.css('table.events tbody tr td.time a').attrs('href');
