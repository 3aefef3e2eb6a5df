// The core suite's driver layer: one small page API over three engines.
//
//   ENGINE=chromium  Debian's Chromium, puppeteer-core over the DevTools protocol (CHROMIUM_ARGS)
//   ENGINE=firefox   Debian's Firefox ESR, puppeteer-core over WebDriver BiDi (no geckodriver)
//   ENGINE=webkit    Debian's WebKitGTK MiniBrowser, selenium-webdriver over W3C WebDriver through
//                    WebKitWebDriver, in an Xvfb display of its own
//
// Tests find things by role, label and text (find.mjs, evaluated in the page), act with the
// engine's own input (trusted clicks and key presses), and poll for what they expect. Every
// browser runs in ZONE, a zone other than the machine's, so "local time" is tested for real.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CHROMIUM_ARGS } from '../../lib/harness.mjs';
import { coreFind } from './find.mjs';

export const ENGINE = process.env.ENGINE || 'chromium';
if (!['chromium', 'firefox', 'webkit'].includes(ENGINE)) throw new Error(`ENGINE=${ENGINE}: use chromium, firefox or webkit`);
/** The zone every browser of the suite runs in (the machine's is UTC): +05:30 all year. */
export const ZONE = 'Asia/Kolkata';
/** The names engines give ZONE: WebKit's ICU answers with the older alias. */
export const ZONE_NAMES = /^(Asia\/Kolkata|Asia\/Calcutta)$/;

const FIREFOX = '/usr/bin/firefox-esr';
const CHROMIUM = '/usr/bin/chromium';
const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const VIEWPORT = { width: 1280, height: 900 };
const DEFAULT_TIMEOUT = 15_000;
const FIND = coreFind.toString();

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Tests that name their engine, and steps an engine cannot do, said by name.

/** A node:test test whose name and failure message name the engine. */
export function coreTest(name, fn, options = {}) {
  return test(`[${ENGINE}] ${name}`, options, async (t) => {
    try {
      await fn(t);
    } catch (e) {
      const message = e?.message ?? String(e);
      throw new Error(message.startsWith(`[${ENGINE}]`) ? message : `[${ENGINE}] ${message}`, { cause: e });
    }
  });
}

/** Reports a step this engine cannot do as a skipped subtest with the reason. */
export async function skipStep(t, step, reason) {
  await t.test(step, { skip: `${ENGINE}: ${reason}` }, () => {});
}

// ---------------------------------------------------------------------------------------------
// Launching.

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function waitForHttp(url, timeout, what) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    try { const r = await fetch(url); if (r.ok) return; last = `HTTP ${r.status}`; } catch (e) { last = e.message; }
    await sleep(100);
  }
  throw new Error(`${what} did not answer at ${url}: ${last}`);
}

function stopChild(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  return exited.finally(() => clearTimeout(timer));
}

/** Launches this suite's engine. One per test file; `session()` gives each test a clean one. */
export async function launch() {
  return ENGINE === 'webkit' ? launchWebKit() : launchPuppeteer();
}

async function launchPuppeteer() {
  const { default: puppeteer } = await import('puppeteer-core');
  const env = { ...process.env, TZ: ZONE };
  const browser = ENGINE === 'firefox'
    ? await puppeteer.launch({
      browser: 'firefox', executablePath: FIREFOX, headless: true, env, defaultViewport: VIEWPORT, protocolTimeout: 60_000,
      // Firefox's own network calls go nowhere on a closed network: ask for none.
      extraPrefsFirefox: {
        'browser.safebrowsing.update.enabled': false, 'network.captive-portal-service.enabled': false,
        'network.connectivity-service.enabled': false, 'app.update.enabled': false,
      },
    })
    : await puppeteer.launch({
      browser: 'chrome', executablePath: CHROMIUM, headless: true, env, defaultViewport: VIEWPORT, protocolTimeout: 60_000,
      args: CHROMIUM_ARGS,
    });
  const version = await browser.version();
  return {
    engine: ENGINE,
    version,
    async session() {
      const downloads = mkdtempSync(join(tmpdir(), `core-${ENGINE}-dl-`));
      const context = await browser.createBrowserContext({ downloadBehavior: { policy: 'allow', downloadPath: downloads } });
      const front = { current: null };
      const page = new Page(await PuppeteerTab.open(context, front));
      return new Session({ page, downloads, newTab: async () => new Page(await PuppeteerTab.open(context, front)),
        close: async () => { await context.close(); rmSync(downloads, { recursive: true, force: true }); } });
    },
    close: () => browser.close(),
  };
}

