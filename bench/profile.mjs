// A CPU profile of one figure of bench/ui.mjs, summed per function (self time), to find what
// dominates. Build the app with names kept first (see BENCHMARKS.md "Experiments"):
//   BENCH_DIST=/tmp/dist-names node bench/profile.mjs cold|next100|next500|detail [runs]
// (INCLUSIVE=regex adds the inclusive time of the matching functions.) A names-keeping build:
// wasm-bindgen --keep-debug on target/wasm32-unknown-unknown/release/audit-console.wasm, then
// wasm-opt -Oz -g, into a copy of dist without the .br/.gz of the changed files and without SRI.
import { startTraceBench } from './trace-lib.mjs';
import { makeBigEvent } from './big-event.mjs';

const figure = process.argv[2] || 'cold';
const runs = Number(process.argv[3] || 3);
const { api, signedInContext, stop } = await startTraceBench();
const self = new Map();
const inclusive = new Map();
let total = 0;
let bigEvent;
for (let run = 0; run < runs; run++) {
  const context = await signedInContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  const limit = figure === 'next500' ? 500 : figure === 'next100' ? 100 : 50;
  const rows = (n) => page.waitForFunction((n) => {
    const r = document.querySelectorAll('table.events tbody:last-of-type tr');
    return r.length >= n && document.querySelector('.results')?.getAttribute('aria-busy') !== 'true';
  }, n, { timeout: 60_000 });
  if (figure === 'detail') {
    // The 1 MB event of bench/ui.mjs, opened cold.
    bigEvent ??= (await makeBigEvent(api)).uuid;
    await cdp.send('Profiler.start');
    await page.goto(`${api.url}/events/${bigEvent}`);
    await page.waitForSelector('[aria-labelledby="post-data-title"] .json-tree');
    await page.waitForTimeout(500);
  } else if (figure === 'cold') {
    await cdp.send('Profiler.start');
    await page.goto(`${api.url}/?limit=50`);
    await rows(50);
  } else {
    await page.goto(`${api.url}/?limit=${limit}`);
    await rows(limit);
    await page.waitForFunction(() => /^Timeline from .* in \d+ buckets of .*: [\d,]+ events\./
      .test(document.querySelector('.histogram svg.chart')?.getAttribute('aria-label') ?? ''), null, { timeout: 60_000 });
    await page.waitForTimeout(300);
    const before = await page.evaluate(() => document.querySelector('table.events tbody:last-of-type tr a')?.getAttribute('href'));
    await cdp.send('Profiler.start');
    await page.evaluate(() => [...document.querySelectorAll('a')].find((a) => a.textContent.trim() === 'Next page').click());
    await page.waitForFunction((b) => document.querySelector('table.events tbody:last-of-type tr a')?.getAttribute('href') !== b
      && document.querySelector('.results')?.getAttribute('aria-busy') !== 'true', before);
  }
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  const { profile } = await cdp.send('Profiler.stop');
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas;
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  profile.samples.forEach((id, i) => {
    // Inclusive time: every distinct function on the sample's stack.
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at).callFrame;
      const key = f.functionName;
      if (!key || seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) || 0) + (dt[i] || 0) / 1000);
    }
  });
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const name = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}`;
    if (name.startsWith('(idle)')) return;
    const ms = (dt[i] || 0) / 1000;
    self.set(name, (self.get(name) || 0) + ms);
    total += ms;
  });
  await context.close();
}
console.log(`${figure}: ${(total / runs).toFixed(1)} ms busy per run (self time, ${runs} runs)`);
const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP || 45));
for (const [name, ms] of top) console.log(`${(ms / runs).toFixed(1).padStart(7)}  ${name.slice(0, 160)}`);
if (process.env.INCLUSIVE) {
  const re = new RegExp(process.env.INCLUSIVE);
  console.log('inclusive time, functions matching', re);
  const top = [...inclusive.entries()].filter(([n]) => re.test(n)).sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP || 45));
  for (const [name, ms] of top) console.log(`${(ms / runs).toFixed(1).padStart(7)}  ${name.slice(0, 200)}`);
}
await stop();

process.exit(0);
