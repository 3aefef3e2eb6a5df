//! The list's first request, pure: where step 2 of the data flow (`list::loader`) sends a page
//! URL — the default range, a relative range's bounds, the pin at "now" — with the clock and the
//! zone given rather than read, and whether a URL can be requested as it is.
//!
//! The start-up script sends that first request before the wasm has started
//! (`early_request.js`, a copy of these rules and `query`'s for the usual URLs); the tests here
//! run both copies over a corpus of URLs and fail on any difference.

use chrono::{DateTime, Utc};

use crate::api::urls::encode_component;
use crate::common::time::{to_url_instant, Preset, ZoneRules};
use crate::list::query::{has_upper_bound_param, ListQuery};

/// `query` narrowed to `preset` as of `now` (bounds in `zone`'s offset), back on page 1.
pub fn preset_query_at(
    query: &ListQuery,
    preset: Preset,
    now: DateTime<Utc>,
    zone: &dyn ZoneRules,
) -> ListQuery {
    let mut next = ListQuery {
        times: Vec::new(),
        page: 1,
        ..query.clone()
    };
    if let Some(b) = preset.lower_bound(now, zone) {
        next.times.push((b.param, b.value));
    }
    next.pinned(&to_url_instant(now, zone)).unwrap_or(next)
}

/// Where a page URL (its `search`, parsed as `current`) is sent before it is requested: a bare
/// URL gets `default_range`, `range=24h` becomes bounds as of `now`, and a list without an upper
/// bound is pinned at `now` (appended to the URL as typed, so an invalid parameter keeps its
/// message). `None` when the URL needs none of these.
pub fn redirect_target(
    search: &str,
    current: &ListQuery,
    default_range: Preset,
    now: DateTime<Utc>,
    zone: &dyn ZoneRules,
) -> Option<String> {
    let raw = search.trim_start_matches('?');
    if let Some(range) = current.range {
        let rest = ListQuery {
            range: None,
            ..current.clone()
        };
        Some(preset_query_at(&rest, range, now, zone).to_href())
    } else if raw.is_empty() && default_range != Preset::All {
        Some(preset_query_at(&ListQuery::parse("").0, default_range, now, zone).to_href())
    } else if !has_upper_bound_param(raw) {
        let pin = encode_component(&to_url_instant(now, zone));
        let sep = if raw.is_empty() { "" } else { "&" };
        Some(format!("/?{raw}{sep}timestamp__lte={pin}"))
    } else {
        None
    }
}

