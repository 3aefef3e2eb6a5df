// Where a page change's main-thread time goes, by kind of work: a Chrome trace around one click on
// "Next page", summed per trace event (script, style, layout, pre-paint, paint), mean of N runs.
//   BENCH_DIST=/tmp/dist-x node bench/next-trace.mjs [limit] [runs]
// VANILLA=1 traces bench/vanilla.html instead (its script runs as "RunMicrotasks", not
// "FunctionCall"); CSS='…' adds a style sheet to ours first, to try a style change without a build.
import { readFileSync } from 'node:fs';
import { startDemoApi, launchBrowser } from '../e2e/lib/harness.mjs';

const limit = Number(process.argv[2] || 500);
const runs = Number(process.argv[3] || 5);
const vanilla = !!process.env.VANILLA;
const KINDS = ['RunTask', 'RunMicrotasks', 'FunctionCall', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'MinorGC', 'MajorGC'];
const api = await startDemoApi({ events: 100_000, args: ['--seed', '7'], ...(process.env.BENCH_DIST ? { dist: process.env.BENCH_DIST } : {}) });
const browser = await launchBrowser();
const session = JSON.stringify({ api_base_url: api.api, token: api.token });
const sums = new Map();
for (let run = 0; run < runs; run++) {
  // bypassCSP only so that CSS= can add its style sheet.
  const context = await browser.newContext({ bypassCSP: true });
  await context.addInitScript((s) => localStorage.setItem('audit-console.session', s), session);
  await context.route(`${api.url}/__vanilla.html*`, (r) => r.fulfill({ body: readFileSync(new URL('vanilla.html', import.meta.url), 'utf8'), contentType: 'text/html' }));
  const page = await context.newPage();
  await page.goto(vanilla ? `${api.url}/__vanilla.html?api=${encodeURIComponent(api.api)}&token=${api.token}&limit=${limit}` : `${api.url}/?limit=${limit}`);
  await page.waitForFunction((n) => document.querySelectorAll('table.events tbody:last-of-type tr').length >= n, limit);
  if (!vanilla) {
    await page.waitForFunction(() => /^Timeline from .* in \d+ buckets of .*: [\d,]+ events\./
      .test(document.querySelector('.histogram svg.chart')?.getAttribute('aria-label') ?? ''), null, { timeout: 60_000 });
    if (process.env.CSS) await page.addStyleTag({ content: process.env.CSS });
  }
  await page.waitForTimeout(300);
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'] });
  const before = await page.evaluate(() => document.querySelector('table.events tbody:last-of-type tr a')?.getAttribute('href'));
  await page.evaluate(() => [...document.querySelectorAll('a, button')].find((a) => a.textContent.trim() === 'Next page').click());
  await page.waitForFunction((b) => document.querySelector('table.events tbody:last-of-type tr a')?.getAttribute('href') !== b
    && document.querySelector('.results')?.getAttribute('aria-busy') !== 'true', before);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  await page.waitForTimeout(100);
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString());
  // The page's main thread: the renderer thread that ran the click.
  const click = traceEvents.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'click');
  for (const e of traceEvents) {
    if (e.pid !== click.pid || e.tid !== click.tid || e.ph !== 'X' || !KINDS.includes(e.name)) continue;
    sums.set(e.name, (sums.get(e.name) || 0) + (e.dur || 0) / 1000);
  }
  await context.close();
}
console.log(`${vanilla ? 'vanilla' : 'ours'}, ${limit} rows, mean of ${runs} page changes (ms):`);
for (const k of KINDS) console.log(`  ${k.padEnd(18)} ${((sums.get(k) || 0) / runs).toFixed(1).padStart(7)}`);
await browser.close();
await api.stop();
process.exit(0);
