//! demo-api over real HTTP: every rule of `shared/API.md` it imitates.

use std::collections::HashSet;
use std::path::PathBuf;

use demo_api::{db, generate, serve, Settings};
use reqwest::{header, Client, StatusCode};
use serde_json::Value;

const TOKEN: &str = "test-token";
const EVENTS: u64 = 1200;
/// 2026-11-25T12:00:00Z: a fixed anchor so the data is the same on every run.
const ANCHOR: i64 = 1_795_608_000_000_000;

struct Server {
    base: String,
    client: Client,
    _dir: tempfile::TempDir,
}

async fn start(tweak: impl FnOnce(&mut Settings)) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let (pool, empty) = db::Pool::open(&dir.path().join("db.sqlite3")).unwrap();
    assert!(empty);
    {
        let mut conn = pool.get().unwrap();
        generate::populate(&mut conn, EVENTS, ANCHOR, 42).unwrap();
    }
    let mut settings = Settings {
        token: TOKEN.into(),
        forbidden_token: Some("no-perm".into()),
        ..Settings::default()
    };
    tweak(&mut settings);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(serve(listener, settings, pool));
    Server {
        base,
        client: Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        _dir: dir,
    }
}

impl Server {
    async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .header(header::AUTHORIZATION, format!("Token {TOKEN}"))
            .send()
            .await
            .unwrap()
    }
    async fn json(&self, path: &str) -> (StatusCode, Value) {
        let r = self.get(path).await;
        let status = r.status();
        (status, r.json().await.unwrap())
    }
    /// Every event, newest first, fetched page by page.
    async fn all(&self) -> Vec<Value> {
        let mut out = Vec::new();
        for page in 1.. {
            let (s, body) = self
                .json(&format!("/api/v1/audit-events/?limit=500&page={page}"))
                .await;
            assert_eq!(s, StatusCode::OK);
            out.extend(body["results"].as_array().unwrap().iter().cloned());
            if body["next"].is_null() {
                break;
            }
        }
        out
    }
}

fn micros(event: &Value) -> i64 {
    chrono::DateTime::parse_from_rfc3339(event["timestamp"].as_str().unwrap())
        .unwrap()
        .timestamp_micros()
}

