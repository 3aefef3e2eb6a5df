//! demo-api with `--api-features on`, over real HTTP: the Django package's API at scale (its
//! README "At scale") — count modes, cursor paging, the histogram, the facets and the streamed
//! export — each held to a plain reading of every event through the list; and with the switch
//! off, none of it.

use std::collections::HashMap;

use chrono::{Datelike, TimeZone, Timelike, Utc};
use demo_api::aggregates::{fold_url, Folded};
use demo_api::{db, export, generate, serve, Settings};
use reqwest::{header, Client, StatusCode};
use serde_json::{json, Value};

const TOKEN: &str = "test-token";
const EVENTS: u64 = 1200;
/// 2026-11-25T12:00:00Z: a fixed anchor so the data is the same on every run.
const ANCHOR: i64 = 1_795_608_000_000_000;
const TIE: &str = "2026-11-20T08:00:00Z";
const TIES: usize = 9;

struct Server {
    base: String,
    client: Client,
    _dir: tempfile::TempDir,
}

async fn start(features: bool) -> Server {
    start_with(|s| s.api_features = features).await
}

async fn start_with(tweak: impl FnOnce(&mut Settings)) -> Server {
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
    let s = Server {
        base,
        client: Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        _dir: dir,
    };
    // Equal timestamps: cursors and exports must neither skip nor repeat them.
    for _ in 0..TIES {
        let r = s
            .client
            .post(format!("{}/api/v1/_demo/events/", s.base))
            .header(header::AUTHORIZATION, format!("Token {TOKEN}"))
            .body(json!({"timestamp": TIE}).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    s
}

impl Server {
    async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}/api/v1/audit-events/{path}", self.base))
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
    async fn ok(&self, path: &str) -> Value {
        let (status, body) = self.json(path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        body
    }
    /// Every event, newest first by (timestamp, uuid), through shared/API.md's pages.
    async fn all(&self) -> Vec<Value> {
        let mut out = Vec::new();
        for page in 1.. {
            let body = self.ok(&format!("?limit=500&page={page}")).await;
            out.extend(body["results"].as_array().unwrap().iter().cloned());
            if body["next"].is_null() {
                break;
            }
        }
        out.sort_by_key(|e| {
            std::cmp::Reverse((micros(e), e["uuid"].as_str().unwrap().to_string()))
        });
        out
    }
}

fn micros(event: &Value) -> i64 {
    chrono::DateTime::parse_from_rfc3339(event["timestamp"].as_str().unwrap())
        .unwrap()
        .timestamp_micros()
}

fn uuids(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .map(|e| e["uuid"].as_str().unwrap().to_string())
        .collect()
}

fn user_pk(e: &Value) -> Value {
    e["user"].get("pk").cloned().unwrap_or(Value::Null)
}

/// DRF's rendering: UTC, `Z`, microseconds when not zero.
fn iso(t: i64) -> String {
    let dt = Utc.timestamp_micros(t).unwrap();
    if t % 1_000_000 == 0 {
        dt.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    } else {
        dt.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
    }
}

fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn switched_off_it_is_a_plain_drf_api() {
    let s = start(false).await;
    for path in [
        "histogram/?edges=2026-01-01T00:00:00Z,2026-01-02T00:00:00Z",
        "facets/?facet=user",
        "export/",
    ] {
        assert_eq!(s.get(path).await.status(), StatusCode::NOT_FOUND, "{path}");
    }
    // count and cursor are unknown parameters there: ignored.
    let body = s.ok("?count=none&limit=5").await;
    assert_eq!(body["count"], EVENTS + TIES as u64);
    assert!(body.get("count_exact").is_none());
    let body = s.ok("?cursor=&limit=5").await;
    assert!(body.get("next_cursor").is_none());
    let config: Value = s
        .client
        .get(format!("{}/config.json", s.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(config.get("api_features").is_none(), "{config}");
}

#[tokio::test]
async fn config_json_lists_the_features() {
    let s = start(true).await;
    let config: Value = s
        .client
        .get(format!("{}/config.json", s.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        config["api_features"],
        json!({
            "cursor": true, "count_estimate": true, "count_none": true,
            "histogram": {"max_buckets": 1000, "steps": true},
            "facets": {"names": ["user", "content_type", "object", "remote_addr", "path", "action", "hour_weekday", "span"], "max_values": 1000},
            "export": ["ndjson", "csv"],
            "statement_timeout_seconds": 30,
        })
    );
}

#[tokio::test]
async fn the_new_endpoints_are_guarded_like_the_list() {
    let s = start(true).await;
    for path in [
        "histogram/?edges=2026-01-01T00:00:00Z,2026-01-02T00:00:00Z",
        "facets/?facet=user",
        "export/",
        "?cursor=",
    ] {
        let url = format!("{}/api/v1/audit-events/{path}", s.base);
        let r = s.client.get(&url).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{path}");
        let r = s
            .client
            .get(&url)
            .header(header::AUTHORIZATION, "Token no-perm")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path}");
    }
}

// --- counts ------------------------------------------------------------------------------------

#[tokio::test]
async fn count_modes() {
    let s = start(true).await;
    let every = s.all().await;
    let total = every.len() as u64;
    let body = s.ok("?count=estimate&limit=5").await;
    let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "count",
            "count_exact",
            "next",
            "previous",
            "next_cursor",
            "previous_cursor",
            "results"
        ]
    );
    let by_user = s.ok("?count=estimate&limit=5&sort=user").await;
    let keys: Vec<&String> = by_user.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["count", "count_exact", "next", "previous", "results"],
        "no cursors outside a time order"
    );
    assert_eq!(
        (body["count"].as_u64(), &body["count_exact"]),
        (Some(total), &json!(true))
    );
    let pages = total.div_ceil(100);
    let last = s
        .ok(&format!("?count=estimate&limit=100&page={pages}"))
        .await;
    assert!(last["next"].is_null());
    assert_eq!(
        last["results"].as_array().unwrap().len() as u64,
        total - (pages - 1) * 100
    );
    let before = s
        .ok(&format!("?count=estimate&limit=100&page={}", pages - 1))
        .await;
    assert_eq!(
        before["next"],
        format!(
            "{}/api/v1/audit-events/?count=estimate&limit=100&page={pages}",
            s.base
        )
    );
    let (status, body) = s.json("?count=estimate&limit=100&page=999").await;
    assert_eq!(
        (status, body),
        (StatusCode::NOT_FOUND, json!({"detail": "Invalid page."}))
    );

    let none = s.ok("?count=none&limit=25&page=3").await;
    assert_eq!(
        (&none["count"], &none["count_exact"]),
        (&Value::Null, &json!(false))
    );
    assert_eq!(
        none["previous"],
        format!("{}/api/v1/audit-events/?count=none&limit=25&page=2", s.base)
    );
    let listed = s.ok("?limit=25&page=3").await;
    assert_eq!(none["results"], listed["results"]);
    let (status, body) = s.json("?count=none&page=last").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!({"page": ["page=last needs a count: send count=exact."]})
    );
    // count=exact is shared/API.md's answer.
    let exact = s.ok("?count=exact&limit=5").await;
    assert!(exact.get("count_exact").is_none());
    assert_eq!(exact["count"].as_u64(), Some(total));
    let (status, body) = s.json("?count=roughly").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!({"count": ["Must be \"exact\", \"estimate\" or \"none\"."]})
    );
    // A bad filter is still the list's 400.
    let (status, body) = s.json("?count=none&user=x").await;
    assert_eq!(
        (status, body),
        (
            StatusCode::BAD_REQUEST,
            json!({"user": ["Enter a number."]})
        )
    );
}

