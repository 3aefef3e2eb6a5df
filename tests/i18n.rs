//! The catalogs cannot drift: every language has exactly the English catalog's messages, each
//! with the same `{slots}` and the plural forms its language's rules use; and no user-visible
//! English is left in the views of `src/`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use audit_console::i18n::LANGS;
use serde_json::Value;

type Catalog = BTreeMap<String, Value>;

fn catalog(tag: &str) -> Catalog {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("locales/{tag}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

/// CLDR's cardinal plural categories of each language (unicode.org/cldr/charts, "Language
/// Plural Rules"), as the browsers' `Intl.PluralRules` select them.
fn plural_categories(tag: &str) -> &'static [&'static str] {
    match tag {
        "en" | "tr" | "de" => &["one", "other"],
        "fr" | "es" | "pt-BR" => &["one", "many", "other"],
        "ru" => &["one", "few", "many", "other"],
        "ja" | "zh-Hans" => &["other"],
        "ar" => &["zero", "one", "two", "few", "many", "other"],
        other => panic!("no plural rules listed for {other}"),
    }
}

fn slots(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.insert(rest[open + 1..open + close].to_string());
        rest = &rest[open + close + 1..];
    }
    out
}

/// Every problem of one language's catalog against English's.
fn problems(tag: &str, en: &Catalog, other: &Catalog) -> Vec<String> {
    let mut out = Vec::new();
    for key in en.keys().filter(|k| !other.contains_key(*k)) {
        out.push(format!("{tag}: missing {key}"));
    }
    for key in other.keys().filter(|k| !en.contains_key(*k)) {
        out.push(format!("{tag}: stale {key} (not in en.json)"));
    }
    let categories: BTreeSet<&str> = plural_categories(tag).iter().copied().collect();
    for (key, english) in en {
        let Some(value) = other.get(key) else {
            continue;
        };
        match (english, value) {
            (Value::String(e), Value::String(v)) => {
                if slots(e) != slots(v) {
                    out.push(format!(
                        "{tag}: {key} has slots {:?}, English {:?}",
                        slots(v),
                        slots(e)
                    ));
                }
                if v.trim().is_empty() {
                    out.push(format!("{tag}: {key} is empty"));
                }
            }
            (Value::Object(e), Value::Object(v)) => {
                let have: BTreeSet<&str> = v.keys().map(String::as_str).collect();
                if have != categories {
                    out.push(format!(
                        "{tag}: {key} has forms {have:?}, its language uses {categories:?}"
                    ));
                }
                // A form may leave out the number ("one event" said as a word), never another slot.
                let english_slots: BTreeSet<String> = e
                    .values()
                    .filter_map(Value::as_str)
                    .flat_map(slots)
                    .collect();
                for (form, text) in v {
                    let Some(text) = text.as_str() else {
                        out.push(format!("{tag}: {key}.{form} is not text"));
                        continue;
                    };
                    let mut want = english_slots.clone();
                    let have = slots(text);
                    if !have.contains("count") {
                        want.remove("count");
                    }
                    if have != want {
                        out.push(format!(
                            "{tag}: {key}.{form} has slots {have:?}, English {want:?}"
                        ));
                    }
                }
            }
            _ => out.push(format!(
                "{tag}: {key} is a plural in one catalog and a text in the other"
            )),
        }
    }
    out
}

#[test]
fn english_forms_are_its_plural_rules_and_every_language_ships_a_catalog() {
    let en = catalog("en");
    let mut found: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("locales"))
            .unwrap()
            .filter_map(|e| {
                e.ok()?
                    .file_name()
                    .to_str()?
                    .strip_suffix(".json")
                    .map(String::from)
            })
            .collect();
    found.sort();
    let mut shipped: Vec<String> = LANGS.iter().map(|l| l.tag.to_string()).collect();
    shipped.sort();
    assert_eq!(
        found, shipped,
        "locales/ holds one catalog per language of i18n::LANGS"
    );
    assert_eq!(problems("en", &en, &en), Vec::<String>::new());
}

