// The /audit/ build as a split deployment a test can deploy over: a copy of dist-audit/ on a
// static host under /audit/, the API on demo-api (another origin, CORS), the production CSP
// naming it, config.json pointing at it (e2e/service-worker.test.mjs and its core-suite twin).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoApi, ROOT } from './harness.mjs';
import { startStaticServer } from './static-server.mjs';

/** @returns {Promise<{dir: string, web: object, backend: object, close: () => Promise<void>}>} */
export async function subPathSite({ events = 120, label = 'sw' } = {}) {
  const dir = mkdtempSync(join(tmpdir(), `audit-${label}-`));
  cpSync(join(ROOT, 'dist-audit'), dir, { recursive: true });
  const web = await startStaticServer({ dir, prefix: '/audit/' });
  const backend = await startDemoApi({ events, dist: null, args: ['--cors-origin', web.url] });
  web.settings.csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    + `connect-src 'self' ${backend.url}; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;
  web.settings.overrides = { '/audit/config.json': JSON.stringify({ api_base_url: backend.api }) };
  return {
    dir, web, backend,
    async close() { await web.close(); await backend.stop(); rmSync(dir, { recursive: true, force: true }); },
  };
}
