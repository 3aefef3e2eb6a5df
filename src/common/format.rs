//! Text shown in cells: times, users, counts. Pure, so the table renders the same everywhere.

use chrono::{DateTime, FixedOffset, Utc};

use crate::api::UserRef;
use crate::i18n::{m, number, t, tf};

/// Parses an API timestamp (ISO 8601 with `Z` or an offset, fractional seconds optional).
pub fn parse_timestamp(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s.trim())
        .ok()
        .map(|d: DateTime<FixedOffset>| d.with_timezone(&Utc))
}

/// `2026-11-25 19:39:55 UTC`; the raw text when it does not parse, so nothing is hidden.
pub fn utc_time(s: &str) -> String {
    match parse_timestamp(s) {
        Some(t) => format!(
            "{} UTC",
            crate::common::time::wall_clock_text(t.naive_utc(), false)
        ),
        None => s.to_string(),
    }
}

/// "Ada Lovelace <ada@example.com>", "system" for none, "#12" when only an id is known.
pub fn user_label(user: &UserRef) -> String {
    match user {
        UserRef::System => t(m::FORMAT__SYSTEM).into(),
        UserRef::Id(id) => format!("#{id}"),
        UserRef::Full(u) => {
            let name = format!("{} {}", u.first_name, u.last_name)
                .trim()
                .to_string();
            match (name.is_empty(), u.email.is_empty()) {
                (true, true) => format!("#{}", u.pk),
                (true, false) => u.email.clone(),
                (false, true) => name,
                (false, false) => format!("{name} <{}>", u.email),
            }
        }
    }
}

/// The URL if it is safe to make a link of: http or https only (never `javascript:`, `data:`…),
/// and without whitespace or control characters that could disguise it.
pub fn http_url(s: &str) -> Option<&str> {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    let scheme_ok = lower.starts_with("http://") || lower.starts_with("https://");
    let clean = !s
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || is_bidi_control(c));
    (scheme_ok && clean && s.len() > 8).then_some(s)
}

/// Bidirectional overrides and isolates (e.g. U+202E) that can make text read backwards.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// 12345 → "12,345", for machine-readable text (exports, attributes); `i18n::number` for people.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "51–100 of 12,345" for a page; "No events" when there are none.
pub fn range_label(page: u64, size: u32, count: u64, shown: usize) -> String {
    range_label_of(page, size, count, shown, false)
}

/// `range_label`, with `estimate` for a count the API only estimated: "1–50 of about 10.0M".
pub fn range_label_of(page: u64, size: u32, count: u64, shown: usize, estimate: bool) -> String {
    if count == 0 || shown == 0 {
        return t(m::FORMAT__NO_EVENTS).into();
    }
    let first = (page - 1) * size as u64 + 1;
    let last = first + shown as u64 - 1;
    let (message, total) = if estimate {
        (m::FORMAT__RANGE_ABOUT, about(count))
    } else {
        (m::FORMAT__RANGE, number(count))
    };
    tf(
        message,
        &[
            ("first", &number(first)),
            ("last", &number(last)),
            ("total", &total),
        ],
    )
}

/// A rough count: "10.0M", "183.4K", "950" (in the chosen language's own abbreviations).
pub fn about(n: u64) -> String {
    crate::i18n::compact(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::User;

    #[test]
    fn times_in_utc_whatever_the_offset() {
        assert_eq!(
            utc_time("2026-11-25T21:39:55.61+02:00"),
            "2026-11-25 19:39:55 UTC"
        );
        assert_eq!(utc_time("nonsense"), "nonsense");
    }

    #[test]
    fn users() {
        let u = |f: &str, l: &str, e: &str| {
            UserRef::Full(User {
                pk: 4,
                email: e.into(),
                first_name: f.into(),
                last_name: l.into(),
            })
        };
        assert_eq!(
            user_label(&u("Ada", "Lovelace", "ada@x")),
            "Ada Lovelace <ada@x>"
        );
        assert_eq!(user_label(&u("", "", "ada@x")), "ada@x");
        assert_eq!(user_label(&u("", "", "")), "#4");
        assert_eq!(user_label(&UserRef::Id(9)), "#9");
        assert_eq!(user_label(&UserRef::System), "system");
    }

    #[test]
    fn only_http_urls_become_links() {
        assert_eq!(
            http_url("https://shop.example.com/x?y=1"),
            Some("https://shop.example.com/x?y=1")
        );
        assert_eq!(
            http_url("HTTP://shop.example.com/"),
            Some("HTTP://shop.example.com/")
        );
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "https://ex\u{202E}moc.live",
            "https://a b",
            "http://",
            "//evil.example",
        ] {
            assert_eq!(http_url(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn counts() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(12_345), "12,345");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(range_label(2, 50, 12_345, 50), "51–100 of 12,345");
        assert_eq!(range_label(1, 50, 0, 0), "No events");
        assert_eq!(
            range_label_of(1, 50, 10_000_000, 50, true),
            "1–50 of about 10.0M"
        );
        assert_eq!(
            range_label_of(3, 50, 183_402, 50, true),
            "101–150 of about 183.4K"
        );
        assert_eq!(about(950), "950");
    }
}
