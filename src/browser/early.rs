//! What the start-up script's early list request (`src/list/early_request.js`) leaves for the
//! app, `globalThis.__auditConsoleEarly`: the page address it pinned for this URL (read here,
//! by `list::loader`) and the request itself (taken by `api::client`, the one place requests
//! are made, when its URL is the one the app is about to request).

use wasm_bindgen::JsValue;

fn early() -> Option<JsValue> {
    super::boot::value("__auditConsoleEarly").filter(JsValue::is_object)
}

fn field(object: &JsValue, name: &str) -> Option<String> {
    js_sys::Reflect::get(object, &JsValue::from_str(name))
        .ok()?
        .as_string()
}

/// For the page URL `search` the script saw: `Some(address)` where the script pinned it (step 2
/// goes there, so its "now" is the app's), `Some(None)` when it needed no redirect; `None` when
/// the script sent nothing for this URL.
pub fn planned_href(search: &str) -> Option<Option<String>> {
    let early = early()?;
    let from = field(&early, "from")?;
    (from.trim_start_matches('?') == search.trim_start_matches('?')).then(|| field(&early, "href"))
}
