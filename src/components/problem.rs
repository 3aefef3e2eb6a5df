use leptos::prelude::*;

use crate::api::ApiError;

/// An API failure where the user looks, with "Try again" when retrying can help.
#[component]
pub fn ApiProblem(error: ApiError, #[prop(into)] retry: Callback<()>) -> impl IntoView {
    let retryable = error.is_retryable();
    view! {
        <div class="problem" role="alert">
            <p>{error.message()}</p>
            <Show when=move || retryable>
                <button type="button" on:click=move |_| retry.run(())>
                    "Try again"
                </button>
            </Show>
        </div>
    }
}
