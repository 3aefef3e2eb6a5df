//! One event at `/events/:uuid`: a summary, pivots into the list, previous/next of the list the
//! user came from, copy actions, the headers as a table, and every JSON field as a tree.
//!
//! Opens instantly from the list (the row's data is shown at once) and refreshes from the detail
//! endpoint; a shared link opens it standalone.

use std::sync::Arc;

use chrono::Duration;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde_json::Value;

use crate::api::{client, ApiError, Event, Page, UserRef};
use crate::app::event_href;
use crate::app::link::Link;
use crate::app::list_memory::{self, Direction};
use crate::app::problem::{show_wait, ApiProblem, RetryStatus};
use crate::app::{app_href, AppContext};
use crate::browser::clipboard::CopyStatus;
use crate::browser::zone::{now, remembered_choice, zone};
use crate::common::format::{http_url, parse_timestamp, user_label};
use crate::common::mask::{is_sensitive_key, masked, MASK};
use crate::common::time::{in_both_zones, to_url_instant};
use crate::event::curl::to_curl;
use crate::event::json_tree::JsonSection;
use crate::i18n::{m, t, tf};
use crate::list::query::ListQuery;

#[component]
pub fn EventPage() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let params = use_params_map();
    let uuid = Memo::new(move |_| params.with(|p| p.get("uuid").unwrap_or_default()));
    Effect::new(move |_| {
        let id = uuid.get();
        crate::app::set_title(&tf(
            m::EVENT__PAGE_TITLE,
            &[("id", id.get(..8).unwrap_or(&id))],
        ));
    });
    let waiting = RwSignal::new(None::<String>);
    let fetched = LocalResource::new(move || {
        let uuid = uuid.get();
        let session = ctx.session.get();
        async move {
            let session = session.ok_or(ApiError::Unauthorized("Signed out.".into()))?;
            let on_wait = show_wait(waiting);
            let result = client::event(&session, &uuid, None, Some(&on_wait)).await;
            waiting.set(None);
            // Decoding a big event was this task; drawing it is the next (no long task).
            crate::browser::timers::next_task().await;
            result.map(Arc::new)
        }
    });
    Effect::new(move |_| {
        if let Some(Err(ApiError::Unauthorized(_))) = fetched.get() {
            ctx.end_session();
        }
    });
    // The list the user came from; replaced when previous/next crosses into another page.
    let memory = RwSignal::new(list_memory::load().unwrap_or_default());
    let back_href = move || {
        memory.with(|m| {
            if m.list_href.is_empty() {
                "/".to_string()
            } else {
                m.list_href.clone()
            }
        })
    };
    // At the first or last row of its page, previous/next continue on the adjacent page: fetch
    // it (built from the list's own query, never from the API's links) to know its edge event.
    type Beyond = (Direction, String, String, Arc<Page>);
    let beyond = LocalResource::new(move || {
        let id = uuid.get();
        let m = memory.get();
        let session = ctx.session.get();
        let limit = ctx.config.with_value(|c| c.page_size);
        async move {
            let mut found: Vec<Beyond> = Vec::new();
            let Some(session) = session else {
                return found;
            };
            for direction in [Direction::Previous, Direction::Next] {
                let Some(href) = super::beyond_edge(&m, &id, direction) else {
                    continue;
                };
                let search = href.split_once('?').map(|(_, q)| q).unwrap_or("");
                let query = ListQuery::parse(search).0;
                if let Ok(page) =
                    client::list(&session, &query.to_api_params(limit), None, None).await
                {
                    let edge = match direction {
                        Direction::Previous => page.results.last(),
                        Direction::Next => page.results.first(),
                    };
                    if let Some(e) = edge {
                        found.push((direction, e.uuid.clone(), href, Arc::new(page.clone())));
                    }
                }
            }
            found
        }
    });
    let step_link = move |direction: Direction| {
        let id = uuid.get();
        let within = memory.with(|m| {
            m.neighbours(&id).and_then(|(p, n)| match direction {
                Direction::Previous => p.map(String::from),
                Direction::Next => n.map(String::from),
            })
        });
        let (label, rel) = match direction {
            Direction::Previous => (t(m::EVENT__PREVIOUS), "prev"),
            Direction::Next => (t(m::EVENT__NEXT), "next"),
        };
        if let Some(target) = within {
            return Some(
                view! { <a href=app_href(&event_href(&target)) rel=rel>{label}</a> }.into_any(),
            );
        }
        let (_, target, href, page) = beyond.get()?.into_iter().find(|(d, ..)| *d == direction)?;
        let cross = move |_| memory.set(list_memory::remember_page(href.clone(), &page));
        // A plain link, not `<Link on:click>`: a handler spread onto a component that is
        // redrawn stays behind on its element (Leptos's erase_components; ARCHITECTURE.md).
        Some(
            view! { <a href=app_href(&event_href(&target)) rel=rel on:click=cross>{label}</a> }
                .into_any(),
        )
    };

    let body = move || {
        // The API's answer when it has come; until then the list's row, if we came from there.
        match fetched.get() {
            Some(Ok(e)) => view! { <EventDetail event=e /> }.into_any(),
            Some(Err(ApiError::NotFound(_))) => view! {
                <div class="problem" role="alert">
                    <p>{tf(m::EVENT__NOT_FOUND, &[("id", &uuid.get())])}</p>
                    <Link href="/">{t(m::NOT_FOUND__HOME)}</Link>
                </div>
            }
            .into_any(),
            Some(Err(error)) => {
                view! { <ApiProblem error retry=move || fetched.refetch() /> }.into_any()
            }
            None => match list_memory::cached_event(&uuid.get()) {
                Some(e) => view! { <EventDetail event=Arc::new(e) /> }.into_any(),
                None => view! { <p role="status">{t(m::EVENT__LOADING)}</p> }.into_any(),
            },
        }
    };
    view! {
        <main class="page event-page">
            <crate::shortcuts::sheet::Shortcuts screen=crate::shortcuts::Screen::Detail />
            <div class="event-head">
            <h1>{t(m::EVENT__HEADING)}</h1>
            <nav class="event-nav" aria-label=t(m::EVENT__NAV_LABEL)>
                {move || {
                    view! {
                        <a href=app_href(&back_href()) on:click=|_| list_memory::request_scroll_restore()>
                            {t(m::EVENT__BACK)}
                        </a>
                    }
                }}
                {move || step_link(Direction::Previous)}
                {move || step_link(Direction::Next)}
            </nav>
            </div>
            <RetryStatus waiting />
            {body}
        </main>
    }
}

