//! Time zones, the user's time input, presets and display — the part audit screens most often get
//! wrong. Pure: the browser's zone is reached through `ZoneRules`, so DST, UTC+14 and UTC−12 are
//! tested natively with real zone data.
//!
//! Rules:
//! - The URL holds absolute instants with an explicit offset, so a shared link means the same
//!   instants for every recipient, whatever their zone.
//! - A typed time without an offset is read in the chosen zone (browser-local or UTC).
//! - A date-only "To" includes that whole day (`timestamp__lt` the next midnight).

use crate::i18n::{m, t, tf, tn};
use chrono::{
    DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, SecondsFormat,
    Utc,
};

/// Which zone times are shown and typed in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TimeZoneChoice {
    #[default]
    Local,
    Utc,
}

impl TimeZoneChoice {
    pub fn from_param(v: &str) -> Option<Self> {
        match v.to_ascii_lowercase().as_str() {
            "local" => Some(TimeZoneChoice::Local),
            "utc" => Some(TimeZoneChoice::Utc),
            _ => None,
        }
    }
    pub fn as_param(self) -> &'static str {
        match self {
            TimeZoneChoice::Local => "local",
            TimeZoneChoice::Utc => "utc",
        }
    }
    pub fn other(self) -> Self {
        match self {
            TimeZoneChoice::Local => TimeZoneChoice::Utc,
            TimeZoneChoice::Utc => TimeZoneChoice::Local,
        }
    }
}

/// What the app needs to know about a zone.
pub trait ZoneRules {
    /// The zone's offset at an instant.
    fn offset_at(&self, instant: DateTime<Utc>) -> FixedOffset;
    /// The instant a wall-clock time means in this zone. In a DST gap (a time that does not
    /// exist) the clock is read as if the change had not happened yet, which moves it forward, as
    /// browsers do; in an overlap (a time that happens twice) the earlier instant is taken.
    fn resolve_local(&self, local: NaiveDateTime) -> DateTime<Utc>;
}

/// A zone with one fixed offset: UTC, or any `±HH:MM`.
pub struct Fixed(pub FixedOffset);

impl Fixed {
    pub fn utc() -> Self {
        Fixed(Utc.fix())
    }
}

impl ZoneRules for Fixed {
    fn offset_at(&self, _: DateTime<Utc>) -> FixedOffset {
        self.0
    }
    fn resolve_local(&self, local: NaiveDateTime) -> DateTime<Utc> {
        (local - Duration::seconds(self.0.local_minus_utc() as i64)).and_utc()
    }
}

/// An instant as the URL carries it: RFC 3339 in the zone's offset at that instant, `Z` for UTC,
/// seconds always, fractional digits only when present.
pub fn to_url_instant(instant: DateTime<Utc>, zone: &dyn ZoneRules) -> String {
    let local = instant.with_timezone(&zone.offset_at(instant));
    local.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Which bound a typed time is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    From,
    To,
    Exact,
}

/// A typed time turned into an API parameter and its absolute instant.
#[derive(Clone, Debug, PartialEq)]
pub struct Bound {
    pub param: &'static str,
    pub value: String,
}

/// Reads what a person typed into From, To or Exact:
/// `2026-11-25`, `2026-11-25 14:00`, `2026-11-25T14:00:05`, `2026-11-25T14:00:05.123`, or any
/// RFC 3339 instant with an offset (`…Z`, `…+02:00`), which is taken as is.
pub fn parse_typed(input: &str, side: Side, zone: &dyn ZoneRules) -> Result<Bound, String> {
    let s = input.trim();
    let param_for = |date_only: bool| match (side, date_only) {
        (Side::From, _) => "timestamp__gte",
        (Side::To, true) => "timestamp__lt",
        (Side::To, false) => "timestamp__lte",
        (Side::Exact, _) => "timestamp",
    };
    if let Ok(instant) = DateTime::parse_from_rfc3339(&s.replacen(' ', "T", 1)) {
        return Ok(Bound {
            param: param_for(false),
            value: instant.to_rfc3339_opts(SecondsFormat::AutoSi, true),
        });
    }
    if let Some(date) = parse_date(s) {
        if side == Side::Exact {
            return Err(t(m::TIME__EXACT_NEEDS_CLOCK).into());
        }
        let day = match side {
            Side::To => date
                .succ_opt()
                .ok_or_else(|| t(m::TIME__OUT_OF_RANGE).to_string())?,
            _ => date,
        };
        let instant = zone.resolve_local(day.and_time(NaiveTime::MIN));
        return Ok(Bound {
            param: param_for(true),
            value: to_url_instant(instant, zone),
        });
    }
    if let Some(local) = parse_wall_clock(s) {
        let instant = zone.resolve_local(local);
        return Ok(Bound {
            param: param_for(false),
            value: to_url_instant(instant, zone),
        });
    }
    Err(tf(m::TIME__NOT_A_TIME, &[("typed", s)]))
}