// --- cursors -----------------------------------------------------------------------------------

#[tokio::test]
async fn cursor_pages_walk_the_whole_set_both_ways_without_gap_or_repeat() {
    let s = start(true).await;
    let every = s.all().await;
    for sort in ["-timestamp", "timestamp"] {
        let mut expected = uuids(&every);
        if sort == "timestamp" {
            expected.reverse();
        }
        let (mut seen, mut pages, mut cursor) = (Vec::new(), Vec::new(), String::new());
        loop {
            let r = s
                .ok(&format!("?cursor={cursor}&limit=37&sort={sort}"))
                .await;
            seen.extend(uuids(r["results"].as_array().unwrap()));
            let next = r["next_cursor"].as_str().map(str::to_string);
            if let Some(n) = &next {
                assert_eq!(
                    r["next"],
                    format!(
                        "{}/api/v1/audit-events/?cursor={n}&limit=37&sort={}",
                        s.base,
                        enc(sort)
                    )
                );
            } else {
                assert!(r["next"].is_null());
            }
            pages.push(r);
            match next {
                Some(n) => cursor = n,
                None => break,
            }
        }
        assert_eq!(seen, expected, "{sort}");
        assert!(pages[0]["previous_cursor"].is_null());
        assert_eq!(pages[0]["count"].as_u64(), Some(every.len() as u64));
        assert_eq!(pages[0]["count_exact"], true);
        let mut r = pages.last().unwrap().clone();
        let mut back = uuids(r["results"].as_array().unwrap());
        while let Some(p) = r["previous_cursor"].as_str() {
            r = s.ok(&format!("?cursor={p}&limit=37&sort={sort}")).await;
            let mut page = uuids(r["results"].as_array().unwrap());
            page.extend(back);
            back = page;
        }
        assert_eq!(back, expected, "{sort} backwards");
    }
}

