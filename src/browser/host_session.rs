//! The host's own session (config.json `"auth": "session"`, the Django package): its CSRF
//! cookie, and signing out at its logout endpoint. The session cookie itself is never read here:
//! the browser sends it with every same-origin request (`api::client`).

use gloo_net::http::Request;
use wasm_bindgen::JsValue;

/// A cookie's value on this page (`document.cookie`), if set and readable.
fn cookie(name: &str) -> Option<String> {
    let document = web_sys::window()?.document()?;
    let all = js_sys::Reflect::get(&document, &JsValue::from_str("cookie"))
        .ok()?
        .as_string()?;
    all.split(';').find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name).then(|| v.to_string())
    })
}

/// Signs out at the host: a same-origin POST to `logout_url` carrying the CSRF token from
/// `csrf_cookie_name` (Django reads it from `X-CSRFToken`). `Err` says why it did not work, for
/// the sign-in page.
pub async fn sign_out(logout_url: &str, csrf_cookie_name: &str) -> Result<(), String> {
    let Some(csrf) = cookie(csrf_cookie_name) else {
        return Err(format!(
            "Audit Console could not sign you out of the site (its {csrf_cookie_name} cookie is not readable): sign out from the admin."
        ));
    };
    let response = Request::post(logout_url)
        .credentials(web_sys::RequestCredentials::SameOrigin)
        .header("X-CSRFToken", &csrf)
        .send()
        .await
        .map_err(|_| {
            "The site did not answer the sign-out: sign out from the admin.".to_string()
        })?;
    if response.ok() {
        Ok(())
    } else {
        Err(format!(
            "The site refused the sign-out (HTTP {}): sign out from the admin.",
            response.status()
        ))
    }
}
