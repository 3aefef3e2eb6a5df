//! Ranking a facet, and what its rows show: which facets a summary has and each one's name,
//! columns, note and whether the API can filter by it (`FacetKind`); a facet's top values, most
//! first, only as many built as asked for (`Summary::facet`: a `Facet` of `Row`s, each with its
//! cells and the `Filter` it stands for); the list narrowed to a value (`filter_href`); a value's
//! share of the events read (`share_text` in the CSV, `share_shown` on screen).
//!
//! The facets' names and columns and a row's cells are in the user's language ("(none)", "type
//! 9"), the same on screen and in the CSV; only the numbers differ (the CSV's are locale-free).

use crate::i18n::{m, percent, t, tf, Msg};
use crate::list::query::ListQuery;

use super::counts::{counts, RawPaths, Summary};
use super::keys::Key;

impl Summary {
    /// The facets this summary has: actions only when some event's content named one.
    pub fn facet_kinds(&self) -> Vec<FacetKind> {
        let mut kinds = vec![
            FacetKind::Users,
            FacetKind::ContentTypes,
            FacetKind::Objects,
            FacetKind::Ips,
            FacetKind::Paths,
        ];
        if self.has_actions() {
            kinds.push(FacetKind::Actions);
        }
        kinds
    }

    /// Every facet, every row (the CSV, the tests).
    pub fn facets(&self, label: &dyn Fn(i64) -> Option<String>) -> Vec<Facet> {
        self.facet_kinds()
            .into_iter()
            .map(|k| self.facet(k, label, usize::MAX))
            .collect()
    }

    /// One facet's `limit` top values, ranked (count, most first; then by value), with what a
    /// row shows. Only those rows are built: a facet can have a hundred thousand values.
    pub fn facet(
        &self,
        kind: FacetKind,
        label: &dyn Fn(i64) -> Option<String>,
        limit: usize,
    ) -> Facet {
        let (distinct, rows) = match kind {
            FacetKind::Users => (
                self.users.len(),
                ranked(counts(&self.users), limit)
                    .into_iter()
                    .map(|(k, count)| match k {
                        Key::Value(id) => {
                            let (name, email) =
                                self.user_names.get(id).cloned().unwrap_or_default();
                            let shown = if name.is_empty() {
                                format!("#{id}")
                            } else {
                                name
                            };
                            Row::new(vec![shown, email, id.to_string()], count)
                                .filter(Filter::User(*id))
                        }
                        other => Row::missing(key_label(other, m::SUMMARY__SYSTEM), 3, count),
                    })
                    .collect(),
            ),
            FacetKind::ContentTypes => (
                self.content_types.len(),
                ranked(counts(&self.content_types), limit)
                    .into_iter()
                    .map(|(k, count)| match k {
                        Key::Value(ct) => Row::content_type(label, *ct, count),
                        other => Row::missing(key_label(other, m::SUMMARY__NONE), 2, count),
                    })
                    .collect(),
            ),
            FacetKind::Objects => (
                self.objects.len(),
                ranked(self.objects.iter(), limit)
                    .into_iter()
                    .map(|(k, count)| match &k {
                        Key::Value((Some(ct), o)) => Row::object(label, *ct, *o, count),
                        // No content type: the object id alone would match other types' objects.
                        Key::Value((None, o)) => Row::untyped_object(*o, count),
                        other => Row::missing(key_label(other, m::SUMMARY__NONE), 3, count),
                    })
                    .collect(),
            ),
            FacetKind::Ips => (
                self.ips.len(),
                ranked(self.ips.iter(), limit)
                    .into_iter()
                    .map(|(k, count)| match &k {
                        Key::Value(ip) => Row::new(vec![ip.to_string()], count),
                        other => Row::missing(key_label(other, m::SUMMARY__NONE), 1, count),
                    })
                    .collect(),
            ),
            FacetKind::Paths => (
                self.endpoints.len(),
                ranked(counts(&self.endpoints), limit)
                    .into_iter()
                    .map(|(k, count)| match k {
                        Key::Value(ep) => {
                            let mut row = Row::new(vec![ep.path.clone(), ep.origin.clone()], count);
                            row.raw = Some(self.raw_paths.get(ep).cloned().unwrap_or_default());
                            row
                        }
                        other => Row::missing(key_label(other, m::SUMMARY__NONE), 2, count),
                    })
                    .collect(),
            ),
            FacetKind::Actions => (
                self.actions.len(),
                ranked(counts(&self.actions), limit)
                    .into_iter()
                    .map(|(k, count)| match k {
                        Key::Value(a) => Row::new(vec![a.clone()], count),
                        other => Row::missing(key_label(other, m::SUMMARY__NONE), 1, count),
                    })
                    .collect(),
            ),
        };
        Facet {
            kind,
            rows,
            distinct,
        }
    }
}

