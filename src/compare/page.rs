//! Two events side by side at `/compare?a=…&b=…`: a structural diff of every field (added,
//! removed, changed, with paths). `a=previous` / `b=next` resolve to the same object's
//! neighbouring event, so an object's history can be stepped through change by change.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::api::Session;
use crate::api::{client, ApiError, Event};
use crate::app::event_href;
use crate::app::link::Link;
use crate::app::problem::{show_wait, ApiProblem, RetryStatus};
use crate::app::AppContext;
use crate::browser::zone::{remembered_choice, zone};
use crate::common::format::{parse_timestamp, user_label};
use crate::common::mask::MASK;
use crate::common::time::display_in;
use crate::compare::diff::{compact, diff, tally, Difference};
use crate::compare::{self, neighbour_params, Side};
use crate::i18n::{m, number, t, tf, tn};

/// What the page shows once loaded.
#[derive(Clone)]
enum Loaded {
    Pair(Arc<Event>, Arc<Event>),
    /// The named event has no neighbour that way (`older`: no earlier event of its object).
    NoNeighbour {
        event: Arc<Event>,
        older: bool,
    },
}

async fn neighbour(
    session: &Session,
    of: &Event,
    older: bool,
    on_wait: &dyn Fn(u32),
) -> Result<Option<Event>, ApiError> {
    let Some(params) = neighbour_params(of, older) else {
        return Ok(None);
    };
    Ok(client::list(session, &params, None, Some(on_wait))
        .await?
        .results
        .into_iter()
        .next())
}

async fn load(
    session: Session,
    a: Side,
    b: Side,
    waiting: RwSignal<Option<String>>,
) -> Result<Loaded, ApiError> {
    let on_wait = show_wait(waiting);
    let fetch = |uuid: String| {
        let session = session.clone();
        async move {
            let on_wait = show_wait(waiting);
            client::event(&session, &uuid, None, Some(&on_wait))
                .await
                .map(Arc::new)
        }
    };
    match (a, b) {
        (Side::Previous, Side::Event(b)) => {
            let b = fetch(b).await?;
            Ok(match neighbour(&session, &b, true, &on_wait).await? {
                Some(a) => Loaded::Pair(Arc::new(a), b),
                None => Loaded::NoNeighbour {
                    event: b,
                    older: true,
                },
            })
        }
        (Side::Event(a), Side::Next) => {
            let a = fetch(a).await?;
            Ok(match neighbour(&session, &a, false, &on_wait).await? {
                Some(b) => Loaded::Pair(a, Arc::new(b)),
                None => Loaded::NoNeighbour {
                    event: a,
                    older: false,
                },
            })
        }
        (Side::Event(a), Side::Event(b)) => {
            // Both requests in flight at once.
            let (a, b) = futures::future::join(fetch(a), fetch(b)).await;
            let (a, b) = (a?, b?);
            // The earlier one is "before", whichever order the link names them in.
            let later_first = matches!(
                (parse_timestamp(&a.timestamp), parse_timestamp(&b.timestamp)),
                (Some(x), Some(y)) if x > y
            );
            Ok(if later_first {
                Loaded::Pair(b, a)
            } else {
                Loaded::Pair(a, b)
            })
        }
        _ => Err(ApiError::Decode("not a comparison".into())),
    }
}

#[component]
pub fn ComparePage() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let location = use_location();
    let sides = Memo::new(move |_| compare::parse(&location.search.get()));
    crate::app::set_title(t(m::COMPARE__PAGE_TITLE));
    let retries = RwSignal::new(0u32);
    let waiting = RwSignal::new(None::<String>);
    let loaded = LocalResource::new(move || {
        let sides = sides.get();
        let session = ctx.session.get();
        retries.track();
        async move {
            let (a, b) = sides.map_err(ApiError::Decode)?;
            let session = session.ok_or(ApiError::Unauthorized("Signed out.".into()))?;
            let result = load(session, a, b, waiting).await;
            waiting.set(None);
            result
        }
    });
    Effect::new(move |_| {
        if let Some(Err(ApiError::Unauthorized(_))) = loaded.get() {
            ctx.end_session();
        }
    });
    let back = crate::app::list_memory::load()
        .map(|m| m.list_href)
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "/".into());
    let body = move || {
        if let Err(message) = sides.get() {
            return view! {
                <div class="problem" role="alert">
                    <p>{message}</p>
                    <p>{t(m::COMPARE__LINK_HINT)}</p>
                </div>
            }
            .into_any();
        }
        match loaded.get() {
            None => view! { <p role="status">{t(m::COMPARE__LOADING)}</p> }.into_any(),
            Some(Err(error)) => {
                view! { <ApiProblem error retry=move || retries.update(|n| *n += 1) /> }.into_any()
            }
            Some(Ok(Loaded::NoNeighbour { event, older })) => no_neighbour(&ctx, &event, older),
            Some(Ok(Loaded::Pair(a, b))) => view! { <Comparison a b /> }.into_any(),
        }
    };
    view! {
        <main class="page compare-page">
            <p class="event-nav">
                <Link href=back>{t(m::EVENT__BACK)}</Link>
            </p>
            <h1>{t(m::COMPARE__HEADING)}</h1>
            <RetryStatus waiting />
            {body}
        </main>
    }
}

