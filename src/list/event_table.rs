//! The events of one page as a real table. Every cell is text (event data is attacker-written);
//! the time links to the event, the user and object cells pivot the list to that filter, and the
//! column headers sort.

use crate::app::link::Link;
use leptos::either::{Either, EitherOf6};
use leptos::prelude::*;

use crate::app::{app_href, event_href};
use std::sync::Arc;

use crate::api::{Event, Page};
use crate::app::list_memory;
use crate::app::AppContext;
use crate::browser::zone::{now, zone};
use crate::common::format::{parse_timestamp, user_label};
use crate::common::time::{display_in, offset_label, relative, TimeZoneChoice, ZoneRules};
use crate::compare::toggle_pick;
use crate::list::columns::{Column, ColumnLayout, Density};
use crate::list::query::{ListQuery, SortColumn, SortState};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

#[component]
fn SortHeader(label: &'static str, column: SortColumn, query: ListQuery) -> impl IntoView {
    let state = query.sort_state(column);
    let href = query.toggle_sort(column).to_href();
    let arrow = match state {
        SortState::Ascending => "▲",
        SortState::Descending => "▼",
        SortState::None => "",
    };
    view! {
        <th scope="col" aria-sort=state.aria()>
            <Link href=href attr:class="sort">
                {label}
                <span class="arrow" aria-hidden="true">
                    {arrow}
                </span>
            </Link>
        </th>
    }
}

/// A column's header: sortable ones link to the list sorted by it.
fn header_cell(column: Column, query: &ListQuery) -> AnyView {
    match column.sort() {
        Some(sort) => {
            view! { <SortHeader label=column.label() column=sort query=query.clone() /> }.into_any()
        }
        None => view! { <th scope="col">{column.label()}</th> }.into_any(),
    }
}

/// The events picked for comparison (at most two, kept across pages), by uuid, oldest pick first.
pub type CompareSelection = RwSignal<Vec<String>>;

/// What every row of one drawing shares, worked out once rather than per row.
struct RowContext<'a> {
    ctx: &'a AppContext,
    query: &'a ListQuery,
    columns: &'a [Column],
    selection: Option<CompareSelection>,
    shown_zone: Box<dyn ZoneRules>,
    other_zone: Box<dyn ZoneRules>,
    now: chrono::DateTime<chrono::Utc>,
}

impl<'a> RowContext<'a> {
    fn new(
        ctx: &'a AppContext,
        query: &'a ListQuery,
        columns: &'a [Column],
        selection: Option<CompareSelection>,
        tz: TimeZoneChoice,
    ) -> Self {
        RowContext {
            ctx,
            query,
            columns,
            selection,
            shown_zone: zone(tz),
            other_zone: zone(tz.other()),
            now: now(),
        }
    }
}

/// The checkbox that picks a row for comparison. Drawn static: one change handler on the table
/// and one effect keep all of them in step with the selection.
fn compare_cell(uuid: &str, time: &str, picked: bool) -> impl IntoView {
    view! {
        <td class="pick">
            <input
                type="checkbox"
                data-uuid=uuid.to_string()
                aria-label=format!("Compare the event at {time}")
                checked=picked
            />
        </td>
    }
}

