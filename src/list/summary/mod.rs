//! The summary of a filtered set: who, what, from where and when, over every event the filters
//! match (the newest `summary_max_events` of them at most). The API has no aggregation, so the
//! set is read in pages of 500 and each page is folded into counts as it arrives, then dropped:
//! memory grows with the number of distinct values, never with a list of events.
//!
//! - Facets, each ranked by count: users ("system" for none), content types, objects (content
//!   type + id), IP addresses, URL paths (scheme and host apart from the path, numeric and UUID
//!   segments folded to `{id}`, the first raw paths of each kept), and actions (`content.action`).
//!   Values the API can filter by (user, content type, object) carry that filter.
//! - When: events per 15-minute slot (UTC), so the hour × day-of-week grid is worked out for any
//!   zone without reading the set again; the first and last event.
//! - Bad input is never dropped: a missing value counts as "(none)", one that does not parse as
//!   "(unparsed)", so every facet adds up to the events read (property-tested below).
//! - The summary as CSV, one section per facet, cells guarded as the export guards them.
//!
//! This folder: the folding, ranking, headings and CSV here (pure, native tests); the panel that
//! reads the pages and draws the tables in `panel` (wasm32). May use: `app`, `api`, `browser`,
//! `common`, `list`'s query and export (its formula guard and file name).

#[cfg(target_arch = "wasm32")]
pub mod panel;

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::net::IpAddr;

use chrono::{DateTime, Datelike, Duration, Timelike, Utc};
use serde_json::Value;

use crate::api::{Brief, ContentAction, UserRef};
use crate::common::format::{parse_timestamp, thousands};
use crate::common::time::{display_in, offset_label, ZoneRules};
use crate::list::export::csv_cell;
use crate::list::query::ListQuery;

/// Events per request: the API's usual cap.
pub const SUMMARY_PAGE_SIZE: u32 = 500;
/// Rows a facet shows before "Show all".
pub const TOP: usize = 10;
/// Raw paths kept per endpoint (the first distinct ones read, i.e. the newest).
pub const RAW_PATHS_KEPT: usize = 20;
/// Event text (an action, a name) is kept to this many characters: a hostile 100 KB value costs
/// no more than a short one.
const MAX_TEXT_CHARS: usize = 200;
/// The grain of the "when" counts: every zone's offset is a multiple of 15 minutes.
const SLOT_SECS: i64 = 15 * 60;

pub const NONE_LABEL: &str = "(none)";
pub const UNPARSED_LABEL: &str = "(unparsed)";
pub const SYSTEM_LABEL: &str = "system";

/// A facet's value: the value, none at all, or one that did not parse.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key<T> {
    Value(T),
    None,
    Unparsed,
}

/// An endpoint: where (scheme and host, "" for a path without one) and the path with its ids
/// folded.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Endpoint {
    pub origin: String,
    pub path: String,
}

/// The raw paths seen for one endpoint: the first `RAW_PATHS_KEPT` distinct ones with their
/// counts, and how many events had another.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawPaths {
    pub kept: Vec<(String, u32)>,
    pub others: u32,
}

/// An event's time and uuid.
pub type Stamp = (DateTime<Utc>, String);

/// Everything counted so far.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    read: u64,
    repeated: u64,
    /// A 64-bit hash of each uuid counted: an event the API repeats across pages is counted once.
    seen: HashSet<u64>,
    users: HashMap<Key<i64>, u32>,
    /// Name and email of each user, as first read (the newest).
    user_names: HashMap<i64, (String, String)>,
    content_types: HashMap<Key<i64>, u32>,
    objects: ObjectCounts,
    ips: IpCounts,
    endpoints: HashMap<Key<Endpoint>, u32>,
    raw_paths: HashMap<Endpoint, RawPaths>,
    actions: HashMap<Key<String>, u32>,
    /// Events per 15-minute slot since the epoch (UTC).
    slots: HashMap<i64, u32>,
    unparsed_times: u32,
    first: Option<Stamp>,
    last: Option<Stamp>,
}

fn bump<K: Hash + Eq>(map: &mut HashMap<K, u32>, key: K) {
    *map.entry(key).or_insert(0) += 1;
}

/// A map's entries with their counts.
fn counts<K>(map: &HashMap<K, u32>) -> impl Iterator<Item = (&K, u32)> {
    map.iter().map(|(k, n)| (k, *n))
}

