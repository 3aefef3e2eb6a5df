//! The list endpoint's query parameters, read the way django-filter, OrderingFilter and
//! PageNumberPagination read them.

use std::collections::BTreeMap;

use crate::timestamp::{self, Micros};

/// A query string as key/value pairs, in order. Like Django's `QueryDict.get`, the last value of a
/// repeated key wins.
pub struct Params(pub Vec<(String, String)>);

impl Params {
    pub fn parse(raw: Option<&str>) -> Self {
        Params(
            url::form_urlencoded::parse(raw.unwrap_or("").as_bytes())
                .into_owned()
                .collect(),
        )
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the key was sent at all, even empty (DRF's `key in request.query_params`).
    pub fn has(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| k == key)
    }

    /// A filter value; django-filter skips empty values.
    fn filter_value(&self, key: &str) -> Option<&str> {
        self.get(key).filter(|v| !v.is_empty())
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filters {
    pub content_type: Option<i64>,
    pub object_id: Option<i64>,
    pub user: Option<i64>,
    pub timestamp: Option<Micros>,
    pub timestamp_gt: Option<Micros>,
    pub timestamp_gte: Option<Micros>,
    pub timestamp_lt: Option<Micros>,
    pub timestamp_lte: Option<Micros>,
}

/// Field → messages, the body of a 400.
pub type FieldErrors = BTreeMap<&'static str, Vec<&'static str>>;

const ENTER_A_NUMBER: &str = "Enter a number.";
const ENTER_A_DATETIME: &str = "Enter a valid date/time.";

impl Filters {
    pub fn parse(params: &Params) -> Result<Filters, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut int = |key: &'static str| {
            let v = params.filter_value(key)?;
            let parsed = parse_int(v);
            if parsed.is_none() {
                errors.insert(key, vec![ENTER_A_NUMBER]);
            }
            parsed
        };
        let content_type = int("content_type");
        let object_id = int("object_id");
        let user = int("user");
        let mut time = |key: &'static str| {
            let v = params.filter_value(key)?;
            let parsed = timestamp::parse(v);
            if parsed.is_none() {
                errors.insert(key, vec![ENTER_A_DATETIME]);
            }
            parsed
        };
        let filters = Filters {
            content_type,
            object_id,
            user,
            timestamp: time("timestamp"),
            timestamp_gt: time("timestamp__gt"),
            timestamp_gte: time("timestamp__gte"),
            timestamp_lt: time("timestamp__lt"),
            timestamp_lte: time("timestamp__lte"),
        };
        if errors.is_empty() {
            Ok(filters)
        } else {
            Err(errors)
        }
    }

    /// SQL conditions (ANDed) and their bound values.
    pub fn to_sql(&self) -> (String, Vec<i64>) {
        let (clauses, values) = self.conditions();
        if clauses.is_empty() {
            (String::new(), values)
        } else {
            (format!("WHERE {}", clauses.join(" AND ")), values)
        }
    }

    /// The conditions one by one, for a caller that adds its own (a keyset bound, a time range).
    pub fn conditions(&self) -> (Vec<String>, Vec<i64>) {
        let mut clauses = Vec::new();
        let mut values = Vec::new();
        let mut add = |sql: &str, v: Option<i64>| {
            if let Some(v) = v {
                clauses.push(sql.to_string());
                values.push(v);
            }
        };
        add("content_type = ?", self.content_type);
        add("object_id = ?", self.object_id);
        add("user_id = ?", self.user);
        add("ts = ?", self.timestamp);
        add("ts > ?", self.timestamp_gt);
        add("ts >= ?", self.timestamp_gte);
        add("ts < ?", self.timestamp_lt);
        add("ts <= ?", self.timestamp_lte);
        (clauses, values)
    }
}

/// Python's `int()` on a query value: surrounding whitespace and a sign allowed, nothing else.
pub fn parse_int(v: &str) -> Option<i64> {
    let t = v.trim();
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// Fields `sort` may name, and their columns.
/// The flag says whether the column can hold NULL: only those get a NULLS clause, which would
/// otherwise keep SQLite from walking an index in order.
const SORTABLE: &[(&str, &str, bool)] = &[
    ("timestamp", "ts", false),
    ("user", "user_id", true),
    ("content_type", "content_type", false),
    ("object_id", "object_id", true),
    ("remote_addr", "remote_addr", true),
    ("url", "url", true),
    ("uuid", "uuid", false),
];

/// OrderingFilter: comma-separated fields, `-` for descending, unknown fields silently dropped;
/// nothing valid left means the default, newest first. NULLs sort as PostgreSQL sorts them
/// (last ascending, first descending). Timestamp and uuid break ties, as in the package.
pub fn order_by(params: &Params) -> String {
    let mut terms = Vec::new();
    for term in params.get("sort").unwrap_or("").split(',') {
        let term = term.trim();
        let (desc, name) = match term.strip_prefix('-') {
            Some(n) => (true, n),
            None => (false, term),
        };
        if let Some((_, col, nullable)) = SORTABLE.iter().find(|(f, _, _)| *f == name) {
            terms.push(match (desc, nullable) {
                (true, true) => format!("{col} DESC NULLS FIRST"),
                (false, true) => format!("{col} ASC NULLS LAST"),
                (true, false) => format!("{col} DESC"),
                (false, false) => format!("{col} ASC"),
            });
        }
    }
    if terms.is_empty() {
        terms.push("ts DESC".into());
    }
    // The package's tie-breakers (api.py `ordered`): timestamp, then uuid, in the first term's
    // direction, so a page by number holds the same rows as the page its neighbour's cursor
    // reads, and equal keys never move between pages.
    let dir = if terms[0].contains("DESC") {
        "DESC"
    } else {
        "ASC"
    };
    for col in ["ts", "uuid"] {
        if !terms.iter().any(|t| t.split(' ').next() == Some(col)) {
            terms.push(format!("{col} {dir}"));
        }
    }
    format!("ORDER BY {}", terms.join(", "))
}

/// The Django package's `sort_terms`: the `sort` parameter's known terms (`-` for descending),
/// each field once, in order; `["-timestamp"]` when none is left.
pub fn sort_terms(params: &Params) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for term in params.get("sort").unwrap_or("").split(',') {
        let term = term.trim();
        let name = term.strip_prefix('-').unwrap_or(term);
        let known = SORTABLE.iter().any(|(f, _, _)| *f == name);
        if known && !terms.iter().any(|t| t.trim_start_matches('-') == name) {
            terms.push(term.to_string());
        }
    }
    if terms.is_empty() {
        terms.push("-timestamp".into());
    }
    terms
}

