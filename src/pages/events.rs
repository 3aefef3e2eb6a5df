//! The event list at `/`: the URL's query → one API request → filters, chips, table, pager.
//!
//! Data flows one way: controls navigate to a new URL; the parsed query (a Memo, so it changes
//! only when the query string really does) drives one request; a newer request aborts the older.

use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use web_sys::AbortController;

use crate::api::urls::encode_component;
use crate::api::{client, ApiError, Event, Page};
use crate::app::{router_base, AppContext};
use crate::browser_zone::remembered_choice;
use crate::components::{
    chips::FilterChips,
    column_menu::{remembered_layout, ColumnMenu},
    event_table::{CompareSelection, EventTable},
    export_panel::ExportPanel,
    filter_form::FilterForm,
    histogram::Histogram,
    link::Link,
    live_tail::{remembered_live, LiveTail},
    pager::Pager,
    problem::ApiProblem,
    saved_views::SavedViews,
    shortcuts::Shortcuts,
    time_controls::{pin_value, preset_query, AsOf, TimePresets, ZoneToggle},
};
use crate::form::problems_by_field;
use crate::list_memory;
use crate::query::{has_upper_bound_param, page_title, ListQuery};
use crate::shortcuts::Screen;
use crate::time::Preset;

#[component]
pub fn EventsPage() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let location = use_location();
    let navigate = crate::app::use_app_navigate();
    let parsed = Memo::new(move |_| ListQuery::parse(&location.search.get()));
    let query = Memo::new(move |_| parsed.get().0);
    let tz = Memo::new(move |_| query.get().tz.unwrap_or_else(remembered_choice));
    // The default view: a bare list URL opens on the configured time range. Stable paging: a
    // list without an upper bound is pinned at "now" (`timestamp__lte`), so rows arriving while
    // it is read never shift pages. Both replace the URL rather than adding a history entry; the
    // pin is appended to the URL as typed, so an invalid parameter keeps its message.
    let default_range = ctx.config.with_value(|c| c.default_time_range);
    Effect::new(move |_| {
        let search = location.search.get();
        // This page's effects still run while the router leaves it for another route.
        let path = location.pathname.get();
        let inner = path.strip_prefix(router_base()).unwrap_or(&path);
        if !(inner.is_empty() || inner == "/") {
            return;
        }
        let raw = search.trim_start_matches('?');
        let current = query.get_untracked();
        let target = if let Some(range) = current.range {
            // `range=24h` (a saved view, a shared link): the bounds as of now.
            let rest = ListQuery {
                range: None,
                ..current
            };
            preset_query(&rest, range, tz.get_untracked()).to_href()
        } else if raw.is_empty() && default_range != Preset::All {
            preset_query(&ListQuery::parse("").0, default_range, tz.get_untracked()).to_href()
        } else if !has_upper_bound_param(raw) {
            let pin = encode_component(&pin_value(tz.get_untracked()));
            let sep = if raw.is_empty() { "" } else { "&" };
            format!("/?{raw}{sep}timestamp__lte={pin}")
        } else {
            return;
        };
        navigate(&target, true);
    });
    Effect::new(move |_| {
        let label = |ct: i64| ctx.content_type_name(ct);
        crate::app::set_title(&page_title(&query.get(), &label));
    });
    let live = RwSignal::new(remembered_live());
    let layout = RwSignal::new(remembered_layout());
    // Kept while paging and filtering, so events on different pages can be compared.
    let selection: CompareSelection = RwSignal::new(Vec::new());
    let picking = RwSignal::new(false);
    let filters_open = RwSignal::new(false);
    let new_rows: RwSignal<Vec<Event>> = RwSignal::new(Vec::new());

    // One request per distinct query: the effect re-runs only when the parsed query (a Memo) or
    // the session really changes, aborts the request still running, and applies an answer only
    // if its query is still the current one, so a stale response never replaces a newer one.
    // (Explicit rather than a LocalResource, which waits for a superseded fetch to finish.)
    type Answer = (ListQuery, Result<Arc<Page>, ApiError>);
    let answer: RwSignal<Option<Answer>, LocalStorage> = RwSignal::new_local(None);
    let loading = RwSignal::new(false);
    let retries = RwSignal::new(0u32);
    let in_flight: StoredValue<Option<AbortController>, LocalStorage> =
        StoredValue::new_local(None);
    Effect::new(move |_| {
        let q = query.get();
        let session = ctx.session.get();
        retries.track();
        if let Some(previous) = in_flight.get_value() {
            previous.abort();
        }
        new_rows.set(Vec::new());
        let Some(session) = session else {
            return;
        };
        // About to be pinned (above); loading now would load twice.
        if q.range.is_some() || !has_upper_bound_param(&location.search.get_untracked()) {
            return;
        }
        let controller = AbortController::new().ok();
        in_flight.set_value(controller.clone());
        loading.set(true);
        let limit = ctx.config.with_value(|c| c.page_size);
        leptos::task::spawn_local(async move {
            let signal = controller.as_ref().map(AbortController::signal);
            let result = client::list(&session, &q.to_api_params(limit), signal.as_ref()).await;
            if matches!(result, Err(ApiError::Aborted)) || query.get_untracked() != q {
                return;
            }
            loading.set(false);
            let result = result.map(Arc::new);
            if let Ok(page) = &result {
                // The address as the user has it (not a canonical form), so "Back to results"
                // returns to exactly that URL.
                let href = crate::app::current_app_path();
                list_memory::remember_page(href.clone(), page);
                if let Some(y) = list_memory::take_scroll_restore(&href) {
                    // After the rows are drawn.
                    set_timeout(
                        move || {
                            if let Some(w) = web_sys::window() {
                                w.scroll_to_with_x_and_y(0.0, y);
                            }
                        },
                        std::time::Duration::from_millis(0),
                    );
                }
            }
            answer.set(Some((q, result)));
        });
    });
    on_cleanup(move || {
        if let Some(c) = in_flight.get_value() {
            c.abort();
        }
    });
    // A 401 anywhere ends the session; `Protected` then sends the user to sign-in and back.
    Effect::new(move |_| {
        if answer.with(|a| matches!(a, Some((_, Err(ApiError::Unauthorized(_)))))) {
            ctx.end_session();
        }
    });
    let retry = move || retries.update(|n| *n += 1);
    let controls_key = Memo::new(move |_| (query.get().with_page(1), tz.get()));
    let histogram_key = Memo::new(move |_| (query.get().selection(), tz.get()));

    let api_field_errors = Signal::derive(move || {
        answer.with(|a| match a {
            Some((_, Err(ApiError::Invalid(fields)))) => fields.clone(),
            _ => BTreeMap::new(),
        })
    });
    let field_problems =
        Signal::derive(move || problems_by_field(&parsed.get().1, &api_field_errors.get()));
    // URL problems whose parameter has no form field (page, tz) show above the table.
    let other_problems = move || {
        parsed
            .get()
            .1
            .into_iter()
            .filter(|p| matches!(p.param.as_str(), "page" | "tz" | "range"))
            .map(|p| view! { <li>{p.message}</li> })
            .collect_view()
    };

    let results = move || {
        let Some((q, result)) = answer.get() else {
            return view! { <p role="status">"Loading events…"</p> }.into_any();
        };
        {
            match result {
                Ok(p) if p.results.is_empty() => view! { <EmptyState query=q /> }.into_any(),
                Ok(p) => {
                    let size = q
                        .limit
                        .unwrap_or_else(|| ctx.config.with_value(|c| c.page_size));
                    let shown = p.results.len();
                    let (table_page, table_query, table_tz) = (p.clone(), q.clone(), tz.get_untracked());
                    view! {
                        <LiveTail query=q.clone() live new_rows />
                        <Pager query=q.clone() page_size=size count=p.count shown position="top" />
                        // Only the table follows the column layout.
                        {move || view! {
                            <EventTable
                                page=table_page.clone()
                                query=table_query.clone()
                                tz=table_tz
                                layout=layout.get()
                                new_rows
                                selection=picking.get().then_some(selection)
                            />
                        }}
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
                Err(error) => view! { <ApiProblem error retry=retry /> }.into_any(),
            }
        }
    };
    let status = move || {
        if loading.get() {
            "Loading events…".to_string()
        } else {
            answer.with(|a| match a {
                Some((_, Ok(p))) => format!("{} events match.", crate::format::thousands(p.count)),
                _ => String::new(),
            })
        }
    };

    view! {
        <main class="page events-page">
            <h1>"Events"</h1>
            <Shortcuts screen=Screen::List />
            {move || {
                // Paging does not redraw the controls: they show everything but the page, and
                // the two that keep the page read it when clicked.
                let (q, tz) = controls_key.get();
                view! {
                    // On a small screen the filters fold away behind this button (style/main.css).
                    <button
                        type="button"
                        class="filters-toggle secondary"
                        aria-controls="filter-area"
                        aria-expanded=move || filters_open.get().to_string()
                        on:click=move |_| filters_open.update(|o| *o = !*o)
                    >
                        "Filters"
                    </button>
                    <div id="filter-area" class="filter-area" class:open=move || filters_open.get()>
                        <FilterForm query=q.clone() tz outside_problems=field_problems />
                        <div class="toolbar">
                            <TimePresets query=q.clone() tz />
                            <ZoneToggle query tz />
                            <AsOf query tz />
                        </div>
                    </div>
                    <FilterChips query=q tz />
                }
            }}
            <div class="view-tools">
                <SavedViews query />
                <ColumnMenu layout />
                <CompareBar selection picking />
            </div>
            <ExportPanel query />
            // Re-created only when the selection (filters, range) or the zone changes, not on
            // paging or sorting.
            {move || {
                let (_, tz) = histogram_key.get();
                view! { <Histogram query tz /> }
            }}
            <ul class="url-problems" role="alert">{other_problems}</ul>
            <p class="visually-hidden" role="status" aria-live="polite">{status}</p>
            // While loading, the previous answer stays, dimmed and marked busy.
            <div class="results" class:loading=move || loading.get() aria-busy=move || loading.get().to_string()>
                {results}
            </div>
        </main>
    }
}

/// Comparing: "Pick events to compare" shows a checkbox in every row; then what is picked, and
/// the link once there are two.
#[component]
fn CompareBar(selection: CompareSelection, picking: RwSignal<bool>) -> impl IntoView {
    move || {
        if !picking.get() {
            return view! {
                <button type="button" class="secondary pick-mode" on:click=move |_| picking.set(true)>
                    "Pick events to compare"
                </button>
            }
            .into_any();
        }
        let done = move |_| {
            picking.set(false);
            selection.set(Vec::new());
        };
        let text = match selection.get().as_slice() {
            [] => view! { <span>"Tick two events to compare them."</span> }.into_any(),
            [_] => view! { <span>"1 event picked: pick another to compare."</span> }.into_any(),
            [a, b, ..] => {
                let href = crate::compare::href(
                    &crate::compare::Side::Event(a.clone()),
                    &crate::compare::Side::Event(b.clone()),
                );
                view! { <Link href=href>"Compare the 2 picked events"</Link> }.into_any()
            }
        };
        let clear = move |_| selection.set(Vec::new());
        view! {
            <div class="compare-bar">
                {text}
                <button type="button" class="secondary" on:click=clear>"Clear"</button>
                <button type="button" class="secondary" on:click=done>"Done comparing"</button>
            </div>
        }
        .into_any()
    }
}

/// No rows: say what was searched and how to widen it, teaching the filters on the way.
#[component]
fn EmptyState(query: ListQuery) -> impl IntoView {
    if !query.has_filters() {
        return view! {
            <div class="empty" role="status">
                <p><strong>"The API has no audit events yet."</strong></p>
                <p>"Events appear here as people act in the audited system."</p>
            </div>
        }
        .into_any();
    }
    let ids = query.id_filters().has_filters();
    let wider = [Preset::Days7, Preset::Days30, Preset::All]
        .into_iter()
        .map(|p| {
            let href = ListQuery {
                times: Vec::new(),
                range: Some(p),
                page: 1,
                ..query.clone()
            }
            .to_href();
            view! { <li><Link href=href>{p.label()}</Link></li> }
        })
        .collect_view();
    let without_ids = ids.then(|| {
        let href = ListQuery {
            user: None,
            content_type: None,
            object_id: None,
            page: 1,
            ..query.clone()
        }
        .to_href();
        view! { <li><Link href=href>"The same time range for everyone and every object"</Link></li> }
    });
    view! {
        <div class="empty" role="status">
            <p><strong>"No events match these filters."</strong></p>
            <p>"Try a wider search:"</p>
            <ul class="widen">
                {wider}
                {without_ids}
                <li><Link href=query.without_filters().to_href()>"All events"</Link></li>
            </ul>
            <details class="filter-help">
                <summary>"How the filters work"</summary>
                <ul>
                    <li><strong>"User"</strong>": the user's id. In any row, click a user to see only their events."</li>
                    <li><strong>"Content type and Object ID"</strong>": one kind of record, or one record (e.g. order #77). Click an object in a row to follow it."</li>
                    <li><strong>"From / To"</strong>": a date, or a date and time, in the zone the list shows; the buttons above pick common ranges, and the timeline narrows by dragging."</li>
                    <li>"Each filter shows as a chip above the list; its × removes it. Press " <kbd>"/"</kbd> " to jump to the filters."</li>
                </ul>
            </details>
        </div>
    }
    .into_any()
}
