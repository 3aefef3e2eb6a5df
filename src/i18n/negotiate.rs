//! The languages the console ships. Which one a user gets (the first of their preferences the
//! console ships, matched as BCP 47 tags are: `pt-PT` → Portuguese, `zh-CN` → Simplified
//! Chinese, else English) is chosen by the start-up script, before the wasm has loaded
//! (`early_language.js`); its rules are tested here, in Node.

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

#[cfg(test)]
mod tests {
    use super::*;

    /// What the start-up script (`early_language.js`, which chooses the language) answers for
    /// each list of preferences, in Node, given the shipped tags.
    fn chosen(cases: &[&[&str]]) -> Vec<String> {
        let shipped: Vec<&str> = LANGS.iter().map(|l| l.tag).collect();
        let module = concat!(env!("CARGO_MANIFEST_DIR"), "/src/i18n/early_language.js");
        let program = format!(
            "import {{ chooseLanguage }} from {module:?};\n\
             const [cases, shipped] = JSON.parse(process.argv[1]);\n\
             process.stdout.write(JSON.stringify(cases.map((c) => chooseLanguage(c, shipped))));"
        );
        let output = std::process::Command::new("node")
            .args(["--input-type=module", "-e", &program])
            .arg(serde_json::json!([cases, shipped]).to_string())
            .output()
            .expect("node runs (scripts/setup installs it)");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).expect("the script's JSON")
    }

    fn check(cases: &[(&[&str], &str)]) {
        let prefs: Vec<&[&str]> = cases.iter().map(|(p, _)| *p).collect();
        let got = chosen(&prefs);
        let wrong: Vec<String> = cases
            .iter()
            .zip(&got)
            .filter(|((_, want), got)| got != want)
            .map(|((p, want), got)| format!("{p:?}: {got}, not {want}"))
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn the_first_shipped_preference_wins_matched_as_tags_are() {
        check(&[
            (&["tr-TR", "en"], "tr"),
            (&["nl", "de-AT", "en"], "de"),
            (&["pt-br"], "pt-BR"),
            (&["pt-PT"], "pt-BR"),
            (&["pt"], "pt-BR"),
            (&["zh-hans"], "zh-Hans"),
            (&["zh-CN"], "zh-Hans"),
            (&["zh"], "zh-Hans"),
            (&["zh-Hans-SG"], "zh-Hans"),
            (&["ar-EG"], "ar"),
            (&["ja_JP"], "ja"),
            (&[" FR "], "fr"),
            (&["es-419"], "es"),
            (&["ru"], "ru"),
        ]);
        // Every shipped language is reached by its own tag.
        let all: Vec<(&[&str], &str)> = LANGS
            .iter()
            .map(|l| (std::slice::from_ref(&l.tag), l.tag))
            .collect();
        check(&all);
    }

    #[test]
    fn traditional_chinese_and_unknown_tags_fall_through_to_english() {
        check(&[
            (&["zh-TW", "fr"], "fr"),
            (&["zh-Hant-HK"], "en"),
            (&["zh_MO"], "en"),
            (&["nl", "", "  "], "en"),
            (&["-", "_de", "x-klingon"], "en"),
            (&[], "en"),
        ]);
        assert!(LANGS.iter().filter(|l| l.rtl).map(|l| l.tag).eq(["ar"]));
    }
}
