//! The filters: the query bar, its time range and the active-filter chips.
//!
//! Pure, native-tested, here: the filter form ⇄ `ListQuery` (what the fields show for a URL, and
//! the URL a submitted form means: zones, date-only "To", keeping what was not touched), the time
//! range's label (`range_label`); `users`: users seen in events, the User field's suggestions.
//! Components (wasm32): `bar` (the query bar, its time range in a popover), `time_controls`
//! (presets, the zone toggle, "as of"), `chips` (active filters, each removable).
//!
//! May use: `list`'s query, `app`, `api`, `browser`, `common`.

pub mod users;

#[cfg(target_arch = "wasm32")]
pub mod bar;
#[cfg(target_arch = "wasm32")]
pub mod chips;
#[cfg(target_arch = "wasm32")]
pub mod time_controls;

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDateTime, Timelike, Utc};

use crate::common::format::parse_timestamp;
use crate::common::time::{field_text, parse_typed, Preset, Side, ZoneRules};
use crate::i18n::{self, tf};
use crate::list::query::{FieldProblem, ListQuery};
use users::{Typed, UserDirectory};

/// The text of every field, as typed or as shown.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormValues {
    pub user: String,
    pub content_type: String,
    pub object_id: String,
    pub from: String,
    pub to: String,
    pub exact: String,
    /// "" for the default page size.
    pub limit: String,
}

/// The form field a parameter belongs to, so an API 400 or a bad URL value shows next to it.
pub fn field_for_param(param: &str) -> &str {
    match param {
        "timestamp__gt" | "timestamp__gte" => "from",
        "timestamp__lt" | "timestamp__lte" => "to",
        "timestamp" => "exact",
        other => other,
    }
}

/// Messages per form field, from the URL's problems and the API's 400 body.
pub fn problems_by_field(
    url_problems: &[FieldProblem],
    api_fields: &BTreeMap<String, Vec<String>>,
) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in url_problems {
        out.entry(field_for_param(&p.param).to_string())
            .or_default()
            .push(p.message.clone());
    }
    for (param, msgs) in api_fields {
        out.entry(field_for_param(param).to_string())
            .or_default()
            .extend(
                msgs.iter()
                    .map(|m| tf(i18n::m::FILTERS__API_SAYS, &[("message", m)])),
            );
    }
    out
}

fn lower(q: &ListQuery) -> Option<&str> {
    q.time("timestamp__gte").or(q.time("timestamp__gt"))
}

fn upper(q: &ListQuery) -> Option<&str> {
    q.time("timestamp__lte").or(q.time("timestamp__lt"))
}

/// What the fields show for a query, times in the chosen zone.
pub fn values_for(q: &ListQuery, zone: &dyn ZoneRules) -> FormValues {
    let id = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    let time = |v: Option<&str>| v.map(|t| field_text(t, zone)).unwrap_or_default();
    FormValues {
        user: id(q.user),
        content_type: id(q.content_type),
        object_id: id(q.object_id),
        from: time(lower(q)),
        to: time(upper(q)),
        exact: time(q.time("timestamp")),
        limit: q.limit.map(|n| n.to_string()).unwrap_or_default(),
    }
}

/// A wall-clock time of day, "14:00" or "14:00:05"; `None` at midnight (a date alone).
fn clock(t: NaiveDateTime) -> Option<String> {
    match (t.hour(), t.minute(), t.second()) {
        (0, 0, 0) => None,
        (h, m, 0) => Some(format!("{h:02}:{m:02}")),
        (h, m, sec) => Some(format!("{h:02}:{m:02}:{sec:02}")),
    }
}

/// "Nov 1", "Nov 1, 14:00", "Nov 1, 14:00:05" (with the year when asked), as the language
/// writes a short date (`Intl`).
fn short_time(t: NaiveDateTime, year: bool) -> String {
    let digits = match (t.hour(), t.minute(), t.second()) {
        (0, 0, 0) => 0,
        (_, _, 0) => 2,
        _ => 3,
    };
    i18n::short_date(t, year, digits)
}

/// "Nov 1 – Nov 25": a range from `start` to `end`.
fn span(start: &str, end: &str) -> String {
    tf(i18n::m::FILTERS__SPAN, &[("start", start), ("end", end)])
}

fn day_before_of(t: NaiveDateTime) -> NaiveDateTime {
    t.checked_sub_signed(Duration::days(1)).unwrap_or(t)
}