/// A page reached by its number in the scale modes turns the next and previous pages by
/// cursor: the same rows as the numbers beside it, and no cursor past either end (paging.py
/// `Pagination.page_cursors`, test_contract.py's twin).
#[tokio::test]
async fn numbered_pages_name_their_neighbours_by_cursor() {
    let s = start(true).await;
    let every = s.all().await;
    let size = 40usize;
    let last = every.len().div_ceil(size);
    for sort in ["-timestamp", "timestamp"] {
        let mut expected = uuids(&every);
        if sort == "timestamp" {
            expected.reverse();
        }
        let slice = |n: usize| expected[(n - 1) * size..(n * size).min(expected.len())].to_vec();
        for count in ["estimate", "none"] {
            for number in [1, 2, 5, last] {
                let r = s
                    .ok(&format!(
                        "?count={count}&limit={size}&page={number}&sort={sort}"
                    ))
                    .await;
                assert_eq!(uuids(r["results"].as_array().unwrap()), slice(number));
                match r["next_cursor"].as_str() {
                    None => assert_eq!(number, last, "{sort} {count} {number}"),
                    Some(c) => {
                        let after = s.ok(&format!("?cursor={c}&limit={size}&sort={sort}")).await;
                        assert_eq!(
                            uuids(after["results"].as_array().unwrap()),
                            slice(number + 1)
                        );
                    }
                }
                match r["previous_cursor"].as_str() {
                    None => assert_eq!(number, 1, "{sort} {count} {number}"),
                    Some(c) => {
                        let before = s.ok(&format!("?cursor={c}&limit={size}&sort={sort}")).await;
                        assert_eq!(
                            uuids(before["results"].as_array().unwrap()),
                            slice(number - 1)
                        );
                    }
                }
            }
        }
    }
}

