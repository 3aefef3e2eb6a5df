//! Reads the English catalog (`locales/en.json`) and writes the message ids and the built-in
//! English texts (`$OUT_DIR/messages.rs`, included by `src/i18n/catalog.rs`). A message is a
//! string, or, when it depends on a count, an object of CLDR plural categories. Ids follow the
//! catalog's keys sorted (the order `scripts/i18n-catalogs.mjs` writes the other languages in).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// One message as the app keeps it (`src/i18n/catalog.rs`): a text as it is; a plural as
/// `\u{1}category\u{2}text` for each of its forms. scripts/i18n-catalogs.mjs encodes the other
/// languages the same way.
fn encode(key: &str, value: &serde_json::Value) -> String {
    let plain = |s: &str| {
        assert!(
            !s.chars().any(|c| c < ' '),
            "catalog key {key:?}: no control characters"
        );
        s.to_string()
    };
    match value {
        serde_json::Value::String(s) => plain(s),
        serde_json::Value::Object(forms) => {
            assert!(
                forms.contains_key("other"),
                "catalog key {key:?}: a plural needs \"other\""
            );
            forms
                .iter()
                .map(|(category, text)| {
                    assert!(
                        CATEGORIES.contains(&category.as_str()),
                        "catalog key {key:?}: plural categories are {CATEGORIES:?}"
                    );
                    let text = text
                        .as_str()
                        .unwrap_or_else(|| panic!("catalog key {key:?}.{category}: text"));
                    format!("\u{1}{category}\u{2}{}", plain(text))
                })
                .collect()
        }
        _ => panic!("catalog key {key:?}: a string or an object of plural forms"),
    }
}

fn main() {
    let path = Path::new("locales/en.json");
    println!("cargo:rerun-if-changed=locales/en.json");
    let text = std::fs::read_to_string(path).expect("locales/en.json is readable");
    let catalog: BTreeMap<String, serde_json::Value> =
        serde_json::from_str(&text).expect("locales/en.json is a JSON object");
    let mut ids = String::from(
        "/// Message ids, one per key of `locales/en.json`.\npub mod m {\n    use super::Msg;\n",
    );
    let mut texts = String::from("pub(super) static EN: &[&str] = &[\n");
    let mut seen = std::collections::BTreeSet::new();
    for (i, (key, value)) in catalog.iter().enumerate() {
        assert!(
            key.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'_'),
            "catalog key {key:?}: only a-z, 0-9, '.' and '_'"
        );
        let name = key.replace('.', "__").to_ascii_uppercase();
        assert!(
            seen.insert(name.clone()),
            "catalog key {key:?} repeats an id"
        );
        writeln!(ids, "    /// {key}\n    pub const {name}: Msg = Msg({i});").unwrap();
        writeln!(texts, "    {:?},", encode(key, value)).unwrap();
    }
    ids.push_str("}\n");
    texts.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("messages.rs");
    std::fs::write(out, ids + &texts).expect("OUT_DIR is writable");
}