/// One row: cells in the layout's order. Every cell is text; the time links to the event, user
/// and object pivot the list.
fn event_row(rc: &RowContext, e: &Event, class: &'static str) -> impl IntoView {
    let (time, time_title, datetime) = match parse_timestamp(&e.timestamp) {
        Some(t) => (
            display_in(t, rc.shown_zone.as_ref()),
            format!(
                "{} {} · {}",
                display_in(t, rc.other_zone.as_ref()),
                offset_label(t, rc.other_zone.as_ref()),
                relative(rc.now, t)
            ),
            e.timestamp.clone(),
        ),
        None => (
            e.timestamp.clone(),
            "unreadable timestamp".into(),
            String::new(),
        ),
    };
    let pick = rc.selection.map(|s| {
        let picked = s.with_untracked(|s| s.contains(&e.uuid));
        compare_cell(&e.uuid, &time, picked)
    });
    let cells = rc
        .columns
        .iter()
        // Statically typed alternatives rather than `AnyView`: boxing every cell made a 500-row
        // page markedly slower to draw.
        .map(|column| {
            match column {
                Column::Time => {
                    let href = event_href(&e.uuid);
                    let (time, time_title, datetime) =
                        (time.clone(), time_title.clone(), datetime.clone());
                    EitherOf6::A(view! {
                        <td class="time">
                            <a href=app_href(&href) title=time_title on:click=|_| list_memory::remember_scroll()>
                                <time datetime=datetime>{time}</time>
                            </a>
                        </td>
                    })
                }
                Column::User => {
                    let text = user_label(&e.user);
                    let inner = match e.user.id() {
                        Some(id) => {
                            let pivot = rc.query.with_user(id).to_href();
                            Either::Left(view! {
                                <Link href=pivot attr:title="Show only this user's events">
                                    {text}
                                </Link>
                            })
                        }
                        None => Either::Right(view! { <span class="system">{text}</span> }),
                    };
                    EitherOf6::B(view! { <td class="user">{inner}</td> })
                }
                Column::Object => {
                    let object = rc.ctx.object_label(e);
                    let pivot = rc.query.with_object(e.content_type, e.object_id).to_href();
                    EitherOf6::C(view! {
                        <td class="object">
                            <Link href=pivot attr:title="Show only this object's events">
                                {object}
                            </Link>
                        </td>
                    })
                }
                Column::Ip => {
                    let ip = e.remote_addr.clone().unwrap_or_else(|| "—".into());
                    EitherOf6::D(view! { <td class="ip">{ip}</td> })
                }
                Column::Url => {
                    let url = e.url.clone().unwrap_or_default();
                    let title = url.clone();
                    EitherOf6::E(view! { <td class="url" title=title>{url}</td> })
                }
                Column::EventId => {
                    EitherOf6::F(view! { <td class="uuid">{e.uuid.clone()}</td> })
                }
            }
        })
        .collect_view();
    view! { <tr class=class>{pick}{cells}</tr> }
}

/// The page's rows, and above them (in their own row group) the events live tail has found
/// since; those are keyed by uuid, so a poll adds rows without redrawing the others.
#[component]
pub fn EventTable(
    page: Arc<Page>,
    query: ListQuery,
    tz: TimeZoneChoice,
    layout: ColumnLayout,
    #[prop(optional)] new_rows: Option<RwSignal<Vec<Event>>>,
    /// Picking rows for comparison: the checkbox column shows only while this is given (a
    /// checkbox in every row costs a 500-row page about a quarter of its drawing time).
    selection: Option<CompareSelection>,
) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let columns = layout.visible();
    let page_rows = RowContext::new(&ctx, &query, &columns, selection, tz);
    let rows = page
        .results
        .iter()
        .map(|e| event_row(&page_rows, e, ""))
        .collect_view();
    let headers = columns
        .iter()
        .map(|c| header_cell(*c, &query))
        .collect_view();
    let pick_header = selection.map(|_| {
        view! {
            <th scope="col" class="pick">
                <span class="visually-hidden">"Compare"</span>
            </th>
        }
    });
    let live_query = query.clone();
    let live_rows = new_rows.map(|tail| {
        let columns = columns.clone();
        view! {
            <tbody class="new-events">
                <For
                    each=move || tail.get()
                    key=|e| e.uuid.clone()
                    children=move |e| {
                        let rc = RowContext::new(&ctx, &live_query, &columns, selection, tz);
                        event_row(&rc, &e, "new")
                    }
                />
            </tbody>
        }
    });
    let table = NodeRef::<leptos::html::Table>::new();
    if let Some(selection) = selection {
        // Every checkbox shows the selection (after Clear, a replaced pick, or `x`).
        Effect::new(move |_| {
            let picked = selection.get();
            let Some(table) = table.get() else { return };
            let Ok(boxes) = table.query_selector_all("td.pick input") else {
                return;
            };
            for i in 0..boxes.length() {
                if let Some(input) = boxes
                    .item(i)
                    .and_then(|n| n.dyn_into::<HtmlInputElement>().ok())
                {
                    let uuid = input.get_attribute("data-uuid").unwrap_or_default();
                    input.set_checked(picked.contains(&uuid));
                }
            }
        });
    }
    let on_change = move |ev: leptos::ev::Event| {
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok());
        let (Some(selection), Some(input)) = (selection, input) else {
            return;
        };
        if let Some(uuid) = input.get_attribute("data-uuid") {
            selection.update(|s| toggle_pick(s, &uuid, input.checked()));
        }
    };
    view! {
        <table class="events" class:compact=layout.density == Density::Compact node_ref=table on:change=on_change>
            <thead>
                <tr>{pick_header}{headers}</tr>
            </thead>
            {live_rows}
            <tbody>{rows}</tbody>
        </table>
    }
}