#[tokio::test]
async fn cursor_takes_filters_and_count_modes_and_refuses_bad_values() {
    let s = start(true).await;
    let every = s.all().await;
    let user = every
        .iter()
        .find(|e| !e["user"].is_null())
        .map(user_pk)
        .unwrap();
    let mine: Vec<Value> = every
        .iter()
        .filter(|e| user_pk(e) == user)
        .cloned()
        .collect();
    let r = s.ok(&format!("?cursor=&user={user}&limit=500")).await;
    assert_eq!(uuids(r["results"].as_array().unwrap()), uuids(&mine));
    assert_eq!(r["count"].as_u64(), Some(mine.len() as u64));
    let keys: Vec<&String> = r.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "count",
            "count_exact",
            "next",
            "previous",
            "next_cursor",
            "previous_cursor",
            "results"
        ]
    );
    let none = s.ok("?cursor=&count=none&limit=3").await;
    assert_eq!(
        (&none["count"], &none["count_exact"]),
        (&Value::Null, &json!(false))
    );
    assert_eq!(
        uuids(none["results"].as_array().unwrap()),
        uuids(&every[..3])
    );
    let second = s
        .ok(&format!(
            "?cursor={}&count=none&limit=3",
            none["next_cursor"].as_str().unwrap()
        ))
        .await;
    assert_eq!(
        uuids(second["results"].as_array().unwrap()),
        uuids(&every[3..6])
    );
    for (q, field, body) in [
        (
            "cursor=garbage!",
            "cursor",
            Some(json!({"cursor": ["Invalid cursor."]})),
        ),
        (
            "cursor=&page=2",
            "cursor",
            Some(json!({"cursor": ["Send either cursor or page, not both."]})),
        ),
        (
            "cursor=&sort=url",
            "sort",
            Some(
                json!({"sort": ["Cursor paging orders by timestamp only: send sort=-timestamp or sort=timestamp."]}),
            ),
        ),
        ("cursor=&count=many", "count", None),
        (
            "cursor=&user=x",
            "user",
            Some(json!({"user": ["Enter a number."]})),
        ),
    ] {
        let (status, got) = s.json(&format!("?{q}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{q}");
        assert!(got.get(field).is_some(), "{q}: {got}");
        if let Some(b) = body {
            assert_eq!(got, b, "{q}");
        }
    }
}

// --- histogram ---------------------------------------------------------------------------------

fn edges_over(every: &[Value], n: i64) -> Vec<i64> {
    let lo = every.iter().map(micros).min().unwrap() - 1_000_000;
    let hi = every.iter().map(micros).max().unwrap() + 1_000_000;
    let step = (hi - lo) / n;
    let mut edges: Vec<i64> = (0..n).map(|i| lo + step * i).collect();
    edges.push(hi);
    edges
}

#[tokio::test]
async fn histogram_equals_counting_every_event() {
    let s = start(true).await;
    let every = s.all().await;
    let edges = edges_over(&every, 40);
    // Offsets other than Z are read as the instants they are.
    let kolkata = chrono::FixedOffset::east_opt(5 * 3600 + 1800).unwrap();
    let text: Vec<String> = edges
        .iter()
        .map(|e| {
            enc(&Utc
                .timestamp_micros(*e)
                .unwrap()
                .with_timezone(&kolkata)
                .to_rfc3339())
        })
        .collect();
    let user = every
        .iter()
        .find(|e| !e["user"].is_null())
        .map(user_pk)
        .unwrap();
    for (filter, subset) in [
        (String::new(), every.clone()),
        (
            format!("&user={user}"),
            every
                .iter()
                .filter(|e| user_pk(e) == user)
                .cloned()
                .collect(),
        ),
    ] {
        let body = s
            .ok(&format!("histogram/?edges={}{filter}", text.join(",")))
            .await;
        let expected: Vec<u64> = (0..40)
            .map(|i| {
                subset
                    .iter()
                    .filter(|e| edges[i] <= micros(e) && micros(e) < edges[i + 1])
                    .count() as u64
            })
            .collect();
        assert_eq!(body["counts"], json!(expected), "{filter}");
        assert_eq!(body["total"].as_u64(), Some(subset.len() as u64));
        let spelled: Vec<String> = edges.iter().map(|e| iso(*e)).collect();
        assert_eq!(body["edges"], json!(spelled));
    }
    // Lower edge inclusive, upper exclusive: the ties sit exactly on an edge.
    let t = chrono::DateTime::parse_from_rfc3339(TIE)
        .unwrap()
        .timestamp_micros();
    let body = s
        .ok(&format!(
            "histogram/?edges={},{},{}",
            iso(t - 3_600_000_000),
            iso(t),
            iso(t + 1)
        ))
        .await;
    let at = every.iter().filter(|e| micros(e) == t).count() as u64;
    assert!(at >= TIES as u64);
    assert_eq!(body["counts"][1].as_u64(), Some(at));
}