/// The placeholder for a value that is missing (`none`: "(none)", or "system" for users) or did
/// not parse ("(unparsed)").
fn key_label<T>(k: &Key<T>, none: Msg) -> Msg {
    match k {
        Key::Unparsed => m::SUMMARY__UNPARSED,
        _ => none,
    }
}

/// The `limit` largest counts, most first, equal counts by value (so they always list in the
/// same order). Keeps only the best `limit` while it looks (a heap with the worst of them on
/// top), so ranking the top ten of a hundred thousand values needs room for ten.
fn ranked<K: Ord>(entries: impl Iterator<Item = (K, u32)>, limit: usize) -> Vec<(K, u32)> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    if limit == 0 {
        return Vec::new();
    }
    // Smaller is better: the larger count, then the smaller value.
    let mut best: BinaryHeap<(Reverse<u32>, K)> =
        BinaryHeap::with_capacity(limit.min(entries.size_hint().0));
    for (k, n) in entries {
        let item = (Reverse(n), k);
        if best.len() < limit {
            best.push(item);
        } else if let Some(mut worst) = best.peek_mut().filter(|worst| item < **worst) {
            *worst = item;
        }
    }
    best.into_sorted_vec()
        .into_iter()
        .map(|(Reverse(n), k)| (k, n))
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FacetKind {
    Users,
    ContentTypes,
    Objects,
    Ips,
    Paths,
    Actions,
}

impl FacetKind {
    /// An id for the table's caption (and its "Show all").
    pub fn id(self) -> &'static str {
        match self {
            FacetKind::Users => "summary-users",
            FacetKind::ContentTypes => "summary-content-types",
            FacetKind::Objects => "summary-objects",
            FacetKind::Ips => "summary-ips",
            FacetKind::Paths => "summary-paths",
            FacetKind::Actions => "summary-actions",
        }
    }

    /// The table's caption and the CSV section's name, in the user's language.
    pub fn name(self) -> &'static str {
        t(match self {
            FacetKind::Users => m::SUMMARY__FACET_USERS,
            FacetKind::ContentTypes => m::SUMMARY__FACET_CONTENT_TYPES,
            FacetKind::Objects => m::SUMMARY__FACET_OBJECTS,
            FacetKind::Ips => m::SUMMARY__FACET_IPS,
            FacetKind::Paths => m::SUMMARY__FACET_PATHS,
            FacetKind::Actions => m::SUMMARY__FACET_ACTIONS,
        })
    }

    /// "Counting users…": what the table says while the API counts it.
    pub fn counting(self) -> &'static str {
        t(match self {
            FacetKind::Users => m::SUMMARY__COUNTING_USERS,
            FacetKind::ContentTypes => m::SUMMARY__COUNTING_CONTENT_TYPES,
            FacetKind::Objects => m::SUMMARY__COUNTING_OBJECTS,
            FacetKind::Ips => m::SUMMARY__COUNTING_IPS,
            FacetKind::Paths => m::SUMMARY__COUNTING_PATHS,
            FacetKind::Actions => m::SUMMARY__COUNTING_ACTIONS,
        })
    }

    /// The columns before "Events" and "Share", in the user's language (the table's and the
    /// CSV's).
    pub fn headers(self) -> Vec<&'static str> {
        let ids: &[Msg] = match self {
            FacetKind::Users => &[
                m::COLUMNS__USER,
                m::SUMMARY__COL_EMAIL,
                m::SUMMARY__COL_USER_ID,
            ],
            FacetKind::ContentTypes => &[m::FILTERS__CONTENT_TYPE, m::SUMMARY__COL_ID],
            FacetKind::Objects => &[
                m::COLUMNS__OBJECT,
                m::SUMMARY__COL_CONTENT_TYPE_ID,
                m::FILTERS__OBJECT_ID,
            ],
            FacetKind::Ips => &[m::COLUMNS__IP],
            FacetKind::Paths => &[m::SUMMARY__COL_PATH, m::SUMMARY__COL_ORIGIN],
            FacetKind::Actions => &[m::SUMMARY__COL_ACTION],
        };
        ids.iter().map(|id| t(*id)).collect()
    }

    /// Whether the API can filter the list by this facet's values.
    pub fn filterable(self) -> bool {
        matches!(
            self,
            FacetKind::Users | FacetKind::ContentTypes | FacetKind::Objects
        )
    }

    /// What a reader should know about the values.
    pub fn note(self) -> &'static str {
        t(match self {
            FacetKind::Users => m::SUMMARY__NOTE_USERS,
            FacetKind::ContentTypes => m::SUMMARY__NOTE_CONTENT_TYPES,
            FacetKind::Objects => m::SUMMARY__NOTE_OBJECTS,
            FacetKind::Ips => m::SUMMARY__NOTE_IPS,
            FacetKind::Paths => m::SUMMARY__NOTE_PATHS,
            FacetKind::Actions => m::SUMMARY__NOTE_ACTIONS,
        })
    }
}

