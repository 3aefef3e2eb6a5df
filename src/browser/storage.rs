//! The browser's two stores, or `None` when the browser refuses them (private modes, policies):
//! every caller then carries on without remembering.

/// `localStorage`: kept across tabs and restarts (session, zone choice).
pub fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// `sessionStorage`: this tab only (the list the detail page came from, live tail).
pub fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// A value kept in `localStorage`, or `None` when absent or refused.
pub fn read_local(key: &str) -> Option<String> {
    local()?.get_item(key).ok().flatten()
}

/// Keeps a value in `localStorage`; `false` when the browser refuses (quota, policy).
pub fn write_local(key: &str, value: &str) -> bool {
    local().is_some_and(|s| s.set_item(key, value).is_ok())
}
