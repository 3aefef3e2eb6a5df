//! Where things are inside the app: the router base (the same build serves from any path),
//! links and navigation that keep it, the tab's title, and the sign-in redirect.

use leptos_router::NavigateOptions;

use crate::api::urls::encode_component;

/// The router's base: the app's public path without its trailing slash ("" at a domain root,
/// "/audit" under a sub-path), so the same build works anywhere its files are served from. The
/// start-up script records it from its own URL (scripts/externalize-boot.mjs); a strict CSP
/// (`base-uri 'none'`) rules out reading it from a `<base>` element.
pub fn router_base() -> &'static str {
    static BASE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    BASE.get_or_init(|| {
        web_sys::window()
            .and_then(|w| js_sys::Reflect::get(&w, &"__auditConsoleBase".into()).ok())
            .and_then(|v| v.as_string())
            .map(|p| p.trim_end_matches('/').to_string())
            .unwrap_or_default()
    })
}

/// A path inside the app as the browser addresses it (with the router base).
pub fn app_href(path: &str) -> String {
    format!("{}{path}", router_base())
}

/// Navigation to a path inside the app (router base added, not resolved by the router, which
/// would turn the base's home "/audit/" into "/audit"). `replace` leaves no history entry.
pub fn use_app_navigate() -> impl Fn(&str, bool) + Clone + 'static {
    let navigate = leptos_router::hooks::use_navigate();
    move |path: &str, replace: bool| {
        navigate(
            &app_href(path),
            NavigateOptions {
                resolve: false,
                replace,
                ..Default::default()
            },
        )
    }
}

/// Names the browser tab after the view ("… — Audit Console").
pub fn set_title(title: &str) {
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        d.set_title(title);
    }
}

/// The current location inside the app (without the router base): where sign-in returns to.
pub fn current_app_path() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return "/".into();
    };
    let path = location.pathname().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    let inner = path.strip_prefix(router_base()).unwrap_or(&path);
    let inner = if inner.is_empty() { "/" } else { inner };
    format!("{inner}{search}")
}

/// This page's origin ("https://shop.example.com"), for addresses config.json gives as paths.
pub fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// The sign-in route, remembering where to come back to.
pub fn sign_in_path() -> String {
    format!("/sign-in?next={}", encode_component(&current_app_path()))
}

/// The detail page's path for an event.
pub fn event_href(uuid: &str) -> String {
    format!("/events/{}", encode_component(uuid))
}