#[tokio::test]
async fn authentication_follows_drf() {
    let s = start(|_| {}).await;
    let url = format!("{}/api/v1/audit-events/", s.base);
    let cases = [
        (None, 401, "Authentication credentials were not provided."),
        (Some("Token wrong"), 401, "Invalid token."),
        (
            Some("Bearer test-token"),
            401,
            "Authentication credentials were not provided.",
        ),
        (
            Some("Token no-perm"),
            403,
            "You do not have permission to perform this action.",
        ),
    ];
    for (auth, status, detail) in cases {
        let mut req = s.client.get(&url);
        if let Some(a) = auth {
            req = req.header(header::AUTHORIZATION, a);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status().as_u16(), status, "{auth:?}");
        if status == 401 {
            assert_eq!(r.headers()[header::WWW_AUTHENTICATE], "Token");
        }
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["detail"], detail);
    }
    // The detail endpoint is guarded too, before any lookup.
    let r = s
        .client
        .get(format!("{}/api/v1/audit-events/not-a-uuid/", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn default_list_is_newest_first_with_default_page_size_and_absolute_links() {
    let s = start(|_| {}).await;
    let (status, body) = s.json("/api/v1/audit-events/").await;
    assert_eq!(status, 200);
    assert_eq!(body["count"], EVENTS);
    let results = body["results"].as_array().unwrap();
    assert_eq!(results.len(), 100, "server default page size");
    let times: Vec<i64> = results.iter().map(micros).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
    assert_eq!(
        body["next"],
        format!("{}/api/v1/audit-events/?page=2", s.base)
    );
    assert!(body["previous"].is_null());
}

#[tokio::test]
async fn limit_is_capped_and_falls_back_to_the_default() {
    let s = start(|_| {}).await;
    for (limit, expected) in [
        ("99999", 500),
        ("0", 100),
        ("-1", 100),
        ("abc", 100),
        ("7", 7),
    ] {
        let (_, body) = s
            .json(&format!("/api/v1/audit-events/?limit={limit}"))
            .await;
        assert_eq!(
            body["results"].as_array().unwrap().len(),
            expected,
            "limit={limit}"
        );
    }
}

#[tokio::test]
async fn pages_past_the_end_or_not_integers_are_invalid() {
    let s = start(|_| {}).await;
    for page in ["4", "0", "-1", "abc", "1.0"] {
        let (status, body) = s
            .json(&format!("/api/v1/audit-events/?limit=500&page={page}"))
            .await;
        assert_eq!(status, 404, "page={page}");
        assert_eq!(body["detail"], "Invalid page.");
    }
    let (status, body) = s.json("/api/v1/audit-events/?limit=500&page=last").await;
    assert_eq!(status, 200);
    assert_eq!(body["results"].as_array().unwrap().len(), 200);
    // An empty result still has a page 1.
    let (status, body) = s.json("/api/v1/audit-events/?user=999999").await;
    assert_eq!(status, 200);
    assert_eq!(body["count"], 0);
}

#[tokio::test]
async fn next_and_previous_keep_the_other_parameters() {
    let s = start(|_| {}).await;
    let (_, body) = s
        .json("/api/v1/audit-events/?sort=-timestamp&limit=10&page=2&timestamp__gte=2026-09-01T00:00:00%2B02:00")
        .await;
    let api = format!("{}/api/v1/audit-events/", s.base);
    assert_eq!(
        body["next"],
        format!("{api}?limit=10&page=3&sort=-timestamp&timestamp__gte=2026-09-01T00%3A00%3A00%2B02%3A00")
    );
    // Page 1's link drops `page`, as DRF does.
    assert_eq!(
        body["previous"],
        format!("{api}?limit=10&sort=-timestamp&timestamp__gte=2026-09-01T00%3A00%3A00%2B02%3A00")
    );
}

#[tokio::test]
async fn integer_filters_match_exactly() {
    let s = start(|_| {}).await;
    let all = s.all().await;
    assert_eq!(all.len() as u64, EVENTS);
    let sample = all
        .iter()
        .find(|e| !e["user"].is_null() && !e["object_id"].is_null())
        .unwrap();
    let user = sample["user"]["pk"].as_i64().unwrap();
    let ct = sample["content_type"].as_i64().unwrap();
    let obj = sample["object_id"].as_i64().unwrap();
    let expect = |f: &dyn Fn(&Value) -> bool| all.iter().filter(|e| f(e)).count() as u64;
    let cases: Vec<(String, u64)> = vec![
        (format!("user={user}"), expect(&|e| e["user"]["pk"] == user)),
        (
            format!("content_type={ct}"),
            expect(&|e| e["content_type"] == ct),
        ),
        (
            format!("object_id={obj}"),
            expect(&|e| e["object_id"] == obj),
        ),
        (
            format!("content_type={ct}&object_id={obj}&user={user}"),
            expect(&|e| {
                e["content_type"] == ct && e["object_id"] == obj && e["user"]["pk"] == user
            }),
        ),
        // Empty values are ignored, like django-filter does.
        ("user=&object_id=".to_string(), EVENTS),
    ];
    for (q, expected) in cases {
        let (status, body) = s
            .json(&format!("/api/v1/audit-events/?limit=500&{q}"))
            .await;
        assert_eq!(status, 200, "{q}");
        assert_eq!(body["count"], expected, "{q}");
        assert!(expected > 0);
    }
}

#[tokio::test]
async fn timestamp_lookups_honour_offsets_and_fractions() {
    let s = start(|_| {}).await;
    let all = s.all().await;
    let pivot = &all[all.len() / 2];
    let t = micros(pivot);
    let stamp = pivot["timestamp"].as_str().unwrap().to_string();
    let count = |f: &dyn Fn(i64) -> bool| all.iter().filter(|e| f(micros(e))).count() as u64;
    // The same instant written with a +02:00 offset (percent-encoded '+').
    let dt = chrono::DateTime::from_timestamp_micros(t).unwrap();
    let plus2 = dt
        .with_timezone(&chrono::FixedOffset::east_opt(7200).unwrap())
        .format("%Y-%m-%dT%H:%M:%S%.6f%:z")
        .to_string()
        .replace('+', "%2B");
    let cases: Vec<(String, u64)> = vec![
        (format!("timestamp__gte={stamp}"), count(&|x| x >= t)),
        (format!("timestamp__gt={stamp}"), count(&|x| x > t)),
        (format!("timestamp__lt={stamp}"), count(&|x| x < t)),
        (format!("timestamp__lte={stamp}"), count(&|x| x <= t)),
        (format!("timestamp__gte={plus2}"), count(&|x| x >= t)),
        (format!("timestamp={stamp}"), count(&|x| x == t)),
        (format!("timestamp={plus2}"), count(&|x| x == t)),
        (format!("timestamp__gt={stamp}&timestamp__lte={stamp}"), 0),
    ];
    for (q, expected) in cases {
        let (status, body) = s.json(&format!("/api/v1/audit-events/?limit=1&{q}")).await;
        assert_eq!(status, 200, "{q}");
        assert_eq!(body["count"], expected, "{q}");
    }
    let (_, exact) = s
        .json(&format!("/api/v1/audit-events/?timestamp={plus2}"))
        .await;
    assert_eq!(exact["results"][0]["uuid"], pivot["uuid"]);
}

#[tokio::test]
async fn bad_filter_values_answer_400_per_field() {
    let s = start(|_| {}).await;
    let (status, body) = s
        .json("/api/v1/audit-events/?user=x&timestamp__gt=garbage&content_type=1&object_id=2.5")
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        serde_json::json!({
            "user": ["Enter a number."],
            "object_id": ["Enter a number."],
            "timestamp__gt": ["Enter a valid date/time."],
        })
    );
    // An unencoded '+' arrives as a space: the real server rejects it, and so do we.
    let (status, body) = s
        .json("/api/v1/audit-events/?timestamp__lt=2026-11-25T10:00:00+02:00")
        .await;
    assert_eq!(status, 400);
    assert_eq!(body["timestamp__lt"][0], "Enter a valid date/time.");
}

#[tokio::test]
async fn sort_takes_several_fields_and_ignores_unknown_ones() {
    let s = start(|_| {}).await;
    let (_, body) = s
        .json("/api/v1/audit-events/?limit=500&sort=object_id,-timestamp,nonsense")
        .await;
    let rows = body["results"].as_array().unwrap();
    let keys: Vec<(i64, i64)> = rows
        .iter()
        .map(|e| (e["object_id"].as_i64().unwrap_or(i64::MAX), -micros(e)))
        .collect();
    assert!(
        keys.windows(2).all(|w| w[0] <= w[1]),
        "object_id asc, then newest first"
    );
    let (_, asc) = s
        .json("/api/v1/audit-events/?limit=50&sort=timestamp")
        .await;
    let times: Vec<i64> = asc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(micros)
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]));
    let (_, default) = s.json("/api/v1/audit-events/?limit=50").await;
    let (_, bogus) = s.json("/api/v1/audit-events/?limit=50&sort=bogus").await;
    assert_eq!(
        default["results"], bogus["results"],
        "unknown sort = default order"
    );
}

