//! An awaitable pause for back-off between retries, on the browser's own `setTimeout`.

use wasm_bindgen_futures::JsFuture;

/// Resolves after `ms` milliseconds (never, outside a browser window).
pub async fn sleep_ms(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Whether the page is in a background tab (polling pauses then).
pub fn tab_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}
