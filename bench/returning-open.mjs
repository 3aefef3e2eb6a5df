// The returning open (issues #25 and #28): what an admin who has opened the console before waits
// for — a new tab on a bookmark, with the app's files already in the HTTP cache — measured through
// a latency proxy (bench/latency-proxy.mjs) in front of the servers, Audit Console against
// bench/vanilla.html (one HTML file that fetches and draws) served as a file through the same proxy.
// Writes the "Returning open" section of BENCHMARKS.md (between the bench:returning-open markers)
// and bench/returning-open-results.json.
//
//   node bench/returning-open.mjs            (scripts/bench runs it after bench/ui.mjs)
// Environment:
//   BENCH_RUNS (15)           runs of every timed figure (one discarded warm-up pair first)
//   BENCH_COUNT_RUNS (3)      opens counted for the request figures
//   BENCH_DIST (dist/)        the build measured
//   BENCH_ONLY=rt40,loopback  only those figures (rt40, loopback, bare, first, requests, origins),
//                             printed; BENCHMARKS.md and the results file are left alone
//   BENCH_PROFILE             persistent (default: a fresh on-disk profile per run, as a person's
//                             browser has — with V8's code cache) or incognito (browser.newContext())
//   BENCH_PRIME_OPENS (1)     opens before the timed one in the same profile
//   BENCH_BUILD_COMMIT, BENCH_BUILD_NOTE  what BENCH_DIST was built from, when not HEAD's dist/
//   BENCH_BASELINE=save       also store this run as bench/returning-open-baseline.json, the
//                             figures shown beside every later run (the first run saves it anyway)
//
// Servers (all on loopback): demo-api (100,000 events, seed 7) serves the API and the build (`--dist`,
// with DEPLOY.md's cache headers and precompressed files); bench/origin-front.mjs in front of it serves
// the vanilla page and counts requests. Same origin: browser → latency proxy → front → demo-api.
// Cross-origin (#28): the build from a second demo-api (static files only, config.json's
// api_base_url overridden to the API's absolute base; its CSP's connect-src allows loopback ports)
// behind its own front and proxy; the API through another proxy, demo-api started with
// `--cors-origin` naming the console's origin.
import { readFileSync, writeFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join, basename } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { chromium } from 'playwright-core';
import { startDemoApi, CHROMIUM_ARGS, ROOT, DIST } from '../e2e/lib/harness.mjs';
import { startLatencyProxy } from './latency-proxy.mjs';
import { startOriginFront } from './origin-front.mjs';
import { addPaintProbes } from './painted.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 15);
const COUNT_RUNS = Number(process.env.BENCH_COUNT_RUNS || 3);
const PROFILE = process.env.BENCH_PROFILE || 'persistent';
const PRIME = Number(process.env.BENCH_PRIME_OPENS || 1);
const dist = process.env.BENCH_DIST || DIST;
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : null;
const want = (name) => !ONLY || ONLY.has(name);
const RTT = 40;
const LINK_BPS = 10e6;
const EVENTS = 100_000;
const VANILLA = join(ROOT, 'bench', 'vanilla.html');
const BASELINE_FILE = join(ROOT, 'bench', 'returning-open-baseline.json');
const log = (...a) => console.error('returning-open:', ...a);
const loadBefore = os.loadavg();
const hasSw = existsSync(join(dist, 'sw.js'));

// ---- servers ----------------------------------------------------------------------------------
let staticTarget = null, apiTarget = null;
const staticProxy = await startLatencyProxy({ target: () => staticTarget, rttMs: RTT });
const apiProxy = await startLatencyProxy({ target: () => apiTarget, rttMs: RTT });
const api = await startDemoApi({ events: EVENTS, dist, args: ['--seed', '7', '--cors-origin', staticProxy.url] });
const front = await startOriginFront({ target: api.url, files: { '/__vanilla.html': VANILLA } });
const hostPort = (u) => new URL(u).host;
apiTarget = hostPort(front.url);
const proxy40 = await startLatencyProxy({ target: hostPort(front.url), rttMs: RTT });
const proxyLink = await startLatencyProxy({ target: hostPort(front.url), rttMs: RTT, downBps: LINK_BPS, upBps: LINK_BPS });
// The console's own origin for the cross-origin deployment: the same build, config.json pointing at
// the API's origin.
const statics = await startDemoApi({ events: 10, dist, args: ['--seed', '7'], appConfig: { api_base_url: `${apiProxy.url}/api/v1` } });
const staticFront = await startOriginFront({ target: statics.url, files: { '/__vanilla.html': VANILLA } });
staticTarget = hostPort(staticFront.url);

