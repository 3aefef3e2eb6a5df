//! Deterministic, realistic demo data: 90 days of events by ~40 users and the system, over ~30
//! content types, with nested bodies, some 100 KB bodies, and hostile strings in every text field.
//!
//! The same seed and anchor always give the same rows, so tests can rely on them.

use rusqlite::Connection;
use serde_json::{json, Value};

use crate::db::{insert, NewEvent, INDEXES};
use crate::timestamp::Micros;

/// SplitMix64: tiny, fast, and good enough for fake data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    pub fn uuid(&mut self) -> String {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.next_u64().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next_u64().to_le_bytes());
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .to_string()
    }
}

/// The global the hostile strings try to set; end-to-end tests assert it never is.
pub const CANARY: &str = "__auditConsolePwned";

/// Strings that try to escape into markup, script or the text direction. ~1% of every text field.
pub fn hostile_strings() -> Vec<String> {
    vec![
        format!("<script>window.{CANARY}=1</script>"),
        format!("<img src=x onerror=\"window.{CANARY}=1\">"),
        format!("\"><svg onload=window.{CANARY}=1>"),
        format!("javascript:window.{CANARY}=1"),
        "\u{202E}txt.exe\u{202C} invoice".to_string(),
        "{{7*7}} ${7*7} <%= 7*7 %>".to_string(),
        format!("<a href=\"javascript:window.{CANARY}=1\">click</a>"),
        "A".repeat(5000),
    ]
}

/// The longest `url` the real model stores (`URLField(max_length=1000)`).
pub const URL_MAX_CHARS: usize = 1000;

/// Content types as `(id, label)`; the generated config.json maps ids to these labels.
pub const CONTENT_TYPES: &[(i64, &str)] = &[
    (1, "auth.user"),
    (2, "auth.group"),
    (3, "catalog.product"),
    (4, "catalog.category"),
    (5, "catalog.price"),
    (6, "orders.order"),
    (7, "orders.orderline"),
    (8, "orders.refund"),
    (9, "payments.payment"),
    (10, "payments.payout"),
    (11, "payments.card"),
    (12, "customers.customer"),
    (13, "customers.address"),
    (14, "inventory.stock"),
    (15, "inventory.warehouse"),
    (16, "shipping.shipment"),
    (17, "shipping.carrier"),
    (18, "billing.invoice"),
    (19, "billing.subscription"),
    (20, "billing.plan"),
    (21, "support.ticket"),
    (22, "support.comment"),
    (23, "cms.page"),
    (24, "cms.banner"),
    (25, "marketing.coupon"),
    (26, "marketing.campaign"),
    (27, "settings.apikey"),
    (28, "settings.webhook"),
    (29, "sessions.session"),
    (30, "admin.logentry"),
];

const FIRST: &[&str] = &[
    "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Ken", "Frances", "Dennis",
    "Radia", "Linus", "Hedy", "Tim", "Karen", "John", "Sophie", "Niklaus", "Leslie", "Shafi",
];
const LAST: &[&str] = &[
    "Lovelace",
    "Hopper",
    "Turing",
    "Dijkstra",
    "Liskov",
    "Knuth",
    "Hamilton",
    "Thompson",
    "Allen",
    "Ritchie",
    "Perlman",
    "Torvalds",
    "Lamarr",
    "Berners-Lee",
    "Spärck Jones",
    "McCarthy",
    "Wilson",
    "Wirth",
    "Lamport",
    "Goldwasser",
];
pub const USER_COUNT: i64 = 40;

const AGENTS: &[&str] = &[
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "python-requests/2.32.3",
    "curl/8.11.0",
    "okhttp/4.12.0",
];
const ACTIONS: &[&str] = &[
    "create", "update", "update", "update", "delete", "view", "login", "export",
];

const DAY_MICROS: i64 = 86_400 * 1_000_000;