#[tokio::test]
async fn histogram_steps_and_bad_parameters() {
    let s = start(true).await;
    // Three New York days around the end of DST: the middle one is 25 hours long.
    let spelled = s
        .ok("histogram/?edges=2026-10-31T04:00:00Z,2026-11-01T04:00:00Z,2026-11-02T05:00:00Z,2026-11-03T05:00:00Z")
        .await;
    let compact = s
        .ok("histogram/?start=2026-10-31T07:00:00%2B03:00&steps=86400,90000,86400")
        .await;
    assert_eq!(compact, spelled);
    assert_eq!(
        s.ok("histogram/?start=2026-10-31T04:00:00Z&steps=86400x1,90000,86400x1")
            .await,
        spelled
    );
    let year = s
        .ok("histogram/?start=2025-12-01T00:00:00%2B03:00&steps=86400x365")
        .await;
    assert_eq!(year["counts"].as_array().unwrap().len(), 365);
    assert_eq!(year["total"].as_u64(), Some(EVENTS + TIES as u64));
    let too_many = format!("histogram/?start=2026-01-01T00:00:00Z&steps=60x{}", 1001);
    for (q, field, says) in [
        ("histogram/", "edges", "Send the bucket edges"),
        ("histogram/?edges=2026-01-01T00:00:00Z", "edges", "from 2 to 1001"),
        ("histogram/?edges=2026-01-01T00:00:00Z,yesterday", "edges", "Edge 2 ('yesterday') is not an ISO 8601"),
        ("histogram/?edges=2026-01-01T00:00:00,2026-01-02T00:00:00Z", "edges", "no offset"),
        ("histogram/?edges=2026-01-02T00:00:00Z,2026-01-01T00:00:00Z", "edges", "must increase"),
        ("histogram/?start=2026-01-01T00:00:00Z", "steps", "Send the steps"),
        ("histogram/?steps=60", "start", "Send the first edge"),
        ("histogram/?start=2026-01-01T00:00:00Z&steps=60,-5", "steps", "Step 2"),
        (too_many.as_str(), "steps", "buckets at most"),
        ("histogram/?start=9999-12-31T00:00:00Z&steps=86400x2", "steps", "9999"),
        ("histogram/?start=2026-01-01T00:00:00Z&steps=60&edges=2026-01-01T00:00:00Z,2026-01-02T00:00:00Z", "edges", "not both"),
        ("histogram/?edges=2026-01-01T00:00:00Z,2026-01-02T00:00:00Z&timestamp__gte=soon", "timestamp__gte", "Enter a valid date/time."),
    ] {
        let (status, body) = s.json(q).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{q}");
        let message = body[field][0].as_str().unwrap_or_default();
        assert!(message.contains(says), "{q}: {body}");
    }
}

// --- facets ------------------------------------------------------------------------------------

fn action_key(content: &Value) -> (u8, Option<String>) {
    // (0 none | 1 unparsed | 2 value, action), the console's action_key.
    match content {
        Value::Null => (0, None),
        Value::Object(map) => match map.get("action") {
            None | Some(Value::Null) => (0, None),
            Some(Value::String(a))
                if a.trim_matches([' ', '\t', '\n', '\u{b}', '\u{c}', '\r'])
                    .is_empty() =>
            {
                (0, None)
            }
            Some(Value::String(a)) => (2, Some(a.clone())),
            Some(_) => (1, None),
        },
        _ => (1, None),
    }
}