/** A deployment: where the page is opened, where the API is, and which fronts see its requests. */
const DEPLOY = {
  loopback: { origin: front.url, api: `${front.url}/api/v1`, fronts: [front], proxies: [] },
  rt40: { origin: proxy40.url, api: `${proxy40.url}/api/v1`, fronts: [front], proxies: [proxy40] },
  link: { origin: proxyLink.url, api: `${proxyLink.url}/api/v1`, fronts: [front], proxies: [proxyLink] },
  cross: { origin: staticProxy.url, api: `${apiProxy.url}/api/v1`, fronts: [staticFront, front], proxies: [staticProxy, apiProxy] },
};
const ourUrl = (d, path = '/?limit=50') => `${d.origin}${path}`;
const vanillaUrl = (d) => `${d.origin}/__vanilla.html?api=${encodeURIComponent(d.api)}&token=${api.token}&limit=50`;

// ---- browser ----------------------------------------------------------------------------------
const launchOptions = { executablePath: '/usr/bin/chromium', headless: true, args: [...CHROMIUM_ARGS, ...(process.env.EXTRA_CHROMIUM_ARGS ? process.env.EXTRA_CHROMIUM_ARGS.split(' ') : [])] };
const sharedBrowser = PROFILE === 'incognito' ? await chromium.launch(launchOptions) : null;

/**
 * A browser profile with nothing cached, signed in to `d`'s API the way the app stores a session,
 * with the paint and trace probes on every page.
 */
