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
    let host = ctx.config.with_value(|c| c.host_session().cloned());
    let host_mode = host.is_some();
    let signing_out = RwSignal::new(false);
    let sign_out = move |_| {
        let navigate = navigate.clone();
        let end = move |message: &str| {
            // Every tab of this browser ends its session too.
            crate::browser::session::announce_end(message, now().timestamp_millis());
            ctx.end_session();
            navigate("/sign-in", false);
        };
        match host.clone() {
            None => end(""),
            // Session mode: the host's logout ends the session itself (in every tab, since they
            // share its cookie); a refusal is said on the sign-in page.
            Some(h) => {
                if signing_out.get_untracked() {
                    return;
                }
                signing_out.set(true);
                leptos::task::spawn_local(async move {
                    let result =
                        crate::browser::host_session::sign_out(&h.logout_url, &h.csrf_cookie_name)
                            .await;
                    signing_out.set(false);
                    end(result.err().as_deref().unwrap_or(""));
                });
            }
        }
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
    let options = move || {
        Theme::ALL
            .into_iter()
            .map(|t| view! { <option value=t.key() selected=t == current>{t.label()}</option> })
            .collect_view()
    };
    // Built once a held first paint is done (browser::first_paint: a select costs a layout).
    let painted = crate::browser::first_paint::after_first_paint();
    view! {
        <header class="app-header">
            <A href="/" attr:class="brand">"Audit Console"</A>
            <label class="theme-choice">
                "Theme "
                {move || {
                    if painted.get() {
                        view! {
                            <select on:change=move |ev| {
                                theme::choose(Theme::from_key(&event_target_value(&ev)))
                            }>{options()}</select>
                        }
                            .into_any()
                    } else {
                        view! { <span class="select-space"></span> }.into_any()
                    }
                }}
            </label>
            <Show when=move || ctx.session.with(Option::is_some)>
                <span class="session-info">
                    "Signed in to "
                    <span class="api-base" title="API in use">
                        {move || ctx.session.with(|s| s.as_ref().map(|s| s.api_base_url.clone()))}
                    </span>
                    {since}
                </span>
                <button
                    type="button"
                    class="sign-out"
                    on:click=sign_out.clone()
                    disabled=move || signing_out.get()
                    title=if host_mode { "Signs out of the site's admin, in every tab" } else { "Ends the session in every tab of this browser" }
                >
                    {if host_mode { "Sign out" } else { "Sign out of all tabs" }}
                </button>
            </Show>
        </header>
    }
}
