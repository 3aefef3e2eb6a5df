use leptos::prelude::*;
use leptos_router::components::A;

use crate::app::AppContext;
use crate::browser::theme::{self, Theme};
use crate::browser::zone::{now, remembered_choice, zone};
use crate::common::time::display_in;

/// The top bar: the app's name (home link), the theme, and, when signed in, the API in use and
/// "Sign out".
#[component]
pub fn Header() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let navigate = crate::app::use_app_navigate();
    let sign_out = move |_| {
        // Every tab of this browser ends its session too.
        crate::browser::session::announce_end("", now().timestamp_millis());
        ctx.end_session();
        navigate("/sign-in", false);
    };
    // "Signed in to https://shop.example/api/v1 since 09:02": which API, and since when.
    let since = move || {
        ctx.session.track();
        crate::browser::session::signed_in_at()
            .and_then(chrono::DateTime::from_timestamp_millis)
            .map(|t| {
                let zone = zone(remembered_choice());
                let text = display_in(t, zone.as_ref());
                view! { " since " <time datetime=t.to_rfc3339()>{text}</time> }
            })
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
                <span class="session-info">
                    "Signed in to "
                    <span class="api-base" title="API in use">
                        {move || ctx.session.with(|s| s.as_ref().map(|s| s.api_base_url.clone()))}
                    </span>
                    {since}
                </span>
                <button type="button" class="sign-out" on:click=sign_out.clone() title="Ends the session in every tab of this browser">
                    "Sign out of all tabs"
                </button>
            </Show>
        </header>
    }
}
