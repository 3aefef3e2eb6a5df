// Writes precompressed copies beside every asset of a build — `name.br` (brotli, quality 11) and
// `name.gz` (gzip -9) — so a static host serves them with `Content-Encoding` instead of
// compressing on every request (nginx `gzip_static`/`brotli_static`, demo-api, CloudFront).
// `config.json` is left alone: operators edit it after the build, and a stale `.br` beside it
// would be served instead of their edit. Usage: node scripts/precompress.mjs DIST
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { cacheClass, original } from './hashed-files.mjs';

const dist = process.argv[2];
if (!dist) { console.error('usage: node scripts/precompress.mjs DIST'); process.exit(2); }
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.wasm', '.css', '.svg', '.txt']);
let written = 0;
// Every file, sub-folders included (wasm-bindgen's JavaScript snippets sit in `snippets/`).
for (const name of readdirSync(dist, { recursive: true })) {
  const path = join(dist, name);
  if (!statSync(path).isFile() || !COMPRESSIBLE.has(extname(name))) continue;
  const raw = readFileSync(path);
  const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
  const gz = gzipSync(raw, { level: 9 });
  // Only where it saves bytes (a tiny file can grow).
  if (br.length < raw.length) { writeFileSync(`${path}.br`, br); written += 1; }
  if (gz.length < raw.length) { writeFileSync(`${path}.gz`, gz); written += 1; }
}
console.log(`precompressed ${written} files in ${dist}`);
// Every file must be either hashed (cached for a year) or one of the few revalidated ones
// (scripts/hashed-files.mjs): a new or renamed asset that is neither would be served no-cache by
// the hosts' rules, or worse, cached forever under a name that changes content. Fail the build.
const unknown = readdirSync(dist, { recursive: true })
  .map(String)
  .filter((f) => statSync(join(dist, f)).isFile() && cacheClass(original(f)) === null);
if (unknown.length) {
  console.error(`precompress: not covered by the hashed-file rule (scripts/hashed-files.mjs): ${unknown.join(', ')}`);
  process.exit(1);
}
