//! What a facet counts an event's value as: `Key` (the value, none at all, or one that did not
//! parse), and the folding of raw event fields into keys: an IP address in its canonical form
//! (`ip_key`), a URL split into its origin and its path with numeric and UUID segments folded to
//! `{id}` (`split_url`, `fold_path`, `endpoint_key`: an `Endpoint`), and `content.action`
//! (`action_key`). Event text is clipped (`clip`), so a hostile 100 KB value costs no more than a
//! short one.

use std::net::IpAddr;

use serde_json::Value;

use crate::api::ContentAction;

/// Event text (an action, a name) is kept to this many characters: a hostile 100 KB value costs
/// no more than a short one.
const MAX_TEXT_CHARS: usize = 200;

/// A facet's value: the value, none at all, or one that did not parse.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key<T> {
    Value(T),
    None,
    Unparsed,
}

/// An endpoint: where (scheme and host, "" for a path without one) and the path with its ids
/// folded.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Endpoint {
    pub origin: String,
    pub path: String,
}

/// At most `MAX_TEXT_CHARS` characters, "…" marking a cut.
pub(super) fn clip(s: &str) -> String {
    match s.char_indices().nth(MAX_TEXT_CHARS) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

/// An IP address in its canonical form; "(unparsed)" for anything else, "(none)" for no value.
pub fn ip_key(addr: Option<&str>) -> Key<IpAddr> {
    match addr.map(str::trim) {
        None | Some("") => Key::None,
        Some(a) => a.parse().map(Key::Value).unwrap_or(Key::Unparsed),
    }
}

/// Splits a URL into its origin (`https://shop.example.com`, scheme and host lower-cased, user
/// and password dropped) and its path (without query or fragment; "/" when empty). A path
/// without a host (`/api/v1/x`) has the origin "". `None` when it is not a URL: no scheme, an
/// empty host, or whitespace or control characters anywhere.
pub fn split_url(url: &str) -> Option<(String, &str)> {
    let url = url.trim();
    if url.is_empty() || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let (origin, rest) = if url.starts_with('/') && !url.starts_with("//") {
        (String::new(), url)
    } else {
        let (scheme, after) = url.split_once("://")?;
        let mut chars = scheme.chars();
        let scheme_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if !scheme_ok {
            return None;
        }
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        let authority = &after[..end];
        // Credentials in a URL are never shown: only the host and port.
        let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        if host.is_empty() {
            return None;
        }
        (
            format!(
                "{}://{}",
                scheme.to_ascii_lowercase(),
                host.to_ascii_lowercase()
            ),
            &after[end..],
        )
    };
    let path_end = rest.find(['?', '#']).unwrap_or(rest.len());
    let path = &rest[..path_end];
    Some((origin, if path.is_empty() { "/" } else { path }))
}

/// A UUID, with or without its hyphens.
fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    match b.len() {
        32 => b.iter().all(u8::is_ascii_hexdigit),
        36 => b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        }),
        _ => false,
    }
}

