use std::path::PathBuf;

use clap::Parser;
use demo_api::{db, generate, serve, Settings};

/// A server imitating the audit-events API on SQLite, for development and tests.
#[derive(Parser, Debug)]
#[command(version)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// SQLite database file; created and filled when new.
    #[arg(long, default_value = "demo-api.sqlite3")]
    db: PathBuf,
    /// Events to generate when the database is new.
    #[arg(long, default_value_t = 100_000)]
    events: u64,
    /// Seed for the generated data.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// The API token (`Authorization: Token <token>`).
    #[arg(long, default_value = "demo-token")]
    token: String,
    /// A token that authenticates but has no permission (answers 403).
    #[arg(long)]
    forbidden_token: Option<String>,
    /// A built app to serve at `/`, with SPA fallback and a generated /config.json.
    #[arg(long)]
    dist: Option<PathBuf>,
    /// An origin allowed to call the API cross-origin; repeat for several.
    #[arg(long = "cors-origin")]
    cors_origins: Vec<String>,
    /// Delay added to every API response, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Fraction (0.0–1.0) of API requests answered with 500 (HTML) or 429 (Retry-After).
    #[arg(long, default_value_t = 0.0)]
    fail_rate: f64,
    /// Microseconds every count sleeps per matching row (1 ≈ 100 ms per 100,000 rows): counts
    /// that cost what they cost on a big production table.
    #[arg(long, default_value_t = 0)]
    count_cost_us: u64,
    /// A JSON file whose keys are merged over the generated /config.json.
    #[arg(long)]
    app_config: Option<PathBuf>,
    /// Page size when a request gives no valid `limit`.
    #[arg(long, default_value_t = 100)]
    page_size: u32,
    /// `on`: also serve what the Django package serves at scale (count=estimate|none, cursor
    /// paging, histogram, facets, streamed export) and list it in /config.json's api_features;
    /// `off`: a plain DRF API as shared/API.md describes.
    #[arg(long, value_enum, default_value_t = Switch::Off)]
    api_features: Switch,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Switch {
    On,
    Off,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    if let Err(e) = run(args).await {
        eprintln!("demo-api: {e}");
        std::process::exit(1);
    }
}

async fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    if !(0.0..=1.0).contains(&args.fail_rate) {
        return Err("--fail-rate must be between 0.0 and 1.0".into());
    }
    let (pool, empty) = db::Pool::open(&args.db)?;
    if empty {
        let started = std::time::Instant::now();
        let anchor = chrono::Utc::now().timestamp_micros();
        let mut conn = pool.get()?;
        // PooledConnection derefs to &Connection; generation needs a transaction on a &mut one.
        let conn = std::ops::DerefMut::deref_mut(&mut conn);
        generate::populate(conn, args.events, anchor, args.seed)?;
        eprintln!(
            "demo-api: generated {} events in {:.1}s",
            args.events,
            started.elapsed().as_secs_f64()
        );
    }
    let app_config = match &args.app_config {
        None => serde_json::Map::new(),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("--app-config {}: {e}", path.display()))?;
            match serde_json::from_str(&text) {
                Ok(serde_json::Value::Object(map)) => map,
                _ => {
                    return Err(
                        format!("--app-config {}: not a JSON object", path.display()).into(),
                    )
                }
            }
        }
    };
    let listener = tokio::net::TcpListener::bind(&args.addr).await?;
    eprintln!("demo-api: listening on http://{}", listener.local_addr()?);
    let settings = Settings {
        token: args.token,
        forbidden_token: args.forbidden_token,
        dist: args.dist,
        cors_origins: args.cors_origins,
        latency_ms: args.latency_ms,
        fail_rate: args.fail_rate,
        count_cost_us: args.count_cost_us,
        default_page_size: args.page_size,
        max_page_size: 500,
        app_config,
        api_features: args.api_features == Switch::On,
        ..Settings::default()
    };
    serve(listener, settings, pool).await?;
    Ok(())
}