fn counter<K: std::hash::Hash + Eq>(keys: impl Iterator<Item = K>) -> HashMap<K, u64> {
    let mut out = HashMap::new();
    for k in keys {
        *out.entry(k).or_default() += 1;
    }
    out
}

#[tokio::test]
async fn every_facet_equals_a_plain_group_by() {
    let s = start(true).await;
    let every = s.all().await;
    let total = every.len() as u64;
    for name in [
        "user",
        "content_type",
        "object",
        "remote_addr",
        "path",
        "action",
    ] {
        // Every value, a page of 1000 at a time ("show all").
        let mut values: Vec<Value> = Vec::new();
        let body = loop {
            let body = s
                .ok(&format!(
                    "facets/?facet={name}&top=1000&offset={}",
                    values.len()
                ))
                .await;
            assert_eq!(body["facet"], name);
            assert_eq!(body["total"].as_u64(), Some(total), "{name}");
            assert_eq!(body["offset"].as_u64(), Some(values.len() as u64));
            let page = body["values"].as_array().unwrap().clone();
            let end = page.len() < 1000;
            values.extend(page);
            if end {
                break body;
            }
        };
        let got: HashMap<String, u64> = values
            .iter()
            .map(|v| {
                let key = match name {
                    "path" | "action" if v["value"].is_null() => {
                        if v.get("unparsed") == Some(&json!(true)) {
                            "unparsed".into()
                        } else {
                            "none".into()
                        }
                    }
                    _ => v["value"].to_string(),
                };
                (key, v["count"].as_u64().unwrap())
            })
            .collect();
        let expected: HashMap<String, u64> = match name {
            "user" => counter(every.iter().map(|e| user_pk(e).to_string())),
            "content_type" => counter(every.iter().map(|e| e["content_type"].to_string())),
            "object" => counter(every.iter().map(|e| {
                json!({"content_type": e["content_type"], "object_id": e["object_id"]}).to_string()
            })),
            "remote_addr" => counter(every.iter().map(|e| e["remote_addr"].to_string())),
            "path" => counter(every.iter().map(|e| match fold_url(e["url"].as_str()) {
                Folded::Value((origin, path)) => {
                    json!({"origin": origin, "path": path}).to_string()
                }
                Folded::Unparsed => "unparsed".into(),
                Folded::None => "none".into(),
            })),
            _ => counter(every.iter().map(|e| match action_key(&e["content"]) {
                (2, Some(a)) => json!(a).to_string(),
                (1, _) => "unparsed".into(),
                _ => "none".into(),
            })),
        };
        assert_eq!(
            body["distinct"].as_u64(),
            Some(expected.len() as u64),
            "{name}"
        );
        assert_eq!(got, expected, "{name}");
        let counts: Vec<u64> = values
            .iter()
            .map(|v| v["count"].as_u64().unwrap())
            .collect();
        let mut sorted = counts.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(counts, sorted, "{name} ranked by count");
    }
    // The user facet names its users, and the system (null) has none.
    let body = s.ok("facets/?facet=user&top=1000").await;
    for v in body["values"].as_array().unwrap() {
        if v["value"].is_null() {
            assert!(v.get("user").is_none());
        } else {
            assert_eq!(v["user"]["pk"], v["value"]);
            let sample = every.iter().find(|e| user_pk(e) == v["value"]).unwrap();
            assert_eq!(v["user"], sample["user"]);
        }
    }
}

