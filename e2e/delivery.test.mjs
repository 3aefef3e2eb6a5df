// How the first load arrives (#14): precompressed assets with Content-Encoding, as a production
// host serves them, and config.json fetched once, in parallel with the wasm (preloaded).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoApi, launchBrowser, openSignedIn, settled } from './lib/harness.mjs';

let api, browser;
before(async () => {
  api = await startDemoApi({ events: 100 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await api?.stop();
});

test('the first load is brotli-compressed and config.json is asked for once, while the wasm loads', async () => {
  const { page, context, assertClean } = await openSignedIn(browser, api, '/');
  await settled(page);
  const seen = [];
  page.on('response', (r) => seen.push({ url: r.url(), encoding: r.headers()['content-encoding'] }));
  await page.reload();
  await settled(page);
  const wasm = seen.find((r) => r.url.endsWith('.wasm'));
  assert.equal(wasm?.encoding, 'br', 'the wasm arrives brotli-compressed');
  for (const r of seen.filter((x) => /\.(js|css)$/.test(x.url) || x.url === `${api.url}/`)) {
    assert.equal(r.encoding, 'br', r.url);
  }
  // index.html preloads config.json, and the app's own request takes that answer: one request
  // (a preload the app did not match would make it two).
  const html = await (await page.request.get(`${api.url}/`)).text();
  assert.match(html, /<link rel="preload" href="\/config.json" as="fetch" crossorigin="anonymous">/);
  const configs = seen.filter((r) => r.url.endsWith('/config.json'));
  assert.equal(configs.length, 1, 'config.json once: the app takes the preloaded answer');
  assertClean();
  await context.close();
});
