//! Export every event matching the list's filters as CSV or NDJSON: in one streamed request when
//! the API has the export endpoint for that file (config.json `api_features.export`: the Django
//! package; `streams` says when), else all pages, `limit=500`.
//!
//! Streamed, the body's chunks become the file's parts as they arrive and `RecordCounter`
//! counts the events for the progress bar (the total from one `limit=1` request first); a broken
//! stream fails the export, and Resume starts it again.
//!
//! Memory stays bounded: each page becomes a `Blob` as it arrives (the browser may keep those
//! out of the JS heap), and the file is one Blob made of those parts. A failed page is retried by
//! the API client's one policy (`api::retry`); after its last attempt the export stops and can
//! resume from that page. Cancel aborts the request in flight and sends no more.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use leptos::prelude::*;

use crate::app::popover::Popover;
use web_sys::AbortController;

use crate::api::retry::waiting_text;
use crate::api::Session;
use crate::api::{client, ApiError};
use crate::app::AppContext;
use crate::browser::download::{blob, save, text_blob};
use crate::browser::zone::now;
use crate::i18n::{m, number, t, tf, tn};
use crate::list::export::{
    file_name, progress_text, stream_params, streams, Format, RecordCounter, EXPORT_PAGE_SIZE,
};
use crate::list::pager::page_count;
use crate::list::query::ListQuery;

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Idle,
    Running {
        done: u64,
        total: Option<u64>,
        note: Option<String>,
    },
    Failed {
        message: String,
    },
    Cancelled {
        done: u64,
    },
    Done {
        name: String,
        href: String,
        done: u64,
        warning: Option<String>,
    },
}

/// The export in progress: what it asks for, where it is, and the file so far.
struct Job {
    query: ListQuery,
    format: Format,
    reveal: bool,
    next_page: u64,
    pages: Option<u64>,
    total: Option<u64>,
    done: u64,
    seen: HashSet<String>,
    parts: js_sys::Array,
    started_ms: f64,
    controller: Option<AbortController>,
    cancelled: bool,
    /// Through the API's streamed export (`streams`), not page by page.
    streamed: bool,
    /// The API counts `count=estimate` (its total is then cheap at any size).
    estimate: bool,
}

/// The streamed export: the total first (one `limit=1` request), then the one streamed request.
/// A streamed export's chunks are gathered into Blob parts of about this size.
const PART_BYTES: u32 = 4 << 20;