#[tokio::test]
async fn facets_page_filter_and_validate() {
    let s = start(true).await;
    let every = s.all().await;
    let whole = s.ok("facets/?facet=user&top=1000").await["values"].clone();
    let first = s.ok("facets/?facet=user&top=5").await;
    let second = s.ok("facets/?facet=user&top=5&offset=5").await;
    let mut both = first["values"].as_array().unwrap().clone();
    both.extend(second["values"].as_array().unwrap().iter().cloned());
    assert_eq!(both, whole.as_array().unwrap()[..10].to_vec());
    let beyond = s.ok("facets/?facet=user&top=5&offset=1000000").await;
    assert_eq!(beyond["values"], json!([]));
    assert_eq!(
        beyond["distinct"].as_u64(),
        Some(whole.as_array().unwrap().len() as u64)
    );
    assert_eq!(beyond["total"].as_u64(), Some(every.len() as u64));
    // Ties are ranked by value.
    let values = whole.as_array().unwrap();
    for pair in values.windows(2) {
        if pair[0]["count"] == pair[1]["count"] {
            let key = |v: &Value| v["value"].as_i64().unwrap_or(i64::MAX);
            assert!(key(&pair[0]) < key(&pair[1]), "{pair:?}");
        }
    }
    let user = every
        .iter()
        .find(|e| !e["user"].is_null())
        .map(user_pk)
        .unwrap();
    let body = s
        .ok(&format!("facets/?facet=content_type&user={user}"))
        .await;
    assert_eq!(
        body["total"].as_u64(),
        Some(every.iter().filter(|e| user_pk(e) == user).count() as u64)
    );
    for (q, field) in [
        ("facets/?facet=user&user=2.5", "user"),
        ("facets/?facet=user&timestamp__gte=soon", "timestamp__gte"),
        ("facets/?facet=colour", "facet"),
        ("facets/", "facet"),
        ("facets/?facet=user&top=0", "top"),
        ("facets/?facet=user&offset=-1", "offset"),
        ("facets/?facet=hour_weekday", "tz"),
        ("facets/?facet=hour_weekday&tz=Mars/Olympus", "tz"),
    ] {
        let (status, body) = s.json(q).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{q}");
        assert_eq!(
            body.as_object().unwrap().keys().collect::<Vec<_>>(),
            [field],
            "{q}: {body}"
        );
    }
}

#[tokio::test]
async fn hour_weekday_in_a_zone_and_span() {
    let s = start(true).await;
    let every = s.all().await;
    for zone in [
        "America/New_York",
        "Asia/Kathmandu",
        "Australia/Lord_Howe",
        "UTC",
    ] {
        let tz: chrono_tz::Tz = zone.parse().unwrap();
        let expected = counter(every.iter().map(|e| {
            let local = Utc.timestamp_micros(micros(e)).unwrap().with_timezone(&tz);
            (
                local.weekday().number_from_monday() as u64,
                local.hour() as u64,
            )
        }));
        let body = s.ok(&format!("facets/?facet=hour_weekday&tz={zone}")).await;
        assert_eq!(body["tz"], zone);
        assert_eq!(body["total"].as_u64(), Some(every.len() as u64));
        let cells: Vec<(u64, u64, u64)> = body["cells"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["weekday"].as_u64().unwrap(),
                    c["hour"].as_u64().unwrap(),
                    c["count"].as_u64().unwrap(),
                )
            })
            .collect();
        let mut want: Vec<(u64, u64, u64)> =
            expected.into_iter().map(|((d, h), n)| (d, h, n)).collect();
        want.sort();
        assert_eq!(cells, want, "{zone}");
    }
    let body = s.ok("facets/?facet=span").await;
    let times: Vec<i64> = every.iter().map(micros).collect();
    assert_eq!(
        body,
        json!({
            "facet": "span", "total": every.len(),
            "first": iso(*times.iter().min().unwrap()),
            "last": iso(*times.iter().max().unwrap()),
        })
    );
    let empty = s.ok("facets/?facet=span&user=999999").await;
    assert_eq!(
        empty,
        json!({"facet": "span", "total": 0, "first": null, "last": null})
    );
}

// --- export ------------------------------------------------------------------------------------

