//! The signed-in session: API base URL and token, kept in `localStorage` under one key.
//!
//! The token is never put in a URL, a history entry, a log line or an error message.

pub use crate::api::Session;
use crate::browser::storage::local as storage;

/// The one `localStorage` key the app writes (documented in README.md).
pub const STORAGE_KEY: &str = "audit-console.session";

/// The stored session; `None` when absent, unreadable or malformed (then the user signs in again).
pub fn load() -> Option<Session> {
    let text = storage()?.get_item(STORAGE_KEY).ok().flatten()?;
    let session: Session = serde_json::from_str(&text).ok()?;
    (!session.token.is_empty() && !session.api_base_url.is_empty()).then_some(session)
}

pub fn save(session: &Session) -> Result<(), String> {
    let storage = storage()
        .ok_or("This browser does not allow storing the session (localStorage is unavailable).")?;
    let text = serde_json::to_string(session).map_err(|e| e.to_string())?;
    storage
        .set_item(STORAGE_KEY, &text)
        .map_err(|_| "Could not store the session: localStorage is full or blocked.".to_string())
}

pub fn clear() {
    if let Some(s) = storage() {
        let _ = s.remove_item(STORAGE_KEY);
    }
}