async function launchWebKit() {
  const { Builder } = await import('selenium-webdriver');
  const home = mkdtempSync(join(tmpdir(), 'core-webkit-'));
  // MiniBrowser saves a download, without asking, in the XDG download folder (else in $HOME).
  const downloads = join(home, 'Downloads');
  mkdirSync(downloads);
  mkdirSync(join(home, '.config'));
  writeFileSync(join(home, '.config', 'user-dirs.dirs'), `XDG_DOWNLOAD_DIR="${downloads}"\n`);
  // An X display of our own: MiniBrowser is a GTK program with a window.
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1400x1000x24', '-nolisten', 'tcp'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  let xlog = '';
  xvfb.stderr.on('data', (d) => { xlog += d; });
  const display = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start:\n${xlog}`)), 20_000);
    xvfb.stdio[3].once('data', (d) => { clearTimeout(timer); resolve(`:${String(d).trim()}`); });
    xvfb.once('exit', (code) => { clearTimeout(timer); reject(new Error(`Xvfb exited ${code}:\n${xlog}`)); });
  });
  const port = await freePort();
  const driverProcess = spawn('WebKitWebDriver', [`--port=${port}`], {
    env: { ...process.env, DISPLAY: display, TZ: ZONE, HOME: home, XDG_CONFIG_HOME: join(home, '.config'),
      XDG_DATA_HOME: join(home, '.local/share'), XDG_CACHE_HOME: join(home, '.cache'), NO_AT_BRIDGE: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let dlog = '';
  driverProcess.stderr.on('data', (d) => { dlog += d; });
  const stopAll = async () => {
    await stopChild(driverProcess);
    await stopChild(xvfb);
    // WebKit's web processes can outlive the driver by a moment, still writing their shader
    // cache: retry, and leave a temp folder behind rather than fail a test that passed.
    try {
      rmSync(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (e) {
      console.error(`core: could not remove ${home}: ${e.message}`);
    }
  };
  try {
    await waitForHttp(`http://127.0.0.1:${port}/status`, 20_000, 'WebKitWebDriver');
  } catch (e) {
    await stopAll();
    throw new Error(`${e.message}\n${dlog}`);
  }
  const driver = await new Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities({
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
  }).build();
  await driver.manage().window().setRect({ x: 0, y: 0, ...VIEWPORT });
  const version = `MiniBrowser (WebKitGTK) ${(await driver.getCapabilities()).get('browserVersion')}`;
  const state = { current: await driver.getWindowHandle() };
  const first = state.current;
  let open = null;
  return {
    engine: ENGINE,
    version,
    // One WebDriver session per file (MiniBrowser's start is the slow part); each test's session
    // starts from one tab and an origin with nothing stored.
    async session() {
      if (open) throw new Error('webkit: one session at a time (close the previous one first)');
      const page = new Page(new WebDriverTab(driver, first, state));
      for (const f of readdirSync(downloads)) rmSync(join(downloads, f), { recursive: true, force: true });
      open = new Session({
        page, downloads,
        newTab: async () => {
          await driver.switchTo().newWindow('tab');
          state.current = await driver.getWindowHandle();
          return new Page(new WebDriverTab(driver, state.current, state));
        },
        close: async () => {
          for (const h of await driver.getAllWindowHandles()) {
            if (h !== first) { await driver.switchTo().window(h); await driver.close(); }
          }
          await driver.switchTo().window(first);
          state.current = first;
          open = null;
        },
      });
      page.tab.resetOrigin = true;
      return open;
    },
    async close() {
      await driver.quit().catch(() => {});
      await stopAll();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// One tab, per protocol: the few primitives Page is built on.

class PuppeteerTab {
  static async open(context, front) {
    const page = await context.newPage();
    const tab = new PuppeteerTab(page, front);
    front.current = tab;
    page.on('pageerror', (e) => tab.problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // A failed request shows as a console error in Chromium; tests that provoke one opt out.
      if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) tab.problems.push(`console: ${m.text()}`);
    });
    return tab;
  }

  constructor(page, front) { this.page = page; this.front = front; this.problems = []; }

  /** Input goes to the tab in front, as a person's would (a background tab's page is throttled:
   * Chromium runs no IntersectionObserver there, which puppeteer's click waits for). */
  async active() {
    if (this.front.current !== this) { await this.page.bringToFront(); this.front.current = this; }
  }

  async goto(url) { await this.active(); await this.page.goto(url, { waitUntil: 'load' }); }
  async reload() { await this.active(); await this.page.reload({ waitUntil: 'load' }); }
  evaluate(expr) { return this.page.evaluate(expr); }
  async element(expr) { return (await this.page.evaluateHandle(expr)).asElement(); }
  async click(el) { await this.active(); await el.click(); }
  async type(text) { await this.active(); await this.page.keyboard.type(text); }
  async press(key) { await this.active(); await this.page.keyboard.press(key); }
  async readProblems() { return this.problems; }
  async screenshot(path) { await this.active(); await this.page.screenshot({ path }); }
  close() { return this.page.close(); }
}

