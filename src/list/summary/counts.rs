//! What is counted: `Summary`, every facet's counts so far (users and their names, content
//! types, objects, IP addresses, endpoints and their raw paths, actions), events per 15-minute
//! slot (UTC) and the first and last event. The facets with the most distinct values, objects and
//! addresses, are kept packed (`ObjectCounts`, `IpCounts`). Where the counts come from is not
//! here: `pages` folds the list's pages in; `ranking`, `heat_map` and `csv` read them out.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::net::IpAddr;

use chrono::{DateTime, Utc};

use super::keys::{Endpoint, Key};

/// The grain of the "when" counts: every zone's offset is a multiple of 15 minutes.
pub(super) const SLOT_SECS: i64 = 15 * 60;

/// The raw paths seen for one endpoint: the first `RAW_PATHS_KEPT` distinct ones with their
/// counts, and how many events had another.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawPaths {
    pub kept: Vec<(String, u32)>,
    pub others: u32,
}

/// An event's time and uuid.
pub type Stamp = (DateTime<Utc>, String);

/// The first and last event.
pub type Span = (Option<Stamp>, Option<Stamp>);

/// Everything counted so far.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub(super) read: u64,
    pub(super) repeated: u64,
    /// A 64-bit hash of each uuid counted: an event the API repeats across pages is counted once.
    pub(super) seen: HashSet<u64>,
    pub(super) users: HashMap<Key<i64>, u32>,
    /// Name and email of each user, as first read (the newest).
    pub(super) user_names: HashMap<i64, (String, String)>,
    pub(super) content_types: HashMap<Key<i64>, u32>,
    pub(super) objects: ObjectCounts,
    pub(super) ips: IpCounts,
    pub(super) endpoints: HashMap<Key<Endpoint>, u32>,
    pub(super) raw_paths: HashMap<Endpoint, RawPaths>,
    pub(super) actions: HashMap<Key<String>, u32>,
    /// Events per 15-minute slot since the epoch (UTC).
    pub(super) slots: HashMap<i64, u32>,
    pub(super) unparsed_times: u32,
    pub(super) first: Option<Stamp>,
    pub(super) last: Option<Stamp>,
}

pub(super) fn bump<K: Hash + Eq>(map: &mut HashMap<K, u32>, key: K) {
    *map.entry(key).or_insert(0) += 1;
}

/// A map's entries with their counts.
pub(super) fn counts<K>(map: &HashMap<K, u32>) -> impl Iterator<Item = (&K, u32)> {
    map.iter().map(|(k, n)| (k, *n))
}

/// The objects facet's counts, packed: the two facets with the most distinct values (objects and
/// addresses, tens of thousands each in a big set) are most of a summary's memory, so their
/// entries are kept small. An object whose content type and id fit in 16 and 48 bits (as ids
/// do) is one `u64` — 16 bytes an entry with its count, not the 32 of a
/// `Key<(Option<i64>, i64)>`; any other pair is kept whole.
#[derive(Clone, Debug, Default)]
pub(super) struct ObjectCounts {
    packed: HashMap<u64, u32>,
    wide: HashMap<(i64, i64), u32>,
    /// An object id without a content type.
    untyped: HashMap<i64, u32>,
    /// No object id.
    none: u32,
}

const OBJECT_ID_BITS: u32 = 48;

impl ObjectCounts {
    pub(super) fn bump(&mut self, content_type: Option<i64>, object_id: Option<i64>) {
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

    pub(super) fn len(&self) -> usize {
        self.packed.len() + self.wide.len() + self.untyped.len() + usize::from(self.none > 0)
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = (Key<(Option<i64>, i64)>, u32)> + '_ {
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
pub(super) struct IpCounts {
    v4: HashMap<u32, u32>,
    /// IPv6 addresses, none and unparsed.
    other: HashMap<Key<IpAddr>, u32>,
}

impl IpCounts {
    pub(super) fn bump(&mut self, key: Key<IpAddr>) {
        match key {
            Key::Value(IpAddr::V4(a)) => bump(&mut self.v4, u32::from(a)),
            other => bump(&mut self.other, other),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.v4.len() + self.other.len()
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = (Key<IpAddr>, u32)> + '_ {
        let v4 = counts(&self.v4).map(|(&a, n)| (Key::Value(IpAddr::V4(a.into())), n));
        v4.chain(counts(&self.other).map(|(k, n)| (k.clone(), n)))
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Brief;
    use crate::list::summary::tests::{ev, label};
    use crate::list::summary::FacetKind;
    use serde_json::json;

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
                n("(none)", 4),
                n("10.0.0.1", 2),
                n("::ffff:10.0.0.1", 1),
                n("2001:db8::1", 1),
                n("(unparsed)", 1)
            ]
        );
        assert_eq!(
            cells(FacetKind::Objects),
            [
                n("orders.order #5", 2),
                n("(none)", 2),
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
}
