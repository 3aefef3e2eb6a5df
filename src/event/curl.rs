//! "Copy as cURL": the request an event recorded, rebuilt as a shell command. Sensitive headers
//! become placeholders, never their values.

use serde_json::Value;

use crate::api::Event;
use crate::common::mask::is_sensitive_key;

/// Quotes for POSIX shells: single quotes, with `'` written as `'\''`.
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// Headers a client sets itself; copying them would only confuse the replay.
fn skipped(header: &str) -> bool {
    matches!(
        header.to_ascii_lowercase().as_str(),
        "content-length" | "host" | "connection"
    )
}

pub fn to_curl(event: &Event) -> String {
    let url = event.url.clone().unwrap_or_default();
    let has_body = !matches!(&event.post_data, Value::Null)
        && !matches!(&event.post_data, Value::Object(m) if m.is_empty());
    let mut parts = vec!["curl".to_string()];
    if has_body {
        parts.push("-X POST".into());
    }
    parts.push(shell_quote(&url));
    if let Value::Object(headers) = &event.headers {
        for (name, value) in headers {
            if skipped(name) {
                continue;
            }
            let v = if is_sensitive_key(name) {
                format!("<{}>", name.to_ascii_uppercase().replace('-', "_"))
            } else {
                match value {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                }
            };
            parts.push(format!("-H {}", shell_quote(&format!("{name}: {v}"))));
        }
    }
    if has_body {
        let body = crate::common::mask::masked_with(&event.post_data, &|k| {
            Value::String(format!("<{}>", k.to_ascii_uppercase()))
        });
        parts.push(format!("--data-raw {}", shell_quote(&body.to_string())));
    }
    parts.join(" \\\n  ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(post_data: Value) -> Event {
        serde_json::from_value(json!({
            "uuid": "u", "timestamp": "2026-11-25T10:00:00Z",
            "url": "https://shop.example.com/api/v1/orders/7/?q=it's",
            "headers": {"User-Agent": "curl/8", "Authorization": "Token secret123",
                        "Cookie": "sessionid=abc", "Content-Length": "12"},
            "post_data": post_data
        }))
        .unwrap()
    }

    #[test]
    fn rebuilds_a_post_with_placeholders_for_secrets() {
        let c = to_curl(&event(json!({"qty": 3, "password": "hunter2"})));
        assert_eq!(
            c,
            "curl \\\n  -X POST \\\n  'https://shop.example.com/api/v1/orders/7/?q=it'\\''s' \\\n  \
             -H 'User-Agent: curl/8' \\\n  -H 'Authorization: <AUTHORIZATION>' \\\n  \
             -H 'Cookie: <COOKIE>' \\\n  --data-raw '{\"qty\":3,\"password\":\"<PASSWORD>\"}'"
        );
        assert!(!c.contains("secret123") && !c.contains("hunter2") && !c.contains("sessionid=abc"));
    }

    #[test]
    fn a_get_has_no_body() {
        let c = to_curl(&event(Value::Null));
        assert!(!c.contains("-X POST") && !c.contains("--data-raw"));
    }

    #[test]
    fn quoting_survives_hostile_text() {
        assert_eq!(shell_quote("a'b$(rm -rf /)"), r"'a'\''b$(rm -rf /)'");
    }
}