// Hand-written readers and writers for the few shapes the app uses: chrono's strftime engine
// (`format`, `parse_from_str`) costs tens of kilobytes of wasm (see BENCHMARKS.md).

/// `2026-11-25`, exactly.
fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let n = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    NaiveDate::from_ymd_opt(n(0..4)? as i32, n(5..7)?, n(8..10)?)
}

/// `2026-11-25 14:00`, `2026-11-25T14:00:05`, `2026-11-25 14:00:05.123456`.
fn parse_wall_clock(s: &str) -> Option<NaiveDateTime> {
    let date = parse_date(s.get(..10)?)?;
    let rest = s.get(10..)?;
    let time = rest.strip_prefix(' ').or_else(|| rest.strip_prefix('T'))?;
    let (hms, fraction) = match time.split_once('.') {
        Some((hms, f))
            if !f.is_empty() && f.len() <= 9 && f.bytes().all(|c| c.is_ascii_digit()) =>
        {
            (hms, format!("{f:0<9}").parse::<u32>().ok()?)
        }
        Some(_) => return None,
        None => (time, 0),
    };
    let parts: Vec<&str> = hms.split(':').collect();
    let num = |p: &str| -> Option<u32> {
        (p.len() == 2 && p.bytes().all(|c| c.is_ascii_digit())).then(|| p.parse().ok())?
    };
    let (h, m, sec) = match parts.as_slice() {
        [h, m] if fraction == 0 && !time.contains('.') => (num(h)?, num(m)?, 0),
        [h, m, sec] => (num(h)?, num(m)?, num(sec)?),
        _ => return None,
    };
    Some(date.and_time(NaiveTime::from_hms_nano_opt(h, m, sec, fraction)?))
}

/// `2026-11-25 14:00:05`, with `.123` when `millis`.
pub fn wall_clock_text(t: NaiveDateTime, millis: bool) -> String {
    use chrono::{Datelike, Timelike};
    let mut s = format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    if millis {
        s.push_str(&format!(".{:03}", t.nanosecond() / 1_000_000 % 1000));
    }
    s
}

/// How an instant reads in a zone: `2026-11-25 14:00:05` (milliseconds when present).
pub fn display_in(instant: DateTime<Utc>, zone: &dyn ZoneRules) -> String {
    let local = instant
        .with_timezone(&zone.offset_at(instant))
        .naive_local();
    wall_clock_text(local, instant.timestamp_subsec_millis() != 0)
}

/// `UTC`, or the offset in force at that instant, `UTC+05:30`.
pub fn offset_label(instant: DateTime<Utc>, zone: &dyn ZoneRules) -> String {
    let secs = zone.offset_at(instant).local_minus_utc();
    if secs == 0 {
        return "UTC".into();
    }
    let sign = if secs < 0 { '−' } else { '+' };
    let a = secs.abs();
    format!("UTC{sign}{:02}:{:02}", a / 3600, (a % 3600) / 60)
}

/// What a form field shows for a bound from the URL: the wall-clock time in the chosen zone.
pub fn field_text(value: &str, zone: &dyn ZoneRules) -> String {
    match DateTime::parse_from_rfc3339(value) {
        Ok(t) => display_in(t.with_timezone(&Utc), zone),
        Err(_) => value.to_string(),
    }
}