/// A filter a facet's value stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    User(i64),
    ContentType(i64),
    Object(i64, i64),
}

/// The list, narrowed by `filter`: the summary's own filters and time range kept, page 1, the
/// summary closed (the link shows the list). Only ever a path inside the app.
pub fn filter_href(query: &ListQuery, filter: Filter) -> Option<String> {
    let q = match filter {
        Filter::User(u) => query.with_user(u),
        Filter::ContentType(ct) => ListQuery {
            content_type: Some(ct),
            page: 1,
            ..query.clone()
        },
        Filter::Object(ct, o) => query.with_object(Some(ct), Some(o)),
    };
    let href = q.with_panel(None).to_href();
    crate::common::app_path::is_app_path(&href).then_some(href)
}

/// One value of a facet: its cells (the facet's columns, as the screen and the CSV show them),
/// its count, the filter it stands for, and, for a URL path, its raw forms.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub cells: Vec<String>,
    pub count: u32,
    pub filter: Option<Filter>,
    pub raw: Option<RawPaths>,
    /// A value that is missing or did not parse: the first cell is a placeholder ("(none)").
    pub placeholder: bool,
}

impl Row {
    pub(super) fn new(cells: Vec<String>, count: u32) -> Row {
        Row {
            cells,
            count,
            filter: None,
            raw: None,
            placeholder: false,
        }
    }

    pub(super) fn filter(mut self, f: Filter) -> Row {
        self.filter = Some(f);
        self
    }

    /// A value that is missing or did not parse (`label`, a placeholder: "(none)", "(unparsed)",
    /// "system"), in a facet of `columns` columns.
    pub(super) fn missing(label: Msg, columns: usize, count: u32) -> Row {
        let mut cells = vec![t(label).to_string()];
        cells.resize(columns, String::new());
        Row {
            placeholder: true,
            ..Row::new(cells, count)
        }
    }

    /// A content type, named by `label` (else "type 9").
    pub(super) fn content_type(label: &dyn Fn(i64) -> Option<String>, ct: i64, count: u32) -> Row {
        Row::new(vec![type_name(label, ct), ct.to_string()], count).filter(Filter::ContentType(ct))
    }

    /// An object of content type `ct` ("orders.order #77").
    pub(super) fn object(
        label: &dyn Fn(i64) -> Option<String>,
        ct: i64,
        o: i64,
        count: u32,
    ) -> Row {
        let id = o.to_string();
        let name = tf(
            m::LIST__TITLE_TYPE_OBJECT,
            &[("type", &type_name(label, ct)), ("id", &id)],
        );
        Row::new(vec![name, ct.to_string(), id], count).filter(Filter::Object(ct, o))
    }

    /// An object id without a content type.
    pub(super) fn untyped_object(o: i64, count: u32) -> Row {
        let id = o.to_string();
        let name = tf(m::SUMMARY__UNTYPED_OBJECT, &[("id", &id)]);
        Row::new(vec![name, String::new(), id], count)
    }
}

/// A content type's name: its label, else "type 9".
fn type_name(label: &dyn Fn(i64) -> Option<String>, ct: i64) -> String {
    label(ct).unwrap_or_else(|| tf(m::FILTERS__TYPE_NUMBERED, &[("id", &ct.to_string())]))
}

#[derive(Clone, Debug, PartialEq)]
pub struct Facet {
    pub kind: FacetKind,
    /// The top rows asked for.
    pub rows: Vec<Row>,
    /// How many distinct values the facet has in all.
    pub distinct: usize,
}

impl Facet {
    /// Every row's count: the events read.
    pub fn total(&self) -> u64 {
        self.rows.iter().map(|r| r.count as u64).sum()
    }
}

/// `count` of `of` in tenths of a percent, rounded; `None` for no share at all.
fn share_tenths(count: u64, of: u64) -> Option<u64> {
    (of > 0 && count > 0).then(|| (count * 1000 + of / 2) / of)
}