/// Makes the users and `count` events ending at `anchor`, in one transaction, then builds the indexes.
pub fn populate(
    conn: &mut Connection,
    count: u64,
    anchor: Micros,
    seed: u64,
) -> rusqlite::Result<()> {
    let mut rng = Rng::new(seed);
    let hostile = hostile_strings();
    let tx = conn.transaction()?;
    {
        let mut insert_user =
            tx.prepare("INSERT INTO users (pk, email, first_name, last_name) VALUES (?, ?, ?, ?)")?;
        for pk in 1..=USER_COUNT {
            let (first, last) = match pk {
                // A few users whose own names are hostile or empty, as real data has.
                13 => (hostile[1].clone(), hostile[4].clone()),
                27 => (String::new(), String::new()),
                33 => (hostile[0].clone(), "Tables".to_string()),
                _ => (rng.pick(FIRST).to_string(), rng.pick(LAST).to_string()),
            };
            let email = if pk == 27 {
                format!("svc-{pk}@example.com")
            } else {
                format!(
                    "{}.{}{pk}@example.com",
                    first
                        .to_lowercase()
                        .chars()
                        .filter(char::is_ascii_alphanumeric)
                        .collect::<String>(),
                    last.to_lowercase()
                        .chars()
                        .filter(char::is_ascii_alphanumeric)
                        .collect::<String>()
                )
            };
            insert_user.execute(rusqlite::params![pk, email, first, last])?;
        }
        // Events are inserted oldest first, so ids grow with time as in a real table.
        let span = 90 * DAY_MICROS;
        let mut offsets: Vec<i64> = (0..count).map(|_| rng.below(span as u64) as i64).collect();
        offsets.sort_unstable_by(|a, b| b.cmp(a));
        for offset in offsets {
            let e = make_event(&mut rng, anchor - offset, &hostile);
            insert(&tx, &e)?;
        }
    }
    tx.execute_batch(INDEXES)?;
    tx.commit()?;
    conn.execute_batch("ANALYZE;")
}

/// A hostile string about 1% of the time, else `normal`.
fn text(rng: &mut Rng, hostile: &[String], normal: impl FnOnce(&mut Rng) -> String) -> String {
    if !hostile.is_empty() && rng.chance(0.01) {
        rng.pick(hostile).clone()
    } else {
        normal(rng)
    }
}