#[tokio::test]
async fn export_streams_the_whole_filtered_set_masked() {
    let s = start(true).await;
    let every = s.all().await;
    let r = s.get("export/?as=ndjson").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/x-ndjson"));
    let disposition = r.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        disposition.starts_with("attachment; filename=\"audit-events-")
            && disposition.ends_with(".ndjson\"")
    );
    let text = r.text().await.unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        uuids(&lines),
        uuids(&every),
        "newest first, every event once"
    );
    let by_uuid: HashMap<&str, &Value> = every
        .iter()
        .map(|e| (e["uuid"].as_str().unwrap(), e))
        .collect();
    for (line, parsed) in text.lines().zip(&lines) {
        let listed = by_uuid[parsed["uuid"].as_str().unwrap()];
        assert_eq!(
            format!("{line}\n"),
            export::ndjson_line(listed.as_object().unwrap())
        );
    }
    // Oldest first, filtered, as CSV.
    let user = every
        .iter()
        .find(|e| !e["user"].is_null())
        .map(user_pk)
        .unwrap();
    let r = s
        .get(&format!("export/?as=csv&user={user}&sort=timestamp"))
        .await;
    assert!(r.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = r.text().await.unwrap();
    let mut mine: Vec<&Value> = every.iter().filter(|e| user_pk(e) == user).collect();
    mine.reverse();
    let expected: String = std::iter::once(format!("{}\r\n", export::CSV_COLUMNS.join(",")))
        .chain(mine.iter().map(|e| export::csv_row(e.as_object().unwrap())))
        .collect();
    assert_eq!(text, expected);
    for (q, field) in [
        ("export/?as=xlsx", "as"),
        ("export/?user=x", "user"),
        ("export/?sort=url", "sort"),
    ] {
        let (status, body) = s.json(q).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{q}");
        assert!(body.get(field).is_some(), "{q}: {body}");
    }
}

#[tokio::test]
async fn faults_and_latency_reach_the_new_endpoints_too() {
    let s = start(true).await;
    let faults = |body: Value| {
        s.client
            .post(format!("{}/api/v1/_demo/faults/", s.base))
            .header(header::AUTHORIZATION, format!("Token {TOKEN}"))
            .body(body.to_string())
            .send()
    };
    assert_eq!(
        faults(json!({"fail_rate": 1.0, "kind": "500"}))
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    for path in [
        "histogram/?edges=2026-01-01T00:00:00Z,2026-01-02T00:00:00Z",
        "facets/?facet=span",
        "export/",
        "?cursor=",
    ] {
        assert_eq!(
            s.get(path).await.status(),
            StatusCode::INTERNAL_SERVER_ERROR,
            "{path}"
        );
    }
    faults(json!({"fail_rate": 0.0, "fail_next": {"count": 1, "matching": "facet=span", "kind": "429"}}))
        .await
        .unwrap();
    let r = s.get("facets/?facet=span").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers()[header::RETRY_AFTER], "1");
    assert_eq!(s.get("facets/?facet=span").await.status(), StatusCode::OK);
    faults(json!({"latency_ms": 150})).await.unwrap();
    let started = std::time::Instant::now();
    assert_eq!(s.get("facets/?facet=span").await.status(), StatusCode::OK);
    assert!(started.elapsed() >= std::time::Duration::from_millis(150));
}

#[tokio::test]
async fn past_the_time_budget_a_clear_400() {
    let s = start_with(|s| {
        s.api_features = true;
        s.statement_timeout = std::time::Duration::ZERO;
    })
    .await;
    let expected = json!({
        "detail": "This question took longer than the API's time budget (0 s) and was stopped. \
                   Narrow the time range or add a filter, then ask again.",
        "code": "query_timeout",
    });
    for path in [
        "histogram/?start=2026-09-01T00:00:00Z&steps=3600x1000",
        "facets/?facet=span",
        "facets/?facet=path",
        "?cursor=",
        "?count=estimate",
        "export/",
    ] {
        assert_eq!(
            s.json(path).await,
            (StatusCode::BAD_REQUEST, expected.clone()),
            "{path}"
        );
    }
    // shared/API.md's own list is not budgeted (as before the switch), and still answers.
    assert_eq!(s.get("?limit=5").await.status(), StatusCode::OK);
}