/// An event's time in the zone shown and the other one, then how long ago:
/// "2026-11-25 14:00:05 UTC+02:00 · 2026-11-25 12:00:05 UTC · 3 min ago". When both zones have
/// the same offset at that instant (the browser's zone is UTC), the time is given once.
pub fn in_both_zones(
    t: DateTime<Utc>,
    shown: &dyn ZoneRules,
    other: &dyn ZoneRules,
    now: DateTime<Utc>,
) -> String {
    let first = format!("{} {}", display_in(t, shown), offset_label(t, shown));
    let ago = relative(now, t);
    if shown.offset_at(t) == other.offset_at(t) {
        return format!("{first} · {ago}");
    }
    format!(
        "{first} · {} {} · {ago}",
        display_in(t, other),
        offset_label(t, other)
    )
}

/// "just now", "5 min ago", "3 h ago", "2 days ago", "in 4 min" (clock skew happens).
pub fn relative(now: DateTime<Utc>, then: DateTime<Utc>) -> String {
    let secs = (now - then).num_seconds();
    let (future, s) = (secs < 0, secs.unsigned_abs());
    let (ago, ahead, n) = match s {
        0..=44 => return t(m::TIME__JUST_NOW).into(),
        45..=3_599 => (m::TIME__MINUTES_AGO, m::TIME__IN_MINUTES, (s + 30) / 60),
        3_600..=86_399 => (m::TIME__HOURS_AGO, m::TIME__IN_HOURS, s / 3600),
        _ => (m::TIME__DAYS_AGO, m::TIME__IN_DAYS, s / 86_400),
    };
    tn(if future { ahead } else { ago }, n, &[])
}

/// The time presets. `All` means no bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    Minutes15,
    Hour,
    Hours24,
    Days7,
    Days30,
    All,
}

impl Preset {
    pub const ALL: [Preset; 6] = [
        Preset::Minutes15,
        Preset::Hour,
        Preset::Hours24,
        Preset::Days7,
        Preset::Days30,
        Preset::All,
    ];

