//! The list's data flow in one place, from the URL to the rows:
//!
//! 1. the URL's query string is parsed into a `ListQuery` (a Memo, so it changes only when the
//!    query really does), with its problems kept for the form;
//! 2. a bare URL gets the configured default range, `range=24h` becomes bounds as of now, and a
//!    list without an upper bound is pinned at "now" — each by replacing the URL (no history
//!    entry), after which step 1 runs again;
//! 3. one request per distinct query: a newer query aborts the request still running, and an
//!    answer is applied only if its query is still the current one (a stale answer never
//!    replaces a newer one); transient failures are retried by the client's one policy while
//!    the status line says so; a 401 ends the session. The first request is sent while the page
//!    is still being built (for the URL step 2 is about to write, if it will), not after it;
//! 4. the answer (rows or a typed error) is what the page draws; the list's memory (for the
//!    detail page's previous/next and "Back to results") is updated with it.
//!
//! The page calls `use_list_view` once and is then layout.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use web_sys::AbortController;

use super::filters::users::UserDirectory;
use super::first_request::{self, is_loadable};
use super::query::{page_title, FieldProblem, ListQuery};
use crate::api::{client, ApiError, Event, Page};
use crate::app::problem::show_wait;
use crate::app::{list_memory, router_base, AppContext};
use crate::browser::zone::{now, remembered_choice, zone};
use crate::common::time::TimeZoneChoice;

/// The query an answer was for, and the answer.
pub type Answer = (ListQuery, Result<Arc<Page>, ApiError>);

/// What the list page draws from: the URL's query and its problems, the zone, the current
/// answer, whether a request is running, and the live tail's new rows.
#[derive(Clone, Copy)]
pub struct ListView {
    pub parsed: Memo<(ListQuery, Vec<FieldProblem>)>,
    pub query: Memo<ListQuery>,
    pub tz: Memo<TimeZoneChoice>,
    pub answer: RwSignal<Option<Answer>, LocalStorage>,
    pub loading: RwSignal<bool>,
    /// Rows the live tail found above the page; cleared for every new query.
    pub new_rows: RwSignal<Vec<Event>>,
    /// While the request waits to retry: "The API is busy — retrying in 2 s".
    pub waiting: RwSignal<Option<String>>,
    /// Users seen in this API's events (the User field's suggestions), updated from each answer.
    pub users: RwSignal<UserDirectory>,
    retries: RwSignal<u32>,
}

impl ListView {
    /// Sends the current query's request again ("Try again").
    pub fn retry(&self) {
        self.retries.update(|n| *n += 1);
    }
}

/// Sets up the list's data flow for the page at `/` (see the module's text).
pub fn use_list_view() -> ListView {
    let ctx = expect_context::<AppContext>();
    let location = use_location();
    let parsed = Memo::new(move |_| ListQuery::parse(&location.search.get()));
    let query = Memo::new(move |_| parsed.get().0);
    let tz = Memo::new(move |_| query.get().tz.unwrap_or_else(remembered_choice));
    let view = ListView {
        parsed,
        query,
        tz,
        answer: RwSignal::new_local(None),
        loading: RwSignal::new(false),
        new_rows: RwSignal::new(Vec::new()),
        waiting: RwSignal::new(None),
        users: RwSignal::new(stored_users(ctx)),
        retries: RwSignal::new(0),
    };
    // Where step 2 will send a URL that needs it: worked out once, now, so that the first
    // request can be sent at once for that URL's query.
    let location = use_location();
    let search = location.search.get_untracked();
    // The start-up script may have sent this URL's request already, pinned at its own "now":
    // that address, so the app's request is the one in flight (`early_request.js`).
    let first_target = match crate::browser::early::planned_href(&search) {
        Some(planned) => planned,
        None => redirect_target(ctx, &search, &query.get_untracked(), tz.get_untracked()),
    };
    let first_query = match &first_target {
        Some(href) => ListQuery::parse(href.split_once('?').map_or("", |(_, q)| q)).0,
        None => query.get_untracked(),
    };
    redirect_to_pinned_url(ctx, view, first_target);
    Effect::new(move |_| {
        let label = |ct: i64| ctx.content_type_name(ct);
        crate::app::set_title(&page_title(&query.get(), &label));
    });
    load_one_at_a_time(ctx, view, first_query);
    // A 401 anywhere ends the session; `Protected` then sends the user to sign-in and back.
    Effect::new(move |_| {
        if view
            .answer
            .with(|a| matches!(a, Some((_, Err(ApiError::Unauthorized(_))))))
        {
            ctx.end_session();
        }
    });
    view
}

