//! The shell: loads `config.json`, holds the session, draws the header and routes to the pages;
//! also the sign-in page, the not-found page and the crash screen.
//!
//! Top of the tree: may use every other folder; nothing uses it but `main.rs`.

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::{path, NavigateOptions};
use wasm_bindgen::JsCast;

use crate::app::config::AppConfig;
use crate::app::{app_href, page_origin, router_base, sign_in_path, AppContext};
use crate::browser::session::{self, Session};
use crate::compare::page::ComparePage;
use crate::event::page::EventPage;
use crate::i18n::{m, t};
use crate::list::page::EventsPage;
use header::Header;
use not_found::NotFound;
use session_guard::SessionGuard;
use sign_in::SignInPage;
use update_notice::UpdateNotice;

pub mod crash_screen;
pub mod header;
pub mod not_found;
pub mod session_guard;
pub mod sign_in;
pub mod update_notice;

#[component]
pub fn App() -> impl IntoView {
    let config = LocalResource::new(load_config);
    // No <Suspense> here on purpose: one around the whole app would catch every resource read
    // outside the pages' own <Transition>s and blank the screen while a list page loads.
    move || match config.get() {
        None => view! { <p class="boot" role="status">{t(m::APP__LOADING)}</p> }.into_any(),
        Some(Ok(config)) => view! { <Shell config /> }.into_any(),
        Some(Err(message)) => view! { <ConfigError message /> }.into_any(),
    }
}

/// Reads `config.json` from beside `index.html` (under the app's public path, so a sub-path
/// deployment finds its own file).
async fn load_config() -> Result<AppConfig, String> {
    let unanswered = || "config.json could not be loaded: the server did not answer.".to_string();
    // The start-up script's request when there is one (scripts/externalize-boot.mjs), otherwise
    // a plain GET; either takes the answer index.html preloads. Hosts serve config.json
    // `no-cache` (DEPLOY.md), so an edit is seen on the next load.
    let response: gloo_net::http::Response = match take_boot_request() {
        Some(request) => wasm_bindgen_futures::JsFuture::from(request)
            .await
            .ok()
            .and_then(|r| r.dyn_into::<web_sys::Response>().ok())
            .map(Into::into)
            .ok_or_else(unanswered)?,
        None => gloo_net::http::Request::get(&app_href("/config.json"))
            .send()
            .await
            .map_err(|_| unanswered())?,
    };
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
    // The start-up script's early list request is sent (or passed over) by now, so the list
    // finds it to adopt rather than asking again (src/list/early_request.js).
    if let Some(early) = crate::browser::boot::take_promise("__auditConsoleEarlyReady") {
        let _ = wasm_bindgen_futures::JsFuture::from(early).await;
    }
    let config = AppConfig::parse(&text);
    // The language the start-up script chose, before anything is drawn in it (its catalog is a
    // hashed file the service worker keeps, so a returning open asks the network for nothing more).
    crate::i18n::load::start().await;
    config
}

/// The request for config.json the start-up script sent, once (its answer can be read once).
fn take_boot_request() -> Option<js_sys::Promise> {
    crate::browser::boot::take_promise("__auditConsoleConfig")
}

#[component]
fn ConfigError(message: String) -> impl IntoView {
    view! {
        <main class="page config-error">
            <h1>{t(m::BOOT__CANNOT_START)}</h1>
            <p role="alert">{message}</p>
            <p>{t(m::BOOT__FIX_CONFIG)}</p>
        </main>
    }
}

/// The longest a cold open of the list waits for its first rows before it paints without them.
const FIRST_ROWS_WAIT: std::time::Duration = std::time::Duration::from_millis(250);

#[component]
fn Shell(config: AppConfig) -> impl IntoView {
    // Session mode (config.json "auth": "session"): the host's login is the session; the console
    // keeps nothing and is signed in until the API says otherwise (401/403).
    let host = config.host_session().is_some();
    let initial = if host {
        // Back from the host's login (the page loads anew): a past sign-out's note is done with.
        if !crate::app::current_app_path().starts_with("/sign-in") {
            session::forget_end();
        }
        config
            .api_base_url
            .as_ref()
            .map(|b| Session::host(format!("{}{b}", page_origin())))
    } else {
        session::load()
    };
    let ctx = AppContext {
        config: StoredValue::new(config),
        session: RwSignal::new(initial),
    };
    provide_context(ctx);
    // A cold open of the list paints once, with its first rows (or after `FIRST_ROWS_WAIT`).
    let at_list = crate::app::current_app_path().split('?').next() == Some("/");
    if at_list && ctx.session.with_untracked(Option::is_some) {
        crate::browser::first_paint::hold(FIRST_ROWS_WAIT);
    }
    // Signing out (or in) in another tab changes the stored session: follow it here. A session
    // that ended in another tab (sign-out, idle, lifetime) ends here too, even one kept for this
    // tab only.
    let _ = window_event_listener(leptos::ev::storage, move |ev| {
        let key = ev.key();
        if key.as_deref() == Some(session::ENDED_KEY) && ev.new_value().is_some() {
            ctx.end_session();
        } else if !host && (key.is_none() || key.as_deref() == Some(session::STORAGE_KEY)) {
            ctx.session.set(session::load());
        }
    });
    view! {
        <Router base=router_base()>
            <Header />
            <SessionGuard />
            <UpdateNotice />
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