async fn run_streamed(job: Rc<RefCell<Job>>, session: Session, phase: RwSignal<Phase>) {
    let (query, format, signal, estimate) = {
        let mut j = job.borrow_mut();
        // Resume starts again: a stream cannot be picked up where it broke.
        j.parts = js_sys::Array::new();
        j.done = 0;
        let signal = j.controller.as_ref().map(AbortController::signal);
        (j.query.clone(), j.format, signal, j.estimate)
    };
    let on_wait = move |ms: u32| {
        phase.update(|p| {
            if let Phase::Running { note, .. } = p {
                *note = Some(tf(
                    m::EXPORT__COUNTING_WAIT,
                    &[("waiting", &waiting_text(ms))],
                ));
            }
        });
    };
    // The total only draws the bar: an estimate will do, and without one the export goes on.
    let mut count_params = query.to_api_params(1);
    if estimate {
        count_params.push(("count", "estimate".into()));
    }
    let total = match client::list(&session, &count_params, signal.as_ref(), Some(&on_wait)).await {
        Ok(page) => Some(page.count),
        Err(ApiError::Aborted) => return,
        Err(_) => None,
    };
    if job.borrow().cancelled {
        return;
    }
    job.borrow_mut().total = total;
    phase.set(Phase::Running {
        done: 0,
        total,
        note: None,
    });
    let mut counter = RecordCounter::new(format);
    // Chunks wait in `pending` until about 4 MB, then become one Blob part (which the browser
    // may keep out of the JS heap). The bar moves every 500 events, as the paged export's does:
    // redrawing it for every chunk would flood screen readers and move Cancel under the pointer.
    let pending = js_sys::Array::new();
    let mut pending_bytes = 0u32;
    let mut shown = 0u64;
    let mut on_part = |chunk: js_sys::Uint8Array| {
        counter.feed(&chunk.to_vec());
        pending_bytes += chunk.length();
        pending.push(&chunk);
        let done = counter.events();
        {
            let mut j = job.borrow_mut();
            if pending_bytes >= PART_BYTES {
                if let Some(b) = blob(&pending, j.format.mime()) {
                    j.parts.push(&b);
                }
                pending.set_length(0);
                pending_bytes = 0;
            }
            j.done = done;
        }
        if done >= shown + u64::from(EXPORT_PAGE_SIZE) {
            shown = done;
            phase.set(Phase::Running {
                done,
                total,
                note: None,
            });
        }
    };
    let result = client::stream(
        &session,
        &stream_params(&query, format),
        signal.as_ref(),
        &mut on_part,
    )
    .await;
    if job.borrow().cancelled {
        return;
    }
    if pending.length() > 0 {
        let j = job.borrow_mut();
        if let Some(b) = blob(&pending, j.format.mime()) {
            j.parts.push(&b);
        }
    }
    match result {
        Ok(()) => finish(&job.borrow(), phase),
        Err(ApiError::Aborted) => {}
        Err(e) => {
            let done = job.borrow().done;
            phase.set(Phase::Failed {
                message: tn(m::EXPORT__STOPPED_AFTER, done, &[("error", &e.message())]),
            });
        }
    }
}

async fn run(job: Rc<RefCell<Job>>, session: Session, phase: RwSignal<Phase>) {
    if job.borrow().streamed {
        return run_streamed(job, session, phase).await;
    }
    loop {
        let (page, params) = {
            let j = job.borrow();
            if j.cancelled {
                return;
            }
            if j.pages.is_some_and(|pages| j.next_page > pages) {
                break;
            }
            let q = j.query.with_page(j.next_page);
            (j.next_page, q.to_api_params(EXPORT_PAGE_SIZE))
        };
        let signal = job
            .borrow()
            .controller
            .as_ref()
            .map(AbortController::signal);
        // Transient failures are retried by the client's one policy; the note says so.
        let on_wait = move |ms: u32| {
            phase.update(|p| {
                if let Phase::Running { note, .. } = p {
                    *note = Some(tf(
                        m::EXPORT__PAGE_WAIT,
                        &[("page", &number(page)), ("waiting", &waiting_text(ms))],
                    ));
                }
            });
        };
        let result = client::list(&session, &params, signal.as_ref(), Some(&on_wait)).await;
        if matches!(result, Err(ApiError::Aborted)) || job.borrow().cancelled {
            return;
        }
        let page_data = match result {
            Ok(p) => p,
            // The set shrank under us (it should not, pinned): what was read is the export.
            Err(ApiError::NotFound(_)) if page > 1 => break,
            Err(e) => {
                phase.set(Phase::Failed {
                    message: tf(
                        m::EXPORT__STOPPED_AT_PAGE,
                        &[("page", &number(page)), ("error", &e.message())],
                    ),
                });
                return;
            }
        };
        let mut j = job.borrow_mut();
        if j.total.is_none() {
            j.total = Some(page_data.count);
            j.pages = Some(page_count(page_data.count, EXPORT_PAGE_SIZE));
        }
        let mut text = String::new();
        if page == 1 {
            text.push_str(&j.format.preamble());
        }
        for event in &page_data.results {
            // Rows the API repeats across pages (an unstable order) are written once.
            if j.seen.insert(event.uuid.clone()) {
                text.push_str(&j.format.record(event, j.reveal));
                j.done += 1;
            }
        }
        if let Some(b) = text_blob(&text, j.format.mime()) {
            j.parts.push(&b);
        }
        j.next_page += 1;
        let (done, total) = (j.done, j.total);
        phase.set(Phase::Running {
            done,
            total,
            note: None,
        });
        if page_data.results.is_empty() || page_data.next.is_none() {
            break;
        }
    }
    finish(&job.borrow(), phase);
}