async function freshProfile(d) {
  let context, dir = null;
  if (sharedBrowser) context = await sharedBrowser.newContext();
  else {
    dir = mkdtempSync(join(tmpdir(), 'returning-open-'));
    context = await chromium.launchPersistentContext(dir, launchOptions);
  }
  await context.addInitScript(({ api_base_url, token }) => {
    localStorage.setItem('audit-console.session', JSON.stringify({ api_base_url, token, signed_in_at: Date.now() }));
  }, { api_base_url: d.api, token: api.token });
  await addPaintProbes(context);
  await context.addInitScript(traceProbes);
  await context.addInitScript(() => { window.__painted = window.__paintedWhen(window.__rowsReady(50)); });
  return {
    context,
    async close() {
      await context.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Page-side: when each step of an open happens (ms from the navigation's start), in window.__trace. */
function traceProbes() {
  const trace = (window.__trace = {});
  const mark = (k) => { if (trace[k] === undefined) trace[k] = performance.now(); };
  // The app's start-up script runs: its first statement sets the app's public path.
  let base;
  Object.defineProperty(globalThis, '__auditConsoleBase', { configurable: true, get: () => base, set: (v) => { base = v; mark('bootRuns'); } });
  // The wasm module compiled and instantiated (before its start function runs the app's main).
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = (...args) => original.apply(WebAssembly, args).then((r) => { mark('wasmInstantiated'); return r; });
  }
  // Trunk's start-up script: the wasm's main has returned (the app is mounted).
  addEventListener('TrunkApplicationStarted', () => mark('appStarted'));
  const watch = () => {
    const table = document.querySelector('table.events');
    if (table) mark('tableInDom');
    const rows = document.querySelectorAll('table.events tbody:last-of-type tr').length;
    if (rows >= 1) mark('firstRowInDom');
    if (rows >= 50) mark('rowsInDom');
    if (document.documentElement && !document.documentElement.hasAttribute('data-holding') && trace.holdSeen !== undefined) mark('holdReleased');
    if (document.documentElement?.hasAttribute('data-holding')) mark('holdSeen');
    if (trace.rowsInDom !== undefined && trace.holdReleased !== undefined) obs.disconnect();
    if (trace.rowsInDom !== undefined && trace.holdSeen === undefined) obs.disconnect();
  };
  const obs = new MutationObserver(watch);
  obs.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-holding'] });
}

/** Page-side: the trace of this open, with Resource Timing of the requests that matter. */
function collectTrace() {
  const r = (x) => (x === undefined || x === null ? null : Math.round(x * 10) / 10);
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  const isApi = (e) => e.name.includes('/audit-events/');
  const isProbe = (e) => /[?&]limit=1(&|$)/.test(e.name);
  const list = res.filter((e) => isApi(e) && !isProbe(e)).sort((a, b) => a.startTime - b.startTime)[0];
  const config = res.find((e) => /\/config\.json(\?|$)/.test(e.name));
  const wasm = res.find((e) => /\.wasm(\?|$)/.test(e.name));
  const fcp = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
  const t = window.__trace;
  return {
    htmlRequest: r(nav.requestStart), htmlAnswered: r(nav.responseEnd), htmlBytes: nav.transferSize,
    domContentLoaded: r(nav.domContentLoadedEventEnd),
    configRequest: r(config?.startTime), configAnswered: r(config?.responseEnd),
    configSent: r(config?.requestStart || null), configNewConnection: config ? config.connectEnd > config.connectStart : null,
    listNewConnection: list ? list.connectEnd > list.connectStart : null,
    wasmRequest: r(wasm?.startTime), wasmReceived: r(wasm?.responseEnd), wasmBytes: wasm?.transferSize ?? null, wasmDelivery: wasm ? (wasm.deliveryType ?? '') : null,
    bootRuns: r(t.bootRuns), wasmInstantiated: r(t.wasmInstantiated), appStarted: r(t.appStarted),
    listRequest: r(list?.startTime), listFirstByte: r(list?.responseStart || null), listAnswered: r(list?.responseEnd), listUrl: list?.name ?? null,
    tableInDom: r(t.tableInDom), rowsInDom: r(t.rowsInDom), holdReleased: r(t.holdReleased),
    firstContentfulPaint: r(fcp?.startTime),
    serviceWorkerControlled: !!navigator.serviceWorker?.controller,
    apiResources: res.filter(isApi).length,
  };
}

/** Waits until `page` has no API request in flight for `quietMs` (30 s at most). */
async function quiet(page, inflight, quietMs = 600) {
  const end = Date.now() + 30_000;
  let since = Date.now();
  while (Date.now() < end) {
    if (inflight.size) since = Date.now();
    else if (Date.now() - since >= quietMs) return;
    await page.waitForTimeout(50);
  }
}

/** Page-side: waits (10 s at most) until this page's service worker registration is active. */
async function serviceWorkerActive() {
  if (!navigator.serviceWorker) return 'unsupported';
  const end = performance.now() + 10_000;
  while (performance.now() < end) {
    const r = await navigator.serviceWorker.getRegistration();
    if (r?.active?.state === 'activated' && !r.installing && !r.waiting) return 'active';
    await new Promise((res) => setTimeout(res, 50));
  }
  return 'none after 10 s';
}

/** Tracks a page's requests: API requests in flight, and every request it sent. */
function track(page) {
  const inflight = new Set(), sent = [];
  page.on('request', (r) => { sent.push({ method: r.method(), url: r.url() }); if (r.url().includes('/api/')) inflight.add(r); });
  const done = (r) => inflight.delete(r);
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return { inflight, sent };
}

/**
 * One open of `url` in `profile`, timed to the 50th row painted. `count`: then wait until the page
 * is quiet, and return what the servers received during the open.
 */
async function openOnce(profile, d, url, { count = false, settle = false } = {}) {
  const marks = d.fronts.map((f) => f.log.length);
  for (const p of d.proxies) p.resetStats();
  const page = await profile.context.newPage();
  const t = track(page);
  await page.goto(url);
  const painted = await page.evaluate(() => window.__painted);
  const trace = await page.evaluate(collectTrace);
  const out = { painted, trace, connections: d.proxies.reduce((n, p) => n + p.stats.connections, 0) };
  if (count || settle) await quiet(page, t.inflight);
  // A build with a service worker registers it after the first rows: let it install and take
  // over before the next open (what a returning admin's browser has done long since).
  if (settle && hasSw) out.serviceWorker = await page.evaluate(serviceWorkerActive);
  out.connections = d.proxies.reduce((n, p) => n + p.stats.connections, 0);
  if (count) {
    const received = d.fronts.flatMap((f, i) => f.log.slice(marks[i]).map((e) => ({ ...e, front: i })));
    out.received = received.map((e) => `${e.method} ${e.path}`);
    out.browserSent = t.sent.map((e) => `${e.method} ${e.url.replace(/^https?:\/\/[^/]+/, '')}`);
  }
  await page.close();
  return out;
}

/** A returning open: PRIME opens of `url` in a fresh profile (each until quiet), then the timed one. */
async function returningOpen(d, url, opts = {}) {
  const profile = await freshProfile(d);
  try {
    for (let i = 0; i < PRIME; i++) await openOnce(profile, d, url, { settle: true });
    await new Promise((r) => setTimeout(r, 200));
    return await openOnce(profile, d, url, opts);
  } finally {
    await profile.close();
  }
}

/** A first visit: a fresh profile, nothing cached. */
async function firstVisit(d, url) {
  const profile = await freshProfile(d);
  try { return await openOnce(profile, d, url); } finally { await profile.close(); }
}

// ---- figures ----------------------------------------------------------------------------------
const stats = (xs) => {
  const s = [...xs].filter((x) => typeof x === 'number').sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1], runs: s.length };
};
/** Runs `fns` (name → () => result) alternating, after one discarded warm-up round. */
async function alternate(runs, fns) {
  const out = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (const fn of Object.values(fns)) await fn();
  for (let i = 0; i < runs; i++) for (const [k, fn] of Object.entries(fns)) out[k].push(await fn());
  return out;
}

const raw = {};
const started = Date.now();
if (want('rt40')) {
  log(`returning open, ${RTT} ms`);
  raw.rt40 = await alternate(RUNS, { ours: () => returningOpen(DEPLOY.rt40, ourUrl(DEPLOY.rt40)), vanilla: () => returningOpen(DEPLOY.rt40, vanillaUrl(DEPLOY.rt40)) });
}
if (want('loopback')) {
  log('returning open, loopback');
  raw.loopback = await alternate(RUNS, { ours: () => returningOpen(DEPLOY.loopback, ourUrl(DEPLOY.loopback)), vanilla: () => returningOpen(DEPLOY.loopback, vanillaUrl(DEPLOY.loopback)) });
}
if (want('bare')) {
  log(`returning open of the bare URL, ${RTT} ms`);
  raw.bare = await alternate(RUNS, { ours: () => returningOpen(DEPLOY.rt40, ourUrl(DEPLOY.rt40, '/')), vanilla: () => returningOpen(DEPLOY.rt40, vanillaUrl(DEPLOY.rt40)) });
}
if (want('first')) {
  log(`first visit, ${RTT} ms, ${LINK_BPS / 1e6} Mbit/s`);
  raw.first = await alternate(RUNS, { ours: () => firstVisit(DEPLOY.link, ourUrl(DEPLOY.link)), vanilla: () => firstVisit(DEPLOY.link, vanillaUrl(DEPLOY.link)) });
}
if (want('origins')) {
  log(`returning open, ${RTT} ms, same origin vs cross-origin`);
  raw.origins = await alternate(RUNS, {
    same: () => returningOpen(DEPLOY.rt40, ourUrl(DEPLOY.rt40)),
    cross: () => returningOpen(DEPLOY.cross, ourUrl(DEPLOY.cross)),
    vanillaSame: () => returningOpen(DEPLOY.rt40, vanillaUrl(DEPLOY.rt40)),
    vanillaCross: () => returningOpen(DEPLOY.cross, vanillaUrl(DEPLOY.cross)),
  });
}
if (want('requests') || want('origins')) {
  log('requests per returning open');
  raw.requests = {};
  const cases = {
    list: [DEPLOY.rt40, ourUrl(DEPLOY.rt40)],
    bare: [DEPLOY.rt40, ourUrl(DEPLOY.rt40, '/')],
    cross: [DEPLOY.cross, ourUrl(DEPLOY.cross)],
    vanillaSame: [DEPLOY.rt40, vanillaUrl(DEPLOY.rt40)],
    vanillaCross: [DEPLOY.cross, vanillaUrl(DEPLOY.cross)],
  };
  for (const [k, [d, url]] of Object.entries(cases)) {
    raw.requests[k] = [];
    for (let i = 0; i < COUNT_RUNS; i++) raw.requests[k].push(await returningOpen(d, url, { count: true }));
  }
}
const minutes = (Date.now() - started) / 60_000;
const loadAfter = os.loadavg();
await sharedBrowser?.close();
for (const p of [proxy40, proxyLink, staticProxy, apiProxy]) await p.close();
await front.close(); await staticFront.close();
await api.stop(); await statics.stop();

// ---- what the counted opens received ------------------------------------------------------------
/** Sorts a counted open's requests at the servers into kinds. */
function classify(open) {
  const c = { html: 0, config: 0, assets: 0, list: 0, probes: 0, detail: 0, options: 0, other: 0, apiUrls: [] };
  for (const line of open.received) {
    const [method, path] = line.split(' ');
    if (method === 'OPTIONS') { c.options += 1; continue; }
    if (path.startsWith('/api/')) {
      c.apiUrls.push(path);
      if (!path.includes('/audit-events/')) c.other += 1;
      else if (/[?&]limit=1(&|$)/.test(path)) c.probes += 1;
      else if (/\/audit-events\/[^/?]+\/$/.test(path.split('?')[0])) c.detail += 1;
      else c.list += 1;
    } else if (path.startsWith('/config.json')) c.config += 1;
    else if (/\.(js|wasm|css|svg)(\?|$)/.test(path)) c.assets += 1;
    else c.html += 1;
  }
  c.api = c.list + c.probes + c.detail + c.other;
  // The same request twice, whatever the order of its parameters or a stray `&`.
  const canonical = (u) => { const [p, q = ''] = u.split('?'); return `${p}?${q.split('&').filter(Boolean).sort().join('&')}`; };
  c.twice = c.apiUrls.length - new Set(c.apiUrls.map(canonical)).size;
  c.connections = open.connections;
  delete c.apiUrls;
  return c;
}
const counted = raw.requests ? Object.fromEntries(Object.entries(raw.requests).map(([k, opens]) => [k, opens.map(classify)])) : {};
/** The counts of the first counted open, and whether every counted open agreed. */
const countsOf = (k) => {
  const all = counted[k] ?? [];
  const first = all[0];
  const same = all.every((c) => JSON.stringify({ ...c, connections: 0 }) === JSON.stringify({ ...first, connections: 0 }));
  return first ? { ...first, same, opens: all.length } : null;
};

// ---- report -------------------------------------------------------------------------------------
const f0 = (n) => (n === null || n === undefined || Number.isNaN(n) ? '—' : n.toFixed(0));
const f2 = (n) => n.toFixed(2);
const cell = (s) => `${f0(s.median)} (${f0(s.min)}–${f0(s.max)})`;
const series = (runs) => stats(runs.map((r) => r.painted));

if (ONLY) {
  for (const [name, s] of Object.entries(raw)) {
    if (name === 'requests') continue;
    const parts = Object.entries(s).map(([k, runs]) => `${k} ${cell(series(runs))}`);
    console.log(`${name}: ${parts.join(', ')}${s.ours && s.vanilla ? `, ratio ${f2(series(s.ours).median / series(s.vanilla).median)}` : ''}`);
  }
  for (const k of Object.keys(counted)) console.log(`requests ${k}:`, JSON.stringify(countsOf(k)), JSON.stringify(raw.requests[k][0].received));
  if (process.env.BENCH_VERBOSE) for (const [name, s] of Object.entries(raw)) for (const [k, runs] of Object.entries(s)) for (const x of runs) console.log(name, k, Math.round(x.painted), 'conn', x.connections, 'config', x.trace.configRequest, x.trace.configSent, x.trace.configAnswered, x.trace.configNewConnection, 'list', x.trace.listRequest, x.trace.listAnswered, x.trace.listNewConnection, 'app', x.trace.appStarted);
  if (raw.rt40) console.log('trace (median run):', JSON.stringify(medianRun(raw.rt40.ours).trace), JSON.stringify(medianRun(raw.rt40.vanilla).trace));
  process.exit(0);
}

function medianRun(runs) {
  const sorted = [...runs].sort((a, b) => a.painted - b.painted);
  return sorted[Math.floor(sorted.length / 2)];
}
// BENCH_BUILD_COMMIT: the commit the measured build was made from, when it is not HEAD (a build of
// an older commit in a scratch folder; BENCH_BUILD_NOTE then says how it was made).
const commit = process.env.BENCH_BUILD_COMMIT
  || (() => { try { return execFileSync('git', ['log', '-1', '--oneline'], { cwd: ROOT, encoding: 'utf8' }).trim(); } catch { return '?'; } })();
const dirty = (() => { try { return execFileSync('git', ['status', '--porcelain', '--', 'src', 'index.html', 'style', 'public', 'Cargo.toml', 'Trunk.toml'], { cwd: ROOT, encoding: 'utf8' }).trim() !== ''; } catch { return false; } })();
const wasmName = (() => { try { return readFileSync(join(dist, 'index.html'), 'utf8').match(/[\w-]+_bg\.wasm/)?.[0] ?? '?'; } catch { return '?'; } })();
const BUILD_NOTE = process.env.BENCH_BUILD_NOTE
  ? `${process.env.BENCH_BUILD_NOTE} (\`${wasmName}\`${hasSw ? ', with `sw.js`' : ', no service worker'})`
  : `\`${basename(dist)}/\` (\`${wasmName}\`${hasSw ? ', with `sw.js`' : ', no service worker'}) at \`${commit}\`${dirty ? ' with uncommitted changes in the app\'s sources' : ''}`;
const chromiumVersion = (() => { try { return execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return 'chromium'; } })();

const GOALS = {
  rt40: { name: `returning open of \`/?limit=50\` to 50 rows painted, ${RTT} ms round trip (ms from navigation)`, goal: '≤ 1.0×', met: (r) => r <= 1.0 },
  loopback: { name: 'returning open of `/?limit=50`, loopback (no proxy)', goal: '≤ 1.3×', met: (r) => r <= 1.3 },
  bare: { name: `returning open of the bare URL \`/\` (the default range), ${RTT} ms`, goal: '≤ 1.0×', met: (r) => r <= 1.0 },
  first: { name: `first visit (fresh profile, cold cache), ${RTT} ms, ${LINK_BPS / 1e6} Mbit/s each way`, goal: 'no worse than the baseline (report)', met: null },
};
const baseline = existsSync(BASELINE_FILE) ? JSON.parse(readFileSync(BASELINE_FILE, 'utf8')) : null;
const rows = [];
for (const [k, g] of Object.entries(GOALS)) {
  if (!raw[k]) continue;
  const o = series(raw[k].ours), v = series(raw[k].vanilla);
  const ratio = o.median / v.median;
  const base = baseline?.rows?.find((b) => b.key === k);
  let met = g.met ? g.met(ratio) : null;
  if (k === 'first' && base) met = ratio <= base.ratio * 1.1;
  rows.push({ key: k, name: g.name, ours: o, vanilla: v, ratio, goal: g.goal, met, baseline: base ? { ratio: base.ratio, ours: base.ours.median } : null });
}
const requests = countsOf('list');
const requestsBare = countsOf('bare');
const yes = (b) => (b === null ? '—' : b ? 'yes' : '**no**');
const baseCol = baseline && baseline.commit !== commit ? ` baseline (${baseline.commit.split(' ')[0]}) |` : '';
const baseSep = baseCol ? '---:|' : '';
const ranOn = `${new Date().toISOString().slice(0, 10)}; ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}); ${chromiumVersion} headless; Node ${process.version}`;

let md = `<!-- bench:returning-open:start (written by bench/returning-open.mjs; edits here are overwritten) -->
## Returning open (\`bench/returning-open.mjs\`)

What an admin who has opened the console before waits for (#25): a new tab on a bookmark, the app's
files already in the HTTP cache. The issue's figures as filed, against the Django admin changelist on
the real DRF + django-audit-events stack (100 rows, median of 9), for context: loopback 234 vs 263 ms
(**0.89×**), 40 ms round trip 371 vs 306 ms (**1.21×**), next page at 40 ms 0.56×. Here the reference
is \`bench/vanilla.html\` (one HTML file that fetches and draws: two round trips on a returning open).

${ranOn}. Build measured: ${BUILD_NOTE}.
${baseline && baseline.commit !== commit ? `Baseline column: the run of ${baseline.date.slice(0, 10)} at \`${baseline.commit}\` (\`bench/returning-open-baseline.json\`).` : '**This run is the baseline: the build before the service worker and the early list request (#25).**'}
Median (min–max) of ${RUNS} runs, ours and vanilla alternating, one discarded warm-up round; ${minutes.toFixed(0)} minutes;
load average ${loadBefore.map((x) => x.toFixed(1)).join(' ')} before, ${loadAfter.map((x) => x.toFixed(1)).join(' ')} after, on a 2-core machine shared with other
work: the absolute figures move with the load, the ratios (both pages measured in the same minutes) much less.