/// The default view: a bare list URL opens on the configured time range. Stable paging: a list
/// without an upper bound is pinned at "now" (`timestamp__lte`), so rows arriving while it is
/// read never shift pages. `None` when the URL needs neither (`list::first_request`).
fn redirect_target(
    ctx: AppContext,
    search: &str,
    current: &ListQuery,
    tz: TimeZoneChoice,
) -> Option<String> {
    let default_range = ctx.config.with_value(|c| c.default_time_range);
    first_request::redirect_target(search, current, default_range, now(), zone(tz).as_ref())
}

/// Step 2: replaces the URL with its `redirect_target` (no history entry). The page's first URL
/// goes where `first_target` says, the one the first request was sent for.
fn redirect_to_pinned_url(ctx: AppContext, view: ListView, first_target: Option<String>) {
    let location = use_location();
    let navigate = crate::app::use_app_navigate();
    let ListView { query, tz, .. } = view;
    let first = StoredValue::new(Some(first_target));
    Effect::new(move |_| {
        let search = location.search.get();
        // This page's effects still run while the router leaves it for another route.
        let path = location.pathname.get();
        let inner = path.strip_prefix(router_base()).unwrap_or(&path);
        if !(inner.is_empty() || inner == "/") {
            return;
        }
        let target = match first.try_update_value(Option::take).flatten() {
            Some(first) => first,
            None => redirect_target(ctx, &search, &query.get_untracked(), tz.get_untracked()),
        };
        if let Some(target) = target {
            navigate(&target, true);
        }
    });
}

/// Polls a task once, now, then leaves it to the executor: its request is sent before the
/// current (synchronous) work ends rather than after it. The futures it waits on keep the waker
/// of their latest poll, so the executor's first poll takes over.
fn start_now(task: impl std::future::Future<Output = ()> + 'static) {
    let mut task = Box::pin(task);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    if task.as_mut().poll(&mut cx).is_pending() {
        leptos::task::spawn_local(task);
    }
}

