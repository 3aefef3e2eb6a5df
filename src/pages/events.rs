//! The event list at `/`: the URL's query → one API request → filters, chips, table, pager.
//!
//! Data flows one way: controls navigate to a new URL; the parsed query (a Memo, so it changes
//! only when the query string really does) drives one request; a newer request aborts the older.

use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use web_sys::AbortController;

use crate::api::{client, ApiError, Page};
use crate::app::AppContext;
use crate::browser_zone::remembered_choice;
use crate::components::{
    chips::FilterChips,
    event_table::EventTable,
    filter_form::FilterForm,
    link::Link,
    pager::Pager,
    problem::ApiProblem,
    time_controls::{preset_query, TimePresets, ZoneToggle},
};
use crate::form::problems_by_field;
use crate::query::ListQuery;
use crate::time::Preset;

#[component]
pub fn EventsPage() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let location = use_location();
    let navigate = use_navigate();
    let parsed = Memo::new(move |_| ListQuery::parse(&location.search.get()));
    let query = Memo::new(move |_| parsed.get().0);
    let tz = Memo::new(move |_| query.get().tz.unwrap_or_else(remembered_choice));
    // The default view: a bare list URL opens on the configured time range.
    let default_range = ctx.config.with_value(|c| c.default_time_range);
    Effect::new(move |_| {
        if default_range != Preset::All && location.search.get().trim_start_matches('?').is_empty()
        {
            let target = preset_query(&ListQuery::parse("").0, default_range, tz.get_untracked());
            navigate(
                &target.to_href(),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });

    // The running request and the query it is for.
    let in_flight: StoredValue<Option<(ListQuery, AbortController)>, LocalStorage> =
        StoredValue::new_local(None);
    let page = LocalResource::new(move || {
        let query = query.get();
        let session = ctx.session.get();
        let limit = ctx.config.with_value(|c| c.page_size);
        let controller = AbortController::new().ok();
        in_flight.set_value(controller.clone().map(|c| (query.clone(), c)));
        async move {
            // The result carries the query it answers, so a page is always drawn with its own
            // range and links, even while the next one loads.
            let result = match session {
                None => Err(ApiError::Unauthorized("Signed out.".into())),
                Some(session) => {
                    let signal = controller.as_ref().map(AbortController::signal);
                    let params = query.to_api_params(limit);
                    client::list(&session, &params, signal.as_ref())
                        .await
                        .map(Arc::new)
                }
            };
            (query, result)
        }
    });
    // LocalResource waits for a running fetch before it re-runs, so a superseded request is
    // aborted here, as soon as the query really changes; the resource then runs the newest one.
    Effect::new(move |_| {
        let current = query.get();
        if let Some((for_query, c)) = in_flight.get_value() {
            if for_query != current {
                c.abort();
            }
        }
    });
    on_cleanup(move || {
        if let Some((_, c)) = in_flight.get_value() {
            c.abort();
        }
    });
    // A 401 anywhere ends the session; `Protected` then sends the user to sign-in and back.
    Effect::new(move |_| {
        if let Some((_, Err(ApiError::Unauthorized(_)))) = page.get() {
            ctx.end_session();
        }
    });

    let api_field_errors = Signal::derive(move || match page.get() {
        Some((_, Err(ApiError::Invalid(fields)))) => fields,
        _ => BTreeMap::new(),
    });
    let field_problems =
        Signal::derive(move || problems_by_field(&parsed.get().1, &api_field_errors.get()));
    // URL problems whose parameter has no form field (page, tz) show above the table.
    let other_problems = move || {
        parsed
            .get()
            .1
            .into_iter()
            .filter(|p| matches!(p.param.as_str(), "page" | "tz"))
            .map(|p| view! { <li>{p.message}</li> })
            .collect_view()
    };

    let pending = RwSignal::new(false);
    type Answer = (ListQuery, Result<Arc<Page>, ApiError>);
    let last_answer: StoredValue<Option<Answer>> = StoredValue::new(None);
    let results = move || {
        let latest = page.get()?;
        // An aborted request was superseded: keep showing the last real answer (dimmed) until
        // the newer one arrives, instead of flashing an empty list.
        let (q, result) = if matches!(latest.1, Err(ApiError::Aborted)) {
            last_answer.get_value()?
        } else {
            last_answer.set_value(Some(latest.clone()));
            latest
        };
        Some({
            match result {
                Ok(p) if p.results.is_empty() => {
                    let wider = q.without_filters().to_href();
                    let hint = if q.has_filters() {
                        view! {
                            <p>
                                "Widen the time range or remove a filter. "
                                <Link href=wider>"Show all events"</Link>
                            </p>
                        }
                        .into_any()
                    } else {
                        view! { <p>"The API has no audit events yet."</p> }.into_any()
                    };
                    view! {
                        <div class="empty" role="status">
                            <p>
                                <strong>"No events match."</strong>
                            </p>
                            {hint}
                        </div>
                    }
                    .into_any()
                }
                Ok(p) => {
                    let size = q
                        .limit
                        .unwrap_or_else(|| ctx.config.with_value(|c| c.page_size));
                    let shown = p.results.len();
                    view! {
                        <Pager query=q.clone() page_size=size count=p.count shown position="top" />
                        <EventTable events=p.results.clone() query=q.clone() tz=tz.get_untracked() />
                        <Pager query=q page_size=size count=p.count shown position="bottom" />
                    }
                    .into_any()
                }
                Err(ApiError::Aborted) => ().into_any(),
                Err(ApiError::Invalid(_)) => view! {
                    <div class="problem" role="alert">
                        <p>"The API rejected these filters; see the messages next to the fields."</p>
                    </div>
                }
                .into_any(),
                Err(ApiError::NotFound(_)) => {
                    let first = q.with_page(1).to_href();
                    view! {
                        <div class="problem" role="alert">
                            <p>{format!("Page {} is past the end of these results.", q.page)}</p>
                            <Link href=first>"Go to the first page"</Link>
                        </div>
                    }
                    .into_any()
                }
                Err(error) => view! { <ApiProblem error retry=move || page.refetch() /> }.into_any(),
            }
        })
    };
    let status = move || {
        if pending.get() {
            "Loading events…".to_string()
        } else {
            match page.get() {
                Some((_, Ok(p))) => format!("{} events match.", crate::format::thousands(p.count)),
                _ => String::new(),
            }
        }
    };

    view! {
        <main class="page events-page">
            <h1>"Events"</h1>
            {move || {
                let q = query.get();
                let tz = tz.get();
                view! {
                    <FilterForm query=q.clone() tz outside_problems=field_problems />
                    <div class="toolbar">
                        <TimePresets query=q.clone() tz />
                        <ZoneToggle query=q.clone() tz />
                    </div>
                    <FilterChips query=q tz />
                }
            }}
            <ul class="url-problems" role="alert">{other_problems}</ul>
            <p class="visually-hidden" role="status" aria-live="polite">{status}</p>
            <div class="results" class:loading=move || pending.get() aria-busy=move || pending.get().to_string()>
                <Transition
                    fallback=|| view! { <p role="status">"Loading events…"</p> }
                    set_pending=pending.write_only()
                >
                    {results}
                </Transition>
            </div>
        </main>
    }
}