/// What the time-range control says for a query, in the chosen zone: a preset's name when the
/// range is one ("Last 24 hours"), "All time" (an upper bound that is only the list's pin,
/// shown as "As of"), "Nov 1 – Nov 25", "Since Nov 20, 10:00", "Before Nov 3", "At …".
pub fn range_label(q: &ListQuery, zone: &dyn ZoneRules) -> String {
    if let Some(p) = q.range {
        return p.label().to_string();
    }
    let wall = |t: DateTime<Utc>| t.with_timezone(&zone.offset_at(t)).naive_local();
    if let Some(exact) = q.time("timestamp") {
        return tf(i18n::m::RANGE__AT, &[("time", &field_text(exact, zone))]);
    }
    let low = lower(q).and_then(parse_timestamp);
    // An exclusive bound at midnight ("To" typed as a date) reads as the day before it.
    let high = upper(q).and_then(parse_timestamp).map(|t| {
        let w = wall(t);
        let exclusive_midnight = q.time("timestamp__lt").is_some()
            && (w.hour(), w.minute(), w.second(), w.nanosecond()) == (0, 0, 0, 0);
        (w, exclusive_midnight)
    });
    match (low, high) {
        (None, None) => Preset::All.label().into(),
        (None, Some(_)) if q.time("timestamp__lte").is_some() => Preset::All.label().into(),
        (None, Some((hi, day_before))) => {
            let hi = if day_before { day_before_of(hi) } else { hi };
            let word = if day_before {
                i18n::m::RANGE__UNTIL
            } else {
                i18n::m::RANGE__BEFORE
            };
            tf(word, &[("time", &short_time(hi, false))])
        }
        (Some(lo), None) => tf(
            i18n::m::RANGE__SINCE,
            &[("time", &short_time(wall(lo), false))],
        ),
        (Some(lo), Some((hi, day_before))) => {
            // Presets write `gte` and the pin (`lte`).
            let pinned = q.time("timestamp__gte").is_some() && q.time("timestamp__lte").is_some();
            if let Some(hi_instant) = upper(q).and_then(parse_timestamp).filter(|_| pinned) {
                let span = hi_instant - lo;
                if let Some(p) = Preset::ALL.into_iter().find(|p| {
                    p.duration()
                        .is_some_and(|d| (span - d).num_seconds().abs() <= 1)
                }) {
                    return p.label().into();
                }
            }
            let lo = wall(lo);
            let hi = if day_before { day_before_of(hi) } else { hi };
            let year = lo.year() != hi.year();
            if lo.date() == hi.date() && !day_before {
                let end = clock(hi).unwrap_or_else(|| "00:00".into());
                return span(&short_time(lo, false), &end);
            }
            if lo.date() == hi.date() {
                return short_time(lo, false);
            }
            span(&short_time(lo, year), &short_time(hi, year))
        }
    }
}

