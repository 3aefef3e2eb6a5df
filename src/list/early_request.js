// The list's first request, sent by the start-up script before the wasm has even compiled
// (scripts/externalize-boot.mjs inlines this file into boot-<hash>.js), and adopted by the app
// instead of sending its own (api::client takes `__auditConsoleEarly` when its URL is the one it
// was about to request; list::loader takes the pinned address).
//
// The rules that turn a page URL into the API request are the app's (list::query: ListQuery::parse
// and to_api_params; api::urls: parse_query, list_url; list::loader: redirect_target). This file
// is a careful copy of them for the URLs an open usually has, and declines (null) whenever it is
// not sure — a value it does not read exactly as the app does, a problem the app would show, a
// relative `range=` — so the app then sends its own request as before. `tests/early_request.rs`
// runs both copies over a corpus of URLs and fails on any difference where this one answers.
//
// Token rules are the app's: the token goes only to the stored session's API base, in the
// Authorization header, never in a URL; a session the app would end (idle, lifetime) or none at
// all sends nothing; in session mode (config.json "auth": "session") nothing but the same-origin
// cookie goes along.

const TIME_PARAMS = ['timestamp', 'timestamp__gt', 'timestamp__gte', 'timestamp__lt', 'timestamp__lte'];
const UPPER = ['timestamp', 'timestamp__lt', 'timestamp__lte'];
const PAGE_SIZES = [25, 50, 100, 250, 500];
const DEFAULT_SORT = '-timestamp';
const I64_MAX = 9223372036854775807n;
const U64_MAX = 18446744073709551615n;
const PRESET_MS = { '15m': 15 * 60e3, '1h': 3600e3, '24h': 86400e3, '7d': 7 * 86400e3, '30d': 30 * 86400e3 };

/** api::urls::encode_component: everything but RFC 3986 unreserved characters, byte by byte. */
export function encodeComponent(s) {
  let out = '';
  for (const b of new TextEncoder().encode(s)) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** api::urls::parse_query's decoding (`+` a space, `%XX` a byte, a broken escape kept), or null
 *  for bytes that are not UTF-8 (the app replaces them; this copy declines). */
function decodeComponent(s) {
  const bytes = [];
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c === 0x2b) bytes.push(0x20);
    else if (c === 0x25 && i + 2 < s.length && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x80) bytes.push(c);
    else return null; // a raw non-ASCII character in a URL's search: the browser encodes them
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return null;
  }
}

/** The `(key, value)` pairs of a search string, or null when one cannot be read exactly. */
function pairs(search) {
  const out = [];
  for (const pair of search.replace(/^\?+/, '').split('&')) {
    if (!pair) continue;
    const i = pair.indexOf('=');
    const k = decodeComponent(i < 0 ? pair : pair.slice(0, i));
    const v = decodeComponent(i < 0 ? '' : pair.slice(i + 1));
    if (k === null || v === null) return null;
    out.push([k, v]);
  }
  return out;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** An RFC 3339 date-time with an offset that chrono's parse_from_rfc3339 takes — the common
 *  form only (`T`, `Z` or `±HH:MM`); anything else is "not sure". */
function isTimestamp(v) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/.exec(v);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = mo === 2 && leap ? 29 : DAYS[mo - 1];
  if (!(mo >= 1 && mo <= 12 && d >= 1 && d <= days && h <= 23 && mi <= 59 && s <= 59)) return false;
  if (m[9] !== undefined && !(Number(m[9]) <= 23 && Number(m[10]) <= 59)) return false;
  return true;
}

/** list::query's repair of a `+` offset that arrived as a space. */
function repairOffsetPlus(value) {
  const i = value.lastIndexOf(' ');
  if (i < 0) return value;
  const head = value.slice(0, i);
  const tail = value.slice(i + 1);
  if (head.length >= 19 && tail.length === 5 && tail[2] === ':' && (tail.match(/[0-9]/g) ?? []).length === 4) {
    return `${head}+${tail}`;
  }
  return value;
}

/** A whole number as Rust's `str::parse` reads it (an optional `+`), within `max`. */
function whole(value, max) {
  if (!/^\+?[0-9]+$/.test(value)) return null;
  const n = BigInt(value);
  return n <= max ? n : null;
}

/**
 * ListQuery::parse: the query a page URL's search means, or null when this copy is not sure
 * (any problem the app would show, a relative range, a value it does not read exactly).
 */
