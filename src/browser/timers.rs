//! The tab's visibility, for polling that pauses in the background, and yielding to the
//! browser between pieces of one long piece of work. (Waits between retries are the API
//! client's own, abortable: `api::client`.)

/// Whether the page is in a background tab (polling pauses then).
pub fn tab_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// Resolves in a later task (`setTimeout` 0): work after it is not part of the current task, so
/// the browser can paint and answer input in between (no long task).
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
