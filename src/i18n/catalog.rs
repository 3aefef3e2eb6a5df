//! Messages by id: the built-in English texts, or the chosen language's where it has one.

use std::cell::RefCell;

use super::negotiate::{Lang, ENGLISH};

/// A message's id (`m::…`): its place among the English catalog's keys, sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Msg(pub(crate) usize);

/// Starts a plural message's form: `\u{1}category\u{2}text`, a form per CLDR category it uses
/// (build.rs and scripts/i18n-catalogs.mjs write them so; any other message is its text).
const FORM: char = '\u{1}';
const TEXT: char = '\u{2}';

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

thread_local! {
    /// The language shown.
    static CURRENT: std::cell::Cell<Lang> = const { std::cell::Cell::new(ENGLISH) };
    /// The chosen language's messages, by id ("" where it has none: English's stands in). Set
    /// once, before the app mounts; choosing another language reloads the page.
    static CHOSEN: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
}

/// Makes `lang` the language shown, with its `messages` by id.
#[cfg_attr(not(any(target_arch = "wasm32", test)), allow(dead_code))]
pub(crate) fn install(lang: Lang, messages: Vec<&'static str>) {
    CURRENT.with(|c| c.set(lang));
    CHOSEN.with(|c| *c.borrow_mut() = messages);
}

/// The language shown.
pub fn current() -> Lang {
    CURRENT.with(|c| c.get())
}

/// How many messages there are (a catalog from another build has another number).
#[cfg(target_arch = "wasm32")]
pub(crate) fn len() -> usize {
    EN.len()
}

fn raw(id: Msg) -> &'static str {
    CHOSEN
        .with(|c| c.borrow().get(id.0).copied().filter(|s| !s.is_empty()))
        .or_else(|| EN.get(id.0).copied())
        .unwrap_or("")
}

/// A plural message's form for `category`, else its "other"; a plain text is every form.
fn form(message: &'static str, category: &str) -> &'static str {
    if !message.starts_with(FORM) {
        return message;
    }
    let forms = || message.split(FORM).filter_map(|f| f.split_once(TEXT));
    forms()
        .find(|(c, _)| *c == category)
        .or_else(|| forms().find(|(c, _)| *c == "other"))
        .map_or("", |(_, text)| text)
}

/// A message's text (a plural one's "other" form).
pub fn t(id: Msg) -> &'static str {
    form(raw(id), "other")
}

/// A message with its `{name}` slots filled.
pub fn tf(id: Msg, args: &[(&str, &str)]) -> String {
    fill(t(id), args)
}

/// A message for a count `n`: the form the language's plural rules choose, with `{count}` the
/// number as the language writes it, and the other slots from `args`.
pub fn tn(id: Msg, n: u64, args: &[(&str, &str)]) -> String {
    let text = form(raw(id), &category(n));
    let count = number(n);
    let mut all = vec![("count", count.as_str())];
    all.extend_from_slice(args);
    fill(text, &all)
}

fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((name, close)) => match args.iter().find(|(k, _)| *k == name) {
                Some((_, v)) => {
                    out.push_str(v);
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            },
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A sentence split around two elements placed in it, `{first}` then `{second}`: the text
/// before, between and after them (none when the language orders them otherwise, or lacks one;
/// the caller then shows the sentence filled as text).
pub fn around(id: Msg, first: &str, second: &str) -> Option<[&'static str; 3]> {
    let text = t(id);
    let (before, rest) = text.split_once(&format!("{{{first}}}"))?;
    let (between, after) = rest.split_once(&format!("{{{second}}}"))?;
    Some([before, between, after])
}

/// A message split at its one `{slot}`, where an element goes: the text before and after it
/// (all of it before, when the language's message has no such slot).
pub fn split(id: Msg, slot: &str) -> [&'static str; 2] {
    let text = t(id);
    match text.split_once(&format!("{{{slot}}}")) {
        Some((before, after)) => [before, after],
        None => [text, ""],
    }
}

/// The plural category of `n` in the chosen language ("one", "few", …).
#[cfg(target_arch = "wasm32")]
fn category(n: u64) -> String {
    intl::plural_category(n as f64)
}

/// Natively (tests), English's rule.
#[cfg(not(target_arch = "wasm32"))]
fn category(n: u64) -> String {
    if n == 1 { "one" } else { "other" }.to_string()
}

/// `n` as the chosen language writes it ("10,000", "10.000", "10 000", "١٠٬٠٠٠").
#[cfg(target_arch = "wasm32")]
pub fn number(n: u64) -> String {
    intl::format_number(n as f64)
}

/// Natively (tests), English's grouping.
#[cfg(not(target_arch = "wasm32"))]
pub fn number(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// `x` with exactly `digits` decimals, as the chosen language writes it ("12.3", "12,3", "١٢٫٣").
#[cfg(target_arch = "wasm32")]
pub fn decimal(x: f64, digits: u32) -> String {
    intl::format_decimal(x, digits)
}

/// Natively (tests), English's.
#[cfg(not(target_arch = "wasm32"))]
pub fn decimal(x: f64, digits: u32) -> String {
    format!("{x:.prec$}", prec = digits as usize)
}

/// A share (0.123) as a percentage with `digits` decimals, as the language writes one
/// ("12.3%", "%12,3", "12,3 %").
#[cfg(target_arch = "wasm32")]
pub fn percent(share: f64, digits: u32) -> String {
    intl::format_percent(share, digits)
}

/// Natively (tests), English's.
#[cfg(not(target_arch = "wasm32"))]
pub fn percent(share: f64, digits: u32) -> String {
    format!("{:.prec$}%", share * 100.0, prec = digits as usize)
}

/// A large count shortened, one decimal ("10.0M", "183.4K"; "183,4 B" in Turkish): the
/// language's own abbreviations (`Intl`'s compact notation). Below 1,000, the number.
#[cfg(target_arch = "wasm32")]
pub fn compact(n: u64) -> String {
    if n < 1000 {
        return number(n);
    }
    intl::format_compact(n as f64)
}

/// Natively (tests), English's.
#[cfg(not(target_arch = "wasm32"))]
pub fn compact(n: u64) -> String {
    match n {
        0..=999 => n.to_string(),
        1_000..=999_999 => format!("{:.1}K", n as f64 / 1e3),
        _ => format!("{:.1}M", n as f64 / 1e6),
    }
}

/// A short date with its time of day as the language writes one ("Nov 1, 14:00" in English,
/// "1 Kas 14:00" in Turkish), from a wall-clock time already in the chosen zone: with the year
/// when `year`; `clock` 0 for none, 2 for hours and minutes, 3 with seconds (`Intl.DateTimeFormat`).
#[cfg(target_arch = "wasm32")]
pub fn short_date(t: chrono::NaiveDateTime, year: bool, clock: u8) -> String {
    use chrono::{Datelike, Timelike};
    intl::format_date(
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        year,
        clock,
    )
}

/// Natively (tests), as English's `Intl` writes it ("Nov 1, 14:00:05", "Nov 1, 2026").
#[cfg(not(target_arch = "wasm32"))]
pub fn short_date(t: chrono::NaiveDateTime, year: bool, clock: u8) -> String {
    let mut s = t.format("%b %-d").to_string();
    if year {
        s.push_str(&t.format(", %Y").to_string());
    }
    match clock {
        0 => {}
        2 => s.push_str(&t.format(", %H:%M").to_string()),
        _ => s.push_str(&t.format(", %H:%M:%S").to_string()),
    }
    s
}

#[cfg(target_arch = "wasm32")]
pub(crate) mod intl {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/src/i18n/intl.js")]
    extern "C" {
        /// Sets the language `Intl` formats for, and the page's `lang` and `dir`.
        pub fn use_language(tag: &str, rtl: bool);
        pub fn plural_category(n: f64) -> String;
        pub fn format_number(n: f64) -> String;
        pub fn format_decimal(x: f64, digits: u32) -> String;
        pub fn format_percent(share: f64, digits: u32) -> String;
        pub fn format_compact(n: f64) -> String;
        #[allow(clippy::too_many_arguments)]
        pub fn format_date(
            y: i32,
            mo: u32,
            d: u32,
            h: u32,
            mi: u32,
            s: u32,
            year: bool,
            clock: u8,
        ) -> String;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_filled_by_name_and_an_unknown_one_is_left() {
        assert_eq!(fill("{a} and {b}", &[("b", "2"), ("a", "1")]), "1 and 2");
        assert_eq!(fill("{x} {", &[("a", "1")]), "{x} {");
        assert_eq!(fill("no slots", &[]), "no slots");
    }

    #[test]
    fn a_count_chooses_its_form_and_is_written_as_a_number() {
        install(
            ENGLISH,
            vec!["\u{1}one\u{2}{count} event\u{1}other\u{2}{count} events"],
        );
        let id = Msg(0);
        assert_eq!(tn(id, 1, &[]), "1 event");
        assert_eq!(tn(id, 12345, &[]), "12,345 events");
        assert_eq!(t(id), "{count} events");
        // A form the message lacks is its "other"; a plain text is every form.
        assert_eq!(form("\u{1}other\u{2}{count} olay", "one"), "{count} olay");
        assert_eq!(form("plain", "few"), "plain");
        install(ENGLISH, Vec::new());
    }

    #[test]
    fn a_message_the_language_lacks_is_englishs() {
        install(ENGLISH, vec![""]);
        assert_eq!(t(Msg(0)), EN[0]);
        install(ENGLISH, Vec::new());
    }

    #[test]
    fn a_sentence_splits_around_its_elements_in_the_languages_order() {
        install(ENGLISH, vec!["{api} adresinde {time} tarihinden beri"]);
        assert_eq!(
            around(Msg(0), "api", "time"),
            Some(["", " adresinde ", " tarihinden beri"])
        );
        assert_eq!(around(Msg(0), "time", "api"), None);
        install(ENGLISH, Vec::new());
    }
}
