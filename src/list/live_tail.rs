//! Live tail: while on, asks every few seconds for events newer than the list's pin.
//!
//! On the newest-first first page the new events are prepended (highlighted briefly); on other
//! pages and orders, where prepending would break the order, a "N new events" link jumps to them.
//! Polling pauses while the tab is hidden. The list itself stays pinned, so paging never shifts.

use std::time::Duration;

use leptos::prelude::*;

use crate::i18n::{m, t, tf, tn};
use web_sys::AbortController;

use crate::api::{client, Event};
use crate::app::link::Link;
use crate::app::AppContext;
use crate::browser::timers::tab_hidden;
use crate::list::query::ListQuery;

/// Events asked for per poll, and the most the table keeps above the page.
const POLL_LIMIT: u32 = 100;
const MAX_NEW_ROWS: usize = 500;

const STORAGE_KEY: &str = "audit-console.live";

/// Whether the user left live tail on in this tab.
pub fn remembered_live() -> bool {
    crate::browser::storage::session()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .is_some_and(|v| v == "on")
}

pub fn remember_live(on: bool) {
    if let Some(s) = crate::browser::storage::session() {
        let _ = s.set_item(STORAGE_KEY, if on { "on" } else { "off" });
    }
}

/// The list without its pin, newest first, page 1: opening it pins a fresh "now".
fn newest_href(query: &ListQuery) -> String {
    let mut q = query.with_page(1);
    q.sort = None;
    q.times.retain(|(p, _)| *p != "timestamp__lte");
    q.to_href()
}

#[component]
pub fn LiveTail(
    query: ListQuery,
    live: RwSignal<bool>,
    /// The events found since the pin, newest first (shown above the page's rows).
    new_rows: RwSignal<Vec<Event>>,
) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    // Only a pinned list has a "since"; a list the user bounded by hand is history.
    let Some(pin) = (match query.upper_bound() {
        Some(("timestamp__lte", v)) => Some(v.to_string()),
        _ => None,
    }) else {
        return ().into_any();
    };
    let prepend = query.page == 1 && query.is_newest_first();
    let seconds = ctx.config.with_value(|c| c.live_tail_seconds);
    let new_count = RwSignal::new(0u64);
    let overflow = RwSignal::new(false);
    let paused = RwSignal::new(false);
    let busy = StoredValue::new(false);
    let in_flight: StoredValue<Option<AbortController>, LocalStorage> =
        StoredValue::new_local(None);
    let filters = query.id_filters();

    let tick = move || {
        if !live.get_untracked() || busy.get_value() {
            return;
        }
        if tab_hidden() {
            paused.set(true);
            return;
        }
        paused.set(false);
        let Some(session) = ctx.session.get_untracked() else {
            return;
        };
        // Prepending: from the newest event already shown (≥, then de-duplicated, since several
        // events can share a timestamp). Counting: everything after the pin.
        let newest = new_rows.with_untracked(|r| r.first().map(|e| e.timestamp.clone()));
        let (time, limit) = match (prepend, newest) {
            (true, Some(ts)) => (("timestamp__gte", ts), POLL_LIMIT),
            (true, None) => (("timestamp__gt", pin.clone()), POLL_LIMIT),
            (false, _) => (("timestamp__gt", pin.clone()), 1),
        };
        let mut params = filters.to_api_params(limit);
        params.push(time);
        params.push(("sort", "-timestamp".into()));
        let controller = AbortController::new().ok();
        in_flight.set_value(controller.clone());
        busy.set_value(true);
        leptos::task::spawn_local(async move {
            let signal = controller.as_ref().map(AbortController::signal);
            let result = client::list(&session, &params, signal.as_ref(), None).await;
            busy.set_value(false);
            // A poll that still fails after the client's retries is tried again at the next
            // tick; the list's own errors are shown there.
            let Ok(page) = result else {
                return;
            };
            if !prepend {
                new_count.set(page.count);
                return;
            }
            let mut fresh: Vec<Event> = new_rows.with_untracked(|rows| {
                page.results
                    .into_iter()
                    .filter(|e| !rows.iter().any(|r| r.uuid == e.uuid))
                    .collect()
            });
            if page.count > u64::from(limit) {
                overflow.set(true);
            }
            if fresh.is_empty() {
                return;
            }
            if new_rows.with_untracked(Vec::len) + fresh.len() > MAX_NEW_ROWS {
                overflow.set(true);
                return;
            }
            new_rows.update(|rows| {
                fresh.append(rows);
                *rows = fresh;
            });
            new_count.set(new_rows.with_untracked(Vec::len) as u64);
        });
    };
    if let Ok(handle) = set_interval_with_handle(tick.clone(), Duration::from_secs(seconds.into()))
    {
        on_cleanup(move || handle.clear());
    }
    on_cleanup(move || {
        if let Some(c) = in_flight.get_value() {
            c.abort();
        }
    });
    // Turning it on asks at once rather than after the first interval.
    Effect::new(move |_| {
        if live.get() {
            tick();
        }
    });

    let status = move || {
        if !live.get() {
            return String::new();
        }
        if paused.get() {
            return t(m::LIVE__PAUSED).into();
        }
        let n = new_count.get();
        let seconds = seconds.to_string();
        match (n, prepend) {
            (n, true) if n > 0 => tn(m::LIVE__CHECKING_FOUND, n, &[("seconds", &seconds)]),
            _ => tf(m::LIVE__CHECKING, &[("seconds", &seconds)]),
        }
    };
    let jump_href = newest_href(&query);
    let jump = move || {
        let n = new_count.get();
        let text = if prepend && overflow.get() {
            t(m::LIVE__OVERFLOW).to_string()
        } else if !prepend && n > 0 {
            tn(m::LIVE__NEW, n, &[])
        } else {
            return None;
        };
        live.get().then(|| {
            view! {
                <Link href=jump_href.clone() attr:class="pill">
                    {text}
                </Link>
            }
        })
    };
    view! {
        <div class="live-tail">
            <label class="switch">
                <input
                    type="checkbox"
                    prop:checked=move || live.get()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        remember_live(on);
                        live.set(on);
                    }
                />
                {t(m::LIVE__LABEL)}
            </label>
            <span class="live-status" role="status" aria-live="polite">
                {status}
            </span>
            {jump}
        </div>
    }
    .into_any()
}
