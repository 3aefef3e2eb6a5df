//! The events of one page as a real table. Every cell is text (event data is attacker-written);
//! the time links to the event, the user and object cells pivot the list to that filter, and the
//! column headers sort.

use crate::components::link::Link;
use leptos::prelude::*;

use crate::api::urls::encode_component;
use std::sync::Arc;

use crate::api::{Event, Page};
use crate::app::AppContext;
use crate::browser_zone::{now, zone};
use crate::format::{parse_timestamp, user_label};
use crate::list_memory;
use crate::query::{
    ListQuery, SortColumn, SortState, SORT_IP, SORT_OBJECT, SORT_TIME, SORT_URL, SORT_USER,
};
use crate::time::{display_in, offset_label, relative, TimeZoneChoice, ZoneRules};

/// "orders.order #77", the content type by label when config.json names it.
pub fn object_label(ctx: &AppContext, event: &Event) -> String {
    let ct = event.content_type.map(|id| {
        ctx.config
            .with_value(|c| c.content_type_label(id).map(String::from))
            .unwrap_or_else(|| format!("type {id}"))
    });
    match (ct, event.object_id) {
        (Some(ct), Some(id)) => format!("{ct} #{id}"),
        (Some(ct), None) => ct,
        (None, Some(id)) => format!("#{id}"),
        (None, None) => "—".into(),
    }
}

/// The detail page's path for an event.
pub fn event_href(uuid: &str) -> String {
    format!("/events/{}", encode_component(uuid))
}

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

/// What every row of one drawing shares, worked out once rather than per row.
struct RowContext<'a> {
    ctx: &'a AppContext,
    query: &'a ListQuery,
    shown_zone: Box<dyn ZoneRules>,
    other_zone: Box<dyn ZoneRules>,
    now: chrono::DateTime<chrono::Utc>,
}

impl<'a> RowContext<'a> {
    fn new(ctx: &'a AppContext, query: &'a ListQuery, tz: TimeZoneChoice) -> Self {
        RowContext {
            ctx,
            query,
            shown_zone: zone(tz),
            other_zone: zone(tz.other()),
            now: now(),
        }
    }
}

/// One row. Every cell is text; the time links to the event, user and object pivot the list.
fn event_row(rc: &RowContext, e: &Event, class: &'static str) -> impl IntoView {
    let RowContext {
        ctx,
        query,
        shown_zone,
        other_zone,
        now,
    } = rc;
    let now = *now;
    let href = event_href(&e.uuid);
    let (time, time_title, datetime) = match parse_timestamp(&e.timestamp) {
        Some(t) => (
            display_in(t, shown_zone.as_ref()),
            format!(
                "{} {} · {}",
                display_in(t, other_zone.as_ref()),
                offset_label(t, other_zone.as_ref()),
                relative(now, t)
            ),
            e.timestamp.clone(),
        ),
        None => (
            e.timestamp.clone(),
            "unreadable timestamp".into(),
            String::new(),
        ),
    };
    let user_text = user_label(&e.user);
    let user_cell = match e.user.id() {
        Some(id) => {
            let pivot = query.with_user(id).to_href();
            view! {
                <Link href=pivot attr:title="Show only this user's events">
                    {user_text}
                </Link>
            }
            .into_any()
        }
        None => view! { <span class="system">{user_text}</span> }.into_any(),
    };
    let object = object_label(ctx, e);
    let object_pivot = query.with_object(e.content_type, e.object_id).to_href();
    let ip = e.remote_addr.clone().unwrap_or_else(|| "—".into());
    let url = e.url.clone().unwrap_or_default();
    let url_title = url.clone();
    view! {
        <tr class=class>
            <td class="time">
                <Link href=href attr:title=time_title on:click=|_| list_memory::remember_scroll()>
                    <time datetime=datetime>{time}</time>
                </Link>
            </td>
            <td class="user">{user_cell}</td>
            <td class="object">
                <Link href=object_pivot attr:title="Show only this object's events">
                    {object}
                </Link>
            </td>
            <td class="ip">{ip}</td>
            <td class="url" title=url_title>
                {url}
            </td>
        </tr>
    }
}

/// The page's rows, and above them (in their own row group) the events live tail has found
/// since; those are keyed by uuid, so a poll adds rows without redrawing the others.
#[component]
pub fn EventTable(
    page: Arc<Page>,
    query: ListQuery,
    tz: TimeZoneChoice,
    #[prop(optional)] new_rows: Option<RwSignal<Vec<Event>>>,
) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let page_rows = RowContext::new(&ctx, &query, tz);
    let rows = page
        .results
        .iter()
        .map(|e| event_row(&page_rows, e, ""))
        .collect_view();
    let live_query = query.clone();
    let live_rows = new_rows.map(|tail| {
        view! {
            <tbody class="new-events">
                <For
                    each=move || tail.get()
                    key=|e| e.uuid.clone()
                    children=move |e| event_row(&RowContext::new(&ctx, &live_query, tz), &e, "new")
                />
            </tbody>
        }
    });
    view! {
        <table class="events">
            <thead>
                <tr>
                    <SortHeader label="Time" column=SORT_TIME query=query.clone() />
                    <SortHeader label="User" column=SORT_USER query=query.clone() />
                    <SortHeader label="Object" column=SORT_OBJECT query=query.clone() />
                    <SortHeader label="IP address" column=SORT_IP query=query.clone() />
                    <SortHeader label="URL" column=SORT_URL query=query.clone() />
                </tr>
            </thead>
            {live_rows}
            <tbody>{rows}</tbody>
        </table>
    }
}
