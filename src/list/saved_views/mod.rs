//! Saved views: named list queries, kept per browser and shared as a JSON file.
//!
//! A view is a list query string (filters, time range, order, page size), always re-read through
//! `ListQuery`, so an imported file can only ever produce an ordinary list link. A time range can
//! be kept relative (`range=24h`: "the last 24 hours when opened") or as the fixed instants.
//!
//! This folder: the rules here (native), the menu in `menu` (wasm32).
//! May use: `app`, `browser`, `common`, `list`'s query.

#[cfg(target_arch = "wasm32")]
pub mod menu;

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use crate::common::format::parse_timestamp;
use crate::common::time::Preset;
use crate::i18n::{m, number, split, t, tf, tn};
use crate::list::query::ListQuery;

/// The longest name kept; longer ones are cut.
pub const MAX_NAME: usize = 120;
/// Marks an export file as ours (and its version).
const FORMAT_KEY: &str = "audit_console_saved_views";

#[derive(Clone, Debug, PartialEq)]
pub struct SavedView {
    pub name: String,
    /// The list query string, without page and display zone.
    pub query: String,
}

impl SavedView {
    /// The list link that opens this view.
    pub fn href(&self) -> String {
        if self.query.is_empty() {
            "/".into()
        } else {
            format!("/?{}", self.query)
        }
    }
}

/// What a view shows, in words ("user 5 · last 24 hours"), for the list of views.
pub fn describe(view: &SavedView, label: &dyn Fn(i64) -> Option<String>) -> String {
    let title = crate::list::query::page_title(&ListQuery::parse(&view.query).0, label);
    // The title is "{view} — Audit Console" in the language shown: the view's part of it.
    let [before, after] = split(m::PAGE_TITLE__LIST, "view");
    let inner = title.strip_prefix(before).unwrap_or(&title);
    inner.strip_suffix(after).unwrap_or(inner).to_string()
}

/// A name as kept: trimmed, control characters dropped, at most `MAX_NAME` characters.
pub fn clean_name(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .chars()
        .take(MAX_NAME)
        .collect()
}

/// The preset a range reads as, if it may be kept relative: an upper bound `timestamp__lte`
/// near `now` (the list's pin) and either no lower bound ("all time") or a lower bound a preset's
/// length before it. `None` for fixed windows such as yesterday 10:00–11:00.
pub fn relative_range(q: &ListQuery, now: DateTime<Utc>) -> Option<Preset> {
    if let Some(p) = q.range {
        return Some(p);
    }
    let (param, hi) = q.upper_bound()?;
    let hi = parse_timestamp(hi).filter(|_| param == "timestamp__lte")?;
    let preset = match q.lower_bound() {
        None => Preset::All,
        Some(("timestamp__gte", lo)) => {
            let length = hi - parse_timestamp(lo)?;
            Preset::ALL.into_iter().find(|p| {
                p.duration()
                    .is_some_and(|d| (length - d).num_seconds().abs() <= 1)
            })?
        }
        Some(_) => return None,
    };
    let recent = preset
        .duration()
        .unwrap_or_default()
        .max(Duration::hours(1));
    (now - hi <= recent).then_some(preset)
}

/// The view of a list query: page 1, no display zone, and the time range either relative
/// (`keep_relative`, when it reads as a preset) or fixed as it is.
pub fn view_query(q: &ListQuery, relative: Option<Preset>) -> String {
    // A view is its filters, order and size: not the page, the zone or an open panel.
    let mut v = ListQuery {
        page: 1,
        tz: None,
        panel: None,
        ..q.clone()
    };
    if let Some(p) = relative {
        v.times.clear();
        v.range = Some(p);
    }
    v.to_query_string()
}

/// Adds a view, or replaces the query of the view with that name.
pub fn upsert(views: &mut Vec<SavedView>, view: SavedView) {
    match views.iter_mut().find(|v| v.name == view.name) {
        Some(existing) => existing.query = view.query,
        None => views.push(view),
    }
}

/// Renames view `index`; refused (with why) for an empty name or one another view has.
pub fn rename(views: &mut [SavedView], index: usize, name: &str) -> Result<(), String> {
    let name = clean_name(name);
    if name.is_empty() {
        return Err(t(m::SAVED__NEEDS_NAME).into());
    }
    if views
        .iter()
        .enumerate()
        .any(|(i, v)| i != index && v.name == name)
    {
        return Err(tf(m::SAVED__NAME_TAKEN, &[("name", &name)]));
    }
    match views.get_mut(index) {
        Some(v) => {
            v.name = name;
            Ok(())
        }
        None => Err(t(m::SAVED__GONE).into()),
    }
}

/// The browser's stored list (a JSON array); unreadable entries are left out.
pub fn from_storage(text: &str) -> Vec<SavedView> {
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|v| read_view(v).ok())
        .collect()
}

pub fn to_storage(views: &[SavedView]) -> String {
    Value::Array(views.iter().map(view_json).collect()).to_string()
}