/// Whether a page URL is requested as it is (no redirect pending).
pub fn is_loadable(q: &ListQuery, search: &str) -> bool {
    q.range.is_none() && has_upper_bound_param(search)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::urls::list_url;
    use crate::common::time::{Fixed, TimeZoneChoice};
    use chrono::{FixedOffset, Offset, TimeZone};

    struct Named(chrono_tz::Tz);
    impl ZoneRules for Named {
        fn offset_at(&self, instant: DateTime<Utc>) -> FixedOffset {
            self.0.offset_from_utc_datetime(&instant.naive_utc()).fix()
        }
        fn resolve_local(&self, _: chrono::NaiveDateTime) -> DateTime<Utc> {
            unreachable!("not used by the first request")
        }
    }

    const BASE: &str = "https://api.example.com/api/v1";
    const LIMIT: u32 = 50;

    /// Page URLs an open can have: every filter, every time form, page sizes, sorts, zones, and
    /// hostile or malformed values.
    fn corpus() -> Vec<&'static str> {
        vec![
            "",
            "?",
            "??",
            "user=12",
            "user=12&tz=utc",
            "tz=UTC",
            "tz=local",
            "tz=mars",
            "user=+7&content_type=006&object_id=5",
            "user=-1",
            "user=1.5",
            "user=9223372036854775807",
            "user=9223372036854775808",
            "user=",
            "user=5&user=",
            "user=5&user=6",
            "page=2",
            "page=4&cursor=WyJuIiwiMjAyNi0xMS0yNVQxMDowMDowMFoiXQ",
            "timestamp__lte=2026-11-25T10:00:00Z&page=2&cursor=abc",
            "cursor=abc",
            "page=0",
            "page=18446744073709551615",
            "page=18446744073709551616",
            "limit=100",
            "limit=99",
            "limit=+250",
            "limit=500&page=3&sort=object_id,-timestamp",
            "sort=-timestamp",
            "sort=remote_addr",
            "sort=%20url%20",
            "range=24h",
            "range=forever",
            "timestamp__lte=2026-11-25T10:00:00Z",
            "timestamp__lte=2026-11-25T10:00:00%2B02:00&user=3",
            "timestamp__lte=2026-11-25T10:00:00+02:00",
            "timestamp__lte=2026-11-25T10:00:00 02:00",
            "timestamp__gte=2026-11-01T00:00:00.5Z&timestamp__lt=2026-11-25T10:00:00.123456789-05:30",
            "timestamp=2026-02-29T12:00:00Z",
            "timestamp=2028-02-29T12:00:00Z",
            "timestamp__lte=2026-13-01T00:00:00Z",
            "timestamp__lte=2026-11-25t10:00:00z",
            "timestamp__lte=2026-11-25T10:00:00",
            "timestamp__lte=2026-11-25 10:00:00Z",
            "timestamp__lte=2026-11-25T24:00:00Z",
            "timestamp__lte=2026-11-25T10:00:60Z",
            "timestamp__lte=%20%20",
            "timestamp__lt=2026-11-25T10:00:00Z&timestamp__gte=2026-11-20T10:00:00Z&timestamp__lte=2026-11-21T10:00:00Z",
            "timestamp__gte=2026-11-20T10:00:00Z",
            "unknown=1&user=4",
            "user=%31%32",
            "user=%E2%9C%93",
            "user=%zz",
            "content_type=6&object_id=%3Cscript%3E",
            "panel=summary&user=2",
            "user=1&timestamp__lte=2026-11-25T10:00:00Z&limit=25&page=40&tz=utc",
            "q=%FF%FE",
            "&&user=3&&",
            "user=3#frag",
        ]
    }

    /// What the app does with a page URL: the address it shows and the API URL it requests.
    fn app(
        search: &str,
        default_range: Preset,
        now: DateTime<Utc>,
        zone: &dyn ZoneRules,
    ) -> (String, String) {
        let (current, _) = ListQuery::parse(search);
        let target = redirect_target(search, &current, default_range, now, zone);
        let href = target
            .clone()
            .unwrap_or_else(|| format!("?{}", search.trim_start_matches('?')));
        let q = ListQuery::parse(href.split_once('?').map_or("", |(_, q)| q)).0;
        (
            target.unwrap_or_default(),
            list_url(BASE, &q.to_api_params(LIMIT)),
        )
    }

    /// The start-up script's copy over the same URLs, in Node (the machine's `node`, which
    /// scripts/setup provides), in the zone `tz` (TZ), at `now_ms`.
    fn script(
        cases: &[&str],
        default_range: &str,
        now_ms: i64,
        tz: &str,
        remembered: &str,
    ) -> Vec<serde_json::Value> {
        let module = concat!(env!("CARGO_MANIFEST_DIR"), "/src/list/early_request.js");
        let program = format!(
            "import {{ earlyList }} from {module:?};\n\
             const cases = JSON.parse(process.argv[1]);\n\
             const out = cases.map((s) => earlyList(s, {{ base: {BASE:?}, defaultLimit: {LIMIT}, defaultRange: {default_range:?}, nowMs: {now_ms}, rememberedTz: {remembered} }}));\n\
             process.stdout.write(JSON.stringify(out));"
        );
        let output = std::process::Command::new("node")
            .args(["--input-type=module", "-e", &program])
            .arg(serde_json::to_string(cases).expect("JSON"))
            .env("TZ", tz)
            .output()
            .expect("node runs (scripts/setup installs it)");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).expect("the script's JSON")
    }

    fn conforms(
        default_range: Preset,
        tz: &str,
        remembered: Option<&str>,
        now: DateTime<Utc>,
    ) -> usize {
        let remembered_choice = remembered
            .and_then(TimeZoneChoice::from_param)
            .unwrap_or_default();
        let cases = corpus();
        let answers = script(
            &cases,
            default_range.key(),
            now.timestamp_millis(),
            tz,
            &remembered.map_or("null".into(), |r| format!("{r:?}")),
        );
        let mut answered = 0;
        for (case, answer) in cases.iter().zip(answers) {
            if answer.is_null() {
                continue;
            }
            // Each URL in its zone as the app reads it: `tz=` wins over the remembered choice.
            let zone: Box<dyn ZoneRules> =
                match ListQuery::parse(case).0.tz.unwrap_or(remembered_choice) {
                    TimeZoneChoice::Utc => Box::new(Fixed::utc()),
                    TimeZoneChoice::Local => Box::new(Named(tz.parse().expect("a zone"))),
                };
            answered += 1;
            let (href, url) = app(case, default_range, now, zone.as_ref());
            assert_eq!(
                answer["url"],
                url.as_str(),
                "API URL for {case:?} ({tz}, {default_range:?})"
            );
            let js_href = answer["href"].as_str().unwrap_or("");
            assert_eq!(
                js_href, href,
                "page address for {case:?} ({tz}, {default_range:?})"
            );
        }
        answered
    }

    #[test]
    fn the_start_up_script_requests_what_the_app_would_for_every_url_it_answers() {
        // Milliseconds and none, a zone with a half-hour offset, DST on either side.
        let instants = [
            Utc.with_ymd_and_hms(2026, 11, 30, 5, 45, 12).unwrap()
                + chrono::Duration::milliseconds(345),
            Utc.with_ymd_and_hms(2026, 3, 29, 1, 30, 0).unwrap(),
        ];
        for now in instants {
            for (tz, remembered) in [
                ("UTC", None),
                ("Asia/Kolkata", None),
                ("Europe/Paris", None),
                ("America/St_Johns", Some("utc")),
            ] {
                for range in [Preset::All, Preset::Hours24, Preset::Minutes15] {
                    let answered = conforms(range, tz, remembered, now);
                    // The usual URLs are answered, not declined.
                    assert!(answered >= 30, "{tz} {range:?}: only {answered} answered");
                }
            }
        }
    }

    #[test]
    fn the_usual_opens_are_not_declined() {
        let now = Utc.with_ymd_and_hms(2026, 11, 30, 5, 45, 12).unwrap();
        let usual = [
            "",
            "user=12&tz=utc",
            "timestamp__lte=2026-11-25T10:00:00Z&page=2",
            "limit=100",
        ];
        let answers = script(&usual, "24h", now.timestamp_millis(), "UTC", "null");
        for (case, a) in usual.iter().zip(answers) {
            assert!(!a.is_null(), "{case:?} is requested early");
        }
    }
}
