//! The one rule for "an address inside the app": every link the app builds from data (the rows'
//! time, user and object links, sign-in's `next`, a same-origin `api_base_url`) must pass it, so
//! a crafted address can never lead to another site.
//!
//! An app path is `/` followed by anything but `/` or `\` (`//host` and `/\host` are
//! protocol-relative addresses of another site: browsers read `\` as `/` in http(s) URLs), with
//! no control character anywhere (the URL parser drops tab, CR and LF, so `/<tab>/host` would
//! become `//host`). `src/list/table/rows.js` keeps a copy for the rows it builds
//! (`isAppPath`, which also resolves the address against the page's origin); both copies are
//! held to the same cases, `app_path_cases.json`: natively here and in the browser by the e2e
//! suite (list.test.mjs).

/// Whether `href` is a path inside the app, resolved against the app's own origin.
pub fn is_app_path(href: &str) -> bool {
    let mut chars = href.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/') | Some('\\'))
        && !href.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cases(key: &str) -> Vec<String> {
        let corpus: serde_json::Value =
            serde_json::from_str(include_str!("app_path_cases.json")).expect("valid JSON");
        corpus[key]
            .as_array()
            .expect("a list")
            .iter()
            .map(|v| v.as_str().expect("a string").to_string())
            .collect()
    }

    #[test]
    fn the_app_own_paths_pass() {
        let paths = cases("app_paths");
        assert!(paths.len() >= 8);
        for p in paths {
            assert!(is_app_path(&p), "{p:?} is an app path");
        }
    }

    #[test]
    fn other_sites_schemes_relative_and_smuggled_addresses_do_not() {
        let hostile = cases("not_app_paths");
        assert!(hostile.len() >= 20);
        for p in hostile {
            assert!(!is_app_path(&p), "{p:?} is not an app path");
        }
    }

    #[test]
    fn the_rows_script_states_the_same_rule() {
        // rows.js's copy: the regular expression must be this one, character for character.
        let js = include_str!("../list/table/rows.js");
        assert!(
            js.contains(r"const APP_PATH = /^\/(?![\/\\])[^\u0000-\u001f\u007f-\u009f]*$/;"),
            "rows.js states the app-path rule of common::app_path"
        );
    }
}
