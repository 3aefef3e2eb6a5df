//! The list's paging at scale, as the Django package pages (integrations/django/audit_console/
//! paging.py, its README "At scale"), offered only with `--api-features on`:
//!
//! * `count=estimate`: the package counts exactly up to a cap and then asks PostgreSQL's planner;
//!   demo-api has no planner, so it counts exactly and says so (`"count_exact": true`), as the
//!   package does on SQLite. The page's `next` is exact (one row more is read).
//! * `count=none`: no count (`"count": null, "count_exact": false`), `next` from one row more.
//! * `cursor=`: keyset paging on `(timestamp, uuid)`, newest or oldest first only, with opaque
//!   `next_cursor`/`previous_cursor` (URL-safe base64 of `["n"|"p", iso timestamp, uuid]`, the
//!   package's own encoding). Counts default to `estimate` there.
//!
//! Without `count` and `cursor` the list is exactly shared/API.md's (routes.rs).

use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use rusqlite::types::Value as SqlValue;
use rusqlite::Connection;
use serde_json::{json, Value};

use crate::api::{
    detail_response, host, json_response, replace_param, with_budget, with_server_timing,
};
use crate::db::{self, Event};
use crate::http::{Invalid, API_PREFIX};
use crate::query::{self, Filters, Params};
use crate::timestamp::{self, Micros};
use crate::AppState;

/// `count=`: how the answer counts the filtered set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CountMode {
    Exact,
    /// The package's planner estimate above a cap; here always the exact count.
    Estimate,
    None,
}

/// paging.py `count_mode`: the `count` parameter, or `default` when absent or empty.
pub fn count_mode(params: &Params, default: CountMode) -> Result<CountMode, Invalid> {
    match params.get("count") {
        None | Some("") => Ok(default),
        Some("exact") => Ok(CountMode::Exact),
        Some("estimate") => Ok(CountMode::Estimate),
        Some("none") => Ok(CountMode::None),
        Some(_) => Err(Invalid::new(
            "count",
            "Must be \"exact\", \"estimate\" or \"none\".",
        )),
    }
}

/// paging.py `timestamp_order`: true for newest first, false for oldest first; any other sort is
/// a 400 naming `sort` (`what` names the reading that needs the timestamp order).
pub fn timestamp_order(terms: &[String], what: &str) -> Result<bool, Invalid> {
    match terms {
        [t] if t == "-timestamp" => Ok(true),
        [t] if t == "timestamp" => Ok(false),
        _ => Err(Invalid::new(
            "sort",
            format!("{what} orders by timestamp only: send sort=-timestamp or sort=timestamp."),
        )),
    }
}

/// A position on `(timestamp, uuid)`, and which way the page reads from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    /// `"n"`: the page after the position; `"p"`: the page before it.
    pub forward: bool,
    pub ts: Micros,
    /// Hyphenated, lower case: the stored form.
    pub uuid: String,
}

/// paging.py `encode_cursor`: `json.dumps([direction, timestamp.isoformat(), str(pk)])` with
/// compact separators, URL-safe base64 without padding.
pub fn encode_cursor(forward: bool, ts: Micros, uuid: &str) -> String {
    let text = json!([if forward { "n" } else { "p" }, python_isoformat(ts), uuid]).to_string();
    URL_SAFE_NO_PAD.encode(text)
}

/// Python's `datetime.isoformat()` of an aware UTC instant: `+00:00`, microseconds when not zero.
fn python_isoformat(ts: Micros) -> String {
    let z = timestamp::format(ts);
    format!("{}+00:00", z.trim_end_matches('Z'))
}

/// paging.py `decode_cursor`: anything but a cursor this API wrote (give or take the padding)
/// is `{"cursor": ["Invalid cursor."]}`.
pub fn decode_cursor(token: &str) -> Result<Cursor, Invalid> {
    let invalid = || Invalid::new("cursor", "Invalid cursor.");
    let trimmed = token.trim_end_matches('=');
    let bytes = URL_SAFE_NO_PAD.decode(trimmed).map_err(|_| invalid())?;
    let parts: Vec<Value> = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
    let [direction, when, key] = parts.as_slice() else {
        return Err(invalid());
    };
    let forward = match direction.as_str() {
        Some("n") => true,
        Some("p") => false,
        _ => return Err(invalid()),
    };
    let (ts, offset) = when
        .as_str()
        .and_then(timestamp::parse_zoned)
        .ok_or_else(invalid)?;
    if offset.is_none() {
        return Err(invalid());
    }
    let uuid = key
        .as_str()
        .and_then(|k| uuid::Uuid::parse_str(k).ok())
        .ok_or_else(invalid)?;
    Ok(Cursor {
        forward,
        ts,
        uuid: uuid.hyphenated().to_string(),
    })
}

