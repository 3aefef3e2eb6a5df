//! The summary as CSV (RFC 4180, CRLF): what was read, then one section per facet with every
//! value, the raw paths, the hour × day grid and the first and last event, each cell guarded as
//! the export guards it (`to_csv`); the file named like the export of the same set
//! (`file_name`).
//!
//! A report an auditor reads: its words are the user's language, the screen's where the screen
//! says the same (the heading, the facets' names and columns, "(none)", the days). Its numbers
//! stay for other programs: counts in plain digits, shares as "50.0%", times in RFC 3339 and the
//! zone's own notation, the filters as the URL's query.

use chrono::{DateTime, Utc};

use crate::common::time::{display_in, offset_label, ZoneRules};
use crate::i18n::{m, t, tf, tn};
use crate::list::export::csv_cell;
use crate::list::query::ListQuery;

use super::counts::{Stamp, Summary};
use super::heat_map::DAY_NAMES;
use super::ranking::{share_text, Facet, FacetKind};
use super::RAW_PATHS_KEPT;

fn csv_line<S: AsRef<str>>(out: &mut String, cells: &[S]) {
    let line = cells
        .iter()
        .map(|c| csv_cell(c.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str(&line);
    out.push_str("\r\n");
}

/// What a CSV of the summary says about itself.
pub struct CsvContext<'a> {
    /// The heading the panel shows (`heading`, `Board::heading`).
    pub heading: &'a str,
    /// The list's filters, as the URL has them.
    pub filters: &'a str,
    pub matching: u64,
    pub zone: &'a dyn ZoneRules,
    /// "UTC" or the browser's zone name, for the grid's section.
    pub zone_name: &'a str,
    pub label: &'a dyn Fn(i64) -> Option<String>,
}

/// What a summary shows, whichever source counted it (`pages` or the API's `aggregates`): the
/// facets' rows, the hour × day grid in the CSV's zone, the first and last event.
pub struct Digest<'a> {
    /// Events counted: read from the pages, or the API's total.
    pub read: u64,
    /// Events the API sent twice across pages (counted once).
    pub repeated: u64,
    pub facets: &'a [Facet],
    pub grid: Option<[[u32; 24]; 7]>,
    pub unparsed_times: u32,
    /// Time and uuid (empty when the source does not name the event).
    pub first: Option<&'a Stamp>,
    pub last: Option<&'a Stamp>,
}

/// The summary read from pages as CSV: every value of every facet, not only the top ten.
pub fn to_csv(s: &Summary, cx: &CsvContext) -> String {
    let facets = s.facets(cx.label);
    let (first, last) = s.first_last();
    write_csv(
        &Digest {
            read: s.read(),
            repeated: s.repeated(),
            facets: &facets,
            grid: Some(s.week_grid(cx.zone)),
            unparsed_times: s.unparsed_times(),
            first,
            last,
        },
        cx,
    )
}

/// A summary as CSV (RFC 4180, CRLF): what was counted, then one section per facet (the rows it
/// has), the raw paths (when kept), the hour × day grid and the first and last event.
pub fn write_csv(d: &Digest, cx: &CsvContext) -> String {
    let mut out = String::new();
    let read = d.read;
    csv_line(&mut out, &[t(m::SUMMARY__CSV_TITLE), cx.heading]);
    csv_line(&mut out, &[t(m::SUMMARY__CSV_FILTERS), cx.filters]);
    csv_line(
        &mut out,
        &[t(m::SUMMARY__CSV_MATCHING), &cx.matching.to_string()],
    );
    csv_line(&mut out, &[t(m::SUMMARY__CSV_READ), &read.to_string()]);
    if d.repeated > 0 {
        csv_line(
            &mut out,
            &[t(m::SUMMARY__CSV_REPEATED), &d.repeated.to_string()],
        );
    }
    let events = t(m::SUMMARY__COL_EVENTS);
    let facets = d.facets;
    for f in facets {
        out.push_str("\r\n");
        csv_line(&mut out, &[f.kind.name()]);
        let mut header = f.kind.headers();
        header.extend([events, t(m::SUMMARY__COL_SHARE)]);
        csv_line(&mut out, &header);
        for r in &f.rows {
            let mut cells = r.cells.clone();
            cells.push(r.count.to_string());
            cells.push(share_text(r.count as u64, read));
            csv_line(&mut out, &cells);
        }
    }
    let raw_kept =
        |f: &&Facet| f.kind == FacetKind::Paths && f.rows.iter().any(|r| r.raw.is_some());
    if let Some(paths) = facets.iter().find(raw_kept) {
        out.push_str("\r\n");
        csv_line(
            &mut out,
            &[tn(m::SUMMARY__CSV_RAW_PATHS, RAW_PATHS_KEPT as u64, &[])],
        );
        let mut header = FacetKind::Paths.headers();
        header.extend([t(m::SUMMARY__CSV_RAW_PATH), events]);
        csv_line(&mut out, &header);
        for r in &paths.rows {
            let Some(raw) = &r.raw else { continue };
            for (p, n) in &raw.kept {
                csv_line(&mut out, &[&r.cells[0], &r.cells[1], p, &n.to_string()]);
            }
            if raw.others > 0 {
                csv_line(
                    &mut out,
                    &[
                        &r.cells[0],
                        &r.cells[1],
                        t(m::SUMMARY__CSV_OTHER_PATHS),
                        &raw.others.to_string(),
                    ],
                );
            }
        }
    }
    if let Some(grid) = d.grid {
        out.push_str("\r\n");
        csv_line(
            &mut out,
            &[tf(m::SUMMARY__CSV_GRID, &[("zone", cx.zone_name)])],
        );
        let mut header = vec![t(m::SUMMARY__CSV_DAY).to_string()];
        header.extend((0..24).map(|h| format!("{h:02}:00")));
        csv_line(&mut out, &header);
        for (day, hours) in DAY_NAMES.iter().zip(grid) {
            let mut cells = vec![t(*day).to_string()];
            cells.extend(hours.iter().map(u32::to_string));
            csv_line(&mut out, &cells);
        }
    }
    if d.unparsed_times > 0 {
        csv_line(
            &mut out,
            &[
                t(m::SUMMARY__CSV_UNPARSED_TIMES),
                &d.unparsed_times.to_string(),
            ],
        );
    }
    out.push_str("\r\n");
    csv_line(
        &mut out,
        &[
            t(m::SUMMARY__CSV_FIRST_LAST),
            t(m::SUMMARY__CSV_TIME_UTC),
            t(m::SUMMARY__CSV_TIME),
            "uuid",
        ],
    );
    for (name, e) in [
        (m::SUMMARY__CSV_FIRST, d.first),
        (m::SUMMARY__CSV_LAST, d.last),
    ] {
        if let Some((at, uuid)) = e {
            let utc = at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
            let local = format!(
                "{} {}",
                display_in(*at, cx.zone),
                offset_label(*at, cx.zone)
            );
            csv_line(&mut out, &[t(name), &utc, &local, uuid]);
        }
    }
    out
}