export function parseQuery(search) {
  const all = pairs(search);
  if (all === null) return null;
  const q = { ids: {}, times: [], sort: null, page: 1n, limit: null, tz: null };
  for (const [key, raw] of all) {
    // str::trim; a value with anything but ASCII is "not sure" (trim's white space differs).
    if (/[^\x00-\x7f]/.test(raw)) {
      if (['user', 'content_type', 'object_id', 'page', 'cursor', 'limit', 'sort', 'range', 'tz', ...TIME_PARAMS].includes(key)) return null;
      continue;
    }
    const value = raw.replace(/^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g, '');
    if (!value) continue;
    if (key === 'user' || key === 'content_type' || key === 'object_id') {
      const n = whole(value, I64_MAX);
      if (n === null) return null;
      q.ids[key] = n.toString();
    } else if (key === 'page') {
      const n = whole(value, U64_MAX);
      if (n === null || n < 1n) return null;
      q.page = n;
    } else if (key === 'limit') {
      const n = whole(value, 4294967295n);
      if (n === null || !PAGE_SIZES.includes(Number(n))) return null;
      q.limit = Number(n);
    } else if (key === 'sort') {
      q.sort = value !== DEFAULT_SORT ? value : null;
    } else if (key === 'range') {
      return null; // bounds as of now: the app's redirect
    } else if (key === 'cursor') {
      return null; // a page read by the API's cursor: the app asks for it
    } else if (key === 'tz') {
      const tz = value.toLowerCase();
      if (tz !== 'local' && tz !== 'utc') return null;
      q.tz = tz;
    } else if (TIME_PARAMS.includes(key)) {
      const v = repairOffsetPlus(value);
      if (!isTimestamp(v)) return null;
      q.times = q.times.filter(([p]) => p !== key);
      q.times.push([key, v]);
    }
  }
  q.times.sort((a, b) => TIME_PARAMS.indexOf(a[0]) - TIME_PARAMS.indexOf(b[0]));
  return q;
}

/** ListQuery::params: `key=value` pairs in the app's order (`api`: to_api_params, no tz). */
function params(q, defaultLimit, api) {
  const out = [];
  for (const k of ['user', 'content_type', 'object_id']) if (q.ids[k] !== undefined) out.push([k, q.ids[k]]);
  out.push(...q.times);
  if (q.sort !== null) out.push(['sort', q.sort]);
  if (q.page > 1n) out.push(['page', q.page.toString()]);
  const limit = q.limit ?? (api ? defaultLimit : null);
  if (limit !== null) out.push(['limit', String(limit)]);
  if (!api && q.tz !== null) out.push(['tz', q.tz]);
  return out;
}

const queryString = (ps) => ps.map(([k, v]) => `${encodeComponent(k)}=${encodeComponent(v)}`).join('&');

/** api::urls::list_url. */
export function listUrl(base, ps) {
  const b = base.trim().replace(/\/+$/, '');
  const qs = queryString(ps);
  return qs ? `${b}/audit-events/?${qs}` : `${b}/audit-events/`;
}

/** common::time::to_url_instant in the browser's zone (or UTC): RFC 3339, milliseconds only
 *  when there are some, `Z` for a zero offset. */
export function urlInstant(ms, utc) {
  const offsetMin = utc ? 0 : -new Date(ms).getTimezoneOffset();
  const t = new Date(ms + offsetMin * 60e3);
  const p = (n, w = 2) => String(n).padStart(w, '0');
  const frac = t.getUTCMilliseconds() ? `.${p(t.getUTCMilliseconds(), 3)}` : '';
  const off = offsetMin === 0 ? 'Z'
    : `${offsetMin > 0 ? '+' : '-'}${p(Math.floor(Math.abs(offsetMin) / 60))}:${p(Math.abs(offsetMin) % 60)}`;
  return `${p(t.getUTCFullYear(), 4)}-${p(t.getUTCMonth() + 1)}-${p(t.getUTCDate())}T${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())}${frac}${off}`;
}

/**
 * The list request a page URL means: `{ href, url }` — `href` the page address the app will
 * show (the bare or unpinned URL pinned at `nowMs` as list::loader's redirect would, else the
 * search as it is) and `url` the API URL — or null when this copy is not sure.
 * `rememberedTz`: the stored zone choice ("local"/"utc"/null); `defaultRange`: config.json's.
 */
