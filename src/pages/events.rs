//! The event list at `/`: the URL's query → one API request → the table.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use web_sys::AbortController;

use crate::api::{client, ApiError, Page};
use crate::app::AppContext;
use crate::components::{event_table::EventTable, pager::Pager, problem::ApiProblem};
use crate::query::ListQuery;

#[component]
pub fn EventsPage() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let location = use_location();
    // Recomputed only when the query string really changes.
    let parsed = Memo::new(move |_| ListQuery::parse(&location.search.get()));
    let in_flight: StoredValue<Option<AbortController>, LocalStorage> =
        StoredValue::new_local(None);
    let page = LocalResource::new(move || {
        let (query, _) = parsed.get();
        let session = ctx.session.get();
        let limit = ctx.config.with_value(|c| c.page_size);
        // A newer query supersedes the request still running for the old one.
        if let Some(previous) = in_flight.get_value() {
            previous.abort();
        }
        let controller = AbortController::new().ok();
        in_flight.set_value(controller.clone());
        async move {
            let session = session.ok_or(ApiError::Unauthorized("Signed out.".into()))?;
            let signal = controller.as_ref().map(AbortController::signal);
            let params = query.to_api_params(limit);
            client::list(&session, &params, signal.as_ref())
                .await
                .map(Arc::new)
        }
    });
    // A 401 anywhere ends the session; `Protected` then sends the user to sign-in and back.
    Effect::new(move |_| {
        if let Some(Err(ApiError::Unauthorized(_))) = page.get() {
            ctx.end_session();
        }
    });
    let problems = move || {
        parsed
            .get()
            .1
            .into_iter()
            .map(|p| view! { <li>{p.message}</li> })
            .collect_view()
    };
    let body = move || {
        page.get()
            .map(|result: Result<Arc<Page>, ApiError>| match result {
                Ok(p) => {
                    let (query, _) = parsed.get_untracked();
                    let size = query
                        .limit
                        .unwrap_or(ctx.config.with_value(|c| c.page_size));
                    let shown = p.results.len();
                    if shown == 0 {
                        view! {
                            <p class="empty" role="status">
                                "No events match these filters. Try a wider time range."
                            </p>
                        }
                        .into_any()
                    } else {
                        view! {
                            <Pager query=query.clone() page_size=size count=p.count shown />
                            <EventTable events=p.results.clone() />
                            <Pager query page_size=size count=p.count shown />
                        }
                        .into_any()
                    }
                }
                Err(ApiError::Aborted) => ().into_any(),
                Err(error) => {
                    view! { <ApiProblem error retry=move || page.refetch() /> }.into_any()
                }
            })
    };
    view! {
        <main class="page events-page">
            <h1>"Events"</h1>
            <ul class="url-problems" role="alert">{problems}</ul>
            <Transition fallback=|| view! { <p role="status">"Loading events…"</p> }>
                <div class="results" aria-busy=move || page.get().is_none().to_string()>
                    {body}
                </div>
            </Transition>
        </main>
    }
}
