// The browser's Intl for the chosen language (src/i18n/catalog.rs): plural categories and
// numbers, with no CLDR data in the wasm; and the catalogs' modules, imported when used.
let plural = null;
let numbers = null;

export function use_language(tag, rtl) {
  plural = new Intl.PluralRules(tag);
  numbers = new Intl.NumberFormat(tag);
  document.documentElement.lang = tag;
  document.documentElement.dir = rtl ? 'rtl' : 'ltr';
}

export function plural_category(n) {
  return plural ? plural.select(n) : (n === 1 ? 'one' : 'other');
}

export function format_number(n) {
  return numbers ? numbers.format(n) : n.toLocaleString('en');
}

export function import_catalog(tag) {
  const url = globalThis.__auditConsoleCatalogs?.[tag];
  return url ? import(url).then((m) => m.default) : Promise.reject(new Error(`no ${tag} catalog`));
}
