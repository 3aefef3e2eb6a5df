//! What the API routes (`routes`) and the built app's files (`static_files`) both need: where the
//! API lives and the empty answer. Neither of them imports the other.

use axum::body::Body;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Where the API is mounted; the app's files are served everywhere else.
pub const API_PREFIX: &str = "/api/v1";

/// An answer with a status and no body.
pub fn empty(status: StatusCode) -> Response {
    (status, Body::empty()).into_response()
}

/// DRF's `ValidationError({field: [message]})`: a 400 naming the one bad parameter.
#[derive(Debug, PartialEq, Eq)]
pub struct Invalid {
    pub field: &'static str,
    pub message: String,
}

impl Invalid {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Invalid {
            field,
            message: message.into(),
        }
    }
}

impl IntoResponse for Invalid {
    fn into_response(self) -> Response {
        let mut body = serde_json::Map::new();
        body.insert(self.field.to_string(), serde_json::json!([self.message]));
        (
            StatusCode::BAD_REQUEST,
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            serde_json::Value::Object(body).to_string(),
        )
            .into_response()
    }
}

/// Python's `repr` of a string, as the Django package quotes a bad value in its messages.
pub fn py_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || (0x7f..0xa0).contains(&(c as u32)) => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `text[:n]`: the first `n` characters (not bytes).
pub fn py_prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}
