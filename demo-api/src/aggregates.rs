//! The aggregates the Django package serves beside the list (integrations/django/audit_console/
//! aggregates.py, its README "At scale"), offered only with `--api-features on`:
//!
//! * `audit-events/histogram/`: counts per caller-given bucket (`edges=…`, or `start=…&steps=…`),
//!   in one SQL query (a binary search over the edges written as nested `CASE`s, grouped);
//! * `audit-events/facets/?facet=F`: the top values of one field with their counts, exact,
//!   ranked by count then value (NULLs last), paged by `top`/`offset`; `hour_weekday` in an IANA
//!   zone and `span`.
//!
//! Both take the list's filters, validated as the list validates them (a 400 naming the field),
//! behind the same authentication and fault injection (routes.rs `guard`). The messages of
//! every 400 are the package's, word for word.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, Offset, TimeZone, Timelike, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection};
use serde_json::{json, Map, Value};

use crate::api::{json_response, with_budget, with_server_timing};
use crate::db;
use crate::http::{py_prefix, py_repr, Invalid};
use crate::paging::filter_conditions;
use crate::query::{Filters, Params};
use crate::timestamp::{self, Micros};
use crate::AppState;

/// conf.py `HISTOGRAM_MAX_BUCKETS`' default.
pub const MAX_BUCKETS: usize = 1000;
/// conf.py `FACET_MAX_VALUES`' default: the largest `top`.
pub const MAX_FACET_VALUES: u64 = 1000;
/// aggregates.py `FACETS`, in its order.
pub const FACETS: [&str; 8] = [
    "user",
    "content_type",
    "object",
    "remote_addr",
    "path",
    "action",
    "hour_weekday",
    "span",
];
const DEFAULT_TOP: u64 = 10;
/// A folded path longer than this is clipped with "…".
const MAX_TEXT_CHARS: usize = 200;
const MICROS_PER_SECOND: i64 = 1_000_000;

/// The list's filters, or the list's own 400 (every bad field at once).
fn filters_or_400(params: &Params) -> Result<Filters, Box<Response>> {
    Filters::parse(params).map_err(|errors| {
        Box::new(json_response(
            StatusCode::BAD_REQUEST,
            serde_json::to_string(&errors).unwrap_or_default(),
        ))
    })
}

// --- histogram -------------------------------------------------------------------------------

/// aggregates.py `parse_edges`: `edges=E0,E1,…` (ISO 8601 instants with an offset, increasing,
/// 2 to MAX_BUCKETS + 1 of them), or `start=E0&steps=S[xN],…`.
pub fn parse_edges(params: &Params) -> Result<Vec<Micros>, Invalid> {
    let most = MAX_BUCKETS;
    let raw = params.get("edges").unwrap_or("");
    let start = params.get("start").unwrap_or("");
    let steps = params.get("steps").unwrap_or("");
    if !raw.is_empty() && (!start.is_empty() || !steps.is_empty()) {
        return Err(Invalid::new(
            "edges",
            "Send either edges, or start and steps, not both.",
        ));
    }
    if !start.is_empty() || !steps.is_empty() {
        return stepped_edges(start, steps, most);
    }
    if raw.is_empty() {
        return Err(Invalid::new(
            "edges",
            "Send the bucket edges: comma-separated ISO 8601 instants, oldest first.",
        ));
    }
    let parts: Vec<&str> = raw.split(',').collect();
    if parts.len() < 2 || parts.len() > most + 1 {
        return Err(Invalid::new(
            "edges",
            format!(
                "Send from 2 to {} edges ({most} buckets at most).",
                most + 1
            ),
        ));
    }
    let mut edges: Vec<Micros> = Vec::with_capacity(parts.len());
    for (i, part) in parts.iter().enumerate() {
        let n = i + 1;
        let Some((when, offset)) = timestamp::parse_zoned(part) else {
            return Err(Invalid::new(
                "edges",
                format!(
                    "Edge {n} ({}) is not an ISO 8601 date-time.",
                    py_repr(py_prefix(part.trim(), 40))
                ),
            ));
        };
        if offset.is_none() {
            return Err(Invalid::new(
                "edges",
                format!("Edge {n} has no offset: send Z or +hh:mm."),
            ));
        }
        if edges.last().is_some_and(|last| when <= *last) {
            return Err(Invalid::new(
                "edges",
                format!("Edge {n} is not after edge {i}: edges must increase."),
            ));
        }
        edges.push(when);
    }
    Ok(edges)
}

