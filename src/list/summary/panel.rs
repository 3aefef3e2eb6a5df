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
    aggregated, facet_params, filter_href, heading, heat_level, pages_for, progress_text,
    share_shown, slot_name, target, to_csv, write_csv, Board, CsvContext, Digest, Facet, FacetKind,
    Progress, Shape, Span, Summary, ALL_KINDS, DAY_NAMES, GRID, RAW_PATHS_KEPT, SUMMARY_PAGE_SIZE,
    TOP,
};
use crate::api::retry::waiting_text;
use crate::api::{client, ApiError, Session};
use crate::app::link::Link;
use crate::app::{event_href, use_app_navigate, AppContext};
use crate::browser::download::{save, text_blob};
use crate::browser::zone::{now, zone, zone_name};
use crate::common::time::{display_in, offset_label, TimeZoneChoice};
use crate::i18n::{decimal, m, number, t, tf, tn};
use crate::list::export::panel::{progress_view, ProgressLabels};
use crate::list::query::{ListQuery, Panel};

/// "Show more" adds this many rows to a facet's table.
pub(super) const SHOW_STEP: usize = 500;

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
            title=t(m::SUMMARY__BUTTON_HINT)
            aria-expanded=move || open.get().to_string()
            aria-controls=move || open.get().then_some("summary-panel")
            on:click=toggle
        >
            {t(m::SUMMARY__BUTTON)}
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

/// What the summary's results area holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Frame {
    Nothing,
    Empty,
    Tables,
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
    /// When the API aggregates (config.json `api_features.facets`): its answers, instead of
    /// the pages' counts.
    board: Option<Rc<RefCell<Board>>>,
}