#[test]
fn every_catalog_has_every_message_with_its_slots_and_plural_forms() {
    let en = catalog("en");
    let all: Vec<String> = LANGS
        .iter()
        .filter(|l| l.tag != "en")
        .flat_map(|l| problems(l.tag, &en, &catalog(l.tag)))
        .collect();
    assert!(
        all.is_empty(),
        "{} problems:\n{}",
        all.len(),
        all.join("\n")
    );
}

#[test]
fn the_check_finds_a_missing_a_stale_and_a_wrong_message() {
    let en: Catalog = serde_json::from_str(
        r#"{"a": "Hi {name}", "b": {"one": "{count} event", "other": "{count} events"}, "c": "x"}"#,
    )
    .unwrap();
    let tr: Catalog =
        serde_json::from_str(r#"{"a": "Merhaba", "b": {"other": "{count} olay"}, "z": "eski"}"#)
            .unwrap();
    let found = problems("tr", &en, &tr);
    assert!(found.iter().any(|p| p == "tr: missing c"), "{found:?}");
    assert!(
        found.iter().any(|p| p.starts_with("tr: stale z")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|p| p.starts_with("tr: a has slots")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|p| p.starts_with("tr: b has forms")),
        "{found:?}"
    );
}

/// Every Rust file of `src/`, as paths from the crate's root.
fn sources() -> Vec<String> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(
                    path.strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    walk(&root.join("src"), root, &mut out);
    out.sort();
    out
}

/// Attributes whose value a person reads (or a screen reader says).
const READ_ATTRIBUTES: &[&str] = &[
    "aria-label",
    "title",
    "placeholder",
    "alt",
    "aria-description",
    "label",
];

/// The string literals of `view!` blocks that a person would read: text children and the values
/// of `READ_ATTRIBUTES`; a literal with no letter in it (" ", "·", "—") is punctuation.
fn readable_literals(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(start) = rest.find("view! {") {
        let body = &rest[start + 7..];
        let mut depth = 1usize;
        let mut end = body.len();
        let mut in_str = false;
        let bytes = body.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match (in_str, bytes[i]) {
                (true, b'\\') => i += 1,
                (_, b'"') => in_str = !in_str,
                (false, b'{') => depth += 1,
                (false, b'}') => {
                    depth -= 1;
                    if depth == 0 {
                        end = i;
                        break;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        let block = &body[..end];
        let mut j = 0;
        let b = block.as_bytes();
        while j < b.len() {
            if b[j] == b'"' {
                let mut k = j + 1;
                while k < b.len() && b[k] != b'"' {
                    if b[k] == b'\\' {
                        k += 1;
                    }
                    k += 1;
                }
                let literal = &block[j + 1..k.min(block.len())];
                let before = block[..j].trim_end();
                let attribute = before.strip_suffix('=').map(|s| {
                    s.rsplit(|c: char| c.is_whitespace() || c == '<')
                        .next()
                        .unwrap_or("")
                });
                let read = match attribute {
                    Some(name) => READ_ATTRIBUTES.contains(&name),
                    // Not an attribute's value: a text child, unless inside a Rust expression.
                    None => before.ends_with('>') || before.ends_with('"') || before.ends_with('}'),
                };
                // An example address (a placeholder's "https://shop.example.com/api/v1") is no language.
                if read && literal.chars().any(char::is_alphabetic) && !literal.starts_with("http")
                {
                    out.push(literal.to_string());
                }
                j = k + 1;
            } else {
                j += 1;
            }
        }
        rest = &body[end..];
    }
    out
}

#[test]
fn no_english_is_left_in_any_view() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    let files = sources();
    assert!(files.len() > 80 && files.iter().any(|f| f == "src/list/page.rs"));
    for file in &files {
        let source = std::fs::read_to_string(root.join(file)).unwrap();
        for literal in readable_literals(&source) {
            found.push(format!("{file}: {literal:?}"));
        }
    }
    assert!(
        found.is_empty(),
        "texts outside the catalog (locales/en.json):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_scan_finds_text_children_and_read_attributes_only() {
    let found = readable_literals(
        r#"view! { <p class="hint" title="Copy it">"Sign in" " " {t(m::X)} <b>"·"</b> <input type="url" /> } "outside""#,
    );
    assert_eq!(found, ["Copy it", "Sign in"]);
}
