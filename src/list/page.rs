//! The event list at `/`: layout only. The data flow (URL → query → redirect → one request →
//! answer) is `loader::use_list_view`; controls navigate to a new URL.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::export::panel::ExportPanel;
use super::filters::bar::FilterForm;
use super::filters::chips::FilterChips;
use super::filters::problems_by_field;
use super::filters::time_controls::AsOf;
use super::live_tail::{remembered_live, LiveTail};
use super::loader::{use_list_view, Answer};
use super::pager::nav::Pager;
use super::query::ListQuery;
use super::saved_views::menu::SavedViews;
use super::summary::panel::{SummaryButton, SummaryPanel};
use super::table::column_menu::{remembered_layout, ColumnMenu};
use super::table::view::{CompareSelection, EventTable};
use super::timeline::chart::{remember_shown, remembered_shown, Histogram};
use crate::api::ApiError;
use crate::app::link::Link;
use crate::app::problem::{ApiProblem, RetryStatus};
use crate::app::AppContext;
use crate::common::time::Preset;
use crate::i18n::{m, split, t, tf, tn};
use crate::shortcuts::sheet::Shortcuts;
use crate::shortcuts::Screen;

#[component]
pub fn EventsPage() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let list = use_list_view();
    let (parsed, query, tz, answer, loading, new_rows, users) = (
        list.parsed,
        list.query,
        list.tz,
        list.answer,
        list.loading,
        list.new_rows,
        list.users,
    );
    let live = RwSignal::new(remembered_live());
    let layout = RwSignal::new(remembered_layout());
    // Kept while paging and filtering, so events on different pages can be compared.
    let selection: CompareSelection = RwSignal::new(Vec::new());
    let picking = RwSignal::new(false);
    let filters_open = RwSignal::new(false);
    let timeline_mode = ctx.config.with_value(|c| c.timeline);
    let timeline_shown = RwSignal::new(remembered_shown(timeline_mode));
    let retry = move || list.retry();
    // The timeline counts once this view's rows are on screen, never before them.
    let rows_ready = Signal::derive(move || {
        let current = query.try_with(ListQuery::selection);
        !loading.try_get().unwrap_or(true)
            && answer
                .try_with(|a| {
                    a.as_ref()
                        .is_some_and(|(q, _)| Some(q.selection()) == current)
                })
                .unwrap_or(false)
    });
    let controls_ready = controls_after_first_rows(answer);
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
            .filter(|p| {
                matches!(
                    p.param.as_str(),
                    "page" | "cursor" | "tz" | "range" | "limit" | "panel"
                )
            })
            .map(|p| view! { <li>{p.message}</li> })
            .collect_view()
    };

    // Rows per page: the URL's, or config.json's default.
    let page_size = move |q: &ListQuery| {
        q.limit
            .unwrap_or_else(|| ctx.config.with_value(|c| c.page_size))
    };
    // The timeline's exact total of the selection (the sum of its bars), for a page whose count
    // the API only estimated.
    let exact_total = RwSignal::new(None::<(ListQuery, u64)>);
    // The answered page, for the toolbar: its count (the exact total once known), whether that
    // is an estimate, the compact pager and live tail.
    let answered = Memo::new(move |_| {
        answer.with(|a| match a {
            Some((q, Ok(p))) => {
                let estimate = p.count_exact == Some(false);
                let exact = exact_total.with(|t| {
                    t.as_ref()
                        .filter(|(s, _)| estimate && *s == q.selection())
                        .map(|(_, n)| *n)
                });
                let count = exact.unwrap_or(p.count);
                Some((
                    q.clone(),
                    count,
                    p.results.len(),
                    estimate && exact.is_none(),
                    (p.previous_cursor.clone(), p.next_cursor.clone()),
                ))
            }
            _ => None,
        })
    });
    let results = move || {
        let Some((q, result)) = answer.get() else {
            return view! { <p role="status">{t(m::LIST__LOADING)}</p> }.into_any();
        };
        {
            match result {
                Ok(p) if p.results.is_empty() => view! { <EmptyState query=q /> }.into_any(),
                Ok(p) => {
                    let (table_page, table_query, table_tz) =
                        (p.clone(), q.clone(), tz.get_untracked());
                    view! {
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
                        {move || answered.get().map(|(q, count, shown, estimate, around)| {
                            let size = page_size(&q);
                            view! { <Pager query=q page_size=size count shown estimate around position="bottom" /> }
                        })}
                    }
                    .into_any()
                }
                Err(ApiError::Aborted) => ().into_any(),
                Err(ApiError::Invalid(fields)) if fields.contains_key("cursor") => {
                    // A cursor from a link the API no longer takes (another API, or a changed
                    // one): the same page by its number is one click away.
                    let said = fields
                        .get("cursor")
                        .map(|m| m.join(" "))
                        .unwrap_or_default();
                    let by_number = q.with_page(q.page).to_href();
                    view! {
                        <div class="problem" role="alert">
                            <p>{tf(m::LIST__CURSOR_REFUSED, &[("reason", &said)])}</p>
                            <Link href=by_number>{tf(m::LIST__OPEN_PAGE_BY_NUMBER, &[("page", &crate::i18n::number(q.page))])}</Link>
                        </div>
                    }
                    .into_any()
                }
                Err(ApiError::Invalid(_)) => view! {
                    <div class="problem" role="alert">
                        <p>{t(m::LIST__FILTERS_REJECTED)}</p>
                    </div>
                }
                .into_any(),
                Err(ApiError::NotFound(_)) => {
                    let first = q.with_page(1).to_href();
                    view! {
                        <div class="problem" role="alert">
                            <p>{tf(m::LIST__PAST_THE_END, &[("page", &crate::i18n::number(q.page))])}</p>
                            <Link href=first>{t(m::LIST__FIRST_PAGE)}</Link>
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
            t(m::LIST__LOADING).to_string()
        } else {
            match answered.get() {
                Some((_, count, _, true, _)) => tf(
                    m::LIST__MATCH_ABOUT,
                    &[("count", &crate::common::format::about(count))],
                ),
                Some((_, count, _, false, _)) => tn(m::LIST__MATCH, count, &[]),
                None => String::new(),
            }
        }
    };

    let count_text = move || {
        answered.get().map(|(q, count, shown, estimate, _)| {
            crate::common::format::range_label_of(q.page, page_size(&q), count, shown, estimate)
        })
    };
    let top_pager = move || {
        answered
            .get()
            .filter(|(_, count, _, _, _)| *count > 0)
            .map(|(q, count, shown, estimate, around)| {
                let size = page_size(&q);
                view! { <Pager query=q page_size=size count shown estimate around position="top" /> }
            })
    };
    let live_query = Memo::new(move |_| answered.get().map(|(q, _, _, _, _)| q));
    let live_tail = move || {
        live_query
            .get()
            .map(|q| view! { <LiveTail query=q live new_rows /> })
    };
    let toggle_timeline = move |_| {
        let shown = !timeline_shown.get_untracked();
        remember_shown(timeline_mode, shown);
        timeline_shown.set(shown);
    };

    view! {
        <main class="page events-page">
            <Shortcuts screen=Screen::List />
            <div class="query-row">
            <h1>{t(m::LIST__HEADING)}</h1>
            {move || {
                // Paging does not redraw the controls: they show everything but the page, and
                // the two that keep the page read it when clicked.
                let (q, tz) = controls_ready.get().then(|| controls_key.get())?;
                Some(view! {
                    // On a small screen the filters fold away behind this button (style/main.css).
                    <button
                        type="button"
                        class="filters-toggle secondary"
                        aria-controls="filter-area"
                        aria-expanded=move || filters_open.get().to_string()
                        on:click=move |_| filters_open.update(|o| *o = !*o)
                    >
                        {t(m::LIST__FILTERS_TOGGLE)}
                    </button>
                    <div id="filter-area" class="filter-area" class:open=move || filters_open.get()>
                        <FilterForm query=q current=query tz outside_problems=field_problems users />
                    </div>
                })
            }}
            </div>
            <div class="list-toolbar">
                <div class="count-line">
                    <span class="count">{count_text}</span>
                    {move || {
                        let (q, tz) = controls_key.get();
                        view! {
                            <AsOf query tz />
                            <FilterChips query=q tz users />
                        }
                    }}
                </div>
                <div class="tools">
                    {live_tail}
                    <SavedViews query />
                    <ColumnMenu layout />
                    <CompareBar selection picking />
                    <ExportPanel query />
                    <SummaryButton query />
                    <button
                        type="button"
                        class="quiet timeline-toggle"
                        title=t(m::LIST__TIMELINE_HINT)
                        on:click=toggle_timeline
                    >
                        {move || t(if timeline_shown.get() { m::LIST__TIMELINE_HIDE } else { m::LIST__TIMELINE_SHOW })}
                    </button>
                    {top_pager}
                </div>
            </div>
            // The summary of the whole filtered set, while the URL holds it open (`panel=summary`).
            <SummaryPanel query tz />
            // Re-created only when the selection (filters, range) or the zone changes, not on
            // paging or sorting.
            {move || {
                let (_, tz) = histogram_key.get();
                let shown = timeline_shown.get();
                match (shown, controls_ready.get()) {
                    (true, true) => Some(view! { <Histogram query tz rows_ready total=exact_total /> }.into_any()),
                    // Its space, kept until it is built.
                    (true, false) => Some(view! { <div class="histogram-placeholder"></div> }.into_any()),
                    _ => None,
                }
            }}
            <ul class="url-problems" role="alert">{other_problems}</ul>
            <RetryStatus waiting=list.waiting />
            <p class="visually-hidden" role="status" aria-live="polite">{status}</p>
            // While loading, the previous answer stays, dimmed and marked busy.
            <div class="results" class:loading=move || loading.get() aria-busy=move || loading.get().to_string()>
                {results}
            </div>
        </main>
    }
}

/// How long the filters wait for the first answer before they are built anyway (a slow API).
const CONTROLS_WAIT: std::time::Duration = std::time::Duration::from_millis(250);

/// Where the filter form takes a known space (one line), which style/main.css keeps for it while
/// it is not built; narrower, it wraps, and is built with the page.
const CONTROLS_SPACE_KNOWN: &str = "(min-width: 80rem)";

/// The rows first: the two costliest controls — the filter form and the timeline — are built
/// once the first answer is drawn and painted, or after `CONTROLS_WAIT` if the API is slower,
/// so building them never holds the rows back; only where their space is known and kept, so
/// the rows never move when they arrive. (The toolbar, cheap once its menus build on first
/// open, is drawn with the page.)
fn controls_after_first_rows(answer: RwSignal<Option<Answer>, LocalStorage>) -> Signal<bool> {
    let space_kept = web_sys::window()
        .and_then(|w| w.match_media(CONTROLS_SPACE_KNOWN).ok().flatten())
        .is_some_and(|m| m.matches());
    let ready = RwSignal::new(!space_kept);
    if !space_kept {
        return ready.into();
    }
    let show = move || {
        if ready.try_get_untracked() == Some(false) {
            ready.set(true);
        }
    };
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || !answer.with(Option::is_some) {
            return done.unwrap_or(false);
        }
        // The frame that paints the rows, then the next one: the controls never delay that
        // paint, nor anything waiting just after it.
        request_animation_frame(move || request_animation_frame(show));
        true
    });
    set_timeout(show, CONTROLS_WAIT);
    ready.into()
}

