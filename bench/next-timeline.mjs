// Where a page change's time goes: the app's performance marks (if the build has them), the
// request's Resource Timing and the long tasks, relative to the click on "Next page"
// (median of N runs). BENCH_DIST=/tmp/dist-x node bench/next-timeline.mjs [limit] [runs] [wait ms]
import { startTraceBench, median as med, firstMarks } from './trace-lib.mjs';

const limit = Number(process.argv[2] || 100);
const runs = Number(process.argv[3] || 9);
const wait = Number(process.argv[4] || 300);
const { api, signedInContext, stop } = await startTraceBench();
const all = [];
for (let run = 0; run < runs + 1; run++) {
  const context = await signedInContext();
  const page = await context.newPage();
  await page.goto(`${api.url}/?limit=${limit}`);
  await page.waitForFunction((n) => document.querySelectorAll('table.events tbody:last-of-type tr').length >= n, limit);
  await page.waitForFunction(() => /^Timeline from .* in \d+ buckets of .*: [\d,]+ events\./
    .test(document.querySelector('.histogram svg.chart')?.getAttribute('aria-label') ?? ''), null, { timeout: 60_000 });
  await page.waitForTimeout(wait);
  const r = await page.evaluate(async (limit) => {
    const before = document.querySelector('table.events tbody:last-of-type tr a')?.getAttribute('href');
    const t0 = performance.now();
    let inDom;
    const painted = new Promise((resolve) => {
      const check = () => {
        const rows = document.querySelectorAll('table.events tbody:last-of-type tr');
        if (rows.length < limit || rows[0].querySelector('a')?.getAttribute('href') === before
          || document.querySelector('.results')?.getAttribute('aria-busy') === 'true') return;
        obs.disconnect();
        inDom = performance.now();
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0));
      };
      const obs = new MutationObserver(check);
      obs.observe(document, { childList: true, subtree: true, attributes: true });
    });
    const next = document.getElementById('next') ?? [...document.querySelectorAll('a')].find((a) => a.textContent.trim() === 'Next page');
    next.click();
    const end = await painted;
    const rel = (t) => Math.round(t - t0);
    const marks = performance.getEntriesByType('mark').filter((m) => m.startTime >= t0).map((m) => [m.name, rel(m.startTime)]);
    const res = performance.getEntriesByType('resource').filter((e) => e.startTime >= t0).map((e) => [e.name.replace(location.origin, '').slice(0, 50), rel(e.startTime), rel(e.responseEnd)]);
    const tasks = window.__tasks.filter(([s]) => s >= t0 - 50).map(([s, d]) => [rel(s), d]);
    return { painted: rel(end), inDom: rel(inDom), marks, res, tasks };
  }, limit);
  await context.close();
  if (run > 0) all.push(r);
}
console.log(`limit ${limit}: painted ${med(all.map((r) => r.painted))} ms, rows in DOM ${med(all.map((r) => r.inDom))} ms after the click`);
console.log('first marks:', firstMarks(all));
const m = all.sort((a, b) => a.painted - b.painted)[Math.floor(all.length / 2)];
console.log('median run: requests', JSON.stringify(m.res), 'long tasks', JSON.stringify(m.tasks));
await stop();
process.exit(0);
