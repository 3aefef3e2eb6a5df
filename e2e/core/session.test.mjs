// Core suite (every engine: ENGINE=chromium|firefox|webkit): sign-in and sign-out with both
// storage choices of "Keep me signed in on this device".
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { coreTest, launch } from './lib/driver.mjs';
import { startDemoApi, signIn, settled, atList } from './lib/app.mjs';

let api, browser;
before(async () => {
  api = await startDemoApi({ events: 300 });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await api?.stop();
});

const stored = (page) => page.evaluate(() => ({ local: JSON.stringify({ ...localStorage }), tab: JSON.stringify({ ...sessionStorage }) }));

coreTest('kept on this device: every tab is signed in; signing out ends them all and leaves no token', async () => {
  const session = await browser.session();
  const { page } = session;
  try {
    await page.goto(`${api.url}/?user=3`);
    await page.waitForURL(/\/sign-in\?next=/);
    assert.equal(await page.label('Keep me signed in on this device').evaluate((el) => el.checked), true, 'ticked by default');
    await signIn(page, api, { keep: true });
    await page.waitForURL(atList(`${api.url}/?user=3`));
    await settled(page);
    await page.text(`Signed in to ${api.api} since`).waitFor();
    const s = await stored(page);
    assert.ok(s.local.includes(api.token), 'the token is kept on this device');
    assert.ok(!s.tab.includes(api.token), 'not in the tab’s storage');

    // Another tab of the same browser is signed in without the form.
    const other = await session.newTab();
    await other.goto(`${api.url}/`);
    await settled(other);
    await other.role('table').first().waitFor();

    // The same tab after a reload too.
    await page.reload();
    await settled(page);

    // "Sign out of all tabs": this tab to the form, the other one as well, nothing left.
    await page.role('button', { name: /^Sign out/ }).click();
    await page.waitForURL(/\/sign-in/);
    await page.label('API base URL', { exact: true }).waitFor();
    await other.waitForURL(/\/sign-in/, { timeout: 20_000 });
    for (const p of [page, other]) {
      const left = await stored(p);
      assert.ok(!left.local.includes(api.token) && !left.tab.includes(api.token), `no token left: ${JSON.stringify(left)}`);
    }
    await session.assertClean();
  } finally {
    await session.close();
  }
});

coreTest('not kept: this tab only, other tabs ask to sign in, and signing out forgets it', async () => {
  const session = await browser.session();
  const { page } = session;
  try {
    await page.goto(`${api.url}/`);
    await signIn(page, api, { keep: false });
    await page.waitForURL(atList(`${api.url}/`));
    await settled(page);
    const s = await stored(page);
    assert.ok(!s.local.includes(api.token), 'not on this device');
    assert.ok(s.tab.includes(api.token), 'in this tab');

    // A reload keeps the tab's session; a new tab does not have it.
    await page.reload();
    await settled(page);
    const other = await session.newTab();
    await other.goto(`${api.url}/`);
    await other.label('API base URL', { exact: true }).waitFor();
    assert.ok(!(await stored(other)).local.includes(api.token));

    await page.role('button', { name: /^Sign out/ }).click();
    await page.waitForURL(/\/sign-in/);
    await page.label('API base URL', { exact: true }).waitFor();
    const left = await stored(page);
    assert.ok(!left.local.includes(api.token) && !left.tab.includes(api.token), `no token left: ${JSON.stringify(left)}`);
    await session.assertClean();
  } finally {
    await session.close();
  }
});