/// One request per distinct query: the effect re-runs only when the parsed query (a Memo) or
/// the session really changes, aborts the request still running, and applies an answer only if
/// its query is still the current one, so a stale response never replaces a newer one.
/// (Explicit rather than a LocalResource, which waits for a superseded fetch to finish.)
fn load_one_at_a_time(ctx: AppContext, view: ListView, first_query: ListQuery) {
    let location = use_location();
    let ListView {
        query,
        answer,
        loading,
        new_rows,
        waiting,
        users,
        retries,
        ..
    } = view;
    let in_flight: StoredValue<Option<AbortController>, LocalStorage> =
        StoredValue::new_local(None);
    // Sends the request for `q` (the one still running, if any, was aborted by the caller).
    let send = move |q: ListQuery, session: crate::api::Session| {
        let controller = AbortController::new().ok();
        in_flight.set_value(controller.clone());
        loading.set(true);
        let (limit, estimate) = ctx
            .config
            .with_value(|c| (c.page_size, c.api_features.count_estimate));
        start_now(async move {
            let signal = controller.as_ref().map(AbortController::signal);
            let on_wait = show_wait(waiting);
            let mut params = q.to_api_params(limit);
            // At scale an exact count costs more than the page (the Django package: 0.5 s over
            // 10M events); the timeline's histogram gives the exact total (list::page).
            if estimate {
                params.push(("count", "estimate".into()));
            }
            let result = client::list(&session, &params, signal.as_ref(), Some(&on_wait)).await;
            // Still the query on screen? (A panel opened meanwhile does not change the rows.)
            let Some(current) = query.try_get_untracked() else {
                return;
            };
            if matches!(result, Err(ApiError::Aborted)) || rows_of(&current) != rows_of(&q) {
                return;
            }
            loading.set(false);
            waiting.set(None);
            let result = result.map(Arc::new);
            if let Ok(page) = &result {
                remember(page);
                // After the rows are drawn: this page's users become suggestions.
                let page = page.clone();
                set_timeout(
                    move || record_users(ctx, users, &page),
                    std::time::Duration::from_millis(0),
                );
            }
            answer.set(Some((current, result)));
            // The page paints with it (a cold open held its first paint for it).
            crate::browser::first_paint::release();
            // With the rows on screen, the app's files may be kept for the next open.
            crate::browser::service_worker::register();
        });
    };
    // The first request, now: the page is built while it travels.
    let first = StoredValue::new(None::<ListQuery>);
    if let Some(session) = ctx.session.get_untracked() {
        if is_loadable(&first_query, &first_query.to_query_string()) {
            first.set_value(Some(first_query.clone()));
            send(first_query, session);
        }
    }
    Effect::new(move |previous: Option<(ListQuery, u32, bool)>| {
        let q = query.get();
        let session = ctx.session.get();
        let attempt = retries.get();
        let seen = (rows_of(&q), attempt, session.is_some());
        // Only a panel opened or closed (`panel=summary`): the same rows, nothing to ask.
        if previous.as_ref() == Some(&seen) {
            answer.update(|a| {
                if let Some((answered, _)) = a {
                    if rows_of(answered) == seen.0 {
                        answered.panel = q.panel;
                    }
                }
            });
            return seen;
        }
        // The URL the first request was sent for (once step 2 has written it): that request
        // answers it.
        if first.try_with_value(|f| f.as_ref() == Some(&q)) == Some(true) {
            first.set_value(None);
            return seen;
        }
        if let Some(previous) = in_flight.get_value() {
            previous.abort();
        }
        new_rows.set(Vec::new());
        let Some(session) = session else {
            return seen;
        };
        // About to be pinned (above); loading now would load twice.
        if !is_loadable(&q, &location.search.get_untracked()) {
            return seen;
        }
        first.set_value(None);
        send(q, session);
        seen
    });
    on_cleanup(move || {
        if let Some(c) = in_flight.get_value() {
            c.abort();
        }
        crate::browser::first_paint::release();
    });
}

/// The query as far as the rows go: an open panel (`panel=summary`) draws over the same rows.
fn rows_of(q: &ListQuery) -> ListQuery {
    ListQuery {
        panel: None,
        ..q.clone()
    }
}

/// Where the users seen are kept: a cache, so sign-out forgets it.
fn users_key() -> String {
    format!("{}users", crate::browser::storage::CACHE_PREFIX)
}

fn stored_users(ctx: AppContext) -> UserDirectory {
    let base = ctx
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.api_base_url.clone()))
        .unwrap_or_default();
    UserDirectory::from_text(
        crate::browser::storage::read_local(&users_key()).as_deref(),
        &base,
    )
}

fn record_users(ctx: AppContext, users: RwSignal<UserDirectory>, page: &Page) {
    // Signed out meanwhile: nothing of the session's data may be written back.
    if ctx
        .session
        .try_with_untracked(|s| s.is_none())
        .unwrap_or(true)
    {
        return;
    }
    // A newer directory may have been written by another tab: start from the stored one.
    let mut directory = stored_users(ctx);
    if directory.record(&page.results) {
        crate::browser::storage::write_local(&users_key(), &directory.to_text());
    }
    if users.try_with_untracked(|u| *u != directory) == Some(true) {
        users.set(directory);
    }
}

/// Remembers the page for the detail page, and restores the scroll position "Back to results"
/// asked for, after the rows are drawn.
fn remember(page: &Arc<Page>) {
    // The address as the user has it (not a canonical form), so "Back to results" returns to
    // exactly that URL.
    let href = crate::app::current_app_path();
    list_memory::remember_page(href.clone(), page);
    if let Some(y) = list_memory::take_scroll_restore(&href) {
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