/** In-page collection of errors, for protocols that do not report them (W3C WebDriver). */
const PROBLEM_HOOK = `(() => {
  if (window.__coreProblems) return;
  const problems = window.__coreProblems = [];
  addEventListener('error', (e) => problems.push('pageerror: ' + e.message));
  addEventListener('unhandledrejection', (e) => problems.push('unhandledrejection: ' + (e.reason && e.reason.message || e.reason)));
  const original = console.error;
  console.error = function (...args) { problems.push('console: ' + args.join(' ')); return original.apply(this, args); };
})()`;

class WebDriverTab {
  constructor(driver, handle, state) {
    this.driver = driver; this.handle = handle; this.state = state; this.problems = []; this.resetOrigin = false;
  }

  async active() {
    if (this.state.current !== this.handle) {
      await this.driver.switchTo().window(this.handle);
      this.state.current = this.handle;
    }
  }

  async collect() {
    const found = await this.driver.executeScript('return window.__coreProblems ? window.__coreProblems.splice(0) : []').catch(() => []);
    this.problems.push(...found);
  }

  async goto(url) {
    await this.active();
    if (this.resetOrigin) {
      // A clean start: nothing stored for this origin by an earlier test. config.json is a plain
      // file of the origin, so the app does not start (and read the storage) before it is cleared.
      this.resetOrigin = false;
      await this.driver.get(new URL('/config.json', url).href);
      await this.driver.executeScript(`localStorage.clear(); sessionStorage.clear();
        return navigator.serviceWorker ? navigator.serviceWorker.getRegistrations().then((rs) => Promise.all(rs.map((r) => r.unregister()))) : null`);
      await this.driver.manage().deleteAllCookies();
    } else {
      await this.collect();
    }
    await this.driver.get(url);
    await this.driver.executeScript(PROBLEM_HOOK);
  }

  async reload() {
    await this.active();
    await this.collect();
    await this.driver.navigate().refresh();
    await this.driver.executeScript(PROBLEM_HOOK);
  }

  async evaluate(expr) { await this.active(); return this.driver.executeScript(`return ${expr}`); }
  async element(expr) { await this.active(); return this.driver.executeScript(`return ${expr}`); }
  async click(el) { await this.active(); await el.click(); }
  async type(text) { await this.active(); await this.driver.actions().sendKeys(text).perform(); }

  async press(key) {
    await this.active();
    const { Key } = await import('selenium-webdriver');
    const named = { Enter: Key.ENTER, Escape: Key.ESCAPE, Backspace: Key.BACK_SPACE, Tab: Key.TAB,
      ArrowDown: Key.ARROW_DOWN, ArrowUp: Key.ARROW_UP, Shift: Key.SHIFT };
    await this.driver.actions().sendKeys(named[key] ?? key).perform();
  }

  async readProblems() { await this.active(); await this.collect(); return this.problems; }
  async screenshot(path) { await this.active(); writeFileSync(path, Buffer.from(await this.driver.takeScreenshot(), 'base64')); }
  async close() { await this.active(); await this.driver.close(); }
}

// ---------------------------------------------------------------------------------------------
// What tests use.

export class Session {
  constructor({ page, downloads, newTab, close }) {
    this.page = page; this.downloads = downloads; this.tabs = [page]; this._newTab = newTab; this._close = close;
  }

  /** Another tab of the same browser profile (shares localStorage, not sessionStorage). */
  async newTab() { const p = await this._newTab(); this.tabs.push(p); return p; }