export function earlyList(search, { base, defaultLimit, defaultRange = 'all', nowMs, rememberedTz = null }) {
  const raw = search.replace(/^\?+/, '');
  const q = parseQuery(raw);
  if (q === null) return null;
  const tz = q.tz ?? (['local', 'utc'].includes(rememberedTz) ? rememberedTz : 'local');
  const utc = tz === 'utc';
  let href = null;
  if (!raw && defaultRange !== 'all') {
    // The default range as of now (list::filters::time_controls::preset_query on an empty query).
    const span = PRESET_MS[defaultRange];
    if (span === undefined) return null;
    q.times = [['timestamp__gte', urlInstant(nowMs - span, utc)], ['timestamp__lte', urlInstant(nowMs, utc)]];
    href = `/?${queryString(params(q, defaultLimit, false))}`;
  } else if (!all(raw).some(([k, v]) => UPPER.includes(k) && v.trim())) {
    // Pinned at now, appended to the URL as typed (list::loader::redirect_target).
    const pin = urlInstant(nowMs, utc);
    href = `/?${raw}${raw ? '&' : ''}timestamp__lte=${encodeComponent(pin)}`;
    const pinned = parseQuery(href.slice(2));
    if (pinned === null) return null;
    return { href, url: listUrl(base, params(pinned, defaultLimit, true)) };
  }
  return { href, url: listUrl(base, params(q, defaultLimit, true)) };
}

// has_upper_bound_param reads the pairs as parse_query does.
const all = (raw) => pairs(raw) ?? [];

/**
 * Whether the stored session may be used now, as shell::session_guard would judge it (stricter
 * where unsure: a session with no known start counts as over when a limit is set).
 */
export function sessionUsable(session, config, nowMs, lastActivityMs) {
  const idle = config.session_idle_minutes;
  const max = config.session_max_hours;
  if (idle == null && max == null) return true;
  const since = Number(session.signed_in_at) || 0;
  if (since <= 0) return false;
  if (max != null && nowMs - since >= max * 3600e3) return false;
  const last = Number.isFinite(lastActivityMs) && lastActivityMs > 0 ? Math.max(lastActivityMs, since) : since;
  if (idle != null && nowMs - last >= idle * 60e3) return false;
  return true;
}

/** The stored session (browser::session: this tab's, else this device's), or null. */
function storedSession() {
  for (const store of ['sessionStorage', 'localStorage']) {
    try {
      const s = JSON.parse(globalThis[store].getItem('audit-console.session') ?? 'null');
      if (s && typeof s.token === 'string' && s.token && typeof s.api_base_url === 'string' && s.api_base_url) return s;
    } catch { /* unreadable: the next store, or none */ }
  }
  return null;
}

/**
 * Sends the list request for this page, if it is the list and the session allows, and leaves
 * it for the app as `globalThis.__auditConsoleEarly`: `{ url, href, from, response, abort }`.
 * `appPath`: the location inside the app (router base removed), `config`: config.json's object,
 * `language`: the language the app will ask the API in (api::client's Accept-Language).
 */
export function startEarlyList(appPath, search, config, language = 'en') {
  if (appPath !== '/' || !config || typeof config !== 'object') return;
  const nowMs = Date.now();
  const host = config.auth === 'session';
  let base;
  let headers = { Accept: 'application/json', 'Accept-Language': language };
  if (host) {
    if (typeof config.api_base_url !== 'string' || !/^\/(?![/\\])/.test(config.api_base_url)) return;
    base = location.origin + config.api_base_url.trim();
  } else {
    const session = storedSession();
    let activity = NaN;
    try { activity = Number(localStorage.getItem('audit-console.activity')); } catch { /* none */ }
    if (!session || !sessionUsable(session, config, nowMs, activity)) return;
    base = session.api_base_url;
    headers = { ...headers, Authorization: `Token ${session.token}` };
  }
  let tz = null;
  try { tz = localStorage.getItem('audit-console.tz'); } catch { /* none */ }
  const plan = earlyList(search, {
    base,
    defaultLimit: PAGE_SIZES.includes(config.page_size) ? config.page_size : 50,
    defaultRange: config.default_time_range ?? 'all',
    nowMs,
    rememberedTz: tz,
  });
  if (!plan) return;
  // list::loader asks for an estimated count where config.json offers one (appended last).
  if (config.api_features?.count_estimate === true) plan.url += '&count=estimate';
  const controller = new AbortController();
  const response = fetch(plan.url, { headers, credentials: 'same-origin', signal: controller.signal });
  response.catch(() => {}); // adopted or not, never an unhandled rejection
  globalThis.__auditConsoleEarly = { url: plan.url, href: plan.href, from: search, response, abort: () => controller.abort() };
}
