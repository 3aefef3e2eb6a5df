//! Where the counts come from, for now: the list's own pages. The filtered set is read
//! `SUMMARY_PAGE_SIZE` events a request, newest first, up to a cap (`target`, `pages_for`), and
//! each page is folded into the `Summary` as it arrives (`Summary::fold_page`, `Summary::fold`),
//! then dropped; an event the API sends again on a later page is counted once (by a hash of its
//! uuid).

use std::hash::{Hash, Hasher};

use crate::api::{Brief, UserRef};
use crate::common::format::parse_timestamp;

use super::counts::{bump, Summary, SLOT_SECS};
use super::keys::{action_key, clip, endpoint_key, ip_key, Key};
use super::RAW_PATHS_KEPT;

/// Events per request: the API's usual cap.
pub const SUMMARY_PAGE_SIZE: u32 = 500;

/// How many events to read: all that match, at most `cap`.
pub fn target(matching: u64, cap: u32) -> u64 {
    matching.min(cap as u64)
}

/// How many pages of `SUMMARY_PAGE_SIZE` hold `target` events: ⌈target / 500⌉.
pub fn pages_for(target: u64) -> u64 {
    target.div_ceil(SUMMARY_PAGE_SIZE as u64)
}

fn uuid_hash(uuid: &str) -> u64 {
    // SipHash with fixed keys: the same on every run, and not steerable by the data.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    uuid.hash(&mut h);
    h.finish()
}

impl Summary {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::list::summary::tests::{ev, facet, label};
    use crate::list::summary::{FacetKind, Filter};
    use serde_json::json;

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
}
