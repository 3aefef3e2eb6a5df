//! Copying text to the clipboard, with a polite announcement of the result.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::i18n::{m, t, tf};

/// Writes `text` to the clipboard. `Err` carries a message for the screen.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let clipboard = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &"clipboard".into()).ok())
        .filter(|c| !c.is_undefined())
        .ok_or_else(|| t(m::CLIPBOARD__UNAVAILABLE).to_string())?;
    let write = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| t(m::CLIPBOARD__UNAVAILABLE).to_string())?;
    let promise = write
        .call1(&clipboard, &text.into())
        .ok()
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
        .ok_or_else(|| t(m::CLIPBOARD__FAILED).to_string())?;
    JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|_| t(m::CLIPBOARD__REFUSED).to_string())
}

/// The message of the last copy, for an `aria-live` region: shared by a page's copy buttons.
#[derive(Clone, Copy)]
pub struct CopyStatus(pub RwSignal<String>);

impl CopyStatus {
    pub fn new() -> Self {
        CopyStatus(RwSignal::new(String::new()))
    }

    /// Copies `text` and announces `what` was copied (or why not): `what` is a catalog text,
    /// "the permalink" (`t(m::CLIPBOARD__WHAT_PERMALINK)`), shown in "Copied {what}.".
    pub fn copy(self, what: &'static str, text: String) {
        leptos::task::spawn_local(async move {
            let message = match copy_text(&text).await {
                Ok(()) => tf(m::CLIPBOARD__COPIED, &[("what", what)]),
                Err(e) => e,
            };
            self.0.set(message);
        });
    }
}

impl Default for CopyStatus {
    fn default() -> Self {
        Self::new()
    }
}