fn permalink(uuid: &str) -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    format!("{origin}{}", app_href(&event_href(uuid)))
}

#[component]
fn EventDetail(event: Arc<Event>) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let copy = CopyStatus::new();
    let tz = remembered_choice();
    let (shown_zone, other_zone) = (zone(tz), zone(tz.other()));
    let time = parse_timestamp(&event.timestamp);
    let time_text = match time {
        Some(t) => in_both_zones(t, shown_zone.as_ref(), other_zone.as_ref(), now()),
        None => event.timestamp.clone(),
    };
    let base = ListQuery::parse("").0;
    let around = time.map(|t| {
        let mut q = base.clone();
        q.times = vec![
            (
                "timestamp__gte",
                to_url_instant(t - Duration::minutes(5), shown_zone.as_ref()),
            ),
            (
                "timestamp__lte",
                to_url_instant(t + Duration::minutes(5), shown_zone.as_ref()),
            ),
        ];
        q.to_href()
    });
    let user = match &event.user {
        UserRef::Full(u) => {
            let name = format!("{} {}", u.first_name, u.last_name)
                .trim()
                .to_string();
            let text = match (name.is_empty(), u.email.is_empty()) {
                (false, false) => format!("{name} · {} · #{}", u.email, u.pk),
                (false, true) => format!("{name} · #{}", u.pk),
                (true, false) => format!("{} · #{}", u.email, u.pk),
                (true, true) => format!("#{}", u.pk),
            };
            view! { {text} }.into_any()
        }
        other => view! { {user_label(other)} }.into_any(),
    };
    let user_pivot = event.user.id().map(|id| base.with_user(id).to_href());
    let object_pivot = (event.content_type.is_some() || event.object_id.is_some()).then(|| {
        base.with_object(event.content_type, event.object_id)
            .to_href()
    });
    let compare_previous = (event.content_type.is_some() && event.object_id.is_some()).then(|| {
        crate::compare::href(
            &crate::compare::Side::Previous,
            &crate::compare::Side::Event(event.uuid.clone()),
        )
    });
    let object = ctx.object_label(&event);
    let object_link = ctx
        .config
        .with_value(|c| c.object_link(event.content_type, event.object_id));
    let url_view = match event.url.as_deref() {
        None => view! { "—" }.into_any(),
        Some(u) => match http_url(u) {
            Some(link) => view! {
                <a href=link.to_string() rel="noopener noreferrer" target="_blank" class="url-text">
                    {link.to_string()}
                </a>
            }
            .into_any(),
            None => view! { <span class="url-text">{u.to_string()}</span> }.into_any(),
        },
    };

    let uuid = event.uuid.clone();
    let for_json = event.clone();
    let for_curl = event.clone();
    let headers_table = header_rows(&event.headers);
    let sections = json_sections(&event, copy);
    let copy_json = move |_| {
        let v = serde_json::to_value(&*for_json).unwrap_or_default();
        copy.copy(
            t(m::CLIPBOARD__WHAT_EVENT_JSON),
            serde_json::to_string_pretty(&masked(&v)).unwrap_or_default(),
        );
    };
    view! {
        <dl class="summary">
            <dt>{t(m::COLUMNS__TIME)}</dt>
            <dd>
                <time datetime=event.timestamp.clone()>{time_text}</time>
            </dd>
            <dt>{t(m::COLUMNS__USER)}</dt>
            <dd>{user}</dd>
            <dt>{t(m::COLUMNS__IP)}</dt>
            <dd>{event.remote_addr.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>{t(m::COLUMNS__URL)}</dt>
            <dd>{url_view}</dd>
            <dt>{t(m::COLUMNS__OBJECT)}</dt>
            <dd>
                {object}
                {object_link.map(|href| view! {
                    " · "
                    <a href=href rel="noopener noreferrer" target="_blank">{t(m::EVENT__OPEN_IN_ADMIN)}</a>
                })}
            </dd>
            <dt>{t(m::COLUMNS__EVENT_ID)}</dt>
            <dd class="mono">{event.uuid.clone()}</dd>
        </dl>
        <div class="event-actions" role="toolbar" aria-label=t(m::EVENT__ACTIONS_LABEL)>
            <button type="button" on:click=move |_| copy.copy(t(m::CLIPBOARD__WHAT_PERMALINK), permalink(&uuid))>
                {t(m::EVENT__COPY_PERMALINK)}
            </button>
            <button type="button" on:click=copy_json>{t(m::EVENT__COPY_JSON)}</button>
            <button type="button" on:click=move |_| copy.copy(t(m::CLIPBOARD__WHAT_CURL), to_curl(&for_curl))>
                {t(m::EVENT__COPY_CURL)}
            </button>
            <span class="copy-status" role="status" aria-live="polite">{move || copy.0.get()}</span>
        </div>
        <nav class="pivots" aria-label=t(m::EVENT__RELATED)>
            {object_pivot.map(|h| view! { <Link href=h>{t(m::EVENT__PIVOT_OBJECT)}</Link> })}
            {user_pivot.map(|h| view! { <Link href=h>{t(m::EVENT__PIVOT_USER)}</Link> })}
            {around.map(|h| view! { <Link href=h>{t(m::EVENT__PIVOT_AROUND)}</Link> })}
            {compare_previous.map(|h| view! { <Link href=h>{t(m::EVENT__COMPARE_PREVIOUS)}</Link> })}
        </nav>
        {headers_table}
        {sections}
    }
}

