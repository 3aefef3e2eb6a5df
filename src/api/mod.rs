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
pub use types::{Brief, ContentAction, Event, Page, Session, User, UserRef};
