//! The summary of a filtered set: who, what, from where and when, over every event the filters
//! match. Two sources: an API that aggregates (config.json `api_features.facets`, the Django
//! package) counts the whole set in the database, one request per table (`aggregates`); a plain
//! API has no aggregation, so the set is read in pages of 500 (the newest `summary_max_events`
//! at most) and each page is folded into counts as it arrives, then dropped (`pages`): memory
//! grows with the number of distinct values, never with a list of events.
//!
//! - Facets, each ranked by count: users ("system" for none), content types, objects (content
//!   type + id), IP addresses, URL paths (scheme and host apart from the path, numeric and UUID
//!   segments folded to `{id}`, the first raw paths of each kept), and actions (`content.action`).
//!   Values the API can filter by (user, content type, object) carry that filter.
//! - When: events per 15-minute slot (UTC), so the hour × day-of-week grid is worked out for any
//!   zone without reading the set again; the first and last event.
//! - Bad input is never dropped: a missing value counts as "(none)", one that does not parse as
//!   "(unparsed)", so every facet adds up to the events read (property-tested below).
//! - The summary as CSV, one section per facet, cells guarded as the export guards them: a
//!   report a person reads, so in the user's language like the panel (`crate::i18n`), its
//!   numbers locale-free (plain counts, "50.0%" shares, RFC 3339 times) for other programs.
//!
//! This folder, every file pure with native tests beside its code but `panel`:
//! - `keys`: what a facet counts a value as (`Key`, `Endpoint`): addresses, URLs and their
//!   paths folded, actions, text clipped.
//! - `counts`: what is counted (`Summary`): each facet's counts, packed for the biggest, the
//!   15-minute slots, the first and last event.
//! - `pages`: one source of the counts: the list's pages read `SUMMARY_PAGE_SIZE` at a time,
//!   each folded in and dropped, repeats counted once.
//! - `aggregates`: the other: the API's facets, grid and span requests and their answers read
//!   into the same rows (`FacetAnswer`), and what a refused question says in place.
//! - `ranking`: the facets (`FacetKind`), their top rows (`Facet`, `Row`), the filter link a
//!   value carries (`filter_href`), shares.
//! - `heat_map`: the hour × day-of-week grid in a zone, its days and shades.
//! - `progress`: the heading and the progress line.
//! - `csv`: a summary as CSV (`Digest`: what either source shows) and its file name.
//! - `panel` (wasm32): runs either source and draws the tables.
//!
//! Here: the constants the files share, what the folder offers (re-exported, so every item is
//! `list::summary::X`), the tests' shared events and the properties that hold across the files.
//!
//! May use: `app`, `api`, `browser`, `common`, `list`'s query and export (its formula guard and
//! file name).

#[cfg(target_arch = "wasm32")]
mod aggregated;
mod aggregates;
mod counts;
mod csv;
mod heat_map;
mod keys;
mod pages;
#[cfg(target_arch = "wasm32")]
pub mod panel;
mod progress;
mod ranking;

pub use aggregates::{
    facet_answer, facet_params, grid_answer, refusal_text, slot_name, span_answer, Asked, Board,
    FacetAnswer, Shape, ALL_KINDS, GRID, SPAN,
};
pub use counts::{RawPaths, Span, Stamp, Summary};
pub use csv::{file_name, to_csv, write_csv, CsvContext, Digest};
pub use heat_map::{heat_level, DAY_NAMES};
pub use keys::{action_key, endpoint_key, fold_path, ip_key, split_url, Endpoint, Key};
pub use pages::{pages_for, target, SUMMARY_PAGE_SIZE};
pub use progress::{heading, progress_text, Progress};
pub use ranking::{filter_href, share_shown, share_text, Facet, FacetKind, Filter, Row};

/// Rows a facet shows before "Show all".
pub const TOP: usize = 10;
/// Raw paths kept per endpoint (the first distinct ones read, i.e. the newest).
pub const RAW_PATHS_KEPT: usize = 20;

#[cfg(test)]
mod tests {
    //! What the files' tests share (events as the summary reads them, a content type's label),
    //! and the properties that hold across all of them.

    use super::*;
    use crate::api::{Brief, Event};
    use serde_json::{json, Value};

    /// An event as the list decodes it, then as the summary reads it.
    fn event(v: Value) -> Brief {
        Brief::from(&serde_json::from_value::<Event>(v).unwrap())
    }

