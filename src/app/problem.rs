use std::time::Duration;

use leptos::prelude::*;

use crate::api::ApiError;

/// An API failure where the user looks, with "Try again" when retrying can help. A 429 with
/// `Retry-After` retries by itself once that time has passed.
#[component]
pub fn ApiProblem(error: ApiError, #[prop(into)] retry: Callback<()>) -> impl IntoView {
    let retryable = error.is_retryable();
    let auto = match error {
        ApiError::RateLimited {
            retry_after_secs: Some(s),
        } => Some(s.min(300)),
        _ => None,
    };
    if let Some(secs) = auto {
        if let Ok(handle) =
            set_timeout_with_handle(move || retry.run(()), Duration::from_secs(secs as u64))
        {
            on_cleanup(move || handle.clear());
        }
    }
    view! {
        <div class="problem" role="alert">
            <p>{error.message()}</p>
            {auto.map(|s| view! { <p>{format!("Retrying automatically in {s} s.")}</p> })}
            <Show when=move || retryable>
                <button type="button" on:click=move |_| retry.run(())>
                    "Try again"
                </button>
            </Show>
        </div>
    }
}
