// The list shows events first (#15): how many rows a person sees without scrolling on common
// screens, in both themes, with the default config (comfortable rows, timeline shown); the
// one-line query bar and toolbar; menus over the table; the short, collapsible timeline; the
// sticky header; finding a user by name; the detail page's compact summary. Layout is
// deterministic, so these counts are tests, not benchmarks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoApi, launchBrowser, openSignedIn, settled, openMenu, openTimeRange, atList } from './lib/harness.mjs';
import { assertAccessible } from './lib/a11y.mjs';
import { apiGet } from './lib/api.mjs';

let api, browser;
before(async () => {
  api = await startDemoApi({ events: 3000 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await api?.stop();
});

/** Event rows whose whole box is inside the viewport. */
const fullyVisibleRows = (page) => page.evaluate(() => [...document.querySelectorAll('table.events tbody tr')]
  .filter((r) => { const b = r.getBoundingClientRect(); return b.height > 0 && b.top >= 0 && b.bottom <= innerHeight; })
  .length);

/** Waits until the timeline has drawn its bars (its final geometry). */
const chartDrawn = (page) => page.getByRole('img', { name: /^Timeline from .* in \d+ buckets/ }).waitFor();

const top = (page, selector) => page.locator(selector).first().evaluate((e) => Math.round(e.getBoundingClientRect().top));

for (const colorScheme of ['light', 'dark']) {
  test(`rows visible without scrolling (${colorScheme})`, async () => {
    for (const [width, height, atLeast] of [[1366, 768, 15], [1920, 1080, 25]]) {
      const { page, context, assertClean } = await openSignedIn(browser, api, '/', { viewport: { width, height }, colorScheme });
      await settled(page);
      await chartDrawn(page);
      const rows = await fullyVisibleRows(page);
      assert.ok(rows >= atLeast, `${width}×${height}: ${rows} rows fully visible, want ≥ ${atLeast}`);
      // The timeline is short; the query bar and the toolbar are one line each.
      const chart = await page.locator('section.histogram').boundingBox();
      assert.ok(chart.height <= 64, `timeline ${chart.height}px tall`);
      const lineTops = await page.evaluate(() => ['.count-line .count', '.tools .menu-button', '.pager.compact']
        .map((s) => document.querySelector(s)?.getBoundingClientRect()))
        .then((boxes) => boxes.map((b) => Math.round(b.top + b.height / 2)));
      assert.ok(Math.max(...lineTops) - Math.min(...lineTops) <= 4, `toolbar on one line: ${lineTops}`);
      const fieldTops = await page.locator('form.filters').evaluate((f) => [...f.querySelectorAll(':scope > .field, :scope > .actions')]
        .map((e) => Math.round(e.getBoundingClientRect().bottom)));
      assert.ok(Math.max(...fieldTops) - Math.min(...fieldTops) <= 4, `query bar on one line: ${fieldTops}`);
      assertClean();
      await context.close();
    }
    // A phone: the first event is fully visible.
    const { page, context, assertClean } = await openSignedIn(browser, api, '/', { viewport: { width: 360, height: 740 }, colorScheme });
    await settled(page);
    await chartDrawn(page);
    assert.ok(await fullyVisibleRows(page) >= 1, 'the first event is fully visible at 360×740');
    await assertAccessible(page, `list at 360 px (${colorScheme})`);
    await page.getByRole('button', { name: 'Filters' }).click();
    await openTimeRange(page);
    await assertAccessible(page, `time range at 360 px (${colorScheme})`);
    assertClean();
    await context.close();
  });
}

test('menus open over the table; Escape closes them and returns focus', async () => {
  const { page, context, assertClean } = await openSignedIn(browser, api, '/?tz=utc', { viewport: { width: 1366, height: 768 } });
  await settled(page);
  await chartDrawn(page);
  const tableTop = await top(page, 'table.events');
  for (const name of ['Columns', /^Saved views/, 'Export…']) {
    await openMenu(page, name);
    const button = page.getByRole('button', { name, exact: typeof name === 'string' });
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    assert.equal(await top(page, 'table.events'), tableTop, `${name} pushed the table down`);
    await page.keyboard.press('Escape');
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-controls')), await button.getAttribute('aria-controls'));
  }
  // A press outside closes the open one.
  await openTimeRange(page);
  assert.equal(await top(page, 'table.events'), tableTop);
  await page.getByRole('button', { name: 'Last hour', exact: true }).waitFor();
  await page.locator('.count-line .count').click();
  assert.equal(await page.getByRole('button', { name: /^Time range/ }).getAttribute('aria-expanded'), 'false');
  assertClean();
  await context.close();
});

test('the header row stays in view while scrolling; the timeline hides and stays hidden', async () => {
  const { page, context, assertClean } = await openSignedIn(browser, api, '/?tz=utc', { viewport: { width: 1366, height: 768 } });
  await settled(page);
  await chartDrawn(page);
  await page.mouse.wheel(0, 900);
  await page.waitForFunction(() => scrollY > 500);
  const header = await page.getByRole('columnheader', { name: /^Time/ }).boundingBox();
  assert.ok(header.y >= -1 && header.y < 5, `header row at ${header.y}`);
  await page.evaluate(() => scrollTo(0, 0));

  const rowsBefore = await fullyVisibleRows(page);
  await page.getByRole('button', { name: 'Hide timeline' }).click();
  assert.equal(await page.getByRole('region', { name: 'Events over time' }).count(), 0);
  assert.ok(await fullyVisibleRows(page) > rowsBefore, 'hiding the timeline shows more rows');
  await page.reload();
  await settled(page);
  await page.getByRole('button', { name: 'Show timeline' }).waitFor();
  assert.equal(await page.getByRole('region', { name: 'Events over time' }).count(), 0, 'remembered');
  await page.getByRole('button', { name: 'Show timeline' }).click();
  await chartDrawn(page);
  assertClean();
  await context.close();
});

test('the User field finds a user seen in events by name or email; the URL keeps the id', async () => {
  const { page, context, assertClean } = await openSignedIn(browser, api, '/?tz=utc');
  await settled(page);
  const first = (await apiGet(api, '/audit-events/?limit=50')).results.find((e) => e.user && e.user.email);
  const field = page.getByRole('combobox', { name: 'User', exact: true });
  // The suggestions (drawn once the field has focus) name the users of the rows on screen, each
  // standing for its id.
  await field.focus();
  const option = page.locator(`#known-users option[value="${first.user.pk}"]`);
  await option.waitFor({ state: 'attached' });
  assert.ok((await option.textContent()).includes(first.user.email));
  await field.fill(first.user.email.toUpperCase());
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(atList(new RegExp(`\\?user=${first.user.pk}&tz=utc$`)));
  await settled(page);
  // The chip names the user too.
  await page.getByRole('link', { name: new RegExp(`^Remove filter User #${first.user.pk} · .*${first.user.email}`) }).waitFor();
  // A name nobody has: the field says what to do, nothing is applied.
  await field.fill('nobody-like-this');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.locator('#user-error').getByText('No user seen in these events matches').waitFor();
  assert.match(page.url(), new RegExp(`user=${first.user.pk}`));
  // Signing out forgets them.
  await page.getByRole('button', { name: 'Sign out' }).first().click();
  await page.waitForURL(/\/sign-in/);
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('users')));
  assert.deepEqual(kept, []);
  assertClean();
  await context.close();
});