/// 9999-12-31T23:59:59.999999 as wall time: Python's `datetime.max`, past which a step overflows.
const PYTHON_MAX_WALL: Micros = 253_402_300_799_999_999;

/// One `S` or `SxN` step: seconds 1 to 10 digits, count 1 to 6 digits, no leading zeros.
fn parse_step(part: &str) -> Option<(i64, u64)> {
    let (seconds, times) = match part.split_once('x') {
        Some((s, t)) => (s, Some(t)),
        None => (part, None),
    };
    let number = |s: &str, max_digits: usize| -> Option<u64> {
        let ok = !s.is_empty()
            && s.len() <= max_digits
            && s.bytes().all(|b| b.is_ascii_digit())
            && !s.starts_with('0');
        if ok {
            s.parse().ok()
        } else {
            None
        }
    };
    let seconds = number(seconds, 10)? as i64;
    let times = match times {
        Some(t) => number(t, 6)?,
        None => 1,
    };
    Some((seconds, times))
}

fn stepped_edges(start: &str, steps: &str, most: usize) -> Result<Vec<Micros>, Invalid> {
    if start.is_empty() {
        return Err(Invalid::new(
            "start",
            "Send the first edge: an ISO 8601 instant with an offset.",
        ));
    }
    let Some((first, Some(offset))) = timestamp::parse_zoned(start) else {
        return Err(Invalid::new(
            "start",
            "Send an ISO 8601 date-time with an offset (Z or +hh:mm).",
        ));
    };
    if steps.is_empty() {
        return Err(Invalid::new(
            "steps",
            "Send the steps: comma-separated seconds, each optionally xN to repeat it.",
        ));
    }
    let mut edges = vec![first];
    for (i, part) in steps.split(',').enumerate() {
        let Some((seconds, times)) = parse_step(part.trim()) else {
            return Err(Invalid::new(
                "steps",
                format!(
                    "Step {} ({}) is not seconds (e.g. 3600) or seconds x count (e.g. 3600x24).",
                    i + 1,
                    py_repr(py_prefix(part.trim(), 20))
                ),
            ));
        };
        if (edges.len() - 1) as u64 + times > most as u64 {
            return Err(Invalid::new(
                "steps",
                format!("Send {most} buckets at most."),
            ));
        }
        for _ in 0..times {
            let last = edges[edges.len() - 1];
            let next = last + seconds * MICROS_PER_SECOND;
            // Python adds to the wall time of the start's own offset.
            if next + offset * MICROS_PER_SECOND > PYTHON_MAX_WALL {
                return Err(Invalid::new("steps", "The steps go past the year 9999."));
            }
            edges.push(next);
        }
    }
    Ok(edges)
}

/// The bucket of `ts` among buckets `lo..=hi` as SQL: a binary search on `edges` written as
/// nested `CASE`s, so each row costs log2(buckets) comparisons. `edges` are integers this
/// server parsed, so they are written as literals.
fn bucket_sql(edges: &[Micros], lo: usize, hi: usize) -> String {
    if lo == hi {
        return lo.to_string();
    }
    let mid = (lo + hi) / 2;
    format!(
        "CASE WHEN ts < {} THEN {} ELSE {} END",
        edges[mid + 1],
        bucket_sql(edges, lo, mid),
        bucket_sql(edges, mid + 1, hi)
    )
}

/// counts[i] = filtered events with edges[i] <= ts < edges[i + 1], in one query.
pub fn histogram_counts(
    conn: &Connection,
    filters: &Filters,
    edges: &[Micros],
) -> rusqlite::Result<Vec<u64>> {
    let buckets = edges.len() - 1;
    let (mut conditions, mut values) = filter_conditions(filters);
    conditions.push("ts >= ?".into());
    conditions.push("ts < ?".into());
    values.push(SqlValue::Integer(edges[0]));
    values.push(SqlValue::Integer(edges[buckets]));
    let sql = format!(
        "SELECT b, COUNT(*) FROM (SELECT {} AS b FROM events {}) GROUP BY b",
        bucket_sql(edges, 0, buckets - 1),
        db::where_clause(&conditions)
    );
    let mut counts = vec![0u64; buckets];
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(values))?;
    while let Some(row) = rows.next()? {
        let (b, n): (i64, i64) = (row.get(0)?, row.get(1)?);
        if let Some(slot) = usize::try_from(b).ok().and_then(|b| counts.get_mut(b)) {
            *slot += n as u64;
        }
    }
    Ok(counts)
}