/// The list's filters as conditions with bindable values.
pub fn filter_conditions(filters: &Filters) -> (Vec<String>, Vec<SqlValue>) {
    let (conditions, values) = filters.conditions();
    (
        conditions,
        values.into_iter().map(SqlValue::Integer).collect(),
    )
}

/// paging.py `beyond`: rows after `(ts, uuid)` in a `(timestamp, uuid)` order that is descending
/// when `desc`; the redundant bound on `ts` is the index range.
pub fn beyond(ts: Micros, uuid: &str, desc: bool) -> (String, Vec<SqlValue>) {
    let sql = if desc {
        "ts <= ? AND (ts < ? OR (ts = ? AND e.uuid < ?))"
    } else {
        "ts >= ? AND (ts > ? OR (ts = ? AND e.uuid > ?))"
    };
    let values = vec![
        SqlValue::Integer(ts),
        SqlValue::Integer(ts),
        SqlValue::Integer(ts),
        SqlValue::Text(uuid.to_string()),
    ];
    (sql.to_string(), values)
}

/// paging.py `ordered`: `(timestamp, uuid)`, newest first when `desc`.
pub fn keyset_order(desc: bool) -> &'static str {
    if desc {
        "ORDER BY e.ts DESC, e.uuid DESC"
    } else {
        "ORDER BY e.ts ASC, e.uuid ASC"
    }
}

/// The filtered events after `after` (all of them without it), in keyset order, at most `limit`.
pub fn keyset_rows(
    conn: &Connection,
    filters: &Filters,
    desc: bool,
    after: Option<(Micros, &str)>,
    limit: u64,
) -> rusqlite::Result<Vec<(Micros, Event)>> {
    let (mut conditions, mut values) = filter_conditions(filters);
    if let Some((ts, uuid)) = after {
        let (sql, more) = beyond(ts, uuid, desc);
        conditions.push(sql);
        values.extend(more);
    }
    db::events_matching(conn, &conditions, &values, keyset_order(desc), limit)
}

fn exists_beyond(
    conn: &Connection,
    filters: &Filters,
    ts: Micros,
    uuid: &str,
    desc: bool,
) -> rusqlite::Result<bool> {
    let (mut conditions, mut values) = filter_conditions(filters);
    let (sql, more) = beyond(ts, uuid, desc);
    conditions.push(sql);
    values.extend(more);
    db::exists_matching(conn, &conditions, &values)
}

/// paging.py `counted`: (count, exact); `count_cost_us` makes a count cost what a big table's does.
fn counted(
    conn: &Connection,
    filters: &Filters,
    mode: CountMode,
    cost_us: u64,
) -> rusqlite::Result<(Option<u64>, bool)> {
    if mode == CountMode::None {
        return Ok((None, false));
    }
    let count = db::count(conn, filters)?;
    if cost_us > 0 {
        std::thread::sleep(std::time::Duration::from_micros(
            cost_us.saturating_mul(count),
        ));
    }
    Ok((Some(count), true))
}

struct CursorPage {
    count: Option<u64>,
    exact: bool,
    rows: Vec<Event>,
    next_cursor: Option<String>,
    previous_cursor: Option<String>,
}

/// paging.py `Pagination._cursor_page`: a `"p"` cursor reads backwards from its row, then turns
/// the page round; the ends are checked (one row more, or an EXISTS), never guessed.
fn cursor_page(
    conn: &Connection,
    filters: &Filters,
    desc: bool,
    cursor: Option<&Cursor>,
    size: u32,
    mode: CountMode,
    cost_us: u64,
) -> rusqlite::Result<CursorPage> {
    let (count, exact) = counted(conn, filters, mode, cost_us)?;
    let forward = cursor.is_none_or(|c| c.forward);
    let scan_desc = if forward { desc } else { !desc };
    let after = cursor.map(|c| (c.ts, c.uuid.as_str()));
    let mut rows = keyset_rows(conn, filters, scan_desc, after, size as u64 + 1)?;
    let more = rows.len() > size as usize;
    rows.truncate(size as usize);
    if !forward {
        rows.reverse();
    }
    let (mut next_cursor, mut previous_cursor) = (None, None);
    if let (Some((first_ts, first)), Some((last_ts, last))) = (rows.first(), rows.last()) {
        let has_next = if forward {
            more
        } else {
            exists_beyond(conn, filters, *last_ts, &last.uuid, desc)?
        };
        let has_prev = if forward {
            cursor.is_some() && exists_beyond(conn, filters, *first_ts, &first.uuid, !desc)?
        } else {
            more
        };
        if has_next {
            next_cursor = Some(encode_cursor(true, *last_ts, &last.uuid));
        }
        if has_prev {
            previous_cursor = Some(encode_cursor(false, *first_ts, &first.uuid));
        }
    }
    Ok(CursorPage {
        count,
        exact,
        rows: rows.into_iter().map(|(_, e)| e).collect(),
        next_cursor,
        previous_cursor,
    })
}

