//! One event at `/events/:uuid`: every field as text, JSON fields pretty-printed.

use crate::components::link::Link;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde_json::Value;

use crate::api::{client, ApiError, Event};
use crate::app::AppContext;
use crate::components::event_table::object_label;
use crate::components::problem::ApiProblem;
use crate::format::{user_label, utc_time};

#[component]
pub fn EventPage() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let params = use_params_map();
    let uuid = Memo::new(move |_| params.with(|p| p.get("uuid").unwrap_or_default()));
    let event = LocalResource::new(move || {
        let uuid = uuid.get();
        let session = ctx.session.get();
        async move {
            let session = session.ok_or(ApiError::Unauthorized("Signed out.".into()))?;
            client::event(&session, &uuid, None).await
        }
    });
    Effect::new(move |_| {
        if let Some(Err(ApiError::Unauthorized(_))) = event.get() {
            ctx.end_session();
        }
    });
    let body = move || {
        event.get().map(|result| match result {
            Ok(e) => view! { <EventDetail event=e /> }.into_any(),
            Err(ApiError::NotFound(_)) => view! {
                <div class="problem" role="alert">
                    <p>"No event has the id “" {uuid.get()} "”."</p>
                </div>
            }
            .into_any(),
            Err(error) => view! { <ApiProblem error retry=move || event.refetch() /> }.into_any(),
        })
    };
    view! {
        <main class="page event-page">
            <p>
                <Link href="/">"Back to events"</Link>
            </p>
            <h1>"Event"</h1>
            <Transition fallback=|| view! { <p role="status">"Loading event…"</p> }>{body}</Transition>
        </main>
    }
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

#[component]
fn EventDetail(event: Event) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let object = object_label(&ctx, &event);
    let sections = [
        ("Content", &event.content),
        ("Post data", &event.post_data),
        ("Query parameters", &event.query_params),
        ("Headers", &event.headers),
    ]
    .map(|(title, v)| {
        let text = match v {
            Value::Null => "not captured".to_string(),
            Value::Object(m) if m.is_empty() => "not captured".to_string(),
            v => pretty(v),
        };
        view! {
            <section class="json-section">
                <h2>{title}</h2>
                <pre>{text}</pre>
            </section>
        }
    });
    let other = (!event.other.is_empty()).then(|| {
        view! {
            <section class="json-section">
                <h2>"Other fields"</h2>
                <pre>{pretty(&Value::Object(event.other.clone()))}</pre>
            </section>
        }
    });
    view! {
        <dl class="summary">
            <dt>"Time"</dt>
            <dd>{utc_time(&event.timestamp)}</dd>
            <dt>"User"</dt>
            <dd>{user_label(&event.user)}</dd>
            <dt>"IP address"</dt>
            <dd>{event.remote_addr.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>"URL"</dt>
            <dd class="url-text">{event.url.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>"Object"</dt>
            <dd>{object}</dd>
            <dt>"Event ID"</dt>
            <dd>{event.uuid.clone()}</dd>
        </dl>
        {sections}
        {other}
    }
}
