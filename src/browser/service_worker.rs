//! The service worker (`src/shell/service_worker.js`, registered by the start-up script): asking
//! for it once the first rows are on screen, and running a new build the page was told about.

use wasm_bindgen::{JsCast, JsValue};

/// The window event the start-up script sends when a new build or a changed config.json is
/// ready for the next open.
pub const UPDATE_EVENT: &str = "audit-console:update";

fn call(name: &str) {
    let global = js_sys::global();
    if let Ok(f) = js_sys::Reflect::get(&global, &JsValue::from_str(name)) {
        if let Ok(f) = f.dyn_into::<js_sys::Function>() {
            let _ = f.call0(&JsValue::NULL);
        }
    }
}

/// Whether a new build or config.json was announced before the app was listening.
pub fn update_ready() -> bool {
    js_sys::Reflect::get(
        &js_sys::global(),
        &JsValue::from_str("__auditConsoleUpdateReady"),
    )
    .is_ok_and(|v| v.is_truthy())
}

/// Registers the service worker (once; later calls do nothing).
pub fn register() {
    call("__auditConsoleRegisterSw");
}

/// Reloads into the new build: the waiting worker takes over first, if there is one.
pub fn apply_update() {
    call("__auditConsoleApplyUpdate");
}
