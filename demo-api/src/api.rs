//! What the API's handlers share — JSON answers, absolute links, `Server-Timing`, and database
//! work off the async threads, optionally under the time budget — so that `routes` (shared/API.md)
//! and the at-scale modules it mounts (`paging`, `aggregates`, `export`) need not import each
//! other both ways.

use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::faults::SERVER_ERROR_HTML;
use crate::query::Params;
use crate::AppState;

type Shared = Arc<AppState>;

/// The `Host` the client used, for absolute URLs (as Django's `build_absolute_uri` does).
pub(crate) fn host(headers: &HeaderMap) -> &str {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost")
}

pub(crate) fn json_response(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

pub(crate) fn detail_response(status: StatusCode, detail: &str) -> Response {
    json_response(status, json!({ "detail": detail }).to_string())
}

pub(crate) fn internal_error(e: impl std::fmt::Display) -> Response {
    eprintln!("demo-api: {e}");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        SERVER_ERROR_HTML,
    )
        .into_response()
}

/// Runs blocking SQLite work off the async threads.
pub(crate) async fn with_db<T: Send + 'static>(
    state: &Shared,
    work: impl FnOnce(&rusqlite::Connection) -> rusqlite::Result<T> + Send + 'static,
) -> Result<T, Response> {
    let state = state.clone();
    tokio::task::spawn_blocking(move || {
        let conn = state.db.get()?;
        work(&conn)
    })
    .await
    .map_err(internal_error)?
    .map_err(internal_error)
}

/// [`with_db`] under the time budget (`Settings::statement_timeout`), as the Django package runs
/// every query of its API (db.py `budget`: on SQLite a progress handler that interrupts the
/// query): past it, `400 {"detail": "…Narrow the time range…", "code": "query_timeout"}`.
pub(crate) async fn with_budget<T: Send + 'static>(
    state: &Shared,
    work: impl FnOnce(&rusqlite::Connection) -> rusqlite::Result<T> + Send + 'static,
) -> Result<T, Response> {
    let budget = state.settings.statement_timeout;
    let outcome = with_db(state, move |conn| Ok(under_budget(conn, budget, work))).await?;
    match outcome {
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted) => {
            Err(query_timeout(budget))
        }
        Err(e) => Err(internal_error(e)),
        Ok(v) => Ok(v),
    }
}

/// `work` on `conn`, interrupted (`ErrorCode::OperationInterrupted`) once `budget` has passed.
pub(crate) fn under_budget<T>(
    conn: &rusqlite::Connection,
    budget: Duration,
    work: impl FnOnce(&rusqlite::Connection) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    let deadline = std::time::Instant::now() + budget;
    conn.progress_handler(1000, Some(move || std::time::Instant::now() > deadline));
    let result = work(conn);
    conn.progress_handler(0, None::<fn() -> bool>);
    result
}

/// db.py `QueryTimeout`'s answer.
pub(crate) fn query_timeout(budget: Duration) -> Response {
    let seconds = budget.as_secs_f64();
    // Python's `{seconds:g}`: 30 → "30", 0.5 → "0.5".
    let shown = format!("{seconds}");
    json_response(
        StatusCode::BAD_REQUEST,
        json!({
            "detail": format!(
                "This question took longer than the API's time budget ({shown} s) and was \
                 stopped. Narrow the time range or add a filter, then ask again."
            ),
            "code": "query_timeout",
        })
        .to_string(),
    )
}

/// `Server-Timing: db;dur=<ms>`: the time the database work took (count, its cost and the page),
/// so a client or benchmark can add up what its requests cost the server.
pub(crate) fn with_server_timing(mut response: Response, started: std::time::Instant) -> Response {
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if let Ok(value) = HeaderValue::from_str(&format!("db;dur={ms:.1}")) {
        response.headers_mut().insert("server-timing", value);
    }
    response
}

/// The request's own query with `key` set to `value` (or removed), keys sorted, form-encoded:
/// DRF's `replace_query_param` / `remove_query_param`, for `page` and `cursor` links.
pub(crate) fn replace_param(
    base: &str,
    params: &Params,
    key: &str,
    value: Option<String>,
) -> String {
    let mut pairs: Vec<(String, String)> =
        params.0.iter().filter(|(k, _)| k != key).cloned().collect();
    if let Some(v) = value {
        pairs.push((key.into(), v));
    }
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    if query.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{query}")
    }
}
