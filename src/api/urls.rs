//! Request URLs, always built from the configured API base.

use crate::i18n::{m, t};

/// Percent-encodes a query component. Everything but RFC 3986 unreserved characters is encoded —
/// notably `+`, which servers decode as a space and which every UTC offset like `+02:00` contains.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `key=value&…`, encoded, in the given order.
pub fn query_string(params: &[(&str, String)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Splits and decodes a query string (`?a=1&b=x%2By`) the way browsers and servers read forms:
/// `+` is a space, `%XX` a byte; a broken escape stays as written; bytes that are not UTF-8 are
/// replaced rather than rejected.
pub fn parse_query(search: &str) -> Vec<(String, String)> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_component(k), decode_component(v))
        })
        .collect()
}

fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The base without a trailing slash, so paths join cleanly.
pub fn normalize_base(base: &str) -> String {
    base.trim().trim_end_matches('/').to_string()
}

pub fn list_url(base: &str, params: &[(&str, String)]) -> String {
    let q = query_string(params);
    let base = normalize_base(base);
    if q.is_empty() {
        format!("{base}/audit-events/")
    } else {
        format!("{base}/audit-events/?{q}")
    }
}

/// One of the list's aggregate endpoints (`histogram`, `facets`: config.json `api_features`
/// says whether the API has them), with the list's parameters.
pub fn aggregate_url(base: &str, endpoint: &str, params: &[(&str, String)]) -> String {
    format!(
        "{}/audit-events/{}/?{}",
        normalize_base(base),
        encode_component(endpoint),
        query_string(params)
    )
}

pub fn detail_url(base: &str, uuid: &str) -> String {
    format!(
        "{}/audit-events/{}/",
        normalize_base(base),
        encode_component(uuid)
    )
}

/// Checks an API base URL typed by a person: absolute http(s), no query or fragment.
pub fn validate_base(base: &str) -> Result<String, String> {
    let b = normalize_base(base);
    if b.is_empty() {
        return Err(t(m::URL__BASE_MISSING).into());
    }
    let rest = b
        .strip_prefix("https://")
        .or_else(|| b.strip_prefix("http://"))
        .ok_or(t(m::URL__BASE_SCHEME))?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(t(m::URL__BASE_HOST).into());
    }
    if b.contains(['?', '#', ' ']) {
        return Err(t(m::URL__BASE_CHARS).into());
    }
    Ok(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_survive_the_query_string() {
        let url = list_url(
            "https://api.example.com/v1/",
            &[
                ("timestamp__gte", "2026-11-25T10:00:00+02:00".into()),
                ("limit", "50".into()),
            ],
        );
        assert_eq!(
            url,
            "https://api.example.com/v1/audit-events/?timestamp__gte=2026-11-25T10%3A00%3A00%2B02%3A00&limit=50"
        );
    }

    #[test]
    fn aggregate_urls_sit_beside_the_list() {
        assert_eq!(
            aggregate_url(
                "https://h/api/v1/",
                "histogram",
                &[("edges", "2026-11-25T00:00:00Z,2026-11-26T00:00:00Z".into())]
            ),
            "https://h/api/v1/audit-events/histogram/?edges=2026-11-25T00%3A00%3A00Z%2C2026-11-26T00%3A00%3A00Z"
        );
    }

    #[test]
    fn detail_urls_encode_whatever_the_route_held() {
        assert_eq!(
            detail_url("http://h/api", "a/../b?x"),
            "http://h/api/audit-events/a%2F..%2Fb%3Fx/"
        );
    }

    #[test]
    fn query_strings_decode_like_forms() {
        assert_eq!(
            parse_query("?a=1+2&b=x%2By&c&d=%E2%9C%93&e=%zz&f=%4"),
            vec![
                ("a".to_string(), "1 2".to_string()),
                ("b".into(), "x+y".into()),
                ("c".into(), "".into()),
                ("d".into(), "✓".into()),
                ("e".into(), "%zz".into()),
                ("f".into(), "%4".into()),
            ]
        );
        let original = "2026-11-25T10:00:00+02:00 & more=✓";
        let encoded = query_string(&[("k", original.to_string())]);
        assert_eq!(
            parse_query(&encoded),
            vec![("k".to_string(), original.to_string())]
        );
    }

    #[test]
    fn base_validation() {
        assert_eq!(
            validate_base(" https://h/api/v1/ "),
            Ok("https://h/api/v1".into())
        );
        assert!(validate_base("javascript:alert(1)").is_err());
        assert!(validate_base("ftp://h").is_err());
        assert!(validate_base("https://").is_err());
        assert!(validate_base("").is_err());
    }
}