| figure | vanilla | ours | ratio |${baseCol} goal | met |
|---|---:|---:|---:|${baseSep}---|---|
`;
for (const r of rows) md += `| ${r.name} | ${cell(r.vanilla)} | ${cell(r.ours)} | ${f2(r.ratio)}× |${baseCol ? ` ${r.baseline ? `${f2(r.baseline.ratio)}× (${f0(r.baseline.ours)} ms)` : '—'} |` : ''} ${r.goal} | ${yes(r.met)} |\n`;
const reqLine = (c) => `${c.api} API request${c.api === 1 ? '' : 's'}: ${c.list} list + ${c.probes} timeline count probes${c.detail ? ` + ${c.detail} detail` : ''}${c.other ? ` + ${c.other} other` : ''}, ${c.twice ? `**${c.twice} sent twice**` : 'none twice'}; plus ${c.html} HTML, ${c.config} config.json, ${c.assets} other files from the server${c.same ? '' : ' (the counted opens differed: see the results file)'}`;
const baseReq = baseline?.requests;
if (requests) {
  const sameAsBase = baseReq ? (requests.list === baseReq.list && requests.api === baseReq.api && requests.twice === 0) : null;
  md += `| API requests per returning open of \`/?limit=50\` (${requests.opens} opens counted until quiet, at the server) | ${countsOf('vanillaSame')?.api ?? '—'} | ${reqLine(requests)} | — |${baseCol ? ` ${baseReq ? `${baseReq.list} list + ${baseReq.probes} probes` : '—'} |` : ''} the same count as today, none twice | ${baseReq ? yes(sameAsBase) : (requests.twice === 0 && requests.list === 1 ? 'yes (today\'s count)' : '**no**')} |\n`;
}
if (requestsBare) {
  md += `| … of the bare URL \`/\` | ${countsOf('vanillaSame')?.api ?? '—'} | ${reqLine(requestsBare)} | — |${baseCol ? ` ${baseline?.requestsBare ? `${baseline.requestsBare.list} list + ${baseline.requestsBare.probes} probes` : '—'} |` : ''} the same, none twice | ${requestsBare.twice === 0 && requestsBare.list === 1 && (!baseline?.requestsBare || requestsBare.api === baseline.requestsBare.api) ? 'yes' : '**no**'} |\n`;
}

