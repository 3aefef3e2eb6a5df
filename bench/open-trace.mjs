// One returning open of the list on loopback, traced: the renderer's main-thread tasks from the
// navigation to 50 rows painted (each over 0.5 ms, ms from the navigation's start), and every
// forced style-and-layout with the task that forced it. How the autofill layouts were found
// (BENCHMARKS.md, Experiments: a <select> put in the held page makes Chromium lay it all out).
//
//   node bench/open-trace.mjs            (BENCH_DIST: a build other than dist/)
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';
import { startDemoApi, CHROMIUM_ARGS, DIST } from '../e2e/lib/harness.mjs';
import { addPaintProbes } from './painted.mjs';

const api = await startDemoApi({ events: 100_000, args: ['--seed', '7'], dist: process.env.BENCH_DIST || DIST });
const dir = mkdtempSync(join(tmpdir(), 'open-trace-'));
const context = await chromium.launchPersistentContext(dir, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
try {
  await context.addInitScript(({ api_base_url, token }) => {
    localStorage.setItem('audit-console.session', JSON.stringify({ api_base_url, token, signed_in_at: Date.now() }));
  }, { api_base_url: api.api, token: api.token });
  await addPaintProbes(context);
  await context.addInitScript(() => { window.__painted = window.__paintedWhen(window.__rowsReady(50)); });
  const url = `${api.url}/?limit=50`;
  // Earlier opens fill the HTTP cache, V8's code cache and the service worker's cache.
  for (let i = 0; i < 3; i++) {
    const p = await context.newPage();
    await p.goto(url);
    await p.evaluate(() => window.__painted);
    await p.waitForTimeout(1500);
    await p.close();
  }
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', 'devtools.timeline', 'v8.execute', 'blink', 'blink.user_timing', 'benchmark', 'loading', 'disabled-by-default-devtools.timeline'] }, transferMode: 'ReturnAsStream' });
  await page.goto(url);
  const painted = await page.evaluate(() => window.__painted);
  const list = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('audit-events'))
    .map((e) => `list request ${e.startTime.toFixed(1)} → answered ${e.responseEnd.toFixed(1)}`));
  await page.waitForTimeout(500);
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  const { stream } = await done;
  let data = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle: stream });
    data += chunk.data;
    if (chunk.eof) break;
  }
  const events = JSON.parse(data).traceEvents;
  const nav = events.find((e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame && e.args?.data?.documentLoaderURL?.includes('limit=50'));
  if (!nav) throw new Error('no navigationStart in the trace');
  const t0 = nav.ts;
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const onMain = events.filter((e) => e.pid === nav?.pid && main.has(`${e.pid}:${e.tid}`) && e.ph === 'X');
  const ms = (ts) => ((ts - t0) / 1000).toFixed(1).padStart(7);
  console.log(`painted ${painted.toFixed(1)} ms; ${list.join('; ')}`);
  for (const e of onMain.filter((e) => e.dur >= 500 && e.ts >= t0 && e.ts - t0 <= painted * 1000).sort((a, b) => a.ts - b.ts)) {
    const d = e.args?.data ?? {};
    console.log(ms(e.ts), (e.dur / 1000).toFixed(1).padStart(6), e.name, d.url ? d.url.split('/').pop() : d.functionName || '');
  }
  for (const f of onMain.filter((e) => e.name === 'Blink.ForcedStyleAndLayout.UpdateTime' && e.dur >= 500)) {
    const task = onMain.find((e) => e.name === 'ThreadControllerImpl::RunTask' && e.ts <= f.ts && e.ts + e.dur >= f.ts + f.dur);
    console.log(`forced style and layout at ${ms(f.ts).trim()} ms, ${(f.dur / 1000).toFixed(1)} ms, in a task from ${task?.args?.src_func ?? '?'} (${task?.args?.src_file ?? '?'})`);
  }
} finally {
  await context.close();
  rmSync(dir, { recursive: true, force: true });
  await api.stop();
}
