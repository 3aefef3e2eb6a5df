// Summaries (#27): the time to summarise 20,000 and 100,000 events on demo-api (loopback), the
// share of it the app's main thread is busy (decoding, folding, drawing) rather than waiting for
// the API, the fold time per 500-event page, memory growth over the open list, and the list
// requests sent (goal: exactly ⌈N / 500⌉, none repeated); then the same 100,000 counted by the
// API (#33: demo-api --api-features on, one facets/ request per table). Rewrites the "Summaries" section of
// BENCHMARKS.md (between the bench:summary markers) and bench/summary-results.json.
//
// Usage: scripts/bench (all benchmarks), or after a release build (build_app, build_demo_api):
// node bench/summary.mjs. Environment: BENCH_SUMMARY_RUNS (5 by default), BENCH_DIST (a build
// other than dist/).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { startDemoApi, launchBrowser, ROOT } from '../e2e/lib/harness.mjs';

const RUNS = Number(process.env.BENCH_SUMMARY_RUNS || 5);
const EVENTS = 100_000;
const SIZES = [20_000, 100_000];
// The variants: the newest N read from pages, and every event counted by the API.
const VARIANTS = [...SIZES.map((size) => ({ key: String(size), size, args: [], label: '' })),
  { key: 'api', size: EVENTS, args: ['--api-features', 'on'], label: ' counted by the API (8 facets/ requests)' }];

const browser = await launchBrowser();
const log = (...a) => console.error('bench summary:', ...a);

/** A fresh context (cold cache) signed in, its wasm memory captured for the memory figures. */
async function freshPage(api) {
  const context = await browser.newContext();
  const session = JSON.stringify({ api_base_url: api.api, token: api.token });
  await context.addInitScript((s) => localStorage.setItem('audit-console.session', s), session);
  await context.addInitScript(() => {
    const keep = (result) => {
      const memory = (result.instance ?? result)?.exports?.memory;
      if (memory instanceof WebAssembly.Memory) window.__wasmMemory = memory;
      return result;
    };
    for (const name of ['instantiate', 'instantiateStreaming']) {
      const original = WebAssembly[name];
      WebAssembly[name] = (...args) => original.apply(WebAssembly, args).then(keep);
    }
  });
  return { context, page: await context.newPage() };
}

async function metrics(cdp) {
  const { metrics: m } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(m.map((x) => [x.name, x.value]));
}
async function memory(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await metrics(cdp)).JSHeapUsedSize ?? 0;
  const wasm = await page.evaluate(() => window.__wasmMemory?.buffer.byteLength ?? 0);
  return { heap, wasm, total: heap + wasm };
}

/** One summary of `size` events: opened from the list, timed until its heading says so. */
async function summarise(api, size) {
  const { context, page } = await freshPage(api);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`${api.url}/?limit=50&tz=utc`);
  await page.waitForFunction(() => document.querySelectorAll('table.events tbody tr').length >= 50, null, { timeout: 60_000 });
  await page.waitForTimeout(500);
  const base = await memory(page, cdp);
  const pages = [];
  page.on('request', (r) => { if (r.url().includes('limit=500')) pages.push(new URL(r.url()).searchParams.get('page') ?? '1'); });
  let peak = base.total, sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const heap = (await metrics(cdp)).JSHeapUsedSize ?? 0;
      const wasm = await page.evaluate(() => window.__wasmMemory?.buffer.byteLength ?? 0).catch(() => 0);
      peak = Math.max(peak, heap + wasm);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const before = await metrics(cdp);
  const start = Date.now();
  await page.getByRole('button', { name: 'Summarize' }).click();
  await page.getByRole('heading', { level: 2, name: /^Summary of/ }).waitFor({ timeout: 600_000 });
  const wall = Date.now() - start;
  const after = await metrics(cdp);
  sampling = false;
  await sampler;
  const note = page.locator('[data-fold-ms]');
  const attr = async (n) => Number(await note.getAttribute(n));
  const read = await attr('data-read');
  const requests = await attr('data-requests');
  const foldMs = await attr('data-fold-ms');
  const foldMax = await attr('data-fold-max-ms');
  const elapsed = await attr('data-elapsed-ms');
  const heading = await page.getByRole('heading', { level: 2, name: /^Summary of/ }).textContent();
  const end = await memory(page, cdp);
  const facetRequests = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/facets/')).length).catch(() => 0);
  await context.close();
  if (read !== size) throw new Error(`read ${read}, expected ${size} (${heading})`);
  return {
    size, heading, wall_ms: wall, app_elapsed_ms: elapsed,
    busy_ms: (after.TaskDuration - before.TaskDuration) * 1000,
    script_ms: (after.ScriptDuration - before.ScriptDuration) * 1000,
    fold_ms_per_page: foldMs / requests, fold_max_ms: foldMax,
    requests, facet_requests: facetRequests, list_requests_seen: pages.length, distinct_pages: new Set(pages).size,
    peak_mb: (peak - base.total) / 2 ** 20, end_mb: (end.total - base.total) / 2 ** 20,
    wasm_end_mb: (end.wasm - base.wasm) / 2 ** 20,
  };
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1], runs: s.length };
};

