//! The timeline histogram's arithmetic: which buckets cover a time range, and the exact API time
//! bounds of each, so that the buckets' counts add up to the list's count.
//!
//! Against a plain API each bucket is one count probe (`limit=1`, reading `count`); an API with
//! the histogram endpoint (config.json `api_features`) counts them all in one request
//! (`histogram_params`).
//! Buckets have a "nice" width (1 min, 15 min, 6 h, 1 day…) aligned to UTC multiples of it, so
//! their edges read well; the first and last are clipped to the range and carry the range's own
//! bounds (`timestamp__gt` stays `gt`, `timestamp__lte` stays `lte`), so no event is counted twice
//! or missed at the edges.
//!
//! This folder: the arithmetic here (native), the chart in `chart` (wasm32).
//! May use: `app`, `api`, `browser`, `common`, `list`'s query.

pub mod cache;
#[cfg(target_arch = "wasm32")]
pub mod chart;

use chrono::{DateTime, Duration, SecondsFormat, Utc};

use crate::common::format::parse_timestamp;
use crate::i18n::{m, tn};

/// At most this many bars by default (config.json `timeline_max_buckets`); the width ladder below
/// keeps it at or above `MIN_BUCKETS` (or the configured maximum, if lower).
pub const MAX_BUCKETS: i64 = 60;
pub const MIN_BUCKETS: i64 = 24;

/// Widths in seconds; each step at most 2.5× the last, so some width gives 24–60 buckets.
const LADDER: [i64; 24] = [
    1,
    2,
    5,
    10,
    15,
    30,
    60,
    2 * 60,
    5 * 60,
    10 * 60,
    15 * 60,
    30 * 60,
    3600,
    2 * 3600,
    3 * 3600,
    6 * 3600,
    12 * 3600,
    86_400,
    2 * 86_400,
    5 * 86_400,
    10 * 86_400,
    20 * 86_400,
    50 * 86_400,
    100 * 86_400,
];

