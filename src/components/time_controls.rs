//! Time presets and the Local/UTC toggle. Both navigate: the URL holds the result.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::browser_zone::{local_zone_name, now, remember_choice, zone};
use crate::query::ListQuery;
use crate::time::{Preset, TimeZoneChoice};

/// The list narrowed to a preset, computed at click time as absolute instants.
pub fn preset_query(query: &ListQuery, preset: Preset, tz: TimeZoneChoice) -> ListQuery {
    let mut next = ListQuery {
        times: Vec::new(),
        page: 1,
        ..query.clone()
    };
    if let Some(b) = preset.lower_bound(now(), zone(tz).as_ref()) {
        next.times.push((b.param, b.value));
    }
    // "All time" must not read as "no choice made" (which would apply the configured default).
    if next.to_query_string().is_empty() {
        next.tz = Some(tz);
    }
    next
}

#[component]
pub fn TimePresets(query: ListQuery, tz: TimeZoneChoice) -> impl IntoView {
    let navigate = use_navigate();
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
                        navigate(&preset_query(&query, preset, tz).to_href(), Default::default())
                    }
                >
                    {preset.label()}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="presets" role="group" aria-label="Time range">
            {buttons}
        </div>
    }
}

#[component]
pub fn ZoneToggle(query: ListQuery, tz: TimeZoneChoice) -> impl IntoView {
    let navigate = use_navigate();
    let current = match tz {
        TimeZoneChoice::Utc => "UTC".to_string(),
        TimeZoneChoice::Local => format!("local time ({})", local_zone_name()),
    };
    let label = match tz {
        TimeZoneChoice::Utc => format!("Show local time ({})", local_zone_name()),
        TimeZoneChoice::Local => "Show UTC".to_string(),
    };
    let toggle = move |_| {
        let next_tz = tz.other();
        remember_choice(next_tz);
        let next = ListQuery {
            tz: Some(next_tz),
            ..query.clone()
        };
        navigate(&next.to_href(), Default::default());
    };
    view! {
        <div class="zone-toggle">
            <span>"Times in " <strong>{current}</strong></span>
            <button type="button" on:click=toggle>
                {label}
            </button>
        </div>
    }
}