/// The query a submitted form means, starting from the current one (order and zone kept, back on
/// page 1). A time field left as shown keeps its exact bound (`gt` stays `gt`). The User field
/// takes an id, or a name or email of a user seen in events (`users`). Every bad field is
/// reported at once.
pub fn apply(
    current: &ListQuery,
    v: &FormValues,
    zone: &dyn ZoneRules,
    users: &UserDirectory,
) -> Result<ListQuery, Vec<FieldProblem>> {
    let shown = values_for(current, zone);
    let mut problems = Vec::new();
    let mut problem = |param: &str, message: String| {
        problems.push(FieldProblem {
            param: param.to_string(),
            message,
        })
    };
    let user = match users.resolve(&v.user) {
        Typed::Empty => None,
        Typed::Id(n) | Typed::Found(n) => Some(n),
        Typed::Several(n) => {
            problem(
                "user",
                i18n::tn(
                    i18n::m::FILTERS__USER_SEVERAL,
                    n as u64,
                    &[("typed", v.user.trim())],
                ),
            );
            None
        }
        Typed::Unknown => {
            problem(
                "user",
                tf(i18n::m::FILTERS__USER_UNKNOWN, &[("typed", v.user.trim())]),
            );
            None
        }
    };
    let mut id = |param: &str, text: &str| -> Option<i64> {
        let t = text.trim();
        if t.is_empty() {
            return None;
        }
        match t.parse::<i64>() {
            Ok(n) if n >= 0 => Some(n),
            _ => {
                problem(param, tf(i18n::m::FILTERS__NOT_AN_ID, &[("typed", t)]));
                None
            }
        }
    };
    let content_type = id("content_type", &v.content_type);
    let object_id = id("object_id", &v.object_id);

    let mut times: Vec<(&'static str, String)> = Vec::new();
    let fields: [(&str, &String, &String, Side, Vec<&'static str>); 3] = [
        (
            "from",
            &v.from,
            &shown.from,
            Side::From,
            vec!["timestamp__gt", "timestamp__gte"],
        ),
        (
            "to",
            &v.to,
            &shown.to,
            Side::To,
            vec!["timestamp__lt", "timestamp__lte"],
        ),
        (
            "exact",
            &v.exact,
            &shown.exact,
            Side::Exact,
            vec!["timestamp"],
        ),
    ];
    for (field, typed, was, side, params) in fields {
        if typed.trim().is_empty() {
            continue;
        }
        if typed.trim() == was.trim() {
            times.extend(
                current
                    .times
                    .iter()
                    .filter(|(p, _)| params.contains(p))
                    .cloned(),
            );
            continue;
        }
        match parse_typed(typed, side, zone) {
            Ok(b) => times.push((b.param, b.value)),
            Err(m) => problem(field, m),
        }
    }
    let instant = |param_prefix: &str| {
        times
            .iter()
            .find(|(p, _)| p.starts_with(param_prefix))
            .and_then(|(_, v)| chrono::DateTime::parse_from_rfc3339(v).ok())
    };
    if let (Some(from), Some(to)) = (instant("timestamp__g"), instant("timestamp__l")) {
        // With an exclusive upper bound, equal bounds are empty too.
        let exclusive = times.iter().any(|(p, _)| *p == "timestamp__lt");
        if from > to || (exclusive && from == to) {
            problem("to", i18n::t(i18n::m::FILTERS__TO_BEFORE_FROM).into());
        }
    }
    let limit = match v.limit.trim() {
        "" => None,
        t => match t.parse::<u32>() {
            Ok(n) if crate::app::config::PAGE_SIZES.contains(&n) => Some(n),
            _ => {
                problem(
                    "limit",
                    tf(i18n::m::FILTERS__NOT_A_PAGE_SIZE, &[("typed", t)]),
                );
                None
            }
        },
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    crate::list::query::sort_times(&mut times);
    Ok(ListQuery {
        user,
        content_type,
        object_id,
        times,
        limit,
        page: 1,
        ..current.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::time::Fixed;
    use chrono::FixedOffset;

    fn plus2() -> Fixed {
        Fixed(FixedOffset::east_opt(7200).unwrap())
    }

    #[test]
    fn a_query_shows_in_the_fields_in_the_chosen_zone() {
        let (q, _) = ListQuery::parse(
            "user=4&timestamp__gt=2026-11-25T10%3A00%3A00Z&timestamp__lt=2026-11-26T00%3A00%3A00Z",
        );
        let v = values_for(&q, &plus2());
        assert_eq!(v.user, "4");
        assert_eq!(v.from, "2026-11-25 12:00:00");
        assert_eq!(v.to, "2026-11-26 02:00:00");
    }

    #[test]
    fn untouched_time_fields_keep_their_exact_bound() {
        let (q, _) = ListQuery::parse("timestamp__gt=2026-11-25T10%3A00%3A00.5Z&page=3&sort=url");
        let mut v = values_for(&q, &plus2());
        v.user = "12".into();
        let next = apply(&q, &v, &plus2(), &UserDirectory::default()).unwrap();
        assert_eq!(next.user, Some(12));
        assert_eq!(next.time("timestamp__gt"), Some("2026-11-25T10:00:00.5Z"));
        assert_eq!(next.page, 1, "a new filter starts at page 1");
        assert_eq!(next.sort.as_deref(), Some("url"), "order kept");
    }

    #[test]
    fn typed_times_become_absolute_bounds() {
        let q = ListQuery::parse("").0;
        let v = FormValues {
            from: "2026-11-25".into(),
            to: "2026-11-25".into(),
            ..Default::default()
        };
        let next = apply(&q, &v, &plus2(), &UserDirectory::default()).unwrap();
        assert_eq!(
            next.time("timestamp__gte"),
            Some("2026-11-25T00:00:00+02:00")
        );
        assert_eq!(
            next.time("timestamp__lt"),
            Some("2026-11-26T00:00:00+02:00")
        );
        // Clearing a field removes its bound.
        let cleared = apply(
            &next,
            &FormValues::default(),
            &plus2(),
            &UserDirectory::default(),
        )
        .unwrap();
        assert!(cleared.times.is_empty());
    }

    #[test]
    fn every_bad_field_is_reported_and_nothing_applies() {
        let q = ListQuery::parse("").0;
        let v = FormValues {
            user: "abc".into(),
            object_id: "-1".into(),
            from: "soon".into(),
            ..Default::default()
        };
        let problems = apply(&q, &v, &plus2(), &UserDirectory::default()).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.param.as_str()).collect();
        assert_eq!(fields, ["user", "object_id", "from"]);
        let reversed = FormValues {
            from: "2026-11-26".into(),
            to: "2026-11-25".into(),
            ..Default::default()
        };
        assert_eq!(
            apply(&q, &reversed, &plus2(), &UserDirectory::default()).unwrap_err()[0].param,
            "to"
        );
    }

    #[test]
    fn api_and_url_problems_land_on_their_fields() {
        let url = vec![FieldProblem {
            param: "timestamp__gt".into(),
            message: "bad".into(),
        }];
        let api = BTreeMap::from([("user".to_string(), vec!["Enter a number.".to_string()])]);
        let by = problems_by_field(&url, &api);
        assert_eq!(by["from"], vec!["bad"]);
        assert_eq!(by["user"], vec!["The API says: Enter a number."]);
    }

    fn q(s: &str) -> ListQuery {
        ListQuery::parse(s).0
    }

    #[test]
    fn the_range_control_names_the_range() {
        let z = plus2();
        assert_eq!(range_label(&q(""), &z), "All time");
        // The pin alone is "As of", not a range.
        assert_eq!(
            range_label(&q("timestamp__lte=2026-11-25T10%3A00%3A00Z"), &z),
            "All time"
        );
        assert_eq!(
            range_label(&q("timestamp__gte=2026-11-24T10%3A00%3A00Z&timestamp__lte=2026-11-25T10%3A00%3A00.4Z"), &z),
            "Last 24 hours"
        );
        assert_eq!(range_label(&q("range=7d"), &z), "Last 7 days");
        // Dates typed in the form: "To" a whole day reads as that day.
        assert_eq!(
            range_label(&q("timestamp__gte=2026-11-01T00%3A00%3A00%2B02%3A00&timestamp__lt=2026-11-26T00%3A00%3A00%2B02%3A00"), &z),
            "Nov 1 – Nov 25"
        );
        assert_eq!(
            range_label(&q("timestamp__gte=2026-11-25T00%3A00%3A00%2B02%3A00&timestamp__lt=2026-11-26T00%3A00%3A00%2B02%3A00"), &z),
            "Nov 25"
        );
        assert_eq!(
            range_label(&q("timestamp__gte=2026-11-25T08%3A00%3A00Z&timestamp__lte=2026-11-25T10%3A30%3A00Z"), &z),
            "Nov 25, 10:00 – 12:30"
        );
        assert_eq!(
            range_label(&q("timestamp__gte=2025-12-30T22%3A00%3A00Z&timestamp__lte=2026-01-02T10%3A30%3A05Z"), &z),
            "Dec 31, 2025 – Jan 2, 2026, 12:30:05"
        );
        assert_eq!(
            range_label(&q("timestamp__gt=2026-11-20T08%3A00%3A00Z"), &z),
            "Since Nov 20, 10:00"
        );
        assert_eq!(
            range_label(&q("timestamp__lt=2026-11-03T10%3A00%3A00Z"), &z),
            "Before Nov 3, 12:00"
        );
        assert_eq!(
            range_label(&q("timestamp=2026-11-03T10%3A00%3A00Z"), &z),
            "At 2026-11-03 12:00:00"
        );
    }

    #[test]
    fn the_user_field_finds_a_user_seen_in_events() {
        let mut users = UserDirectory::new("b");
        let event = |pk: i64, first: &str, email: &str| -> crate::api::Event {
            let mut e: crate::api::Event = serde_json::from_value(serde_json::json!({
                "uuid": "x", "timestamp": "2026-11-25T10:00:00Z",
                "user": {"pk": pk, "first_name": first, "last_name": "", "email": email}
            }))
            .unwrap();
            e.uuid = pk.to_string();
            e
        };
        users.record(&[event(5, "Ada", "ada@x"), event(6, "Adam", "adam@x")]);
        let typed = |user: &str| FormValues {
            user: user.into(),
            ..Default::default()
        };
        let current = q("");
        let applied = |user: &str| apply(&current, &typed(user), &plus2(), &users);
        assert_eq!(applied("adam@x").unwrap().user, Some(6));
        assert_eq!(
            applied("77").unwrap().user,
            Some(77),
            "an id is taken as is"
        );
        let several = applied("ad").unwrap_err();
        assert_eq!(several[0].param, "user");
        assert!(
            several[0].message.contains("matches 2 users"),
            "{}",
            several[0].message
        );
        let unknown = applied("grace").unwrap_err();
        assert!(
            unknown[0].message.contains("type their id"),
            "{}",
            unknown[0].message
        );
    }
}
