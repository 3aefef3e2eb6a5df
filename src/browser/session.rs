//! The signed-in session: API base URL and token, with when it began, kept under one key —
//! in `localStorage` ("Keep me signed in on this device": every tab, across restarts) or in
//! `sessionStorage` (this tab only, gone when it closes). Also what every tab shares about it:
//! the last input in any tab (for idle sign-out) and the news that the session ended.
//!
//! The token is never put in a URL, a history entry, a log line or an error message.

use serde::{Deserialize, Serialize};

pub use crate::api::Session;
use crate::browser::storage::{local, session as tab};
use crate::i18n::{m, tf};

/// The key the session is kept under, in one of the two stores (documented in README.md).
pub const STORAGE_KEY: &str = "audit-console.session";
/// The last input in any tab, ms since the epoch (`localStorage`; no data, only a time).
pub const ACTIVITY_KEY: &str = "audit-console.activity";
/// Set when a session ends, so every tab ends its own: `{"message": …, "at": ms}`.
pub const ENDED_KEY: &str = "audit-console.signed-out";

/// The stored record: the session's fields and when it began. (Plain fields, not
/// `#[serde(flatten)]`, which costs kilobytes of wasm.)
#[derive(Serialize, Deserialize)]
struct Stored {
    api_base_url: String,
    token: String,
    /// When the user signed in (ms since the epoch); 0 when unknown (an older record).
    #[serde(default)]
    signed_in_at: i64,
}

impl Stored {
    fn session(self) -> Session {
        Session {
            api_base_url: self.api_base_url,
            token: self.token,
        }
    }
}

fn read(store: Option<web_sys::Storage>) -> Option<Stored> {
    let text = store?.get_item(STORAGE_KEY).ok().flatten()?;
    let stored: Stored = serde_json::from_str(&text).ok()?;
    (!stored.token.is_empty() && !stored.api_base_url.is_empty()).then_some(stored)
}

/// This tab's session, else the one kept on this device.
fn stored() -> Option<Stored> {
    read(tab()).or_else(|| read(local()))
}

/// The stored session; `None` when absent, unreadable or malformed (then the user signs in again).
pub fn load() -> Option<Session> {
    stored().map(Stored::session)
}

/// When the stored session began (ms since the epoch), when known.
pub fn signed_in_at() -> Option<i64> {
    stored().map(|s| s.signed_in_at).filter(|t| *t > 0)
}

/// Keeps a new session: on this device (`keep`), or for this tab only.
pub fn save(session: &Session, keep: bool, now_ms: i64) -> Result<(), String> {
    let (store, name) = if keep {
        (local(), "localStorage")
    } else {
        (tab(), "sessionStorage")
    };
    let store = store.ok_or_else(|| tf(m::SESSION__STORE_UNAVAILABLE, &[("store", name)]))?;
    let text = serde_json::to_string(&Stored {
        api_base_url: session.api_base_url.clone(),
        token: session.token.clone(),
        signed_in_at: now_ms,
    })
    .map_err(|e| e.to_string())?;
    clear();
    store
        .set_item(STORAGE_KEY, &text)
        .map_err(|_| tf(m::SESSION__STORE_FULL, &[("store", name)]))?;
    if let Some(l) = local() {
        let _ = l.remove_item(ENDED_KEY);
    }
    Ok(())
}

/// Removes the session (from both stores) and its activity time.
pub fn clear() {
    for store in [tab(), local()].into_iter().flatten() {
        let _ = store.remove_item(STORAGE_KEY);
    }
    if let Some(l) = local() {
        let _ = l.remove_item(ACTIVITY_KEY);
    }
}

/// Notes input now, for every tab's idle clock.
pub fn record_activity(now_ms: i64) {
    if let Some(l) = local() {
        let _ = l.set_item(ACTIVITY_KEY, &now_ms.to_string());
    }
}

/// The last input in any tab, if any was noted.
pub fn last_activity() -> Option<i64> {
    local()?.get_item(ACTIVITY_KEY).ok().flatten()?.parse().ok()
}

#[derive(Serialize, Deserialize)]
struct Ended {
    message: String,
    /// When: also makes every announcement a new value, since a storage event fires only when
    /// the value changes (two idle sign-outs in a row carry the same message).
    at: i64,
}

/// Tells every tab the session ended (the storage event), and why: a message stays for the
/// sign-in page; a plain sign-out (empty message) leaves nothing behind.
pub fn announce_end(message: &str, now_ms: i64) {
    if let (Some(l), Ok(text)) = (
        local(),
        serde_json::to_string(&Ended {
            message: message.to_string(),
            at: now_ms,
        }),
    ) {
        let _ = l.set_item(ENDED_KEY, &text);
        if message.is_empty() {
            let _ = l.remove_item(ENDED_KEY);
        }
    }
}

/// Forgets why the last session ended (a host session has begun again: session mode keeps no
/// record that `save` would replace).
pub fn forget_end() {
    if let Some(l) = local() {
        let _ = l.remove_item(ENDED_KEY);
    }
}

/// Why the last session ended by itself, for the sign-in page; `None` after a plain sign-out.
pub fn ended_message() -> Option<String> {
    let text = local()?.get_item(ENDED_KEY).ok().flatten()?;
    let ended: Ended = serde_json::from_str(&text).ok()?;
    (!ended.message.is_empty()).then_some(ended.message)
}