/// The CSV's share: "12.3%"; "<0.1%" for a share too small to show; "0%" for none.
pub fn share_text(count: u64, of: u64) -> String {
    match share_tenths(count, of) {
        None => "0%".into(),
        Some(0) => "<0.1%".into(),
        Some(tenths) => format!("{}.{}%", tenths / 10, tenths % 10),
    }
}

/// The share as the screen shows it, in the user's language: what `share_text` says ("12,3 %",
/// "<%0,1").
pub fn share_shown(count: u64, of: u64) -> String {
    match share_tenths(count, of) {
        None => percent(0.0, 0),
        Some(0) => tf(m::SUMMARY__SHARE_TINY, &[("share", &percent(0.001, 1))]),
        Some(tenths) => percent(tenths as f64 / 1000.0, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Brief;
    use crate::list::summary::tests::{ev, label};
    use serde_json::json;

    #[test]
    fn the_top_rows_are_the_same_as_the_first_of_all() {
        let mut s = Summary::default();
        let events: Vec<Brief> = (0..300)
            .map(|i| {
                ev(
                    &format!("e{i}"),
                    json!({"remote_addr": format!("10.0.{}.{}", i % 7, (i * i) % 37)}),
                )
            })
            .collect();
        s.fold_page(&events, 1000);
        let all = s.facet(FacetKind::Ips, &label, usize::MAX);
        for limit in [0, 1, 3, 10, all.rows.len(), all.rows.len() + 5] {
            let top = s.facet(FacetKind::Ips, &label, limit);
            assert_eq!(
                top.rows,
                all.rows[..limit.min(all.rows.len())].to_vec(),
                "top {limit}"
            );
            assert_eq!(top.distinct, all.rows.len());
        }
        assert!(all.rows.windows(2).all(|w| w[0].count >= w[1].count));
    }

    #[test]
    fn rows_and_columns_say_placeholders_and_unnamed_types_in_words() {
        // Natively the catalog is English.
        assert_eq!(FacetKind::Users.headers(), ["User", "Email", "User ID"]);
        assert_eq!(
            FacetKind::Paths.headers(),
            ["Path (ids as {id})", "Scheme and host"]
        );
        assert_eq!(FacetKind::Ips.name(), "IP addresses");
        assert_eq!(FacetKind::Ips.counting(), "Counting IP addresses…");
        let rows = [
            Row::missing(m::SUMMARY__NONE, 3, 1),
            Row::missing(m::SUMMARY__UNPARSED, 1, 1),
            Row::missing(m::SUMMARY__SYSTEM, 3, 1),
            Row::content_type(&label, 9, 1),
            Row::content_type(&label, 6, 1),
            Row::object(&label, 9, 77, 1),
            Row::untyped_object(4, 1),
            Row::new(vec!["10.0.0.1".into()], 1),
        ];
        assert_eq!(rows[0].cells, ["(none)", "", ""]);
        assert_eq!(rows[1].cells, ["(unparsed)"]);
        assert_eq!(rows[2].cells, ["system", "", ""]);
        assert_eq!(rows[3].cells, ["type 9", "9"]);
        assert_eq!(rows[4].cells, ["orders.order", "6"]);
        assert_eq!(rows[5].cells, ["type 9 #77", "9", "77"]);
        assert_eq!(rows[6].cells, ["#4 (no content type)", "", "4"]);
        let placeholders: Vec<bool> = rows.iter().map(|r| r.placeholder).collect();
        assert_eq!(
            placeholders,
            [true, true, true, false, false, false, false, false]
        );
    }

    #[test]
    fn filter_links_narrow_the_list_and_close_the_summary() {
        let q = ListQuery::parse(
            "user=3&timestamp__lte=2026-11-25T14%3A02%3A11Z&sort=url&page=4&tz=utc&panel=summary",
        )
        .0;
        assert_eq!(
            filter_href(&q, Filter::User(5)).unwrap(),
            "/?user=5&timestamp__lte=2026-11-25T14%3A02%3A11Z&sort=url&tz=utc"
        );
        assert_eq!(
            filter_href(&q, Filter::ContentType(6)).unwrap(),
            "/?user=3&content_type=6&timestamp__lte=2026-11-25T14%3A02%3A11Z&sort=url&tz=utc"
        );
        assert_eq!(
            filter_href(&q, Filter::Object(6, 77)).unwrap(),
            "/?user=3&content_type=6&object_id=77&timestamp__lte=2026-11-25T14%3A02%3A11Z&sort=url&tz=utc"
        );
    }
}
