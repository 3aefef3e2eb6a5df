//! Property tests: no input from the URL, the form or the API makes the parsers panic, and the
//! URL ⇄ state mapping round-trips.
#![cfg(not(target_arch = "wasm32"))]

use audit_console::api::{Event, Page};
use audit_console::common::time::{parse_typed, Fixed, Preset, Side, TimeZoneChoice};
use audit_console::list::filters::{self as form, FormValues};
use audit_console::list::query::{ListQuery, TIME_PARAMS};
use proptest::prelude::*;
use serde_json::Value;

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)),
        ".*".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("uuid".to_string()),
                    Just("timestamp".to_string()),
                    Just("user".to_string()),
                    Just("results".to_string()),
                    Just("count".to_string()),
                    ".{0,8}".prop_map(String::from)
                ],
                inner,
                0..8
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn list_query() -> impl Strategy<Value = ListQuery> {
    let id = prop::option::of(0i64..i64::MAX);
    let instant =
        (0i64..4_000_000_000, 0u32..1_000_000, -50_400i32..50_400).prop_map(|(s, us, off)| {
            let off = off - off % 60;
            let offset = chrono::FixedOffset::east_opt(off)
                .unwrap_or(chrono::FixedOffset::east_opt(0).unwrap());
            chrono::DateTime::from_timestamp(s, us * 1000)
                .unwrap()
                .with_timezone(&offset)
                .to_rfc3339()
        });
    let times = prop::collection::btree_map(0usize..TIME_PARAMS.len(), instant, 0..3);
    (
        id.clone(),
        id.clone(),
        id,
        times,
        prop::option::of("[a-z_,-]{1,20}"),
        1u64..100_000,
        prop::option::of(prop::sample::select(vec![25u32, 50, 100, 250, 500])),
        prop::option::of(prop::sample::select(vec![
            TimeZoneChoice::Local,
            TimeZoneChoice::Utc,
        ])),
        prop::option::of(prop::sample::select(Preset::ALL.to_vec())),
        prop::option::of("[A-Za-z0-9_=-]{1,40}"),
    )
        .prop_map(
            |(user, content_type, object_id, times, sort, page, limit, tz, range, cursor)| {
                let mut q = ListQuery {
                    user,
                    content_type,
                    object_id,
                    times: times
                        .into_iter()
                        .map(|(i, v)| (TIME_PARAMS[i], v))
                        .collect(),
                    sort: sort
                        .filter(|s| !s.trim().is_empty() && s.trim() == s && s != "-timestamp"),
                    page,
                    cursor: None,
                    limit,
                    tz,
                    range,
                    panel: None,
                };
                // A cursor is only part of the view on a later page of a time order.
                if q.page > 1 && q.time_ordered() {
                    q.cursor = cursor.map(|c| (q.page, c));
                }
                q.times
                    .sort_by_key(|(p, _)| TIME_PARAMS.iter().position(|x| x == p));
                q
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_query_string_parses_without_panic_and_normalises_stably(s in ".*") {
        let (q, _) = ListQuery::parse(&s);
        let again = ListQuery::parse(&q.to_query_string()).0;
        prop_assert_eq!(again, q);
    }

    #[test]
    fn query_string_like_input_never_panics(s in "[?&=a-z_%0-9+:.TZ-]{0,80}") {
        let _ = ListQuery::parse(&s);
    }

    #[test]
    fn list_state_round_trips_through_the_url(q in list_query()) {
        let parsed = ListQuery::parse(&q.to_query_string());
        prop_assert!(parsed.1.is_empty(), "{:?}", parsed.1);
        prop_assert_eq!(parsed.0, q);
    }

    #[test]
    fn any_json_decodes_or_errs_without_panic(v in json_value()) {
        let _ = serde_json::from_value::<Event>(v.clone());
        let _ = serde_json::from_value::<Page>(v.clone());
        let _ = serde_json::from_str::<Page>(&v.to_string());
    }

    #[test]
    fn any_bytes_as_a_page_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = serde_json::from_slice::<Page>(&bytes);
    }

    #[test]
    fn any_typed_form_input_never_panics(user in ".{0,12}", from in ".{0,30}", to in ".{0,30}", exact in ".{0,30}") {
        let q = ListQuery::parse("").0;
        let v = FormValues { user, from: from.clone(), to, exact, ..FormValues::default() };
        let _ = form::apply(&q, &v, &Fixed::utc(), &Default::default());
        let _ = parse_typed(&from, Side::To, &Fixed::utc());
    }

    #[test]
    fn any_url_time_range_has_a_label(lo in "[0-9:T+Z.-]{0,30}", hi in "[0-9:T+Z.-]{0,30}", lt in any::<bool>()) {
        let upper = if lt { "timestamp__lt" } else { "timestamp__lte" };
        let q = ListQuery::parse(&format!("timestamp__gte={lo}&{upper}={hi}")).0;
        prop_assert!(!form::range_label(&q, &Fixed::utc()).is_empty());
    }
}
