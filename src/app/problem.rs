use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::{m, t, tf};

/// An API failure where the user looks, after the client's retries (`api::retry`) have run
/// out, with "Try again" when retrying can help.
#[component]
pub fn ApiProblem(error: ApiError, #[prop(into)] retry: Callback<()>) -> impl IntoView {
    let retryable = error.is_retryable();
    // Session mode: no token is involved; the host's login decides who may read.
    let host = use_context::<super::AppContext>()
        .and_then(|ctx| ctx.config.with_value(|c| c.host_session().cloned()));
    let (message, login) = match (&error, host) {
        (ApiError::Forbidden(detail), Some(h)) => (
            tf(m::PROBLEM__HOST_FORBIDDEN, &[("detail", detail)]),
            Some(h.login_href(&super::app_href(&super::current_app_path()))),
        ),
        _ => (error.message(), None),
    };
    view! {
        <div class="problem" role="alert">
            <p>{message}</p>
            {login.map(|href| view! { <p><a href=href>{t(m::PROBLEM__OTHER_USER)}</a></p> })}
            <Show when=move || retryable>
                <button type="button" on:click=move |_| retry.run(())>
                    {t(m::PROBLEM__TRY_AGAIN)}
                </button>
            </Show>
        </div>
    }
}

/// A view's request waiting to retry ("The API is busy — retrying in 2 s"): a polite live region,
/// empty (and unseen) while nothing waits.
#[component]
pub fn RetryStatus(waiting: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <p
            class=move || if waiting.with(Option::is_some) { "retry-status" } else { "visually-hidden" }
            role="status"
            aria-live="polite"
        >
            {move || waiting.get().unwrap_or_default()}
        </p>
    }
}

/// The `on_wait` a view gives the API client: shows the wait in its `RetryStatus`.
pub fn show_wait(waiting: RwSignal<Option<String>>) -> impl Fn(u32) {
    move |ms| waiting.set(Some(crate::api::retry::waiting_text(ms)))
}
