// Post-build step: every language but English (built into the wasm by build.rs) as a hashed
// module of the build, `locales/<tag>-<hash>.js`: `export default "…"`, its messages in the
// order of English's keys sorted (the ids build.rs gives them), `\0` between them, empty where one
// is missing (English stands in). index.html's start-up script learns their names
// (`globalThis.__auditConsoleCatalogs`); the app imports one only when it is used
// (src/i18n/load.rs), and the service worker precaches them with the build's other hashed files.
// Runs before scripts/externalize-boot.mjs, which moves that script into its own file.
// Usage: node scripts/i18n-catalogs.mjs DIST
import { readFileSync, writeFileSync, readdirSync, mkdirSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const dist = process.argv[2];
if (!dist) { console.error('usage: node scripts/i18n-catalogs.mjs DIST'); process.exit(2); }
const locales = new URL('../locales/', import.meta.url);
const read = (file) => JSON.parse(readFileSync(new URL(file, locales), 'utf8'));
// Byte order, as Rust's BTreeMap in build.rs (keys are a-z, 0-9, '.', '_').
const keys = Object.keys(read('en.json')).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** One message as src/i18n/catalog.rs keeps it (build.rs encodes English the same way): a text as
 *  it is, a plural as `\u0001category\u0002text` per form, a missing one as "" (English's). */
function encode(tag, key, value) {
  const plain = (s) => {
    if (typeof s !== 'string' || /[\u0000-\u001f]/.test(s)) throw new Error(`${tag}: ${key} is not one line of text`);
    return s;
  };
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return plain(value);
  return Object.entries(value).map(([category, text]) => `\u0001${category}\u0002${plain(text)}`).join('');
}

const out = join(dist, 'locales');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const urls = {};
for (const file of readdirSync(locales).filter((f) => f.endsWith('.json') && f !== 'en.json').sort()) {
  const tag = file.slice(0, -'.json'.length);
  const catalog = read(file);
  const body = `export default ${JSON.stringify(keys.map((k) => encode(tag, k, catalog[k])).join('\0'))};\n`;
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  const name = `${tag}-${hash}.js`;
  writeFileSync(join(out, name), body);
  urls[tag] = `locales/${name}`;
}

const indexPath = join(dist, 'index.html');
const html = readFileSync(indexPath, 'utf8');
const mark = '<script type="module">';
if (!html.includes(mark)) { console.error('i18n-catalogs: no inline start-up script in', indexPath); process.exit(1); }
// Under the app's public path, which the start-up script (scripts/externalize-boot.mjs) has set
// as __auditConsoleBase by the time this line runs.
const line = `globalThis.__auditConsoleCatalogs = Object.fromEntries(Object.entries(${JSON.stringify(urls)})`
  + '.map(([t, u]) => [t, globalThis.__auditConsoleBase + u]));';
writeFileSync(indexPath, html.replace(mark, `${mark}${line}\n`));
console.log(`i18n-catalogs: ${Object.keys(urls).length} catalogs (${keys.length} messages each)`);
