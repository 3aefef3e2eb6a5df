//! The one way the app talks to the audit-events API.
//!
//! `types` decodes tolerantly (`sliced` decodes a big event a slice per task), `error` maps every failure to one enum with a message for the
//! screen, `urls` builds every request URL from the configured base (the API's `next`/`previous`
//! links are never followed: behind proxies they name the wrong host, and the token must go nowhere
//! but the configured API). `retry` is the one retry policy; `client` performs requests in the
//! browser, following it.

pub mod error;
pub mod retry;
pub mod sliced;
pub mod types;
pub mod urls;

#[cfg(target_arch = "wasm32")]
pub mod client;

pub use error::ApiError;
pub use types::{Brief, ContentAction, Event, Histogram, Page, Session, User, UserRef};

/// An answer's body as text, as `Response.text()` reads it (the client reads bodies as bytes): a
/// leading byte order mark dropped, bytes that are not UTF-8 each a U+FFFD.
pub fn body_text(mut body: Vec<u8>) -> String {
    if body.starts_with(b"\xEF\xBB\xBF") {
        body.drain(..3);
    }
    String::from_utf8(body).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::body_text;

    #[test]
    fn bodies_read_as_fetch_reads_text() {
        assert_eq!(body_text(b"{\"count\": 1}".to_vec()), "{\"count\": 1}");
        assert_eq!(
            body_text("caf\u{e9} \u{1F600}".as_bytes().to_vec()),
            "caf\u{e9} \u{1F600}"
        );
        assert_eq!(
            body_text(b"\xEF\xBB\xBF[1]".to_vec()),
            "[1]",
            "a byte order mark is dropped"
        );
        assert_eq!(
            body_text(b"a\xEF\xBB\xBFb".to_vec()),
            "a\u{FEFF}b",
            "only a leading one"
        );
        assert_eq!(
            body_text(b"\"a\xFFb\xC3\"".to_vec()),
            "\"a\u{FFFD}b\u{FFFD}\""
        );
        assert_eq!(body_text(Vec::new()), "");
    }
}
