// A plain static file server, as a static host would be: files under a sub-path, the SPA fallback
// (index.html for route-like paths, 404 for missing assets), and the production CSP header.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { join, extname, normalize } from 'node:path';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };

/**
 * Serves `dir` under `prefix` (e.g. "/audit/"); `overrides` maps a path to a JSON body
 * (config.json), to `{ body, type }` for any other file, or to null for a 404.
 * `settings` (csp, overrides) can be changed after start, once the API's origin is known.
 * @returns {Promise<{url: string, settings: object, close: () => Promise<void>}>}
 */
export async function startStaticServer({ dir, prefix, csp = '', overrides = {} }) {
  const settings = { csp, overrides };
  const server = createServer(async (req, res) => {
    const { csp, overrides } = settings;
    const path = new URL(req.url, 'http://x').pathname;
    if (overrides[path] === null) { res.writeHead(404); return res.end(); }
    if (overrides[path]) {
      // A string is JSON (config.json); `{ body, type }` any other file (a replaced sw.js).
      const { body, type } = typeof overrides[path] === 'string' ? { body: overrides[path], type: 'application/json' } : overrides[path];
      res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-cache' });
      return res.end(body);
    }
    if (!path.startsWith(prefix)) { res.writeHead(404); return res.end(); }
    const rel = normalize(path.slice(prefix.length) || 'index.html');
    if (rel.startsWith('..')) { res.writeHead(404); return res.end(); }
    let file = join(dir, rel);
    const exists = await stat(file).then((s) => s.isFile(), () => false);
    if (!exists) {
      if (extname(rel)) { res.writeHead(404); return res.end(); }
      file = join(dir, 'index.html');
    }
    const headers = { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' };
    if (file.endsWith('.html')) Object.assign(headers, { 'Content-Security-Policy': csp, 'Cache-Control': 'no-cache' });
    if (file.endsWith('sw.js')) headers['Cache-Control'] = 'no-cache';
    res.writeHead(200, headers);
    res.end(await readFile(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, settings, close: () => new Promise((r) => server.close(r)) };
}
