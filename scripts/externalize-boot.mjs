// Post-build step: Trunk inlines its start-up script in index.html, which a strict
// Content-Security-Policy (script-src 'self') forbids. This moves it into boot-<hash>.js next to
// index.html, and makes it record the app's public path (read by the router, since the CSP's
// `base-uri 'none'` rules out a <base> element). Also writes the static hosts' SPA fallbacks:
// 404.html (GitHub Pages) and _redirects (Netlify), and preloads config.json.
// Usage: node scripts/externalize-boot.mjs DIST PUBLIC_URL
import { readFileSync, writeFileSync, readdirSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const [dist = 'dist', publicUrl = '/'] = process.argv.slice(2);
const base = publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`;
const indexPath = join(dist, 'index.html');
let html = readFileSync(indexPath, 'utf8');
const inline = html.match(/<script type="module">([\s\S]*?)<\/script>/);
if (!inline) {
  if (/<script type="module" src=/.test(html)) process.exit(0); // already done
  console.error('externalize-boot: no inline module script in', indexPath);
  process.exit(1);
}
// The list's first request, sent here before the wasm starts (src/list/early_request.js, inlined:
// an import would cost a round trip of its own). Its comments are left out here, not in the
// source: every open downloads this script, a first visit's too.
const inlined = (file) => readFileSync(new URL(file, import.meta.url), 'utf8')
  .replace(/^export /gm, '')
  .replace(/^\s*\/\*\*[\s\S]*?\*\/\s*$/gm, '')
  .replace(/^\s*\/\/.*$/gm, '')
  .replace(/\n{2,}/g, '\n');
const early = inlined('../src/list/early_request.js');
// The language, chosen as soon as config.json is known, its catalog's import started
// (src/i18n/early_language.js).
const earlyLanguage = inlined('../src/i18n/early_language.js');
// The service worker (scripts/service-worker.mjs writes sw.js): registered once the first rows are
// on screen (the app calls __auditConsoleRegisterSw), or once the page has settled on any other
// page; a new build or a changed config.json is announced to the app ("audit-console:update").
const serviceWorker = `
(() => {
  const sw = navigator.serviceWorker;
  const base = globalThis.__auditConsoleBase;
  // Kept as a flag too: the news can come before the app is listening.
  const announce = () => {
    globalThis.__auditConsoleUpdateReady = true;
    dispatchEvent(new CustomEvent('audit-console:update'));
  };
  let asked = false;
  globalThis.__auditConsoleRegisterSw = () => {
    if (asked || !sw || !isSecureContext) return;
    asked = true;
    sw.register(base + 'sw.js', { scope: base }).then((reg) => {
      const watch = (w) => w && w.addEventListener('statechange', () => {
        if (w.state === 'installed' && sw.controller) announce();
      });
      if (reg.waiting && sw.controller) announce();
      watch(reg.installing);
      reg.addEventListener('updatefound', () => watch(reg.installing));
      setInterval(() => reg.update().catch(() => {}), 3600e3);
    }).catch(() => {});
  };
  sw?.addEventListener('message', (e) => { if (e.data?.type === 'audit-console:config-changed') announce(); });
  sw?.startMessages?.();
  globalThis.__auditConsoleApplyUpdate = async () => {
    const reg = await sw?.getRegistration(base).catch(() => null);
    if (reg?.waiting) {
      sw.addEventListener('controllerchange', () => location.reload());
      reg.waiting.postMessage({ type: 'audit-console:skip-waiting' });
      setTimeout(() => location.reload(), 3000);
    } else {
      location.reload();
    }
  };
  addEventListener('load', () => setTimeout(() => globalThis.__auditConsoleRegisterSw(), 4000));
})();
`;
// Trunk's start-up imports the wasm-bindgen glue statically, and a module's body runs only once
// its static imports have loaded: the glue is imported dynamically instead, so everything above
// it (config.json, the early list request) starts as soon as this script does, while the glue
// (preloaded by index.html) and the wasm load.
const trunkImport = /^import init, \* as bindings from '([^']+)';$/m;
if (!trunkImport.test(inline[1])) {
  console.error('externalize-boot: Trunk\'s start-up script changed (no `import init, * as bindings from …`)');
  process.exit(1);
}
const startApp = inline[1].trim()
  .replace(trunkImport, "const bindings = await import('$1');\nconst init = bindings.default;");
const boot = `// The app's public path, for the router and config.json (see scripts/externalize-boot.mjs).\n`
  + `globalThis.__auditConsoleBase = new URL('./', import.meta.url).pathname;\n`
  // The stored theme before the first paint (src/browser/theme.rs applies later changes).
  + `try { const t = localStorage.getItem('audit-console.theme');\n`
  + `  if (t === 'light' || t === 'dark') document.documentElement.dataset.theme = t; } catch {}\n`
  // config.json's answer, asked for before the wasm has even compiled (it takes the preloaded
  // response below); src/shell/mod.rs reads it from here.
  + `globalThis.__auditConsoleConfig = fetch(globalThis.__auditConsoleBase + 'config.json');\n`
  // The list's first request, as soon as config.json and the stored session are known.
  + `${earlyLanguage}\n${early}\n`
  // Settled once the request is sent or passed over: the app waits for it before it starts the
  // list (src/shell/mod.rs), so it always finds the request to adopt.
  // The language is chosen even when config.json cannot be read (its error is shown in it).
  + `globalThis.__auditConsoleEarlyReady = globalThis.__auditConsoleConfig.then((r) => r.clone().json()).catch(() => null).then((config) => {\n`
  + `  const language = startEarlyLanguage(config);\n`
  + `  if (!config) return;\n`
  + `  const base = globalThis.__auditConsoleBase;\n`
  + `  const path = location.pathname.startsWith(base) ? '/' + location.pathname.slice(base.length) : null;\n`
  + `  startEarlyList(path, location.search, config, language);\n`
  + `}).catch(() => {});\n`
  + serviceWorker
  + `${startApp}\n`;
const name = `boot-${createHash('sha256').update(boot).digest('hex').slice(0, 16)}.js`;
for (const f of readdirSync(dist)) if (/^boot-[0-9a-f]{16}\.js$/.test(f)) rmSync(join(dist, f));
writeFileSync(join(dist, name), boot);
html = html.replace(inline[0], `<script type="module" src="${base}${name}"></script>`);
// config.json is fetched while the wasm downloads and compiles, not after: the app's own request
// (src/shell/mod.rs, same URL, mode and credentials) takes this answer.
html = html.replace('</head>', `<link rel="preload" href="${base}config.json" as="fetch" crossorigin="anonymous"></head>`);
writeFileSync(indexPath, html);
writeFileSync(join(dist, '404.html'), html);
writeFileSync(join(dist, '_redirects'), `${base}* ${base}index.html 200\n`);
console.log(`externalize-boot: ${name} (public path ${base})`);
