//! demo-api: a native server that imitates the audit-events API (see `shared/API.md`) on SQLite.
//!
//! It reproduces the real stack's observable behaviour — DRF token authentication, django-filter
//! lookups and their 400 messages, OrderingFilter's `sort`, page-number pagination with `limit` —
//! so the app and its tests meet the same edges they will meet in production. With
//! `--api-features on` it also answers what the Django package adds at scale (`paging`,
//! `aggregates`, `export`).

pub mod aggregates;
pub mod api;
pub mod auth;
pub mod db;
pub mod export;
pub mod faults;
pub mod generate;
pub mod http;
pub mod paging;
pub mod query;
pub mod routes;
pub mod static_files;
pub mod timestamp;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// Everything the server needs at run time; built from the command line in `main.rs`.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The one token that authenticates with full permission.
    pub token: String,
    /// A token that authenticates but lacks permission (answers 403), for testing the app's 403 path.
    pub forbidden_token: Option<String>,
    /// Built app to serve at `/` with SPA fallback, plus a generated `/config.json`.
    pub dist: Option<PathBuf>,
    /// Origins allowed to call the API from another origin (CORS).
    pub cors_origins: Vec<String>,
    /// Delay added to every API response.
    pub latency_ms: u64,
    /// Fraction of API requests answered with a fault (500 HTML or 429 + Retry-After).
    pub fail_rate: f64,
    /// Microseconds every count sleeps per matching row, so counts cost what they cost on a big
    /// production table (1 µs/row ≈ 100 ms for 100,000 rows).
    pub count_cost_us: u64,
    /// Page size when a request has no valid `limit`.
    pub default_page_size: u32,
    /// Largest page a request may ask for.
    pub max_page_size: u32,
    /// Keys merged over the generated `/config.json` (e.g. `default_time_range`).
    pub app_config: serde_json::Map<String, serde_json::Value>,
    /// `--api-features on`: answer what the Django package serves beyond shared/API.md (its
    /// README "At scale": `count=estimate|none`, cursor paging, the histogram, the facets, the
    /// streamed export) and say so in `/config.json`'s `api_features`. Off: a plain DRF API.
    pub api_features: bool,
    /// The Django package's `STATEMENT_TIMEOUT`: with `api_features`, a query of the paging modes,
    /// the aggregates or an export batch running longer is stopped and answered with the
    /// package's `400 {"detail": …, "code": "query_timeout"}`.
    pub statement_timeout: std::time::Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            token: "demo-token".into(),
            forbidden_token: None,
            dist: None,
            cors_origins: Vec::new(),
            latency_ms: 0,
            fail_rate: 0.0,
            count_cost_us: 0,
            default_page_size: 100,
            max_page_size: 500,
            app_config: serde_json::Map::new(),
            api_features: false,
            statement_timeout: std::time::Duration::from_secs(30),
        }
    }
}

/// Shared state of a running server.
pub struct AppState {
    pub settings: Settings,
    pub db: db::Pool,
    pub faults: faults::FaultDice,
    /// `--latency-ms`, changeable at run time through the test endpoint.
    pub latency_ms: std::sync::atomic::AtomicU64,
    /// `--count-cost-us`, changeable at run time through the test endpoint.
    pub count_cost_us: std::sync::atomic::AtomicU64,
    /// Test endpoint `fail_next`: the next `n` API requests whose query contains the text fail
    /// with a 500 (or a 429), deterministically (unlike the random `fail_rate`).
    pub fail_next: std::sync::Mutex<Option<(String, u32, faults::FaultKind)>>,
}

/// Serves until the process ends. `listener` is already bound, so tests can use port 0.
pub async fn serve(
    listener: tokio::net::TcpListener,
    settings: Settings,
    pool: db::Pool,
) -> std::io::Result<()> {
    let state = Arc::new(AppState {
        faults: faults::FaultDice::new(settings.fail_rate),
        latency_ms: std::sync::atomic::AtomicU64::new(settings.latency_ms),
        count_cost_us: std::sync::atomic::AtomicU64::new(settings.count_cost_us),
        fail_next: std::sync::Mutex::new(None),
        settings,
        db: pool,
    });
    let app = routes::router(state);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
}