#[tokio::test]
async fn detail_by_uuid_and_404s() {
    let s = start(|_| {}).await;
    let (_, list) = s.json("/api/v1/audit-events/?limit=1").await;
    let first = &list["results"][0];
    let uuid = first["uuid"].as_str().unwrap();
    let (status, event) = s.json(&format!("/api/v1/audit-events/{uuid}/")).await;
    assert_eq!(status, 200);
    assert_eq!(&event, first);
    for bad in ["00000000-0000-4000-8000-000000000000", "not-a-uuid"] {
        let (status, body) = s.json(&format!("/api/v1/audit-events/{bad}/")).await;
        assert_eq!(status, 404, "{bad}");
        assert_eq!(body["detail"], "No AuditEvent matches the given query.");
    }
    // Without the trailing slash: a redirect to it, as Django's APPEND_SLASH does.
    let r = s.get(&format!("/api/v1/audit-events/{uuid}")).await;
    assert_eq!(r.status(), 301);
    assert_eq!(
        r.headers()[header::LOCATION],
        format!("/api/v1/audit-events/{uuid}/")
    );
}

#[tokio::test]
async fn events_have_the_documented_shape_and_realistic_variety() {
    let s = start(|_| {}).await;
    let all = s.all().await;
    let mut users = HashSet::new();
    let mut cts = HashSet::new();
    let (mut null_user, mut ipv6, mut null_addr, mut hostile) = (0, 0, 0, 0);
    for e in &all {
        for key in [
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
        ] {
            assert!(e.get(key).is_some(), "{key} missing");
        }
        match &e["user"] {
            Value::Null => null_user += 1,
            u => {
                let keys: Vec<&String> = u.as_object().unwrap().keys().collect();
                assert_eq!(keys, ["pk", "email", "first_name", "last_name"]);
                users.insert(u["pk"].as_i64().unwrap());
            }
        }
        cts.insert(e["content_type"].as_i64().unwrap());
        match e["remote_addr"].as_str() {
            None => null_addr += 1,
            Some(a) if a.contains(':') => ipv6 += 1,
            Some(_) => {}
        }
        let text = e.to_string();
        if text.contains(generate::CANARY) || text.contains('\u{202E}') {
            hostile += 1;
        }
    }
    assert!(users.len() >= 35 && users.len() <= 40, "{}", users.len());
    assert_eq!(cts.len(), 30);
    assert!(
        null_user > 50 && ipv6 > 50 && null_addr > 50,
        "{null_user} {ipv6} {null_addr}"
    );
    assert!(hostile > 10, "{hostile}");
    let span = micros(&all[0]) - micros(&all[all.len() - 1]);
    assert!(span > 85 * 86_400_000_000, "about 90 days");
}