impl Job {
    fn new(selection: ListQuery, cap: u32, board: Option<Board>) -> Job {
        Job {
            board: board.map(|b| Rc::new(RefCell::new(b))),
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
pub(super) fn perf_now() -> f64 {
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
                    *note = Some(tf(
                        m::SUMMARY__PAGE_WAITING,
                        &[("page", &number(page)), ("waiting", &waiting_text(ms))],
                    ));
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
                    message: Some(tf(
                        m::SUMMARY__STOPPED_AT,
                        &[("page", &number(page)), ("why", &e.message())],
                    )),
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
    let (cap, facets) = ctx
        .config
        .with_value(|c| (c.summary_max_events, c.api_features.facets.clone()));
    let max_values = facets.as_ref().map_or(0, |f| f.max_values);
    let facets = StoredValue::new(facets);
    // (A facets feature naming none this version asks: the pages, as without it.)
    let new_board = move || {
        facets.with_value(|f| {
            f.as_ref()
                .map(|f| Board::new(&f.names, perf_now()))
                .filter(|b| b.asked() > 0)
        })
    };
    let phase = RwSignal::new(Phase::Running {
        read: 0,
        target: None,
        note: None,
    });
    let job: StoredValue<Rc<RefCell<Job>>, LocalStorage> =
        StoredValue::new_local(Rc::new(RefCell::new(Job::new(selection, cap, new_board()))));
    // Bumped whenever the API's answers change (the tables that read them follow it).
    let tick = RwSignal::new(0u32);
    let shown: [RwSignal<usize>; 6] = std::array::from_fn(|_| RwSignal::new(TOP));
    let more_problem = RwSignal::new(None::<String>);
    let saved: StoredValue<Option<String>, LocalStorage> = StoredValue::new_local(None);
    let saved_name = RwSignal::new(None::<String>);
    let board = move || job.get_value().borrow().board.clone();

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
    // Where the API's answers stand, said to the views.
    let answered = move |problem: Option<String>| {
        tick.try_update(|t| *t += 1);
        more_problem.try_set(problem);
        if let Some(b) = board() {
            let b = b.borrow();
            let next = match b.elapsed_ms {
                Some(_) => Phase::Finished {
                    progress: Progress::Complete,
                    message: None,
                },
                None => Phase::Running {
                    read: b.answered() as u64,
                    target: Some(b.asked() as u64),
                    note: None,
                },
            };
            // (The same phase again would redraw the status and say it again.)
            if phase.try_get_untracked().is_some_and(|p| p != next) {
                phase.try_set(next);
            }
        }
    };
    let done: StoredValue<aggregated::Done, LocalStorage> =
        StoredValue::new_local(Rc::new(answered));
    let signal = move || {
        job.get_value()
            .borrow()
            .controller
            .as_ref()
            .map(AbortController::signal)
    };
    // Starts (or resumes, from the page that failed) reading; or asks the API its questions.
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
        if let Some(b) = board() {
            let questions = b
                .borrow_mut()
                .questions(&j.borrow().selection, &zone_name(tz.get_untracked()));
            for q in questions {
                aggregated::ask(ctx, b.clone(), signal(), q, false, done.get_value());
            }
            answered(None);
            return;
        }
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
        job.set_value(Rc::new(RefCell::new(Job::new(selection, cap, new_board()))));
        saved_name.set(None);
        more_problem.set(None);
        for s in shown {
            s.set(TOP);
        }
        go();
    };
    go();
    if board().is_some() {
        // After Cancel the job's requests are aborted: a question asked later gets a live signal.
        let live_signal = move || {
            let j = job.get_value();
            let mut j = j.borrow_mut();
            if j.cancelled || j.controller.is_none() {
                j.controller = AbortController::new().ok();
                j.cancelled = false;
            }
            j.controller.as_ref().map(AbortController::signal)
        };
        // The grid is counted in the list's zone: a zone switch asks for it again (an answer
        // for the zone left is dropped by the board).
        Effect::new(move |first: Option<()>| {
            let zone = zone_name(tz.get());
            let Some(b) = board().filter(|_| first.is_some()) else {
                return;
            };
            if !b.borrow_mut().ask_grid(&zone) {
                return;
            }
            let selection = job.get_value().borrow().selection.clone();
            let params = facet_params(&selection, slot_name(GRID), 0, 0, Some(&zone));
            aggregated::ask(
                ctx,
                b,
                live_signal(),
                (GRID, params),
                false,
                done.get_value(),
            );
            answered(None);
        });
        // "Show more" past the rows the API sent: ask for the next ones, one request at a time.
        let most = SHOW_STEP.min(max_values as usize);
        for (slot, shown) in shown.into_iter().enumerate() {
            Effect::new(move || {
                let want = shown.get();
                let Some(b) = board() else { return };
                let Some((top, offset)) = b.borrow_mut().ask_more(slot, want, most) else {
                    return;
                };
                let selection = job.get_value().borrow().selection.clone();
                let params = facet_params(&selection, slot_name(slot), top, offset as u64, None);
                aggregated::ask(
                    ctx,
                    b.clone(),
                    live_signal(),
                    (slot, params),
                    true,
                    done.get_value(),
                );
            });
        }
    }

    let cancel = move |_| {
        stop();
        {
            let j = job.get_value();
            let mut j = j.borrow_mut();
            j.elapsed_ms = perf_now() - j.started_ms;
            if let Some(b) = &j.board {
                b.borrow_mut().cancel(perf_now());
            }
        }
        tick.update(|t| *t += 1);
        phase.set(Phase::Finished {
            progress: Progress::Cancelled,
            message: None,
        });
    };
    let close = move |_| {
        navigate(&query.get_untracked().with_panel(None).to_href(), false);
    };
    let label = move |ct: i64| ctx.content_type_name(ct);
    // The heading, which says plainly what was counted (the CSV's first line too).
    let title = move |progress: Option<Progress>| {
        let j = job.get_value();
        let j = j.borrow();
        match (&j.board, progress) {
            (Some(b), _) => b.borrow().heading(),
            (None, Some(progress)) => heading(j.summary.read(), j.matching.unwrap_or(0), progress),
            (None, None) => t(m::SUMMARY__HEADING_RUNNING).to_string(),
        }
    };
    let download = move |_| {
        let progress = match phase.get_untracked() {
            Phase::Finished { progress, .. } => progress,
            Phase::Running { .. } => Progress::Cancelled,
        };
        let choice = tz.get_untracked();
        let rules = zone(choice);
        let heading = title(Some(progress));
        let j = job.get_value();
        let j = j.borrow();
        let board = j.board.as_ref().map(|b| b.borrow());
        let matching = match &board {
            Some(b) => b.total.unwrap_or(0),
            None => j.matching.unwrap_or(0),
        };
        let cx = CsvContext {
            heading: &heading,
            filters: &j.selection.to_query_string(),
            matching,
            zone: rules.as_ref(),
            zone_name: &zone_name(choice),
            label: &label,
        };
        let text = match &board {
            Some(b) => {
                let facets: Vec<Facet> = (0..6)
                    .filter_map(|i| b.facet(i, shown[i].get_untracked()))
                    .collect();
                let span = b.span().unwrap_or_default();
                write_csv(
                    &Digest {
                        read: matching,
                        repeated: 0,
                        facets: &facets,
                        grid: b.grid().ok(),
                        unparsed_times: 0,
                        first: span.0.as_ref(),
                        last: span.1.as_ref(),
                    },
                    &cx,
                )
            }
            None => to_csv(&j.summary, &cx),
        };
        drop(board);
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
            let api = board().is_some();
            let text = match target {
                Some(of) if api => tn(m::SUMMARY__TABLES_COUNTED, of, &[("read", &number(read))]),
                Some(of) => progress_text(read, of),
                None => t(m::SUMMARY__ASKING).into(),
            };
            let labels = ProgressLabels {
                class: "summary",
                bar: t(m::SUMMARY__PROGRESS_LABEL).into(),
                cancel: t(m::SUMMARY__CANCEL).into(),
            };
            progress_view(labels, read, target, text, note, cancel).into_any()
        }
        Phase::Finished { progress, message } => {
            let j = job.get_value();
            let j = j.borrow();
            let api = j.board.as_ref().map(|b| {
                let b = b.borrow();
                (
                    b.total.unwrap_or(0),
                    b.requests,
                    b.elapsed_ms,
                    b.decode_ms,
                    b.refused_any(),
                )
            });
            let (read, requests, elapsed_ms, fold_ms, refused) = api.unwrap_or((
                j.summary.read(),
                j.requests,
                Some(j.elapsed_ms),
                j.fold_ms,
                false,
            ));
            let elapsed_ms = elapsed_ms.unwrap_or(j.elapsed_ms);
            let seconds = decimal(elapsed_ms / 1000.0, 1);
            let timing = if api.is_some() {
                tn(
                    m::SUMMARY__COUNTED_BY_API,
                    requests as u64,
                    &[("seconds", &seconds)],
                )
            } else {
                let events = tn(m::SUMMARY__EVENTS, read, &[]);
                tn(
                    m::SUMMARY__READ_IN,
                    requests as u64,
                    &[("events", &events), ("seconds", &seconds)],
                )
            };
            let short = (api.is_none()
                && progress == Progress::Complete
                && j.target().is_some_and(|t| read < t))
            .then(|| {
                tn(
                    m::SUMMARY__SHORT,
                    j.target().unwrap_or(0),
                    &[("returned", &number(read))],
                )
            });
            let repeated = (j.summary.repeated() > 0)
                .then(|| tn(m::SUMMARY__REPEATED, j.summary.repeated(), &[]));
            let problem = message.map(|m| {
                view! {
                    <div class="problem" role="alert">
                        <p>{m}</p>
                        <button type="button" on:click=move |_| go()>
                            {t(m::SUMMARY__RESUME)}
                        </button>
                    </div>
                }
            });
            let again = (progress == Progress::Cancelled || refused).then(|| {
                view! {
                    <button type="button" on:click=move |_| restart()>
                        {t(m::SUMMARY__AGAIN)}
                    </button>
                }
            });
            drop(j);
            view! {
                // Said once the reading ends (the heading says it on screen).
                <p role="status" class="visually-hidden">
                    {title(Some(progress))} "."
                </p>
                {problem}
                {again}
                <p
                    class="note"
                    data-requests=requests.to_string()
                    data-fold-ms=format!("{fold_ms:.3}")
                    data-fold-max-ms=format!("{:.3}", job.get_value().borrow().fold_max_ms)
                    data-elapsed-ms=format!("{elapsed_ms:.1}")
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
    // What each table shows: pages' facets once read; the API's as each answers.
    let shape = Memo::new(move |_| {
        tick.get();
        match board() {
            Some(b) => Some(b.borrow().shape()),
            None => finished.get().map(|_| {
                let j = job.get_value();
                let j = j.borrow();
                let kinds = j.summary.facet_kinds();
                let mut shape = [Shape::Off; 8];
                if j.summary.read() == 0 {
                    return shape;
                }
                for (i, k) in ALL_KINDS.iter().enumerate() {
                    if kinds.contains(k) {
                        shape[i] = Shape::Table;
                    }
                }
                shape[GRID] = Shape::Table;
                shape
            }),
        }
    });
    // What the results area holds: nothing yet, the empty set's message, or the tables. Each
    // table follows its own question's shape, so an answer draws its table and no other.
    let frame = Memo::new(move |_| {
        shape.get()?;
        let j = job.get_value();
        let j = j.borrow();
        let (api, read) = match &j.board {
            Some(b) => (true, b.borrow().total),
            None => (false, Some(j.summary.read())),
        };
        Some(match read {
            Some(0) if api || finished.get() == Some(Progress::Complete) => Frame::Empty,
            Some(0) => Frame::Nothing,
            _ => Frame::Tables,
        })
    });
    let results = move || {
        match frame.get()? {
            Frame::Tables => {}
            Frame::Empty => {
                return Some(view! { <p class="empty">{t(m::SUMMARY__EMPTY)}</p> }.into_any())
            }
            Frame::Nothing => return Some(().into_any()),
        }
        let facets = ALL_KINDS
            .into_iter()
            .enumerate()
            .map(|(slot, kind)| {
                let one = Memo::new(move |_| shape.get().map_or(Shape::Off, |s| s[slot]));
                move || match one.get() {
                    Shape::Waiting => view! {
                        <p class="note facet">{kind.counting()}</p>
                    }
                    .into_any(),
                    Shape::Refused => view! {
                        <div class="facet">
                            <h3>{kind.name()}</h3>
                            <p class="problem" role="alert">
                                {board().and_then(|b| b.borrow().refusal(slot).map(String::from))}
                            </p>
                        </div>
                    }
                    .into_any(),
                    Shape::Table => {
                        let shown = shown[slot];
                        let read = {
                            let j = job.get_value();
                            let j = j.borrow();
                            match &j.board {
                                Some(b) => b.borrow().total.unwrap_or(0),
                                None => j.summary.read(),
                            }
                        };
                        let facet = Memo::new(move |_| {
                            tick.get();
                            let limit = shown.get();
                            let label = move |ct: i64| ctx.content_type_name(ct);
                            let j = job.get_value();
                            let j = j.borrow();
                            match &j.board {
                                Some(b) => b.borrow().facet(slot, limit).unwrap_or(Facet {
                                    kind,
                                    rows: Vec::new(),
                                    distinct: 0,
                                }),
                                None => j.summary.facet(kind, &label, limit),
                            }
                        });
                        view! { <FacetTable kind facet=facet.into() read shown query /> }.into_any()
                    }
                    Shape::Off => ().into_any(),
                }
            })
            .collect_view();
        let grid = Memo::new(move |_| {
            tick.get();
            let rules = zone(tz.get());
            let j = job.get_value();
            let j = j.borrow();
            match &j.board {
                Some(b) => b.borrow().grid(),
                None => Ok(j.summary.week_grid(rules.as_ref())),
            }
        });
        let first_last = Memo::new(move |_| {
            tick.get();
            let j = job.get_value();
            let j = j.borrow();
            match &j.board {
                Some(b) => b.borrow().span(),
                None => {
                    let (first, last) = j.summary.first_last();
                    Ok((first.cloned(), last.cloned()))
                }
            }
        });
        let unparsed = job.get_value().borrow().summary.unparsed_times();
        Some(
            view! {
                <div class="summary-actions">
                    <button type="button" on:click=download>
                        {t(m::SUMMARY__DOWNLOAD)}
                    </button>
                    <span class="note" role="status">
                        {move || saved_name.get().map(|n| tf(m::SUMMARY__SAVED_AS, &[("name", &n)]))}
                    </span>
                </div>
                <div class="summary-facets">{facets}</div>
                {move || more_problem.get().map(|m| view! { <p class="problem" role="alert">{m}</p> })}
                <When grid=grid.into() first_last=first_last.into() unparsed tz />
            }
            .into_any(),
        )
    };
    let hint = if board().is_some() {
        t(m::SUMMARY__HINT_API).to_string()
    } else {
        tf(
            m::SUMMARY__HINT_PAGES,
            &[
                ("page_size", &number(SUMMARY_PAGE_SIZE as u64)),
                ("max", &number(cap as u64)),
            ],
        )
    };

    view! {
        <section id="summary-panel" class="summary-panel" aria-labelledby="summary-title">
            <div class="summary-head">
                <h2 id="summary-title">
                    {move || {
                        tick.get();
                        title(finished.get())
                    }}
                </h2>
                <button type="button" class="secondary" on:click=close>
                    {t(m::SUMMARY__CLOSE)}
                </button>
            </div>
            <p class="hint">{hint}</p>
            {status}
            {results}
        </section>
    }
}

/// One facet: its top values (`facet`, the first `shown` of them) as a table with a caption,
/// counts and shares of the `read` events; "Show more" asks for more (`shown`).
#[component]
pub(super) fn FacetTable(
    kind: FacetKind,
    facet: Signal<Facet>,
    read: u64,
    shown: RwSignal<usize>,
    query: Memo<ListQuery>,
) -> impl IntoView {
    let caption_id = kind.id();
    let head = kind
        .headers()
        .into_iter()
        .map(|c| view! { <th scope="col">{c}</th> })
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
                        .map(|(p, n)| view! { <li><span class="raw-path">{p}</span> " " <span class="count">{number(n as u64)}</span></li> })
                        .collect_view();
                    let others = (raw.others > 0).then(|| {
                        view! { <li class="note">{tn(m::SUMMARY__RAW_OTHERS, raw.others as u64, &[])}</li> }
                    });
                    view! {
                        <details class="raw-paths">
                            <summary>{tn(m::SUMMARY__RAW_PATHS, kept as u64, &[])}</summary>
                            <ul>{items}{others}</ul>
                        </details>
                    }
                });
                let share = share_shown(row.count as u64, read);
                let bar = (row.count as f64 * 100.0 / read.max(1) as f64).clamp(0.0, 100.0);
                view! {
                    <tr>
                        <td class="value">{first}{raw}</td>
                        {rest}
                        <td class="count">{number(row.count as u64)}</td>
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
            let total = number(distinct as u64);
            let text = if next == distinct {
                tf(m::SUMMARY__SHOW_ALL, &[("count", &total)])
            } else {
                tf(
                    m::SUMMARY__SHOW_MORE,
                    &[
                        ("more", &number((next - showing) as u64)),
                        ("total", &total),
                    ],
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
                    {tf(m::SUMMARY__SHOW_TOP, &[("top", &number(TOP as u64))])}
                </button>
            }
        });
        Some(view! {
            <p class="facet-more">
                {tn(m::SUMMARY__VALUES_SHOWN, distinct as u64, &[("shown", &number(showing as u64))])}
                " "
                {grow}
                {fewer}
            </p>
        })
    };
    let caption = move || {
        let distinct = facet.with(|f| f.distinct);
        tn(
            m::SUMMARY__CAPTION,
            distinct as u64,
            &[("table", kind.name())],
        )
    };
    let raw_note = move || {
        facet
            .with(|f| f.rows.iter().any(|r| r.raw.is_some()))
            .then(|| {
                let kept = number(RAW_PATHS_KEPT as u64);
                format!(" {}", tf(m::SUMMARY__RAW_NOTE, &[("kept", &kept)]))
            })
    };
    view! {
        <div class=format!("facet facet-{}", caption_id)>
            <table class="facet-table" aria-describedby=format!("{caption_id}-note")>
                <caption id=caption_id>{caption}</caption>
                <thead>
                    <tr>
                        {head}
                        <th scope="col" class="count">{t(m::SUMMARY__COL_EVENTS)}</th>
                        <th scope="col" class="share">{t(m::SUMMARY__COL_SHARE)}</th>
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
/// screen reader reads it as the table it is), and the first and last event. Either may be a
/// message instead (not counted yet, or refused).
#[component]
pub(super) fn When(
    grid: Signal<Result<[[u32; 24]; 7], String>>,
    first_last: Signal<Result<Span, String>>,
    unparsed: u32,
    tz: Memo<TimeZoneChoice>,
) -> impl IntoView {
    let hours = (0..24)
        .map(|h| view! { <th scope="col">{format!("{h:02}")}</th> })
        .collect_view();
    let rows = move || {
        let g = grid.get().unwrap_or_default();
        let max = g.iter().flatten().copied().max().unwrap_or(0);
        DAY_NAMES
            .iter()
            .zip(g)
            .map(|(day, counts)| {
                let cells = counts
                    .iter()
                    .map(|n| {
                        view! { <td class=format!("heat h{}", heat_level(*n, max))>{number(*n as u64)}</td> }
                    })
                    .collect_view();
                view! {
                    <tr>
                        <th scope="row">{t(*day)}</th>
                        {cells}
                    </tr>
                }
            })
            .collect_view()
    };
    let first_last = move || {
        let rules = zone(tz.get());
        let (first, last) = match first_last.get() {
            Ok(pair) => pair,
            Err(m) => return view! { <p class="note">{m}</p> }.into_any(),
        };
        [
            (t(m::SUMMARY__FIRST_EVENT), first),
            (t(m::SUMMARY__LAST_EVENT), last),
        ]
        .into_iter()
        .filter_map(|(name, e)| {
            let (at, uuid) = e?;
            let text = format!(
                "{} {}",
                display_in(at, rules.as_ref()),
                offset_label(at, rules.as_ref())
            );
            // The API's span names times, not events: no link then.
            let open = (!uuid.is_empty()).then(|| {
                view! { " · " <Link href=event_href(&uuid)>{t(m::SUMMARY__OPEN_EVENT)}</Link> }
            });
            Some(view! {
                <dt>{name}</dt>
                <dd>
                    <time datetime=at.to_rfc3339()>{text}</time>
                    {open}
                </dd>
            })
        })
        .collect_view()
        .into_any()
    };
    let problem = move || grid.get().err().map(|m| view! { <p class="note">{m}</p> });
    view! {
        <div class="summary-when">
            <h3>{t(m::SUMMARY__WHEN)}</h3>
            <dl class="first-last">{first_last}</dl>
            <div
                class="heat-scroll"
                role="region"
                aria-labelledby="summary-heat-caption"
                tabindex="0"
                hidden=move || grid.with(Result::is_err)
            >
                <table class="heat-map">
                    <caption id="summary-heat-caption">
                        {move || tf(m::SUMMARY__HEAT_CAPTION, &[("zone", &zone_name(tz.get()))])}
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
            {problem}
            {(unparsed > 0).then(|| view! {
                <p class="note">{tn(m::SUMMARY__UNPARSED_TIMES, unparsed as u64, &[])}</p>
            })}
        </div>
    }
}