const raw = {};
for (const { key, size, args } of VARIANTS) {
  // The cap at the size: the newest `size` of the 100,000 events (no cap when the API counts).
  // The timeline off, so only the summary's requests run.
  const api = await startDemoApi({ events: EVENTS, args: ['--seed', '7', ...args], appConfig: { summary_max_events: size, timeline: 'off' }, ...(process.env.BENCH_DIST ? { dist: process.env.BENCH_DIST } : {}) });
  try {
    log(`${size} events: warm-up`);
    await summarise(api, size);
    raw[key] = [];
    for (let i = 0; i < RUNS; i++) {
      log(`${key}: run ${i + 1} of ${RUNS}`);
      raw[key].push(await summarise(api, size));
    }
  } finally {
    await api.stop();
  }
}
await browser.close();

const chromium = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim();
const cpu = `${os.cpus().length} cores (${os.cpus()[0]?.model.trim()})`;
const date = new Date().toISOString().slice(0, 10);
writeFileSync(join(ROOT, 'bench', 'summary-results.json'), `${JSON.stringify({ date, cpu, chromium, raw }, null, 2)}\n`);

const f = (x, d = 0) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const fig = (xs, d = 0) => { const s = stats(xs); return `${f(s.median, d)} (${f(s.min, d)}–${f(s.max, d)})`; };
const rows = VARIANTS.map(({ key, size, label }) => {
  const r = raw[key];
  const share = r.map((x) => (100 * x.busy_ms) / x.wall_ms);
  const wait = r.map((x) => x.wall_ms - x.busy_ms);
  if (key === 'api') {
    const one = r.every((x) => x.list_requests_seen === 0 && x.facet_requests === 8);
    return `| ${f(size)}${label} | ${fig(r.map((x) => x.wall_ms))} | ${fig(r.map((x) => x.busy_ms))} | ${fig(share, 1)}% | ${fig(wait)} | ${fig(r.map((x) => x.fold_ms_per_page), 2)} (per answer) | ${fig(r.map((x) => x.fold_max_ms), 2)} | ${fig(r.map((x) => x.peak_mb), 1)} | ${fig(r.map((x) => x.end_mb), 1)} | ${one ? 'none; 8 facets/ requests' : '**not** 8 facets/ requests alone'} |`;
  }
  const exact = r.every((x) => x.list_requests_seen === Math.ceil(size / 500) && x.distinct_pages === x.list_requests_seen);
  return `| ${f(size)} | ${fig(r.map((x) => x.wall_ms))} | ${fig(r.map((x) => x.busy_ms))} | ${fig(share, 1)}% | ${fig(wait)} | ${fig(r.map((x) => x.fold_ms_per_page), 2)} | ${fig(r.map((x) => x.fold_max_ms), 2)} | ${fig(r.map((x) => x.peak_mb), 1)} | ${fig(r.map((x) => x.end_mb), 1)} | ${r[0].list_requests_seen} (${exact ? 'exactly ⌈N/500⌉, none repeated' : '**not** ⌈N/500⌉'}) |`;
});
const section = `<!-- bench:summary:start (written by bench/summary.mjs; edits here are overwritten) -->
## Summaries (\`bench/summary.mjs\`)

${date}; ${cpu}; ${chromium}. demo-api with ${f(EVENTS)} generated events (seed 7) on loopback, \`timeline: "off"\`;
the summary of the whole list opened from \`/?limit=50&tz=utc\` with \`summary_max_events\` at the size (the newest N).
Each run a fresh browser context after one discarded warm-up; median (min–max) of ${RUNS} runs. "App busy" is the
main thread's task time from the click to the summary's heading (CDP \`TaskDuration\`: decoding each answer,
folding it, drawing the progress and the tables, garbage collection); the rest of the wall time is waiting
for the API. Fold: the app's own \`performance.now()\` around each page's fold. Memory: JS heap + wasm
memory above the open list (after a forced GC), at its peak while reading and once the tables are drawn.
The last row: all 100,000 counted by the API itself (demo-api \`--api-features on\`, as the Django package: #33),
8 \`facets/\` requests sent at once, no cap; its fold column is the app's time reading each answer.
Raw numbers: \`bench/summary-results.json\`.

| events | wall, ms | app busy, ms | app share (goal ≤ 10%) | waiting, ms | fold per 500-event page, ms (goal ≤ 5) | slowest fold, ms | memory peak, MB | memory after, MB (goal ≤ 10) | list requests |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|
${rows.join('\n')}
<!-- bench:summary:end -->`;
const md = join(ROOT, 'BENCHMARKS.md');
const text = readFileSync(md, 'utf8');
const re = /<!-- bench:summary:start[\s\S]*?<!-- bench:summary:end -->/;
writeFileSync(md, re.test(text) ? text.replace(re, section) : text.replace('<!-- bench:api-load:start', `${section}\n\n<!-- bench:api-load:start`));
console.log(section);
