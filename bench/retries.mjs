// Retries under failure (#17): time to complete the list view (rows painted) and its timeline
// (every bucket counted) with demo-api failing 0%, 10% and 30% of API requests (half 500 with an
// HTML body, half 429 with Retry-After: 1). Rewrites the "Retries under failure" section of
// BENCHMARKS.md (between the bench:retries markers) and bench/retries-results.json.
//
// Usage: scripts/bench (all benchmarks), or after a release build: node bench/retries.mjs.
// Environment: BENCH_RETRY_RUNS (9 by default).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDemoApi, launchBrowser, ROOT } from '../e2e/lib/harness.mjs';

const RUNS = Number(process.env.BENCH_RETRY_RUNS || 9);
const EVENTS = 100_000;
const RATES = [0, 0.1, 0.3];

const api = await startDemoApi({ events: EVENTS, args: ['--seed', '7'] });
const browser = await launchBrowser();
const session = JSON.stringify({ api_base_url: api.api, token: api.token });
const weekAgo = new Date(Date.now() - 7 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
const path = `/?timestamp__gte=${encodeURIComponent(weekAgo)}&tz=utc`;
const setFaults = (body) => fetch(`${api.api}/_demo/faults/`, {
  method: 'POST', headers: { Authorization: `Token ${api.token}` }, body: JSON.stringify(body),
});

async function run(rate) {
  const context = await browser.newContext();
  await context.addInitScript((s) => localStorage.setItem('audit-console.session', s), session);
  const page = await context.newPage();
  let requests = 0, failed = 0;
  page.on('response', (r) => {
    if (!r.url().includes('/api/v1/audit-events')) return;
    requests += 1;
    if (r.status() >= 400) failed += 1;
  });
  await setFaults({ fail_rate: rate, kind: 'mixed' });
  await page.goto(api.url + path);
  const rows = await page.waitForFunction(() => document.querySelector('.results')?.getAttribute('aria-busy') === 'false'
    && document.querySelectorAll('table.events tbody tr').length > 0 && performance.now(), null, { timeout: 120_000, polling: 'raf' });
  const rowsMs = await rows.jsonValue();
  const chart = await page.waitForFunction(() => {
    const label = document.querySelector('.histogram svg.chart')?.getAttribute('aria-label') ?? '';
    return /^Timeline from .* in \d+ buckets of .*: [\d,]+ events\./.test(label) && performance.now();
  }, null, { timeout: 120_000, polling: 'raf' });
  const timelineMs = await chart.jsonValue();
  const errors = await page.locator('.problem').count();
  await setFaults({ fail_rate: 0 });
  await context.close();
  return { rowsMs, timelineMs, requests, failed, errors };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const fmt = (xs) => `${Math.round(median(xs))} (${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))})`;

const results = {};
for (const rate of RATES) {
  results[rate] = [];
  for (let i = 0; i < RUNS; i++) results[rate].push(await run(rate));
  const r = results[rate];
  console.log(`fail rate ${rate}: rows ${fmt(r.map((x) => x.rowsMs))} ms, timeline ${fmt(r.map((x) => x.timelineMs))} ms`);
}
await browser.close();
await api.stop();

const rows = RATES.map((rate) => {
  const r = results[rate];
  return `| ${Math.round(rate * 100)}% | ${fmt(r.map((x) => x.rowsMs))} | ${fmt(r.map((x) => x.timelineMs))} | ${median(r.map((x) => x.requests))} (${median(r.map((x) => x.failed))} failed) | ${r.filter((x) => x.errors === 0).length} of ${r.length} |`;
});
const section = `<!-- bench:retries:start (written by bench/retries.mjs; edits here are overwritten) -->
## Retries under failure (\`bench/retries.mjs\`)

${new Date().toISOString().slice(0, 10)}; demo-api with ${EVENTS.toLocaleString('en-US')} events (seed 7) on loopback, failing a share of API
requests (half 500 with an HTML body, half 429 with \`Retry-After: 1\`). The list view \`/?timestamp__gte=<7 days ago>&tz=utc\`
opened cold, ${RUNS} runs per rate, median (min–max) ms from navigation. The timeline is complete when every bucket
has its exact count. The policy: \`src/api/retry.rs\` (9 attempts, 0.25 s doubling to 4 s with full jitter,
\`Retry-After\` honoured, 40 retries of budget refilled by successes; the timeline's second pass over missing buckets).

| failure rate | rows painted, ms | timeline complete, ms | API answers (failed) | runs without an error screen |
|---|---:|---:|---:|---:|
${rows.join('\n')}
<!-- bench:retries:end -->`;
const file = join(ROOT, 'BENCHMARKS.md');
const text = readFileSync(file, 'utf8');
const start = text.indexOf('<!-- bench:retries:start');
const end = text.indexOf('<!-- bench:retries:end -->');
const next = start >= 0 && end > start
  ? text.slice(0, start) + section + text.slice(end + '<!-- bench:retries:end -->'.length)
  : text.replace('<!-- bench:ui:end -->', `<!-- bench:ui:end -->\n\n${section}`);
writeFileSync(file, next);
writeFileSync(join(ROOT, 'bench', 'retries-results.json'), JSON.stringify(results, null, 1) + '\n');
