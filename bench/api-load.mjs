// API load (#16): how many requests — each a COUNT(*) on the real server — the app sends per view,
// and what they cost the server (the sum of demo-api's `Server-Timing: db;dur=`), at 1,000,000
// events with counts costing 2 µs per matching row (`--count-cost-us 2`). Also the time to the
// first rows with that cost, ours against bench/vanilla.html in the same run. Rewrites the "API
// load" section of BENCHMARKS.md (between the bench:api-load markers) and bench/api-load-results.json.
//
// Usage: scripts/bench (all benchmarks), or after a release build: node bench/api-load.mjs.
// Environment: BENCH_LOAD_EVENTS (1,000,000), BENCH_LOAD_RUNS (5).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDemoApi, launchBrowser, ROOT, openTimeRange } from '../e2e/lib/harness.mjs';

const EVENTS = Number(process.env.BENCH_LOAD_EVENTS || 1_000_000);
const RUNS = Number(process.env.BENCH_LOAD_RUNS || 5);
const COST_US = 2;
const VIEW = '/?user=5&tz=utc';

const api = await startDemoApi({ events: EVENTS, args: ['--seed', '7', '--count-cost-us', String(COST_US)] });
const browser = await launchBrowser();
const session = JSON.stringify({ api_base_url: api.api, token: api.token });
const vanillaHtml = readFileSync(join(ROOT, 'bench', 'vanilla.html'), 'utf8');

async function fresh({ timelineOff = false } = {}) {
  const context = await browser.newContext();
  await context.addInitScript((s) => localStorage.setItem('audit-console.session', s), session);
  await context.route(`${api.url}/__vanilla.html*`, (r) => r.fulfill({ body: vanillaHtml, contentType: 'text/html' }));
  if (timelineOff) {
    await context.route(`${api.url}/config.json`, async (route) => {
      const response = await route.fetch();
      const config = { ...(await response.json()), timeline: 'off' };
      await route.fulfill({ response, body: JSON.stringify(config) });
    });
  }
  const page = await context.newPage();
  const log = [];
  page.on('response', (r) => {
    if (!r.url().includes('/api/v1/audit-events')) return;
    const m = /db;dur=([\d.]+)/.exec(r.headers()['server-timing'] ?? '');
    log.push({ url: r.url(), db: m ? Number(m[1]) : 0 });
  });
  return { context, page, log };
}

const settled = (page) => page.waitForFunction(() => document.querySelector('.results')?.getAttribute('aria-busy') === 'false'
  && document.querySelector('.results table.events, .results .empty'), null, { timeout: 120_000 });
const timelineDone = (page) => page.waitForFunction(() => /^Timeline from .* in \d+ buckets of .*: [\d,]+ events\./
  .test(document.querySelector('.histogram svg.chart')?.getAttribute('aria-label') ?? ''), null, { timeout: 300_000 });
/** Requests (and server ms) sent by `action`, once the view and its timeline are done. */
async function measure(page, log, action, { timeline = true } = {}) {
  const from = log.length;
  await action();
  await settled(page);
  if (timeline) await timelineDone(page);
  await page.waitForTimeout(1000);
  const mine = log.slice(from);
  return { requests: mine.length, serverMs: Math.round(mine.reduce((s, e) => s + e.db, 0)) };
}

const rows = {};
{
  const { context, page, log } = await fresh();
  rows.fresh = await measure(page, log, () => page.goto(api.url + VIEW));
  rows.reload = await measure(page, log, () => page.reload());
  rows.next = await measure(page, log, () => page.getByRole('link', { name: 'Next page' }).first().click());
  rows.sort = await measure(page, log, () => page.getByRole('columnheader', { name: /^Time/ }).getByRole('link').click());
  rows.zone = await measure(page, log, async () => {
    await openTimeRange(page);
    await page.getByRole('button', { name: /^Show (local time|UTC)/ }).click();
  });
  await context.close();
}
{
  const { context, page, log } = await fresh({ timelineOff: true });
  rows.off = await measure(page, log, () => page.goto(api.url + VIEW), { timeline: false });
  rows.offAsked = await measure(page, log, () => page.getByRole('button', { name: 'Show timeline' }).click());
  await context.close();
}