if (raw.origins) {
  const s = raw.origins;
  const o = (k) => series(s[k]);
  const cs = countsOf('list'), cc = countsOf('cross'), vs = countsOf('vanillaSame'), vc = countsOf('vanillaCross');
  md += `
Same origin against cross-origin (#28), returning open of \`/?limit=50\` at ${RTT} ms, ${RUNS} runs alternating the four:
same origin = the build and the API from one demo-api behind one proxy (\`api_base_url\` on that origin);
cross-origin = the build from a static origin behind one proxy (config.json's \`api_base_url\` the API's absolute base,
CSP \`connect-src\` allowing it), the API (demo-api \`--cors-origin\` naming the console's origin) behind another. Requests
counted at the servers over whole opens until quiet (${COUNT_RUNS} opens each; list and timeline probes).

| deployment | ours | vanilla | ratio | ours: API GETs / OPTIONS per open | vanilla: GETs / OPTIONS |
|---|---:|---:|---:|---:|---:|
| same origin | ${cell(o('same'))} | ${cell(o('vanillaSame'))} | ${f2(o('same').median / o('vanillaSame').median)}× | ${cs ? `${cs.api} / ${cs.options}` : '—'} | ${vs ? `${vs.api} / ${vs.options}` : '—'} |
| cross-origin | ${cell(o('cross'))} | ${cell(o('vanillaCross'))} | ${f2(o('cross').median / o('vanillaCross').median)}× | ${cc ? `${cc.api} / ${cc.options}` : '—'} | ${vc ? `${vc.api} / ${vc.options}` : '—'} |
| cross-origin − same origin (medians) | ${f0(o('cross').median - o('same').median)} ms | ${f0(o('vanillaCross').median - o('vanillaSame').median)} ms | | | |
`;
}

