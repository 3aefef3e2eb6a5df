// Takes docs/screenshot.png for the README: the event list after signing in, with its timeline.
// Usage: node e2e/screenshot.mjs   (after scripts/test or scripts/run have built dist/ and demo-api)
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { startDemoApi, launchBrowser, openPage, signIn, ROOT } from './lib/harness.mjs';

const api = await startDemoApi({ events: 5000 });
const browser = await launchBrowser();
try {
  const { page } = await openPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(api.url + '/');
  await signIn(page, api);
  await page.getByRole('table').waitFor();
  await page.getByRole('img', { name: /^Timeline from .* in \d+ buckets/ }).waitFor();
  mkdirSync(join(ROOT, 'docs'), { recursive: true });
  await page.screenshot({ path: join(ROOT, 'docs', 'screenshot.png') });
} finally {
  await browser.close();
  await api.stop();
}