/// The event's JSON fields, each drawn in a task of its own after the summary: a big event's
/// sections then never add up to one long task, and the summary paints first.
fn json_sections(event: &Event, copy: CopyStatus) -> impl IntoView {
    let mut fields = vec![
        (
            t(m::EVENT__SECTION_CONTENT),
            "content",
            event.content.clone(),
        ),
        (
            t(m::EVENT__SECTION_POST_DATA),
            "post-data",
            event.post_data.clone(),
        ),
        (
            t(m::EVENT__SECTION_QUERY_PARAMS),
            "query-params",
            event.query_params.clone(),
        ),
        (
            t(m::EVENT__SECTION_HEADERS),
            "headers",
            event.headers.clone(),
        ),
    ];
    if !event.other.is_empty() {
        fields.push((
            t(m::EVENT__SECTION_OTHER),
            "other",
            Value::Object(event.other.clone()),
        ));
    }
    let drawn = RwSignal::new(0usize);
    let total = fields.len();
    leptos::task::spawn_local(async move {
        for i in 1..=total {
            crate::browser::timers::next_task().await;
            if drawn.try_set(i).is_some() {
                return; // the page was left
            }
        }
    });
    fields
        .into_iter()
        .enumerate()
        .map(|(i, (title, slug, value))| {
            let value = Arc::new(value);
            let shown = Memo::new(move |_| drawn.get() > i);
            move || {
                shown.get().then(|| {
                    view! { <JsonSection title=title slug=slug value=value.clone() copy /> }
                })
            }
        })
        .collect_view()
}

/// The headers as a two-column table; sensitive values masked with click-to-reveal.
fn header_rows(headers: &Value) -> Option<AnyView> {
    let Value::Object(map) = headers else {
        return None;
    };
    if map.is_empty() {
        return None;
    }
    let rows = map
        .iter()
        .map(|(name, value)| {
            let text = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let sensitive = is_sensitive_key(name);
            let revealed = RwSignal::new(false);
            let label = name.clone();
            view! {
                <tr>
                    <th scope="row">{name.clone()}</th>
                    <td>
                        <span class:v-masked=move || sensitive && !revealed.get()>
                            {move || if sensitive && !revealed.get() { MASK.to_string() } else { text.clone() }}
                        </span>
                        {sensitive.then(|| view! {
                            <button
                                type="button"
                                class="reveal"
                                aria-label=move || {
                                    let id = if revealed.get() { m::JSON__HIDE_KEY } else { m::JSON__REVEAL_KEY };
                                    tf(id, &[("key", &label)])
                                }
                                on:click=move |_| revealed.update(|r| *r = !*r)
                            >
                                {move || t(if revealed.get() { m::JSON__HIDE } else { m::JSON__REVEAL })}
                            </button>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    Some(
        view! {
            <section class="headers-table" aria-labelledby="headers-table-title">
                <h2 id="headers-table-title">{t(m::EVENT__REQUEST_HEADERS)}</h2>
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{t(m::EVENT__HEADER)}</th>
                            <th scope="col">{t(m::EVENT__VALUE)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </section>
        }
        .into_any(),
    )
}
