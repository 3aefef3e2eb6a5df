// Core suite (every engine: ENGINE=chromium|firefox|webkit): the timeline drawn, a CSV export
// downloaded, and live tail seeing a new event.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { coreTest, skipStep, launch, ENGINE } from './lib/driver.mjs';
import { startDemoApi, apiCount, thousands, demoPost, settled, withSignedIn } from './lib/app.mjs';

let api, browser;
before(async () => {
  api = await startDemoApi({ events: 3000, appConfig: { live_tail_seconds: 1 } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await api?.stop();
});

/** `fn` in a fresh session signed in at `path` (lib/app.mjs). */
const withSession = (path, fn) => withSignedIn(browser, api, path, fn);

const pinOf = async (page) => new URL(await page.url()).searchParams.get('timestamp__lte');

coreTest('the timeline is drawn: bars with height, counts adding up to the list’s', async () => {
  const weekAgo = new Date(Date.now() - 7 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
  await withSession(`/?timestamp__gte=${encodeURIComponent(weekAgo)}&tz=utc`, async (page) => {
    const chart = page.role('img', { name: /^Timeline from .* in \d+ buckets/ });
    await chart.waitFor({ timeout: 30_000 });
    const bars = await page.css('.histogram .bucket .hit').evaluateAll((els) => els.map((el) => {
      const r = el.getBoundingClientRect();
      return { w: r.width, h: r.height };
    }));
    assert.ok(bars.length >= 24, `${bars.length} bars`);
    assert.ok(bars.every((b) => b.w > 0 && b.h > 0), 'every bar is laid out');
    // Some drawn bar has a visible height (an SVG rect or a box with a height of its own).
    const drawn = await page.css('.histogram').evaluate((el) => [...el.querySelectorAll('rect, .bar, [class*="bar"]')]
      .map((b) => b.getBoundingClientRect().height).filter((h) => h > 0.5).length);
    assert.ok(drawn > 0, 'bars have heights');
    await page.text('Timeline as a table', { exact: true }).click();
    const table = page.role('table', { name: 'Events per time bucket' });
    await table.waitFor();
    const counts = await table.css('tbody td.count').textContents();
    const total = counts.reduce((s, c) => s + Number(c.replace(/[^0-9]/g, '')), 0);
    const pin = await pinOf(page);
    assert.equal(total, await apiCount(api, `timestamp__gte=${encodeURIComponent(weekAgo)}&timestamp__lte=${encodeURIComponent(pin)}`));
    await page.text(`of ${thousands(total)}`).first().waitFor();
  });
});

coreTest('a CSV export is downloaded with every matching event', async (t) => withSession('/?user=5', async (page, session) => {
  const pin = await pinOf(page);
  const count = await apiCount(api, `user=5&timestamp__lte=${encodeURIComponent(pin)}`);
  assert.ok(count > 0);
  // Keep the Blobs the page makes object URLs of, to read what it hands to the download (the
  // page's CSP forbids fetching blob: URLs, rightly).
  await page.evaluate(() => {
    const original = URL.createObjectURL;
    window.__coreBlobs = new Map();
    URL.createObjectURL = (blob) => { const url = original.call(URL, blob); window.__coreBlobs.set(url, blob); return url; };
  });
  await page.role('button', { name: 'Export…', exact: true }).click();
  await page.label('CSV').check();
  await page.role('button', { name: 'Start export', exact: true }).click();
  const saved = page.text(`Saved ${thousands(count)} events as`);
  await saved.waitFor({ timeout: 60_000 });
  const link = saved.role('link');
  const name = await link.textContent();
  assert.equal(name, `audit-events_user-5_..${pin.slice(0, 10)}.csv`);
  const lines = (text) => text.split('\r\n').filter((l) => l !== '').length;
  // What the page handed to the download (its Blob), in every engine.
  const blobText = await link.evaluate((a) => window.__coreBlobs.get(a.href).text());
  assert.equal(lines(blobText), count + 1, 'one line per event and the header');
  if (session.downloads) {
    const text = await session.download(name);
    assert.equal(lines(text), count + 1, 'the downloaded file: one line per event and the header');
    assert.equal(text, blobText);
  } else {
    await skipStep(t, 'the downloaded file on disk', 'no download folder to read for this engine; the CSV checked is '
      + 'the Blob the page hands to <a download>');
  }
}));

coreTest('live tail shows a new event as it arrives', async () => withSession('/', async (page) => {
  await page.label('Live tail').check();
  await page.text('Live: checking every 1 s').waitFor();
  const inserted = await demoPost(api, 'events/', { url: `https://live.example/${ENGINE}` });
  const row = page.css('table.events tbody.new-events tr.new');
  await row.first().waitFor({ timeout: 15_000 });
  assert.equal(await row.count(), 1);
  assert.equal(await row.first().css('td.url').textContent(), `https://live.example/${ENGINE}`);
  assert.equal(await row.first().css('td.time a').attr('href'), `/events/${inserted.uuid}`);
  await page.text('1 new event above').waitFor();
  await page.label('Live tail').uncheck();
  await settled(page);
}));
