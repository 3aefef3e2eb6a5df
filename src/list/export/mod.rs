//! Export of the whole filtered set: the file formats, the file name, and the progress
//! arithmetic (retries follow the API client's one policy, `api::retry`). Pure; `panel` drives the requests.
//!
//! - CSV (RFC 4180, CRLF): one column per field, nested JSON as compact JSON text, times in ISO
//!   8601 UTC, and cells a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first)
//!   prefixed with `'`.
//! - NDJSON: one event per line, exactly as the API sent it (unknown fields included).
//! - Sensitive values are masked (see `mask`) unless the user chose to reveal them.
//!
//! This folder: formats and arithmetic here (native), the panel that drives the requests in
//! `panel` (wasm32). May use: `app`, `api`, `browser`, `common`, `list`'s query.

#[cfg(target_arch = "wasm32")]
pub mod panel;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::Value;

use crate::api::{Event, UserRef};
use crate::common::format::parse_timestamp;
use crate::common::mask::masked;
use crate::i18n::{m, number, tf, tn};
use crate::list::query::ListQuery;

/// Events per request: the API's usual cap.
pub const EXPORT_PAGE_SIZE: u32 = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Ndjson,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Ndjson => "ndjson",
        }
    }
    pub fn mime(self) -> &'static str {
        match self {
            Format::Csv => "text/csv;charset=utf-8",
            Format::Ndjson => "application/x-ndjson",
        }
    }
    /// What starts the file: the CSV header row; nothing for NDJSON.
    pub fn preamble(self) -> String {
        match self {
            Format::Csv => csv_line(CSV_COLUMNS.iter().map(|c| c.to_string())),
            Format::Ndjson => String::new(),
        }
    }
    /// One event as its line(s) in this format.
    pub fn record(self, event: &Event, reveal: bool) -> String {
        match self {
            Format::Csv => csv_row(event, reveal),
            Format::Ndjson => ndjson_line(event, reveal),
        }
    }
}

pub const CSV_COLUMNS: [&str; 15] = [
    "uuid",
    "timestamp",
    "user_id",
    "user_email",
    "user_first_name",
    "user_last_name",
    "remote_addr",
    "url",
    "query_params",
    "post_data",
    "headers",
    "content_type",
    "object_id",
    "content",
    "other_fields",
];

