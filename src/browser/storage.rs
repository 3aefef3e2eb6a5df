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

/// Keys of data kept only to save requests (e.g. the timeline's settled counts): all start with
/// this, so that sign-out forgets them in one sweep.
pub const CACHE_PREFIX: &str = "audit-console.cache.";

/// Forgets every cache key (`CACHE_PREFIX`) in both stores: after sign-out nothing of the
/// session's data stays behind.
pub fn forget_caches() {
    for store in [local(), session()].into_iter().flatten() {
        let len = store.length().unwrap_or(0);
        let keys: Vec<String> = (0..len)
            .filter_map(|i| store.key(i).ok().flatten())
            .filter(|k| k.starts_with(CACHE_PREFIX))
            .collect();
        for key in keys {
            let _ = store.remove_item(&key);
        }
    }
}