/// `GET …/audit-events/histogram/?edges=…|start=…&steps=…&<filters>`:
/// `{"edges": [UTC…], "counts": [...], "total": n}`.
pub async fn histogram(State(state): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> Response {
    let params = Params::parse(raw.as_deref());
    let filters = match filters_or_400(&params) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let edges = match parse_edges(&params) {
        Ok(e) => e,
        Err(e) => return e.into_response(),
    };
    let started = std::time::Instant::now();
    let spelled: Vec<String> = edges.iter().map(|e| timestamp::format(*e)).collect();
    match with_budget(&state, move |conn| histogram_counts(conn, &filters, &edges)).await {
        Ok(counts) => {
            let total: u64 = counts.iter().sum();
            let body = json!({"edges": spelled, "counts": counts, "total": total});
            with_server_timing(json_response(StatusCode::OK, body.to_string()), started)
        }
        Err(r) => r,
    }
}

// --- folding, as the console folds -----------------------------------------------------------

/// A folded value: aggregates.py's `("value", …)`, `("none", …)` or `("unparsed", …)`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Folded<T> {
    // Declared in the order of their names, so a derived order ranks ties as the package does.
    None,
    Unparsed,
    Value(T),
}

/// Python's `str.isspace`.
fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

fn clip(text: String) -> String {
    if text.chars().count() <= MAX_TEXT_CHARS {
        text
    } else {
        format!("{}…", py_prefix(&text, MAX_TEXT_CHARS))
    }
}

fn is_hex_run(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A path segment that is a number, 32 hex digits or a UUID becomes `{id}`.
fn fold_segment(seg: &str) -> &str {
    let digits = !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit());
    let hex32 = seg.len() == 32 && is_hex_run(seg);
    let parts: Vec<&str> = seg.split('-').collect();
    let uuid = parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && is_hex_run(p));
    if digits || hex32 || uuid {
        "{id}"
    } else {
        seg
    }
}

fn is_scheme(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
}

/// aggregates.py `fold_url`: (origin, folded path) — the origin is scheme and host lower-cased,
/// credentials dropped, `""` for a relative URL; the path's numeric and UUID segments `{id}`.
pub fn fold_url(url: Option<&str>) -> Folded<(String, String)> {
    let Some(url) = url
        .map(|u| u.trim_matches(py_space))
        .filter(|u| !u.is_empty())
    else {
        return Folded::None;
    };
    if url.chars().any(|c| py_space(c) || c.is_control()) {
        return Folded::Unparsed;
    }
    let (origin, rest) = if url.starts_with('/') && !url.starts_with("//") {
        (String::new(), url)
    } else {
        let Some((scheme, after)) = url.split_once("://") else {
            return Folded::Unparsed;
        };
        if !is_scheme(scheme) {
            return Folded::Unparsed;
        }
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        let authority = &after[..end];
        let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        if host.is_empty() {
            return Folded::Unparsed;
        }
        (
            format!("{}://{}", scheme.to_lowercase(), host.to_lowercase()),
            &after[end..],
        )
    };
    let cut = rest.find(['?', '#']).unwrap_or(rest.len());
    let path = if cut == 0 { "/" } else { &rest[..cut] };
    let folded: Vec<&str> = path.split('/').map(fold_segment).collect();
    Folded::Value((origin, clip(folded.join("/"))))
}

/// aggregates.py's `_SQLITE_ACTION_KIND`: the console's action key of `content`, in SQL.
const ACTION_KIND: &str = "CASE
      WHEN content IS NULL OR json_type(content) = 'null' THEN 'none'
      WHEN json_type(content) <> 'object' THEN 'unparsed'
      WHEN json_type(content, '$.action') IS NULL OR json_type(content, '$.action') = 'null' THEN 'none'
      WHEN json_type(content, '$.action') <> 'text' THEN 'unparsed'
      WHEN trim(json_extract(content, '$.action'), ' ' || char(9, 10, 11, 12, 13)) = '' THEN 'none'
      ELSE 'value'
    END";

// --- facets ----------------------------------------------------------------------------------