/// The file a team shares: `{"audit_console_saved_views": 1, "views": [...]}`, pretty-printed.
pub fn to_export_file(views: &[SavedView]) -> String {
    let file = json!({ FORMAT_KEY: 1, "views": views.iter().map(view_json).collect::<Vec<_>>() });
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

fn view_json(v: &SavedView) -> Value {
    json!({ "name": v.name, "query": v.query })
}

/// One entry of a file or the store, checked: a name, and a query the list reads without problems.
fn read_view(v: &Value) -> Result<SavedView, String> {
    let name = clean_name(v.get("name").and_then(Value::as_str).unwrap_or(""));
    if name.is_empty() {
        return Err(t(m::SAVED__ENTRY_NO_NAME).into());
    }
    let raw = v.get("query").and_then(Value::as_str).unwrap_or("");
    let (q, problems) = ListQuery::parse(raw);
    if let Some(p) = problems.first() {
        return Err(tf(
            m::SAVED__ENTRY_PROBLEM,
            &[("name", &name), ("problem", &p.message)],
        ));
    }
    Ok(SavedView {
        name,
        query: view_query(&q, None),
    })
}

/// What an import did, for the message under the button.
#[derive(Debug, Default, PartialEq)]
pub struct ImportReport {
    pub added: usize,
    /// Same name and query as one already here.
    pub unchanged: usize,
    /// Same name, another query: added under a new name ("Name (2)").
    pub renamed: usize,
    /// Entries that were not views, with why.
    pub skipped: Vec<String>,
}

impl ImportReport {
    /// "Imported 2 views, 1 renamed because the name was taken, 1 already here. Skipped 1: …."
    pub fn message(&self) -> String {
        let mut parts = tn(m::SAVED__IMPORTED, self.added as u64, &[]);
        for (n, part) in [
            (self.renamed, m::SAVED__IMPORTED_RENAMED),
            (self.unchanged, m::SAVED__IMPORTED_UNCHANGED),
        ] {
            if n > 0 {
                let part = tn(part, n as u64, &[]);
                parts = tf(
                    m::SAVED__IMPORT_PARTS,
                    &[("parts", &parts), ("part", &part)],
                );
            }
        }
        let text = tf(m::SAVED__IMPORT_REPORT, &[("parts", &parts)]);
        match self.skipped.split_first() {
            None => text,
            Some((first, rest)) => {
                let reasons = rest.iter().fold(first.clone(), |reasons, reason| {
                    tf(
                        m::SAVED__SKIP_REASONS,
                        &[("reasons", &reasons), ("reason", reason)],
                    )
                });
                tn(
                    m::SAVED__IMPORT_SKIPPED,
                    self.skipped.len() as u64,
                    &[("report", &text), ("reasons", &reasons)],
                )
            }
        }
    }
}

/// Merges an export file into `views`. The whole file is refused (with why) when it is not one.
pub fn import(views: &mut Vec<SavedView>, text: &str) -> Result<ImportReport, String> {
    let file: Value = serde_json::from_str(text).map_err(|_| t(m::SAVED__NOT_JSON).to_string())?;
    let entries = match (&file, file.get("views")) {
        (Value::Array(items), _) => items.clone(),
        (_, Some(Value::Array(items))) if file.get(FORMAT_KEY).is_some() => items.clone(),
        _ => return Err(t(m::SAVED__NOT_AN_EXPORT).into()),
    };
    let mut report = ImportReport::default();
    for (i, entry) in entries.iter().enumerate() {
        let view = match read_view(entry) {
            Ok(v) => v,
            Err(why) => {
                report.skipped.push(tf(
                    m::SAVED__SKIP_ENTRY,
                    &[("number", &number(i as u64 + 1)), ("why", &why)],
                ));
                continue;
            }
        };
        match views.iter().find(|v| v.name == view.name) {
            Some(same) if same.query == view.query => report.unchanged += 1,
            Some(_) => {
                let name = (2..)
                    .map(|n| format!("{} ({n})", view.name))
                    .find(|n| !views.iter().any(|v| &v.name == n))
                    .unwrap_or_default();
                views.push(SavedView { name, ..view });
                report.renamed += 1;
                report.added += 1;
            }
            None => {
                views.push(view);
                report.added += 1;
            }
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        parse_timestamp(s).unwrap()
    }

    fn q(s: &str) -> ListQuery {
        ListQuery::parse(s).0
    }

    #[test]
    fn a_saved_view_keeps_the_filters_not_the_page_zone_or_open_summary() {
        let view = view_query(
            &q("user=5&page=3&tz=utc&panel=summary&sort=object_id"),
            None,
        );
        assert_eq!(view, "user=5&sort=object_id");
    }

    #[test]
    fn a_recent_preset_range_can_stay_relative_a_fixed_window_cannot() {
        let now = at("2026-11-25T12:00:00Z");
        let last_day =
            q("user=5&timestamp__gte=2026-11-24T11:30:00Z&timestamp__lte=2026-11-25T11:30:00Z");
        assert_eq!(relative_range(&last_day, now), Some(Preset::Hours24));
        // The pin alone: "everything up to when it is opened".
        assert_eq!(
            relative_range(&q("timestamp__lte=2026-11-25T11:59:00Z"), now),
            Some(Preset::All)
        );
        // A window that only happens to be an hour long, from last week.
        let window = q("timestamp__gte=2026-11-18T10:00:00Z&timestamp__lte=2026-11-18T11:00:00Z");
        assert_eq!(relative_range(&window, now), None);
        // An arbitrary length, or a strict bound, is a fixed range.
        assert_eq!(
            relative_range(
                &q("timestamp__gte=2026-11-25T09:17:00Z&timestamp__lte=2026-11-25T11:59:00Z"),
                now
            ),
            None
        );
        assert_eq!(
            relative_range(&q("timestamp__lt=2026-11-25T11:59:00Z"), now),
            None
        );
        assert_eq!(relative_range(&q(""), now), None);
    }

    #[test]
    fn a_view_keeps_filters_and_order_but_not_page_or_zone() {
        let list = q("user=5&timestamp__gte=2026-11-24T11:30:00Z&timestamp__lte=2026-11-25T11:30:00Z&sort=url&page=4&tz=utc");
        assert_eq!(
            view_query(&list, Some(Preset::Hours24)),
            "user=5&range=24h&sort=url"
        );
        assert_eq!(
            view_query(&list, None),
            "user=5&timestamp__gte=2026-11-24T11%3A30%3A00Z&timestamp__lte=2026-11-25T11%3A30%3A00Z&sort=url"
        );
        let v = SavedView {
            name: "x".into(),
            query: "user=5&range=24h".into(),
        };
        assert_eq!(v.href(), "/?user=5&range=24h");
        assert_eq!(describe(&v, &|_| None), "user 5 · last 24 hours");
    }

    #[test]
    fn names_are_cleaned_and_renames_checked() {
        assert_eq!(clean_name("  Fraud\u{0}\n sweep  "), "Fraud sweep");
        assert_eq!(clean_name(&"x".repeat(500)).len(), MAX_NAME);
        let mut views = vec![
            SavedView {
                name: "a".into(),
                query: "user=1".into(),
            },
            SavedView {
                name: "b".into(),
                query: "user=2".into(),
            },
        ];
        assert!(rename(&mut views, 0, "  ").is_err());
        assert_eq!(
            rename(&mut views, 0, "b"),
            Err("Another view is already called “b”.".into())
        );
        assert_eq!(rename(&mut views, 0, " c "), Ok(()));
        assert_eq!(views[0].name, "c");
        upsert(
            &mut views,
            SavedView {
                name: "b".into(),
                query: "user=3".into(),
            },
        );
        assert_eq!(views.len(), 2);
        assert_eq!(views[1].query, "user=3");
    }

    #[test]
    fn export_then_import_round_trips() {
        let views = vec![
            SavedView {
                name: "Admins today".into(),
                query: "user=1&range=24h".into(),
            },
            SavedView {
                name: "Order 77".into(),
                query: "content_type=3&object_id=77&sort=timestamp".into(),
            },
        ];
        let mut into = Vec::new();
        let report = import(&mut into, &to_export_file(&views)).unwrap();
        assert_eq!(into, views);
        assert_eq!(report.message(), "Imported 2 views.");
        assert_eq!(from_storage(&to_storage(&views)), views);
    }

    #[test]
    fn import_merges_by_name_and_skips_what_is_not_a_view() {
        let mut views = vec![
            SavedView {
                name: "A".into(),
                query: "user=1".into(),
            },
            SavedView {
                name: "B".into(),
                query: "user=2".into(),
            },
        ];
        let file = r#"{"audit_console_saved_views":1,"views":[
            {"name":"A","query":"user=1"},
            {"name":"B","query":"user=9"},
            {"name":"","query":"user=3"},
            {"name":"Bad","query":"user=x"},
            {"name":"Sneaky","query":"javascript:alert(1)&user=4&page=3&tz=utc"},
            7
        ]}"#;
        let report = import(&mut views, file).unwrap();
        assert_eq!(report.added, 2);
        assert_eq!(report.unchanged, 1);
        assert_eq!(report.renamed, 1);
        assert_eq!(report.skipped.len(), 3);
        assert_eq!(
            views[2],
            SavedView {
                name: "B (2)".into(),
                query: "user=9".into()
            }
        );
        // Only list parameters survive: the link is an ordinary list URL.
        assert_eq!(views[3].href(), "/?user=4");
        assert!(report.message().starts_with("Imported 2 views, 1 renamed because the name was taken, 1 already here. Skipped 3: entry 3: it has no name; entry 4: “Bad”: "));
    }

    #[test]
    fn files_that_are_not_exports_are_refused_whole() {
        let mut views = Vec::new();
        assert!(import(&mut views, "not json")
            .unwrap_err()
            .contains("not JSON"));
        assert!(import(&mut views, r#"{"views": 3}"#)
            .unwrap_err()
            .contains("not a saved-views export"));
        assert!(import(&mut views, r#"{"name":"x"}"#).is_err());
        assert!(views.is_empty());
        assert!(from_storage("{").is_empty());
    }
}
