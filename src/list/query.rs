//! The list's state, as it lives in the page URL: `ListQuery` ⇄ query string.
//!
//! The URL is the only place list state lives; controls navigate to a new URL instead of keeping
//! copies. Parameter names are the API's own. Defaults are left out of the URL, unknown parameters
//! are ignored, and an invalid value becomes a `FieldProblem` for the screen instead of an error.

use crate::api::urls::query_string;
use crate::app::config::PAGE_SIZES;
use crate::common::format::parse_timestamp;
use crate::common::time::{Preset, TimeZoneChoice};
use crate::i18n::{m, t, tf};

/// Time-bound parameters, in URL order.
pub const TIME_PARAMS: [&str; 5] = [
    "timestamp",
    "timestamp__gt",
    "timestamp__gte",
    "timestamp__lt",
    "timestamp__lte",
];

/// Time bounds in URL order (`TIME_PARAMS`), so equal queries print equal URLs.
pub fn sort_times(times: &mut [(&'static str, String)]) {
    // A stable insertion sort: there are a handful at most, and the library's sort would ship
    // its own code for this one use.
    let rank = |p: &str| TIME_PARAMS.iter().position(|x| *x == p);
    for i in 1..times.len() {
        let mut j = i;
        while j > 0 && rank(times[j - 1].0) > rank(times[j].0) {
            times.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListQuery {
    pub user: Option<i64>,
    pub content_type: Option<i64>,
    pub object_id: Option<i64>,
    /// Time bounds, `(param, value)`, values absolute instants with an explicit offset.
    pub times: Vec<(&'static str, String)>,
    pub sort: Option<String>,
    /// 1-based; 1 is left out of the URL.
    pub page: u64,
    /// `cursor=`: the API's keyset position of this page (its `next_cursor`/`previous_cursor`,
    /// the Django package), with the page number it was given for. The page is read from it —
    /// the same rows at a cursor's cost at any depth — while `page` still names it. Only in
    /// effect for that page of a time order (`cursor()`), so a query moved to another page or
    /// order drops it by itself; an opaque token, never parsed.
    pub cursor: Option<(u64, String)>,
    /// `None` means the configured default page size.
    pub limit: Option<u32>,
    /// The zone times are shown in; `None` means the browser's remembered choice.
    pub tz: Option<TimeZoneChoice>,
    /// `range=24h`: a time range relative to when the link is opened (saved views, shared
    /// links). The list replaces it with absolute bounds on arrival, so paging stays stable.
    pub range: Option<Preset>,
    /// `panel=summary`: a panel open over the list (the summary of the filtered set), so a
    /// link or a reload opens it again. Display only: never sent to the API.
    pub panel: Option<Panel>,
}

/// A panel the list's URL can hold open (`panel=…`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// The summary of the whole filtered set (`list::summary`).
    Summary,
}

impl Panel {
    pub fn key(self) -> &'static str {
        match self {
            Panel::Summary => "summary",
        }
    }
    pub fn from_key(k: &str) -> Option<Panel> {
        (k == "summary").then_some(Panel::Summary)
    }
}

/// The default order: newest first.
pub const DEFAULT_SORT: &str = "-timestamp";

/// A sortable column: its `sort` fields, and the direction of its first click.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SortColumn {
    pub fields: &'static [&'static str],
    pub first_descending: bool,
}

pub const SORT_TIME: SortColumn = SortColumn {
    fields: &["timestamp"],
    first_descending: true,
};
pub const SORT_USER: SortColumn = SortColumn {
    fields: &["user"],
    first_descending: false,
};
pub const SORT_OBJECT: SortColumn = SortColumn {
    fields: &["content_type", "object_id"],
    first_descending: false,
};
pub const SORT_IP: SortColumn = SortColumn {
    fields: &["remote_addr"],
    first_descending: false,
};
pub const SORT_URL: SortColumn = SortColumn {
    fields: &["url"],
    first_descending: false,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortState {
    None,
    Ascending,
    Descending,
}

impl SortState {
    /// The value for `aria-sort`.
    pub fn aria(self) -> &'static str {
        match self {
            SortState::None => "none",
            SortState::Ascending => "ascending",
            SortState::Descending => "descending",
        }
    }
}

/// A hand-edited URL often carries `+02:00` unencoded, which decodes to ` 02:00`; read it as the
/// offset it was meant to be rather than rejecting the link.
fn repair_offset_plus(value: &str) -> String {
    match value.rsplit_once(' ') {
        Some((head, tail))
            if head.len() >= 19
                && tail.len() == 5
                && tail.as_bytes()[2] == b':'
                && tail.bytes().filter(u8::is_ascii_digit).count() == 4 =>
        {
            format!("{head}+{tail}")
        }
        _ => value.to_string(),
    }
}

/// A parameter the URL held that could not be used, with why.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldProblem {
    pub param: String,
    pub message: String,
}

/// Whether a page URL's query string names an upper time bound at all (valid or not): a list
/// without one gets pinned; one with an invalid one keeps it, so its problem stays on screen.
pub fn has_upper_bound_param(search: &str) -> bool {
    crate::api::urls::parse_query(search).iter().any(|(k, v)| {
        matches!(k.as_str(), "timestamp" | "timestamp__lt" | "timestamp__lte")
            && !v.trim().is_empty()
    })
}

impl ListQuery {
    /// Reads a page URL's query string (`?user=12&page=2`).
    pub fn parse(search: &str) -> (ListQuery, Vec<FieldProblem>) {
        let pairs = crate::api::urls::parse_query(search);
        Self::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// Reads `key=value` pairs (already percent-decoded). The last value of a repeated key wins.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (ListQuery, Vec<FieldProblem>) {
        let mut q = ListQuery {
            page: 1,
            ..ListQuery::default()
        };
        let mut problems: Vec<FieldProblem> = Vec::new();
        let mut cursor = None;
        let mut problem = |param: &str, message: String| {
            problems.retain(|p| p.param != param);
            problems.push(FieldProblem {
                param: param.to_string(),
                message,
            });
        };
        for (key, raw) in pairs {
            let value = raw.trim();
            if value.is_empty() {
                continue;
            }
            match key {
                "user" | "content_type" | "object_id" => match value.parse::<i64>() {
                    Ok(n) if n >= 0 => {
                        let slot = match key {
                            "user" => &mut q.user,
                            "content_type" => &mut q.content_type,
                            _ => &mut q.object_id,
                        };
                        *slot = Some(n);
                    }
                    _ => problem(key, tf(m::FILTERS__NOT_AN_ID, &[("typed", value)])),
                },
                "cursor" => {
                    if value.len() <= 1000
                        && value
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b"-_=".contains(&b))
                    {
                        cursor = Some(value.to_string());
                    } else {
                        problem(key, t(m::URL__CURSOR_UNKNOWN).into());
                    }
                }
                "page" => match value.parse::<u64>() {
                    Ok(n) if n >= 1 => q.page = n,
                    _ => problem(key, tf(m::URL__NOT_A_PAGE, &[("typed", value)])),
                },
                "limit" => match value.parse::<u32>() {
                    Ok(n) if PAGE_SIZES.contains(&n) => q.limit = Some(n),
                    _ => problem(key, tf(m::URL__BAD_PAGE_SIZE, &[("typed", value)])),
                },
                "sort" => q.sort = (value != DEFAULT_SORT).then(|| value.to_string()),
                "range" => match Preset::from_key(value) {
                    Some(p) => q.range = Some(p),
                    None => problem(key, tf(m::URL__BAD_RANGE, &[("typed", value)])),
                },
                "panel" => match Panel::from_key(value) {
                    Some(p) => q.panel = Some(p),
                    None => problem(key, tf(m::URL__BAD_PANEL, &[("typed", value)])),
                },
                "tz" => match TimeZoneChoice::from_param(value) {
                    Some(tz) => q.tz = Some(tz),
                    None => problem(key, tf(m::URL__BAD_ZONE, &[("typed", value)])),
                },
                _ => {
                    if let Some(param) = TIME_PARAMS.iter().find(|p| **p == key) {
                        let value = repair_offset_plus(value);
                        if parse_timestamp(&value).is_some() {
                            q.times.retain(|(p, _)| p != param);
                            q.times.push((param, value));
                        } else {
                            problem(key, tf(m::URL__BAD_TIME, &[("typed", &value)]));
                        }
                    }
                }
            }
        }
        q.sort_times();
        if let Some(token) = cursor.filter(|_| q.page > 1) {
            if q.time_ordered() {
                q.cursor = Some((q.page, token));
            } else {
                problems.push(FieldProblem {
                    param: "cursor".into(),
                    message: t(m::URL__CURSOR_NEEDS_TIME_ORDER).into(),
                });
            }
        }
        (q, problems)
    }

    /// Whether the list is in a time order (newest or oldest first), the only orders the API
    /// pages by cursor.
    pub fn time_ordered(&self) -> bool {
        matches!(
            self.sort.as_deref(),
            None | Some("timestamp") | Some("-timestamp")
        )
    }

    /// The API cursor this page is read from, when it is in effect (see `cursor`).
    pub fn cursor(&self) -> Option<&str> {
        match &self.cursor {
            Some((p, token)) if *p == self.page && self.page > 1 && self.time_ordered() => {
                Some(token)
            }
            _ => None,
        }
    }

    /// The page `to` beside this one (previous or next), read from the API's `cursor` for it
    /// when the answer named one: the same rows as page `to` by number, at a cursor's cost
    /// whatever the depth. Page 1 is always the plain first page.
    pub fn step_to(&self, to: u64, cursor: Option<&str>) -> ListQuery {
        let mut q = self.with_page(to);
        if let Some(token) = cursor.filter(|_| q.page > 1) {
            q.cursor = Some((q.page, token.to_string()));
        }
        q
    }

    /// The page URL's query string: defaults left out, stable order.
    pub fn to_query_string(&self) -> String {
        query_string(&self.params(None))
    }

    /// The page URL (path and query) inside the app.
    pub fn to_href(&self) -> String {
        let qs = self.to_query_string();
        if qs.is_empty() {
            "/".into()
        } else {
            format!("/?{qs}")
        }
    }

    /// Parameters for the API request, always with an explicit `limit`, never `tz` or `panel`.
    /// With a cursor in effect the API is asked for the page at that cursor, not by number.
    pub fn to_api_params(&self, default_limit: u32) -> Vec<(&'static str, String)> {
        let mut p = self.params(Some(default_limit));
        let by_cursor = self.cursor().is_some();
        p.retain(|(k, _)| !(matches!(*k, "tz" | "range" | "panel") || by_cursor && *k == "page"));
        p
    }

    fn params(&self, default_limit: Option<u32>) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let ids = [
            ("user", self.user),
            ("content_type", self.content_type),
            ("object_id", self.object_id),
        ];
        for (k, v) in ids {
            if let Some(v) = v {
                out.push((k, v.to_string()));
            }
        }
        for (k, v) in &self.times {
            out.push((*k, v.clone()));
        }
        if let Some(r) = self.range {
            out.push(("range", r.key().to_string()));
        }
        if let Some(s) = &self.sort {
            out.push(("sort", s.clone()));
        }
        if self.page > 1 {
            out.push(("page", self.page.to_string()));
        }
        if let Some(token) = self.cursor() {
            out.push(("cursor", token.to_string()));
        }
        if let Some(limit) = self.limit.or(default_limit) {
            out.push(("limit", limit.to_string()));
        }
        if let Some(tz) = self.tz {
            out.push(("tz", tz.as_param().to_string()));
        }
        if let Some(panel) = self.panel {
            out.push(("panel", panel.key().to_string()));
        }
        out
    }

    /// The fields of the effective order, with their direction (`true` = descending).
    fn sort_terms(&self) -> Vec<(String, bool)> {
        self.sort
            .as_deref()
            .unwrap_or(DEFAULT_SORT)
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| match t.strip_prefix('-') {
                Some(f) => (f.to_string(), true),
                None => (t.to_string(), false),
            })
            .collect()
    }

    /// How a column is sorted: by the first field of the order only.
    pub fn sort_state(&self, column: SortColumn) -> SortState {
        match self.sort_terms().first() {
            Some((f, desc)) if f == column.fields[0] => {
                if *desc {
                    SortState::Descending
                } else {
                    SortState::Ascending
                }
            }
            _ => SortState::None,
        }
    }

    /// The query after clicking a column header: flip its direction, or sort by it in its first
    /// direction. Back on page 1, since the old page number means nothing in the new order.
    pub fn toggle_sort(&self, column: SortColumn) -> ListQuery {
        let descending = match self.sort_state(column) {
            SortState::Ascending => true,
            SortState::Descending => false,
            SortState::None => column.first_descending,
        };
        let sign = if descending { "-" } else { "" };
        let sort = column
            .fields
            .iter()
            .map(|f| format!("{sign}{f}"))
            .collect::<Vec<_>>()
            .join(",");
        ListQuery {
            sort: (sort != DEFAULT_SORT).then_some(sort),
            page: 1,
            ..self.clone()
        }
    }

    /// Whether any filter narrows the list (time bounds included).
    pub fn has_filters(&self) -> bool {
        self.user.is_some()
            || self.content_type.is_some()
            || self.object_id.is_some()
            || !self.times.is_empty()
    }

    /// The same query without one filter parameter, back on page 1.
    pub fn without(&self, param: &str) -> ListQuery {
        let mut q = ListQuery {
            page: 1,
            ..self.clone()
        };
        match param {
            "user" => q.user = None,
            "content_type" => q.content_type = None,
            "object_id" => q.object_id = None,
            _ => q.times.retain(|(p, _)| *p != param),
        }
        q
    }

    /// The same query with every filter removed (order, page size, zone and open panel kept).
    pub fn without_filters(&self) -> ListQuery {
        ListQuery {
            sort: self.sort.clone(),
            limit: self.limit,
            tz: self.tz,
            panel: self.panel,
            page: 1,
            ..ListQuery::default()
        }
    }

    /// A pivot: this query narrowed to one user, back on page 1.
    pub fn with_user(&self, user: i64) -> ListQuery {
        ListQuery {
            user: Some(user),
            page: 1,
            ..self.clone()
        }
    }

    /// A pivot: this query narrowed to one object, back on page 1.
    pub fn with_object(&self, content_type: Option<i64>, object_id: Option<i64>) -> ListQuery {
        ListQuery {
            content_type,
            object_id,
            page: 1,
            ..self.clone()
        }
    }

    /// The value of a time parameter, if set.
    pub fn time(&self, param: &str) -> Option<&str> {
        self.times
            .iter()
            .find(|(p, _)| *p == param)
            .map(|(_, v)| v.as_str())
    }

    /// Time bounds in URL order (`TIME_PARAMS`), so equal queries print equal URLs.
    fn sort_times(&mut self) {
        sort_times(&mut self.times);
    }

    /// The upper time bound, `(param, value)`: `timestamp__lt`, `timestamp__lte`, or an exact
    /// `timestamp` (which bounds both sides).
    pub fn upper_bound(&self) -> Option<(&'static str, &str)> {
        ["timestamp", "timestamp__lt", "timestamp__lte"]
            .into_iter()
            .find_map(|p| self.time(p).map(|v| (p, v)))
    }

    /// The lower time bound, `(param, value)`, like `upper_bound`.
    pub fn lower_bound(&self) -> Option<(&'static str, &str)> {
        ["timestamp", "timestamp__gt", "timestamp__gte"]
            .into_iter()
            .find_map(|p| self.time(p).map(|v| (p, v)))
    }

    /// Stable paging: a list without an upper bound grows while it is read, shifting rows between
    /// pages. Pinning `timestamp__lte` at "now" freezes the set; `None` when already bounded.
    pub fn pinned(&self, now_value: &str) -> Option<ListQuery> {
        if self.upper_bound().is_some() {
            return None;
        }
        let mut q = self.clone();
        q.times.push(("timestamp__lte", now_value.to_string()));
        q.sort_times();
        Some(q)
    }

    /// The same filters with the time range replaced by these bounds, back on page 1.
    pub fn with_range(
        &self,
        lower: (&'static str, String),
        upper: (&'static str, String),
    ) -> ListQuery {
        let mut q = ListQuery {
            times: vec![lower, upper],
            page: 1,
            ..self.clone()
        };
        q.sort_times();
        q
    }

    /// What selects the set of events (filters and time range), without its order, page, page
    /// size or display zone: the key for anything computed about the whole set.
    pub fn selection(&self) -> ListQuery {
        ListQuery {
            user: self.user,
            content_type: self.content_type,
            object_id: self.object_id,
            times: self.times.clone(),
            page: 1,
            ..ListQuery::default()
        }
    }

    /// Only the id filters (user, content type, object): what count probes and polls combine
    /// with time bounds of their own.
    pub fn id_filters(&self) -> ListQuery {
        ListQuery {
            user: self.user,
            content_type: self.content_type,
            object_id: self.object_id,
            page: 1,
            ..ListQuery::default()
        }
    }

    /// Whether rows arrive newest first (the order live tail can prepend to).
    pub fn is_newest_first(&self) -> bool {
        self.sort.is_none()
    }

    /// The same query on another page.
    pub fn with_page(&self, page: u64) -> ListQuery {
        ListQuery {
            page: page.max(1),
            cursor: None,
            ..self.clone()
        }
    }

    /// The same view with this panel open (`Some`) or none (`None`); filters, page and order
    /// kept.
    pub fn with_panel(&self, panel: Option<Panel>) -> ListQuery {
        ListQuery {
            panel,
            ..self.clone()
        }
    }
}

/// A preset as the tab's title names it, in the middle of the title ("last 24 hours").
fn title_range(p: Preset) -> String {
    match p {
        Preset::Minutes15 => t(m::LIST__TITLE_LAST_15_MINUTES).into(),
        Preset::Hour => t(m::LIST__TITLE_LAST_HOUR).into(),
        Preset::Hours24 => t(m::LIST__TITLE_LAST_24_HOURS).into(),
        Preset::Days7 => t(m::LIST__TITLE_LAST_7_DAYS).into(),
        Preset::Days30 => t(m::LIST__TITLE_LAST_30_DAYS).into(),
        Preset::All => t(m::LIST__TITLE_ALL_TIME).into(),
    }
}

/// The browser tab's title for a list view, so a tab strip of investigations reads well:
/// "user 12 · orders.order #77 · last 24 h · page 3 — Audit Console". `label` names content types.
pub fn page_title(q: &ListQuery, label: &dyn Fn(i64) -> Option<String>) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(u) = q.user {
        parts.push(tf(m::PAGE_TITLE__USER, &[("id", &u.to_string())]));
    }
    match (q.content_type, q.object_id) {
        (Some(ct), obj) => {
            let name = label(ct)
                .unwrap_or_else(|| tf(m::FILTERS__TYPE_NUMBERED, &[("id", &ct.to_string())]));
            parts.push(match obj {
                Some(o) => tf(
                    m::LIST__TITLE_TYPE_OBJECT,
                    &[("type", &name), ("id", &o.to_string())],
                ),
                None => name,
            });
        }
        (None, Some(o)) => parts.push(tf(m::PAGE_TITLE__OBJECT, &[("id", &o.to_string())])),
        (None, None) => {}
    }
    let instant = |v: &str| parse_timestamp(v);
    let date = |v: &str| v.get(..10).unwrap_or(v).to_string();
    match (q.time("timestamp"), q.lower_bound(), q.upper_bound()) {
        (Some(exact), _, _) => {
            parts.push(tf(m::PAGE_TITLE__AT, &[("time", &exact.replace('T', " "))]))
        }
        (None, Some((_, lo)), Some((_, hi))) => {
            // A preset's range (its length, to the second) reads as the preset.
            let preset = instant(lo).zip(instant(hi)).and_then(|(a, b)| {
                crate::common::time::Preset::ALL.into_iter().find(|p| {
                    p.duration()
                        .is_some_and(|d| ((b - a) - d).num_seconds().abs() <= 1)
                })
            });
            parts.push(match preset {
                Some(p) => title_range(p),
                None if date(lo) == date(hi) => date(lo),
                None => tf(
                    m::FILTERS__SPAN,
                    &[("start", &date(lo)), ("end", &date(hi))],
                ),
            });
        }
        (None, Some((_, lo)), None) => parts.push(tf(m::PAGE_TITLE__SINCE, &[("time", &date(lo))])),
        (None, None, Some(_)) | (None, None, None) => {}
    }
    if let Some(r) = q.range.filter(|r| *r != crate::common::time::Preset::All) {
        parts.push(title_range(r));
    }
    if q.page > 1 {
        parts.push(tf(m::PAGE_TITLE__PAGE, &[("page", &q.page.to_string())]));
    }
    if parts.is_empty() {
        parts.push(t(m::PAGE_TITLE__ALL_EVENTS).into());
    }
    tf(m::PAGE_TITLE__LIST, &[("view", &parts.join(" · "))])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &str) -> (ListQuery, Vec<FieldProblem>) {
        ListQuery::parse(q)
    }

    #[test]
    fn round_trips_and_leaves_defaults_out() {
        let (q, problems) =
            parse("user=12&timestamp__gte=2026-11-25T10%3A00%3A00%2B02%3A00&page=3&limit=100&sort=object_id");
        assert!(problems.is_empty());
        assert_eq!(q.user, Some(12));
        let s = q.to_query_string();
        assert_eq!(
            s,
            "user=12&timestamp__gte=2026-11-25T10%3A00%3A00%2B02%3A00&sort=object_id&page=3&limit=100"
        );
        assert_eq!(parse(&s).0, q);
        assert_eq!(ListQuery::from_pairs([]).0.to_query_string(), "");
    }

    #[test]
    fn bad_values_become_problems_not_crashes() {
        let (q, problems) = parse("page=abc&user=x&timestamp__gt=garbage&limit=99999&unknown=1");
        assert_eq!(
            q,
            ListQuery {
                page: 1,
                ..ListQuery::default()
            }
        );
        let params: Vec<&str> = problems.iter().map(|p| p.param.as_str()).collect();
        assert_eq!(params, ["page", "user", "timestamp__gt", "limit"]);
    }

    #[test]
    fn a_cursor_reads_its_page_and_only_its_page() {
        let (q, problems) = parse("user=3&page=4&cursor=WyJuIiwi_x-Y=&limit=25");
        assert!(problems.is_empty());
        assert_eq!(q.cursor(), Some("WyJuIiwi_x-Y="));
        assert_eq!(
            q.to_query_string(),
            "user=3&page=4&cursor=WyJuIiwi_x-Y%3D&limit=25",
            "the link keeps both: the number names the page, the cursor reads it"
        );
        let api = q.to_api_params(50);
        assert!(api
            .iter()
            .any(|(k, v)| *k == "cursor" && v == "WyJuIiwi_x-Y="));
        assert!(
            !api.iter().any(|(k, _)| *k == "page"),
            "never cursor and page together"
        );
        // Any other page, order or selection drops it.
        assert_eq!(q.with_page(5).cursor(), None);
        assert_eq!(q.with_user(9).cursor(), None);
        assert_eq!(q.without("user").cursor(), None);
        let by_user = q.toggle_sort(SORT_USER);
        assert_eq!(by_user.cursor(), None);
        assert_eq!(
            ListQuery {
                page: 1,
                ..q.clone()
            }
            .to_query_string(),
            "user=3&limit=25"
        );
        // The panel and zone are the same view: the cursor stays.
        assert_eq!(q.with_panel(Some(Panel::Summary)).cursor(), q.cursor());
        // Oldest first pages by cursor too; page 1 needs none.
        assert!(parse("sort=timestamp&page=2&cursor=abc")
            .0
            .cursor()
            .is_some());
        assert_eq!(parse("cursor=abc").0.cursor(), None);
        assert_eq!(parse("cursor=abc").0.to_query_string(), "");
    }

    #[test]
    fn a_bad_cursor_is_a_problem_and_the_page_is_read_by_its_number() {
        for bad in ["a%20b", "%3Cscript%3E", &"x".repeat(1001)] {
            let (q, problems) = parse(&format!("page=3&cursor={bad}"));
            assert_eq!((q.page, q.cursor()), (3, None), "{bad}");
            assert_eq!(problems.len(), 1);
            assert_eq!(problems[0].param, "cursor");
        }
        let (q, problems) = parse("sort=url&page=3&cursor=abc");
        assert_eq!((q.page, q.cursor()), (3, None));
        assert_eq!(problems[0].param, "cursor");
        assert!(problems[0].message.contains("time order"));
        assert_eq!(
            q.to_api_params(50)
                .iter()
                .find(|(k, _)| *k == "page")
                .map(|(_, v)| v.as_str()),
            Some("3")
        );
    }

    #[test]
    fn steps_go_by_the_answers_cursors_and_page_one_by_none() {
        let q = parse("page=4&cursor=here").0;
        let next = q.step_to(5, Some("there"));
        assert_eq!(next.to_query_string(), "page=5&cursor=there");
        assert_eq!(q.step_to(5, None).to_query_string(), "page=5");
        assert_eq!(
            parse("page=2&cursor=x")
                .0
                .step_to(1, Some("back"))
                .to_query_string(),
            ""
        );
    }

    #[test]
    fn tz_is_kept_in_the_url_but_never_sent_to_the_api() {
        let (q, _) = parse("tz=utc&user=3");
        assert_eq!(q.tz, Some(TimeZoneChoice::Utc));
        assert_eq!(q.to_query_string(), "user=3&tz=utc");
        assert_eq!(
            q.to_api_params(50),
            vec![("user", "3".to_string()), ("limit", "50".to_string())]
        );
        assert_eq!(parse("tz=mars").1[0].param, "tz");
    }

    #[test]
    fn sorting_by_column() {
        let q = ListQuery::parse("").0;
        assert_eq!(
            q.sort_state(SORT_TIME),
            SortState::Descending,
            "newest first by default"
        );
        let asc = q.toggle_sort(SORT_TIME);
        assert_eq!(asc.to_query_string(), "sort=timestamp");
        assert_eq!(asc.sort_state(SORT_TIME), SortState::Ascending);
        assert_eq!(
            asc.toggle_sort(SORT_TIME).to_query_string(),
            "",
            "back to the default"
        );
        let by_object = q.with_page(4).toggle_sort(SORT_OBJECT);
        assert_eq!(by_object.to_query_string(), "sort=content_type%2Cobject_id");
        assert_eq!(by_object.sort_state(SORT_OBJECT), SortState::Ascending);
        assert_eq!(by_object.sort_state(SORT_TIME), SortState::None);
        assert_eq!(by_object.page, 1);
        let desc = by_object.toggle_sort(SORT_OBJECT);
        assert_eq!(desc.sort.as_deref(), Some("-content_type,-object_id"));
        assert_eq!(
            ListQuery::parse("sort=-timestamp").0.sort,
            None,
            "the default is left out"
        );
    }

    #[test]
    fn chips_remove_one_filter_or_all() {
        let (q, _) = parse(
            "user=3&object_id=9&timestamp__gte=2026-11-25T00%3A00%3A00Z&page=4&limit=100&tz=utc",
        );
        assert!(q.has_filters());
        assert_eq!(
            q.without("user").to_query_string(),
            "object_id=9&timestamp__gte=2026-11-25T00%3A00%3A00Z&limit=100&tz=utc"
        );
        assert_eq!(q.without("timestamp__gte").time("timestamp__gte"), None);
        let none = q.without_filters();
        assert!(!none.has_filters());
        assert_eq!(none.to_query_string(), "limit=100&tz=utc");
        assert_eq!(q.with_user(5).user, Some(5));
        assert_eq!(q.with_user(5).page, 1);
    }

    #[test]
    fn an_unencoded_plus_in_an_offset_is_repaired() {
        let (q, problems) = parse("timestamp__gte=2026-11-25T10:00:00+02:00");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(q.time("timestamp__gte"), Some("2026-11-25T10:00:00+02:00"));
        assert_eq!(
            q.to_query_string(),
            "timestamp__gte=2026-11-25T10%3A00%3A00%2B02%3A00"
        );
    }

    #[test]
    fn an_open_ended_list_is_pinned_once() {
        let (q, _) = parse("user=3&timestamp__gte=2026-11-25T00%3A00%3A00Z&page=2");
        let pinned = q.pinned("2026-11-25T14:02:11Z").unwrap();
        assert_eq!(
            pinned.to_query_string(),
            "user=3&timestamp__gte=2026-11-25T00%3A00%3A00Z&timestamp__lte=2026-11-25T14%3A02%3A11Z&page=2"
        );
        assert_eq!(
            pinned.pinned("2026-11-25T15:00:00Z"),
            None,
            "already bounded"
        );
        assert_eq!(
            pinned.upper_bound(),
            Some(("timestamp__lte", "2026-11-25T14:02:11Z"))
        );
        assert_eq!(
            pinned.lower_bound(),
            Some(("timestamp__gte", "2026-11-25T00:00:00Z"))
        );
        let exact = parse("timestamp=2026-11-25T00%3A00%3A00Z").0;
        assert_eq!(
            exact.pinned("2026-11-25T14:02:11Z"),
            None,
            "an exact time is bounded"
        );
        assert!(parse("timestamp__lt=2026-11-25T00%3A00%3A00Z")
            .0
            .pinned("x")
            .is_none());
        assert!(!has_upper_bound_param(
            "?user=3&timestamp__gte=2026-11-25T00%3A00%3A00Z"
        ));
        assert!(
            !has_upper_bound_param("?timestamp__lte="),
            "empty values are ignored"
        );
        assert!(
            has_upper_bound_param("?timestamp__lte=garbage"),
            "kept for its message"
        );
        assert!(has_upper_bound_param("timestamp=2026-11-25T00%3A00%3A00Z"));
    }

    #[test]
    fn a_selection_ignores_order_page_and_zone() {
        let a = parse("user=3&sort=url&page=4&limit=100&tz=utc").0;
        let b = parse("user=3").0;
        assert_eq!(a.selection(), b.selection());
        assert_ne!(a.selection(), parse("user=4").0.selection());
        let narrowed = a.with_range(
            ("timestamp__gte", "2026-11-01T00:00:00Z".into()),
            ("timestamp__lt", "2026-11-02T00:00:00Z".into()),
        );
        assert_eq!(narrowed.page, 1);
        assert_eq!(narrowed.sort.as_deref(), Some("url"), "order kept");
        assert_eq!(narrowed.time("timestamp__lt"), Some("2026-11-02T00:00:00Z"));
        assert!(!a.is_newest_first());
        assert_eq!(
            parse("user=3&content_type=6&object_id=9&sort=url&page=2&timestamp__lte=2026-11-25T00%3A00%3A00Z").0.id_filters().to_query_string(),
            "user=3&content_type=6&object_id=9"
        );
        assert!(b.is_newest_first());
    }

    #[test]
    fn the_tab_title_names_the_view() {
        let label = |ct: i64| (ct == 6).then(|| "orders.order".to_string());
        let title = |s: &str| page_title(&parse(s).0, &label);
        assert_eq!(title(""), "All events — Audit Console");
        assert_eq!(
            title("user=12&timestamp__gte=2026-11-24T14%3A02%3A11Z&timestamp__lte=2026-11-25T14%3A02%3A11.400Z&page=3"),
            "user 12 · last 24 hours · page 3 — Audit Console"
        );
        assert_eq!(
            title("content_type=6&object_id=77&timestamp__lte=2026-11-25T14%3A02%3A11Z"),
            "orders.order #77 — Audit Console"
        );
        assert_eq!(
            title("content_type=3&timestamp__gte=2026-11-01T00%3A00%3A00Z&timestamp__lt=2026-11-25T00%3A00%3A00Z"),
            "type 3 · 2026-11-01 – 2026-11-25 — Audit Console"
        );
        assert_eq!(
            title("object_id=5&timestamp=2026-11-25T14%3A00%3A00Z"),
            "object 5 · at 2026-11-25 14:00:00Z — Audit Console"
        );
    }

    #[test]
    fn the_open_panel_is_kept_in_the_url_and_links_but_never_sent_to_the_api() {
        let (q, problems) = parse("user=3&panel=summary&page=2");
        assert!(problems.is_empty());
        assert_eq!(q.panel, Some(Panel::Summary));
        assert_eq!(q.to_query_string(), "user=3&page=2&panel=summary");
        assert_eq!(parse(&q.to_query_string()).0, q);
        assert_eq!(
            q.to_api_params(500),
            vec![
                ("user", "3".to_string()),
                ("page", "2".to_string()),
                ("limit", "500".to_string())
            ]
        );
        // Paging, sorting, pivots and chips keep it open; the selection ignores it.
        assert_eq!(q.with_page(3).panel, Some(Panel::Summary));
        assert_eq!(q.toggle_sort(SORT_TIME).panel, Some(Panel::Summary));
        assert_eq!(q.with_user(5).panel, Some(Panel::Summary));
        assert_eq!(q.without("user").panel, Some(Panel::Summary));
        assert_eq!(q.without_filters().to_query_string(), "panel=summary");
        assert_eq!(q.selection(), parse("user=3").0.selection());
        assert_eq!(q.with_panel(None).to_query_string(), "user=3&page=2");
        let (bad, problems) = parse("panel=debug");
        assert_eq!(bad.panel, None);
        assert_eq!(problems[0].param, "panel");
    }

    #[test]
    fn api_params_always_carry_a_limit() {
        let (q, _) = parse("page=2");
        assert_eq!(
            q.to_api_params(50),
            vec![("page", "2".to_string()), ("limit", "50".to_string())]
        );
    }
}
