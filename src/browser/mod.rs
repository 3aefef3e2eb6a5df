//! Browser glue, one concern a file: what the start-up script leaves for the app (`boot`),
//! local/session storage (`storage`), the stored session
//! (`session`), the start-up script's early list request (`early`), the host's own session in
//! session mode (`host_session`), the service worker (`service_worker`), the clipboard,
//! downloads, timers, the browser's time zone (`zone`), the theme, and holding the first paint
//! until the page's content is drawn (`first_paint`).
//!
//! May use: `api` (its types) and `common`. `wasm32` only.

pub mod boot;
pub mod clipboard;
pub mod download;
pub mod early;
pub mod first_paint;
pub mod host_session;
pub mod language;
pub mod service_worker;
pub mod session;
pub mod storage;
pub mod theme;
pub mod timers;
pub mod zone;