/// Comparing: "Pick events to compare" shows a checkbox in every row; then what is picked, and
/// the link once there are two.
#[component]
fn CompareBar(selection: CompareSelection, picking: RwSignal<bool>) -> impl IntoView {
    move || {
        if !picking.get() {
            return view! {
                <button
                    type="button"
                    class="pick-mode"
                    title=t(m::LIST__COMPARE_HINT)
                    on:click=move |_| picking.set(true)
                >
                    {t(m::LIST__COMPARE)}
                </button>
            }
            .into_any();
        }
        let done = move |_| {
            picking.set(false);
            selection.set(Vec::new());
        };
        let text = match selection.get().as_slice() {
            [] => view! { <span>{t(m::LIST__COMPARE_NONE)}</span> }.into_any(),
            [_] => view! { <span>{t(m::LIST__COMPARE_ONE)}</span> }.into_any(),
            [a, b, ..] => {
                let href = crate::compare::href(
                    &crate::compare::Side::Event(a.clone()),
                    &crate::compare::Side::Event(b.clone()),
                );
                view! { <Link href=href>{t(m::LIST__COMPARE_TWO)}</Link> }.into_any()
            }
        };
        let clear = move |_| selection.set(Vec::new());
        view! {
            <div class="compare-bar">
                {text}
                <button type="button" class="secondary" on:click=clear>{t(m::LIST__COMPARE_CLEAR)}</button>
                <button type="button" class="secondary" on:click=done>{t(m::LIST__COMPARE_DONE)}</button>
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
                <p><strong>{t(m::LIST__EMPTY_API)}</strong></p>
                <p>{t(m::LIST__EMPTY_API_HINT)}</p>
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
        view! { <li><Link href=href>{t(m::LIST__EMPTY_SAME_RANGE)}</Link></li> }
    });
    view! {
        <div class="empty" role="status">
            <p><strong>{t(m::LIST__EMPTY)}</strong></p>
            <p>{t(m::LIST__EMPTY_WIDER)}</p>
            <ul class="widen">
                {wider}
                {without_ids}
                <li><Link href=query.without_filters().to_href()>{t(m::LIST__EMPTY_ALL)}</Link></li>
            </ul>
            <details class="filter-help">
                <summary>{t(m::LIST__HELP)}</summary>
                <ul>
                    <HelpItem term=m::LIST__HELP_USER_TERM text=m::LIST__HELP_USER />
                    <HelpItem term=m::LIST__HELP_OBJECT_TERM text=m::LIST__HELP_OBJECT />
                    <HelpItem term=m::LIST__HELP_TIME_TERM text=m::LIST__HELP_TIME />
                    {help_chips()}
                </ul>
            </details>
        </div>
    }
    .into_any()
}

/// One filter's help: its name in bold where the sentence places `{term}`.
#[component]
fn HelpItem(term: crate::i18n::Msg, text: crate::i18n::Msg) -> impl IntoView {
    let [before, after] = split(text, "term");
    view! { <li>{before}<strong>{t(term)}</strong>{after}</li> }
}

/// The chips' help, with the `/` key in its place in the sentence.
fn help_chips() -> impl IntoView {
    let [before, after] = split(m::LIST__HELP_CHIPS, "key");
    view! { <li>{before}<kbd>"/"</kbd>{after}</li> }
}