enum NumberedPage {
    Page {
        count: Option<u64>,
        exact: bool,
        rows: Vec<Event>,
        more: bool,
    },
    Invalid,
}

/// paging.py `EstimatedPaginator` / `UncountedPaginator`: a page number read without trusting
/// a count — one row more says whether there is a next page; an empty page past the first is
/// "Invalid page.".
fn uncounted_page(
    conn: &Connection,
    filters: &Filters,
    order_by: &str,
    number: u64,
    size: u32,
    mode: CountMode,
    cost_us: u64,
) -> rusqlite::Result<NumberedPage> {
    let (count, exact) = counted(conn, filters, mode, cost_us)?;
    let offset = (number - 1).saturating_mul(size as u64);
    let mut rows = db::page(conn, filters, order_by, size + 1, offset)?;
    let more = rows.len() > size as usize;
    rows.truncate(size as usize);
    if rows.is_empty() && number > 1 {
        return Ok(NumberedPage::Invalid);
    }
    Ok(NumberedPage::Page {
        count,
        exact,
        rows,
        more,
    })
}

/// The list with `cursor` or `count` (the switch on): the filters are valid already. `None`
/// means "answer as shared/API.md" (`count=exact`, or `count=estimate&page=last`, which the
/// package answers with its exact paginator).
pub async fn list(
    state: &Arc<AppState>,
    params: &Params,
    filters: Filters,
    headers: &HeaderMap,
) -> Option<Response> {
    let base = format!("http://{}{API_PREFIX}/audit-events/", host(headers));
    let size = query::page_size(
        params,
        state.settings.default_page_size,
        state.settings.max_page_size,
    );
    let cost_us = state.count_cost_us.load(Ordering::Relaxed);
    let started = std::time::Instant::now();
    if params.has("cursor") {
        return Some(
            match cursor_list(state, params, filters, size, cost_us, &base).await {
                Ok(r) => with_server_timing(r, started),
                Err(r) => r,
            },
        );
    }
    let mode = match count_mode(params, CountMode::Exact) {
        Ok(m) => m,
        Err(e) => return Some(e.into_response()),
    };
    let page = params.get("page").filter(|p| !p.is_empty()).unwrap_or("1");
    match mode {
        CountMode::Exact => return None,
        CountMode::Estimate if page == "last" => return None,
        CountMode::None if page == "last" => {
            return Some(
                Invalid::new("page", "page=last needs a count: send count=exact.").into_response(),
            )
        }
        _ => {}
    }
    let Some(number) = query::parse_int(page).filter(|n| *n >= 1) else {
        return Some(detail_response(StatusCode::NOT_FOUND, "Invalid page."));
    };
    let number = number as u64;
    // In a timestamp order the page (already in the cursor's order, timestamp then uuid) names
    // the pages beside it by cursor (paging.py `Pagination.page_cursors`).
    let keyset = timestamp_order(&query::sort_terms(params), "").ok();
    let order_by = query::order_by(params);
    let outcome = with_budget(state, move |conn| {
        uncounted_page(conn, &filters, &order_by, number, size, mode, cost_us)
    })
    .await;
    let (count, exact, rows, more) = match outcome {
        Ok(NumberedPage::Page {
            count,
            exact,
            rows,
            more,
        }) => (count, exact, rows, more),
        Ok(NumberedPage::Invalid) => {
            return Some(detail_response(StatusCode::NOT_FOUND, "Invalid page."))
        }
        Err(r) => return Some(r),
    };
    let next = more.then(|| replace_param(&base, params, "page", Some((number + 1).to_string())));
    let previous = (number > 1).then(|| {
        replace_param(
            &base,
            params,
            "page",
            (number > 2).then(|| (number - 1).to_string()),
        )
    });
    let mut body = json!({
        "count": count,
        "count_exact": exact,
        "next": next,
        "previous": previous,
    });
    if keyset.is_some() {
        let at = |e: Option<&Event>, forward: bool| {
            e.and_then(|e| {
                Some(encode_cursor(
                    forward,
                    timestamp::parse(&e.timestamp)?,
                    &e.uuid,
                ))
            })
        };
        body["next_cursor"] = json!(at(rows.last().filter(|_| more), true));
        body["previous_cursor"] = json!(at(rows.first().filter(|_| number > 1), false));
    }
    body["results"] = json!(rows);
    Some(with_server_timing(
        json_response(StatusCode::OK, body.to_string()),
        started,
    ))
}

