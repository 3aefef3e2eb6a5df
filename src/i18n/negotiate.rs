//! Which language a user gets: the first of their preferences the console ships, matched as
//! BCP 47 tags are (`pt-PT` → Portuguese, `zh-CN` → Simplified Chinese), else English.

/// A language the console ships.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lang {
    /// Its tag: the catalog's file name (`locales/<tag>.json`) and what `Intl` is given.
    pub tag: &'static str,
    /// Its name in itself, for the language menu.
    pub name: &'static str,
    /// Written right to left.
    pub rtl: bool,
}

const fn lang(tag: &'static str, name: &'static str) -> Lang {
    Lang {
        tag,
        name,
        rtl: false,
    }
}

pub const ENGLISH: Lang = lang("en", "English");

/// The ten languages, in the menu's order.
pub const LANGS: [Lang; 10] = [
    ENGLISH,
    lang("tr", "Türkçe"),
    lang("de", "Deutsch"),
    lang("fr", "Français"),
    lang("es", "Español"),
    lang("pt-BR", "Português (Brasil)"),
    lang("ru", "Русский"),
    lang("ja", "日本語"),
    lang("zh-Hans", "简体中文"),
    Lang {
        tag: "ar",
        name: "العربية",
        rtl: true,
    },
];

/// The shipped language for one tag, if any: the same tag in any case (`pt-br`, Django's
/// spelling, is `pt-BR`), else its language alone (`pt-PT` → `pt` → `pt-BR`, `de-AT` → `de`).
/// Chinese is matched by script: `zh`, `zh-CN`, `zh-SG` and `zh-Hans-*` are Simplified; `zh-TW`,
/// `zh-HK`, `zh-MO` and `zh-Hant-*` are Traditional, which the console does not ship.
pub fn find(tag: &str) -> Option<Lang> {
    let mut subtags = tag.trim().split(['-', '_']);
    let primary = subtags.next().filter(|p| !p.is_empty())?;
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    if same(primary, "zh") {
        let traditional = subtags.any(|p| ["hant", "tw", "hk", "mo"].iter().any(|t| same(p, t)));
        return (!traditional).then_some(LANGS[8]);
    }
    // Each language but Chinese is shipped once, so its primary subtag is enough.
    LANGS
        .iter()
        .find(|l| l.tag.split('-').next().is_some_and(|p| same(p, primary)))
        .copied()
}

/// The first of `preferences` (most preferred first) the console ships, else English.
pub fn negotiate<'a>(preferences: impl IntoIterator<Item = &'a str>) -> Lang {
    preferences.into_iter().find_map(find).unwrap_or(ENGLISH)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(prefs: &[&str]) -> &'static str {
        negotiate(prefs.iter().copied()).tag
    }

    #[test]
    fn the_first_shipped_preference_wins_matched_as_tags_are() {
        assert_eq!(tag(&["tr-TR", "en"]), "tr");
        assert_eq!(tag(&["nl", "de-AT", "en"]), "de");
        assert_eq!(tag(&["pt-br"]), "pt-BR");
        assert_eq!(tag(&["pt-PT"]), "pt-BR");
        assert_eq!(tag(&["pt"]), "pt-BR");
        assert_eq!(tag(&["zh-hans"]), "zh-Hans");
        assert_eq!(tag(&["zh-CN"]), "zh-Hans");
        assert_eq!(tag(&["zh"]), "zh-Hans");
        assert_eq!(tag(&["ar-EG"]), "ar");
        assert_eq!(tag(&["ja_JP"]), "ja");
    }

    #[test]
    fn traditional_chinese_and_unknown_tags_fall_through_to_english() {
        assert_eq!(tag(&["zh-TW", "fr"]), "fr");
        assert_eq!(tag(&["zh-Hant-HK"]), "en");
        assert_eq!(tag(&["nl", "", "  "]), "en");
        assert_eq!(tag(&[]), "en");
        assert!(LANGS.iter().filter(|l| l.rtl).map(|l| l.tag).eq(["ar"]));
    }
}
