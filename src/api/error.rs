//! Every way a request can fail, as one enum with a message fit for the screen.

use std::collections::BTreeMap;
use std::fmt;

use crate::i18n::{m, t, tf, tn};

#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// 401: no token, or a token the API rejects.
    Unauthorized(String),
    /// 403: a valid token without permission to read audit events.
    Forbidden(String),
    /// 404 with the API's detail ("Invalid page.", "No AuditEvent matches…").
    NotFound(String),
    /// 400: field → messages, to show next to the field they name.
    Invalid(BTreeMap<String, Vec<String>>),
    /// 429, with `Retry-After` in seconds when the API sent one the browser let us read.
    RateLimited { retry_after_secs: Option<u32> },
    /// 5xx or any other unexpected status; the body is often an HTML page, never shown.
    Server { status: u16 },
    /// The request never got an answer: offline, DNS, refused, or a CORS refusal (browsers report
    /// all of these alike).
    Network,
    /// The answer was not the JSON the contract describes.
    Decode(String),
    /// Superseded by a newer request; never shown.
    Aborted,
}

impl ApiError {
    /// Maps a non-2xx response to an error. `body` is the response text (maybe HTML), read only
    /// for the API's JSON `detail` or field errors.
    pub fn from_response(status: u16, body: &str, retry_after: Option<&str>) -> ApiError {
        let detail = || {
            serde_json::from_str::<serde_json::Value>(body)
                .ok()
                .and_then(|v| v.get("detail").and_then(|d| d.as_str()).map(String::from))
        };
        match status {
            401 => {
                ApiError::Unauthorized(detail().unwrap_or_else(|| "Authentication failed.".into()))
            }
            403 => ApiError::Forbidden(
                detail().unwrap_or_else(|| "You do not have permission.".into()),
            ),
            404 => ApiError::NotFound(detail().unwrap_or_else(|| "Not found.".into())),
            400 => match serde_json::from_str::<BTreeMap<String, FieldMessages>>(body) {
                Ok(fields) if !fields.is_empty() => {
                    // Inserted one by one: the keys are in order already (no sort to ship).
                    let mut out = BTreeMap::new();
                    for (k, v) in fields {
                        out.insert(k, v.0);
                    }
                    ApiError::Invalid(out)
                }
                _ => ApiError::Invalid(BTreeMap::from([(
                    "request".to_string(),
                    vec![detail().unwrap_or_else(|| "The API rejected the request.".into())],
                )])),
            },
            429 => ApiError::RateLimited {
                retry_after_secs: retry_after.and_then(|v| v.trim().parse().ok()),
            },
            _ => ApiError::Server { status },
        }
    }

    /// The message shown to the user.
    pub fn message(&self) -> String {
        match self {
            ApiError::Unauthorized(detail) => tf(m::ERROR__UNAUTHORIZED, &[("detail", detail)]),
            ApiError::Forbidden(detail) => tf(m::ERROR__FORBIDDEN, &[("detail", detail)]),
            ApiError::NotFound(detail) => tf(m::ERROR__NOT_FOUND, &[("detail", detail)]),
            ApiError::Invalid(fields) => {
                let parts: Vec<String> = fields
                    .iter()
                    .map(|(field, msgs)| format!("{field}: {}", msgs.join(" ")))
                    .collect();
                tf(m::ERROR__INVALID, &[("fields", &parts.join("; "))])
            }
            ApiError::RateLimited {
                retry_after_secs: Some(s),
            } => tn(m::ERROR__RATE_LIMITED_FOR, u64::from(*s), &[]),
            ApiError::RateLimited {
                retry_after_secs: None,
            } => t(m::ERROR__RATE_LIMITED).into(),
            ApiError::Server { status } => tf(m::ERROR__SERVER, &[("status", &status.to_string())]),
            ApiError::Network => t(m::ERROR__NETWORK).into(),
            ApiError::Decode(why) => tf(m::ERROR__DECODE, &[("why", why)]),
            ApiError::Aborted => t(m::ERROR__ABORTED).into(),
        }
    }

    /// Whether retrying the same request may succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ApiError::RateLimited { .. } | ApiError::Server { .. } | ApiError::Network
        )
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ApiError {}

/// DRF sends a list of messages per field, occasionally a single string.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum FieldMessagesShape {
    Many(Vec<String>),
    One(String),
}

struct FieldMessages(Vec<String>);

impl<'de> serde::Deserialize<'de> for FieldMessages {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(FieldMessages(match FieldMessagesShape::deserialize(d)? {
            FieldMessagesShape::Many(v) => v,
            FieldMessagesShape::One(s) => vec![s],
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_each_documented_status() {
        assert_eq!(
            ApiError::from_response(401, r#"{"detail": "Invalid token."}"#, None),
            ApiError::Unauthorized("Invalid token.".into())
        );
        assert!(matches!(
            ApiError::from_response(403, r#"{"detail": "Nope"}"#, None),
            ApiError::Forbidden(d) if d == "Nope"
        ));
        assert_eq!(
            ApiError::from_response(404, r#"{"detail": "Invalid page."}"#, None),
            ApiError::NotFound("Invalid page.".into())
        );
        let invalid = ApiError::from_response(
            400,
            r#"{"user": ["Enter a number."], "timestamp__gt": ["Enter a valid date/time."]}"#,
            None,
        );
        let ApiError::Invalid(fields) = invalid else {
            panic!("{invalid:?}")
        };
        assert_eq!(fields["user"], vec!["Enter a number."]);
        assert_eq!(
            ApiError::from_response(429, "", Some("7")),
            ApiError::RateLimited {
                retry_after_secs: Some(7)
            }
        );
    }

    #[test]
    fn an_html_error_page_never_reaches_the_screen() {
        let html = "<html><body><h1>Server Error (500)</h1><script>x()</script></body></html>";
        let e = ApiError::from_response(500, html, None);
        assert_eq!(e, ApiError::Server { status: 500 });
        assert!(!e.message().contains('<'));
        assert!(e.is_retryable());
        // An HTML 401 from a proxy still means "sign in again".
        assert!(matches!(
            ApiError::from_response(401, html, None),
            ApiError::Unauthorized(_)
        ));
    }
}