    /// The name used in config.json's `default_time_range`.
    pub fn key(self) -> &'static str {
        match self {
            Preset::Minutes15 => "15m",
            Preset::Hour => "1h",
            Preset::Hours24 => "24h",
            Preset::Days7 => "7d",
            Preset::Days30 => "30d",
            Preset::All => "all",
        }
    }

    pub fn from_key(k: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.key() == k)
    }

    pub fn label(self) -> &'static str {
        match self {
            Preset::Minutes15 => t(m::TIME__LAST_15_MINUTES),
            Preset::Hour => t(m::TIME__LAST_HOUR),
            Preset::Hours24 => t(m::TIME__LAST_24_HOURS),
            Preset::Days7 => t(m::TIME__LAST_7_DAYS),
            Preset::Days30 => t(m::TIME__LAST_30_DAYS),
            Preset::All => t(m::TIME__ALL_TIME),
        }
    }

    pub fn duration(self) -> Option<Duration> {
        match self {
            Preset::Minutes15 => Some(Duration::minutes(15)),
            Preset::Hour => Some(Duration::hours(1)),
            Preset::Hours24 => Some(Duration::hours(24)),
            Preset::Days7 => Some(Duration::days(7)),
            Preset::Days30 => Some(Duration::days(30)),
            Preset::All => None,
        }
    }

    /// The lower bound this preset means now, as the URL carries it.
    pub fn lower_bound(self, now: DateTime<Utc>, zone: &dyn ZoneRules) -> Option<Bound> {
        self.duration().map(|d| Bound {
            param: "timestamp__gte",
            value: to_url_instant(now - d, zone),
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_event_time_is_shown_once_when_both_zones_agree() {
        use super::*;
        let t = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 5).unwrap();
        let now = t + Duration::minutes(3);
        let plus2 = Fixed(FixedOffset::east_opt(7200).unwrap());
        assert_eq!(
            in_both_zones(t, &plus2, &Fixed::utc(), now),
            "2026-11-25 14:00:05 UTC+02:00 · 2026-11-25 12:00:05 UTC · 3 min ago"
        );
        assert_eq!(
            in_both_zones(t, &Fixed::utc(), &Fixed::utc(), now),
            "2026-11-25 12:00:05 UTC · 3 min ago"
        );
    }

    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Tz;

    /// Real zone data for tests; the browser uses its own (js Date) in the app.
    struct Named(Tz);
    impl ZoneRules for Named {
        fn offset_at(&self, instant: DateTime<Utc>) -> FixedOffset {
            self.0.offset_from_utc_datetime(&instant.naive_utc()).fix()
        }
        fn resolve_local(&self, local: NaiveDateTime) -> DateTime<Utc> {
            use chrono::LocalResult::*;
            match self.0.from_local_datetime(&local) {
                Single(t) => t.with_timezone(&Utc),
                Ambiguous(a, _) => a.with_timezone(&Utc),
                None => {
                    // In a gap: read with the offset in force just before it.
                    let before = self.offset_at((local - Duration::hours(3)).and_utc());
                    Fixed(before).resolve_local(local)
                }
            }
        }
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_date_only_to_includes_the_whole_day() {
        let b = parse_typed("2026-11-25", Side::To, &Fixed::utc()).unwrap();
        assert_eq!(
            b,
            Bound {
                param: "timestamp__lt",
                value: "2026-11-26T00:00:00Z".into()
            }
        );
        let f = parse_typed("2026-11-25", Side::From, &Fixed::utc()).unwrap();
        assert_eq!(
            f,
            Bound {
                param: "timestamp__gte",
                value: "2026-11-25T00:00:00Z".into()
            }
        );
    }

    #[test]
    fn typed_times_are_read_in_the_chosen_zone_and_keep_their_offset() {
        let berlin = Named(chrono_tz::Europe::Berlin);
        let b = parse_typed("2026-11-25 14:00", Side::From, &berlin).unwrap();
        assert_eq!(b.value, "2026-11-25T14:00:00+01:00");
        let b = parse_typed("2026-07-01T14:00:05.250", Side::To, &berlin).unwrap();
        assert_eq!(
            b,
            Bound {
                param: "timestamp__lte",
                value: "2026-07-01T14:00:05.250+02:00".into()
            }
        );
        // An instant with an offset is taken as is, whatever the zone.
        let b = parse_typed("2026-11-25T14:00:00Z", Side::Exact, &berlin).unwrap();
        assert_eq!(
            b,
            Bound {
                param: "timestamp",
                value: "2026-11-25T14:00:00Z".into()
            }
        );
        assert!(parse_typed("yesterday", Side::From, &berlin).is_err());
        assert!(parse_typed("2026-02-30", Side::From, &berlin).is_err());
        assert!(parse_typed("2026-11-25", Side::Exact, &berlin).is_err());
        for bad in [
            "2026-11-25 14",
            "2026-11-25 14:0",
            "2026-11-25 25:00",
            "2026-11-25 14:00.5",
            "2026-11-25 14:00:05.",
            "2026-11-25x14:00",
            "26-11-25",
            "2026-1-25",
            "２０２６-11-25",
        ] {
            assert!(parse_typed(bad, Side::From, &berlin).is_err(), "{bad}");
        }
        assert_eq!(
            parse_typed("2026-11-25T14:00:05.123456789", Side::From, &Fixed::utc())
                .unwrap()
                .value,
            "2026-11-25T14:00:05.123456789Z"
        );
        assert_eq!(
            display_in(
                parse_typed("2026-11-25 14:00:05.5", Side::From, &Fixed::utc())
                    .map(|b| DateTime::parse_from_rfc3339(&b.value)
                        .unwrap()
                        .with_timezone(&Utc))
                    .unwrap(),
                &Fixed::utc()
            ),
            "2026-11-25 14:00:05.500"
        );
    }

    #[test]
    fn dst_spring_forward_and_fall_back() {
        let ny = Named(chrono_tz::America::New_York);
        // 2026-03-08: clocks jump 02:00 → 03:00. The day is 23 hours long.
        let from = parse_typed("2026-03-08", Side::From, &ny).unwrap();
        let to = parse_typed("2026-03-08", Side::To, &ny).unwrap();
        assert_eq!(from.value, "2026-03-08T00:00:00-05:00");
        assert_eq!(to.value, "2026-03-09T00:00:00-04:00");
        let span = DateTime::parse_from_rfc3339(&to.value).unwrap()
            - DateTime::parse_from_rfc3339(&from.value).unwrap();
        assert_eq!(span, Duration::hours(23));
        // 02:30 does not exist that day: read as 03:30 EDT, as browsers do.
        let gap = parse_typed("2026-03-08 02:30", Side::From, &ny).unwrap();
        assert_eq!(gap.value, "2026-03-08T03:30:00-04:00");
        // 2026-11-01: 01:30 happens twice; the earlier (EDT) is taken.
        let twice = parse_typed("2026-11-01 01:30", Side::From, &ny).unwrap();
        assert_eq!(twice.value, "2026-11-01T01:30:00-04:00");
        // Display follows the offset in force at each instant.
        assert_eq!(offset_label(utc("2026-03-08T06:59:00Z"), &ny), "UTC−05:00");
        assert_eq!(offset_label(utc("2026-03-08T07:00:00Z"), &ny), "UTC−04:00");
    }

    #[test]
    fn utc_plus_14_and_minus_12() {
        let kiritimati = Named(chrono_tz::Pacific::Kiritimati);
        let minus12 = Named(chrono_tz::Etc::GMTPlus12);
        let k = parse_typed("2026-11-25", Side::From, &kiritimati).unwrap();
        assert_eq!(k.value, "2026-11-25T00:00:00+14:00");
        assert_eq!(
            utc(&k.value),
            utc("2026-11-24T10:00:00Z"),
            "the day starts on the 24th in UTC"
        );
        let m = parse_typed("2026-11-25", Side::To, &minus12).unwrap();
        assert_eq!(m.value, "2026-11-26T00:00:00-12:00");
        assert_eq!(utc(&m.value), utc("2026-11-26T12:00:00Z"));
        // The same instant reads on different calendar days.
        let t = utc("2026-11-25T11:00:00Z");
        assert_eq!(display_in(t, &kiritimati), "2026-11-26 01:00:00");
        assert_eq!(display_in(t, &minus12), "2026-11-24 23:00:00");
        assert_eq!(offset_label(t, &kiritimati), "UTC+14:00");
        assert_eq!(offset_label(t, &minus12), "UTC−12:00");
    }

    #[test]
    fn a_shared_url_means_the_same_instant_everywhere() {
        let tokyo = Named(chrono_tz::Asia::Tokyo);
        let b = parse_typed("2026-11-25 09:00", Side::From, &tokyo).unwrap();
        assert_eq!(b.value, "2026-11-25T09:00:00+09:00");
        // A recipient in UTC−12 sees that instant on their own clock, never re-read as local.
        let field = field_text(&b.value, &Named(chrono_tz::Etc::GMTPlus12));
        assert_eq!(field, "2026-11-24 12:00:00");
        assert_eq!(field_text(&b.value, &Fixed::utc()), "2026-11-25 00:00:00");
    }

    #[test]
    fn presets_and_relative_times() {
        let now = utc("2026-11-25T12:00:00Z");
        let b = Preset::Hours24.lower_bound(now, &Fixed::utc()).unwrap();
        assert_eq!(b.value, "2026-11-24T12:00:00Z");
        assert_eq!(Preset::All.lower_bound(now, &Fixed::utc()), None);
        assert_eq!(Preset::from_key("7d"), Some(Preset::Days7));
        assert_eq!(relative(now, now - Duration::seconds(10)), "just now");
        assert_eq!(relative(now, now - Duration::minutes(5)), "5 min ago");
        assert_eq!(relative(now, now - Duration::hours(3)), "3 h ago");
        assert_eq!(relative(now, now - Duration::days(9)), "9 days ago");
        assert_eq!(relative(now, now + Duration::minutes(4)), "in 4 min");
    }
}
