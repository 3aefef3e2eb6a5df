//! Which language the user asked for, and remembering a new choice (the header's menu). The
//! choice itself is `i18n::negotiate`'s; this reads and writes where a choice is kept.
//!
//! On a static host the menu's choice is kept per browser (`localStorage`). In session mode it
//! is the host's language cookie (config.json `language_cookie`, Django's `django_language`),
//! so that the admin and the console always agree: Django's `LocaleMiddleware` reads it first.

use crate::browser::host_session::{cookie, set_cookie};
use crate::browser::storage::local;

/// Where a static host's console keeps the menu's choice.
pub const STORAGE_KEY: &str = "audit-console:language";

/// The user's languages, most preferred first: the menu's choice (the host's cookie in session
/// mode, this browser's in any other), then config.json's `language` (in session mode the one
/// Django chose for the request), then the browser's.
pub fn preferences(config_language: Option<&str>, host_cookie: Option<&str>) -> Vec<String> {
    let chosen = match host_cookie {
        Some(name) => cookie(name),
        None => local().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()),
    };
    chosen
        .into_iter()
        .chain(config_language.map(String::from))
        .chain(crate::i18n::load::browser_languages())
        .collect()
}

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