fn no_neighbour(ctx: &AppContext, event: &Event, older: bool) -> AnyView {
    let object = ctx.object_label(event);
    let text = match (
        event.object_id.is_some() && event.content_type.is_some(),
        older,
    ) {
        (false, _) => t(m::COMPARE__NO_OBJECT).to_string(),
        (true, true) => tf(m::COMPARE__EARLIEST, &[("object", &object)]),
        (true, false) => tf(m::COMPARE__LATEST, &[("object", &object)]),
    };
    view! {
        <div class="empty" role="status">
            <p>{text}</p>
            <p><Link href=event_href(&event.uuid)>{t(m::COMPARE__OPEN_EVENT)}</Link></p>
        </div>
    }
    .into_any()
}

/// One side's summary cells: time (a link to the event), user, object.
fn side_cells(ctx: &AppContext, e: &Event) -> [AnyView; 3] {
    let zone = zone(remembered_choice());
    let time = parse_timestamp(&e.timestamp)
        .map(|t| display_in(t, zone.as_ref()))
        .unwrap_or_else(|| e.timestamp.clone());
    [
        view! { <td><Link href=event_href(&e.uuid)>{time}</Link></td> }.into_any(),
        view! { <td>{user_label(&e.user)}</td> }.into_any(),
        view! { <td>{ctx.object_label(e)}</td> }.into_any(),
    ]
}

#[component]
fn Comparison(a: Arc<Event>, b: Arc<Event>) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let diffs = diff(
        &serde_json::to_value(&*a).unwrap_or_default(),
        &serde_json::to_value(&*b).unwrap_or_default(),
    );
    let (added, removed, changed) = tally(&diffs);
    let summary = match diffs.len() {
        0 => t(m::COMPARE__IDENTICAL).to_string(),
        n => tn(
            m::COMPARE__SUMMARY,
            n as u64,
            &[
                ("added", &number(added as u64)),
                ("removed", &number(removed as u64)),
                ("changed", &number(changed as u64)),
            ],
        ),
    };
    let has_secrets = diffs.iter().any(|d| d.sensitive);
    let reveal = RwSignal::new(false);
    let [a_time, a_user, a_object] = side_cells(&ctx, &a);
    let [b_time, b_user, b_object] = side_cells(&ctx, &b);
    let same_object = a.content_type.is_some()
        && a.object_id.is_some()
        && (a.content_type, a.object_id) == (b.content_type, b.object_id);
    let history = same_object.then(|| {
        let earlier = compare::href(&Side::Previous, &Side::Event(a.uuid.clone()));
        let later = compare::href(&Side::Event(b.uuid.clone()), &Side::Next);
        view! {
            <nav class="history" aria-label=t(m::COMPARE__HISTORY_LABEL)>
                <Link href=earlier>{t(m::COMPARE__EARLIER)}</Link>
                <Link href=later>{t(m::COMPARE__LATER)}</Link>
            </nav>
        }
    });
    let rows = diffs
        .into_iter()
        .map(|d| diff_row(d, reveal))
        .collect_view();
    view! {
        <table class="compare-sides">
            <caption class="visually-hidden">{t(m::COMPARE__SIDES_CAPTION)}</caption>
            <thead>
                <tr>
                    <td></td>
                    <th scope="col">{t(m::COMPARE__BEFORE)}</th>
                    <th scope="col">{t(m::COMPARE__AFTER)}</th>
                </tr>
            </thead>
            <tbody>
                <tr><th scope="row">{t(m::COLUMNS__TIME)}</th>{a_time}{b_time}</tr>
                <tr><th scope="row">{t(m::COLUMNS__USER)}</th>{a_user}{b_user}</tr>
                <tr><th scope="row">{t(m::COLUMNS__OBJECT)}</th>{a_object}{b_object}</tr>
            </tbody>
        </table>
        {history}
        <p class="diff-summary" role="status">{summary}</p>
        {has_secrets.then(|| view! {
            <label class="check">
                <input type="checkbox" on:change=move |ev| reveal.set(event_target_checked(&ev)) />
                {t(m::COMPARE__SHOW_SECRETS)}
            </label>
        })}
        <table class="diff">
            <caption class="visually-hidden">{t(m::COMPARE__DIFF_CAPTION)}</caption>
            <thead>
                <tr>
                    <th scope="col">{t(m::COMPARE__PATH)}</th>
                    <th scope="col">{t(m::COMPARE__CHANGE)}</th>
                    <th scope="col">{t(m::COMPARE__BEFORE)}</th>
                    <th scope="col">{t(m::COMPARE__AFTER)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The longest value a diff cell shows.
const CELL_CHARS: usize = 500;

fn diff_row(d: Difference, reveal: RwSignal<bool>) -> impl IntoView {
    let sensitive = d.sensitive;
    let cell = move |v: Option<serde_json::Value>| {
        let text = v.as_ref().map(|v| compact(v, CELL_CHARS));
        move || match &text {
            None => "—".to_string(),
            Some(_) if sensitive && !reveal.get() => MASK.to_string(),
            Some(t) => t.clone(),
        }
    };
    view! {
        <tr class=format!("d-{}", d.kind.slug())>
            <td class="path">{d.path}</td>
            <td class="kind">{d.kind.label()}</td>
            <td class="before">{cell(d.before)}</td>
            <td class="after">{cell(d.after)}</td>
        </tr>
    }
}
