//! Ends the session by itself when config.json asks (`app::session_policy`): after
//! `session_idle_minutes` without input in any tab — keyboard, pointer, focus; never live tail or
//! other background requests — with a warning a minute before ("Still there?"), or
//! `session_max_hours` after signing in. Every tab runs this clock on the same shared activity, and
//! the first to see the end tells the others (`session::announce_end`), so all sign out at once.

use std::time::Duration;

use leptos::prelude::*;

use crate::app::session_policy::{SessionPolicy, Standing, ACTIVITY_WRITE_EVERY_MS};
use crate::app::AppContext;
use crate::browser::session;
use crate::browser::zone::now;
use crate::i18n::{m, t, tn};

fn now_ms() -> i64 {
    now().timestamp_millis()
}

#[component]
pub fn SessionGuard() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let policy = ctx
        .config
        .with_value(|c| SessionPolicy::from_config(c.session_idle_minutes, c.session_max_hours));
    // In session mode the host's own session settings govern (README: Configuration).
    if policy.is_off() || ctx.config.with_value(|c| c.host_session().is_some()) {
        return ().into_any();
    }
    let standing = RwSignal::new(Standing::Active);
    let signed_in = move || ctx.session.with_untracked(Option::is_some);

    // Input in this tab, written for every tab at most every few seconds.
    let last_written = StoredValue::new(0i64);
    let active = move || {
        if !signed_in() {
            return;
        }
        let t = now_ms();
        if t - last_written.get_value() >= ACTIVITY_WRITE_EVERY_MS {
            last_written.set_value(t);
            session::record_activity(t);
        }
    };
    let _ = window_event_listener(leptos::ev::keydown, move |_| active());
    let _ = window_event_listener(leptos::ev::pointerdown, move |_| active());
    let _ = window_event_listener(leptos::ev::pointermove, move |_| active());
    let _ = window_event_listener(leptos::ev::wheel, move |_| active());
    let _ = window_event_listener(leptos::ev::focus, move |_| active());

    let tick = move || {
        if !signed_in() {
            standing.set(Standing::Active);
            return;
        }
        let t = now_ms();
        // Idle time counts from the last input in any tab, or from signing in. (A session kept
        // before these limits has no start: its lifetime counts as over, its idle time from now.)
        let signed_in_at = session::signed_in_at();
        let since = signed_in_at.unwrap_or(0);
        let last = match (session::last_activity(), signed_in_at) {
            (Some(a), _) => a.max(since),
            (None, Some(s)) => s,
            (None, None) => {
                session::record_activity(t);
                t
            }
        };
        let s = policy.standing(t, last, since);
        match s {
            Standing::IdleOut | Standing::Expired => {
                session::announce_end(&policy.ended_message(s).unwrap_or_default(), t);
                ctx.end_session();
                standing.set(Standing::Active);
            }
            _ => standing.set(s),
        }
    };
    if let Ok(handle) = set_interval_with_handle(tick, Duration::from_millis(1000)) {
        on_cleanup(move || handle.clear());
    }

    // The warning takes the focus, so a keyboard or screen-reader user meets it at once.
    let button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(b) = button.get() {
            let _ = b.focus();
        }
    });
    let stay = move |_| {
        let t = now_ms();
        last_written.set_value(t);
        session::record_activity(t);
        standing.set(Standing::Active);
    };
    view! {
        <Show when=move || matches!(standing.get(), Standing::Warn { .. })>
            <div class="session-warning" role="alertdialog" aria-labelledby="session-warning-title" aria-describedby="session-warning-text">
                <p id="session-warning-title"><strong>{t(m::SESSION__STILL_THERE)}</strong></p>
                <p id="session-warning-text">
                    {move || match standing.get() {
                        Standing::Warn { ends_in_secs } => {
                            tn(m::SESSION__WARNING, ends_in_secs.max(0) as u64, &[])
                        }
                        _ => String::new(),
                    }}
                </p>
                <button type="button" node_ref=button on:click=stay>{t(m::SESSION__STAY)}</button>
            </div>
        </Show>
    }
    .into_any()
}
