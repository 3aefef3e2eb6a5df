//! HTTP routes: the API under `/api/v1/`, a test-only insert endpoint, `/config.json`, and the
//! built app with SPA fallback. With `--api-features on` the list also pages as `paging` says,
//! and `aggregates` and `export` are mounted beside it.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::aggregates;
use crate::api::{
    detail_response, host, internal_error, json_response, replace_param, with_db,
    with_server_timing,
};
use crate::auth::{self, Caller};
use crate::db;
use crate::export;
use crate::faults::{Fault, FaultKind, SERVER_ERROR_HTML};
use crate::generate::{self, Rng, CONTENT_TYPES};
use crate::http::API_PREFIX;
use crate::paging;
use crate::query::{self, Filters, Params};
use crate::static_files;
use crate::AppState;

type Shared = Arc<AppState>;

pub fn router(state: Shared) -> Router {
    let mut api = Router::new()
        .route("/audit-events/", get(list))
        .route("/audit-events/{uuid}/", get(detail));
    if state.settings.api_features {
        // The Django package's aggregates and export (README "At scale"); without the switch
        // these paths are the detail route's unknown uuids, 404 as on a plain DRF API.
        api = api
            .route("/audit-events/histogram/", get(aggregates::histogram))
            .route("/audit-events/facets/", get(aggregates::facets))
            .route("/audit-events/export/", get(export::export));
    }
    let api = api
        .route("/_demo/events/", post(insert))
        .route("/_demo/faults/", post(set_faults))
        .fallback(api_not_found)
        .layer(middleware::from_fn_with_state(state.clone(), guard));
    let mut app = Router::new()
        // Django's APPEND_SLASH: a GET without the trailing slash is redirected to it.
        .route("/api/v1/audit-events", get(append_slash))
        .route("/api/v1/audit-events/{uuid}", get(append_slash))
        .nest(API_PREFIX, api)
        .route("/config.json", get(config_json))
        .fallback(static_files::serve)
        .with_state(state.clone());
    if !state.settings.cors_origins.is_empty() {
        let origins: Vec<HeaderValue> = state
            .settings
            .cors_origins
            .iter()
            .filter_map(|o| HeaderValue::from_str(o.trim_end_matches('/')).ok())
            .collect();
        app = app.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
                // Without this a cross-origin app cannot read Retry-After on a 429.
                .expose_headers([header::RETRY_AFTER])
                .max_age(Duration::from_secs(600)),
        );
    }
    app
}

/// Whether this request is one of the planned failures (`fail_next`), counting it off.
fn take_planned_failure(state: &AppState, query: &str) -> Option<Fault> {
    let mut plan = state.fail_next.lock().ok()?;
    match plan.as_mut() {
        Some((text, n, kind)) if *n > 0 && query.contains(text.as_str()) => {
            *n -= 1;
            Some(match kind {
                FaultKind::RateLimited => Fault::RateLimited,
                _ => Fault::ServerError,
            })
        }
        _ => None,
    }
}

/// Latency, injected faults, then DRF token authentication, for every API route. The test-only
/// `/_demo/` routes skip the faults, so a test can always turn them off again.
async fn guard(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let s = &state.settings;
    let test_route = request.uri().path().starts_with("/_demo/");
    let latency = state.latency_ms.load(std::sync::atomic::Ordering::Relaxed);
    if latency > 0 && !test_route {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    let fault = if test_route {
        None
    } else if let Some(planned) = take_planned_failure(&state, request.uri().query().unwrap_or(""))
    {
        Some(planned)
    } else {
        state.faults.roll()
    };
    match fault {
        Some(Fault::ServerError) => {
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                SERVER_ERROR_HTML,
            )
                .into_response()
        }
        Some(Fault::RateLimited) => {
            let mut r = detail_response(
                StatusCode::TOO_MANY_REQUESTS,
                "Request was throttled. Expected available in 1 second.",
            );
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            return r;
        }
        None => {}
    }
    let header_value = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    match auth::check(header_value, &s.token, s.forbidden_token.as_deref()) {
        Caller::Authorized => next.run(request).await,
        Caller::Forbidden => detail_response(StatusCode::FORBIDDEN, auth::NO_PERMISSION),
        Caller::Rejected(detail) => {
            let mut r = detail_response(StatusCode::UNAUTHORIZED, detail);
            r.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Token"));
            r
        }
    }
}

async fn api_not_found() -> Response {
    detail_response(StatusCode::NOT_FOUND, "Not found.")
}

/// 301, as Django's `HttpResponsePermanentRedirect` answers (axum's `permanent` would be 308).
async fn append_slash(uri: Uri) -> Response {
    let target = match uri.query() {
        Some(q) => format!("{}/?{q}", uri.path()),
        None => format!("{}/", uri.path()),
    };
    (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, target)]).into_response()
}

enum ListOutcome {
    Page(u64, u64, Vec<db::Event>),
    InvalidPage,
}