if (raw.rt40) {
  const steps = [
    ['htmlRequest', 'index.html requested (revalidation: no-cache)'],
    ['htmlAnswered', 'index.html answered'],
    ['configRequest', 'config.json requested (start-up script / preload)'],
    ['configAnswered', 'config.json answered'],
    ['wasmReceived', 'the .wasm read (from the HTTP cache on a returning open)'],
    ['bootRuns', 'start-up script runs (`__auditConsoleBase` set)'],
    ['wasmInstantiated', 'wasm compiled and instantiated'],
    ['appStarted', 'wasm ready: its `main` has returned (`TrunkApplicationStarted`)'],
    ['listRequest', 'the list request leaves (Resource Timing `startTime`)'],
    ['listFirstByte', '… its answer starts (`responseStart`)'],
    ['listAnswered', '… its answer has arrived (`responseEnd`)'],
    ['tableInDom', 'the table is in the DOM (first mutation showing it)'],
    ['rowsInDom', '50 rows in the DOM'],
    ['holdReleased', 'the first-paint hold released (`html[data-holding]` removed)'],
    ['firstContentfulPaint', 'first contentful paint'],
    ['painted', '**50 rows painted**'],
  ];
  const runOf = (runs) => {
    const m = medianRun(runs);
    return { ...m.trace, painted: Math.round(m.painted * 10) / 10 };
  };
  const med = (runs, k) => stats(runs.map((x) => (k === 'painted' ? x.painted : x.trace[k])));
  const ours = runOf(raw.rt40.ours), van = runOf(raw.rt40.vanilla);
  md += `
Trace of a returning open of \`/?limit=50\` at ${RTT} ms: the run with the median paint time of the figure above, ms from
the navigation's start, with each step's median over the ${RUNS} runs in brackets. Resource Timing for requests; the
app's steps by an init script (a setter on \`__auditConsoleBase\`, the \`WebAssembly.instantiate*\` promise, Trunk's
\`TrunkApplicationStarted\` event, a MutationObserver for the table). The .wasm came ${ours.wasmBytes === 0 ? 'from the HTTP cache (0 bytes transferred)' : `with ${ours.wasmBytes} bytes transferred`}.

| step | ours | vanilla |
|---|---:|---:|
`;
  for (const [k, label] of steps) {
    const mo = med(raw.rt40.ours, k), mv = med(raw.rt40.vanilla, k);
    const show = (v, m) => (v === null || v === undefined ? '—' : `${f0(v)} (${f0(m.median)})`);
    if ((ours[k] === null || ours[k] === undefined) && (van[k] === null || van[k] === undefined)) continue;
    md += `| ${label} | ${show(ours[k], mo)} | ${show(van[k], mv)} |\n`;
  }
}