/// The objects facet's counts, packed: the two facets with the most distinct values (objects and
/// addresses, tens of thousands each in a big set) are most of a summary's memory, so their
/// entries are kept small. An object whose content type and id fit in 16 and 48 bits (as ids
/// do) is one `u64` — 16 bytes an entry with its count, not the 32 of a
/// `Key<(Option<i64>, i64)>`; any other pair is kept whole.
#[derive(Clone, Debug, Default)]
struct ObjectCounts {
    packed: HashMap<u64, u32>,
    wide: HashMap<(i64, i64), u32>,
    /// An object id without a content type.
    untyped: HashMap<i64, u32>,
    /// No object id.
    none: u32,
}

const OBJECT_ID_BITS: u32 = 48;

impl ObjectCounts {
    fn bump(&mut self, content_type: Option<i64>, object_id: Option<i64>) {
        match (content_type, object_id) {
            (Some(ct), Some(o)) => match (u16::try_from(ct), u64::try_from(o)) {
                (Ok(ct), Ok(o)) if o >> OBJECT_ID_BITS == 0 => {
                    bump(&mut self.packed, (u64::from(ct) << OBJECT_ID_BITS) | o)
                }
                _ => bump(&mut self.wide, (ct, o)),
            },
            (None, Some(o)) => bump(&mut self.untyped, o),
            (_, None) => self.none += 1,
        }
    }

    fn len(&self) -> usize {
        self.packed.len() + self.wide.len() + self.untyped.len() + usize::from(self.none > 0)
    }

    fn iter(&self) -> impl Iterator<Item = (Key<(Option<i64>, i64)>, u32)> + '_ {
        let unpack = |p: u64| {
            let ct = (p >> OBJECT_ID_BITS) as i64;
            let o = (p & ((1 << OBJECT_ID_BITS) - 1)) as i64;
            (Some(ct), o)
        };
        let packed = counts(&self.packed).map(move |(&p, n)| (Key::Value(unpack(p)), n));
        let wide = counts(&self.wide).map(|(&(ct, o), n)| (Key::Value((Some(ct), o)), n));
        let untyped = counts(&self.untyped).map(|(&o, n)| (Key::Value((None, o)), n));
        let none = (self.none > 0).then_some((Key::None, self.none));
        packed.chain(wide).chain(untyped).chain(none)
    }
}

/// The IP addresses facet's counts, packed: an IPv4 address (nearly all of them) and its count
/// in 8 bytes, not the 24 a `Key<IpAddr>` takes (see `ObjectCounts`).
#[derive(Clone, Debug, Default)]
struct IpCounts {
    v4: HashMap<u32, u32>,
    /// IPv6 addresses, none and unparsed.
    other: HashMap<Key<IpAddr>, u32>,
}

impl IpCounts {
    fn bump(&mut self, key: Key<IpAddr>) {
        match key {
            Key::Value(IpAddr::V4(a)) => bump(&mut self.v4, u32::from(a)),
            other => bump(&mut self.other, other),
        }
    }

    fn len(&self) -> usize {
        self.v4.len() + self.other.len()
    }

    fn iter(&self) -> impl Iterator<Item = (Key<IpAddr>, u32)> + '_ {
        let v4 = counts(&self.v4).map(|(&a, n)| (Key::Value(IpAddr::V4(a.into())), n));
        v4.chain(counts(&self.other).map(|(k, n)| (k.clone(), n)))
    }
}

/// At most `MAX_TEXT_CHARS` characters, "…" marking a cut.
fn clip(s: &str) -> String {
    match s.char_indices().nth(MAX_TEXT_CHARS) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

fn uuid_hash(uuid: &str) -> u64 {
    // SipHash with fixed keys: the same on every run, and not steerable by the data.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    uuid.hash(&mut h);
    h.finish()
}

/// An IP address in its canonical form; "(unparsed)" for anything else, "(none)" for no value.
pub fn ip_key(addr: Option<&str>) -> Key<IpAddr> {
    match addr.map(str::trim) {
        None | Some("") => Key::None,
        Some(a) => a.parse().map(Key::Value).unwrap_or(Key::Unparsed),
    }
}

/// Splits a URL into its origin (`https://shop.example.com`, scheme and host lower-cased, user
/// and password dropped) and its path (without query or fragment; "/" when empty). A path
/// without a host (`/api/v1/x`) has the origin "". `None` when it is not a URL: no scheme, an
/// empty host, or whitespace or control characters anywhere.
pub fn split_url(url: &str) -> Option<(String, &str)> {
    let url = url.trim();
    if url.is_empty() || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let (origin, rest) = if url.starts_with('/') && !url.starts_with("//") {
        (String::new(), url)
    } else {
        let (scheme, after) = url.split_once("://")?;
        let mut chars = scheme.chars();
        let scheme_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if !scheme_ok {
            return None;
        }
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        let authority = &after[..end];
        // Credentials in a URL are never shown: only the host and port.
        let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        if host.is_empty() {
            return None;
        }
        (
            format!(
                "{}://{}",
                scheme.to_ascii_lowercase(),
                host.to_ascii_lowercase()
            ),
            &after[end..],
        )
    };
    let path_end = rest.find(['?', '#']).unwrap_or(rest.len());
    let path = &rest[..path_end];
    Some((origin, if path.is_empty() { "/" } else { path }))
}

/// A UUID, with or without its hyphens.
fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    match b.len() {
        32 => b.iter().all(u8::is_ascii_hexdigit),
        36 => b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        }),
        _ => false,
    }
}