/// One bar: its instants, and the API time parameters that select exactly its events.
#[derive(Clone, Debug, PartialEq)]
pub struct Bucket {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub lower: (&'static str, String),
    pub upper: (&'static str, String),
}

/// An instant as bucket edges carry it in the URL: UTC, fractions only when present.
pub fn edge(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// The buckets covering `lower`..`upper` (API time parameters with their values), at most
/// `max_buckets` of them. `None` when a bound does not parse or the range is empty or reversed.
pub fn plan(
    lower: (&'static str, &str),
    upper: (&'static str, &str),
    max_buckets: i64,
) -> Option<Vec<Bucket>> {
    let max = max_buckets.max(1);
    let min = MIN_BUCKETS.min(max);
    let start = parse_timestamp(lower.1)?;
    let end = parse_timestamp(upper.1)?;
    if end <= start {
        return None;
    }
    let span_ms = (end - start).num_milliseconds().max(1);
    let equal_divisions = |n: i64| -> Vec<DateTime<Utc>> {
        let step = span_ms / n;
        (0..n)
            .map(|i| start + Duration::milliseconds(step * i))
            .chain([end])
            .collect()
    };
    // The smallest nice width that, aligned to UTC, needs no more than `max` bars.
    let nice = LADDER.iter().map(|s| s * 1000).find(|w| {
        let aligned = start.timestamp_millis().div_euclid(*w) * w;
        (end.timestamp_millis() - aligned + w - 1) / w <= max
    });
    let mut edges = match nice {
        Some(width) => {
            let mut edges = vec![start];
            let mut t = start.timestamp_millis().div_euclid(width) * width + width;
            while t < end.timestamp_millis() {
                edges.push(DateTime::from_timestamp_millis(t)?);
                t += width;
            }
            edges.push(end);
            edges
        }
        // Beyond the ladder (centuries).
        None => equal_divisions(max),
    };
    // A range of a few seconds, or one clipped badly by alignment, can come out with few bars;
    // equal divisions read better then.
    if (edges.len() as i64 - 1) < min && span_ms >= min {
        edges = equal_divisions(min);
    }
    let last = edges.len() - 2;
    Some(
        edges
            .windows(2)
            .enumerate()
            .map(|(i, w)| Bucket {
                start: w[0],
                end: w[1],
                lower: if i == 0 {
                    (lower.0, lower.1.to_string())
                } else {
                    ("timestamp__gte", edge(w[0]))
                },
                upper: if i == last {
                    (upper.0, upper.1.to_string())
                } else {
                    ("timestamp__lt", edge(w[1]))
                },
            })
            .collect(),
    )
}

/// The one histogram request for these buckets, when the API has the endpoint (config.json
/// `api_features.histogram`): the list's filters (`limit` and `page` dropped), the range's own
/// bounds, so `gt` and `lte` at the ends mean what they say, and the edges — each bucket's start,
/// then the last one's end. The API counts `edges[i] <= t < edges[i + 1]`, so an inclusive upper
/// bound (`lte`) puts the last edge one microsecond later (the API's timestamps have
/// microseconds), and the bound itself still leaves out what lies beyond. `None` for no buckets.
///
/// With `steps` (the API takes `start` + `steps`, `api_features.histogram.steps`) and more than
/// `COMPACT_FROM` buckets, the edges go compactly — a spelled-out edge is ~27 bytes of URL, and
/// 150 of them pass a proxy's request-line limit (gunicorn: 4,094 bytes): the first edge rounded
/// down and the last up to whole seconds (the range's own bounds still cut exactly), the widths
/// between as `Wxn` runs. Only when every interior edge is on a whole second (the nice widths
/// are; equal divisions of a short range may not be).
pub fn histogram_params(
    mut filters: Vec<(&'static str, String)>,
    buckets: &[Bucket],
    steps: bool,
) -> Option<Vec<(&'static str, String)>> {
    let (first, last) = (buckets.first()?, buckets.last()?);
    let end = if last.upper.0 == "timestamp__lte" {
        last.end + Duration::microseconds(1)
    } else {
        last.end
    };
    filters.retain(|(k, _)| !matches!(*k, "limit" | "page"));
    filters.push(first.lower.clone());
    filters.push(last.upper.clone());
    let compact = (steps && buckets.len() > COMPACT_FROM)
        .then(|| compact_edges(buckets, end))
        .flatten();
    match compact {
        Some((start, runs)) => {
            filters.push(("start", start));
            filters.push(("steps", runs));
        }
        None => {
            let edges: Vec<String> = buckets
                .iter()
                .map(|b| edge(b.start))
                .chain([edge(end)])
                .collect();
            filters.push(("edges", edges.join(",")));
        }
    }
    Some(filters)
}

/// Above this many buckets the histogram's edges go as `start` + `steps` when the API takes it.
pub const COMPACT_FROM: usize = 100;

/// `(start, "W1xN1,W2,…")`: whole seconds, the first edge rounded down, the last up.
fn compact_edges(buckets: &[Bucket], end: DateTime<Utc>) -> Option<(String, String)> {
    let whole = |t: DateTime<Utc>| t.timestamp_subsec_nanos() == 0;
    if !buckets.iter().skip(1).all(|b| whole(b.start)) {
        return None;
    }
    let first = buckets.first()?.start.timestamp();
    let last = end.timestamp() + i64::from(!whole(end));
    let edges: Vec<i64> = std::iter::once(first)
        .chain(buckets.iter().skip(1).map(|b| b.start.timestamp()))
        .chain([last])
        .collect();
    let mut runs: Vec<(i64, u32)> = Vec::new();
    for w in edges.windows(2) {
        let width = w[1] - w[0];
        if width <= 0 {
            return None;
        }
        match runs.last_mut() {
            Some((run_width, n)) if *run_width == width => *n += 1,
            _ => runs.push((width, 1)),
        }
    }
    let text = runs
        .iter()
        .map(|(w, n)| {
            if *n == 1 {
                w.to_string()
            } else {
                format!("{w}x{n}")
            }
        })
        .collect::<Vec<_>>()
        .join(",");
    Some((edge(DateTime::from_timestamp(first, 0)?), text))
}

/// The range selected by dragging from bar `a` to bar `b` (either order): the first bar's lower
/// bound and the last bar's upper bound.
pub fn selection(buckets: &[Bucket], a: usize, b: usize) -> Option<Bucket> {
    let (from, to) = (a.min(b), a.max(b));
    let first = buckets.get(from)?;
    let last = buckets.get(to)?;
    Some(Bucket {
        start: first.start,
        end: last.end,
        lower: first.lower.clone(),
        upper: last.upper.clone(),
    })
}

/// The width of the buckets in words, for the chart's description ("15 min", "1 day").
pub fn width_label(buckets: &[Bucket]) -> String {
    let Some(b) = buckets.get(1).or(buckets.first()) else {
        return String::new();
    };
    let s = (b.end - b.start).num_seconds().max(0) as u64;
    match s {
        s if s % 86_400 == 0 && s > 0 => tn(m::TIMELINE__DAYS, s / 86_400, &[]),
        s if s % 3600 == 0 && s > 0 => tn(m::TIMELINE__HOURS, s / 3600, &[]),
        s if s % 60 == 0 && s > 0 => tn(m::TIMELINE__MINUTES, s / 60, &[]),
        s => tn(m::TIMELINE__SECONDS, s, &[]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_of(lower: &str, upper: &str) -> Vec<Bucket> {
        plan(
            ("timestamp__gte", lower),
            ("timestamp__lte", upper),
            MAX_BUCKETS,
        )
        .unwrap()
    }

    #[test]
    fn a_day_has_half_hour_buckets_aligned_to_the_clock() {
        let b = plan_of("2026-11-24T14:02:11Z", "2026-11-25T14:02:11Z");
        assert!((24..=60).contains(&(b.len() as i64)), "{}", b.len());
        assert_eq!(
            b[0].lower,
            ("timestamp__gte", "2026-11-24T14:02:11Z".into())
        );
        assert_eq!(b[0].upper, ("timestamp__lt", "2026-11-24T14:30:00Z".into()));
        assert_eq!(
            b[1].lower,
            ("timestamp__gte", "2026-11-24T14:30:00Z".into())
        );
        let last = b.last().unwrap();
        assert_eq!(
            last.upper,
            ("timestamp__lte", "2026-11-25T14:02:11Z".into())
        );
        assert_eq!(width_label(&b), "30 min");
    }

    #[test]
    fn buckets_tile_the_range_without_gaps_or_overlaps() {
        for (lo, hi) in [
            ("2026-11-25T14:00:00Z", "2026-11-25T14:15:00Z"),
            ("2026-08-27T00:00:00Z", "2026-11-25T14:02:11.5Z"),
            ("2026-11-25T14:00:00Z", "2026-11-25T14:00:03Z"),
            ("1990-01-01T00:00:00Z", "2026-11-25T00:00:00Z"),
            ("2026-11-25T10:00:00+05:30", "2026-11-26T00:00:00-08:00"),
        ] {
            let b = plan_of(lo, hi);
            assert!(b.len() as i64 <= MAX_BUCKETS, "{lo}..{hi}: {}", b.len());
            assert!(
                b.len() as i64 >= MIN_BUCKETS.min(3),
                "{lo}..{hi}: {}",
                b.len()
            );
            for pair in b.windows(2) {
                assert_eq!(pair[0].end, pair[1].start);
                assert_eq!(pair[0].upper.0, "timestamp__lt");
                assert_eq!(pair[1].lower.0, "timestamp__gte");
                assert_eq!(pair[0].upper.1, pair[1].lower.1, "one edge, two sides");
            }
            assert_eq!(b[0].lower.1, lo);
            assert_eq!(b.last().unwrap().upper.1, hi);
        }
    }

    #[test]
    fn the_ranges_own_operators_are_kept_at_the_edges() {
        let b = plan(
            ("timestamp__gt", "2026-11-25T00:00:00Z"),
            ("timestamp__lt", "2026-11-26T00:00:00Z"),
            MAX_BUCKETS,
        )
        .unwrap();
        assert_eq!(b[0].lower.0, "timestamp__gt");
        assert_eq!(b.last().unwrap().upper.0, "timestamp__lt");
        assert_eq!(b.len(), 48, "30-minute buckets for a whole day");
    }

    #[test]
    fn a_smaller_budget_of_buckets_gives_wider_ones() {
        let day = (
            ("timestamp__gte", "2026-11-25T00:00:00Z"),
            ("timestamp__lte", "2026-11-26T00:00:00Z"),
        );
        let b = plan(day.0, day.1, 12).unwrap();
        assert_eq!(b.len(), 12, "2-hour buckets for a whole day");
        assert_eq!(b[0].end - b[0].start, Duration::hours(2));
        for max in [1, 5, 10, 24, 30, 100] {
            let n = plan(day.0, day.1, max).unwrap().len() as i64;
            assert!(n <= max.max(1), "{max}: {n}");
        }
    }

    #[test]
    fn empty_reversed_or_unreadable_ranges_have_no_buckets() {
        let at = "2026-11-25T00:00:00Z";
        let plan = |l, u| plan(l, u, MAX_BUCKETS);
        assert_eq!(plan(("timestamp__gte", at), ("timestamp__lte", at)), None);
        assert_eq!(
            plan(
                ("timestamp__gte", "2026-11-26T00:00:00Z"),
                ("timestamp__lte", at)
            ),
            None
        );
        assert_eq!(
            plan(("timestamp__gte", "soon"), ("timestamp__lte", at)),
            None
        );
    }

    #[test]
    fn one_histogram_request_covers_every_bucket_with_the_ranges_own_bounds() {
        let b = plan(
            ("timestamp__gt", "2026-11-25T00:00:00.5Z"),
            ("timestamp__lte", "2026-11-26T00:00:00Z"),
            MAX_BUCKETS,
        )
        .unwrap();
        let filters = vec![("user", "7".to_string()), ("limit", "1".to_string())];
        let p = histogram_params(filters, &b, false).unwrap();
        assert_eq!(p[0], ("user", "7".to_string()));
        assert!(!p.iter().any(|(k, _)| *k == "limit"));
        assert!(p.contains(&("timestamp__gt", "2026-11-25T00:00:00.5Z".to_string())));
        assert!(p.contains(&("timestamp__lte", "2026-11-26T00:00:00Z".to_string())));
        let edges = &p.iter().find(|(k, _)| *k == "edges").unwrap().1;
        let edges: Vec<&str> = edges.split(',').collect();
        assert_eq!(edges.len(), b.len() + 1, "one more edge than buckets");
        assert_eq!(edges[0], "2026-11-25T00:00:00.500Z");
        assert_eq!(edges[1], "2026-11-25T00:30:00Z");
        assert_eq!(
            *edges.last().unwrap(),
            "2026-11-26T00:00:00.000001Z",
            "an event at the inclusive bound is in the last bucket"
        );
        let open = plan(
            ("timestamp__gte", "2026-11-25T00:00:00Z"),
            ("timestamp__lt", "2026-11-26T00:00:00Z"),
            MAX_BUCKETS,
        )
        .unwrap();
        let p = histogram_params(Vec::new(), &open, true).unwrap();
        assert!(p.last().unwrap().1.ends_with(",2026-11-26T00:00:00Z"));
        assert_eq!(histogram_params(Vec::new(), &[], true), None);
        assert!(
            !p.iter().any(|(k, _)| *k == "start"),
            "few buckets: spelled out"
        );
    }

    #[test]
    fn many_buckets_go_as_start_and_steps_that_make_the_same_edges() {
        let b = plan(
            ("timestamp__gte", "2026-11-25T10:00:00.250Z"),
            ("timestamp__lte", "2026-11-26T10:00:00.5Z"),
            200,
        )
        .unwrap();
        assert!(b.len() > COMPACT_FROM, "{}", b.len());
        let p = histogram_params(Vec::new(), &b, true).unwrap();
        assert!(!p.iter().any(|(k, _)| *k == "edges"));
        let start = &p.iter().find(|(k, _)| *k == "start").unwrap().1;
        let steps = &p.iter().find(|(k, _)| *k == "steps").unwrap().1;
        assert_eq!(
            start, "2026-11-25T10:00:00Z",
            "rounded down to a whole second"
        );
        // The steps rebuild every interior edge exactly, and the last one rounded up.
        let mut t = parse_timestamp(start).unwrap();
        let mut edges = vec![t];
        for run in steps.split(',') {
            let (w, n) = run.split_once('x').unwrap_or((run, "1"));
            for _ in 0..n.parse::<u32>().unwrap() {
                t += Duration::seconds(w.parse().unwrap());
                edges.push(t);
            }
        }
        assert_eq!(edges.len(), b.len() + 1);
        for (i, bucket) in b.iter().enumerate().skip(1) {
            assert_eq!(edges[i], bucket.start, "edge {i}");
        }
        assert_eq!(
            edges[b.len()],
            parse_timestamp("2026-11-26T10:00:01Z").unwrap()
        );
        assert!(p.len() < 8 && steps.len() < 40, "{steps}");
        // Without the compact form, spelled out.
        let spelled = histogram_params(Vec::new(), &b, false).unwrap();
        assert!(spelled.iter().any(|(k, _)| *k == "edges"));
    }

    #[test]
    fn a_drag_selects_from_the_first_to_the_last_bar() {
        let b = plan_of("2026-11-24T00:00:00Z", "2026-11-25T00:00:00Z");
        let s = selection(&b, 5, 2).unwrap();
        assert_eq!(s.lower, b[2].lower);
        assert_eq!(s.upper, b[5].upper);
        let all = selection(&b, 0, b.len() - 1).unwrap();
        assert_eq!(all.lower.1, "2026-11-24T00:00:00Z");
        assert_eq!(all.upper.1, "2026-11-25T00:00:00Z");
        assert_eq!(selection(&b, 0, 999), None);
    }
}