/// aggregates.py `_int_param`: a whole number `lo..=hi`, `default` when absent or empty.
fn int_param(
    params: &Params,
    name: &'static str,
    default: u64,
    lo: u64,
    hi: u64,
) -> Result<u64, Invalid> {
    let raw = match params.get(name) {
        None | Some("") => return Ok(default),
        Some(r) => r.trim(),
    };
    let bad = || Invalid::new(name, format!("Enter a whole number from {lo} to {hi}."));
    if raw.is_empty() || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    // More digits than u64 holds is past `hi` too.
    let n: u64 = raw.parse().map_err(|_| bad())?;
    if (lo..=hi).contains(&n) {
        Ok(n)
    } else {
        Err(bad())
    }
}

/// The facet's answer, or a 400 naming the bad parameter.
pub enum FacetQuestion {
    Span,
    HourWeekday(String, chrono_tz::Tz),
    Top {
        name: &'static str,
        top: u64,
        offset: u64,
    },
}

/// aggregates.py `facet`'s validation, in its order.
pub fn facet_question(params: &Params) -> Result<FacetQuestion, Invalid> {
    let raw = params.get("facet").unwrap_or("");
    let Some(name) = FACETS.iter().find(|f| **f == raw) else {
        return Err(Invalid::new(
            "facet",
            format!("Must be one of {}.", FACETS.join(", ")),
        ));
    };
    match *name {
        "span" => return Ok(FacetQuestion::Span),
        "hour_weekday" => {
            let zone = params.get("tz").unwrap_or("").trim();
            if zone.is_empty() {
                return Err(Invalid::new(
                    "tz",
                    "Send an IANA time zone, e.g. Europe/Istanbul or UTC.",
                ));
            }
            let Ok(tz) = zone.parse::<chrono_tz::Tz>() else {
                return Err(Invalid::new(
                    "tz",
                    format!("{} is not an IANA time zone.", py_repr(py_prefix(zone, 60))),
                ));
            };
            return Ok(FacetQuestion::HourWeekday(zone.to_string(), tz));
        }
        _ => {}
    }
    let top = int_param(params, "top", DEFAULT_TOP, 1, MAX_FACET_VALUES)?;
    let offset = int_param(params, "offset", 0, 0, 1_000_000_000_000)?;
    Ok(FacetQuestion::Top { name, top, offset })
}

fn sql_json(v: &SqlValue) -> Value {
    match v {
        SqlValue::Null => Value::Null,
        SqlValue::Integer(n) => json!(n),
        SqlValue::Real(f) => json!(f),
        SqlValue::Text(t) => json!(t),
        SqlValue::Blob(_) => Value::Null,
    }
}

/// A group's keys, its count, the number of groups and the number of events in all of them.
type RankedRow = (Vec<SqlValue>, u64, u64, u64);

/// A page of ranked groups, with the number of groups and of events over all of them.
struct Ranked {
    rows: Vec<(Vec<SqlValue>, u64)>,
    total: u64,
    distinct: u64,
}

/// aggregates.py `_top`: `grouped` (keys `k0…`, count `c`) ranked by count descending, then each
/// key with NULLs last; a page of it and the totals, in one query (window functions).
fn top_groups(
    conn: &Connection,
    grouped: &str,
    values: &[SqlValue],
    keys: usize,
    top: u64,
    offset: u64,
) -> rusqlite::Result<Ranked> {
    let names: Vec<String> = (0..keys).map(|k| format!("g.k{k}")).collect();
    let order: Vec<String> = names
        .iter()
        .map(|k| format!("({k} IS NULL), {k}"))
        .collect();
    let sql = format!(
        "SELECT {}, g.c, COUNT(*) OVER (), SUM(g.c) OVER () FROM ({grouped}) g \
         ORDER BY g.c DESC, {} LIMIT ? OFFSET ?",
        names.join(", "),
        order.join(", ")
    );
    let run = |limit: u64, skip: u64| -> rusqlite::Result<Vec<RankedRow>> {
        let mut all: Vec<SqlValue> = values.to_vec();
        all.push(SqlValue::Integer(limit.min(i64::MAX as u64) as i64));
        all.push(SqlValue::Integer(skip.min(i64::MAX as u64) as i64));
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(all), |r| {
            let mut key = Vec::with_capacity(keys);
            for k in 0..keys {
                key.push(r.get::<_, SqlValue>(k)?);
            }
            Ok((
                key,
                r.get::<_, i64>(keys)? as u64,
                r.get::<_, i64>(keys + 1)? as u64,
                r.get::<_, i64>(keys + 2)? as u64,
            ))
        })?;
        rows.collect()
    };
    let rows = run(top, offset)?;
    let (distinct, total) = match rows.first() {
        Some((_, _, d, t)) => (*d, *t),
        None if offset > 0 => run(1, 0)?.first().map_or((0, 0), |(_, _, d, t)| (*d, *t)),
        None => (0, 0),
    };
    Ok(Ranked {
        rows: rows.into_iter().map(|(k, c, _, _)| (k, c)).collect(),
        total,
        distinct,
    })
}

