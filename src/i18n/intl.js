// The browser's Intl for the chosen language (src/i18n/catalog.rs): plural categories and
// numbers and dates, with no CLDR data in the wasm.
let lang = 'en';
let plural = null;
let numbers = null;
const formats = new Map();

export function use_language(tag, rtl) {
  lang = tag;
  formats.clear();
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

// One formatter per style the console asks for ("decimal:1", "percent:1", "compact", "date:…"), made once.
function format(key, options, Format = Intl.NumberFormat) {
  let f = formats.get(key);
  if (!f) {
    f = new Format(lang, options);
    formats.set(key, f);
  }
  return f;
}

export function format_decimal(x, digits) {
  return format(`decimal:${digits}`, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
}

export function format_percent(share, digits) {
  return format(`percent:${digits}`, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(share);
}

export function format_compact(n) {
  return format('compact', { notation: 'compact', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);
}

// A wall-clock date and time (already in the zone the user chose) as the language writes a short
// one: "Nov 1, 14:00", "1 Kas 14:00", "١ نوفمبر، ١٤:٠٠". `clock`: 0 none, 2 hours and minutes, 3 with seconds.
export function format_date(y, mo, d, h, mi, s, year, clock) {
  const options = { timeZone: 'UTC', month: 'short', day: 'numeric' };
  if (year) options.year = 'numeric';
  if (clock) Object.assign(options, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  if (clock === 3) options.second = '2-digit';
  const key = `date:${year}:${clock}`;
  return format(key, options, Intl.DateTimeFormat).format(new Date(Date.UTC(y, mo - 1, d, h, mi, s)));
}
