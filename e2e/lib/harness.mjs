// Shared end-to-end plumbing: start demo-api on a free port, launch Debian's Chromium through
// playwright-core, and sign in the way a person does.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEMO_API = join(ROOT, 'target', 'native-release', 'demo-api');
export const DIST = join(ROOT, 'dist');
/** The global the hostile strings in the generated data try to set. */
export const CANARY = '__auditConsolePwned';

/**
 * Starts demo-api with a fresh database. Resolves once it listens. `appConfig`: keys merged into
 * the config.json it serves (written to a file for `--app-config`).
 * @returns {Promise<{url: string, api: string, token: string, stop: () => Promise<void>}>}
 */
export async function startDemoApi({ events = 2000, token = 'e2e-token', dist = DIST, args = [], appConfig } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'audit-e2e-'));
  if (appConfig) {
    writeFileSync(join(dir, 'app-config.json'), JSON.stringify(appConfig));
    args = [...args, '--app-config', join(dir, 'app-config.json')];
  }
  const argv = ['--addr', '127.0.0.1:0', '--db', join(dir, 'db.sqlite3'), '--events', String(events),
    '--token', token, ...(dist ? ['--dist', dist] : []), ...args];
  const child = spawn(DEMO_API, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo-api did not start:\n${log}`)), 60_000);
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const m = log.match(/listening on (http:\/\/\S+)\n/); // the whole line, not a chunk of it
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`demo-api exited ${code}:\n${log}`)); });
  });
  child.removeAllListeners('exit');
  return {
    url,
    api: `${url}/api/v1`,
    token,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// EXTRA_CHROMIUM_ARGS (space-separated) adds flags for experiments, e.g. V8's '--js-flags=--no-wasm-lazy-compilation'.
export function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: [...CHROMIUM_ARGS, ...(process.env.EXTRA_CHROMIUM_ARGS ? process.env.EXTRA_CHROMIUM_ARGS.split(' ') : [])] });
}

/**
 * A page that fails the test on any uncaught page error or console error, so a panic in the wasm
 * app (or a CSP violation) cannot pass unnoticed. Call `assertClean()` at the end.
 */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // A failed request shows as a console error in Chromium; tests that provoke one opt out.
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  return {
    context,
    page,
    problems,
    assertClean() {
      if (problems.length) throw new Error(`browser reported problems:\n${problems.join('\n')}`);
    },
  };
}

/** Waits until the list shows the answer for its current URL (not the previous one, dimmed). */
export function settled(page) {
  return page.waitForFunction(() => document.querySelector('.results')?.getAttribute('aria-busy') === 'false'
    && document.querySelector('.results table.events, .results .empty, .results .problem'));
}

/** Signs in through the form, as a person does. */
export async function signIn(page, { api, token }) {
  try {
    await page.getByLabel('API base URL').waitFor({ timeout: 20_000 });
  } catch (e) {
    // Say what the page shows instead, so a failure explains itself.
    const body = await page.evaluate(() => document.body?.outerHTML.slice(0, 2000)).catch(() => '?');
    throw new Error(`no sign-in form at ${page.url()}:\n${body}\n${e.message}`);
  }
  await page.getByLabel('API base URL').fill(api);
  await page.getByLabel('Token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A fresh browser context that opens `path`, signs in through the form, and is back at `path`. */
export async function openSignedIn(browser, server, path, options = {}) {
  const session = await openPage(browser, options);
  await session.page.goto(server.url + path);
  await signIn(session.page, server);
  await session.page.waitForURL(atList(server.url + path));
  return session;
}

/** A URL without the pin the list adds to an open-ended range (`timestamp__lte`, stable paging). */
export function unpinned(u) {
  const url = new URL(String(u));
  const kept = url.search.slice(1).split('&').filter((p) => p && !p.startsWith('timestamp__lte='));
  return url.origin + url.pathname + (kept.length ? `?${kept.join('&')}` : '');
}

/** A `waitForURL` matcher for a list URL, whatever its pin: a full URL string or a regex. */
export const atList = (expected) => (u) => {
  const s = unpinned(u);
  return typeof expected === 'string' ? s === unpinned(expected) : expected.test(s);
};

/** Opens the query bar's time-range popover (presets, From/To/Exact, the zone) unless open. */
export async function openTimeRange(page) {
  const button = page.getByRole('button', { name: /^Time range/ });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
}

/** Opens a toolbar menu ("Columns", "Saved views (n)", "Export…") unless it is open already. */
export async function openMenu(page, name) {
  const button = page.getByRole('button', { name, exact: typeof name === 'string' });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
}
