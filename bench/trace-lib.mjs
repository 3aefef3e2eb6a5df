// What bench/cold-timeline.mjs, next-timeline.mjs and profile.mjs share: demo-api with the
// benchmark's 100,000 events (BENCH_DIST picks the build), one browser, fresh signed-in contexts
// that record the main thread's long tasks, and the medians they print.
import { startDemoApi, launchBrowser } from '../e2e/lib/harness.mjs';

export async function startTraceBench() {
  const api = await startDemoApi({ events: 100_000, args: ['--seed', '7'], ...(process.env.BENCH_DIST ? { dist: process.env.BENCH_DIST } : {}) });
  const browser = await launchBrowser();
  const session = JSON.stringify({ api_base_url: api.api, token: api.token });
  /** A fresh context (cold cache) with the session stored; `window.__tasks` lists long tasks. */
  const signedInContext = async () => {
    const context = await browser.newContext();
    await context.addInitScript((s) => localStorage.setItem('audit-console.session', s), session);
    await context.addInitScript(() => {
      window.__tasks = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__tasks.push([Math.round(e.startTime), Math.round(e.duration)]); })
        .observe({ type: 'longtask', buffered: true });
    });
    return context;
  };
  const stop = async () => { await browser.close(); await api.stop(); };
  return { api, signedInContext, stop };
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** "name ms, …": each performance mark's first time in a run, the median over the runs. */
export function firstMarks(runs) {
  const times = new Map();
  for (const r of runs) {
    const seen = new Set();
    for (const [name, t] of r.marks) {
      if (seen.has(name)) continue;
      seen.add(name);
      if (!times.has(name)) times.set(name, []);
      times.get(name).push(t);
    }
  }
  return [...times].map(([name, ts]) => `${name} ${median(ts)}`).join(', ');
}
