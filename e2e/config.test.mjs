// config.json problems get a readable screen, never a blank page; fixing the file needs no rebuild.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, DIST } from './lib/harness.mjs';
import { startStaticServer } from './lib/static-server.mjs';

let web, browser;
before(async () => {
  web = await startStaticServer({ dir: DIST, prefix: '/' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await web?.close();
});

const cases = [
  ['missing', null, 'config.json was not found next to index.html'],
  ['not JSON', '<html>oops</html>', 'config.json is not valid'],
  ['a javascript: API URL', '{"api_base_url": "javascript:alert(1)"}', 'config.json api_base_url: The API base URL must start with http:// or https://'],
  ['a bad page size', '{"page_size": 7}', 'config.json page_size: 7 is not one of'],
];

for (const [name, body, message] of cases) {
  test(`config.json ${name}: the screen says what is wrong`, async () => {
    web.settings.overrides = { '/config.json': body };
    const { page, context } = await openPage(browser);
    await page.goto(web.url + '/events/123');
    await page.getByRole('heading', { name: 'Audit Console cannot start' }).waitFor();
    await page.getByRole('alert').filter({ hasText: message }).waitFor();
    await context.close();
  });
}

test('a fixed config.json works on reload, without a rebuild', async () => {
  web.settings.overrides = { '/config.json': '{"page_size": 7}' };
  const { page, context } = await openPage(browser);
  await page.goto(web.url + '/');
  await page.getByRole('heading', { name: 'Audit Console cannot start' }).waitFor();
  web.settings.overrides = { '/config.json': '{"api_base_url": "https://api.example.com/v1", "page_size": 25}' };
  await page.reload();
  await page.waitForURL(/\/sign-in/);
  assert.equal(await page.getByLabel('API base URL').inputValue(), 'https://api.example.com/v1');
  await context.close();
});