test('the detail page leads with a compact summary; a UTC browser sees the time once', async () => {
  const { page, context, assertClean } = await openSignedIn(browser, api, '/?tz=utc', { timezoneId: 'UTC', viewport: { width: 1366, height: 768 } });
  await settled(page);
  await page.locator('table.events tbody td.time a').first().click();
  const time = page.locator('.summary time');
  await time.waitFor();
  const text = await time.textContent();
  assert.equal(text.match(/UTC/g).length, 1, text);
  // The summary comes before the actions, and fits in a few lines.
  const summary = await page.locator('dl.summary').boundingBox();
  const actions = await page.getByRole('toolbar', { name: 'Event actions' }).boundingBox();
  assert.ok(summary.y < actions.y);
  assert.ok(summary.y + summary.height < 200, `summary ends at ${summary.y + summary.height}px`);
  assertClean();
  await context.close();
});

// #14: on wide screens the filter form and the timeline are built just after the first rows
// paint (their space kept meanwhile); on narrower ones with the page. Either way the rows must
// not move when the rest arrives, and the filters keep what the URL says.
test('the first rows never move as the rest of the page arrives', async () => {
  // The longest time-range label: times, and a long zone name.
  const timezoneId = 'America/Argentina/Buenos_Aires';
  for (const [width, height] of [[1280, 720], [1920, 1080], [1024, 700], [800, 700], [360, 740]]) {
    const { page, context, assertClean } = await openSignedIn(browser, api, '/?tz=local', { viewport: { width, height }, timezoneId });
    await settled(page);
    // A fresh load of the list with the session kept: every position of the first row, from
    // the moment it is drawn.
    // The header's theme select comes a frame after that first paint (browser::first_paint): its
    // place is kept, so its box never changes either.
    await context.addInitScript(() => {
      window.__tops = [];
      window.__boxes = { '.theme-choice': [] };
      new MutationObserver(() => {
        const row = document.querySelector('table.events tbody tr');
        const top = row && Math.round(row.getBoundingClientRect().top);
        if (row && window.__tops.at(-1) !== top) window.__tops.push(top);
        for (const [selector, seen] of Object.entries(window.__boxes)) {
          const b = row && document.querySelector(selector)?.getBoundingClientRect();
          const box = b && `${Math.round(b.left)},${Math.round(b.width)}x${Math.round(b.height)}`;
          if (box && seen.at(-1) !== box) seen.push(box);
        }
      }).observe(document, { childList: true, subtree: true, attributes: true });
    });
    const fresh = await context.newPage();
    await fresh.goto(`${api.url}/?user=5&timestamp__gte=2020-01-01T10%3A30%3A00Z&tz=local`);
    await settled(fresh);
    await chartDrawn(fresh);
    const tops = await fresh.evaluate(() => window.__tops);
    assert.equal(tops.length, 1, `${width}×${height}: the first row moved: ${tops}`);
    await fresh.getByLabel('Theme').waitFor();
    for (const [selector, boxes] of Object.entries(await fresh.evaluate(() => window.__boxes))) {
      assert.equal(boxes.length, 1, `${width}×${height}: ${selector} changed as its select came: ${boxes}`);
    }
    // The time range applies as the URL has it without its popover ever opened.
    if (width <= 640) await fresh.getByRole('button', { name: 'Filters' }).click();
    await fresh.getByRole('button', { name: /^Time range/ }).waitFor();
    await fresh.getByLabel('Object ID', { exact: true }).fill('77');
    await fresh.getByRole('button', { name: 'Apply' }).click();
    await fresh.waitForURL((u) => u.search.includes('object_id=77'));
    assert.match(fresh.url(), /user=5&object_id=77&timestamp__gte=2020-01-01T10%3A30%3A00Z&timestamp__lte=/);
    await fresh.close();
    assertClean();
    await context.close();
  }
});
