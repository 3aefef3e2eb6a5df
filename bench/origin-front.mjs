// An HTTP front for bench/returning-open.mjs, as nginx in front of an application server would be:
// it serves a few files of its own (bench/vanilla.html as `/__vanilla.html`, `no-cache` like any
// HTML a static host revalidates, and without the app's CSP, which forbids the vanilla page's
// inline script) and passes every other request through to `target` (demo-api: the API and the
// built app with its own cache headers), unchanged. It logs every request it receives (method,
// path, time), which is how the benchmark counts requests and CORS preflights per open.
import http from 'node:http';
import { readFileSync } from 'node:fs';

const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

/**
 * @param {{target: string, files?: Record<string, string>}} o  target "http://127.0.0.1:port";
 *   files maps a path to a file served as text/html.
 * @returns {Promise<{url: string, port: number, log: {method: string, path: string, at: number}[], close: () => Promise<void>}>}
 */
export async function startOriginFront({ target, files = {} }) {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const bodies = Object.fromEntries(Object.entries(files).map(([p, f]) => [p, readFileSync(f)]));
  const log = [];
  const server = http.createServer((req, res) => {
    const path = req.url.split('?')[0];
    log.push({ method: req.method, path: req.url, at: performance.now() });
    if (bodies[path] && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache', 'Content-Length': bodies[path].length });
      return res.end(req.method === 'HEAD' ? undefined : bodies[path]);
    }
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !HOP.has(k)));
    const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent }, (answer) => {
      const back = Object.fromEntries(Object.entries(answer.headers).filter(([k]) => !HOP.has(k)));
      res.writeHead(answer.statusCode, back);
      answer.pipe(res);
    });
    out.on('error', (e) => { if (!res.headersSent) res.writeHead(502); res.end(String(e)); });
    req.pipe(out);
  });
  server.keepAliveTimeout = 120_000;
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    close: () => new Promise((r) => { agent.destroy(); server.closeAllConnections?.(); server.close(() => r()); }),
  };
}