// Time to the first rows with the count cost, ours and vanilla alternating, fresh contexts.
const firstRows = { ours: [], vanilla: [] };
const rowsPainted = (page) => page.waitForFunction(() => document.querySelectorAll('table tbody tr').length > 0
  && performance.now(), null, { timeout: 120_000, polling: 'raf' });
for (let i = 0; i < RUNS + 1; i++) {
  for (const who of ['ours', 'vanilla']) {
    const { context, page } = await fresh();
    const url = who === 'ours' ? api.url + VIEW
      : `${api.url}/__vanilla.html?api=${encodeURIComponent(api.api)}&token=${api.token}&q=${encodeURIComponent('user=5')}`;
    await page.goto(url);
    const ms = await (await rowsPainted(page)).jsonValue();
    if (i > 0) firstRows[who].push(ms); // the first pair warms up
    await context.close();
  }
}
await browser.close();
await api.stop();

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const span = (xs) => `${Math.round(median(xs))} (${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))})`;
const line = (label, before, goal, r) => `| ${label} | ${before} | ${goal} | ${r.requests} | ${r.requests <= Number(goal.match(/\d+/)[0]) ? 'yes' : '**no**'} | ${r.serverMs} |`;
const section = `<!-- bench:api-load:start (written by bench/api-load.mjs; edits here are overwritten) -->
## API load (\`bench/api-load.mjs\`)

${new Date().toISOString().slice(0, 10)}; demo-api with ${EVENTS.toLocaleString('en-US')} events (seed 7) and \`--count-cost-us ${COST_US}\` (every count sleeps
${COST_US} µs per matching row, as a big table's \`COUNT(*)\` would take), loopback. The view \`${VIEW}\` (all time for one
user: the oldest-event probe, then the buckets). Requests counted until the rows and the timeline are complete; server
time is the sum of the answers' \`Server-Timing: db;dur\`.

| view | API requests before | goal | API requests now | met | server time, ms |
|---|---:|---:|---:|---|---:|
${line('fresh list view, new filters', '48', '≤ 48', rows.fresh)}
${line('the same view reloaded within the cache\'s life', '48', '≤ 3', rows.reload)}
${line('next page', '1 (cached in memory)', '≤ 2', rows.next)}
${line('sort by time', '1 (cached in memory)', '≤ 2', rows.sort)}
${line('zone switch', '1 (cached in memory)', '≤ 2', rows.zone)}
${line('`timeline: "off"`', '—', '1', rows.off)}
${line('`timeline: "off"`, then "Show timeline"', '—', '≤ 48', rows.offAsked)}

Time to the first rows with the count cost on (ms from navigation, median (min–max) of ${RUNS}; the same filter
\`user=5\`): ours ${span(firstRows.ours)}, vanilla page ${span(firstRows.vanilla)}, ratio ${(median(firstRows.ours) / median(firstRows.vanilla)).toFixed(2)}×.
The timeline's probes start only after the rows are drawn, so they do not delay them.
<!-- bench:api-load:end -->`;
const file = join(ROOT, 'BENCHMARKS.md');
const text = readFileSync(file, 'utf8');
const start = text.indexOf('<!-- bench:api-load:start');
const end = text.indexOf('<!-- bench:api-load:end -->');
writeFileSync(file, start >= 0 && end > start
  ? text.slice(0, start) + section + text.slice(end + '<!-- bench:api-load:end -->'.length)
  : text.replace('<!-- bench:ui:end -->', `<!-- bench:ui:end -->\n\n${section}`));
writeFileSync(join(ROOT, 'bench', 'api-load-results.json'), JSON.stringify({ rows, firstRows }, null, 1) + '\n');
console.log(section);
