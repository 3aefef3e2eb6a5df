//! The summary panel (`panel=summary` in the list's URL): reads every page of the filtered set
//! (`limit=500`, newest first, at most `summary_max_events` events) through the one API client
//! (its retry policy and budget), folds each page into `Summary` as it arrives and drops it, then
//! draws the facets, the hour × day grid and the first and last event. Cancel aborts the
//! request in flight; a page that still fails after the client's last attempt stops the summary
//! with Resume. Nothing is kept anywhere else: closing the panel, leaving the list or signing
//! out (which leaves it) drops it.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortController;

use super::{
    filter_href, heading, heat_level, pages_for, progress_text, share_text, target, to_csv,
    CsvContext, Facet, FacetKind, Progress, Summary, DAYS, RAW_PATHS_KEPT, SUMMARY_PAGE_SIZE, TOP,
};
use crate::api::retry::waiting_text;
use crate::api::{client, ApiError, Session};
use crate::app::link::Link;
use crate::app::{event_href, use_app_navigate, AppContext};
use crate::browser::download::{save, text_blob};
use crate::browser::zone::{now, zone, zone_name};
use crate::common::format::thousands;
use crate::common::time::{display_in, offset_label, TimeZoneChoice};
use crate::list::export::panel::progress_block;
use crate::list::query::{ListQuery, Panel};

/// "Show more" adds this many rows to a facet's table.
const SHOW_STEP: usize = 500;

/// The toolbar's "Summarize": opens the summary of the current filters (a new history entry,
/// so Back closes it), or closes it.
#[component]
pub fn SummaryButton(query: Memo<ListQuery>) -> impl IntoView {
    let navigate = use_app_navigate();
    let open = Memo::new(move |_| query.with(|q| q.panel == Some(Panel::Summary)));
    let toggle = move |_| {
        let q = query.get_untracked();
        let panel = (q.panel != Some(Panel::Summary)).then_some(Panel::Summary);
        navigate(&q.with_panel(panel).to_href(), false);
    };
    view! {
        <button
            type="button"
            class="summary-toggle"
            title="Who, what, from where and when: counts over every event the filters match"
            aria-expanded=move || open.get().to_string()
            aria-controls=move || open.get().then_some("summary-panel")
            on:click=toggle
        >
            "Summarize"
        </button>
    }
}

