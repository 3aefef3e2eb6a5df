//! The host's own session (config.json `"auth": "session"`, the Django package): its CSRF
//! cookie, and signing out at its logout endpoint. The session cookie itself is never read here:
//! the browser sends it with every same-origin request (`api::client`).

use gloo_net::http::Request;
use wasm_bindgen::JsValue;

use crate::i18n::{m, t, tf};

/// A cookie's value on this page (`document.cookie`), if set and readable.
pub fn cookie(name: &str) -> Option<String> {
    let document = web_sys::window()?.document()?;
    let all = js_sys::Reflect::get(&document, &JsValue::from_str("cookie"))
        .ok()?
        .as_string()?;
    all.split(';').find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name).then(|| v.to_string())
    })
}

/// Sets the host's cookie `name` for the whole site, for a year (the language menu sets the
/// host's language cookie, so that the admin follows the console's choice).
pub fn set_cookie(name: &str, value: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let text = format!("{name}={value}; path=/; max-age=31536000; SameSite=Lax");
    let _ = js_sys::Reflect::set(
        &document,
        &JsValue::from_str("cookie"),
        &JsValue::from_str(&text),
    );
}

/// Signs out at the host: a same-origin POST to `logout_url` carrying the CSRF token from
/// `csrf_cookie_name` (Django reads it from `X-CSRFToken`). `Err` says why it did not work, for
/// the sign-in page.
pub async fn sign_out(logout_url: &str, csrf_cookie_name: &str) -> Result<(), String> {
    let Some(csrf) = cookie(csrf_cookie_name) else {
        return Err(tf(
            m::HOST__COOKIE_UNREADABLE,
            &[("cookie", csrf_cookie_name)],
        ));
    };
    let response = Request::post(logout_url)
        .credentials(web_sys::RequestCredentials::SameOrigin)
        .header("X-CSRFToken", &csrf)
        .send()
        .await
        .map_err(|_| t(m::HOST__NO_ANSWER).to_string())?;
    if response.ok() {
        Ok(())
    } else {
        Err(tf(
            m::HOST__REFUSED,
            &[("status", &response.status().to_string())],
        ))
    }
}