/// `audit-summary_user-12_2026-11-01..2026-11-25.csv`: named like the export of the same set.
pub fn file_name(q: &ListQuery, at: DateTime<Utc>) -> String {
    let events = crate::list::export::file_name(q, crate::list::export::Format::Csv, at);
    match events.strip_prefix("audit-events") {
        Some(rest) => format!("audit-summary{rest}"),
        None => events,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::format::parse_timestamp;
    use crate::common::time::Fixed;
    use crate::list::summary::tests::{ev, label};
    use serde_json::json;

    #[test]
    fn csv_has_a_section_per_facet_and_no_formulas() {
        let mut s = Summary::default();
        s.fold(&ev("a", json!({"user": {"pk": 1, "email": "=cmd|' /C calc'!A0", "first_name": "+Ada", "last_name": ""},
            "url": "https://x.example/a,b/\"q\"", "content": {"action": "@SUM(A1)"}})));
        s.fold(&ev("b", json!({"content_type": 6, "object_id": 9})));
        let text = to_csv(
            &s,
            &CsvContext {
                heading: "Summary of 2 events",
                filters: "user=1",
                matching: 2,
                zone: &Fixed::utc(),
                zone_name: "UTC",
                label: &label,
            },
        );
        assert!(
            text.starts_with("Audit Console summary,Summary of 2 events\r\nfilters,user=1\r\nevents matching,2\r\nevents read,2\r\n\r\nUsers\r\n"),
            "{text}"
        );
        assert!(text.ends_with("\r\n"));
        for section in [
            "\r\nUsers\r\nUser,Email,User ID,Events,Share\r\n",
            "\r\nContent types\r\n",
            "\r\nObjects\r\n",
            "orders.order #9,6,9,1,50.0%\r\n",
            "\r\nIP addresses\r\nIP address,Events,Share\r\n(none),2,100.0%\r\n",
            "\r\nURL paths\r\n",
            "\r\nActions\r\n",
            "\r\nRaw URL paths (the first 20 distinct of each path)\r\nPath (ids as {id}),Scheme and host,raw path,Events\r\n",
            "Events by day of week and hour of day (UTC)\r\nday,00:00,",
            "\r\nMonday,0,0,0,0,0,0,0,0,0,0,2,",
            "\r\nFirst and last event,time (UTC),time,uuid\r\n",
            "first,2026-11-23T10:15:00Z,2026-11-23 10:15:00 UTC,a\r\n",
        ] {
            assert!(text.contains(section), "{section:?} in\n{text}");
        }
        assert!(
            text.contains("'+Ada,'=cmd|' /C calc'!A0,1,1,50.0%"),
            "{text}"
        );
        assert!(text.contains("'@SUM(A1),1,50.0%"));
        assert!(text.contains("\"/a,b/\"\"q\"\"\""), "quoted: {text}");
    }

    #[test]
    fn summary_files_are_named_like_exports() {
        let at = parse_timestamp("2026-11-25T14:00:00Z").unwrap();
        let q = ListQuery::parse("user=12&timestamp__lte=2026-11-25T14%3A02%3A11Z&panel=summary").0;
        assert_eq!(file_name(&q, at), "audit-summary_user-12_..2026-11-25.csv");
    }
}