/// The path with every numeric or UUID segment replaced by `{id}`, so `/orders/123/` and
/// `/orders/124/` are one endpoint.
pub fn fold_path(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            if (!seg.is_empty() && seg.bytes().all(|c| c.is_ascii_digit())) || is_uuid(seg) {
                "{id}"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The endpoint of an event's URL, and its raw path.
pub fn endpoint_key(url: Option<&str>) -> (Key<Endpoint>, Option<String>) {
    let Some(url) = url.filter(|u| !u.trim().is_empty()) else {
        return (Key::None, None);
    };
    match split_url(url) {
        Some((origin, path)) => (
            Key::Value(Endpoint {
                origin,
                path: clip(&fold_path(path)),
            }),
            Some(clip(path)),
        ),
        None => (Key::Unparsed, None),
    }
}

/// `content.action` when `content` is an object with a text `action`; "(none)" when there is no
/// content or no action; "(unparsed)" when `content` is not an object or the action not text.
pub fn action_key(content: &ContentAction) -> Key<String> {
    match content {
        ContentAction::Null => Key::None,
        ContentAction::Object(action) => match action {
            None | Some(Value::Null) => Key::None,
            Some(Value::String(s)) if s.trim().is_empty() => Key::None,
            Some(Value::String(s)) => Key::Value(clip(s)),
            Some(_) => Key::Unparsed,
        },
        ContentAction::NotObject => Key::Unparsed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_fold_numeric_and_uuid_segments() {
        assert_eq!(fold_path("/api/v1/orders/123/"), "/api/v1/orders/{id}/");
        assert_eq!(fold_path("/api/v1/orders/124/"), "/api/v1/orders/{id}/");
        assert_eq!(
            fold_path("/u/ffa8c5c5-1b50-4edb-88da-bb8c6298d3e9/x/FFA8C5C51B504EDB88DABB8C6298D3E9"),
            "/u/{id}/x/{id}"
        );
        assert_eq!(
            fold_path("/v2/item-12/12a/"),
            "/v2/item-12/12a/",
            "only whole segments"
        );
        assert_eq!(fold_path("/"), "/");
        assert_eq!(fold_path(""), "");
        assert_eq!(fold_path("//a//1"), "//a//{id}");
    }

    #[test]
    fn urls_split_into_origin_and_path() {
        assert_eq!(
            split_url("HTTPS://Shop.Example.com:8443/api/v1/orders/7/?x=1#top"),
            Some(("https://shop.example.com:8443".into(), "/api/v1/orders/7/"))
        );
        assert_eq!(
            split_url("https://admin:hunter2@shop.example.com/x"),
            Some(("https://shop.example.com".into(), "/x")),
            "credentials are dropped"
        );
        assert_eq!(
            split_url("https://shop.example.com"),
            Some(("https://shop.example.com".into(), "/"))
        );
        assert_eq!(
            split_url("https://shop.example.com?q=1"),
            Some(("https://shop.example.com".into(), "/"))
        );
        assert_eq!(split_url("/api/v1/x?y"), Some((String::new(), "/api/v1/x")));
        for bad in [
            "",
            "   ",
            "not a url",
            "javascript:alert(1)",
            "//evil.example/x",
            "https:///x",
            "1http://x/",
            "https://a b/",
            "https://x/\u{0}",
            "<script>alert(1)</script>",
        ] {
            assert_eq!(split_url(bad), None, "{bad:?}");
        }
        let (key, raw) = endpoint_key(Some("https://shop.example.com/api/v1/orders/123/?x=880"));
        assert_eq!(
            key,
            Key::Value(Endpoint {
                origin: "https://shop.example.com".into(),
                path: "/api/v1/orders/{id}/".into()
            })
        );
        assert_eq!(raw.as_deref(), Some("/api/v1/orders/123/"));
        assert_eq!(endpoint_key(None).0, Key::None);
        assert_eq!(endpoint_key(Some(" ")).0, Key::None);
        assert_eq!(endpoint_key(Some("%%%")).0, Key::Unparsed);
    }

    #[test]
    fn ips_and_actions_count_none_and_unparsed() {
        assert_eq!(ip_key(None), Key::None);
        assert_eq!(ip_key(Some("")), Key::None);
        assert_eq!(
            ip_key(Some("10.0.0.1")),
            Key::Value("10.0.0.1".parse().unwrap())
        );
        assert_eq!(
            ip_key(Some("2001:DB8:0:0::1")),
            ip_key(Some("2001:db8::1")),
            "one address, however written"
        );
        assert_eq!(ip_key(Some("10.0.0.256")), Key::Unparsed);
        assert_eq!(ip_key(Some("<img src=x onerror=alert(1)>")), Key::Unparsed);
        assert_eq!(
            action_key(&ContentAction::of(&json!({"action": "update"}))),
            Key::Value("update".into())
        );
        assert_eq!(
            action_key(&ContentAction::of(&json!({"changes": {}}))),
            Key::None
        );
        assert_eq!(action_key(&ContentAction::of(&Value::Null)), Key::None);
        assert_eq!(
            action_key(&ContentAction::of(&json!({"action": ""}))),
            Key::None
        );
        assert_eq!(
            action_key(&ContentAction::of(&json!({"action": 7}))),
            Key::Unparsed
        );
        assert_eq!(
            action_key(&ContentAction::of(&json!("update"))),
            Key::Unparsed
        );
        assert_eq!(
            action_key(&ContentAction::of(&json!([1, 2]))),
            Key::Unparsed
        );
        let long = "x".repeat(100_000);
        match action_key(&ContentAction::of(&json!({ "action": long }))) {
            Key::Value(a) => assert_eq!(a.chars().count(), MAX_TEXT_CHARS + 1),
            other => panic!("{other:?}"),
        }
    }
}