#[tokio::test]
async fn cors_allows_configured_origins_only() {
    let s = start(|s| s.cors_origins = vec!["http://app.test:9000".into()]).await;
    let url = format!("{}/api/v1/audit-events/", s.base);
    let preflight = s
        .client
        .request(reqwest::Method::OPTIONS, &url)
        .header(header::ORIGIN, "http://app.test:9000")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success());
    let h = preflight.headers();
    assert_eq!(
        h[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "http://app.test:9000"
    );
    assert!(h[header::ACCESS_CONTROL_ALLOW_HEADERS]
        .to_str()
        .unwrap()
        .contains("authorization"));
    // The real request, and errors too, carry the header, so the app can read a 401.
    let r = s
        .client
        .get(&url)
        .header(header::ORIGIN, "http://app.test:9000")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(
        r.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "http://app.test:9000"
    );
    let other = s
        .client
        .get(&url)
        .header(header::ORIGIN, "http://evil.test")
        .send()
        .await
        .unwrap();
    assert!(other
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());
}

#[tokio::test]
async fn serves_the_app_with_spa_fallback_and_config() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>app</title>",
    )
    .unwrap();
    std::fs::write(dist.path().join("app-abc.js"), "console.log(1)").unwrap();
    let dist_path: PathBuf = dist.path().into();
    let s = start(move |s| {
        s.dist = Some(dist_path);
        s.app_config
            .insert("default_time_range".into(), Value::from("7d"));
    })
    .await;
    for route in [
        "/",
        "/events/123e4567-e89b-12d3-a456-426614174000",
        "/some/deep/route?x=1",
    ] {
        let r = s
            .client
            .get(format!("{}{route}", s.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{route}");
        assert!(r
            .headers()
            .get(header::CONTENT_SECURITY_POLICY)
            .is_some_and(|v| v
                .to_str()
                .unwrap()
                .contains("script-src 'self' 'wasm-unsafe-eval'")));
        assert!(r.text().await.unwrap().contains("<title>app</title>"));
    }
    let js = s
        .client
        .get(format!("{}/app-abc.js", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        js.headers()[header::CONTENT_TYPE],
        "text/javascript; charset=utf-8"
    );
    let missing = s
        .client
        .get(format!("{}/missing-asset.wasm", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        missing.status(),
        404,
        "a missing asset is not masked by index.html"
    );
    let config: Value = s
        .client
        .get(format!("{}/config.json", s.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(config["api_base_url"], format!("{}/api/v1", s.base));
    assert_eq!(config["content_types"]["6"], "orders.order");
    assert_eq!(
        config["default_time_range"], "7d",
        "--app-config keys are merged in"
    );
}

#[tokio::test]
async fn fail_rate_one_answers_500_html_or_429_with_retry_after() {
    let s = start(|s| s.fail_rate = 1.0).await;
    let mut seen = HashSet::new();
    for _ in 0..20 {
        let r = s.get("/api/v1/audit-events/").await;
        let status = r.status().as_u16();
        seen.insert(status);
        match status {
            500 => {
                assert!(r.headers()[header::CONTENT_TYPE]
                    .to_str()
                    .unwrap()
                    .starts_with("text/html"));
                assert!(r
                    .text()
                    .await
                    .unwrap()
                    .contains("<h1>Server Error (500)</h1>"));
            }
            429 => assert_eq!(r.headers()[header::RETRY_AFTER], "1"),
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(seen.len(), 2, "both kinds of fault occur");
}

#[tokio::test]
async fn faults_can_be_switched_at_run_time_by_tests() {
    let s = start(|_| {}).await;
    let set = |body: &'static str| {
        s.client
            .post(format!("{}/api/v1/_demo/faults/", s.base))
            .header(header::AUTHORIZATION, format!("Token {TOKEN}"))
            .body(body)
            .send()
    };
    assert_eq!(set(r#"{"fail_rate": 1.0}"#).await.unwrap().status(), 200);
    assert!(!s.get("/api/v1/audit-events/").await.status().is_success());
    // The switch itself is never faulted, so it can always be turned off.
    assert_eq!(
        set(r#"{"fail_rate": 1.0, "kind": "429"}"#)
            .await
            .unwrap()
            .status(),
        200
    );
    for _ in 0..5 {
        assert_eq!(s.get("/api/v1/audit-events/").await.status(), 429);
    }
    assert_eq!(set(r#"{"fail_rate": 0}"#).await.unwrap().status(), 200);
    assert_eq!(s.get("/api/v1/audit-events/").await.status(), 200);
    // Planned failures: exactly the next N matching requests fail; others are untouched.
    let plan = r#"{"fail_next": {"count": 2, "matching": "limit=500"}}"#;
    assert_eq!(set(plan).await.unwrap().status(), 200);
    assert_eq!(s.get("/api/v1/audit-events/?limit=1").await.status(), 200);
    assert_eq!(s.get("/api/v1/audit-events/?limit=500").await.status(), 500);
    assert_eq!(s.get("/api/v1/audit-events/?limit=500").await.status(), 500);
    assert_eq!(s.get("/api/v1/audit-events/?limit=500").await.status(), 200);
    let plan = r#"{"fail_next": {"count": 1, "matching": "page=3", "kind": "429"}}"#;
    assert_eq!(set(plan).await.unwrap().status(), 200);
    assert_eq!(s.get("/api/v1/audit-events/?page=3").await.status(), 429);
    assert_eq!(s.get("/api/v1/audit-events/?page=3").await.status(), 200);
}

#[tokio::test]
async fn latency_delays_api_responses() {
    let s = start(|s| s.latency_ms = 300).await;
    let started = std::time::Instant::now();
    assert_eq!(s.get("/api/v1/audit-events/?limit=1").await.status(), 200);
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
}

#[tokio::test]
async fn test_insert_endpoint_adds_a_newest_event() {
    let s = start(|_| {}).await;
    let r = s
        .client
        .post(format!("{}/api/v1/_demo/events/", s.base))
        .header(header::AUTHORIZATION, format!("Token {TOKEN}"))
        .body(r#"{"user": 3, "content_type": 6, "object_id": 77, "url": "javascript:x", "post_data": {"deep": [1, {"a": null}]}}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let created: Value = r.json().await.unwrap();
    let (_, list) = s.json("/api/v1/audit-events/?limit=1").await;
    assert_eq!(list["count"], EVENTS + 1);
    assert_eq!(list["results"][0]["uuid"], created["uuid"]);
    assert_eq!(created["user"]["pk"], 3);
    assert_eq!(created["object_id"], 77);
    assert_eq!(created["url"], "javascript:x");
    assert_eq!(
        created["post_data"],
        serde_json::json!({"deep": [1, {"a": null}]})
    );
}

/// `Server-Timing: db;dur=<ms>` from an API answer.
fn db_ms(r: &reqwest::Response) -> f64 {
    let v = r.headers()["server-timing"].to_str().unwrap().to_string();
    v.strip_prefix("db;dur=").unwrap().parse().unwrap()
}

#[tokio::test]
async fn counts_cost_time_per_matching_row_and_server_timing_says_how_much() {
    // 1,200 rows at 200 µs each: a full count takes at least 240 ms.
    let s = start(|settings| settings.count_cost_us = 200).await;
    let all = s.get("/api/v1/audit-events/?limit=1").await;
    assert_eq!(all.status(), 200);
    let all_ms = db_ms(&all);
    assert!(all_ms >= 240.0, "full count: {all_ms} ms");
    // One user's events are a fraction of the table: their count costs a fraction of the time.
    let (_, one) = s.json("/api/v1/audit-events/?limit=1&user=3").await;
    let n = one["count"].as_u64().unwrap();
    assert!(n > 0 && n < EVENTS / 4, "{n}");
    let narrow = s.get("/api/v1/audit-events/?limit=1&user=3").await;
    let narrow_ms = db_ms(&narrow);
    assert!(
        narrow_ms >= n as f64 * 0.2 && narrow_ms < all_ms / 2.0,
        "{n} rows: {narrow_ms} ms"
    );
    // The detail endpoint reports its time too.
    let uuid = one["results"][0]["uuid"].as_str().unwrap().to_string();
    let detail = s.get(&format!("/api/v1/audit-events/{uuid}/")).await;
    assert!(db_ms(&detail) >= 0.0);
    // The cost can be changed while the server runs (the faults endpoint), and switched off.
    let r = s
        .client
        .post(format!("{}/api/v1/_demo/faults/", s.base))
        .header(header::AUTHORIZATION, format!("Token {TOKEN}"))
        .body(r#"{"count_cost_us": 0}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["count_cost_us"], 0);
    let free = s.get("/api/v1/audit-events/?limit=1").await;
    assert!(db_ms(&free) < all_ms / 4.0);
}

#[tokio::test]
async fn serves_precompressed_assets_to_browsers_that_accept_them() {
    let dist = tempfile::tempdir().unwrap();
    let p = |name: &str| dist.path().join(name);
    std::fs::write(p("index.html"), "<!doctype html><title>app</title>").unwrap();
    std::fs::write(p("index.html.gz"), "GZ-INDEX").unwrap();
    std::fs::write(p("app-abc.wasm"), "RAW-WASM").unwrap();
    std::fs::write(p("app-abc.wasm.br"), "BR-WASM").unwrap();
    std::fs::write(p("app-abc.wasm.gz"), "GZ-WASM").unwrap();
    let dist_path: PathBuf = dist.path().into();
    let s = start(move |s| s.dist = Some(dist_path)).await;
    let get = |path: &'static str, accept: &'static str| {
        let mut r = s.client.get(format!("{}{path}", s.base));
        if !accept.is_empty() {
            r = r.header(header::ACCEPT_ENCODING, accept);
        }
        r.send()
    };
    let encoding = |r: &reqwest::Response| {
        r.headers()
            .get(header::CONTENT_ENCODING)
            .map(|v| v.to_str().unwrap().to_string())
    };
    // Chromium's header: brotli first, with the original's type and caching.
    let br = get("/app-abc.wasm", "gzip, deflate, br, zstd")
        .await
        .unwrap();
    assert_eq!(encoding(&br).as_deref(), Some("br"));
    assert_eq!(br.headers()[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(br.headers()[header::VARY], "Accept-Encoding");
    assert!(br.headers()[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .contains("immutable"));
    assert_eq!(br.text().await.unwrap(), "BR-WASM");
    let gz = get("/app-abc.wasm", "gzip").await.unwrap();
    assert_eq!(encoding(&gz).as_deref(), Some("gzip"));
    assert_eq!(gz.text().await.unwrap(), "GZ-WASM");
    let raw = get("/app-abc.wasm", "").await.unwrap();
    assert_eq!(encoding(&raw), None);
    assert_eq!(raw.text().await.unwrap(), "RAW-WASM");
    let refused = get("/app-abc.wasm", "br;q=0").await.unwrap();
    assert_eq!(refused.text().await.unwrap(), "RAW-WASM");
    // The SPA fallback too, and only with a copy beside it.
    let deep = get("/events/123", "gzip, br").await.unwrap();
    assert_eq!(encoding(&deep).as_deref(), Some("gzip"));
    assert!(deep
        .headers()
        .get(header::CONTENT_SECURITY_POLICY)
        .is_some());
    assert_eq!(deep.text().await.unwrap(), "GZ-INDEX");
    // A precompressed copy is not an asset of its own name's type.
    let missing = get("/missing.wasm", "br").await.unwrap();
    assert_eq!(missing.status(), 404);
}