fn answer(name: &str, total: u64, distinct: u64, offset: u64, values: Vec<Value>) -> Value {
    json!({"facet": name, "total": total, "distinct": distinct, "offset": offset, "values": values})
}

/// aggregates.py `_kind_entry`: a value, or `null` (with `"unparsed": true` when it did not parse).
fn kind_entry(kind: &str, value: Value, count: u64) -> Value {
    match kind {
        "value" => json!({"value": value, "count": count}),
        "unparsed" => json!({"value": null, "count": count, "unparsed": true}),
        _ => json!({"value": null, "count": count}),
    }
}

fn users_by_pk(conn: &Connection, pks: &[i64]) -> rusqlite::Result<HashMap<i64, Value>> {
    let mut out = HashMap::new();
    if pks.is_empty() {
        return Ok(out);
    }
    let marks = vec!["?"; pks.len()].join(", ");
    let sql = format!("SELECT pk, email, first_name, last_name FROM users WHERE pk IN ({marks})");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(pks), |r| {
        let pk: i64 = r.get(0)?;
        Ok((
            pk,
            json!({
                "pk": pk,
                "email": r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                "first_name": r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                "last_name": r.get::<_, Option<String>>(3)?.unwrap_or_default(),
            }),
        ))
    })?;
    for row in rows {
        let (pk, user) = row?;
        out.insert(pk, user);
    }
    Ok(out)
}

/// A ranked facet over a plain GROUP BY (`user`, `content_type`, `object`, `remote_addr`,
/// `action`).
fn grouped_facet(
    conn: &Connection,
    filters: &Filters,
    name: &str,
    top: u64,
    offset: u64,
) -> rusqlite::Result<Value> {
    let (conditions, values) = filter_conditions(filters);
    let where_sql = db::where_clause(&conditions);
    let (keys_sql, keys) = match name {
        "user" => ("user_id AS k0".to_string(), 1),
        "content_type" => ("content_type AS k0".to_string(), 1),
        "object" => ("content_type AS k0, object_id AS k1".to_string(), 2),
        "remote_addr" => ("remote_addr AS k0".to_string(), 1),
        _ => (
            format!(
                "{ACTION_KIND} AS k0, CASE WHEN ({ACTION_KIND}) = 'value' \
                 THEN json_extract(content, '$.action') END AS k1"
            ),
            2,
        ),
    };
    let group_by = if keys == 1 { "1" } else { "1, 2" };
    let grouped =
        format!("SELECT {keys_sql}, COUNT(*) AS c FROM events {where_sql} GROUP BY {group_by}");
    let ranked = top_groups(conn, &grouped, &values, keys, top, offset)?;
    let mut out = Vec::with_capacity(ranked.rows.len());
    match name {
        "user" => {
            let pks: Vec<i64> = ranked
                .rows
                .iter()
                .filter_map(|(k, _)| match k[0] {
                    SqlValue::Integer(pk) => Some(pk),
                    _ => None,
                })
                .collect();
            let users = users_by_pk(conn, &pks)?;
            for (k, n) in &ranked.rows {
                let mut entry = Map::new();
                entry.insert("value".into(), sql_json(&k[0]));
                entry.insert("count".into(), json!(n));
                if let SqlValue::Integer(pk) = k[0] {
                    let user = users.get(&pk).cloned().unwrap_or_else(
                        || json!({"pk": pk, "email": "", "first_name": "", "last_name": ""}),
                    );
                    entry.insert("user".into(), user);
                }
                out.push(Value::Object(entry));
            }
        }
        "object" => {
            for (k, n) in &ranked.rows {
                out.push(json!({
                    "value": {"content_type": sql_json(&k[0]), "object_id": sql_json(&k[1])},
                    "count": n,
                }));
            }
        }
        "action" => {
            for (k, n) in &ranked.rows {
                let kind = match &k[0] {
                    SqlValue::Text(t) => t.as_str(),
                    _ => "none",
                };
                out.push(kind_entry(kind, sql_json(&k[1]), *n));
            }
        }
        _ => {
            for (k, n) in &ranked.rows {
                out.push(json!({"value": sql_json(&k[0]), "count": n}));
            }
        }
    }
    Ok(answer(name, ranked.total, ranked.distinct, offset, out))
}

