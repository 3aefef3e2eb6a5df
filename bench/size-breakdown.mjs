// Where the first load's bytes go: the app's wasm by crate and by function, from twiggy (crates.io,
// `cargo install twiggy`) on the release build before wasm-bindgen and wasm-opt (which keeps the
// function names; wasm-opt -Oz then shrinks every part, so the shares, not the bytes, carry over).
// Prints a Markdown table for BENCHMARKS.md ("Size breakdown").
// Usage: node bench/size-breakdown.mjs [path/to/audit-console.wasm]   (after scripts/test or build_app)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../e2e/lib/harness.mjs';

const wasm = process.argv[2] ?? join(ROOT, 'target', 'wasm32-unknown-unknown', 'release', 'audit-console.wasm');
const csv = execFileSync('twiggy', ['top', '-n', '1000000', '-f', 'csv', wasm], { encoding: 'utf8', maxBuffer: 1 << 28 });

/** Splits one CSV line (twiggy quotes names that hold commas or quotes). */
function fields(line) {
  const out = [];
  let cur = '', quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') quoted = false; else cur += c;
    } else if (c === '"') quoted = true; else if (c === ',') { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur);
  return out;
}

/** The crate a function belongs to: the first path segment of its (demangled) name, or what it is. */
function crateOf(name) {
  if (/^(custom section|"?function names|data segment|type\[|import |export |elem|table|memory|global)/.test(name)) {
    if (name.startsWith('data segment')) return '(static data: strings, tables)';
    return '(wasm structure)';
  }
  const m = name.replace(/^<+/, '').replace(/^(impl |dyn |&mut |&)/, '').match(/^([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::/);
  if (!m) return '(unnamed: closures, shims)';
  return m[1] === 'audit_console' ? 'audit_console (this app)' : m[1];
}

const rows = csv.trim().split('\n').slice(1).map(fields);
const total = rows.reduce((s, r) => s + Number(r[1]), 0);
// Not shipped: the names, wasm-bindgen's metadata and its descriptor functions (wasm-bindgen
// reads and removes them).
const shipped = rows.filter((r) => !/function names|__wasm_bindgen_unstable|__wbindgen_describe/.test(r[0]));
const shippedTotal = shipped.reduce((s, r) => s + Number(r[1]), 0);
const byCrate = new Map();
for (const [name, size] of shipped) byCrate.set(crateOf(name), (byCrate.get(crateOf(name)) ?? 0) + Number(size));
const pct = (n) => `${((100 * n) / shippedTotal).toFixed(1)}%`;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

console.log(`wasm before wasm-bindgen and wasm-opt: ${kb(total)}, of which ${kb(shippedTotal)} ships (names, metadata and wasm-bindgen's descriptors are removed).\n`);
console.log('| crate | size | share |\n|---|---:|---:|');
for (const [crate, size] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, 18)) console.log(`| ${crate} | ${kb(size)} | ${pct(size)} |`);
console.log('\n| largest functions | size |\n|---|---:|');
for (const [name, size] of shipped.filter((r) => !r[0].startsWith('data segment')).slice(0, 12)) {
  console.log(`| \`${name.replace(/::h[0-9a-f]{16}$/, '').replace(/\|/g, '\\|').slice(0, 110)}\` | ${kb(Number(size))} |`);
}