  /** Throws when any tab reported a page error or a console error. */
  async assertClean() {
    const problems = [];
    for (const p of this.tabs) problems.push(...await p.tab.readProblems());
    if (problems.length) throw new Error(`browser reported problems:\n${problems.join('\n')}`);
  }

  /** Waits for a finished download named `name` in this session's folder; returns its text. */
  async download(name, timeout = 60_000) {
    const deadline = Date.now() + timeout;
    let seen = [];
    let lastSize = -1;
    while (Date.now() < deadline) {
      seen = readdirSync(this.downloads);
      // Chromium writes `.crdownload`, Firefox `.part`, and rename the file when it is complete.
      // WebKit writes it in place: done when its size holds still.
      const partial = seen.some((f) => /\.(crdownload|part)$/.test(f));
      const size = seen.includes(name) ? statSync(join(this.downloads, name)).size : -1;
      if (!partial && size > 0 && size === lastSize) return readFileSync(join(this.downloads, name), 'utf8');
      lastSize = size;
      await sleep(200);
    }
    throw new Error(`no download “${name}” within ${timeout} ms (folder has: ${seen.join(', ') || 'nothing'})`);
  }

  close() { return this._close(); }
}

const nameSpec = (name, exact) => (name === undefined ? undefined
  : name instanceof RegExp ? { re: name.source, flags: name.flags } : { s: String(name), exact: !!exact });

const describe = (chain) => chain.map((s) => {
  const n = s.name ? (s.name.re !== undefined ? `/${s.name.re}/` : JSON.stringify(s.name.s)) : '';
  return s.k === 'role' ? `role=${s.role}${n && ` ${n}`}` : s.k === 'css' ? `css=${s.sel}` : s.k === 'nth' ? `nth=${s.n}` : `${s.k}=${n}`;
}).join(' >> ');

/** Locator factories shared by pages and locators. */
class Finder {
  role(role, { name, exact } = {}) { return this._step({ k: 'role', role, name: nameSpec(name, exact) }); }
  label(name, { exact } = {}) { return this._step({ k: 'label', name: nameSpec(name, exact) }); }
  text(name, { exact } = {}) { return this._step({ k: 'text', name: nameSpec(name, exact) }); }
  css(sel) { return this._step({ k: 'css', sel }); }
}

export class Page extends Finder {
  constructor(tab) { super(); this.tab = tab; }
  _step(step) { return new Locator(this, [step]); }

  goto(url) { return this.tab.goto(url); }
  reload() { return this.tab.reload(); }
  url() { return this.tab.evaluate('location.href'); }
  press(key) { return this.tab.press(key); }
  type(text) { return this.tab.type(text); }
  /** A PNG of the viewport, for looking at what an engine drew. */
  screenshot(path) { return this.tab.screenshot(path); }

  /** Runs `fn(arg)` in the page and returns its (JSON) result. */
  evaluate(fn, arg) { return this.tab.evaluate(`(${fn})(${JSON.stringify(arg ?? null)})`); }

  /** Polls `fn(arg)` in the page until it returns something truthy; returns that. */
  async waitUntil(fn, arg, { timeout = DEFAULT_TIMEOUT, message } = {}) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      try { last = await this.evaluate(fn, arg); if (last) return last; } catch (e) { last = e.message; }
      if (Date.now() > deadline) throw new Error(`${message ?? `waited for ${fn}`} (${timeout} ms; last: ${JSON.stringify(last)}; at ${await this.url().catch(() => '?')})`);
      await sleep(100);
    }
  }

  /** Waits until the URL passes `test` (a URL → boolean, a RegExp, or the exact string). */
  async waitForURL(test, { timeout = DEFAULT_TIMEOUT } = {}) {
    const ok = typeof test === 'function' ? (u) => test(new URL(u)) : test instanceof RegExp ? (u) => test.test(u) : (u) => u === test;
    const deadline = Date.now() + timeout;
    let url;
    for (;;) {
      // A page navigating by itself (a redirect the app makes) has no document to ask for a moment.
      let asked = true;
      url = await this.url().catch((e) => { asked = false; return `(navigating: ${e.message})`; });
      if (asked && ok(url)) return url;
      if (Date.now() > deadline) throw new Error(`URL did not become ${test} within ${timeout} ms: ${url}`);
      await sleep(100);
    }
  }

  /** Polls the async `read()` until it equals `value`. */
  async becomes(read, value, { timeout = DEFAULT_TIMEOUT, what = 'value' } = {}) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      last = await read();
      if (JSON.stringify(last) === JSON.stringify(value)) return;
      if (Date.now() > deadline) throw new Error(`${what} is ${JSON.stringify(last)}, expected ${JSON.stringify(value)}`);
      await sleep(100);
    }
  }
}

