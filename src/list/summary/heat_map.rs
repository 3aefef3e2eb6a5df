//! When: the counted 15-minute slots as an hour × day-of-week grid in any zone, Monday first
//! (`Summary::week_grid`), worked out without reading the set again; the days' names
//! (`DAY_NAMES`, on screen and in the CSV) and a cell's shade (`heat_level`).

use chrono::{DateTime, Datelike, Duration, Timelike};

use crate::common::time::ZoneRules;
use crate::i18n::{m, Msg};

use super::counts::{Summary, SLOT_SECS};

impl Summary {
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
}

/// The days as the panel and the CSV name them (`t(DAY_NAMES[i])`), Monday first.
pub const DAY_NAMES: [Msg; 7] = [
    m::SUMMARY__DAY_MON,
    m::SUMMARY__DAY_TUE,
    m::SUMMARY__DAY_WED,
    m::SUMMARY__DAY_THU,
    m::SUMMARY__DAY_FRI,
    m::SUMMARY__DAY_SAT,
    m::SUMMARY__DAY_SUN,
];

/// A grid cell's shade, 0 (no events) to 5 (the busiest), by its share of the busiest cell.
pub fn heat_level(count: u32, max: u32) -> u8 {
    if count == 0 || max == 0 {
        return 0;
    }
    (1 + (count as u64 * 4) / max as u64).min(5) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::time::Fixed;
    use crate::list::summary::tests::ev;
    use serde_json::json;

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
}
