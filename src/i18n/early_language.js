// Which language a user gets, chosen by the start-up script as soon as config.json is known
// (scripts/externalize-boot.mjs inlines this file into boot-<hash>.js): the first of the user's
// preferences the build ships, matched as BCP 47 tags are, else English. Its catalog's import
// starts here, while the wasm still downloads; the list's early request asks the API in it
// (Accept-Language); the app installs what this chose (src/i18n/load.rs reads
// `__auditConsoleLanguage`). The rules' tests run this file in Node (src/i18n/negotiate.rs).

/** The shipped tag for one preference, or null: the same tag in any case (`pt-br`, Django's
 *  spelling, is `pt-BR`), else its language alone (`pt-PT` → `pt` → `pt-BR`, `de-AT` → `de`).
 *  Chinese is matched by script: `zh`, `zh-CN`, `zh-SG` and `zh-Hans-*` are Simplified; `zh-TW`,
 *  `zh-HK`, `zh-MO` and `zh-Hant-*` are Traditional, which the console does not ship. */
export function findLanguage(tag, shipped) {
  if (typeof tag !== 'string') return null;
  const subtags = tag.trim().split(/[-_]/);
  const primary = subtags[0].toLowerCase();
  if (!primary) return null;
  if (primary === 'zh') {
    const traditional = subtags.slice(1).some((p) => ['hant', 'tw', 'hk', 'mo'].includes(p.toLowerCase()));
    return traditional ? null : shipped.find((t) => t === 'zh-Hans') ?? null;
  }
  return shipped.find((t) => t.split('-')[0].toLowerCase() === primary) ?? null;
}

/** The first preference the build ships, else English. */
export function chooseLanguage(preferences, shipped) {
  for (const p of preferences) {
    const found = findLanguage(p, shipped);
    if (found) return found;
  }
  return 'en';
}

/** The user's languages, most preferred first: the Language menu's choice (the host's language
 *  cookie in session mode, so the admin and the console agree; this browser's storage otherwise,
 *  where browser::language::choose keeps it), config.json's language (in session mode the one
 *  Django chose for the request), then the browser's. */
function languagePreferences(config) {
  let chosen = null;
  const cookie = config.auth === 'session' && typeof config.language_cookie === 'string' ? config.language_cookie : null;
  try {
    if (cookie) {
      for (const pair of document.cookie.split(';')) {
        const i = pair.indexOf('=');
        if (i >= 0 && pair.slice(0, i).trim() === cookie) { chosen = pair.slice(i + 1); break; }
      }
    } else {
      chosen = localStorage.getItem('audit-console:language');
    }
  } catch { /* no storage: no choice */ }
  return [chosen, typeof config.language === 'string' ? config.language : null, ...(navigator.languages ?? [])]
    .filter((p) => typeof p === 'string');
}

/** Chooses the language for `config` (null when config.json could not be read) and starts its
 *  catalog's import: `__auditConsoleLanguage = { tag, catalog }`, `catalog` a promise of the
 *  messages (scripts/i18n-catalogs.mjs), none for English. Returns the tag. */
export function startEarlyLanguage(config) {
  const catalogs = globalThis.__auditConsoleCatalogs ?? {};
  const tag = chooseLanguage(languagePreferences(config ?? {}), ['en', ...Object.keys(catalogs)]);
  const catalog = catalogs[tag] ? import(catalogs[tag]).then((m) => m.default) : null;
  catalog?.catch(() => {}); // the app reads a failure as English
  globalThis.__auditConsoleLanguage = { tag, catalog };
  return tag;
}
