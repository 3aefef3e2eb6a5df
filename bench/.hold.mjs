// Where a cold load's time goes: Resource Timing of every file and API request, the main thread's
// long tasks, and when the first 50 rows paint (ms from navigation, median of N cold loads).
//   BENCH_DIST=/tmp/dist-x node bench/cold-timeline.mjs [runs]
import { startTraceBench, median as med, firstMarks } from './trace-lib.mjs';

const runs = Number(process.argv[2] || 9);
const { api, signedInContext, stop } = await startTraceBench();
const all = [];
for (let run = 0; run < runs + 1; run++) {
  const context = await signedInContext();
  if (process.env.HOLD) {
    await context.route('**/main-*.css', async (route) => {
      const r = await route.fetch({ headers: { ...route.request().headers(), 'accept-encoding': 'identity' } });
      route.fulfill({ response: r, body: (await r.text()) + '\nhtml.hold body { content-visibility: hidden; }\n', headers: { ...r.headers(), 'content-encoding': '' } });
    });
    await context.addInitScript(() => {
      document.documentElement.classList.add('hold');
      setTimeout(() => document.documentElement.classList.remove('hold'), 250);
    });
  }
  await context.addInitScript(() => {
    window.__painted = new Promise((resolve) => {
      const check = () => {
        const rows = document.querySelectorAll('table.events tbody:last-of-type tr');
        if (rows.length < 50) return false;
        obs.disconnect();
        document.documentElement.classList.remove('hold');
        window.__rowsInDom = performance.now();
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0));
        return true;
      };
      const obs = new MutationObserver(check);
      obs.observe(document, { childList: true, subtree: true });
    });
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`${api.url}/?limit=50`);
  await page.evaluate(() => window.__painted);
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  const r = await page.evaluate(async () => {
    const painted = await window.__painted;
    const res = performance.getEntriesByType('resource').map((e) => [e.name.replace(location.origin, '').slice(0, 60), Math.round(e.startTime), Math.round(e.responseEnd)]);
    const nav = performance.getEntriesByType('navigation')[0];
    const marks = performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]);
    return { marks, painted: Math.round(painted), inDom: Math.round(window.__rowsInDom), html: Math.round(nav.responseEnd), dcl: Math.round(nav.domContentLoadedEventEnd), res, tasks: window.__tasks };
  });
  r.metrics = { script: m.ScriptDuration * 1000, layout: m.LayoutDuration * 1000, style: m.RecalcStyleDuration * 1000, task: m.TaskDuration * 1000 };
  await context.close();
  if (run > 0) all.push(r);
}
console.log('painted', med(all.map((r) => r.painted)), 'rows in DOM', med(all.map((r) => r.inDom)), 'html', med(all.map((r) => r.html)), 'DCL', med(all.map((r) => r.dcl)));
for (const k of ['script', 'layout', 'style', 'task']) console.log(`${k}: ${med(all.map((r) => r.metrics[k])).toFixed(0)} ms`);
const keyed = new Map();
for (const r of all) for (const [n, s, e] of r.res) { const k = n.replace(/[0-9a-f]{16}/, '*').replace(/timestamp__gte=[^&]*/, 'gte=…').slice(0, 50); if (!keyed.has(k)) keyed.set(k, { s: [], e: [] }); keyed.get(k).s.push(s); keyed.get(k).e.push(e); }
for (const [k, v] of keyed) if (v.s.length >= all.length) console.log(`${String(med(v.s)).padStart(5)} → ${String(med(v.e)).padStart(5)}  ${k}`);
console.log('first marks:', firstMarks(all));
console.log('long tasks of a median run:', JSON.stringify(all.sort((a, b) => a.painted - b.painted)[Math.floor(all.length / 2)].tasks));
await stop();
process.exit(0);
