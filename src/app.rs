//! The app shell: loads `config.json`, holds the session, routes.

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::{path, NavigateOptions};

use crate::api::urls::encode_component;
use crate::components::header::Header;
use crate::config::AppConfig;
use crate::pages::{
    compare::ComparePage, event::EventPage, events::EventsPage, not_found::NotFound,
    sign_in::SignInPage,
};
use crate::session::{self, Session};

/// What every page may read: the runtime configuration and the session.
#[derive(Clone, Copy)]
pub struct AppContext {
    pub config: StoredValue<AppConfig>,
    pub session: RwSignal<Option<Session>>,
}

impl AppContext {
    /// A content type's name from config.json ("orders.order"), if it names it.
    pub fn content_type_name(&self, id: i64) -> Option<String> {
        self.config
            .with_value(|c| c.content_type_label(id).map(String::from))
    }

    /// Forgets the session, here and in storage, and the event data kept for the detail page
    /// (after sign-out or a 401).
    pub fn end_session(&self) {
        session::clear();
        crate::list_memory::forget();
        self.session.set(None);
    }
}

#[component]
pub fn App() -> impl IntoView {
    let config = LocalResource::new(load_config);
    // No <Suspense> here on purpose: one around the whole app would catch every resource read
    // outside the pages' own <Transition>s and blank the screen while a list page loads.
    move || match config.get() {
        None => view! { <p class="boot" role="status">"Loading Audit Console…"</p> }.into_any(),
        Some(Ok(config)) => view! { <Shell config /> }.into_any(),
        Some(Err(message)) => view! { <ConfigError message /> }.into_any(),
    }
}

/// Reads `config.json` from beside `index.html` (under the app's public path, so a sub-path
/// deployment finds its own file).
async fn load_config() -> Result<AppConfig, String> {
    let response = gloo_net::http::Request::get(&app_href("/config.json"))
        .header("Cache-Control", "no-cache")
        .send()
        .await
        .map_err(|_| "config.json could not be loaded: the server did not answer.".to_string())?;
    if response.status() == 404 {
        return Err(
            "config.json was not found next to index.html. Deploy one (see README: Configuration)."
                .into(),
        );
    }
    if !response.ok() {
        return Err(format!(
            "config.json could not be loaded (HTTP {}).",
            response.status()
        ));
    }
    let text = response
        .text()
        .await
        .map_err(|_| "config.json could not be read.".to_string())?;
    AppConfig::parse(&text)
}

#[component]
fn ConfigError(message: String) -> impl IntoView {
    view! {
        <main class="page config-error">
            <h1>"Audit Console cannot start"</h1>
            <p role="alert">{message}</p>
            <p>"Fix config.json and reload the page; no rebuild is needed."</p>
        </main>
    }
}

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

/// The sign-in route, remembering where to come back to.
pub fn sign_in_path() -> String {
    format!("/sign-in?next={}", encode_component(&current_app_path()))
}

#[component]
fn Shell(config: AppConfig) -> impl IntoView {
    let ctx = AppContext {
        config: StoredValue::new(config),
        session: RwSignal::new(session::load()),
    };
    provide_context(ctx);
    // Signing out (or in) in another tab changes the stored session: follow it here.
    let _ = window_event_listener(leptos::ev::storage, move |ev| {
        let key = ev.key();
        if key.is_none() || key.as_deref() == Some(session::STORAGE_KEY) {
            ctx.session.set(session::load());
        }
    });
    view! {
        <Router base=router_base()>
            <Header />
            <Routes fallback=|| view! { <NotFound /> }>
                <Route path=path!("/") view=|| view! { <Protected><EventsPage /></Protected> } />
                <Route
                    path=path!("/events/:uuid")
                    view=|| view! { <Protected><EventPage /></Protected> }
                />
                <Route
                    path=path!("/compare")
                    view=|| view! { <Protected><ComparePage /></Protected> }
                />
                <Route path=path!("/sign-in") view=SignInPage />
            </Routes>
        </Router>
    }
}

/// Shows its children with a session; otherwise sends the user to sign-in and back here after.
#[component]
fn Protected(children: ChildrenFn) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    move || {
        if ctx.session.with(Option::is_some) {
            children().into_any()
        } else {
            // Replace, so Back does not return to a page that would redirect again.
            let options = NavigateOptions {
                replace: true,
                ..Default::default()
            };
            view! { <Redirect path=sign_in_path() options /> }.into_any()
        }
    }
}
