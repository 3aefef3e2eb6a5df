//! What the start-up script (`boot-<hash>.js`, written by scripts/externalize-boot.mjs) leaves on
//! the global object for the app, read here: the promises for config.json and for the early
//! list request's sending (`__auditConsoleConfig`, `__auditConsoleEarlyReady`: each taken once),
//! the early request itself (`__auditConsoleEarly`, `early`), the service worker's update flag and
//! its functions (`service_worker`). Two readers stand apart: `api::client` takes the early
//! request's answer (`api` uses nothing above it) and `app::routing` reads the public path
//! (`__auditConsoleBase`; it is built natively too).

use wasm_bindgen::{JsCast, JsValue};

/// The value under `name`, if the script left one.
pub fn value(name: &str) -> Option<JsValue> {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined())
}

/// The promise under `name`, taken: a later call finds nothing (an answer can be read once).
pub fn take_promise(name: &str) -> Option<js_sys::Promise> {
    let v = value(name)?;
    let _ = js_sys::Reflect::delete_property(&js_sys::global(), &JsValue::from_str(name));
    v.dyn_into().ok()
}

/// Calls the function under `name`, if there is one.
pub fn call(name: &str) {
    if let Some(f) = value(name).and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
        let _ = f.call0(&JsValue::NULL);
    }
}
