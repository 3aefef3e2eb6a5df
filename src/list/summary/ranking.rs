//! Ranking a facet, and what its rows show: which facets a summary has and each one's title,
//! columns, note and whether the API can filter by it (`FacetKind`); a facet's top values, most
//! first, only as many built as asked for (`Summary::facet`: a `Facet` of `Row`s, each with its
//! cells and the `Filter` it stands for); the list narrowed to a value (`filter_href`); a value's
//! share of the events read (`share_text`).

use crate::list::query::ListQuery;

use super::counts::{counts, RawPaths, Summary};
use super::keys::Key;
use super::{NONE_LABEL, SYSTEM_LABEL, UNPARSED_LABEL};

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
        let type_name = |ct: i64| label(ct).unwrap_or_else(|| format!("type {ct}"));
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
                        other => Row::new(
                            vec![key_label(other, SYSTEM_LABEL), String::new(), String::new()],
                            count,
                        ),
                    })
                    .collect(),
            ),
            FacetKind::ContentTypes => (
                self.content_types.len(),
                ranked(counts(&self.content_types), limit)
                    .into_iter()
                    .map(|(k, count)| match k {
                        Key::Value(ct) => Row::new(vec![type_name(*ct), ct.to_string()], count)
                            .filter(Filter::ContentType(*ct)),
                        other => Row::new(vec![key_label(other, NONE_LABEL), String::new()], count),
                    })
                    .collect(),
            ),
            FacetKind::Objects => (
                self.objects.len(),
                ranked(self.objects.iter(), limit)
                    .into_iter()
                    .map(|(k, count)| match &k {
                        Key::Value((Some(ct), o)) => Row::new(
                            vec![
                                format!("{} #{o}", type_name(*ct)),
                                ct.to_string(),
                                o.to_string(),
                            ],
                            count,
                        )
                        .filter(Filter::Object(*ct, *o)),
                        // No content type: the object id alone would match other types' objects.
                        Key::Value((None, o)) => Row::new(
                            vec![
                                format!("#{o} (no content type)"),
                                String::new(),
                                o.to_string(),
                            ],
                            count,
                        ),
                        other => Row::new(
                            vec![key_label(other, NONE_LABEL), String::new(), String::new()],
                            count,
                        ),
                    })
                    .collect(),
            ),
            FacetKind::Ips => (
                self.ips.len(),
                ranked(self.ips.iter(), limit)
                    .into_iter()
                    .map(|(k, count)| {
                        let text = match &k {
                            Key::Value(ip) => ip.to_string(),
                            other => key_label(other, NONE_LABEL),
                        };
                        Row::new(vec![text], count)
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
                        other => Row::new(vec![key_label(other, NONE_LABEL), String::new()], count),
                    })
                    .collect(),
            ),
            FacetKind::Actions => (
                self.actions.len(),
                ranked(counts(&self.actions), limit)
                    .into_iter()
                    .map(|(k, count)| {
                        let text = match k {
                            Key::Value(a) => a.clone(),
                            other => key_label(other, NONE_LABEL),
                        };
                        Row::new(vec![text], count)
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

fn key_label<T>(k: &Key<T>, none: &str) -> String {
    match k {
        Key::Unparsed => UNPARSED_LABEL.into(),
        _ => none.into(),
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
    /// The table's caption and the CSV section's name.
    pub fn title(self) -> &'static str {
        match self {
            FacetKind::Users => "Users",
            FacetKind::ContentTypes => "Content types",
            FacetKind::Objects => "Objects",
            FacetKind::Ips => "IP addresses",
            FacetKind::Paths => "URL paths",
            FacetKind::Actions => "Actions",
        }
    }

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

    /// The columns before "Events" and "Share".
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            FacetKind::Users => &["User", "Email", "User ID"],
            FacetKind::ContentTypes => &["Content type", "ID"],
            FacetKind::Objects => &["Object", "Content type ID", "Object ID"],
            FacetKind::Ips => &["IP address"],
            FacetKind::Paths => &["Path (ids as {id})", "Scheme and host"],
            FacetKind::Actions => &["Action"],
        }
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
        match self {
            FacetKind::Users => "A user links to the list narrowed to their events; “system” is events without a user.",
            FacetKind::ContentTypes => "A content type links to the list narrowed to it.",
            FacetKind::Objects => "An object links to the list narrowed to it.",
            FacetKind::Ips => "The API cannot filter by IP address: these values are not links.",
            FacetKind::Paths => "The API cannot filter by URL: these values are not links. Numeric and UUID path segments are counted as {id}.",
            FacetKind::Actions => "From each event's content.action. The API cannot filter by action: these values are not links.",
        }
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

/// One value of a facet: its cells (the facet's columns), its count, the filter it stands for,
/// and, for a URL path, its raw forms.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub cells: Vec<String>,
    pub count: u32,
    pub filter: Option<Filter>,
    pub raw: Option<RawPaths>,
}

impl Row {
    pub(super) fn new(cells: Vec<String>, count: u32) -> Row {
        Row {
            cells,
            count,
            filter: None,
            raw: None,
        }
    }
    pub(super) fn filter(mut self, f: Filter) -> Row {
        self.filter = Some(f);
        self
    }
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

/// "12.3%"; "<0.1%" for a share too small to show; "0%" for none.
pub fn share_text(count: u64, of: u64) -> String {
    if of == 0 || count == 0 {
        return "0%".into();
    }
    let tenths = (count * 1000 + of / 2) / of;
    if tenths == 0 {
        return "<0.1%".into();
    }
    format!("{}.{}%", tenths / 10, tenths % 10)
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
