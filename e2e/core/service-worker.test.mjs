// Core suite (every engine: ENGINE=chromium|firefox|webkit): the service worker — a returning
// open is served by it (the page is controlled), from Cache Storage holding the app's own files,
// with the API still live.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { coreTest, launch } from './lib/driver.mjs';
import { startDemoApi, apiCount, thousands, openSignedIn, settled } from './lib/app.mjs';

let api, browser;
before(async () => {
  api = await startDemoApi({ events: 400 });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await api?.stop();
});

coreTest('a returning open is served by the service worker from the app’s own cache; the API stays live', async () => {
  const session = await openSignedIn(browser, api, '/?user=3');
  try {
    const { page } = session;
    assert.equal(await page.evaluate(() => 'serviceWorker' in navigator && 'caches' in window), true, 'service workers and Cache Storage');
    await page.waitUntil(() => navigator.serviceWorker.ready.then((r) => !!r.active), null, { timeout: 30_000, message: 'no active service worker' });
    const url = await page.url();
    // A second open of the same list in the same browser: a new tab on a bookmark.
    const second = await session.newTab();
    await second.goto(url);
    await settled(second);
    assert.equal(await second.evaluate(() => !!navigator.serviceWorker.controller), true, 'the returning open is controlled by the worker');
    await second.text(`of ${thousands(await apiCount(api, 'user=3'))}`).first().waitFor();
    const cached = await second.evaluate(async () => {
      const out = [];
      for (const name of await caches.keys()) out.push(...(await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname));
      return out;
    });
    assert.ok(cached.some((p) => p.endsWith('.wasm')) && cached.includes('/config.json'), `the app's files are cached: ${cached.join(' ')}`);
    assert.ok(cached.every((p) => !p.startsWith('/api/')), `no API answer is cached: ${cached.join(' ')}`);
    await session.assertClean();
  } finally {
    await session.close();
  }
});
