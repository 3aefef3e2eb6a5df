//! The tab's visibility, for polling that pauses in the background. (Waits between retries are
//! the API client's own, abortable: `api::client`.)

/// Whether the page is in a background tab (polling pauses then).
pub fn tab_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}
