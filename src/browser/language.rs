//! Remembering a new choice of language (the header's menu), where the start-up script reads it
//! first (`src/i18n/early_language.js`, which chooses the language from it).
//!
//! On a static host the menu's choice is kept per browser (`localStorage`). In session mode it
//! is the host's language cookie (config.json `language_cookie`, Django's `django_language`),
//! so that the admin and the console always agree: Django's `LocaleMiddleware` reads it first.

use crate::browser::host_session::set_cookie;
use crate::browser::storage::local;

/// Where a static host's console keeps the menu's choice (early_language.js reads the same key).
pub const STORAGE_KEY: &str = "audit-console:language";

/// Keeps `tag` as the user's choice and reloads the page in it (the URL holds the whole view, so
/// nothing is lost).
pub fn choose(tag: &str, host_cookie: Option<&str>) {
    match host_cookie {
        Some(name) => set_cookie(name, tag),
        None => {
            if let Some(s) = local() {
                let _ = s.set_item(STORAGE_KEY, tag);
            }
        }
    }
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}
