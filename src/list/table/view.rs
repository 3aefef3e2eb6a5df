//! The events of one page as a real table. Every cell is text (event data is attacker-written);
//! the time links to the event, the user and object cells pivot the list to that filter, and the
//! column headers sort. The header is a Leptos view; the rows, static once drawn, are worked out
//! here (`row_cells`) and built by `rows.js` in one call per page (see `list::table::rows` for why).

use crate::app::link::Link;
use leptos::prelude::*;
use wasm_bindgen::prelude::wasm_bindgen;

use crate::app::{app_href, event_href};
use std::sync::Arc;

use crate::api::{Event, Page};
use crate::app::list_memory;
use crate::app::AppContext;
use crate::browser::zone::{now, zone};
use crate::common::format::{parse_timestamp, user_label};
use crate::common::time::{display_in, offset_label, relative, TimeZoneChoice, ZoneRules};
use crate::compare::toggle_pick;
use crate::list::query::{ListQuery, SortColumn, SortState};
use crate::list::table::rows::{self, Cell, Wire};
use crate::list::table::{Column, ColumnLayout, Density};
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

/// One row's cells in the table's order (`rows.js` builds them). Every cell is text; the time
/// links to the event, user and object pivot the list.
fn row_cells(rc: &RowContext, e: &Event) -> Vec<Cell> {
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
            crate::i18n::t(crate::i18n::m::TABLE__UNREADABLE_TIME).into(),
            String::new(),
        ),
    };
    let pick = rc.selection.map(|s| Cell::Pick {
        uuid: e.uuid.clone(),
        label: crate::i18n::tf(crate::i18n::m::TABLE__COMPARE_AT, &[("time", &time)]),
        picked: s.with_untracked(|s| s.contains(&e.uuid)),
    });
    let cells = rc.columns.iter().map(|column| match column {
        Column::Time => Cell::Time {
            href: app_href(&event_href(&e.uuid)),
            title: time_title.clone(),
            datetime: datetime.clone(),
            text: time.clone(),
        },
        Column::User => Cell::User {
            href: e
                .user
                .id()
                .map(|id| app_href(&rc.query.with_user(id).to_href())),
            text: user_label(&e.user),
        },
        Column::Object => Cell::Object {
            href: app_href(&rc.query.with_object(e.content_type, e.object_id).to_href()),
            text: rc.ctx.object_label(e),
        },
        Column::Ip => Cell::Ip(e.remote_addr.clone().unwrap_or_else(|| "—".into())),
        Column::Url => Cell::Url(e.url.clone().unwrap_or_default()),
        Column::EventId => Cell::Uuid(e.uuid.clone()),
    });
    pick.into_iter().chain(cells).collect()
}

/// The rows of these events, in the one string `rows.js` reads.
fn rows_wire(rc: &RowContext, events: &[Event]) -> String {
    let mut wire = Wire::default();
    for e in events {
        wire.row(&row_cells(rc, e));
    }
    wire.finish()
}

#[wasm_bindgen(module = "/src/list/table/rows.js")]
extern "C" {
    #[wasm_bindgen(js_name = fillRows)]
    fn fill_rows_with(
        body: &web_sys::Element,
        kinds: &str,
        wire: &str,
        row_class: &str,
        user_title: &str,
        object_title: &str,
    );
    #[wasm_bindgen(js_name = prependRows)]
    fn prepend_rows_with(
        body: &web_sys::Element,
        kinds: &str,
        wire: &str,
        row_class: &str,
        user_title: &str,
        object_title: &str,
    );
}

/// Replaces `body`'s rows with those in `wire` (`rows.js`), their links' tooltips translated.
fn fill_rows(body: &web_sys::Element, kinds: &str, wire: &str, row_class: &str) {
    let (user, object) = link_titles();
    fill_rows_with(body, kinds, wire, row_class, user, object);
}

/// Puts the rows in `wire` above `body`'s (`rows.js`), their links' tooltips translated.
fn prepend_rows(body: &web_sys::Element, kinds: &str, wire: &str, row_class: &str) {
    let (user, object) = link_titles();
    prepend_rows_with(body, kinds, wire, row_class, user, object);
}

/// The tooltips of a row's user and object links (they pivot the list).
fn link_titles() -> (&'static str, &'static str) {
    (
        crate::i18n::t(crate::i18n::m::FORMAT__ONLY_THIS_USER),
        crate::i18n::t(crate::i18n::m::FORMAT__ONLY_THIS_OBJECT),
    )
}

/// The page's rows, and above them (in their own row group) the events live tail has found
/// since; a poll adds its rows above them without redrawing the others.
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
    let kinds = rows::kinds_text(&rows::kinds(&columns, selection.is_some()));
    // Built by rows.js as the table is mounted: one call for the page's rows.
    let wire = rows_wire(
        &RowContext::new(&ctx, &query, &columns, selection, tz),
        &page.results,
    );
    let body = NodeRef::<leptos::html::Tbody>::new();
    let page_kinds = kinds.clone();
    body.on_load(move |body| fill_rows(&body, &page_kinds, &wire, ""));
    let headers = columns
        .iter()
        .map(|c| header_cell(*c, &query))
        .collect_view();
    let pick_header = selection.map(|_| {
        view! {
            <th scope="col" class="pick">
                <span class="visually-hidden">{crate::i18n::t(crate::i18n::m::LIST__COMPARE)}</span>
            </th>
        }
    });
    // The live tail's rows: a poll puts the events it found above those already drawn (which
    // keep their place and their arrival highlight); a new query clears them.
    let live_rows = new_rows.map(|tail| {
        let live_body = NodeRef::<leptos::html::Tbody>::new();
        // What is drawn: how many rows, and the uuid of the topmost.
        Effect::new(move |drawn: Option<(usize, Option<String>)>| {
            let (count, top) = drawn.unwrap_or_default();
            let Some(body) = live_body.get() else {
                return (count, top);
            };
            let rc = RowContext::new(&ctx, &query, &columns, selection, tz);
            tail.with(|events| {
                let fresh = events.len().saturating_sub(count);
                let below_fresh = events.get(fresh).map(|e| &e.uuid);
                if count == 0 || (events.len() >= count && below_fresh == top.as_ref()) {
                    prepend_rows(&body, &kinds, &rows_wire(&rc, &events[..fresh]), "new");
                } else {
                    fill_rows(&body, &kinds, &rows_wire(&rc, events), "new");
                }
                (events.len(), events.first().map(|e| e.uuid.clone()))
            })
        });
        view! { <tbody class="new-events" node_ref=live_body></tbody> }
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
    // One listener for every row: opening an event from its time remembers where the list was
    // scrolled, so coming back lands there.
    let on_click = |ev: leptos::ev::MouseEvent| {
        let opens_event = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("td.time a").ok().flatten())
            .is_some();
        if opens_event {
            list_memory::remember_scroll();
        }
    };
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
        <table class="events" class:compact=layout.density == Density::Compact node_ref=table on:change=on_change on:click=on_click>
            <thead>
                <tr>{pick_header}{headers}</tr>
            </thead>
            {live_rows}
            <tbody node_ref=body></tbody>
        </table>
    }
}
