// A 1 MB event (10,000 keys, nesting depth 50, a 200 KB string) on the detail page, against a
// plain page that fetches the same event and writes JSON.stringify(v, null, 2) into a <pre>.
// Same browser, same run, alternating; 15 runs each. Prints a Markdown table and writes
// bench/detail-1mb-results.json.   Usage: node bench/detail-1mb.mjs (after a release build)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDemoApi, launchBrowser, ROOT } from '../e2e/lib/harness.mjs';

const RUNS = 15;
const api = await startDemoApi({ events: 200 });
const browser = await launchBrowser();

// The document: 10,000 keys, a chain 50 deep, a 200 KB string.
const post = {};
for (let i = 0; i < 10_000; i++) post[`key_${i}`] = { n: i, label: `value number ${i}`, note: 'x'.repeat(40) };
let deep = { end: true };
for (let i = 0; i < 50; i++) deep = { level: i, child: deep };
post.deep = deep;
post.essay = 'lorem ipsum '.repeat(17_000).slice(0, 200_000);
const created = await (await fetch(`${api.api}/_demo/events/`, {
  method: 'POST', headers: { Authorization: `Token ${api.token}` }, body: JSON.stringify({ post_data: post }),
})).json();
const size = JSON.stringify(created).length;

// Records, in the page: when a selector first appears (then a frame later, i.e. painted), and the
// longest main-thread task.
const probe = (selector) => `
  window.__bench = { longest: 0 };
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__bench.longest = Math.max(window.__bench.longest, e.duration); })
    .observe({ type: 'longtask', buffered: true });
  new MutationObserver((_, obs) => {
    if (document.querySelector(${JSON.stringify(selector)})) {
      obs.disconnect();
      requestAnimationFrame(() => setTimeout(() => { window.__bench.painted = performance.now(); }, 0));
    }
  }).observe(document, { childList: true, subtree: true });`;

const refHtml = `<!doctype html><meta charset="utf-8"><title>ref</title><body><script>
  fetch(${JSON.stringify(`${api.api}/audit-events/${created.uuid}/`)}, { headers: { Authorization: 'Token ${api.token}' } })
    .then((r) => r.json()).then((e) => { const pre = document.createElement('pre'); pre.id = 'out';
      pre.textContent = JSON.stringify(e.post_data, null, 2); document.body.append(pre); });
</script>`;

async function measure(kind) {
  const context = await browser.newContext();
  await context.addInitScript(({ key, value }) => localStorage.setItem(key, value), {
    key: 'audit-console.session', value: JSON.stringify({ api_base_url: api.api, token: api.token }),
  });
  const page = await context.newPage();
  if (kind === 'ours') {
    await page.addInitScript(probe('[aria-labelledby="post-data-title"] [role=tree]'));
    await page.goto(`${api.url}/events/${created.uuid}`);
  } else {
    await page.route(`${api.url}/__ref.html`, (r) => r.fulfill({ body: refHtml, contentType: 'text/html' }));
    await page.addInitScript(probe('#out'));
    await page.goto(`${api.url}/__ref.html`);
  }
  await page.waitForFunction(() => window.__bench?.painted, null, { timeout: 60_000 });
  await page.waitForTimeout(200);
  const r = await page.evaluate(() => window.__bench);
  await context.close();
  return r;
}

const results = { ours: [], pre: [] };
for (let i = 0; i < RUNS + 1; i++) {
  for (const kind of ['ours', 'pre']) {
    const r = await measure(kind);
    if (i > 0) results[kind].push(r); // the first pair warms caches
  }
}
await browser.close();
await api.stop();

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const row = (name, rs) => {
  const p = rs.map((r) => r.painted), l = rs.map((r) => r.longest);
  return { name, painted_median_ms: median(p), painted_min_ms: Math.min(...p), painted_max_ms: Math.max(...p),
    longest_task_median_ms: median(l), longest_task_max_ms: Math.max(...l) };
};
const rows = [row('Audit Console detail page (lazy tree)', results.ours), row('plain page: JSON.stringify into <pre>', results.pre)];
const f = (n) => n.toFixed(0);
console.log(`event: ${(size / 1e6).toFixed(2)} MB JSON; ${RUNS} runs each, alternating, one browser`);
console.log('| page | first paint, median ms | min–max ms | longest task, median ms | longest task, max ms |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.name} | ${f(r.painted_median_ms)} | ${f(r.painted_min_ms)}–${f(r.painted_max_ms)} | ${f(r.longest_task_median_ms)} | ${f(r.longest_task_max_ms)} |`);
console.log(`ratio (ours / pre): ${(rows[0].painted_median_ms / rows[1].painted_median_ms).toFixed(2)}`);
writeFileSync(join(ROOT, 'bench', 'detail-1mb-results.json'), JSON.stringify({ date: new Date().toISOString(), size, runs: RUNS, results, rows }, null, 2));
