//! Sign-in: API base URL and token, checked with one `limit=1` request before they are saved.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::api::urls::validate_base;
use crate::api::{client, ApiError};
use crate::app::problem::{show_wait, RetryStatus};
use crate::app::{app_href, page_origin, AppContext};
use crate::browser::session::{self, Session};
use crate::browser::zone::now;
use crate::common::app_path::is_app_path;
use crate::i18n::{m, t, tf};

/// Where to go after signing in: only a path inside the app (`common::app_path`: no `//host`,
/// `/\\host` or scheme), so a crafted link cannot send the user elsewhere.
fn safe_next(next: Option<String>) -> String {
    match next {
        // Never back to sign-in itself.
        Some(n) if is_app_path(&n) && !n.starts_with("/sign-in") => n,
        _ => "/".into(),
    }
}

/// `next` read straight from the address bar and decoded once, so the list URL it holds keeps its
/// own encoding (a `%2B` in an offset must stay `%2B`, or it would come back as a space).
fn next_param() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    crate::api::urls::parse_query(&search)
        .into_iter()
        .find(|(k, _)| k == "next")
        .map(|(_, v)| v)
}

/// The message for a failed check, naming what the user can do about it. `answers` says whether
/// the API answered a `no-cors` probe, which separates a CORS refusal from an unreachable API.
fn check_failure(error: &ApiError, base: &str, answers: bool) -> String {
    match error {
        ApiError::Unauthorized(_) => t(m::SIGN_IN__REJECTED).into(),
        ApiError::Forbidden(_) => t(m::SIGN_IN__FORBIDDEN).into(),
        ApiError::NotFound(_) => tf(
            m::SIGN_IN__NOT_FOUND,
            &[("url", &format!("{base}/audit-events/"))],
        ),
        ApiError::Network if answers => tf(
            m::SIGN_IN__CORS,
            &[("base", base), ("origin", &page_origin())],
        ),
        ApiError::Network => tf(m::SIGN_IN__UNREACHABLE, &[("base", base)]),
        other => other.message(),
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    crate::app::set_title(t(m::PAGE_TITLE__SIGN_IN));
    if let Some(host) = ctx.config.with_value(|c| c.host_session().cloned()) {
        return view! { <HostSignIn host /> }.into_any();
    }
    let navigate = use_navigate();
    let initial_base = ctx
        .session
        .get_untracked()
        .map(|s| s.api_base_url)
        .or_else(|| ctx.config.with_value(|c| c.api_base_url.clone()))
        .map(|b| {
            if b.starts_with('/') {
                format!("{}{b}", page_origin())
            } else {
                b
            }
        })
        .unwrap_or_default();
    let base = RwSignal::new(initial_base);
    let token = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let checking = RwSignal::new(false);
    let waiting = RwSignal::new(None::<String>);
    let keep = RwSignal::new(true);
    // Why the last session ended by itself (idle, lifetime), if it did.
    let ended = session::ended_message();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if checking.get_untracked() {
            return;
        }
        let api_base_url = match validate_base(&base.get_untracked()) {
            Ok(b) => b,
            Err(e) => {
                message.set(Some(e));
                return;
            }
        };
        let key = token.get_untracked().trim().to_string();
        if key.is_empty() {
            message.set(Some(t(m::SIGN_IN__ENTER_TOKEN).into()));
            return;
        }
        let candidate = Session {
            api_base_url: api_base_url.clone(),
            token: key,
        };
        let next = safe_next(next_param());
        let navigate = navigate.clone();
        checking.set(true);
        message.set(None);
        leptos::task::spawn_local(async move {
            let on_wait = show_wait(waiting);
            let result = client::check(&candidate, Some(&on_wait)).await;
            waiting.set(None);
            checking.set(false);
            match result {
                Ok(()) => {
                    match session::save(&candidate, keep.get_untracked(), now().timestamp_millis())
                    {
                        Ok(()) => {
                            ctx.session.set(Some(candidate));
                            // The full address (router base included), not resolved by the router,
                            // which would turn the base's home "/audit/" into "/audit".
                            navigate(
                                &app_href(&next),
                                NavigateOptions {
                                    resolve: false,
                                    ..Default::default()
                                },
                            );
                        }
                        Err(e) => message.set(Some(e)),
                    }
                }
                Err(e) => {
                    let answers =
                        e == ApiError::Network && client::answers_without_cors(&api_base_url).await;
                    message.set(Some(check_failure(&e, &api_base_url, answers)));
                }
            }
        });
    };

    view! {
        <main class="page sign-in">
            <h1>{t(m::SIGN_IN__TITLE)}</h1>
            <p>{t(m::SIGN_IN__INTRO)}</p>
            {ended.map(|m| view! { <p class="session-ended" role="status">{m}</p> })}
            <RetryStatus waiting />
            <form on:submit=submit novalidate>
                <label for="api-base">{t(m::SIGN_IN__BASE_URL)}</label>
                <input
                    id="api-base"
                    name="api-base"
                    type="url"
                    autocomplete="url"
                    placeholder="https://shop.example.com/api/v1"
                    prop:value=move || base.get()
                    on:input=move |ev| base.set(event_target_value(&ev))
                />
                <label for="token">{t(m::SIGN_IN__TOKEN)}</label>
                <input
                    id="token"
                    name="token"
                    type="password"
                    autocomplete="current-password"
                    prop:value=move || token.get()
                    on:input=move |ev| token.set(event_target_value(&ev))
                />
                <label class="keep-signed-in">
                    <input
                        type="checkbox"
                        prop:checked=move || keep.get()
                        on:change=move |ev| keep.set(event_target_checked(&ev))
                    />
                    " "
                    {t(m::SIGN_IN__KEEP)}
                </label>
                <p class="hint">
                    {t(m::SIGN_IN__KEEP_HINT)}
                </p>
                <button type="submit" disabled=move || checking.get()>
                    {move || if checking.get() { t(m::SIGN_IN__CHECKING) } else { t(m::SIGN_IN__SUBMIT) }}
                </button>
                <p class="form-message" role="alert">
                    {move || message.get()}
                </p>
            </form>
        </main>
    }
    .into_any()
}

/// Session mode: the host's login signs the user in; this page says so and links to it, coming
/// back to where the user was.
#[component]
fn HostSignIn(host: crate::app::config::HostSession) -> impl IntoView {
    let ended = session::ended_message();
    let back = app_href(&safe_next(next_param()));
    let login = host.login_href(&back);
    view! {
        <main class="page sign-in">
            <h1>{t(m::SIGN_IN__TITLE)}</h1>
            <p>{t(m::SIGN_IN__HOST_INTRO)}</p>
            {ended.map(|m| view! { <p class="session-ended" role="status">{m}</p> })}
            <p>
                <a class="button primary" href=login>{t(m::SIGN_IN__HOST_LINK)}</a>
            </p>
        </main>
    }
}