md += `
How it is measured: "painted" is \`bench/painted.mjs\` (shared with \`bench/ui.mjs\`): a MutationObserver sees 50 rows
in the last tbody of \`table.events\` with the list not busy, then \`requestAnimationFrame\` + \`setTimeout 0\`, timed by
\`performance.now()\` (ms from the navigation's start). A returning open: a fresh ${PROFILE === 'persistent' ? 'on-disk browser profile (`launchPersistentContext`, as a person\'s browser is: HTTP cache and V8\'s code cache on disk)' : 'incognito context (`browser.newContext()`; in-memory HTTP cache)'} signed in
by an init script (\`localStorage["audit-console.session"]\` = \`{"api_base_url", "token", "signed_in_at"}\`, as the app
stores it); the URL opened ${PRIME === 1 ? 'once' : `${PRIME} times`} in a tab until quiet, the tab closed, then opened in a new tab and timed.
The latency proxy (\`bench/latency-proxy.mjs\`) delays each chunk by half the round trip in each direction, in order,
and a new connection's first bytes by one more round trip (TCP's handshake); the first visit's proxy also queues
the bytes on a shared ${LINK_BPS / 1e6} Mbit/s link each way. The vanilla page is served as a file (\`no-cache\`, as HTML is) by
\`bench/origin-front.mjs\`, which passes everything else through to demo-api and counts the requests — not through
Playwright's \`route\`, which turns the HTTP cache off. Raw numbers: \`bench/returning-open-results.json\`.
<!-- bench:returning-open:end -->`;