    /// An event with this uuid, at Monday 2026-11-23 10:15 UTC unless `extra` says otherwise.
    pub(super) fn ev(uuid: &str, extra: Value) -> Brief {
        let mut v = json!({"uuid": uuid, "timestamp": "2026-11-23T10:15:00Z"});
        if let (Value::Object(m), Value::Object(x)) = (&mut v, extra) {
            m.extend(x);
        }
        event(v)
    }

    /// Content type 6 is `orders.order`; the others have no label.
    pub(super) fn label(ct: i64) -> Option<String> {
        (ct == 6).then(|| "orders.order".to_string())
    }

    /// Every row of one facet.
    pub(super) fn facet(s: &Summary, kind: FacetKind) -> Facet {
        s.facet(kind, &label, usize::MAX)
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use crate::common::time::Fixed;
        use proptest::prelude::*;
        use std::collections::HashSet;

        fn odd_value() -> impl Strategy<Value = Value> {
            prop_oneof![
                Just(Value::Null),
                any::<i64>().prop_map(Value::from),
                any::<bool>().prop_map(Value::Bool),
                ".{0,40}".prop_map(Value::String),
                "(https?|ftp|javascript)://[a-zA-Z0-9.:@-]{0,12}(/[a-z0-9{}%-]{0,8}){0,4}(\\?.{0,6})?"
                    .prop_map(Value::String),
                "[0-9a-f:.]{0,20}".prop_map(Value::String),
                prop::collection::vec(any::<u8>(), 0..3).prop_map(|v| json!(v)),
                ".{0,12}".prop_map(|a| json!({"action": a})),
                any::<i64>().prop_map(|a| json!({"action": a})),
                (any::<i64>(), ".{0,10}", ".{0,10}")
                    .prop_map(|(pk, e, n)| json!({"pk": pk, "email": e, "first_name": n})),
            ]
        }

        fn any_event() -> impl Strategy<Value = Value> {
            (
                "[a-f0-9]{1,6}",
                prop_oneof![
                    "2026-1[01]-[0-2][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,6})?(Z|[+-]0[0-9]:[03]0)",
                    ".{0,30}"
                ],
                prop::collection::vec(odd_value(), 6),
            )
                .prop_map(|(uuid, ts, v)| {
                    json!({"uuid": uuid, "timestamp": ts, "user": v[0], "remote_addr": v[1],
                        "url": v[2], "content_type": v[3], "object_id": v[4], "content": v[5]})
                })
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

            /// Whatever the events, every facet adds up to the events read, the grid to those
            /// with a time, and nothing panics (the API client drops what does not decode as an
            /// event; everything that does is folded).
            #[test]
            fn every_facet_adds_up_to_the_events_read(values in prop::collection::vec(any_event(), 0..60), cap in 1u64..80) {
                let events: Vec<Brief> = values.into_iter().filter_map(|v| serde_json::from_value::<Event>(v).ok()).map(|e| Brief::from(&e)).collect();
                let mut s = Summary::default();
                s.fold_page(&events, cap);
                let distinct: HashSet<&str> = events.iter().map(|e| e.uuid.as_str()).collect();
                prop_assert!(s.read() <= cap);
                prop_assert_eq!(s.read(), (distinct.len() as u64).min(cap));
                for f in s.facets(&label) {
                    prop_assert_eq!(f.total(), s.read(), "{:?}", f.kind);
                    if let Some(paths) = (f.kind == FacetKind::Paths).then_some(&f) {
                        for r in &paths.rows {
                            if let Some(raw) = &r.raw {
                                let kept: u32 = raw.kept.iter().map(|(_, n)| n).sum();
                                prop_assert_eq!(kept + raw.others, r.count);
                            }
                        }
                    }
                }
                let grid: u64 = s.week_grid(&Fixed::utc()).iter().flatten().map(|n| *n as u64).sum();
                prop_assert_eq!(grid + s.unparsed_times() as u64, s.read());
                let text = to_csv(&s, &CsvContext { heading: "h", filters: "", matching: s.read(), zone: &Fixed::utc(), zone_name: "UTC", label: &label });
                prop_assert!(text.ends_with("\r\n"));
            }

            #[test]
            fn any_url_splits_and_folds_without_panic(url in ".{0,80}") {
                let (key, raw) = endpoint_key(Some(&url));
                if let Key::Value(ep) = key {
                    prop_assert!(ep.path.starts_with('/'));
                    prop_assert!(raw.is_some());
                    prop_assert!(!ep.origin.contains('@'));
                }
                let folded = fold_path(&url);
                prop_assert_eq!(folded.split('/').count(), url.split('/').count());
            }
        }
    }
}
