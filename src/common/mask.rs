//! Sensitive values: which keys hold secrets, and copies of JSON with them masked.
//!
//! Masked: the headers Authorization, Cookie, Set-Cookie, X-Api-Key, and any header or body key
//! containing "token", "secret", "password" or "session", case-insensitively.

use serde_json::Value;

/// What a masked value shows (and what copies carry) until the user reveals it.
pub const MASK: &str = "••••••••";

pub fn is_sensitive_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    matches!(
        k.as_str(),
        "authorization" | "cookie" | "set-cookie" | "x-api-key"
    ) || ["token", "secret", "password", "session"]
        .iter()
        .any(|w| k.contains(w))
}

/// A copy of `value` with the values of sensitive keys replaced by `placeholder(key)`, at any depth.
pub fn masked_with(value: &Value, placeholder: &dyn Fn(&str) -> Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = if is_sensitive_key(k) {
                        placeholder(k)
                    } else {
                        masked_with(v, placeholder)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| masked_with(v, placeholder)).collect())
        }
        other => other.clone(),
    }
}

/// A copy with every sensitive value shown as `MASK`.
pub fn masked(value: &Value) -> Value {
    masked_with(value, &|_| Value::String(MASK.into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sensitive_keys() {
        for k in [
            "Authorization",
            "cookie",
            "Set-Cookie",
            "X-API-KEY",
            "api_token",
            "client_secret",
            "Password",
            "sessionid",
            "X-Session-Id",
            "refreshToken",
        ] {
            assert!(is_sensitive_key(k), "{k}");
        }
        for k in [
            "User-Agent",
            "Accept",
            "name",
            "X-Forwarded-For",
            "keyboard",
        ] {
            assert!(!is_sensitive_key(k), "{k}");
        }
    }

    #[test]
    fn masks_at_any_depth_and_keeps_the_rest() {
        let v = json!({"user": {"name": "ada", "password": "hunter2"},
                       "items": [{"api_token": "abc", "qty": 1}],
                       "Authorization": {"nested": "whole value masked"}});
        assert_eq!(
            masked(&v),
            json!({"user": {"name": "ada", "password": MASK},
                   "items": [{"api_token": MASK, "qty": 1}],
                   "Authorization": MASK})
        );
    }
}