/// Makes the file of the parts read and hands it to the browser's download.
fn finish(j: &Job, phase: RwSignal<Phase>) {
    let name = file_name(&j.query, j.format, now());
    let file = if j.parts.length() == 0 {
        text_blob(&j.format.preamble(), j.format.mime())
    } else {
        blob(&j.parts, j.format.mime())
    };
    let warning = j.total.filter(|t| *t != j.done).map(|counted| {
        tn(
            m::EXPORT__COUNT_MISMATCH,
            counted,
            &[("returned", &number(j.done))],
        )
    });
    match file.and_then(|f| save(&f, &name)) {
        Some(href) => phase.set(Phase::Done {
            name,
            href,
            done: j.done,
            warning,
        }),
        None => phase.set(Phase::Failed {
            message: t(m::EXPORT__NO_FILE).into(),
        }),
    }
}

#[component]
pub fn ExportPanel(query: Memo<ListQuery>) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let open = RwSignal::new(false);
    let format = RwSignal::new(Format::Csv);
    let reveal = RwSignal::new(false);
    let phase = RwSignal::new(Phase::Idle);
    let job: StoredValue<Option<Rc<RefCell<Job>>>, LocalStorage> = StoredValue::new_local(None);

    let cancel_job = move || {
        if let Some(j) = job.get_value() {
            let mut j = j.borrow_mut();
            j.cancelled = true;
            if let Some(c) = &j.controller {
                c.abort();
            }
        }
    };
    on_cleanup(move || {
        cancel_job();
        if let Phase::Done { href, .. } = phase.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&href);
        }
    });

    let resume = move || {
        let (Some(j), Some(session)) = (job.get_value(), ctx.session.get_untracked()) else {
            return;
        };
        {
            let mut jm = j.borrow_mut();
            jm.controller = AbortController::new().ok();
            jm.cancelled = false;
        }
        let done = j.borrow().done;
        let total = j.borrow().total;
        phase.set(Phase::Running {
            done,
            total,
            note: None,
        });
        leptos::task::spawn_local(run(j, session, phase));
    };
    let start = move |_| {
        cancel_job();
        if let Phase::Done { href, .. } = phase.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&href);
        }
        let mut q = query.get_untracked();
        q.page = 1;
        let (streamed, estimate) = ctx.config.with_value(|c| {
            (
                streams(
                    &c.api_features.export,
                    format.get_untracked(),
                    reveal.get_untracked(),
                    &q,
                ),
                c.api_features.count_estimate,
            )
        });
        job.set_value(Some(Rc::new(RefCell::new(Job {
            query: q,
            format: format.get_untracked(),
            reveal: reveal.get_untracked(),
            next_page: 1,
            pages: None,
            total: None,
            done: 0,
            seen: HashSet::new(),
            parts: js_sys::Array::new(),
            started_ms: js_sys::Date::now(),
            controller: None,
            cancelled: false,
            streamed,
            estimate,
        }))));
        resume();
    };
    let cancel = move |_| {
        cancel_job();
        let done = job.get_value().map_or(0, |j| j.borrow().done);
        // The partial file is dropped with the job.
        job.set_value(None);
        phase.set(Phase::Cancelled { done });
    };

    let status = move || {
        match phase.get() {
            Phase::Idle => view! {
                <button type="button" class="primary" on:click=start>
                    {t(m::EXPORT__START)}
                </button>
            }
            .into_any(),
            Phase::Running { done, total, note } => {
                let elapsed = job
                    .get_value()
                    .map_or(0.0, |j| js_sys::Date::now() - j.borrow().started_ms);
                let text = match total {
                    Some(t) => progress_text(done, t, elapsed),
                    None => t(m::EXPORT__STARTING).into(),
                };
                let labels = ProgressLabels {
                    class: "export",
                    bar: t(m::EXPORT__PROGRESS_LABEL).into(),
                    cancel: t(m::EXPORT__CANCEL).into(),
                };
                progress_view(labels, done, total, text, note, cancel).into_any()
            }
            Phase::Failed { message } => view! {
                <div class="problem" role="alert">
                    <p>{message}</p>
                    <button type="button" on:click=move |_| resume()>
                        {t(m::EXPORT__RESUME)}
                    </button>
                </div>
            }
            .into_any(),
            Phase::Cancelled { done } => view! {
                <p role="status">{tn(m::EXPORT__CANCELLED, done, &[])}</p>
                <button type="button" on:click=start>
                    {t(m::EXPORT__START_AGAIN)}
                </button>
            }
            .into_any(),
            Phase::Done {
                name,
                href,
                done,
                warning,
            } => {
                // "Saved 12 events as <a>name</a>.": the sentence for the count, split at the link.
                let sentence = tn(m::EXPORT__SAVED, done, &[]);
                let (before, after) = sentence
                    .split_once("{name}")
                    .map(|(b, a)| (b.to_string(), a.to_string()))
                    .unwrap_or((sentence.clone(), String::new()));
                view! {
                    <p role="status">
                        {before}
                        <a href=href download=name.clone()>
                            {name.clone()}
                        </a>
                        {after}
                    </p>
                    {warning.map(|w| view! { <p class="note">{w}</p> })}
                    <button type="button" on:click=start>
                        {t(m::EXPORT__AGAIN)}
                    </button>
                }
                .into_any()
            }
        }
    };
    let running = move || matches!(phase.get(), Phase::Running { .. });

    view! {
        <Popover label=t(m::EXPORT__MENU) id="export-panel" class="export" open end=true>
                <section class="export-panel" aria-labelledby="export-title">
                    <h2 id="export-title">{t(m::EXPORT__TITLE)}</h2>
                    <p class="hint">{t(m::EXPORT__HINT)}</p>
                    <fieldset disabled=running>
                        <legend>{t(m::EXPORT__FORMAT)}</legend>
                        <label>
                            <input
                                type="radio"
                                name="export-format"
                                prop:checked=move || format.get() == Format::Csv
                                on:change=move |_| format.set(Format::Csv)
                            />
                            {t(m::EXPORT__CSV)}
                        </label>
                        <label>
                            <input
                                type="radio"
                                name="export-format"
                                prop:checked=move || format.get() == Format::Ndjson
                                on:change=move |_| format.set(Format::Ndjson)
                            />
                            {t(m::EXPORT__NDJSON)}
                        </label>
                        <label>
                            <input
                                type="checkbox"
                                prop:checked=move || reveal.get()
                                on:change=move |ev| reveal.set(event_target_checked(&ev))
                            />
                            {t(m::EXPORT__REVEAL)}
                        </label>
                    </fieldset>
                    {status}
                </section>
        </Popover>
    }
}

/// What a progress block calls its job: the class (`{class}-progress`), the bar's name
/// ("Export progress") and the Cancel button's text ("Cancel export").
pub struct ProgressLabels {
    pub class: &'static str,
    pub bar: String,
    pub cancel: String,
}

/// A long read's progress as the export and the summary show it: the bar, the status line, the
/// note while the client waits to retry, and Cancel.
pub fn progress_view(
    labels: ProgressLabels,
    done: u64,
    total: Option<u64>,
    text: String,
    note: Option<String>,
    cancel: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    view! {
        <div class=format!("{}-progress", labels.class)>
            <progress
                aria-label=labels.bar
                max=total.unwrap_or(1).max(1).to_string()
                value=done.to_string()
            ></progress>
            <p role="status">{text}</p>
            {note.map(|n| view! { <p class="note">{n}</p> })}
            <button type="button" class="secondary" on:click=cancel>
                {labels.cancel}
            </button>
        </div>
    }
}
