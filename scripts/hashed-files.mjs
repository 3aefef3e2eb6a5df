// The one rule for which files of a build may be cached forever. Every place that needs it reads
// it from here (scripts/precompress.mjs, e2e/size-budget.mjs) or is held to it by a test over a
// real build (e2e/deploy.test.mjs: deploy/nginx.conf's map states these expressions, nginx on
// loopback and demo-api answer every file of dist/ as this rule says; DEPLOY.md's S3 notes quote it).
//
// Hashed: a name Trunk (or scripts/externalize-boot.mjs) gives a content hash — `name-<hash>.ext`
// or wasm-bindgen's `name-<hash>_bg.wasm`, where the hash is 1 to 16 lowercase hex digits (Trunk
// writes a 64-bit hash without leading zeros: `main-b0659befe5d8bc6.css` has 15) — and every
// script inside wasm-bindgen's `snippets/<crate>-<hash>/` folder. These: `public, max-age=31536000,
// immutable`. Revalidated (`no-cache`): the few files whose name stays while their content
// changes. Anything else in a build is an error: a new asset must be one or the other.

/** Files served `no-cache`: fixed names whose content changes with a deploy or an edit. */
export const REVALIDATED = ['index.html', '404.html', 'config.json', 'sw.js', '_redirects'];

/** A hashed name, matched against the path's end. */
export const HASHED_NAME = /-[0-9a-f]{1,16}(_bg)?\.(js|wasm|css|svg)$/;
/** A script in wasm-bindgen's snippets folder (its folder name carries the hash). */
export const HASHED_SNIPPET = /\/snippets\/[^/]+-[0-9a-f]{1,16}\/.+\.js$/;

/** The Cache-Control a host sends for `path` (relative to the build, e.g. `snippets/…/rows.js`,
 *  or a URL path): "immutable", "no-cache", or null when the rule does not know the file. */
export function cacheClass(path) {
  const p = `/${path.replace(/^\/+/, '')}`;
  if (HASHED_NAME.test(p) || HASHED_SNIPPET.test(p)) return 'immutable';
  if (REVALIDATED.includes(p.split('/').pop())) return 'no-cache';
  return null;
}

/** The header values for each class. */
export const CACHE_CONTROL = { immutable: 'public, max-age=31536000, immutable', 'no-cache': 'no-cache' };

/** A precompressed copy (`name.br`, `name.gz`) is served for its original, under its rule. */
export const original = (path) => path.replace(/\.(br|gz)$/, '');
