//! JSON paths for the tree (`$.user.name`, `$.items[3]`, `$["Content-Type"]`) and search.

use serde_json::Value;

/// One step into a value.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// `parent` extended by `step`; keys that are not plain identifiers are quoted as JSON strings.
pub fn child_path(parent: &str, step: &Step) -> String {
    match step {
        Step::Index(i) => format!("{parent}[{i}]"),
        Step::Key(k) => {
            let plain = !k.is_empty()
                && !k.starts_with(|c: char| c.is_ascii_digit())
                && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if plain {
                format!("{parent}.{k}")
            } else {
                let quoted = serde_json::to_string(k).unwrap_or_default();
                format!("{parent}[{quoted}]")
            }
        }
    }
}

/// Results of a search inside a JSON value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchHits {
    /// Paths whose key or scalar value contains the text.
    pub hits: Vec<String>,
    /// Every ancestor of a hit: the nodes to open so each hit is visible.
    pub open: Vec<String>,
}

/// Case-insensitive search of keys and scalar values, at most `limit` hits.
pub fn search(value: &Value, root: &str, needle: &str, limit: usize) -> SearchHits {
    let mut out = SearchHits::default();
    let needle = needle.trim().to_lowercase();
    if needle.is_empty() {
        return out;
    }
    walk(value, root, None, &needle, limit, &mut out);
    out
}

fn walk(
    value: &Value,
    path: &str,
    key: Option<&str>,
    needle: &str,
    limit: usize,
    out: &mut SearchHits,
) -> bool {
    if out.hits.len() >= limit {
        return false;
    }
    let key_hit = key.is_some_and(|k| k.to_lowercase().contains(needle));
    let value_hit = match value {
        Value::String(s) => s.to_lowercase().contains(needle),
        Value::Number(n) => n.to_string().contains(needle),
        Value::Bool(b) => b.to_string() == needle,
        Value::Null => "null" == needle,
        _ => false,
    };
    let mut found = false;
    if key_hit || value_hit {
        out.hits.push(path.to_string());
        found = true;
    }
    let mut child_found = false;
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let p = child_path(path, &Step::Key(k.clone()));
                child_found |= walk(v, &p, Some(k), needle, limit, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let p = child_path(path, &Step::Index(i));
                child_found |= walk(v, &p, None, needle, limit, out);
            }
        }
        _ => {}
    }
    // Kept sorted and without repeats as it grows (no sort to ship).
    if child_found {
        if let Err(at) = out.open.binary_search_by(|p| p.as_str().cmp(path)) {
            out.open.insert(at, path.to_string());
        }
    }
    found || child_found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths() {
        assert_eq!(child_path("$", &Step::Key("user".into())), "$.user");
        assert_eq!(child_path("$.items", &Step::Index(3)), "$.items[3]");
        assert_eq!(
            child_path("$", &Step::Key("Content-Type".into())),
            r#"$["Content-Type"]"#
        );
        assert_eq!(child_path("$", &Step::Key("2fa".into())), r#"$["2fa"]"#);
        assert_eq!(child_path("$", &Step::Key("a\"b".into())), r#"$["a\"b"]"#);
    }

    #[test]
    fn search_finds_keys_and_values_and_opens_their_ancestors() {
        let v = json!({"user": {"name": "Ada", "tags": ["admin", "ops"]}, "Admin": 1, "n": 42});
        let r = search(&v, "$", "adm", 100);
        assert_eq!(r.hits, vec!["$.user.tags[0]", "$.Admin"]);
        assert_eq!(r.open, vec!["$", "$.user", "$.user.tags"]);
        assert_eq!(search(&v, "$", "42", 100).hits, vec!["$.n"]);
        assert!(search(&v, "$", "  ", 100).hits.is_empty());
        assert_eq!(search(&v, "$", "a", 1).hits.len(), 1, "bounded");
    }
}
