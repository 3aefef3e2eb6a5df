use leptos::prelude::*;
use leptos_router::components::A;

use crate::app::AppContext;

/// The top bar: the app's name (home link) and, when signed in, the API in use and "Sign out".
#[component]
pub fn Header() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let navigate = crate::app::use_app_navigate();
    let sign_out = move |_| {
        ctx.end_session();
        navigate("/sign-in", false);
    };
    view! {
        <header class="app-header">
            <A href="/" attr:class="brand">"Audit Console"</A>
            <Show when=move || ctx.session.with(Option::is_some)>
                <span class="api-base" title="API in use">
                    {move || ctx.session.with(|s| s.as_ref().map(|s| s.api_base_url.clone()))}
                </span>
                <button type="button" class="sign-out" on:click=sign_out.clone()>
                    "Sign out"
                </button>
            </Show>
        </header>
    }
}
