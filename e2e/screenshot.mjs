// Takes the README's screenshots at 1366×768, the most common admin laptop screen: the event
// list after signing in (light), an event's detail page, and the list in the dark theme.
// Usage: node e2e/screenshot.mjs   (after scripts/test or scripts/run have built dist/ and demo-api)
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { startDemoApi, launchBrowser, openPage, signIn, settled, ROOT } from './lib/harness.mjs';

const api = await startDemoApi({ events: 5000 });
const browser = await launchBrowser();
const shot = (name) => join(ROOT, 'docs', `screenshot-${name}.png`);
try {
  mkdirSync(join(ROOT, 'docs'), { recursive: true });
  for (const colorScheme of ['light', 'dark']) {
    const { page, context } = await openPage(browser, { viewport: { width: 1366, height: 768 }, colorScheme, timezoneId: 'UTC' });
    await page.goto(api.url + '/');
    await signIn(page, api);
    await settled(page);
    await page.getByRole('img', { name: /^Timeline from .* in \d+ buckets/ }).waitFor();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: shot(colorScheme === 'light' ? 'list' : 'dark') });
    if (colorScheme === 'light') {
      await page.locator('table.events tbody td.time a').first().click();
      await page.locator('dl.summary').waitFor();
      await page.screenshot({ path: shot('detail') });
    }
    await context.close();
  }
} finally {
  await browser.close();
  await api.stop();
}
