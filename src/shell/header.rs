use leptos::prelude::*;
use leptos_router::components::A;

use crate::app::AppContext;
use crate::browser::theme::{self, Theme};
use crate::browser::zone::{now, remembered_choice, zone};
use crate::common::time::display_in;
use crate::i18n::{self, around, m, t, tf, LANGS};

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
    // "Signed in to https://shop.example/api/v1 since 09:02": which API, and since when, as one
    // sentence in the language's order.
    let signed_in = move || {
        let base = ctx
            .session
            .with(|s| s.as_ref().map(|s| s.api_base_url.clone()))
            .unwrap_or_default();
        let since = crate::browser::session::signed_in_at()
            .and_then(chrono::DateTime::from_timestamp_millis)
            .map(|at| {
                (
                    at.to_rfc3339(),
                    display_in(at, zone(remembered_choice()).as_ref()),
                )
            });
        let time = since.as_ref().map_or("", |(_, text)| text.as_str());
        // The sentence around its two elements, in the language's words and order; a language
        // that orders them otherwise gets the sentence as plain text.
        let parts = match since {
            Some(_) => around(m::HEADER__SIGNED_IN_SINCE, "api", "time"),
            None => t(m::HEADER__SIGNED_IN)
                .split_once("{api}")
                .map(|(before, after)| [before, after, ""]),
        };
        let (parts, base) = match parts {
            Some(p) => (p.map(String::from), base),
            None => {
                let sentence = tf(
                    m::HEADER__SIGNED_IN_SINCE,
                    &[("api", &base), ("time", time)],
                );
                ([sentence, String::new(), String::new()], String::new())
            }
        };
        let [before, between, after] = parts;
        view! {
            {before}
            <span class="api-base" title=t(m::HEADER__API_IN_USE)>{base}</span>
            {between}
            {since.map(|(datetime, text)| view! { <time datetime=datetime>{text}</time> })}
            {after}
        }
    };
    let language = i18n::current();
    let languages = move || {
        LANGS
            .into_iter()
            .map(|l| {
                view! {
                    <option value=l.tag selected=l == language lang=l.tag>
                        {l.name}
                    </option>
                }
            })
            .collect_view()
    };
    let language_cookie = ctx.config.with_value(|c| {
        c.host_session()
            .is_some()
            .then(|| c.language_cookie.clone())
            .flatten()
    });
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
            <A href="/" attr:class="brand">{t(m::HEADER__HOME)}</A>
            <label class="theme-choice">
                {t(m::HEADER__LANGUAGE)}
                " "
                {move || {
                    let cookie = language_cookie.clone();
                    if painted.get() {
                        view! {
                            <select on:change=move |ev| {
                                crate::browser::language::choose(
                                    &event_target_value(&ev),
                                    cookie.as_deref(),
                                )
                            }>{languages()}</select>
                        }
                            .into_any()
                    } else {
                        view! { <span class="select-space"></span> }.into_any()
                    }
                }}
            </label>
            <label class="theme-choice">
                {t(m::HEADER__THEME)}
                " "
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
                <span class="session-info">{signed_in}</span>
                <button
                    type="button"
                    class="sign-out"
                    on:click=sign_out.clone()
                    disabled=move || signing_out.get()
                    title=if host_mode {
                        t(m::HEADER__SIGN_OUT_HOST_HINT)
                    } else {
                        t(m::HEADER__SIGN_OUT_ALL_HINT)
                    }
                >
                    {if host_mode { t(m::HEADER__SIGN_OUT) } else { t(m::HEADER__SIGN_OUT_ALL) }}
                </button>
            </Show>
        </header>
    }
}
