//! Time presets and the Local/UTC toggle. Both navigate: the URL holds the result.

use leptos::prelude::*;

use crate::i18n::{m, split, tf};

use crate::browser::zone::{local_zone_name, now, remember_choice, zone};
use crate::common::time::{display_in, to_url_instant, Preset, TimeZoneChoice};
use crate::list::query::ListQuery;

/// The list narrowed to a preset, computed at click time as absolute instants, and pinned at
/// that time (stable paging).
pub fn preset_query(query: &ListQuery, preset: Preset, tz: TimeZoneChoice) -> ListQuery {
    crate::list::first_request::preset_query_at(query, preset, now(), zone(tz).as_ref())
}

/// Now as the URL's pinned upper bound carries it, in the chosen zone's offset.
pub fn pin_value(tz: TimeZoneChoice) -> String {
    to_url_instant(now(), zone(tz).as_ref())
}

/// "As of 2026-11-25 14:02:11" for a list pinned with `timestamp__lte`, and Refresh, which moves
/// the pin to now (a new history entry, so Back returns to the earlier snapshot).
#[component]
pub fn AsOf(query: Memo<ListQuery>, tz: TimeZoneChoice) -> impl IntoView {
    let navigate = crate::app::use_app_navigate();
    let pinned = match query.get_untracked().upper_bound() {
        Some(("timestamp__lte", v)) => crate::common::format::parse_timestamp(v),
        _ => None,
    };
    pinned.map(|t| {
        let shown = display_in(t, zone(tz).as_ref());
        let as_of = split(m::TIME__AS_OF, "time");
        let refresh = move |_| {
            // Fresh numbers: the timeline's kept counts too.
            crate::list::timeline::chart::forget_counts();
            let mut next = query.get_untracked();
            next.times.retain(|(p, _)| *p != "timestamp__lte");
            if let Some(q) = next.pinned(&pin_value(tz)) {
                navigate(&q.to_href(), false);
            }
        };
        view! {
            <div class="as-of">
                <span>
                    {as_of[0]}<time datetime=t.to_rfc3339()>{shown}</time>{as_of[1]}
                </span>
                <button type="button" class="secondary" on:click=refresh>
                    {crate::i18n::t(m::TIME__REFRESH)}
                </button>
            </div>
        }
    })
}

#[component]
pub fn TimePresets(query: ListQuery, tz: TimeZoneChoice) -> impl IntoView {
    let navigate = crate::app::use_app_navigate();
    let buttons = Preset::ALL
        .into_iter()
        .map(|preset| {
            let query = query.clone();
            let navigate = navigate.clone();
            view! {
                <button
                    type="button"
                    class="preset"
                    on:click=move |_| {
                        navigate(&preset_query(&query, preset, tz).to_href(), false)
                    }
                >
                    {preset.label()}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="presets" role="group" aria-label=crate::i18n::t(m::FILTERS__TIME_RANGE)>
            {buttons}
        </div>
    }
}

#[component]
pub fn ZoneToggle(query: Memo<ListQuery>, tz: TimeZoneChoice) -> impl IntoView {
    let navigate = crate::app::use_app_navigate();
    let current = match tz {
        TimeZoneChoice::Utc => "UTC".to_string(),
        TimeZoneChoice::Local => tf(m::TIME__LOCAL_ZONE, &[("zone", &local_zone_name())]),
    };
    let label = match tz {
        TimeZoneChoice::Utc => tf(m::TIME__SHOW_LOCAL, &[("zone", &local_zone_name())]),
        TimeZoneChoice::Local => crate::i18n::t(m::TIME__SHOW_UTC).to_string(),
    };
    let times_in = split(m::TIME__TIMES_IN, "zone");
    let toggle = move |_| {
        let next_tz = tz.other();
        remember_choice(next_tz);
        let next = ListQuery {
            tz: Some(next_tz),
            ..query.get_untracked()
        };
        navigate(&next.to_href(), false);
    };
    view! {
        <div class="zone-toggle">
            <span>{times_in[0]}<strong>{current}</strong>{times_in[1]}</span>
            <button type="button" on:click=toggle>
                {label}
            </button>
        </div>
    }
}