/// DRF `_positive_int(strict=True, cutoff=max)`: a positive integer, capped; anything else means the
/// default page size.
pub fn page_size(params: &Params, default: u32, max: u32) -> u32 {
    match params.get("limit").and_then(parse_int) {
        Some(n) if n > 0 => n.min(max as i64) as u32,
        _ => default,
    }
}

/// The page asked for: Django's `Paginator.validate_number`, plus DRF's `page=last`.
/// `None` means "Invalid page." (404).
pub fn page_number(params: &Params, count: u64, size: u32) -> Option<u64> {
    let pages = if count == 0 {
        1
    } else {
        count.div_ceil(size as u64)
    };
    let raw = params.get("page").unwrap_or("1");
    if raw == "last" {
        return Some(pages);
    }
    let n = parse_int(raw)?;
    (1..=pages as i64).contains(&n).then_some(n as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(q: &str) -> Params {
        Params::parse(Some(q))
    }

    #[test]
    fn integer_filters_reject_non_numbers_and_skip_empty_values() {
        let err = Filters::parse(&p("user=x&object_id=1.5")).unwrap_err();
        assert_eq!(err["user"], vec![ENTER_A_NUMBER]);
        assert_eq!(err["object_id"], vec![ENTER_A_NUMBER]);
        assert_eq!(Filters::parse(&p("user=")).unwrap(), Filters::default());
        assert_eq!(Filters::parse(&p("user=+7")).unwrap().user, Some(7));
    }

    #[test]
    fn last_value_of_a_repeated_key_wins() {
        assert_eq!(Filters::parse(&p("user=1&user=2")).unwrap().user, Some(2));
    }

    #[test]
    fn an_unencoded_plus_in_an_offset_is_a_bad_datetime() {
        let err = Filters::parse(&p("timestamp__gt=2026-11-25T10:00:00+02:00")).unwrap_err();
        assert_eq!(err["timestamp__gt"], vec![ENTER_A_DATETIME]);
        assert!(Filters::parse(&p("timestamp__gt=2026-11-25T10:00:00%2B02:00")).is_ok());
    }

    #[test]
    fn sort_drops_unknown_fields() {
        assert_eq!(order_by(&p("")), "ORDER BY ts DESC, uuid DESC");
        assert_eq!(order_by(&p("sort=bogus")), "ORDER BY ts DESC, uuid DESC");
        assert_eq!(
            order_by(&p("sort=object_id,-timestamp,nope")),
            "ORDER BY object_id ASC NULLS LAST, ts DESC, uuid ASC"
        );
        assert_eq!(
            order_by(&p("sort=-url")),
            "ORDER BY url DESC NULLS FIRST, ts DESC, uuid DESC"
        );
    }

    #[test]
    fn page_size_is_capped_and_falls_back() {
        assert_eq!(page_size(&p(""), 100, 500), 100);
        assert_eq!(page_size(&p("limit=0"), 100, 500), 100);
        assert_eq!(page_size(&p("limit=-3"), 100, 500), 100);
        assert_eq!(page_size(&p("limit=abc"), 100, 500), 100);
        assert_eq!(page_size(&p("limit=99999"), 100, 500), 500);
        assert_eq!(page_size(&p("limit=25"), 100, 500), 25);
    }

    #[test]
    fn page_numbers_follow_django() {
        assert_eq!(
            page_number(&p(""), 0, 10),
            Some(1),
            "empty first page is allowed"
        );
        assert_eq!(page_number(&p("page=2"), 0, 10), None);
        assert_eq!(page_number(&p("page=3"), 25, 10), Some(3));
        assert_eq!(page_number(&p("page=4"), 25, 10), None);
        assert_eq!(page_number(&p("page=0"), 25, 10), None);
        assert_eq!(page_number(&p("page=abc"), 25, 10), None);
        assert_eq!(page_number(&p("page=2.0"), 25, 10), None);
        assert_eq!(page_number(&p("page=last"), 25, 10), Some(3));
    }
}
