//! The timeline's count cache: an audit log only grows at "now", so a bucket that ended a while
//! before its count was taken keeps that count. Those counts are kept per browser (bounded, with a
//! lifetime, because archiving can move old events away) so that reloading a view, going back,
//! opening a shared link again, paging, sorting or switching the zone asks the API only for the
//! buckets that touch "now".
//!
//! Pure: what may be cached, for how long, and how many; `chart` keeps it in `localStorage`.
//! The cache holds counts and the queries they answer, never the token or event data, and only
//! one API base's counts.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

/// A bucket must have ended at least this long before its count was taken: events are stamped
/// when a request starts and may be committed a little later.
pub const SETTLE_SECS: i64 = 60;
/// Counts kept at most (about 200 bytes each in storage); the oldest go first.
pub const MAX_ENTRIES: usize = 2_000;

/// Whether a count taken at `answered_at` for a bucket ending at `end` can no longer change.
pub fn is_settled(end: DateTime<Utc>, answered_at: DateTime<Utc>) -> bool {
    end <= answered_at - Duration::seconds(SETTLE_SECS)
}

/// Stored as plain text (smaller in wasm than a serde format): the base on the first line, then
/// one `taken-at-ms count query` line per count.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CountCache {
    /// The API base these counts came from.
    base: String,
    /// Bucket query (API parameters) → count and when it was taken (ms since the epoch).
    entries: BTreeMap<String, (u64, i64)>,
}

impl CountCache {
    /// The stored cache, read tolerantly: unreadable text or another API's counts give an empty
    /// cache for `base`.
    pub fn parse(text: Option<&str>, base: &str) -> CountCache {
        let mut cache = CountCache {
            base: base.to_string(),
            entries: BTreeMap::new(),
        };
        let mut lines = text.unwrap_or_default().lines();
        if lines.next() != Some(base) {
            return cache;
        }
        for line in lines {
            let mut parts = line.splitn(3, ' ');
            if let (Some(Ok(at)), Some(Ok(count)), Some(query)) = (
                parts.next().map(str::parse::<i64>),
                parts.next().map(str::parse::<u64>),
                parts.next(),
            ) {
                cache.entries.insert(query.to_string(), (count, at));
            }
        }
        cache
    }

    pub fn to_text(&self) -> String {
        let mut out = self.base.clone();
        for (query, (count, at)) in &self.entries {
            out.push_str(&format!("\n{at} {count} {query}"));
        }
        out
    }

    /// The count for a bucket query, if one was taken within `lifetime` of `now`.
    pub fn get(&self, query: &str, now: DateTime<Utc>, lifetime: Duration) -> Option<u64> {
        let (count, at) = self.entries.get(query)?;
        let taken = DateTime::from_timestamp_millis(*at)?;
        (now - taken <= lifetime && taken <= now).then_some(*count)
    }

    /// Keeps a settled count (see `is_settled`); a full cache drops its oldest counts first.
    pub fn put(
        &mut self,
        query: String,
        count: u64,
        end: DateTime<Utc>,
        answered_at: DateTime<Utc>,
    ) {
        if !is_settled(end, answered_at) {
            return;
        }
        self.entries
            .insert(query, (count, answered_at.timestamp_millis()));
        // The oldest go first (ties by key), one at a time: no sort to ship for what is
        // nearly always one entry.
        for _ in MAX_ENTRIES..self.entries.len() {
            let oldest = self
                .entries
                .iter()
                .map(|(k, (_, at))| (*at, k))
                .min()
                .map(|(_, k)| k.clone());
            if let Some(key) = oldest {
                self.entries.remove(&key);
            }
        }
    }

    /// Drops counts older than `lifetime`.
    pub fn prune(&mut self, now: DateTime<Utc>, lifetime: Duration) {
        let oldest = (now - lifetime).timestamp_millis();
        self.entries.retain(|_, (_, at)| *at >= oldest);
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    const BASE: &str = "https://shop.example/api/v1";

    #[test]
    fn only_buckets_that_ended_a_while_before_the_count_are_kept() {
        let answered = t("2026-11-25T12:00:00Z");
        let mut c = CountCache::parse(None, BASE);
        c.put("old".into(), 7, t("2026-11-25T11:00:00Z"), answered);
        c.put("edge".into(), 8, t("2026-11-25T11:59:00Z"), answered);
        c.put("now".into(), 9, t("2026-11-25T11:59:30Z"), answered);
        c.put("future".into(), 10, t("2026-11-25T13:00:00Z"), answered);
        let day = Duration::hours(24);
        assert_eq!(c.get("old", answered, day), Some(7));
        assert_eq!(c.get("edge", answered, day), Some(8));
        assert_eq!(
            c.get("now", answered, day),
            None,
            "touches now: asked again"
        );
        assert_eq!(c.get("future", answered, day), None);
        assert_eq!(c.get("other filters", answered, day), None);
    }

    #[test]
    fn counts_expire_after_their_lifetime() {
        let answered = t("2026-11-25T12:00:00Z");
        let mut c = CountCache::parse(None, BASE);
        c.put("q".into(), 5, t("2026-11-24T00:00:00Z"), answered);
        let day = Duration::hours(24);
        assert_eq!(c.get("q", t("2026-11-26T11:59:00Z"), day), Some(5));
        assert_eq!(c.get("q", t("2026-11-26T12:00:01Z"), day), None);
        assert_eq!(
            c.get("q", t("2026-11-25T11:00:00Z"), day),
            None,
            "a clock set back"
        );
        c.prune(t("2026-11-26T12:00:01Z"), day);
        assert!(c.is_empty());
    }

    #[test]
    fn a_full_cache_drops_its_oldest_counts() {
        let end = t("2026-11-01T00:00:00Z");
        let mut c = CountCache::parse(None, BASE);
        for i in 0..MAX_ENTRIES + 10 {
            let at = t("2026-11-25T00:00:00Z") + Duration::seconds(i as i64);
            c.put(format!("q{i}"), i as u64, end, at);
        }
        assert_eq!(c.len(), MAX_ENTRIES);
        let later = t("2026-11-25T12:00:00Z");
        let day = Duration::hours(24);
        assert_eq!(c.get("q0", later, day), None);
        assert_eq!(c.get("q9", later, day), None);
        assert_eq!(c.get("q10", later, day), Some(10));
    }

    #[test]
    fn stored_text_round_trips_and_bad_or_foreign_text_is_an_empty_cache() {
        let mut c = CountCache::parse(None, BASE);
        c.put(
            "q".into(),
            3,
            t("2026-11-01T00:00:00Z"),
            t("2026-11-25T00:00:00Z"),
        );
        c.put(
            "user=3&timestamp__gte=2026-11-01T00:00:00Z".into(),
            12,
            t("2026-11-01T00:00:00Z"),
            t("2026-11-25T00:00:00Z"),
        );
        let text = c.to_text();
        assert!(!text.contains("Token"), "no token is ever stored");
        assert_eq!(CountCache::parse(Some(&text), BASE), c);
        assert!(CountCache::parse(Some(&text), "https://other.example/api").is_empty());
        assert!(CountCache::parse(Some("{not json"), BASE).is_empty());
        let damaged = format!("{BASE}\nx 3 q\n1 y q2\n5 6\n7 8 kept");
        let read = CountCache::parse(Some(&damaged), BASE);
        assert_eq!(read.len(), 1, "only whole lines are read");
    }
}
