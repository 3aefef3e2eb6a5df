// Post-build step: writes the build's service worker, `sw.js`, from src/shell/service_worker.js
// with this build's file list: every hashed file of the build (scripts/hashed-files.mjs), the
// start-up script's name (the page must name it), and a version that changes whenever any file
// or index.html does. Usage: node scripts/service-worker.mjs DIST
//
// Hand-written rather than Workbox (workbox-build's generateSW): the worker is ~100 lines with
// exactly the rules this app needs — config.json revalidated and announced, the app's routes
// answered with index.html, API paths under the same scope left alone, the build checked whole —
// while generateSW brings a bundler toolchain (rollup, babel) into the build and a runtime whose
// navigation and revalidation rules would each need overriding; the file list is the part worth
// generating, and it is generated here from the one hashed-file rule.
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheClass } from './hashed-files.mjs';

const dist = process.argv[2];
if (!dist) { console.error('usage: node scripts/service-worker.mjs DIST'); process.exit(2); }
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const template = readFileSync(join(root, 'src', 'shell', 'service_worker.js'), 'utf8');
const MARK = '/*__AUDIT_CONSOLE_BUILD__*/';
if (!template.includes(MARK)) { console.error('service-worker: the template lost its build mark'); process.exit(1); }

const files = readdirSync(dist, { recursive: true }).map(String)
  .filter((f) => statSync(join(dist, f)).isFile() && !/\.(br|gz)$/.test(f) && cacheClass(f) === 'immutable')
  .sort();
const index = readFileSync(join(dist, 'index.html'), 'utf8');
const boot = files.find((f) => /^boot-[0-9a-f]+\.js$/.test(f));
if (!boot || !index.includes(boot)) { console.error('service-worker: no start-up script named by index.html'); process.exit(1); }
const version = createHash('sha256').update(JSON.stringify(files)).update(index).digest('hex').slice(0, 16);
const build = `const BUILD = ${JSON.stringify({ version, boot, files })};`;
writeFileSync(join(dist, 'sw.js'), template.replace(MARK, build));
console.log(`service-worker: sw.js for build ${version} (${files.length} files)`);
