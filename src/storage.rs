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