/// `path`: grouped by the raw URL in SQL, folded here, ranked by count then (kind, origin, path)
/// — as the package does on SQLite (`_folded_in_python`).
fn path_facet(
    conn: &Connection,
    filters: &Filters,
    top: u64,
    offset: u64,
) -> rusqlite::Result<Value> {
    let (conditions, values) = filter_conditions(filters);
    let sql = format!(
        "SELECT url, COUNT(*) FROM events {} GROUP BY url",
        db::where_clause(&conditions)
    );
    let mut counts: HashMap<Folded<(String, String)>, u64> = HashMap::new();
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(values))?;
    while let Some(row) = rows.next()? {
        let url: Option<String> = row.get(0)?;
        let n: i64 = row.get(1)?;
        *counts.entry(fold_url(url.as_deref())).or_default() += n as u64;
    }
    let total: u64 = counts.values().sum();
    let distinct = counts.len() as u64;
    let mut ranked: Vec<(Folded<(String, String)>, u64)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let skip = usize::try_from(offset).unwrap_or(usize::MAX);
    let values = ranked
        .into_iter()
        .skip(skip)
        .take(top as usize)
        .map(|(key, n)| match key {
            Folded::Value((origin, path)) => {
                kind_entry("value", json!({"origin": origin, "path": path}), n)
            }
            Folded::Unparsed => kind_entry("unparsed", Value::Null, n),
            Folded::None => kind_entry("none", Value::Null, n),
        })
        .collect();
    Ok(answer("path", total, distinct, offset, values))
}

const QUARTER_HOUR: i64 = 15 * 60 * MICROS_PER_SECOND;

/// (ISO weekday, hour) of `ts` in `tz`, and the offset there then (seconds).
fn local_cell(ts: Micros, tz: &chrono_tz::Tz) -> Option<((u32, u32), i32)> {
    let local = Utc.timestamp_micros(ts).single()?.with_timezone(tz);
    Some((
        (local.weekday().number_from_monday(), local.hour()),
        local.offset().fix().local_minus_utc(),
    ))
}

/// aggregates.py `hour_weekday`: events per (ISO weekday, hour) in the zone. Counted per UTC
/// quarter hour in SQL, each quarter placed in the zone here — exact while the zone's offset is
/// whole quarter hours and constant across the quarter; otherwise every row is placed.
fn hour_weekday(
    conn: &Connection,
    filters: &Filters,
    name: &str,
    tz: &chrono_tz::Tz,
) -> rusqlite::Result<Value> {
    let (conditions, values) = filter_conditions(filters);
    let where_sql = db::where_clause(&conditions);
    let q = QUARTER_HOUR;
    let sql = format!(
        "SELECT (ts - (((ts % {q}) + {q}) % {q})) AS s, COUNT(*) FROM events {where_sql} GROUP BY s"
    );
    let mut counts: HashMap<(u32, u32), u64> = HashMap::new();
    let mut exact = true;
    {
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(values.iter()))?;
        while let Some(row) = rows.next()? {
            let (start, n): (i64, i64) = (row.get(0)?, row.get(1)?);
            match (local_cell(start, tz), local_cell(start + q - 1, tz)) {
                (Some((cell, offset)), Some((_, last))) if offset % 900 == 0 && offset == last => {
                    *counts.entry(cell).or_default() += n as u64;
                }
                _ => {
                    exact = false;
                    break;
                }
            }
        }
    }
    if !exact {
        counts.clear();
        let sql = format!("SELECT ts FROM events {where_sql}");
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(values.iter()))?;
        while let Some(row) = rows.next()? {
            if let Some((cell, _)) = local_cell(row.get(0)?, tz) {
                *counts.entry(cell).or_default() += 1;
            }
        }
    }
    let mut cells: Vec<((u32, u32), u64)> = counts.into_iter().collect();
    cells.sort();
    let total: u64 = cells.iter().map(|(_, n)| n).sum();
    let cells: Vec<Value> = cells
        .into_iter()
        .map(|((weekday, hour), count)| json!({"weekday": weekday, "hour": hour, "count": count}))
        .collect();
    Ok(json!({"facet": "hour_weekday", "tz": name, "total": total, "cells": cells}))
}