/// A cell as a spreadsheet must read it: as text, never as a formula.
pub fn guard_formula(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// RFC 4180 quoting: quotes around a cell with a comma, quote or line break, quotes doubled;
/// a cell a spreadsheet would run as a formula is guarded first. (The summary's CSV uses it too.)
pub fn csv_cell(s: &str) -> String {
    let guarded = guard_formula(s);
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

fn csv_line(cells: impl Iterator<Item = String>) -> String {
    let mut line = cells.map(|c| csv_cell(&c)).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

/// ISO 8601 in UTC, keeping the API's precision; the raw text when it does not parse.
pub fn utc_iso(s: &str) -> String {
    parse_timestamp(s)
        .map(|t| t.to_rfc3339_opts(SecondsFormat::AutoSi, true))
        .unwrap_or_else(|| s.to_string())
}

fn json_cell(v: &Value, reveal: bool) -> String {
    match v {
        Value::Null => String::new(),
        v if reveal => v.to_string(),
        v => masked(v).to_string(),
    }
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

pub fn csv_row(e: &Event, reveal: bool) -> String {
    let (id, email, first, last) = match &e.user {
        UserRef::System => (String::new(), String::new(), String::new(), String::new()),
        UserRef::Id(id) => (id.to_string(), String::new(), String::new(), String::new()),
        UserRef::Full(u) => (
            u.pk.to_string(),
            u.email.clone(),
            u.first_name.clone(),
            u.last_name.clone(),
        ),
    };
    let other = if e.other.is_empty() {
        String::new()
    } else {
        json_cell(&Value::Object(e.other.clone()), reveal)
    };
    csv_line(
        [
            e.uuid.clone(),
            utc_iso(&e.timestamp),
            id,
            email,
            first,
            last,
            opt(&e.remote_addr),
            opt(&e.url),
            json_cell(&e.query_params, reveal),
            json_cell(&e.post_data, reveal),
            json_cell(&e.headers, reveal),
            opt(&e.content_type),
            opt(&e.object_id),
            json_cell(&e.content, reveal),
            other,
        ]
        .into_iter(),
    )
}

pub fn ndjson_line(e: &Event, reveal: bool) -> String {
    let mut value = serde_json::to_value(e).unwrap_or(Value::Null);
    if !reveal {
        if let Value::Object(map) = &mut value {
            for key in ["query_params", "post_data", "headers", "content"] {
                if let Some(v) = map.get_mut(key) {
                    *v = masked(v);
                }
            }
            // Fields this version does not know are flattened in beside the known ones.
            for key in e.other.keys() {
                if let Some(v) = map.get_mut(key) {
                    *v = masked(v);
                }
            }
        }
    }
    let mut line = value.to_string();
    line.push('\n');
    line
}

/// Counts the events in a streamed export as its chunks arrive (`list::export::panel`, the API's
/// `export/` endpoint): NDJSON one a line; CSV one a record — a line break inside a quoted cell
/// (a URL or a name can hold one) is not a record's end — the header row not counted.
#[derive(Clone, Debug)]
pub struct RecordCounter {
    csv: bool,
    in_quotes: bool,
    records: u64,
}

impl RecordCounter {
    pub fn new(format: Format) -> RecordCounter {
        RecordCounter {
            csv: format == Format::Csv,
            in_quotes: false,
            records: 0,
        }
    }

    /// Reads the next chunk (chunks may split a record anywhere, even a `""` escape: a quote
    /// toggles the state either way).
    pub fn feed(&mut self, chunk: &[u8]) {
        for &b in chunk {
            match b {
                b'"' if self.csv => self.in_quotes = !self.in_quotes,
                b'\n' if !self.in_quotes => self.records += 1,
                _ => {}
            }
        }
    }

    /// The events read so far (complete records).
    pub fn events(&self) -> u64 {
        if self.csv {
            self.records.saturating_sub(1)
        } else {
            self.records
        }
    }
}

/// Whether the API's streamed export can write this file: it offers the format, the list is in
/// time order (the stream reads by time), and the secrets stay masked (the API always masks).
pub fn streams(offered: &[String], format: Format, reveal: bool, q: &ListQuery) -> bool {
    offered.iter().any(|f| f == format.extension())
        && !reveal
        && matches!(
            q.sort.as_deref(),
            None | Some("-timestamp") | Some("timestamp")
        )
}

/// The streamed export's parameters: the list's filters and order, and the format.
pub fn stream_params(q: &ListQuery, format: Format) -> Vec<(&'static str, String)> {
    let mut p = q.to_api_params(EXPORT_PAGE_SIZE);
    p.retain(|(k, _)| !matches!(*k, "limit" | "page"));
    p.push(("as", format.extension().to_string()));
    p
}

/// Only characters every file system and mail client accepts.
fn file_safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// `audit-events_user-12_2026-11-01..2026-11-25.csv`: the filters, then the time range as the
/// dates the URL's bounds fall on (in the offsets the user chose), or the export time when the
/// range is open at both ends.
pub fn file_name(q: &ListQuery, format: Format, exported_at: DateTime<Utc>) -> String {
    let mut parts = vec!["audit-events".to_string()];
    if let Some(u) = q.user {
        parts.push(format!("user-{u}"));
    }
    if let Some(ct) = q.content_type {
        parts.push(format!("type-{ct}"));
    }
    if let Some(o) = q.object_id {
        parts.push(format!("object-{o}"));
    }
    let date = |v: &str| v.get(..10).unwrap_or(v).to_string();
    let range = match (q.time("timestamp"), q.lower_bound(), q.upper_bound()) {
        (Some(exact), _, _) => exact.get(..19).unwrap_or(exact).replace(':', "-"),
        (None, Some((_, lo)), Some((_, hi))) if date(lo) == date(hi) => date(lo),
        (None, Some((_, lo)), Some((_, hi))) => format!("{}..{}", date(lo), date(hi)),
        (None, Some((_, lo)), None) => format!("{}..", date(lo)),
        (None, None, Some((_, hi))) => format!("..{}", date(hi)),
        (None, None, None) => format!(
            "as-of-{}",
            &crate::common::time::wall_clock_text(exported_at.naive_utc(), false)[..10]
        ),
    };
    parts.push(range);
    format!("{}.{}", file_safe(&parts.join("_")), format.extension())
}

/// "12,500 of 100,000 events · 2,100 events/s · about 42 s left".
pub fn progress_text(done: u64, total: u64, elapsed_ms: f64) -> String {
    let mut parts = vec![tn(m::EXPORT__PROGRESS, total, &[("done", &number(done))])];
    if done > 0 && elapsed_ms >= 500.0 {
        let rate = done as f64 / (elapsed_ms / 1000.0);
        parts.push(tf(
            m::EXPORT__RATE,
            &[("rate", &number(rate.round() as u64))],
        ));
        let left = total.saturating_sub(done) as f64 / rate;
        if done < total {
            parts.push(tf(m::EXPORT__TIME_LEFT, &[("time", &duration_words(left))]));
        }
    }
    parts.join(" · ")
}

fn duration_words(secs: f64) -> String {
    let s = secs.ceil() as u64;
    let pair = |larger: String, smaller: String| {
        tf(
            m::EXPORT__DURATION_PAIR,
            &[("larger", &larger), ("smaller", &smaller)],
        )
    };
    match s {
        0..=59 => tn(m::TIMELINE__SECONDS, s, &[]),
        60..=3599 => pair(
            tn(m::TIMELINE__MINUTES, s / 60, &[]),
            tn(m::TIMELINE__SECONDS, s % 60, &[]),
        ),
        _ => pair(
            tn(m::TIMELINE__HOURS, s / 3600, &[]),
            tn(m::TIMELINE__MINUTES, (s % 3600) / 60, &[]),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_streamed_file_is_counted_by_records_whatever_the_chunks() {
        let events: Vec<Event> = (0..3)
            .map(|i| {
                let mut e = sample();
                e.url = Some(format!("https://h/a\r\nb \"{i}\""));
                e
            })
            .collect();
        for format in [Format::Csv, Format::Ndjson] {
            let file: String = std::iter::once(format.preamble())
                .chain(events.iter().map(|e| format.record(e, false)))
                .collect();
            for size in [1, 2, 3, 7, 64, file.len()] {
                let mut counter = RecordCounter::new(format);
                for chunk in file.as_bytes().chunks(size) {
                    counter.feed(chunk);
                }
                assert_eq!(counter.events(), 3, "{format:?} in chunks of {size}");
            }
            let mut half = RecordCounter::new(format);
            half.feed(&file.as_bytes()[..file.len() - 3]);
            assert_eq!(half.events(), 2, "an unfinished record is not counted");
        }
    }

    #[test]
    fn the_stream_serves_time_ordered_masked_files_it_offers() {
        let offered = vec!["ndjson".to_string(), "csv".to_string()];
        let q = ListQuery::parse("?user=5&sort=timestamp").0;
        assert!(streams(&offered, Format::Csv, false, &q));
        assert!(!streams(&offered, Format::Csv, true, &q), "the API masks");
        assert!(!streams(&["ndjson".to_string()], Format::Csv, false, &q));
        assert!(!streams(&[], Format::Ndjson, false, &q));
        let by_user = ListQuery::parse("?sort=user").0;
        assert!(!streams(&offered, Format::Ndjson, false, &by_user));
        let p = stream_params(
            &ListQuery::parse("?user=5&page=3&limit=25").0,
            Format::Ndjson,
        );
        assert!(p.contains(&("user", "5".to_string())));
        assert!(p.contains(&("as", "ndjson".to_string())));
        assert!(!p.iter().any(|(k, _)| matches!(*k, "limit" | "page")));
    }

    /// The cases the Django package's streamed export is held to as well
    /// (integrations/django/tests/test_scale_api.py): the same events give the same CSV row and
    /// the same masked NDJSON object on both sides.
    #[test]
    fn export_cases_shared_with_the_django_package() {
        let corpus: Value =
            serde_json::from_str(include_str!("export_cases.json")).expect("valid JSON");
        let cases = corpus["cases"].as_array().expect("a list of cases");
        assert!(cases.len() >= 4);
        for case in cases {
            let e = event(case["event"].clone());
            assert_eq!(
                csv_row(&e, false),
                case["csv"].as_str().expect("csv text"),
                "{}",
                e.uuid
            );
            let line: Value = serde_json::from_str(&ndjson_line(&e, false)).expect("a JSON line");
            assert_eq!(line, case["ndjson"], "{}", e.uuid);
        }
    }

    fn event(v: Value) -> Event {
        serde_json::from_value(v).unwrap()
    }

    fn sample() -> Event {
        event(json!({
            "uuid": "ffa8c5c5-1b50-4edb-88da-bb8c6298d3e9",
            "timestamp": "2026-11-25T20:39:55.610351+01:00",
            "user": {"pk": 1, "email": "ada@example.com", "first_name": "Ada", "last_name": "L, \"the\" first"},
            "remote_addr": "10.0.0.236",
            "url": "=HYPERLINK(\"http://evil\")",
            "query_params": {"page": "2"},
            "post_data": null,
            "headers": {"Authorization": "Token abc", "User-Agent": "x\ny"},
            "content_type": 3,
            "object_id": 341,
            "content": {"changes": {"price": [12, 49]}},
            "severity": "high"
        }))
    }

    #[test]
    fn csv_row_has_one_column_per_field_in_utc_with_formulas_defused() {
        let row = csv_row(&sample(), false);
        assert!(row.ends_with("\r\n"));
        assert_eq!(
            row,
            "ffa8c5c5-1b50-4edb-88da-bb8c6298d3e9,2026-11-25T19:39:55.610351Z,1,ada@example.com,Ada,\
             \"L, \"\"the\"\" first\",10.0.0.236,\"'=HYPERLINK(\"\"http://evil\"\")\",\
             \"{\"\"page\"\":\"\"2\"\"}\",,\"{\"\"Authorization\"\":\"\"••••••••\"\",\"\"User-Agent\"\":\"\"x\\ny\"\"}\",\
             3,341,\"{\"\"changes\"\":{\"\"price\"\":[12,49]}}\",\"{\"\"severity\"\":\"\"high\"\"}\"\r\n"
        );
        assert!(
            csv_row(&sample(), true).contains("Token abc"),
            "revealed on request"
        );
        assert_eq!(
            Format::Csv.preamble().trim_end().split(',').count(),
            CSV_COLUMNS.len()
        );
    }

    #[test]
    fn every_formula_trigger_is_prefixed() {
        for s in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(guard_formula(s), format!("'{s}"));
        }
        for s in ["1", "a=b", "", "'x", "{\"a\":1}"] {
            assert_eq!(guard_formula(s), s);
        }
    }

    #[test]
    fn a_system_event_has_empty_user_cells() {
        let e = event(json!({"uuid": "u", "timestamp": "bad", "user": null, "content": "-x"}));
        // 11 empty cells between the time and the content; a JSON string starts with a quote,
        // which no spreadsheet runs.
        let expected = format!("u,bad{},\"\"\"-x\"\"\",\r\n", ",".repeat(11));
        assert_eq!(csv_row(&e, false), expected);
    }

    #[test]
    fn ndjson_keeps_every_field_and_masks_secrets() {
        let line = ndjson_line(&sample(), false);
        assert!(line.ends_with('\n') && !line.trim_end().contains('\n'));
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["headers"]["Authorization"], crate::common::mask::MASK);
        assert_eq!(v["headers"]["User-Agent"], "x\ny");
        assert_eq!(v["severity"], "high");
        assert_eq!(v["user"]["pk"], 1);
        assert_eq!(
            v["timestamp"], "2026-11-25T20:39:55.610351+01:00",
            "as sent"
        );
        let revealed: Value = serde_json::from_str(&ndjson_line(&sample(), true)).unwrap();
        assert_eq!(revealed["headers"]["Authorization"], "Token abc");
    }

    #[test]
    fn files_are_named_after_filters_and_range() {
        let at = parse_timestamp("2026-11-25T14:00:00Z").unwrap();
        let q = |s: &str| ListQuery::parse(s).0;
        assert_eq!(
            file_name(
                &q("user=12&timestamp__gte=2026-11-01T00%3A00%3A00%2B01%3A00&timestamp__lte=2026-11-25T14%3A02%3A11Z"),
                Format::Csv,
                at
            ),
            "audit-events_user-12_2026-11-01..2026-11-25.csv"
        );
        assert_eq!(
            file_name(&q("content_type=3&object_id=9"), Format::Ndjson, at),
            "audit-events_type-3_object-9_as-of-2026-11-25.ndjson"
        );
        assert_eq!(
            file_name(
                &q("timestamp__lte=2026-11-25T14%3A02%3A11Z"),
                Format::Csv,
                at
            ),
            "audit-events_..2026-11-25.csv"
        );
        assert_eq!(
            file_name(
                &q("timestamp__gte=2026-11-25T00%3A00%3A00Z&timestamp__lt=2026-11-25T12%3A00%3A00Z"),
                Format::Csv,
                at
            ),
            "audit-events_2026-11-25.csv"
        );
        assert_eq!(
            file_name(&q("timestamp=2026-11-25T14%3A02%3A11Z"), Format::Csv, at),
            "audit-events_2026-11-25T14-02-11.csv"
        );
    }

    #[test]
    fn progress_reads_like_a_person_would_say_it() {
        assert_eq!(progress_text(0, 100_000, 0.0), "0 of 100,000 events");
        assert_eq!(
            progress_text(12_500, 100_000, 5_000.0),
            "12,500 of 100,000 events · 2,500 events/s · about 35 s left"
        );
        assert_eq!(
            progress_text(100, 100, 1_000.0),
            "100 of 100 events · 100 events/s"
        );
    }
}
