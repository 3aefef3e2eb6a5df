//! Parsing and printing timestamps the way the real stack does.
//!
//! Input follows Django's `forms.DateTimeField`: a date (`2026-11-25`), or a date and time separated
//! by `T` or a space, seconds optional, up to 6 fractional digits honoured (more are ignored), then an
//! optional offset `Z`, `±HH`, `±HHMM` or `±HH:MM`. A value without an offset is read in the
//! server's time zone, UTC here. Output follows DRF: ISO 8601 in UTC with `Z`, microseconds only
//! when they are not zero.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

/// Microseconds since the Unix epoch, the unit stored in the database.
pub type Micros = i64;

pub fn parse(input: &str) -> Option<Micros> {
    parse_zoned(input).map(|(micros, _)| micros)
}

/// [`parse`], also saying the offset the text gave (seconds east of UTC), or `None` when it gave
/// none and was read as UTC — the histogram's edges must carry one, as the Django package asks.
pub fn parse_zoned(input: &str) -> Option<(Micros, Option<i64>)> {
    let s = input.trim();
    let (date_part, rest) = split_date(s)?;
    let date = parse_date(date_part)?;
    if rest.is_empty() {
        return Some((to_micros(date.and_time(NaiveTime::MIN), 0), None));
    }
    let rest = rest.strip_prefix(['T', ' '])?;
    let (time, offset_secs) = parse_time_and_offset(rest)?;
    Some((
        to_micros(date.and_time(time), offset_secs.unwrap_or(0)),
        offset_secs,
    ))
}

fn to_micros(local: NaiveDateTime, offset_secs: i64) -> Micros {
    Utc.from_utc_datetime(&local).timestamp_micros() - offset_secs * 1_000_000
}

fn split_date(s: &str) -> Option<(&str, &str)> {
    // The date ends at the first 'T' or space after "YYYY-M-D".
    let end = s.find(['T', ' ']).unwrap_or(s.len());
    Some((&s[..end], &s[end..]))
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    let mut parts = s.split('-');
    let year = digits(parts.next()?, 4, 4)?;
    let month = digits(parts.next()?, 1, 2)?;
    let day = digits(parts.next()?, 1, 2)?;
    if parts.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(year as i32, month, day)
}

fn digits(s: &str, min: usize, max: usize) -> Option<u32> {
    if s.len() < min || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn parse_time_and_offset(s: &str) -> Option<(NaiveTime, Option<i64>)> {
    // Split off the offset: 'Z' or the last '+'/'-' (the time itself has neither).
    let (clock, tz) = match s.find(['Z', '+', '-']) {
        Some(i) => (s[..i].trim_end(), &s[i..]),
        None => (s.trim_end(), ""),
    };
    let offset = parse_offset(tz)?;
    let mut hms = clock.split(':');
    let hour = digits(hms.next()?, 1, 2)?;
    let minute = digits(hms.next()?, 1, 2)?;
    let (second, micro) = match hms.next() {
        None => (0, 0),
        Some(sec) => {
            let (whole, frac) = match sec.find(['.', ',']) {
                Some(i) => (&sec[..i], Some(&sec[i + 1..])),
                None => (sec, None),
            };
            let second = digits(whole, 1, 2)?;
            let micro = match frac {
                None => 0,
                Some(f) => {
                    if f.is_empty() || f.len() > 12 || !f.bytes().all(|b| b.is_ascii_digit()) {
                        return None;
                    }
                    let kept = &f[..f.len().min(6)];
                    kept.parse::<u32>().ok()? * 10u32.pow(6 - kept.len() as u32)
                }
            };
            (second, micro)
        }
    };
    if hms.next().is_some() {
        return None;
    }
    Some((
        NaiveTime::from_hms_micro_opt(hour, minute, second, micro)?,
        offset,
    ))
}

/// `Some(None)` for no offset at all, `None` for a malformed one.
fn parse_offset(tz: &str) -> Option<Option<i64>> {
    if tz.is_empty() {
        return Some(None);
    }
    if tz == "Z" {
        return Some(Some(0));
    }
    let sign = match tz.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let body = &tz[1..];
    let (h, m) = match body.len() {
        2 => (body, "00"),
        4 => (&body[..2], &body[2..]),
        5 if body.as_bytes()[2] == b':' => (&body[..2], &body[3..]),
        _ => return None,
    };
    let h = digits(h, 2, 2)? as i64;
    let m = digits(m, 2, 2)? as i64;
    if h > 23 || m > 59 {
        return None;
    }
    Some(Some(sign * (h * 3600 + m * 60)))
}

/// DRF's rendering: `2026-11-25T19:39:55.610351Z`, or `2026-11-25T19:39:55Z` on a whole second.
pub fn format(micros: Micros) -> String {
    let dt: DateTime<Utc> = Utc
        .timestamp_micros(micros)
        .single()
        .unwrap_or(DateTime::UNIX_EPOCH);
    if micros.rem_euclid(1_000_000) == 0 {
        dt.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    } else {
        dt.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> Micros {
        DateTime::parse_from_rfc3339(s).unwrap().timestamp_micros()
    }

    #[test]
    fn accepts_the_forms_django_accepts() {
        let t = utc("2026-11-25T10:00:00Z");
        assert_eq!(parse("2026-11-25T10:00:00Z"), Some(t));
        assert_eq!(parse("2026-11-25T12:00:00+02:00"), Some(t));
        assert_eq!(parse("2026-11-25T12:00:00+0200"), Some(t));
        assert_eq!(parse("2026-11-25T12:00+02"), Some(t));
        assert_eq!(parse("2026-11-25 10:00"), Some(t));
        assert_eq!(parse("2026-11-25T05:00:00-05:00"), Some(t));
        assert_eq!(parse("2026-11-25"), Some(utc("2026-11-25T00:00:00Z")));
        assert_eq!(
            parse("2026-11-25T10:00:00.5Z"),
            Some(t + 500_000),
            "fractional seconds"
        );
        assert_eq!(
            parse("2026-11-25T10:00:00.1234567Z"),
            Some(t + 123_456),
            "digits past microseconds are ignored"
        );
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "garbage",
            "",
            "2026-13-01",
            "2026-11-25T25:00",
            "2026-11-25T10:00:00 02:00", // a '+' that arrived unencoded, decoded as a space
            "2026-11-25T10",
            "26-11-25",
            "2026-11-25T10:00:00+2:00",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn formats_like_drf() {
        assert_eq!(
            format(utc("2026-11-25T19:39:55.610351Z")),
            "2026-11-25T19:39:55.610351Z"
        );
        assert_eq!(format(utc("2026-11-25T19:39:55Z")), "2026-11-25T19:39:55Z");
    }
}