/// aggregates.py `span`: how many, and the first and last instants.
fn span(conn: &Connection, filters: &Filters) -> rusqlite::Result<Value> {
    let (conditions, values) = filter_conditions(filters);
    let sql = format!(
        "SELECT COUNT(*), MIN(ts), MAX(ts) FROM events {}",
        db::where_clause(&conditions)
    );
    let (total, first, last): (i64, Option<i64>, Option<i64>) = conn
        .prepare_cached(&sql)?
        .query_row(params_from_iter(values), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    Ok(json!({
        "facet": "span",
        "total": total,
        "first": first.map(timestamp::format),
        "last": last.map(timestamp::format),
    }))
}

/// Answers a validated facet question over the filtered set.
pub fn facet(
    conn: &Connection,
    filters: &Filters,
    question: &FacetQuestion,
) -> rusqlite::Result<Value> {
    match question {
        FacetQuestion::Span => span(conn, filters),
        FacetQuestion::HourWeekday(name, tz) => hour_weekday(conn, filters, name, tz),
        FacetQuestion::Top {
            name: "path",
            top,
            offset,
        } => path_facet(conn, filters, *top, *offset),
        FacetQuestion::Top { name, top, offset } => {
            grouped_facet(conn, filters, name, *top, *offset)
        }
    }
}

/// `GET …/audit-events/facets/?facet=F&top=10&offset=0&<filters>`.
pub async fn facets(State(state): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> Response {
    let params = Params::parse(raw.as_deref());
    let filters = match filters_or_400(&params) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let question = match facet_question(&params) {
        Ok(q) => q,
        Err(e) => return e.into_response(),
    };
    let started = std::time::Instant::now();
    match with_budget(&state, move |conn| facet(conn, &filters, &question)).await {
        Ok(body) => with_server_timing(json_response(StatusCode::OK, body.to_string()), started),
        Err(r) => r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(q: &str) -> Params {
        Params::parse(Some(q))
    }

    fn err(q: &str) -> Invalid {
        parse_edges(&p(q)).unwrap_err()
    }

    #[test]
    fn edges_are_read_as_the_package_reads_them() {
        let e = parse_edges(&p(
            "edges=2026-01-01T00:00:00Z,2026-01-01T05:30:00%2B05:30,2026-01-02T00:00:00Z",
        ));
        assert_eq!(
            e.unwrap_err().message,
            "Edge 2 is not after edge 1: edges must increase."
        );
        let ok = parse_edges(&p("edges=2026-01-01T00:00:00Z,2026-01-01T06:30:00%2B05:30")).unwrap();
        assert_eq!(ok[1] - ok[0], 3600 * MICROS_PER_SECOND);
        assert_eq!(
            err("").message,
            "Send the bucket edges: comma-separated ISO 8601 instants, oldest first."
        );
        assert_eq!(
            err("edges=2026-01-01T00:00:00Z").message,
            "Send from 2 to 1001 edges (1000 buckets at most)."
        );
        assert_eq!(
            err("edges=2026-01-01T00:00:00Z,yesterday").message,
            "Edge 2 ('yesterday') is not an ISO 8601 date-time."
        );
        assert_eq!(
            err("edges=2026-01-01T00:00:00,2026-01-02T00:00:00Z").message,
            "Edge 1 has no offset: send Z or +hh:mm."
        );
        assert_eq!(
            err("edges=2026-01-01,2026-01-02T00:00:00Z").message,
            "Edge 1 has no offset: send Z or +hh:mm."
        );
        let both = err(
            "start=2026-01-01T00:00:00Z&steps=60&edges=2026-01-01T00:00:00Z,2026-01-02T00:00:00Z",
        );
        assert_eq!(
            (both.field, both.message.as_str()),
            ("edges", "Send either edges, or start and steps, not both.")
        );
    }

    #[test]
    fn steps_spell_out_the_same_edges() {
        let e = parse_edges(&p("start=2026-10-31T00:00:00-04:00&steps=86400x2,90000")).unwrap();
        let spelled: Vec<String> = e.iter().map(|t| timestamp::format(*t)).collect();
        assert_eq!(
            spelled,
            [
                "2026-10-31T04:00:00Z",
                "2026-11-01T04:00:00Z",
                "2026-11-02T04:00:00Z",
                "2026-11-03T05:00:00Z"
            ]
        );
        assert_eq!(
            parse_edges(&p("start=2025-12-01T00:00:00%2B03:00&steps=86400x365"))
                .unwrap()
                .len(),
            366
        );
        for (q, field, says) in [
            ("start=2026-01-01T00:00:00Z", "steps", "Send the steps"),
            ("steps=60", "start", "Send the first edge"),
            (
                "start=2026-01-01T00:00:00&steps=60",
                "start",
                "with an offset",
            ),
            (
                "start=2026-01-01T00:00:00Z&steps=60,-5",
                "steps",
                "Step 2 ('-5')",
            ),
            ("start=2026-01-01T00:00:00Z&steps=0", "steps", "Step 1"),
            ("start=2026-01-01T00:00:00Z&steps=60x0", "steps", "Step 1"),
            (
                "start=2026-01-01T00:00:00Z&steps=60x1001",
                "steps",
                "buckets at most",
            ),
            ("start=9999-12-31T00:00:00Z&steps=86400x2", "steps", "9999"),
        ] {
            let e = err(q);
            assert_eq!(e.field, field, "{q}");
            assert!(e.message.contains(says), "{q}: {}", e.message);
        }
    }

    #[test]
    fn bucket_sql_is_a_binary_search() {
        let edges = [0, 10, 20, 30];
        assert_eq!(
            bucket_sql(&edges, 0, 2),
            "CASE WHEN ts < 20 THEN CASE WHEN ts < 10 THEN 0 ELSE 1 END ELSE 2 END"
        );
    }

    #[test]
    fn urls_fold_as_the_console_folds_them() {
        let v = |o: &str, p: &str| Folded::Value((o.to_string(), p.to_string()));
        assert_eq!(
            fold_url(Some("HTTPS://User:pw@Shop.Example.COM/a/1/b/2?q=1#f")),
            v("https://shop.example.com", "/a/{id}/b/{id}")
        );
        assert_eq!(fold_url(Some("/relative/12/x")), v("", "/relative/{id}/x"));
        assert_eq!(
            fold_url(Some("https://shop.example.com")),
            v("https://shop.example.com", "/")
        );
        assert_eq!(
            fold_url(Some(
                "ftp://files.example/9f8e7d6c-5b4a-4321-8765-0123456789ab/"
            )),
            v("ftp://files.example", "/{id}/")
        );
        assert_eq!(
            fold_url(Some(
                "https://shop.example.com/orders/0123456789abcdef0123456789abcdef"
            )),
            v("https://shop.example.com", "/orders/{id}")
        );
        assert_eq!(fold_url(Some("/x/12a/007/")), v("", "/x/12a/{id}/"));
        assert_eq!(fold_url(Some("/?q=1")), v("", "/"));
        assert_eq!(fold_url(Some(" \t/x/1 ")), v("", "/x/{id}"));
        assert_eq!(fold_url(Some("https://h/a b")), Folded::Unparsed);
        assert_eq!(fold_url(Some("//evil.example/1")), Folded::Unparsed);
        assert_eq!(fold_url(Some("notaurl")), Folded::Unparsed);
        assert_eq!(fold_url(Some("https:///nohost")), Folded::Unparsed);
        assert_eq!(fold_url(Some("https://h/a\u{a0}b")), Folded::Unparsed);
        assert_eq!(fold_url(Some("   ")), Folded::None);
        assert_eq!(fold_url(Some("\u{a0}")), Folded::None);
        assert_eq!(fold_url(None), Folded::None);
        let long = format!("/{}", "a".repeat(300));
        let Folded::Value((_, path)) = fold_url(Some(&long)) else {
            panic!()
        };
        assert_eq!(path.chars().count(), 201);
        assert!(path.ends_with('…'));
    }

    #[test]
    fn facet_parameters_are_checked_in_the_packages_order() {
        let q = |s: &str| facet_question(&p(s)).err();
        assert_eq!(
            q("facet=colour").unwrap().message,
            "Must be one of user, content_type, object, remote_addr, path, action, hour_weekday, span."
        );
        assert_eq!(
            q("facet=user&top=0").unwrap().message,
            "Enter a whole number from 1 to 1000."
        );
        assert_eq!(q("facet=user&top=1001").unwrap().field, "top");
        assert_eq!(
            q("facet=user&offset=-1").unwrap().message,
            "Enter a whole number from 0 to 1000000000000."
        );
        assert_eq!(q("facet=hour_weekday").unwrap().field, "tz");
        assert_eq!(
            q("facet=hour_weekday&tz=Mars/Olympus").unwrap().message,
            "'Mars/Olympus' is not an IANA time zone."
        );
        assert!(q("facet=span&top=0").is_none(), "span takes no top");
        assert!(q("facet=user&top=%2010%20").is_none());
    }
}