pub fn make_event(rng: &mut Rng, ts: Micros, hostile: &[String]) -> NewEvent {
    let user_id = (!rng.chance(0.1)).then(|| 1 + rng.below(USER_COUNT as u64) as i64);
    let (content_type, model) = *rng.pick(CONTENT_TYPES);
    let object_id = (!rng.chance(0.02)).then(|| 1 + rng.below(5000) as i64);
    let action = *rng.pick(ACTIONS);
    let remote_addr = match rng.below(10) {
        0 => None,
        1 | 2 => Some(format!(
            "2001:db8:{:x}::{:x}",
            rng.below(0xffff),
            rng.below(0xffff)
        )),
        _ => Some(format!(
            "{}.{}.{}.{}",
            10 + rng.below(200),
            rng.below(256),
            rng.below(256),
            1 + rng.below(254)
        )),
    };
    let path = model.replace('.', "/");
    let url = (!rng.chance(0.03)).then(|| {
        let normal = match object_id {
            Some(id) => format!(
                "https://shop.example.com/api/v1/{path}/{id}/?x={}",
                rng.below(1000)
            ),
            None => format!("https://shop.example.com/api/v1/{path}/"),
        };
        // The real model's URLField holds at most 1000 characters (shared/API.md): a hostile
        // string is cut there, as the server would have refused anything longer.
        let mut url = text(rng, hostile, |_| normal);
        if let Some((cut, _)) = url.char_indices().nth(URL_MAX_CHARS) {
            url.truncate(cut);
        }
        url
    });
    let ip_for_header = remote_addr.clone().unwrap_or_else(|| "203.0.113.9".into());
    let mut headers = json!({
        "User-Agent": text(rng, hostile, |r| r.pick(AGENTS).to_string()),
        "Accept": "application/json",
        "X-Forwarded-For": ip_for_header,
        "X-Request-Id": rng.uuid(),
    });
    if rng.chance(0.5) {
        headers["Authorization"] = json!(format!("Token {:016x}", rng.next_u64()));
    }
    if rng.chance(0.3) {
        headers["Cookie"] = json!(format!(
            "sessionid={:016x}; csrftoken={:016x}",
            rng.next_u64(),
            rng.next_u64()
        ));
    }
    if rng.chance(0.05) {
        headers["X-Api-Key"] = json!(format!("sk_live_{:016x}", rng.next_u64()));
    }
    let query_params = match rng.below(4) {
        0 => Value::Null,
        1 => json!({}),
        _ => {
            json!({"page": (1 + rng.below(20)).to_string(), "q": text(rng, hostile, |_| "blue".into())})
        }
    };
    let post_data = match action {
        "create" | "update" => {
            let mut body = json!({
                "name": text(rng, hostile, |r| format!("item {}", r.below(10_000))),
                "qty": rng.below(50),
                "price": format!("{}.{:02}", rng.below(500), rng.below(100)),
                "address": {
                    "street": text(rng, hostile, |r| format!("{} Main St", r.below(999))),
                    "city": "Springfield",
                    "geo": {"lat": 39.78, "lng": -89.65},
                },
                "tags": ["sale", "new"],
                "lines": (0..rng.below(4)).map(|i| json!({"sku": format!("SKU-{i}"), "qty": i + 1})).collect::<Vec<_>>(),
            });
            if rng.chance(0.05) {
                body["password"] = json!(format!("hunter{}", rng.below(100)));
                body["api_token"] = json!(format!("{:016x}", rng.next_u64()));
            }
            // About 0.2% of bodies are ~100 KB, as bulk imports are.
            if rng.chance(0.002) {
                body["bulk"] = Value::Array(
                    (0..1000)
                        .map(|i| json!({"row": i, "note": "x".repeat(80)}))
                        .collect(),
                );
            }
            body
        }
        "login" => {
            json!({"username": text(rng, hostile, |_| "ada".into()), "password": "********"})
        }
        _ => Value::Null,
    };
    let content = match action {
        "update" => {
            json!({"action": "update", "changes": {"price": [rng.below(100), rng.below(100)], "status": ["draft", "live"]}})
        }
        "create" => json!({"action": "create", "model": model}),
        "delete" => {
            json!({"action": "delete", "model": model, "reason": text(rng, hostile, |_| "cleanup".into())})
        }
        other => json!({"action": other}),
    };
    NewEvent {
        uuid: rng.uuid(),
        ts,
        user_id,
        remote_addr,
        url,
        query_params: query_params.to_string(),
        post_data: post_data.to_string(),
        headers: headers.to_string(),
        content_type,
        object_id,
        content: content.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_data() {
        let h = hostile_strings();
        let a = make_event(&mut Rng::new(7), 0, &h);
        let b = make_event(&mut Rng::new(7), 0, &h);
        assert_eq!(a.uuid, b.uuid);
        assert_eq!(a.post_data, b.post_data);
    }

    #[test]
    fn events_without_hostile_strings_never_panic() {
        // The insert endpoint builds events with no hostile strings to pick from.
        let mut rng = Rng::new(3);
        for _ in 0..5_000 {
            make_event(&mut rng, 0, &[]);
        }
    }

    #[test]
    fn some_bodies_are_about_100_kb() {
        let h = hostile_strings();
        let mut rng = Rng::new(1);
        let big = (0..20_000)
            .map(|_| make_event(&mut rng, 0, &h))
            .filter(|e| e.post_data.len() > 100_000)
            .count();
        assert!((3..60).contains(&big), "{big}");
    }
}
