//! `GET …/audit-events/export/?as=ndjson|csv&<filters>[&sort=timestamp]`, as the Django package
//! streams it (integrations/django/audit_console/export.py, README "Streamed export"), offered
//! only with `--api-features on`: the whole filtered set in one streamed response, read in
//! keyset batches on `(timestamp, uuid)` so memory stays flat, in the console's own export
//! formats (src/list/export: the same 15 CSV columns, UTC timestamps, formula-guarded cells;
//! NDJSON one event a line) and masked as the console masks. Bad parameters are a 400 before
//! any byte; a failure mid-stream aborts the transfer, so the client never sees a file that
//! looks whole. src/list/export/export_cases.json holds the formats to the console's (tests).

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use crate::api::{internal_error, json_response, under_budget, with_budget};
use crate::http::Invalid;
use crate::paging::{keyset_rows, timestamp_order};
use crate::query::{self, Filters, Params};
use crate::AppState;

/// The formats and their content types, in the package's order.
pub const FORMATS: [(&str, &str); 2] = [
    ("ndjson", "application/x-ndjson; charset=utf-8"),
    ("csv", "text/csv; charset=utf-8"),
];
/// conf.py `EXPORT_BATCH_SIZE`' default: rows read per query.
pub const BATCH_SIZE: u64 = 1000;
pub const MASK: &str = "••••••••";
pub const CSV_COLUMNS: [&str; 15] = [
    "uuid",
    "timestamp",
    "user_id",
    "user_email",
    "user_first_name",
    "user_last_name",
    "remote_addr",
    "url",
    "query_params",
    "post_data",
    "headers",
    "content_type",
    "object_id",
    "content",
    "other_fields",
];
/// An event's documented fields (shared/API.md's order); any other key is an "other field".
const FIELD_ORDER: [&str; 11] = [
    "uuid",
    "timestamp",
    "user",
    "remote_addr",
    "url",
    "query_params",
    "post_data",
    "headers",
    "content_type",
    "object_id",
    "content",
];
/// Fields NDJSON writes as they are; every other one is masked.
const NOT_MASKED: [&str; 7] = [
    "uuid",
    "timestamp",
    "user",
    "remote_addr",
    "url",
    "content_type",
    "object_id",
];

/// The console's sensitive keys: these headers, or any key containing these words.
pub fn is_sensitive_key(key: &str) -> bool {
    let k = key.to_lowercase();
    matches!(
        k.as_str(),
        "authorization" | "cookie" | "set-cookie" | "x-api-key"
    ) || ["token", "secret", "password", "session"]
        .iter()
        .any(|w| k.contains(w))
}

/// `value` with every sensitive key's value, at any depth, replaced by the mask.
pub fn masked(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = if is_sensitive_key(k) {
                        Value::String(MASK.into())
                    } else {
                        masked(v)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(masked).collect()),
        other => other.clone(),
    }
}

/// A cell a spreadsheet would run as a formula gets a leading `'`.
fn guard_formula(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

fn csv_cell(text: &str) -> String {
    let guarded = guard_formula(text);
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

fn json_cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(v) => masked(v).to_string(),
    }
}

/// Python's `str()` of a JSON value, for the few cells that print one.
fn py_str(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        other => other.to_string(),
    }
}

/// Python's `value or ""` for a text field.
fn text_or_empty(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(false)) => String::new(),
        Some(other) => py_str(other),
    }
}

/// The console's `utc_iso` (chrono's `SecondsFormat::AutoSi`): UTC, `Z`, and no, 3 or 6
/// fractional digits. Text that is not an instant is written as it is.
fn utc(text: &Value) -> String {
    let Some(s) = text.as_str() else {
        return py_str(text);
    };
    match crate::timestamp::parse_zoned(s) {
        Some((micros, Some(_))) => chrono::DateTime::from_timestamp_micros(micros)
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
            .unwrap_or_else(|| s.to_string()),
        _ => s.to_string(),
    }
}