/// The path with every numeric or UUID segment replaced by `{id}`, so `/orders/123/` and
/// `/orders/124/` are one endpoint.
pub fn fold_path(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            if (!seg.is_empty() && seg.bytes().all(|c| c.is_ascii_digit())) || is_uuid(seg) {
                "{id}"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The endpoint of an event's URL, and its raw path.
pub fn endpoint_key(url: Option<&str>) -> (Key<Endpoint>, Option<String>) {
    let Some(url) = url.filter(|u| !u.trim().is_empty()) else {
        return (Key::None, None);
    };
    match split_url(url) {
        Some((origin, path)) => (
            Key::Value(Endpoint {
                origin,
                path: clip(&fold_path(path)),
            }),
            Some(clip(path)),
        ),
        None => (Key::Unparsed, None),
    }
}

/// `content.action` when `content` is an object with a text `action`; "(none)" when there is no
/// content or no action; "(unparsed)" when `content` is not an object or the action not text.
pub fn action_key(content: &ContentAction) -> Key<String> {
    match content {
        ContentAction::Null => Key::None,
        ContentAction::Object(action) => match action {
            None | Some(Value::Null) => Key::None,
            Some(Value::String(s)) if s.trim().is_empty() => Key::None,
            Some(Value::String(s)) => Key::Value(clip(s)),
            Some(_) => Key::Unparsed,
        },
        ContentAction::NotObject => Key::Unparsed,
    }
}

impl Summary {
    /// Events counted (each once).
    pub fn read(&self) -> u64 {
        self.read
    }

    /// Events the API sent again on a later page (counted once, these not at all).
    pub fn repeated(&self) -> u64 {
        self.repeated
    }

    /// Folds a page's events in, stopping once `cap` events are counted. Returns how many of
    /// the page were looked at (counted or found to be repeats).
    pub fn fold_page(&mut self, events: &[Brief], cap: u64) -> usize {
        let mut looked = 0;
        for e in events {
            if self.read >= cap {
                break;
            }
            looked += 1;
            self.fold(e);
        }
        looked
    }

    /// Counts one event in every facet (unless it was counted before).
    pub fn fold(&mut self, e: &Brief) {
        if !self.seen.insert(uuid_hash(&e.uuid)) {
            self.repeated += 1;
            return;
        }
        self.read += 1;
        let user = match &e.user {
            UserRef::System => Key::None,
            UserRef::Id(id) => Key::Value(*id),
            UserRef::Full(u) => {
                self.user_names.entry(u.pk).or_insert_with(|| {
                    let name = format!("{} {}", u.first_name.trim(), u.last_name.trim());
                    (clip(name.trim()), clip(u.email.trim()))
                });
                Key::Value(u.pk)
            }
        };
        bump(&mut self.users, user);
        bump(
            &mut self.content_types,
            e.content_type.map_or(Key::None, Key::Value),
        );
        self.objects.bump(e.content_type, e.object_id);
        self.ips.bump(ip_key(e.remote_addr.as_deref()));
        let (endpoint, raw) = endpoint_key(e.url.as_deref());
        if let (Key::Value(ep), Some(raw)) = (&endpoint, raw) {
            let paths = self.raw_paths.entry(ep.clone()).or_default();
            if let Some((_, n)) = paths.kept.iter_mut().find(|(p, _)| *p == raw) {
                *n += 1;
            } else if paths.kept.len() < RAW_PATHS_KEPT {
                paths.kept.push((raw, 1));
            } else {
                paths.others += 1;
            }
        }
        bump(&mut self.endpoints, endpoint);
        bump(&mut self.actions, action_key(&e.action));
        match parse_timestamp(&e.timestamp) {
            Some(t) => {
                bump(&mut self.slots, t.timestamp().div_euclid(SLOT_SECS));
                if self.first.as_ref().is_none_or(|(f, _)| t < *f) {
                    self.first = Some((t, e.uuid.clone()));
                }
                if self.last.as_ref().is_none_or(|(l, _)| t > *l) {
                    self.last = Some((t, e.uuid.clone()));
                }
            }
            None => self.unparsed_times += 1,
        }
    }

    /// The oldest and the newest event read: time and uuid.
    pub fn first_last(&self) -> (Option<&Stamp>, Option<&Stamp>) {
        (self.first.as_ref(), self.last.as_ref())
    }

    /// Events whose time did not parse (in no cell of the grid).
    pub fn unparsed_times(&self) -> u32 {
        self.unparsed_times
    }

    /// Whether any event's `content` named an action (the actions facet is shown only then).
    pub fn has_actions(&self) -> bool {
        self.actions.keys().any(|k| matches!(k, Key::Value(_)))
    }

    /// Events per day of week (Monday first) × hour of day, in `zone`.
    pub fn week_grid(&self, zone: &dyn ZoneRules) -> [[u32; 24]; 7] {
        let mut grid = [[0u32; 24]; 7];
        for (slot, n) in &self.slots {
            let Some(t) = DateTime::from_timestamp(slot * SLOT_SECS, 0) else {
                continue;
            };
            let local = t + Duration::seconds(zone.offset_at(t).local_minus_utc() as i64);
            let day = local.weekday().num_days_from_monday() as usize;
            grid[day][local.hour() as usize] += n;
        }
        grid
    }

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
            FacetKind::Paths => "The API cannot filter by URL: these values are not links. Numeric and UUID path segments are counted as {id}; each path's raw forms are listed beside it.",
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
    fn new(cells: Vec<String>, count: u32) -> Row {
        Row {
            cells,
            count,
            filter: None,
            raw: None,
        }
    }
    fn filter(mut self, f: Filter) -> Row {
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

/// How far a summary got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    Complete,
    Cancelled,
    Stopped,
}

/// The summary's heading, which says plainly what was read: "Summary of 1,234 events", "Summary
/// of the newest 20,000 of 183,402 events", "Partial summary (cancelled): the newest 3,500 of
/// 183,402 events".
pub fn heading(read: u64, matching: u64, progress: Progress) -> String {
    let what = if read >= matching {
        format!(
            "{} event{}",
            thousands(read),
            if read == 1 { "" } else { "s" }
        )
    } else {
        format!(
            "the newest {} of {} events",
            thousands(read),
            thousands(matching)
        )
    };
    match progress {
        Progress::Complete => format!("Summary of {what}"),
        Progress::Cancelled => format!("Partial summary (cancelled): {what}"),
        Progress::Stopped => format!("Partial summary (stopped by an error): {what}"),
    }
}

/// How many events to read: all that match, at most `cap`.
pub fn target(matching: u64, cap: u32) -> u64 {
    matching.min(cap as u64)
}

/// How many pages of `SUMMARY_PAGE_SIZE` hold `target` events: ⌈target / 500⌉.
pub fn pages_for(target: u64) -> u64 {
    target.div_ceil(SUMMARY_PAGE_SIZE as u64)
}

/// "3,500 of 20,000 events read".
pub fn progress_text(read: u64, target: u64) -> String {
    format!("{} of {} events read", thousands(read), thousands(target))
}

pub const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A grid cell's shade, 0 (no events) to 5 (the busiest), by its share of the busiest cell.
pub fn heat_level(count: u32, max: u32) -> u8 {
    if count == 0 || max == 0 {
        return 0;
    }
    (1 + (count as u64 * 4) / max as u64).min(5) as u8
}

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
    pub heading: &'a str,
    /// The list's filters, as the URL has them.
    pub filters: &'a str,
    pub matching: u64,
    pub zone: &'a dyn ZoneRules,
    /// "UTC" or the browser's zone name, for the grid's section.
    pub zone_name: &'a str,
    pub label: &'a dyn Fn(i64) -> Option<String>,
}

/// The summary as CSV (RFC 4180, CRLF): what was read, then one section per facet (every value,
/// not only the top ten), the raw paths, the hour × day grid and the first and last event.
pub fn to_csv(s: &Summary, cx: &CsvContext) -> String {
    let mut out = String::new();
    let read = s.read();
    csv_line(&mut out, &["Audit Console summary", cx.heading]);
    csv_line(&mut out, &["filters", cx.filters]);
    csv_line(&mut out, &["events matching", &cx.matching.to_string()]);
    csv_line(&mut out, &["events read", &read.to_string()]);
    if s.repeated() > 0 {
        csv_line(
            &mut out,
            &[
                "events sent twice by the API (counted once)",
                &s.repeated().to_string(),
            ],
        );
    }
    let facets = s.facets(cx.label);
    for f in &facets {
        out.push_str("\r\n");
        csv_line(&mut out, &[f.kind.title()]);
        let mut header: Vec<&str> = f.kind.columns().to_vec();
        header.extend(["events", "share"]);
        csv_line(&mut out, &header);
        for r in &f.rows {
            let mut cells = r.cells.clone();
            cells.push(r.count.to_string());
            cells.push(share_text(r.count as u64, read));
            csv_line(&mut out, &cells);
        }
    }
    if let Some(paths) = facets.iter().find(|f| f.kind == FacetKind::Paths) {
        out.push_str("\r\n");
        csv_line(
            &mut out,
            &[&format!(
                "Raw URL paths (the first {RAW_PATHS_KEPT} distinct of each path)"
            )],
        );
        csv_line(
            &mut out,
            &[
                "Path (ids as {id})",
                "Scheme and host",
                "raw path",
                "events",
            ],
        );
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
                        "(other paths)",
                        &raw.others.to_string(),
                    ],
                );
            }
        }
    }
    out.push_str("\r\n");
    csv_line(
        &mut out,
        &[&format!(
            "Events by day of week and hour of day ({})",
            cx.zone_name
        )],
    );
    let mut header = vec!["day".to_string()];
    header.extend((0..24).map(|h| format!("{h:02}:00")));
    csv_line(&mut out, &header);
    for (day, hours) in DAYS.iter().zip(s.week_grid(cx.zone)) {
        let mut cells = vec![day.to_string()];
        cells.extend(hours.iter().map(u32::to_string));
        csv_line(&mut out, &cells);
    }
    if s.unparsed_times() > 0 {
        csv_line(
            &mut out,
            &[
                "events whose time did not parse",
                &s.unparsed_times().to_string(),
            ],
        );
    }
    out.push_str("\r\n");
    csv_line(
        &mut out,
        &["First and last event", "time (UTC)", "time", "uuid"],
    );
    let (first, last) = s.first_last();
    for (name, e) in [("first", first), ("last", last)] {
        if let Some((t, uuid)) = e {
            let utc = t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
            let local = format!("{} {}", display_in(*t, cx.zone), offset_label(*t, cx.zone));
            csv_line(&mut out, &[name, &utc, &local, uuid]);
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
    use crate::api::Event;
    use crate::common::time::Fixed;
    use serde_json::json;

    /// An event as the list decodes it, then as the summary reads it.
    fn event(v: Value) -> Brief {
        Brief::from(&serde_json::from_value::<Event>(v).unwrap())
    }

    fn ev(uuid: &str, extra: Value) -> Brief {
        let mut v = json!({"uuid": uuid, "timestamp": "2026-11-23T10:15:00Z"});
        if let (Value::Object(m), Value::Object(x)) = (&mut v, extra) {
            m.extend(x);
        }
        event(v)
    }

    fn label(ct: i64) -> Option<String> {
        (ct == 6).then(|| "orders.order".to_string())
    }

    fn facet(s: &Summary, kind: FacetKind) -> Facet {
        s.facet(kind, &label, usize::MAX)
    }

    #[test]
    fn paths_fold_numeric_and_uuid_segments() {
        assert_eq!(fold_path("/api/v1/orders/123/"), "/api/v1/orders/{id}/");
        assert_eq!(fold_path("/api/v1/orders/124/"), "/api/v1/orders/{id}/");
        assert_eq!(
            fold_path("/u/ffa8c5c5-1b50-4edb-88da-bb8c6298d3e9/x/FFA8C5C51B504EDB88DABB8C6298D3E9"),
            "/u/{id}/x/{id}"
        );
        assert_eq!(
            fold_path("/v2/item-12/12a/"),
            "/v2/item-12/12a/",
            "only whole segments"
        );
        assert_eq!(fold_path("/"), "/");
        assert_eq!(fold_path(""), "");
        assert_eq!(fold_path("//a//1"), "//a//{id}");
    }

    #[test]
    fn urls_split_into_origin_and_path() {
        assert_eq!(
            split_url("HTTPS://Shop.Example.com:8443/api/v1/orders/7/?x=1#top"),
            Some(("https://shop.example.com:8443".into(), "/api/v1/orders/7/"))
        );
        assert_eq!(
            split_url("https://admin:hunter2@shop.example.com/x"),
            Some(("https://shop.example.com".into(), "/x")),
            "credentials are dropped"
        );
        assert_eq!(
            split_url("https://shop.example.com"),
            Some(("https://shop.example.com".into(), "/"))
        );
        assert_eq!(
            split_url("https://shop.example.com?q=1"),
            Some(("https://shop.example.com".into(), "/"))
        );
        assert_eq!(split_url("/api/v1/x?y"), Some((String::new(), "/api/v1/x")));
        for bad in [
            "",
            "   ",
            "not a url",
            "javascript:alert(1)",
            "//evil.example/x",
            "https:///x",
            "1http://x/",
            "https://a b/",
            "https://x/\u{0}",
            "<script>alert(1)</script>",
        ] {
            assert_eq!(split_url(bad), None, "{bad:?}");
        }
        let (key, raw) = endpoint_key(Some("https://shop.example.com/api/v1/orders/123/?x=880"));
        assert_eq!(
            key,
            Key::Value(Endpoint {
                origin: "https://shop.example.com".into(),
                path: "/api/v1/orders/{id}/".into()
            })
        );
        assert_eq!(raw.as_deref(), Some("/api/v1/orders/123/"));
        assert_eq!(endpoint_key(None).0, Key::None);
        assert_eq!(endpoint_key(Some(" ")).0, Key::None);
        assert_eq!(endpoint_key(Some("%%%")).0, Key::Unparsed);
    }

    #[test]
    fn ips_and_actions_count_none_and_unparsed() {
        assert_eq!(ip_key(None), Key::None);
        assert_eq!(ip_key(Some("")), Key::None);
        assert_eq!(
            ip_key(Some("10.0.0.1")),
            Key::Value("10.0.0.1".parse().unwrap())
        );
        assert_eq!(
            ip_key(Some("2001:DB8:0:0::1")),
            ip_key(Some("2001:db8::1")),
            "one address, however written"
        );
        assert_eq!(ip_key(Some("10.0.0.256")), Key::Unparsed);
        assert_eq!(ip_key(Some("<img src=x onerror=alert(1)>")), Key::Unparsed);
        assert_eq!(
            action_key(&ContentAction::of(&json!({"action": "update"}))),
            Key::Value("update".into())
        );
        assert_eq!(
            action_key(&ContentAction::of(&json!({"changes": {}}))),
            Key::None
        );
        assert_eq!(action_key(&ContentAction::of(&Value::Null)), Key::None);
        assert_eq!(
            action_key(&ContentAction::of(&json!({"action": ""}))),
            Key::None
        );
        assert_eq!(
            action_key(&ContentAction::of(&json!({"action": 7}))),
            Key::Unparsed
        );
        assert_eq!(
            action_key(&ContentAction::of(&json!("update"))),
            Key::Unparsed
        );
        assert_eq!(
            action_key(&ContentAction::of(&json!([1, 2]))),
            Key::Unparsed
        );
        let long = "x".repeat(100_000);
        match action_key(&ContentAction::of(&json!({ "action": long }))) {
            Key::Value(a) => assert_eq!(a.chars().count(), MAX_TEXT_CHARS + 1),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn folding_counts_every_facet_and_repeats_once() {
        let mut s = Summary::default();
        let events = vec![
            ev(
                "a",
                json!({"user": {"pk": 1, "email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace"},
                "content_type": 6, "object_id": 77, "remote_addr": "10.0.0.1",
                "url": "https://shop.example.com/api/v1/orders/77/?x=1", "content": {"action": "update"}}),
            ),
            ev(
                "b",
                json!({"user": 1, "content_type": 6, "object_id": 78, "remote_addr": "10.0.0.1",
                "url": "https://shop.example.com/api/v1/orders/78/", "content": {"action": "update"}}),
            ),
            ev(
                "c",
                json!({"user": null, "content_type": 3, "remote_addr": null, "url": "not a url",
                "content": "text", "timestamp": "garbage"}),
            ),
            ev("a", json!({})),
        ];
        assert_eq!(s.fold_page(&events, 100), 4);
        assert_eq!((s.read(), s.repeated()), (3, 1));
        let users = facet(&s, FacetKind::Users);
        assert_eq!(
            users.rows[0].cells,
            ["Ada Lovelace", "ada@example.com", "1"]
        );
        assert_eq!(users.rows[0].count, 2);
        assert_eq!(users.rows[0].filter, Some(Filter::User(1)));
        assert_eq!(users.rows[1].cells[0], "system");
        assert_eq!(users.rows[1].filter, None);
        let types = facet(&s, FacetKind::ContentTypes);
        assert_eq!(types.rows[0].cells, ["orders.order", "6"]);
        assert_eq!(types.rows[1].cells, ["type 3", "3"]);
        let objects = facet(&s, FacetKind::Objects);
        assert_eq!(objects.rows.len(), 3);
        assert_eq!(objects.rows[0].cells, ["orders.order #77", "6", "77"]);
        assert_eq!(objects.rows[2].cells[0], "(none)");
        let ips = facet(&s, FacetKind::Ips);
        assert_eq!(
            (ips.rows[0].cells[0].as_str(), ips.rows[0].count),
            ("10.0.0.1", 2)
        );
        assert_eq!(ips.rows[1].cells[0], "(none)");
        let paths = facet(&s, FacetKind::Paths);
        assert_eq!(
            paths.rows[0].cells,
            ["/api/v1/orders/{id}/", "https://shop.example.com"]
        );
        assert_eq!(paths.rows[0].count, 2);
        assert_eq!(
            paths.rows[0].raw.as_ref().unwrap().kept,
            vec![
                ("/api/v1/orders/77/".to_string(), 1),
                ("/api/v1/orders/78/".to_string(), 1)
            ]
        );
        assert_eq!(paths.rows[1].cells[0], "(unparsed)");
        let actions = facet(&s, FacetKind::Actions);
        assert_eq!(actions.rows[0].cells[0], "update");
        assert_eq!(actions.rows[1].cells[0], "(unparsed)");
        assert_eq!(s.unparsed_times(), 1);
        for f in s.facets(&label) {
            assert_eq!(f.total(), 3, "{:?} adds up", f.kind);
        }
    }

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
    fn packed_facets_keep_every_kind_of_value_apart() {
        // Addresses: IPv4 packed, IPv6 (an IPv4-mapped one too), none and unparsed beside them;
        // objects: with a content type, without one, and no object at all.
        let mut s = Summary::default();
        let rows = [
            json!({"remote_addr": "10.0.0.1", "content_type": 6, "object_id": 5}),
            json!({"remote_addr": "10.0.0.1", "content_type": 7, "object_id": 5}),
            json!({"remote_addr": "::ffff:10.0.0.1", "object_id": 5}),
            json!({"remote_addr": "2001:db8::1", "content_type": 6, "object_id": 5}),
            json!({"remote_addr": null, "content_type": 6}),
            json!({"remote_addr": "nope"}),
            json!({"content_type": 70000, "object_id": 5}),
            json!({"content_type": 6, "object_id": -5}),
            json!({"content_type": 6, "object_id": 1_i64 << 50}),
        ];
        let events: Vec<Brief> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| ev(&format!("p{i}"), r.clone()))
            .collect();
        s.fold_page(&events, 100);
        let cells = |kind| {
            s.facet(kind, &label, usize::MAX)
                .rows
                .into_iter()
                .map(|r| (r.cells[0].clone(), r.count))
                .collect::<Vec<_>>()
        };
        let n = |t: &str, c| (t.to_string(), c);
        assert_eq!(
            cells(FacetKind::Ips),
            [
                n(NONE_LABEL, 4),
                n("10.0.0.1", 2),
                n("::ffff:10.0.0.1", 1),
                n("2001:db8::1", 1),
                n(UNPARSED_LABEL, 1)
            ]
        );
        assert_eq!(
            cells(FacetKind::Objects),
            [
                n("orders.order #5", 2),
                n(NONE_LABEL, 2),
                n("#5 (no content type)", 1),
                n("orders.order #-5", 1),
                n("orders.order #1125899906842624", 1),
                n("type 7 #5", 1),
                n("type 70000 #5", 1)
            ]
        );
        assert_eq!(s.facet(FacetKind::Objects, &label, 1).distinct, 7);
        assert_eq!(s.facet(FacetKind::Ips, &label, 1).distinct, 5);
    }

    #[test]
    fn the_cap_stops_folding() {
        let mut s = Summary::default();
        let events: Vec<Brief> = (0..500).map(|i| ev(&format!("e{i}"), json!({}))).collect();
        assert_eq!(s.fold_page(&events, 1234), 500);
        assert_eq!(s.fold_page(&events, 1234), 500, "all repeats");
        assert_eq!(s.read(), 500);
        let more: Vec<Brief> = (500..1500)
            .map(|i| ev(&format!("e{i}"), json!({})))
            .collect();
        assert_eq!(s.fold_page(&more, 1234), 734);
        assert_eq!(s.read(), 1234);
        assert_eq!(pages_for(target(183_402, 20_000)), 40);
        assert_eq!(pages_for(target(1234, 20_000)), 3);
        assert_eq!(pages_for(0), 0);
        assert_eq!(target(10, 500), 10);
    }

    #[test]
    fn raw_paths_keep_the_first_distinct_ones() {
        let mut s = Summary::default();
        let events: Vec<Brief> = (0..30)
            .map(|i| {
                ev(
                    &format!("e{i}"),
                    json!({"url": format!("https://x.example/o/{}/", i % 25)}),
                )
            })
            .collect();
        s.fold_page(&events, 100);
        let paths = facet(&s, FacetKind::Paths);
        let raw = paths.rows[0].raw.as_ref().unwrap();
        assert_eq!(raw.kept.len(), RAW_PATHS_KEPT);
        assert_eq!(raw.kept[0], ("/o/0/".to_string(), 2));
        let kept: u32 = raw.kept.iter().map(|(_, n)| n).sum();
        assert_eq!(kept + raw.others, 30);
    }

    #[test]
    fn the_week_grid_follows_the_zone() {
        let mut s = Summary::default();
        // Monday 2026-11-23 10:15 UTC, and Sunday 23:50 UTC.
        s.fold(&ev("a", json!({})));
        s.fold(&ev("b", json!({"timestamp": "2026-11-22T23:50:00Z"})));
        let utc = s.week_grid(&Fixed::utc());
        assert_eq!(utc[0][10], 1);
        assert_eq!(utc[6][23], 1);
        let plus = Fixed(chrono::FixedOffset::east_opt(5 * 3600 + 30 * 60).unwrap());
        let grid = s.week_grid(&plus);
        assert_eq!(grid[0][15], 1, "10:15 UTC is 15:45 at +05:30");
        assert_eq!(grid[0][5], 1, "Sunday 23:50 UTC is Monday 05:20 at +05:30");
        let minus = Fixed(chrono::FixedOffset::west_opt(11 * 3600).unwrap());
        assert_eq!(
            s.week_grid(&minus)[6][12],
            1,
            "Sunday 23:50 UTC is Sunday 12:50 at −11"
        );
        let (first, last) = s.first_last();
        assert_eq!(first.unwrap().1, "b");
        assert_eq!(last.unwrap().1, "a");
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

    #[test]
    fn headings_say_what_was_read() {
        assert_eq!(
            heading(1234, 1234, Progress::Complete),
            "Summary of 1,234 events"
        );
        assert_eq!(heading(1, 1, Progress::Complete), "Summary of 1 event");
        assert_eq!(
            heading(20_000, 183_402, Progress::Complete),
            "Summary of the newest 20,000 of 183,402 events"
        );
        assert_eq!(
            heading(3_500, 183_402, Progress::Cancelled),
            "Partial summary (cancelled): the newest 3,500 of 183,402 events"
        );
        assert_eq!(progress_text(3_500, 20_000), "3,500 of 20,000 events read");
        assert_eq!(share_text(1, 3), "33.3%");
        assert_eq!(share_text(2, 3), "66.7%");
        assert_eq!(share_text(1, 100_000), "<0.1%");
        assert_eq!(share_text(0, 10), "0%");
        assert_eq!(share_text(5, 0), "0%");
        assert_eq!(heat_level(0, 10), 0);
        assert_eq!(heat_level(1, 10), 1);
        assert_eq!(heat_level(10, 10), 5);
    }

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
        assert!(text.ends_with("\r\n"));
        for section in [
            "\r\nUsers\r\nUser,Email,User ID,events,share\r\n",
            "\r\nContent types\r\n",
            "\r\nObjects\r\n",
            "orders.order #9,6,9,1,50.0%\r\n",
            "\r\nIP addresses\r\nIP address,events,share\r\n(none),2,100.0%\r\n",
            "\r\nURL paths\r\n",
            "\r\nActions\r\n",
            "\r\nRaw URL paths",
            "Events by day of week and hour of day (UTC)\r\nday,00:00,",
            "\r\nMonday,0,0,0,0,0,0,0,0,0,0,2,",
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

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

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