async fn cursor_list(
    state: &Arc<AppState>,
    params: &Params,
    filters: Filters,
    size: u32,
    cost_us: u64,
    base: &str,
) -> Result<Response, Response> {
    if params.has("page") {
        return Err(
            Invalid::new("cursor", "Send either cursor or page, not both.").into_response(),
        );
    }
    let desc = timestamp_order(&query::sort_terms(params), "Cursor paging")
        .map_err(IntoResponse::into_response)?;
    let mode = count_mode(params, CountMode::Estimate).map_err(IntoResponse::into_response)?;
    let cursor = match params.get("cursor").unwrap_or("") {
        "" => None,
        token => Some(decode_cursor(token).map_err(IntoResponse::into_response)?),
    };
    let page = with_budget(state, move |conn| {
        cursor_page(conn, &filters, desc, cursor.as_ref(), size, mode, cost_us)
    })
    .await?;
    let link = |c: &Option<String>| {
        c.as_ref()
            .map(|c| replace_param(base, params, "cursor", Some(c.clone())))
    };
    let body = json!({
        "count": page.count,
        "count_exact": page.exact,
        "next": link(&page.next_cursor),
        "previous": link(&page.previous_cursor),
        "next_cursor": page.next_cursor,
        "previous_cursor": page.previous_cursor,
        "results": page.rows,
    });
    Ok(json_response(StatusCode::OK, body.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_read_like_the_packages() {
        let ts = timestamp::parse("2026-11-01T12:00:00.5Z").unwrap();
        let uuid = "0b5b5f3e-6a43-4b1e-9d3c-2f0a4a7f5c11";
        let token = encode_cursor(true, ts, uuid);
        let text = URL_SAFE_NO_PAD.decode(&token).unwrap();
        assert_eq!(
            String::from_utf8(text).unwrap(),
            format!("[\"n\",\"2026-11-01T12:00:00.500000+00:00\",\"{uuid}\"]")
        );
        let back = decode_cursor(&token).unwrap();
        assert_eq!(
            (back.forward, back.ts, back.uuid.as_str()),
            (true, ts, uuid)
        );
        // Padding may come back; upper case or simple uuids are the same position.
        let upper = URL_SAFE_NO_PAD.encode(format!(
            "[\"p\",\"2026-11-01T15:00:00.5+03:00\",\"{}\"]",
            uuid.to_uppercase().replace('-', "")
        ));
        let c = decode_cursor(&format!("{upper}==")).unwrap();
        assert_eq!((c.forward, c.ts, c.uuid.as_str()), (false, ts, uuid));
    }

    #[test]
    fn bad_cursors_are_invalid() {
        let enc = |s: &str| URL_SAFE_NO_PAD.encode(s);
        for bad in [
            "garbage!".to_string(),
            enc("not json"),
            enc("[\"x\",\"2026-11-01T12:00:00Z\",\"0b5b5f3e-6a43-4b1e-9d3c-2f0a4a7f5c11\"]"),
            enc("[\"n\",\"2026-11-01T12:00:00\",\"0b5b5f3e-6a43-4b1e-9d3c-2f0a4a7f5c11\"]"),
            enc("[\"n\",\"2026-11-01T12:00:00Z\",\"nope\"]"),
            enc("[\"n\",\"2026-11-01T12:00:00Z\"]"),
            enc("{\"n\":1}"),
        ] {
            assert_eq!(
                decode_cursor(&bad),
                Err(Invalid::new("cursor", "Invalid cursor.")),
                "{bad}"
            );
        }
    }

    #[test]
    fn count_modes_and_timestamp_orders() {
        let p = |q: &str| Params::parse(Some(q));
        assert_eq!(count_mode(&p(""), CountMode::Exact), Ok(CountMode::Exact));
        assert_eq!(
            count_mode(&p("count="), CountMode::Estimate),
            Ok(CountMode::Estimate)
        );
        assert_eq!(
            count_mode(&p("count=none"), CountMode::Exact),
            Ok(CountMode::None)
        );
        assert_eq!(
            count_mode(&p("count=roughly"), CountMode::Exact)
                .unwrap_err()
                .field,
            "count"
        );
        let terms = |q: &str| query::sort_terms(&p(q));
        assert_eq!(timestamp_order(&terms(""), "x"), Ok(true));
        assert_eq!(timestamp_order(&terms("sort=bogus"), "x"), Ok(true));
        assert_eq!(timestamp_order(&terms("sort=timestamp"), "x"), Ok(false));
        assert_eq!(
            timestamp_order(&terms("sort=url"), "x").unwrap_err().field,
            "sort"
        );
        assert!(timestamp_order(&terms("sort=-timestamp,uuid"), "x").is_err());
    }
}