async fn list(
    State(state): State<Shared>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let params = Params::parse(raw.as_deref());
    let filters = match Filters::parse(&params) {
        Ok(f) => f,
        Err(errors) => {
            return json_response(
                StatusCode::BAD_REQUEST,
                serde_json::to_string(&errors).unwrap_or_default(),
            )
        }
    };
    if state.settings.api_features && (params.has("cursor") || params.has("count")) {
        if let Some(answer) = paging::list(&state, &params, filters.clone(), &headers).await {
            return answer;
        }
    }
    exact_list(state, params, filters, headers).await
}

/// shared/API.md's page-number list with its exact count.
async fn exact_list(
    state: Shared,
    params: Params,
    filters: Filters,
    headers: HeaderMap,
) -> Response {
    let order_by = query::order_by(&params);
    let size = query::page_size(
        &params,
        state.settings.default_page_size,
        state.settings.max_page_size,
    );
    let page_param = params.get("page").map(str::to_string);
    let started = std::time::Instant::now();
    let cost_us = state
        .count_cost_us
        .load(std::sync::atomic::Ordering::Relaxed);
    let outcome = with_db(&state, move |conn| {
        let count = db::count(conn, &filters)?;
        // A big table's COUNT(*): the connection stays busy, as a database's would.
        if cost_us > 0 {
            std::thread::sleep(std::time::Duration::from_micros(
                cost_us.saturating_mul(count),
            ));
        }
        let page_params = Params(
            page_param
                .map(|p| vec![("page".to_string(), p)])
                .unwrap_or_default(),
        );
        let Some(page) = query::page_number(&page_params, count, size) else {
            return Ok(ListOutcome::InvalidPage);
        };
        let rows = db::page(conn, &filters, &order_by, size, (page - 1) * size as u64)?;
        Ok(ListOutcome::Page(count, page, rows))
    })
    .await;
    let (count, page, rows) = match outcome {
        Ok(ListOutcome::Page(c, p, r)) => (c, p, r),
        Ok(ListOutcome::InvalidPage) => {
            return detail_response(StatusCode::NOT_FOUND, "Invalid page.")
        }
        Err(response) => return response,
    };
    let pages = count.div_ceil(size as u64).max(1);
    let base = format!("http://{}{API_PREFIX}/audit-events/", host(&headers));
    let next = (page < pages).then(|| page_link(&base, &params, Some(page + 1)));
    let previous = (page > 1).then(|| page_link(&base, &params, (page > 2).then(|| page - 1)));
    let body = json!({
        "count": count,
        "next": next,
        "previous": previous,
        "results": rows,
    });
    with_server_timing(json_response(StatusCode::OK, body.to_string()), started)
}

/// DRF's `replace_query_param` / `remove_query_param`: the request's own query with `page` set
/// (or removed for page 1), keys sorted, form-encoded.
fn page_link(base: &str, params: &Params, page: Option<u64>) -> String {
    replace_param(base, params, "page", page.map(|p| p.to_string()))
}

async fn detail(State(state): State<Shared>, Path(uuid): Path<String>) -> Response {
    // A malformed uuid is a 404 too (Django turns the ValidationError into Http404).
    let Ok(parsed) = uuid::Uuid::parse_str(&uuid) else {
        return detail_response(StatusCode::NOT_FOUND, NO_MATCH);
    };
    let key = parsed.hyphenated().to_string();
    let started = std::time::Instant::now();
    match with_db(&state, move |conn| db::by_uuid(conn, &key)).await {
        Ok(Some(event)) => with_server_timing(
            json_response(
                StatusCode::OK,
                serde_json::to_string(&event).unwrap_or_default(),
            ),
            started,
        ),
        Ok(None) => detail_response(StatusCode::NOT_FOUND, NO_MATCH),
        Err(response) => response,
    }
}

const NO_MATCH: &str = "No AuditEvent matches the given query.";

