use leptos::prelude::*;
use leptos_router::components::A;

use crate::app::AppContext;
use crate::browser::theme::{self, Theme};

/// The top bar: the app's name (home link), the theme, and, when signed in, the API in use and
/// "Sign out".
#[component]
pub fn Header() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let navigate = crate::app::use_app_navigate();
    let sign_out = move |_| {
        ctx.end_session();
        navigate("/sign-in", false);
    };
    let current = theme::remembered();
    let options = Theme::ALL
        .into_iter()
        .map(|t| view! { <option value=t.key() selected=t == current>{t.label()}</option> })
        .collect_view();
    view! {
        <header class="app-header">
            <A href="/" attr:class="brand">"Audit Console"</A>
            <label class="theme-choice">
                "Theme "
                <select on:change=move |ev| theme::choose(Theme::from_key(&event_target_value(&ev)))>
                    {options}
                </select>
            </label>
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