export class Locator extends Finder {
  constructor(page, chain) { super(); this.page = page; this.chain = chain; }
  _step(step) { return new Locator(this.page, [...this.chain, step]); }
  nth(n) { return this._step({ k: 'nth', n }); }
  first() { return this.nth(0); }
  last() { return this.nth(-1); }
  filter({ hasText, exact }) { return this._step({ k: 'hasText', name: nameSpec(hasText, exact) }); }
  toString() { return describe(this.chain); }

  _all() { return `(${FIND})(${JSON.stringify(this.chain)})`; }
  count() { return this.page.tab.evaluate(`${this._all()}.length`); }

  /** `fn(element, arg)` in the page, for the first match. */
  async evaluate(fn, arg) {
    await this.waitFor();
    return this.page.tab.evaluate(`(${fn})(${this._all()}[0], ${JSON.stringify(arg ?? null)})`);
  }

  /** `fn(elements, arg)` in the page, for every match (none is fine). */
  evaluateAll(fn, arg) { return this.page.tab.evaluate(`(${fn})(${this._all()}, ${JSON.stringify(arg ?? null)})`); }

  /** Waits until it is there and visible (`state: 'hidden'`: until it is not). */
  async waitFor({ state = 'visible', timeout = DEFAULT_TIMEOUT } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const n = await this.count().catch(() => 0);
      if (state === 'visible' ? n > 0 : n === 0) return;
      if (Date.now() > deadline) {
        const url = await this.page.url().catch(() => '?');
        const body = state === 'visible' ? await this.page.evaluate(() => document.body?.innerText.slice(0, 600)).catch(() => '?') : '';
        throw new Error(`${state === 'visible' ? 'no' : 'still a'} ${this} after ${timeout} ms at ${url}${body ? `\npage text: ${body}` : ''}`);
      }
      await sleep(100);
    }
  }

  /** Retries an action on a fresh element until it works (the app may redraw in between). */
  async _act(action, timeout = DEFAULT_TIMEOUT) {
    const deadline = Date.now() + timeout;
    for (;;) {
      await this.waitFor({ timeout: Math.max(0, deadline - Date.now()) });
      let error;
      try {
        const el = await this.page.tab.element(`${this._all()}[0] ?? null`);
        if (el) return await action(el);
      } catch (e) { error = e; }
      if (Date.now() > deadline) throw new Error(`could not act on ${this}: ${error?.message ?? 'gone'}`);
      await sleep(100);
    }
  }

  click() { return this._act((el) => this.page.tab.click(el)); }

  /** Replaces the field's text by typing, as a person does (select all, type over it). */
  async fill(text) {
    await this.evaluate((el) => { el.focus(); el.select?.(); });
    if (text === '') await this.page.tab.press('Backspace');
    else await this.page.tab.type(text);
    await this.page.becomes(() => this.value(), text, { what: `value of ${this}` });
  }

  async setChecked(checked) {
    if ((await this.evaluate((el) => el.checked)) !== checked) await this.click();
    await this.page.becomes(() => this.evaluate((el) => el.checked), checked, { what: `checked state of ${this}` });
  }

  check() { return this.setChecked(true); }
  uncheck() { return this.setChecked(false); }

  /** Picks the option with this visible label, as the select's own change would. */
  async selectOption(label) {
    const ok = await this.evaluate((el, want) => {
      const option = [...el.options].find((o) => o.textContent.replace(/\s+/g, ' ').trim() === want);
      if (!option) return false;
      el.focus();
      el.value = option.value;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
      return true;
    }, label);
    if (!ok) throw new Error(`${this} has no option “${label}”`);
  }

  textContent() { return this.evaluate((el) => el.textContent.replace(/[\s\u00a0]+/g, ' ').trim()); }
  textContents() { return this.evaluateAll((els) => els.map((el) => el.textContent.replace(/[\s\u00a0]+/g, ' ').trim())); }
  attr(name) { return this.evaluate((el, n) => el.getAttribute(n), name); }
  attrs(name) { return this.evaluateAll((els, n) => els.map((el) => el.getAttribute(n)), name); }
  value() { return this.evaluate((el) => el.value); }
  isFocused() { return this.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)); }
}