const file = join(ROOT, 'BENCHMARKS.md');
const current = readFileSync(file, 'utf8');
const marked = /<!-- bench:returning-open:start[\s\S]*?<!-- bench:returning-open:end -->/;
let next;
if (marked.test(current)) next = current.replace(marked, md);
else if (current.includes('<!-- bench:ui:end -->')) next = current.replace('<!-- bench:ui:end -->', `<!-- bench:ui:end -->\n\n${md}`);
else next = current.replace(/\n## /, `\n${md}\n\n## `);
writeFileSync(file, next);
const result = {
  date: new Date().toISOString(), commit, build: BUILD_NOTE, dist, wasm: wasmName, service_worker: hasSw, runs: RUNS, rtt_ms: RTT,
  link_bps: LINK_BPS, profile: PROFILE, prime_opens: PRIME, load: { before: loadBefore, after: loadAfter },
  rows, requests, requestsBare, counted, raw,
};
writeFileSync(join(ROOT, 'bench', 'returning-open-results.json'), JSON.stringify(result, null, 2));
if (!baseline || process.env.BENCH_BASELINE === 'save') {
  writeFileSync(BASELINE_FILE, JSON.stringify({ date: result.date, commit, build: BUILD_NOTE, wasm: wasmName, rows: rows.map(({ key, ratio, ours, vanilla }) => ({ key, ratio, ours, vanilla })), requests, requestsBare }, null, 2));
}
console.log(md);
