// A TCP proxy that puts a network between the browser and a loopback server (bench/returning-open.mjs;
// issue #25): every chunk is delayed by half the round trip in each direction, in order, so an HTTP
// request and its answer cost one round trip whatever speaks HTTP behind it (demo-api with the API
// and `--dist`, a static server, bench/origin-front.mjs). Options:
// - `rttMs`: the round trip (each direction waits rttMs / 2).
// - `handshake` (default true): a new connection's first bytes leave one round trip after it was
//   accepted, as TCP's handshake would make them (the browser's own connect is on loopback, and
//   instant). A reused keep-alive connection pays nothing more, as on a real network.
// - `downBps` / `upBps`: a link of that many bits per second in each direction, shared by every
//   connection of this proxy (bytes queue behind each other, then travel the half round trip);
//   0 = unlimited.
// - `target`: "host:port", or a function returning it (read at each new connection, so proxies can
//   be started before the servers whose ports they need).
//
//   const p = await startLatencyProxy({ target: '127.0.0.1:8080', rttMs: 40 });  // → { url, close, stats }
import net from 'node:net';

/** Splits chunks larger than this when bandwidth is limited, so bytes arrive at the link's pace. */
const SLICE = 16 * 1024;

export async function startLatencyProxy({ target, rttMs = 40, handshake = true, downBps = 0, upBps = 0, host = '127.0.0.1' } = {}) {
  const oneWay = rttMs / 2;
  // The shared link of each direction: when it is free again (ms, performance.now()).
  const links = { up: { bps: upBps, freeAt: 0 }, down: { bps: downBps, freeAt: 0 } };
  const stats = { connections: 0, up: 0, down: 0 };
  const sockets = new Set();

  /** One direction of one connection: chunks delivered in order, each at its own due time. */
  function pipe(from, to, link, notBefore, counter) {
    const queue = [];
    let timer = null;
    let lastDue = 0;
    const drain = () => {
      timer = null;
      const now = performance.now();
      while (queue.length && queue[0].due <= now + 0.5) {
        const item = queue.shift();
        if (to.destroyed) return;
        if (item.end) to.end(); else to.write(item.chunk);
      }
      if (queue.length) timer = setTimeout(drain, Math.max(0, queue[0].due - performance.now()));
    };
    const push = (item, bytes) => {
      let depart = Math.max(performance.now(), notBefore);
      if (link.bps && bytes) {
        depart = Math.max(depart, link.freeAt) + (bytes * 8 * 1000) / link.bps;
        link.freeAt = depart;
      }
      // Never overtake an earlier chunk of this connection.
      const due = Math.max(depart + oneWay, lastDue);
      lastDue = due;
      queue.push({ ...item, due });
      if (!timer) timer = setTimeout(drain, Math.max(0, queue[0].due - performance.now()));
    };
    from.on('data', (chunk) => {
      stats[counter] += chunk.length;
      if (link.bps && chunk.length > SLICE) {
        for (let i = 0; i < chunk.length; i += SLICE) push({ chunk: chunk.subarray(i, i + SLICE) }, Math.min(SLICE, chunk.length - i));
      } else push({ chunk }, chunk.length);
    });
    from.on('end', () => push({ end: true }, 0));
  }

  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    stats.connections += 1;
    const accepted = performance.now();
    const [h, p] = (typeof target === 'function' ? target() : target).split(':');
    const upstream = net.connect({ host: h, port: Number(p), allowHalfOpen: true, noDelay: true });
    sockets.add(client); sockets.add(upstream);
    const closeBoth = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
    client.on('error', closeBoth); upstream.on('error', closeBoth);
    client.on('close', () => { if (upstream.writableEnded || upstream.destroyed) closeBoth(); });
    upstream.on('close', () => { if (client.writableEnded || client.destroyed) closeBoth(); });
    // Client → server: the request waits for the emulated handshake, then half a round trip.
    pipe(client, upstream, links.up, handshake ? accepted + rttMs : 0, 'up');
    pipe(upstream, client, links.down, 0, 'down');
  });
  await new Promise((r) => server.listen(0, host, r));
  const port = server.address().port;
  return {
    url: `http://${host}:${port}`,
    port,
    stats,
    /** Zeroes the counters (connections accepted, bytes each way). */
    resetStats() { stats.connections = 0; stats.up = 0; stats.down = 0; },
    close: () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}