/// export.py `csv_row`: one event as the console's CSV row, `\r\n`-terminated.
pub fn csv_row(event: &Map<String, Value>) -> String {
    let ids: [String; 4] = match event.get("user") {
        Some(Value::Object(user)) => [
            user.get("pk").map(py_str).unwrap_or_default(),
            text_or_empty(user.get("email")),
            text_or_empty(user.get("first_name")),
            text_or_empty(user.get("last_name")),
        ],
        None | Some(Value::Null) => Default::default(),
        Some(other) => [py_str(other), String::new(), String::new(), String::new()],
    };
    let other: Map<String, Value> = event
        .iter()
        .filter(|(k, _)| !FIELD_ORDER.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let number = |key: &str| match event.get(key) {
        None | Some(Value::Null) => String::new(),
        Some(v) => py_str(v),
    };
    let [user_id, email, first_name, last_name] = ids;
    let cells = [
        event.get("uuid").map(py_str).unwrap_or_default(),
        event.get("timestamp").map(utc).unwrap_or_default(),
        user_id,
        email,
        first_name,
        last_name,
        text_or_empty(event.get("remote_addr")),
        text_or_empty(event.get("url")),
        json_cell(event.get("query_params")),
        json_cell(event.get("post_data")),
        json_cell(event.get("headers")),
        number("content_type"),
        number("object_id"),
        json_cell(event.get("content")),
        if other.is_empty() {
            String::new()
        } else {
            json_cell(Some(&Value::Object(other)))
        },
    ];
    let row: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
    format!("{}\r\n", row.join(","))
}

/// export.py `ndjson_line`: the event as the list writes it, every field but the plain ones
/// masked, one line.
pub fn ndjson_line(event: &Map<String, Value>) -> String {
    let out: Map<String, Value> = event
        .iter()
        .map(|(k, v)| {
            let v = if NOT_MASKED.contains(&k.as_str()) {
                v.clone()
            } else {
                masked(v)
            };
            (k.clone(), v)
        })
        .collect();
    format!("{}\n", Value::Object(out))
}

/// The rows after `after`, formatted; `None` at the end. Each batch is its own query.
type Position = Option<(i64, String)>;

fn batch(
    conn: &rusqlite::Connection,
    filters: &Filters,
    desc: bool,
    after: &Position,
    csv: bool,
) -> rusqlite::Result<(String, Position, bool)> {
    let rows = keyset_rows(
        conn,
        filters,
        desc,
        after.as_ref().map(|(ts, uuid)| (*ts, uuid.as_str())),
        BATCH_SIZE,
    )?;
    let last = rows.last().map(|(ts, e)| (*ts, e.uuid.clone()));
    let done = (rows.len() as u64) < BATCH_SIZE;
    let mut text = String::new();
    for (_, event) in rows {
        let value = serde_json::to_value(&event)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        let Value::Object(map) = value else { continue };
        text.push_str(&if csv {
            csv_row(&map)
        } else {
            ndjson_line(&map)
        });
    }
    Ok((text, last, done))
}

/// The export view: validates first (`as`, then `sort`, then the filters), reads the first
/// batch before answering 200, then streams the rest from a blocking task.
pub async fn export(State(state): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> Response {
    let params = Params::parse(raw.as_deref());
    let kind = params.get("as").unwrap_or("ndjson");
    let Some((kind, content_type)) = FORMATS.iter().find(|(name, _)| *name == kind).copied() else {
        return Invalid::new("as", "Must be \"ndjson\" or \"csv\".").into_response();
    };
    let desc = match timestamp_order(&query::sort_terms(&params), "The export") {
        Ok(d) => d,
        Err(e) => return e.into_response(),
    };
    let filters = match Filters::parse(&params) {
        Ok(f) => f,
        Err(errors) => {
            return json_response(
                StatusCode::BAD_REQUEST,
                serde_json::to_string(&errors).unwrap_or_default(),
            )
        }
    };
    let csv = kind == "csv";
    let first_filters = filters.clone();
    let first = match with_budget(&state, move |conn| {
        batch(conn, &first_filters, desc, &None, csv)
    })
    .await
    {
        Ok(b) => b,
        Err(r) => return r,
    };
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    let producer_state = state.clone();
    tokio::task::spawn_blocking(move || {
        let (text, mut after, mut done) = first;
        let head = if csv {
            format!("{}\r\n", CSV_COLUMNS.join(","))
        } else {
            String::new()
        };
        if tx.blocking_send(Ok(Bytes::from(head + &text))).is_err() {
            return;
        }
        while !done {
            // Each batch its own query under the budget; past it the transfer is aborted.
            let budget = producer_state.settings.statement_timeout;
            let next = producer_state.db.get().and_then(|conn| {
                under_budget(&conn, budget, |conn| {
                    batch(conn, &filters, desc, &after, csv)
                })
            });
            match next {
                Ok((text, last, end)) => {
                    if text.is_empty() && last.is_none() {
                        return;
                    }
                    if tx.blocking_send(Ok(Bytes::from(text))).is_err() {
                        return; // the client went away
                    }
                    after = last;
                    done = end;
                }
                Err(e) => {
                    eprintln!("demo-api: export aborted: {e}");
                    let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
                    return;
                }
            }
        }
    });
    let stream = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx));
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let disposition = format!("attachment; filename=\"audit-events-{stamp}.{kind}\"");
    let mut response = Response::new(Body::from_stream(stream));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    match HeaderValue::from_str(&disposition) {
        Ok(v) => {
            headers.insert(header::CONTENT_DISPOSITION, v);
        }
        Err(e) => return internal_error(e),
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    /// src/list/export/export_cases.json: the console's own CSV row and masked NDJSON object
    /// for each event; the package's export is held to the same cases.
    #[test]
    fn writes_what_the_console_writes_for_the_shared_cases() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../src/list/export/export_cases.json"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let cases: Value = serde_json::from_str(&text).unwrap();
        let cases = cases["cases"].as_array().unwrap();
        assert!(cases.len() >= 4);
        for case in cases {
            let event = case["event"].as_object().unwrap();
            let uuid = &event["uuid"];
            assert_eq!(csv_row(event), case["csv"].as_str().unwrap(), "{uuid}");
            let line = ndjson_line(event);
            assert!(line.ends_with('\n') && !line[..line.len() - 1].contains('\n'));
            let parsed: Value = serde_json::from_str(&line).unwrap();
            assert_eq!(parsed, case["ndjson"], "{uuid}");
        }
    }

    #[test]
    fn sensitive_keys_and_formula_cells() {
        assert!(is_sensitive_key("X-API-KEY") && is_sensitive_key("my_Session_id"));
        assert!(!is_sensitive_key("User-Agent"));
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("a,\"b\""), "\"a,\"\"b\"\"\"");
        assert_eq!(csv_cell("plain"), "plain");
    }
}
