//! A structural diff of two JSON values: every leaf that was added, removed or changed, with its
//! path (`$.headers["User-Agent"]`, `$.content.items[2]`). Objects are compared key by key and
//! arrays index by index, so a change deep inside a large body is reported at its own path
//! rather than as "the whole field changed".

use serde_json::Value;

use crate::common::json_path::{child_path, Step};
use crate::common::mask::is_sensitive_key;
use crate::i18n::{m, t};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

impl ChangeKind {
    /// The word the screen shows (the colour is only a second cue).
    pub fn label(self) -> &'static str {
        t(match self {
            ChangeKind::Added => m::COMPARE__ADDED,
            ChangeKind::Removed => m::COMPARE__REMOVED,
            ChangeKind::Changed => m::COMPARE__CHANGED,
        })
    }

    /// Its name in CSS classes (`d-added`): the same in every language.
    pub fn slug(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// One difference. `before` is absent for an addition, `after` for a removal.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    pub path: String,
    pub kind: ChangeKind,
    pub before: Option<Value>,
    pub after: Option<Value>,
    /// Some key on the path holds a secret (Authorization, *token*, …): shown masked by default.
    pub sensitive: bool,
}

/// Every difference from `before` to `after`, in document order (before's keys first, then keys
/// only `after` has).
pub fn diff(before: &Value, after: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    walk("$", before, after, false, &mut out);
    out
}

fn walk(path: &str, before: &Value, after: &Value, sensitive: bool, out: &mut Vec<Difference>) {
    match (before, after) {
        (Value::Object(a), Value::Object(b)) => {
            let keys = a.keys().chain(b.keys().filter(|k| !a.contains_key(*k)));
            for key in keys {
                let child = child_path(path, &Step::Key(key.clone()));
                let secret = sensitive || is_sensitive_key(key);
                pair(child, a.get(key), b.get(key), secret, out);
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for i in 0..a.len().max(b.len()) {
                let child = child_path(path, &Step::Index(i));
                pair(child, a.get(i), b.get(i), sensitive, out);
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push(Difference {
            path: path.to_string(),
            kind: ChangeKind::Changed,
            before: Some(a.clone()),
            after: Some(b.clone()),
            sensitive,
        }),
    }
}

fn pair(
    path: String,
    before: Option<&Value>,
    after: Option<&Value>,
    sensitive: bool,
    out: &mut Vec<Difference>,
) {
    let kind = match (before, after) {
        (Some(a), Some(b)) => return walk(&path, a, b, sensitive, out),
        (None, None) => return,
        (Some(_), None) => ChangeKind::Removed,
        (None, Some(_)) => ChangeKind::Added,
    };
    out.push(Difference {
        path,
        kind,
        before: before.cloned(),
        after: after.cloned(),
        sensitive,
    });
}

/// A value as one line of compact JSON for a diff cell, cut at `max` characters.
pub fn compact(value: &Value, max: usize) -> String {
    let text = serde_json::to_string(value).unwrap_or_default();
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// How many differences of each kind: (added, removed, changed).
pub fn tally(diffs: &[Difference]) -> (usize, usize, usize) {
    let count = |k| diffs.iter().filter(|d| d.kind == k).count();
    (
        count(ChangeKind::Added),
        count(ChangeKind::Removed),
        count(ChangeKind::Changed),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn paths(d: &[Difference]) -> Vec<(String, ChangeKind)> {
        d.iter().map(|d| (d.path.clone(), d.kind)).collect()
    }

    #[test]
    fn equal_values_have_no_differences() {
        let v = json!({"a": [1, {"b": null}], "c": "x"});
        assert!(diff(&v, &v).is_empty());
    }

    #[test]
    fn reports_added_removed_and_changed_leaves_at_their_paths() {
        let a = json!({"status": "open", "items": [1, 2, 3], "meta": {"by": 5, "old": true}});
        let b = json!({"status": "paid", "items": [1, 9], "meta": {"by": 5, "new": "x"}, "z": 1});
        let d = diff(&a, &b);
        assert_eq!(
            paths(&d),
            vec![
                ("$.status".into(), ChangeKind::Changed),
                ("$.items[1]".into(), ChangeKind::Changed),
                ("$.items[2]".into(), ChangeKind::Removed),
                ("$.meta.old".into(), ChangeKind::Removed),
                ("$.meta.new".into(), ChangeKind::Added),
                ("$.z".into(), ChangeKind::Added),
            ]
        );
        assert_eq!(d[0].before, Some(json!("open")));
        assert_eq!(d[0].after, Some(json!("paid")));
        assert_eq!(d[2].after, None);
        assert_eq!(d[4].before, None);
        assert_eq!(tally(&d), (2, 2, 2));
    }

    #[test]
    fn a_change_of_type_is_one_change_not_a_subtree() {
        let d = diff(&json!({"a": {"x": 1}}), &json!({"a": [1]}));
        assert_eq!(paths(&d), vec![("$.a".into(), ChangeKind::Changed)]);
        // null and a missing key differ: one is recorded as null, the other not at all.
        let d = diff(&json!({"a": null}), &json!({}));
        assert_eq!(paths(&d), vec![("$.a".into(), ChangeKind::Removed)]);
    }

    #[test]
    fn keys_that_are_not_identifiers_are_quoted() {
        let d = diff(&json!({"User-Agent": "a"}), &json!({"User-Agent": "b"}));
        assert_eq!(d[0].path, r#"$["User-Agent"]"#);
    }

    #[test]
    fn secrets_anywhere_on_the_path_are_flagged() {
        let a = json!({"headers": {"Authorization": "Token a"}, "post": {"auth": {"password": {"v": 1}}}, "x": 1});
        let b = json!({"headers": {"Authorization": "Token b"}, "post": {"auth": {"password": {"v": 2}}}, "x": 2});
        let d = diff(&a, &b);
        assert_eq!(
            d.iter().map(|d| d.sensitive).collect::<Vec<_>>(),
            vec![true, true, false]
        );
    }

    #[test]
    fn compact_cuts_long_values_on_a_character_boundary() {
        assert_eq!(compact(&json!({"a": 1}), 50), r#"{"a":1}"#);
        assert_eq!(compact(&json!("ééééé"), 3), "\"éé…");
    }
}