/// The panel, while the URL holds it open. Re-created (and the set read again) only when the
/// filters or range change — not on paging, sorting or a zone switch — and only once the list
/// has its bounds (a bare or relative URL is about to be pinned: reading it now would be wasted).
#[component]
pub fn SummaryPanel(query: Memo<ListQuery>, tz: Memo<TimeZoneChoice>) -> impl IntoView {
    let selection = Memo::new(move |_| {
        query.with(|q| {
            (q.panel == Some(Panel::Summary) && q.range.is_none() && q.upper_bound().is_some())
                .then(|| q.selection())
        })
    });
    move || {
        selection
            .get()
            .map(|selection| view! { <SummaryRun selection query tz /> })
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Running {
        read: u64,
        target: Option<u64>,
        note: Option<String>,
    },
    /// Complete, cancelled, or stopped by an error (`message`, with Resume).
    Finished {
        progress: Progress,
        message: Option<String>,
    },
}

/// The summary being read: what it asks for, where it is, and the counts so far.
struct Job {
    selection: ListQuery,
    cap: u32,
    summary: Summary,
    next_page: u64,
    /// The API's count of the whole set (page 1's answer).
    matching: Option<u64>,
    requests: u32,
    fold_ms: f64,
    fold_max_ms: f64,
    started_ms: f64,
    elapsed_ms: f64,
    controller: Option<AbortController>,
    cancelled: bool,
}

impl Job {
    fn new(selection: ListQuery, cap: u32) -> Job {
        Job {
            selection,
            cap,
            summary: Summary::default(),
            next_page: 1,
            matching: None,
            requests: 0,
            fold_ms: 0.0,
            fold_max_ms: 0.0,
            started_ms: perf_now(),
            elapsed_ms: 0.0,
            controller: None,
            cancelled: false,
        }
    }

    fn target(&self) -> Option<u64> {
        self.matching.map(|m| target(m, self.cap))
    }
}

/// `performance.now()` (sub-millisecond, for the fold's timing), or `Date.now()`.
fn perf_now() -> f64 {
    let performance =
        web_sys::window().and_then(|w| js_sys::Reflect::get(&w, &"performance".into()).ok());
    performance
        .and_then(|p| {
            let now = js_sys::Reflect::get(&p, &"now".into()).ok()?;
            now.dyn_into::<js_sys::Function>()
                .ok()?
                .call0(&p)
                .ok()?
                .as_f64()
        })
        .unwrap_or_else(js_sys::Date::now)
}

/// Reads page after page until the target is counted, the set ends, or it is cancelled.
async fn run(ctx: AppContext, job: Rc<RefCell<Job>>, session: Session, phase: RwSignal<Phase>) {
    loop {
        let (page, params, signal) = {
            let j = job.borrow();
            if j.cancelled {
                return;
            }
            let done = j.target().is_some_and(|t| j.summary.read() >= t)
                || j.matching.is_some_and(|m| j.next_page > pages_for(m));
            if done {
                break;
            }
            let q = j.selection.with_page(j.next_page);
            (
                j.next_page,
                q.to_api_params(SUMMARY_PAGE_SIZE),
                j.controller.as_ref().map(AbortController::signal),
            )
        };
        // Transient failures are retried by the client's one policy; the note says so.
        let on_wait = move |ms: u32| {
            phase.update(|p| {
                if let Phase::Running { note, .. } = p {
                    *note = Some(format!("Page {page}: {}.", waiting_text(ms)));
                }
            });
        };
        let result = client::list_as::<crate::api::Brief>(
            &session,
            &params,
            signal.as_ref(),
            Some(&on_wait),
        )
        .await;
        if matches!(result, Err(ApiError::Aborted)) || job.borrow().cancelled {
            return;
        }
        let answer = match result {
            Ok(p) => p,
            // The set shrank under us (it should not: it is pinned): what was read is the set.
            Err(ApiError::NotFound(_)) if page > 1 => break,
            Err(e) => {
                if matches!(e, ApiError::Unauthorized(_)) {
                    ctx.end_session();
                }
                {
                    let mut j = job.borrow_mut();
                    j.elapsed_ms = perf_now() - j.started_ms;
                }
                phase.set(Phase::Finished {
                    progress: Progress::Stopped,
                    message: Some(format!("Stopped at page {page}: {}", e.message())),
                });
                return;
            }
        };
        let mut j = job.borrow_mut();
        j.requests += 1;
        if j.matching.is_none() {
            j.matching = Some(answer.count);
        }
        let cap = j.target().unwrap_or(j.cap as u64);
        let started = perf_now();
        j.summary.fold_page(&answer.results, cap);
        let took = perf_now() - started;
        j.fold_ms += took;
        j.fold_max_ms = j.fold_max_ms.max(took);
        j.next_page += 1;
        let ended = answer.results.is_empty() || answer.next.is_none();
        // The page is dropped here: only the counts stay.
        drop(answer);
        let (read, target) = (j.summary.read(), j.target());
        // No borrow is held while the views that read the job react.
        drop(j);
        phase.set(Phase::Running {
            read,
            target,
            note: None,
        });
        if ended {
            break;
        }
    }
    {
        let mut j = job.borrow_mut();
        j.elapsed_ms = perf_now() - j.started_ms;
    }
    phase.set(Phase::Finished {
        progress: Progress::Complete,
        message: None,
    });
}

#[component]
fn SummaryRun(
    selection: ListQuery,
    query: Memo<ListQuery>,
    tz: Memo<TimeZoneChoice>,
) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let navigate = use_app_navigate();
    let cap = ctx.config.with_value(|c| c.summary_max_events);
    let phase = RwSignal::new(Phase::Running {
        read: 0,
        target: None,
        note: None,
    });
    let job: StoredValue<Rc<RefCell<Job>>, LocalStorage> =
        StoredValue::new_local(Rc::new(RefCell::new(Job::new(selection, cap))));
    let saved: StoredValue<Option<String>, LocalStorage> = StoredValue::new_local(None);
    let saved_name = RwSignal::new(None::<String>);

    let stop = move || {
        let j = job.get_value();
        let mut j = j.borrow_mut();
        j.cancelled = true;
        if let Some(c) = &j.controller {
            c.abort();
        }
    };
    let revoke = move || {
        if let Some(href) = saved.try_update_value(Option::take).flatten() {
            let _ = web_sys::Url::revoke_object_url(&href);
        }
    };
    on_cleanup(move || {
        stop();
        revoke();
    });
    // Starts (or resumes, from the page that failed) reading.
    let go = move || {
        let Some(session) = ctx.session.get_untracked() else {
            return;
        };
        let j = job.get_value();
        let (read, target) = {
            let mut jm = j.borrow_mut();
            jm.controller = AbortController::new().ok();
            jm.cancelled = false;
            (jm.summary.read(), jm.target())
        };
        phase.set(Phase::Running {
            read,
            target,
            note: None,
        });
        leptos::task::spawn_local(run(ctx, j, session, phase));
    };
    let restart = move || {
        stop();
        let selection = job.get_value().borrow().selection.clone();
        job.set_value(Rc::new(RefCell::new(Job::new(selection, cap))));
        saved_name.set(None);
        go();
    };
    go();

    let cancel = move |_| {
        stop();
        {
            let j = job.get_value();
            let mut j = j.borrow_mut();
            j.elapsed_ms = perf_now() - j.started_ms;
        }
        phase.set(Phase::Finished {
            progress: Progress::Cancelled,
            message: None,
        });
    };
    let close = move |_| {
        navigate(&query.get_untracked().with_panel(None).to_href(), false);
    };
    let label = move |ct: i64| ctx.content_type_name(ct);
    let download = move |_| {
        let progress = match phase.get_untracked() {
            Phase::Finished { progress, .. } => progress,
            Phase::Running { .. } => return,
        };
        let choice = tz.get_untracked();
        let rules = zone(choice);
        let j = job.get_value();
        let j = j.borrow();
        let matching = j.matching.unwrap_or(0);
        let text = to_csv(
            &j.summary,
            &CsvContext {
                heading: &heading(j.summary.read(), matching, progress),
                filters: &j.selection.to_query_string(),
                matching,
                zone: rules.as_ref(),
                zone_name: &zone_name(choice),
                label: &label,
            },
        );
        let name = super::file_name(&j.selection, now());
        drop(j);
        revoke();
        if let Some(href) = text_blob(&text, "text/csv;charset=utf-8").and_then(|b| save(&b, &name))
        {
            saved.set_value(Some(href));
            saved_name.set(Some(name));
        }
    };

    let status = move || match phase.get() {
        Phase::Running { read, target, note } => {
            let text = match target {
                Some(t) => progress_text(read, t),
                None => "Asking the API how many events match…".into(),
            };
            progress_block(("summary", "Summary"), read, target, text, note, cancel).into_any()
        }
        Phase::Finished { progress, message } => {
            let j = job.get_value();
            let j = j.borrow();
            let matching = j.matching.unwrap_or(0);
            let read = j.summary.read();
            let timing = format!(
                "Read {} events in {} request{} ({:.1} s).",
                thousands(read),
                j.requests,
                if j.requests == 1 { "" } else { "s" },
                j.elapsed_ms / 1000.0
            );
            let short = (progress == Progress::Complete
                && j.target().is_some_and(|t| read < t))
            .then(|| {
                format!(
                    "The API counted {} events but returned {}; the summary has every event it returned.",
                    thousands(j.target().unwrap_or(0)),
                    thousands(read)
                )
            });
            let repeated = (j.summary.repeated() > 0).then(|| {
                format!(
                    "The API sent {} events twice across pages; each is counted once.",
                    thousands(j.summary.repeated())
                )
            });
            let problem = message.map(|m| {
                view! {
                    <div class="problem" role="alert">
                        <p>{m}</p>
                        <button type="button" on:click=move |_| go()>
                            "Resume summary"
                        </button>
                    </div>
                }
            });
            let again = (progress == Progress::Cancelled).then(|| {
                view! {
                    <button type="button" on:click=move |_| restart()>
                        "Summarize again"
                    </button>
                }
            });
            view! {
                // Said once the reading ends (the heading says it on screen).
                <p role="status" class="visually-hidden">
                    {heading(read, matching, progress)} "."
                </p>
                {problem}
                {again}
                <p
                    class="note"
                    data-requests=j.requests.to_string()
                    data-fold-ms=format!("{:.3}", j.fold_ms)
                    data-fold-max-ms=format!("{:.3}", j.fold_max_ms)
                    data-elapsed-ms=format!("{:.1}", j.elapsed_ms)
                    data-read=read.to_string()
                >
                    {timing}
                </p>
                {short.map(|t| view! { <p class="note">{t}</p> })}
                {repeated.map(|t| view! { <p class="note">{t}</p> })}
            }
            .into_any()
        }
    };
    let finished = Memo::new(move |_| match phase.get() {
        Phase::Finished { progress, .. } => Some(progress),
        Phase::Running { .. } => None,
    });
    let results = move || {
        let progress = finished.get()?;
        let j = job.get_value();
        if j.borrow().summary.read() == 0 {
            return Some(
                (progress == Progress::Complete)
                    .then(|| view! { <p class="empty">"No events match these filters: there is nothing to summarise."</p> })
                    .into_any(),
            );
        }
        let kinds = j.borrow().summary.facet_kinds();
        let facets = kinds
            .into_iter()
            .map(|kind| view! { <FacetTable job kind query /> })
            .collect_view();
        Some(
            view! {
                <div class="summary-actions">
                    <button type="button" on:click=download>
                        "Download summary (CSV)"
                    </button>
                    <span class="note" role="status">
                        {move || saved_name.get().map(|n| format!("Saved as {n}."))}
                    </span>
                </div>
                <div class="summary-facets">{facets}</div>
                <When job tz />
            }
            .into_any(),
        )
    };

    view! {
        <section id="summary-panel" class="summary-panel" aria-labelledby="summary-title">
            <div class="summary-head">
                <h2 id="summary-title">
                    {move || match phase.get() {
                        Phase::Running { .. } => "Summarizing the filtered events…".to_string(),
                        Phase::Finished { progress, .. } => {
                            let j = job.get_value();
                            let j = j.borrow();
                            heading(j.summary.read(), j.matching.unwrap_or(0), progress)
                        }
                    }}
                </h2>
                <button type="button" class="secondary" on:click=close>
                    "Close summary"
                </button>
            </div>
            <p class="hint">
                {format!(
                    "Every event the filters and time range match, newest first, read {} at a time — at most {} (config.json summary_max_events).",
                    SUMMARY_PAGE_SIZE,
                    thousands(cap as u64),
                )}
            </p>
            {status}
            {results}
        </section>
    }
}