/// Test helper, not part of the real API: inserts one event stamped now (or at `timestamp`), with
/// optional overrides of `user`, `content_type`, `object_id`, `remote_addr`, `url`, `headers`,
/// `post_data`, `query_params`, `content`. Answers 201 with the event.
async fn insert(State(state): State<Shared>, body: axum::body::Bytes) -> Response {
    let overrides: Value = if body.is_empty() {
        json!({})
    } else {
        match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                return detail_response(StatusCode::BAD_REQUEST, &format!("Invalid JSON: {e}"))
            }
        }
    };
    let now = chrono::Utc::now().timestamp_micros();
    let ts = match overrides.get("timestamp").and_then(Value::as_str) {
        Some(t) => match crate::timestamp::parse(t) {
            Some(ts) => ts,
            None => return detail_response(StatusCode::BAD_REQUEST, "Enter a valid date/time."),
        },
        None => now,
    };
    let mut rng = Rng::new(now as u64);
    let mut event = generate::make_event(&mut rng, ts, &[]);
    if let Some(v) = overrides.get("user") {
        event.user_id = v.as_i64();
    }
    if let Some(v) = overrides.get("content_type").and_then(Value::as_i64) {
        event.content_type = v;
    }
    if let Some(v) = overrides.get("object_id") {
        event.object_id = v.as_i64();
    }
    if let Some(v) = overrides.get("remote_addr") {
        event.remote_addr = v.as_str().map(String::from);
    }
    if let Some(v) = overrides.get("url") {
        event.url = v.as_str().map(String::from);
    }
    // JSON fields are stored as given, any shape.
    for (key, slot) in [
        ("headers", &mut event.headers),
        ("post_data", &mut event.post_data),
        ("query_params", &mut event.query_params),
        ("content", &mut event.content),
    ] {
        if let Some(v) = overrides.get(key) {
            *slot = v.to_string();
        }
    }
    let uuid = event.uuid.clone();
    let result = with_db(&state, move |conn| {
        db::insert(conn, &event)?;
        db::by_uuid(conn, &uuid)
    })
    .await;
    match result {
        Ok(Some(e)) => json_response(
            StatusCode::CREATED,
            serde_json::to_string(&e).unwrap_or_default(),
        ),
        Ok(None) => internal_error("inserted event vanished"),
        Err(response) => response,
    }
}

/// Test helper, not part of the real API: changes `fail_rate`, `kind` ("500", "429" or "mixed")
/// and/or `latency_ms` while the server runs, so a test can sign in first and then meet a failing
/// or slow API.
async fn set_faults(State(state): State<Shared>, body: axum::body::Bytes) -> Response {
    let v: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => return detail_response(StatusCode::BAD_REQUEST, &format!("Invalid JSON: {e}")),
    };
    if let Some(rate) = v.get("fail_rate").and_then(Value::as_f64) {
        state.faults.set_rate(rate);
    }
    match v.get("kind").and_then(Value::as_str) {
        Some("500") => state.faults.set_kind(FaultKind::ServerError),
        Some("429") => state.faults.set_kind(FaultKind::RateLimited),
        Some(_) => state.faults.set_kind(FaultKind::Mixed),
        None => {}
    }
    // {"fail_next": {"count": 2, "matching": "page=2", "kind": "429"}}
    if let Some(plan) = v.get("fail_next") {
        let count = plan.get("count").and_then(Value::as_u64).unwrap_or(0);
        let matching = plan.get("matching").and_then(Value::as_str).unwrap_or("");
        let kind = match plan.get("kind").and_then(Value::as_str) {
            Some("429") => FaultKind::RateLimited,
            _ => FaultKind::ServerError,
        };
        if let Ok(mut slot) = state.fail_next.lock() {
            *slot = Some((
                matching.to_string(),
                count.min(u32::MAX as u64) as u32,
                kind,
            ));
        }
    }
    if let Some(us) = v.get("count_cost_us").and_then(Value::as_u64) {
        state
            .count_cost_us
            .store(us, std::sync::atomic::Ordering::Relaxed);
    }
    if let Some(ms) = v.get("latency_ms").and_then(Value::as_u64) {
        state
            .latency_ms
            .store(ms, std::sync::atomic::Ordering::Relaxed);
    }
    json_response(
        StatusCode::OK,
        json!({
            "fail_rate": state.faults.rate(),
            "latency_ms": state.latency_ms.load(std::sync::atomic::Ordering::Relaxed),
            "count_cost_us": state.count_cost_us.load(std::sync::atomic::Ordering::Relaxed),
        })
        .to_string(),
    )
}

/// The app's runtime configuration, pointing it at this server's API.
async fn config_json(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let content_types: serde_json::Map<String, Value> = CONTENT_TYPES
        .iter()
        .map(|(id, label)| (id.to_string(), json!(label)))
        .collect();
    let mut body = json!({
        "api_base_url": format!("http://{}{API_PREFIX}", host(&headers)),
        "content_types": content_types,
    });
    if let Value::Object(map) = &mut body {
        if state.settings.api_features {
            map.insert(
                "api_features".into(),
                api_features(state.settings.statement_timeout),
            );
        }
        map.extend(state.settings.app_config.clone());
    }
    let mut r = json_response(StatusCode::OK, body.to_string());
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

/// config.json's `api_features` with `--api-features on`: the Django package's own
/// (config.py `api_features()`), listing what demo-api answers beyond shared/API.md.
pub fn api_features(statement_timeout: Duration) -> Value {
    json!({
        "cursor": true,
        "count_estimate": true,
        "count_none": true,
        "histogram": {"max_buckets": aggregates::MAX_BUCKETS, "steps": true},
        "facets": {"names": aggregates::FACETS, "max_values": aggregates::MAX_FACET_VALUES},
        "export": export::FORMATS.iter().map(|(name, _)| *name).collect::<Vec<_>>(),
        "statement_timeout_seconds": statement_timeout.as_secs_f64().ceil().max(1.0) as u64,
    })
}
