// demo-api at scale: generation time, and a filtered page with its count at 1,000,000 events.
// Usage: node bench/demo-api.mjs [events=1000000]   (scripts/bench-demo-api builds first)
// Prints a Markdown table for BENCHMARKS.md and writes bench/demo-api-results.json.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_API, ROOT } from '../e2e/lib/harness.mjs';

const EVENTS = Number(process.argv[2] ?? 1_000_000);
const RUNS = 15;
const dir = join(ROOT, '.run', 'bench');
mkdirSync(dir, { recursive: true });
const db = join(dir, `demo-${EVENTS}.sqlite3`);
for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });

const started = performance.now();
const child = spawn(DEMO_API, ['--addr', '127.0.0.1:0', '--db', db, '--events', String(EVENTS), '--token', 'bench'],
  { stdio: ['ignore', 'ignore', 'pipe'] });
let log = '';
const base = await new Promise((resolve, reject) => {
  child.stderr.on('data', (c) => {
    log += c;
    const m = log.match(/listening on (http:\/\/\S+)\n/); // the whole line, not a chunk of it
    if (m) resolve(m[1]);
  });
  child.on('exit', () => reject(new Error(log)));
});
const generation = Number(log.match(/generated \d+ events in ([\d.]+)s/)?.[1]);
const startup = (performance.now() - started) / 1000;

const anchor = (await (await fetch(`${base}/api/v1/audit-events/?limit=1`, { headers: { Authorization: 'Token bench' } })).json()).results[0].timestamp;
const weekAgo = new Date(Date.parse(anchor) - 7 * 86400e3).toISOString();
const queries = [
  ['newest 50, count of all', 'limit=50'],
  ['user=5', 'user=5&limit=50'],
  ['content_type=6 & object_id=77', 'content_type=6&object_id=77&limit=50'],
  ['last 7 days', `timestamp__gte=${encodeURIComponent(weekAgo)}&limit=50`],
  ['user=5, last 7 days', `user=5&timestamp__gte=${encodeURIComponent(weekAgo)}&limit=50`],
  ['500 rows (limit cap)', 'limit=500'],
  ['page 1000 of 50 (deep offset)', 'limit=50&page=1000'],
  ['sort=url (no index)', 'sort=url&limit=50'],
];
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const rows = [];
for (const [name, q] of queries) {
  const times = [];
  let count;
  for (let i = 0; i < RUNS + 1; i++) {
    const t = performance.now();
    const r = await fetch(`${base}/api/v1/audit-events/?${q}`, { headers: { Authorization: 'Token bench' } });
    const body = await r.json();
    if (i > 0) times.push(performance.now() - t); // the first run warms the page cache
    count = body.count;
  }
  rows.push({ name, query: q, count, median_ms: median(times), min_ms: Math.min(...times), max_ms: Math.max(...times) });
}
child.kill('SIGTERM');

const f = (n) => n.toFixed(1);
console.log(`| query (${EVENTS.toLocaleString('en-US')} events) | matching | median ms | min–max ms |`);
console.log('|---|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.name} | ${r.count.toLocaleString('en-US')} | ${f(r.median_ms)} | ${f(r.min_ms)}–${f(r.max_ms)} |`);
console.log(`\ngeneration of ${EVENTS.toLocaleString('en-US')} events: ${generation}s (start-up incl. indexes ${f(startup)}s)`);
writeFileSync(join(ROOT, 'bench', `demo-api-results-${EVENTS}.json`),
  JSON.stringify({ date: new Date().toISOString(), events: EVENTS, runs: RUNS, generation_s: generation, rows }, null, 2));