/// One facet: its top values as a table with a caption, counts and shares; "Show more" for
/// the rest.
#[component]
fn FacetTable(
    job: StoredValue<Rc<RefCell<Job>>, LocalStorage>,
    kind: FacetKind,
    query: Memo<ListQuery>,
) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let shown = RwSignal::new(TOP);
    let facet = Memo::new(move |_| {
        let limit = shown.get();
        let label = move |ct: i64| ctx.content_type_name(ct);
        job.get_value().borrow().summary.facet(kind, &label, limit)
    });
    let read = job.get_value().borrow().summary.read();
    let caption_id = kind.id();
    let head = kind
        .columns()
        .iter()
        .map(|c| view! { <th scope="col">{*c}</th> })
        .collect_view();
    let body = move || {
        let Facet { rows, .. } = facet.get();
        // The filters the links keep: the list's own (its order and zone too).
        let q = query.get_untracked();
        rows.into_iter()
            .map(|row| {
                let href = row.filter.and_then(|f| filter_href(&q, f));
                let mut cells = row.cells.into_iter();
                let first = cells.next().unwrap_or_default();
                let first = match href {
                    Some(href) => view! { <Link href=href>{first}</Link> }.into_any(),
                    None => view! { <span>{first}</span> }.into_any(),
                };
                let rest = cells
                    .map(|c| view! { <td>{c}</td> })
                    .collect_view();
                let raw = row.raw.map(|raw| {
                    let kept = raw.kept.len();
                    let items = raw
                        .kept
                        .into_iter()
                        .map(|(p, n)| view! { <li><span class="raw-path">{p}</span> " " <span class="count">{thousands(n as u64)}</span></li> })
                        .collect_view();
                    let others = (raw.others > 0).then(|| {
                        view! { <li class="note">{format!("{} more events on other paths", thousands(raw.others as u64))}</li> }
                    });
                    view! {
                        <details class="raw-paths">
                            <summary>{format!("{kept} raw path{}", if kept == 1 { "" } else { "s" })}</summary>
                            <ul>{items}{others}</ul>
                        </details>
                    }
                });
                let share = share_text(row.count as u64, read);
                let bar = (row.count as f64 * 100.0 / read.max(1) as f64).clamp(0.0, 100.0);
                view! {
                    <tr>
                        <td class="value">{first}{raw}</td>
                        {rest}
                        <td class="count">{thousands(row.count as u64)}</td>
                        <td class="share">
                            <svg class="share-bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">
                                <rect width=format!("{bar:.2}") height="6"></rect>
                            </svg>
                            {share}
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    let more = move || {
        let f = facet.get();
        let showing = f.rows.len();
        let distinct = f.distinct;
        if distinct <= TOP {
            return None;
        }
        let next = (showing + SHOW_STEP).min(distinct);
        let grow = (showing < distinct).then(|| {
            let text = if next == distinct {
                format!("Show all {}", thousands(distinct as u64))
            } else {
                format!(
                    "Show {} more of {}",
                    thousands((next - showing) as u64),
                    thousands(distinct as u64)
                )
            };
            view! {
                <button type="button" class="quiet" on:click=move |_| shown.set(next)>
                    {text}
                </button>
            }
        });
        let fewer = (showing > TOP).then(|| {
            view! {
                <button type="button" class="quiet" on:click=move |_| shown.set(TOP)>
                    {format!("Show the top {TOP} only")}
                </button>
            }
        });
        Some(view! {
            <p class="facet-more">
                {format!("{} of {} values shown. ", thousands(showing as u64), thousands(distinct as u64))}
                {grow}
                {fewer}
            </p>
        })
    };
    let caption = move || {
        let distinct = facet.with(|f| f.distinct);
        format!(
            "{} ({} distinct value{})",
            kind.title(),
            thousands(distinct as u64),
            if distinct == 1 { "" } else { "s" }
        )
    };
    let raw_note = (kind == FacetKind::Paths)
        .then(|| format!(" Up to {RAW_PATHS_KEPT} raw paths are kept per path, the newest first."));
    view! {
        <div class=format!("facet facet-{}", caption_id)>
            <table class="facet-table" aria-describedby=format!("{caption_id}-note")>
                <caption id=caption_id>{caption}</caption>
                <thead>
                    <tr>
                        {head}
                        <th scope="col" class="count">"Events"</th>
                        <th scope="col" class="share">"Share"</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
            <p class="note" id=format!("{caption_id}-note")>
                {kind.note()}
                {raw_note}
            </p>
            {more}
        </div>
    }
}

/// When: the hour × day-of-week grid in the list's zone (a table, shaded as a heat map: a
/// screen reader reads it as the table it is), and the first and last event.
#[component]
fn When(
    job: StoredValue<Rc<RefCell<Job>>, LocalStorage>,
    tz: Memo<TimeZoneChoice>,
) -> impl IntoView {
    let grid = Memo::new(move |_| {
        let rules = zone(tz.get());
        job.get_value().borrow().summary.week_grid(rules.as_ref())
    });
    let hours = (0..24)
        .map(|h| view! { <th scope="col">{format!("{h:02}")}</th> })
        .collect_view();
    let rows = move || {
        let g = grid.get();
        let max = g.iter().flatten().copied().max().unwrap_or(0);
        DAYS.iter()
            .zip(g)
            .map(|(day, counts)| {
                let cells = counts
                    .iter()
                    .map(|n| {
                        view! { <td class=format!("heat h{}", heat_level(*n, max))>{thousands(*n as u64)}</td> }
                    })
                    .collect_view();
                view! {
                    <tr>
                        <th scope="row">{*day}</th>
                        {cells}
                    </tr>
                }
            })
            .collect_view()
    };
    let unparsed = job.get_value().borrow().summary.unparsed_times();
    let first_last = move || {
        let rules = zone(tz.get());
        let j = job.get_value();
        let j = j.borrow();
        let (first, last) = j.summary.first_last();
        [("First event", first), ("Last event", last)]
            .into_iter()
            .filter_map(|(name, e)| {
                let (t, uuid) = e?;
                let text = format!(
                    "{} {}",
                    display_in(*t, rules.as_ref()),
                    offset_label(*t, rules.as_ref())
                );
                let href = event_href(uuid);
                Some(view! {
                    <dt>{name}</dt>
                    <dd>
                        <time datetime=t.to_rfc3339()>{text}</time>
                        " · "
                        <Link href=href>"open the event"</Link>
                    </dd>
                })
            })
            .collect_view()
    };
    view! {
        <div class="summary-when">
            <h3>"When"</h3>
            <dl class="first-last">{first_last}</dl>
            <div class="heat-scroll" role="region" aria-labelledby="summary-heat-caption" tabindex="0">
                <table class="heat-map">
                    <caption id="summary-heat-caption">
                        {move || format!(
                            "Events by day of week (rows) and hour of day (columns, from 00 to 23), in {}",
                            zone_name(tz.get())
                        )}
                    </caption>
                    <thead>
                        <tr>
                            <td></td>
                            {hours}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {(unparsed > 0).then(|| view! {
                <p class="note">{format!("{} events have a time that does not parse; they are in no cell.", thousands(unparsed as u64))}</p>
            })}
        </div>
    }
}
