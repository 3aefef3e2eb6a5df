// The release build as deployed: a plain static server under /audit/, the API on another origin
// (CORS), the production Content-Security-Policy. Sign-in → list → event → deep link, with no
// CSP violation. Then the same-origin deployment DEPLOY.md leads with: deploy/nginx.conf on
// loopback, and the one rule for hashed files (scripts/hashed-files.mjs) over real builds.
// Needs dist/ and dist-audit/ (scripts/test builds them; dist-django/ too, checked when present).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdtempSync, rmSync, cpSync, chmodSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { cacheClass, CACHE_CONTROL, HASHED_NAME, HASHED_SNIPPET } from '../scripts/hashed-files.mjs';
import { startDemoApi, launchBrowser, openPage, signIn, ROOT } from './lib/harness.mjs';
import { atList } from './lib/harness.mjs';
import { startStaticServer } from './lib/static-server.mjs';

const DIST = join(ROOT, 'dist-audit');
let web, api, browser;
before(async () => {
  assert.ok(existsSync(join(DIST, 'index.html')), 'dist-audit/ is built by scripts/test');
  web = await startStaticServer({ dir: DIST, prefix: '/audit/' });
  api = await startDemoApi({ events: 500, dist: null, args: ['--cors-origin', web.url] });
  // What a deployer writes: the CSP naming the API origin, and config.json pointing at the API.
  web.settings.csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    + `connect-src 'self' ${api.url}; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;
  web.settings.overrides = { '/audit/config.json': JSON.stringify({ api_base_url: api.api, content_types: { 6: 'orders.order' } }) };
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await web?.close();
  await api?.stop();
});

/** A page that records CSP violations. */
async function cspPage(options) {
  const session = await openPage(browser, options);
  await session.context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return session;
}

test('served under /audit/ from a static host, API on another origin, strict CSP', async () => {
  const { page, context, assertClean } = await cspPage();
  await page.goto(web.url + '/audit/');
  await page.waitForURL(/\/audit\/sign-in\?next=%2F$/);
  assert.equal(await page.getByLabel('API base URL').inputValue(), api.api);
  await signIn(page, api);
  await page.waitForURL(atList(web.url + '/audit/'));
  await page.getByRole('table').waitFor();
  await page.getByText('of 500').first().waitFor();
  const link = page.locator('table.events tbody tr').first().locator('td.time a');
  const href = await link.getAttribute('href');
  assert.match(href, /^\/audit\/events\/[0-9a-f-]{36}$/);
  await link.click();
  await page.waitForURL(web.url + href);
  await page.getByRole('heading', { name: 'Event', exact: true }).waitFor();
  // Deep link through the host's fallback, then in a fresh browser through sign-in.
  await page.reload();
  await page.getByRole('heading', { name: 'Event', exact: true }).waitFor();
  const fresh = await cspPage();
  await fresh.page.goto(web.url + href + '?from=share');
  await fresh.page.waitForURL(/\/audit\/sign-in\?next=/);
  await signIn(fresh.page, api);
  await fresh.page.waitForURL(web.url + href + '?from=share');
  await fresh.page.getByRole('heading', { name: 'Event', exact: true }).waitFor();
  for (const p of [page, fresh.page]) assert.deepEqual(await p.evaluate(() => window.__csp), []);
  // A missing asset stays 404 (not index.html).
  assert.equal((await fetch(web.url + '/audit/missing.js')).status, 404);
  fresh.assertClean();
  assertClean();
  await fresh.context.close();
  await context.close();
});

// --- The one rule for hashed files (scripts/hashed-files.mjs), held over real builds -------------

/** Every file of a build, relative, without its precompressed copies (served under the original's rule). */
function buildFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => statSync(join(dir, f)).isFile() && !/\.(br|gz)$/.test(f));
}

test('every file of every build is either revalidated or hashed: none can lose its caching silently', () => {
  for (const name of ['dist', 'dist-audit', 'dist-django']) {
    const dir = join(ROOT, name);
    if (name === 'dist-django' && !existsSync(dir)) continue; // built by scripts/test for the Django package
    const files = buildFiles(dir);
    assert.ok(files.length >= 8, `${name} is built`);
    const unknown = files.filter((f) => cacheClass(f) === null);
    assert.deepEqual(unknown, [], `${name}: files neither revalidated nor hashed by scripts/hashed-files.mjs`);
    // The first-load assets are the hashed ones; config.json is revalidated, never immutable.
    for (const f of files.filter((f) => /\.(wasm|css)$/.test(f) || /^boot-/.test(f))) assert.equal(cacheClass(f), 'immutable', f);
    assert.equal(cacheClass('config.json'), 'no-cache');
  }
  // What Trunk can write: 1 to 16 hex digits (its hash has no leading zeros).
  assert.equal(cacheClass('main-b0659befe5d8bc6.css'), 'immutable');
  assert.equal(cacheClass('audit/main-1f7128a4a7cfe292.css'), 'immutable');
  assert.equal(cacheClass('config.json'), 'no-cache');
  assert.equal(cacheClass('main-.css'), null);
});

test('deploy/nginx.conf states the same rule', () => {
  const conf = readFileSync(join(ROOT, 'deploy', 'nginx.conf'), 'utf8');
  const start = conf.indexOf('map $uri $audit_cache_control {');
  const map = conf.slice(start, conf.indexOf('\n}', start));
  const immutable = [...map.matchAll(/"~([^"]+)"\s+"public, max-age=31536000, immutable";/g)].map((m) => m[1]);
  const unescape = (re) => re.source.replace(/\\\//g, '/');
  assert.deepEqual(immutable, [unescape(HASHED_NAME), unescape(HASHED_SNIPPET)]);
  assert.match(map, /default\s+"no-cache";/);
});

test('demo-api answers every file of the build by the rule, config.json no-cache', async () => {
  const served = await startDemoApi({ events: 10, dist: join(ROOT, 'dist') });
  try {
    for (const f of buildFiles(join(ROOT, 'dist'))) {
      if (f === 'config.json') continue; // demo-api answers its own, below
      const r = await fetch(`${served.url}/${f}`, { headers: { 'Accept-Encoding': 'br' } });
      assert.equal(r.status, 200, f);
      assert.equal(r.headers.get('cache-control'), CACHE_CONTROL[cacheClass(f)], f);
    }
    const config = await fetch(`${served.url}/config.json`);
    assert.equal(config.headers.get('cache-control'), 'no-cache');
  } finally {
    await served.stop();
  }
});

const NGINX = '/usr/sbin/nginx';

/** deploy/nginx.conf on loopback: only the listen address, root, upstream and TLS lines changed. */
async function startNginx({ root, upstream }) {
  const dir = mkdtempSync(join(tmpdir(), 'audit-nginx-'));
  const port = await new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
  const site = readFileSync(join(ROOT, 'deploy', 'nginx.conf'), 'utf8')
    .replace('listen 443 ssl;', `listen 127.0.0.1:${port};`)
    .replace('root /srv/www;', `root ${root};`)
    .replace('server 127.0.0.1:8000;', `server ${upstream};`);
  assert.ok(site.includes(`listen 127.0.0.1:${port};`) && site.includes(`root ${root};`) && site.includes(`server ${upstream};`));
  writeFileSync(join(dir, 'site.conf'), site);
  writeFileSync(join(dir, 'nginx.conf'), `daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log warn;
events { worker_connections 256; }
http { access_log off; client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  include ${dir}/site.conf; }\n`);
  const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (c) => { log += c; });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i += 1) {
    if (child.exitCode !== null) throw new Error(`nginx exited ${child.exitCode}: ${log}`);
    if (await fetch(`${url}/audit/`).then(() => true, () => false)) break;
    if (i > 100) throw new Error(`nginx did not answer: ${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async close() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGQUIT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

test('the nginx example on loopback: same origin, the rule for every file, the console through it', { skip: !existsSync(NGINX) && 'nginx is not installed (scripts/setup installs Debian\'s nginx-light)' }, async () => {
  // The site root as DEPLOY.md has it: the /audit/ build copied to <root>/audit/, config.json
  // edited for the same origin.
  const root = mkdtempSync(join(tmpdir(), 'audit-www-'));
  chmodSync(root, 0o755); // nginx's workers run as another user
  cpSync(join(ROOT, 'dist-audit'), join(root, 'audit'), { recursive: true });
  writeFileSync(join(root, 'audit', 'config.json'), JSON.stringify({ api_base_url: '/api/v1', content_types: { 6: 'orders.order' } }));
  const backend = await startDemoApi({ events: 300, dist: null });
  const nginx = await startNginx({ root, upstream: new URL(backend.url).host });
  try {
    for (const f of buildFiles(join(root, 'audit'))) {
      const r = await fetch(`${nginx.url}/audit/${f}`, { headers: { 'Accept-Encoding': 'gzip' } });
      assert.equal(r.status, 200, f);
      assert.equal(r.headers.get('cache-control'), CACHE_CONTROL[cacheClass(f)], f);
      assert.match(r.headers.get('content-security-policy') ?? '', /connect-src 'self';/, f);
    }
    const deep = await fetch(`${nginx.url}/audit/events/00000000-0000-4000-8000-000000000000?x=1`);
    assert.equal(deep.status, 200);
    assert.equal(deep.headers.get('cache-control'), 'no-cache');
    assert.match(await deep.text(), /<script type="module" src="\/audit\/boot-/);
    assert.equal((await fetch(`${nginx.url}/audit/missing.js`)).status, 404);
    // The API through the same origin: its own answers, untouched.
    const unauthorised = await fetch(`${nginx.url}/api/v1/audit-events/`);
    assert.equal(unauthorised.status, 401);
    // The console, signed in through nginx: not one preflight.
    const { page, context, assertClean } = await cspPage();
    const methods = [];
    page.on('request', (r) => { if (r.url().includes('/api/')) methods.push(r.method()); });
    await page.goto(`${nginx.url}/audit/`);
    await page.waitForURL(/\/audit\/sign-in\?next=%2F$/);
    assert.equal(await page.getByLabel('API base URL').inputValue(), `${nginx.url}/api/v1`);
    await signIn(page, { api: `${nginx.url}/api/v1`, token: backend.token });
    await page.getByRole('table').waitFor();
    await page.getByText('of 300').first().waitFor();
    assert.ok(methods.length > 0);
    assert.deepEqual([...new Set(methods)], ['GET'], 'same origin: no OPTIONS');
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
    assertClean();
    await context.close();
  } finally {
    await nginx.close();
    await backend.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
