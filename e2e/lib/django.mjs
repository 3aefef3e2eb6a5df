// The console as the Django package serves it: the example project (integrations/django/example)
// on Django's dev server, with the real django-audit-events model and events created through it,
// the console mounted at /admin/audit/ from the placeholder build (dist-django/, built by
// scripts/test with `build_app dist-django /__audit_console__/`).
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './harness.mjs';

export const PYTHON = join(ROOT, '.venv-django', 'bin', 'python');
export const EXAMPLE = join(ROOT, 'integrations', 'django', 'example');
export const DJANGO_BUILD = join(ROOT, 'dist-django');
/** The example's staff user, and a signed-in user who is not staff. */
export const ADMIN = { username: 'admin', password: 'admin-password' };
export const GUEST = { username: 'reader', password: 'reader-password' };

const run = promisify(execFile);

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/**
 * A fresh example project: its own SQLite file, `events` audit events seeded through the model,
 * the staff user ADMIN, a non-staff GUEST, an API token for the oracle, and `runserver`.
 * @returns {Promise<{url: string, console: string, api: string, token: string, stop: () => Promise<void>}>}
 */
export async function startDjango({ events = 600, token = 'django-e2e-token' } = {}) {
  if (!existsSync(join(DJANGO_BUILD, 'index.html'))) throw new Error('dist-django/ is built by scripts/test');
  const dir = mkdtempSync(join(tmpdir(), 'audit-django-'));
  const env = { ...process.env, EXAMPLE_DB: join(dir, 'db.sqlite3'), AUDIT_CONSOLE_BUILD_DIR: DJANGO_BUILD, PYTHONDONTWRITEBYTECODE: '1' };
  const manage = (...args) => run(PYTHON, ['manage.py', ...args], { cwd: EXAMPLE, env, maxBuffer: 1 << 24 });
  await manage('migrate', '--run-syncdb', '--verbosity', '0');
  await manage('seed_audit_events', '--events', String(events), '--token', token);
  await manage('shell', '-c', [
    'from django.contrib.auth import get_user_model',
    'U = get_user_model()',
    `U.objects.create_superuser(${JSON.stringify(ADMIN.username)}, "admin@example.com", ${JSON.stringify(ADMIN.password)})`,
    `U.objects.create_user(${JSON.stringify(GUEST.username)}, "reader@example.com", ${JSON.stringify(GUEST.password)})`,
  ].join('\n'));
  const port = await freePort();
  const child = spawn(PYTHON, ['manage.py', 'runserver', '--noreload', `127.0.0.1:${port}`], { cwd: EXAMPLE, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (c) => { log += c; });
  child.stderr.on('data', (c) => { log += c; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`runserver exited ${child.exitCode}:\n${log}`);
    const up = await fetch(`${url}/admin/login/`).then((r) => r.ok, () => false);
    if (up) break;
    if (Date.now() > deadline) throw new Error(`runserver did not answer:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    console: `${url}/admin/audit/`,
    api: `${url}/admin/audit/api/v1`,
    token,
    env,
    log: () => log,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A signed-in session cookie for `user` (the admin's login form takes staff only, so a user who
 *  is not staff gets theirs the way the site's own login would make it). */
export async function sessionCookieFor(server, user) {
  const { stdout } = await run(PYTHON, ['manage.py', 'shell', '-c', [
    'from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY',
    'from django.contrib.sessions.backends.db import SessionStore',
    `u = get_user_model().objects.get(username=${JSON.stringify(user.username)})`,
    's = SessionStore()',
    's[SESSION_KEY] = str(u.pk)',
    's[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"',
    's[HASH_SESSION_KEY] = u.get_session_auth_hash()',
    's.create()',
    'print(s.session_key)',
  ].join('\n')], { cwd: EXAMPLE, env: server.env });
  // The last line: Django's shell first says what it imported.
  return { name: 'sessionid', value: stdout.trim().split('\n').pop(), url: server.url };
}

/** Signs in on the Django admin's own login form, as a person does. */
export async function adminLogin(page, user = ADMIN) {
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
}
