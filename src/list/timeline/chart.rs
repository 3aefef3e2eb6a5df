//! The timeline above the table: events per bucket over the list's time range. An API with the
//! histogram endpoint (config.json `api_features.histogram`) counts every bucket in one request,
//! exact. Against a plain API the buckets are count probes (`limit=1`, reading `count`) — and
//! every probe is a `COUNT(*)` on the API's database, so the timeline is gentle with them:
//! - it starts only once the list's rows are on screen, never queuing the list request behind
//!   its probes, and runs at most `PARALLEL` at once; leaving the view aborts them;
//! - a count that can no longer change (its bucket ended before the count was taken, `cache`) is
//!   kept in `localStorage` for config.json's `timeline_cache_hours`, so reloading, going back or
//!   reopening a link asks only for the buckets that touch "now"; Refresh and sign-out forget them;
//! - it is drawn only while shown: config.json `timeline: "off"` starts it hidden on every page
//!   load until the user asks ("Show timeline"); otherwise "Hide timeline" is remembered in this
//!   browser (`remembered_shown`); `timeline_max_buckets` caps the probes per view.
//!
//! A probe that still fails after the client's retries leaves its bucket "unknown" (hatched,
//! "?"), asked again once after the rest have answered, and on demand.
//!
//! Hovering a bar shows its range and count; clicking a bar or dragging across bars makes that
//! range the URL's. The same numbers are available as a table (and by keyboard) below the chart.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use leptos::prelude::*;
use web_sys::{AbortController, AbortSignal};

use crate::api::urls::query_string;
use crate::api::{client, ApiError, Session};
use crate::app::app_href;
use crate::app::config::TimelineMode;
use crate::app::AppContext;
use crate::browser::storage::{read_local, write_local, CACHE_PREFIX};
use crate::browser::zone::{now, zone};
use crate::common::time::{display_in, TimeZoneChoice};
use crate::i18n::{around, m, number, t, tf, tn};
use crate::list::query::ListQuery;
use crate::list::timeline::cache::CountCache;
use crate::list::timeline::{histogram_params, plan, selection, width_label, Bucket};

/// Probes in flight at once: few enough to be polite to the database, and to leave the browser's
/// six connections per origin free for the list's own requests.
const PARALLEL: usize = 4;

/// Where settled counts are kept (a cache: forgotten on sign-out with every `CACHE_PREFIX` key).
fn cache_key() -> String {
    format!("{CACHE_PREFIX}timeline-counts")
}

thread_local! {
    /// The oldest event per filter set (for an open start), for this tab.
    static OLDEST: RefCell<HashMap<String, Option<String>>> = RefCell::new(HashMap::new());
}

/// Forgets every kept count (Refresh: the user asks for the numbers as they are now).
pub fn forget_counts() {
    if let Some(s) = crate::browser::storage::local() {
        let _ = s.remove_item(&cache_key());
    }
    OLDEST.with(|o| o.borrow_mut().clear());
}

#[derive(Clone, Debug, PartialEq)]
enum State {
    /// Waiting for the list's rows, or counting.
    Loading,
    /// No events in the range (or none at all).
    Empty,
    /// Why there is no chart (an exact time, or a failed probe).
    Unavailable(String),
    Ready(Arc<Vec<Bucket>>),
}

/// One bucket's count: not yet known (being counted), known, or unknown: its probe still
/// failed after the client's retries. An unknown bucket is never drawn or summed as a number.
type Count = Option<Result<u64, ()>>;

fn failed_buckets(c: &[Count]) -> Vec<usize> {
    (0..c.len())
        .filter(|i| matches!(c[*i], Some(Err(()))))
        .collect()
}

/// Everything needed to count buckets again ("Retry missing buckets").
#[derive(Clone)]
struct Probes {
    queries: Rc<Vec<Vec<(&'static str, String)>>>,
    /// The one request that counts every bucket, when the API has the histogram endpoint.
    histogram: Option<Rc<Vec<(&'static str, String)>>>,
    /// Where a refused histogram says why (the API's time budget: narrow the range).
    state: RwSignal<State, LocalStorage>,
    /// Each bucket's end: whether its count is settled enough to keep.
    ends: Rc<Vec<DateTime<Utc>>>,
    cache: Rc<RefCell<CountCache>>,
    keep: bool,
    session: Session,
    signal: Option<AbortSignal>,
    counts: RwSignal<Vec<Count>>,
    /// Counts arrived since the last frame, not drawn yet.
    arrived: Rc<RefCell<Arrived>>,
}

/// Bucket counts that have arrived and wait for the next frame to be drawn.
type Arrived = Vec<(usize, Result<u64, ()>)>;

fn flush(arrived: &RefCell<Arrived>, counts: RwSignal<Vec<Count>>) {
    let batch = std::mem::take(&mut *arrived.borrow_mut());
    if batch.is_empty() {
        return;
    }
    // (`try_`: the chart may be gone.)
    counts.try_update(|c| {
        for (i, count) in batch {
            if let Some(slot) = c.get_mut(i) {
                *slot = Some(count);
            }
        }
    });
}

impl Probes {
    fn aborted(&self) -> bool {
        self.signal.as_ref().is_some_and(AbortSignal::aborted)
    }

    /// A bucket's count has arrived: it is drawn with the others that arrive before the next
    /// frame (one redraw of the chart per frame, not per answer: answers arriving while the
    /// list changes page would otherwise each hold the new rows back).
    fn arrived(&self, i: usize, count: Result<u64, ()>) {
        let first = self.arrived.borrow().is_empty();
        self.arrived.borrow_mut().push((i, count));
        if first {
            let (arrived, counts) = (self.arrived.clone(), self.counts);
            request_animation_frame(move || flush(&arrived, counts));
        }
    }

    /// Draws the counts still waiting for a frame (the last answer's, at once).
    fn flush(&self) {
        flush(&self.arrived, self.counts);
    }

    /// Counts these buckets, at most `PARALLEL` probes at once (or one histogram request);
    /// done when all have answered. Returns how many were counted. Settled counts go to the cache.
    async fn run(&self, buckets: Vec<usize>) -> usize {
        let counted = std::cell::Cell::new(0);
        self.counts.update(|c| {
            for &i in &buckets {
                if let Some(slot) = c.get_mut(i) {
                    *slot = None;
                }
            }
        });
        if let Some(params) = &self.histogram {
            // Every bar settled in the cache: nothing to ask.
            if buckets.is_empty() {
                return 0;
            }
            return self.run_histogram(params, buckets).await;
        }
        let queue = Rc::new(RefCell::new(VecDeque::from(buckets)));
        let workers = (0..PARALLEL).map(|_| {
            let (queue, counted) = (queue.clone(), &counted);
            async move {
                loop {
                    let Some(i) = queue.borrow_mut().pop_front() else {
                        return;
                    };
                    let (Some(params), Some(end)) = (self.queries.get(i), self.ends.get(i)) else {
                        continue;
                    };
                    let result =
                        client::list(&self.session, params, self.signal.as_ref(), None).await;
                    let count = match result {
                        Ok(page) => {
                            self.cache.borrow_mut().put(
                                query_string(params),
                                page.count,
                                *end,
                                now(),
                            );
                            counted.set(counted.get() + 1);
                            Ok(page.count)
                        }
                        Err(ApiError::Aborted) => return,
                        Err(_) => Err(()),
                    };
                    self.arrived(i, count);
                }
            }
        });
        futures::future::join_all(workers).await;
        self.flush();
        // Not after the view was left (sign-out forgets the cache; nothing may write it back).
        if self.keep && counted.get() > 0 && !self.aborted() {
            write_local(&cache_key(), &self.cache.borrow().to_text());
        }
        counted.get()
    }

    /// One histogram request for all the buckets; these are drawn from its answer.
    async fn run_histogram(&self, params: &[(&'static str, String)], buckets: Vec<usize>) -> usize {
        // A bucket is settled if it ended before the count was asked for (not answered: the
        // database may take up to its time budget).
        let at = now();
        let result = client::histogram(&self.session, params, self.signal.as_ref(), None).await;
        let counts = match result {
            Ok(h) if h.counts.len() == self.queries.len() => h.counts,
            Ok(h) => {
                self.state.try_set(State::Unavailable(tf(
                    m::TIMELINE__HISTOGRAM_MISMATCH,
                    &[
                        ("answered", &number(h.counts.len() as u64)),
                        ("buckets", &number(self.queries.len() as u64)),
                    ],
                )));
                return 0;
            }
            Err(ApiError::Aborted) => return 0,
            Err(e) => {
                self.state.try_set(State::Unavailable(e.message()));
                return 0;
            }
        };
        for &i in &buckets {
            if let (Some(params), Some(end), Some(n)) =
                (self.queries.get(i), self.ends.get(i), counts.get(i))
            {
                self.cache
                    .borrow_mut()
                    .put(query_string(params), *n, *end, at);
            }
        }
        self.counts.try_update(|c| {
            for &i in &buckets {
                if let (Some(slot), Some(n)) = (c.get_mut(i), counts.get(i)) {
                    *slot = Some(Ok(*n));
                }
            }
        });
        if self.keep && !self.aborted() {
            write_local(&cache_key(), &self.cache.borrow().to_text());
        }
        buckets.len()
    }
}

#[component]
pub fn Histogram(
    /// The list's query; the chart is drawn for its selection when created (the page re-creates
    /// it when the selection changes) and narrowing keeps its current order and page size.
    query: Memo<ListQuery>,
    tz: TimeZoneChoice,
    /// Whether the list's answer for this view is on screen: probes wait for it.
    #[prop(into)]
    rows_ready: Signal<bool>,
    /// Told the exact number of events the list's selection holds once every bar is counted
    /// (the bars span the whole set: from its lower bound or oldest event to its pin), for a
    /// toolbar whose page count is only an estimate.
    total: RwSignal<Option<(ListQuery, u64)>>,
) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let state: RwSignal<State, LocalStorage> = RwSignal::new_local(State::Loading);
    let counts: RwSignal<Vec<Count>> = RwSignal::new(Vec::new());
    // The selection the bars are counted for (the chart is re-created for another).
    let counted_for = query.get_untracked().selection();
    Effect::new(move |_| {
        let sum = counts.with(|c| {
            c.iter()
                .try_fold(0u64, |s, n| n.as_ref()?.as_ref().ok().map(|n| s + n))
        });
        if let Some(sum) = sum.filter(|_| counts.with_untracked(|c| !c.is_empty())) {
            total.try_set(Some((counted_for.clone(), sum)));
        }
    });
    let hover = RwSignal::new(None::<usize>);
    let drag = RwSignal::new(None::<(usize, usize)>);
    let controller = AbortController::new().ok();
    let abort_on_leave = controller.clone();
    let stored: StoredValue<Option<Probes>, LocalStorage> = StoredValue::new_local(None);
    on_cleanup(move || {
        if let Some(c) = abort_on_leave {
            c.abort();
        }
    });
    // Started once, after the rows are drawn.
    let started = StoredValue::new(false);
    Effect::new(move |_| {
        // (`try_`: the list's signals may be gone while the view is being left.)
        let ready = rows_ready.try_get().unwrap_or(false);
        if !ready || started.get_value() {
            return;
        }
        started.set_value(true);
        state.set(State::Loading);
        let controller = controller.clone();
        // The next task, so the rows paint first (unless the view was left meanwhile).
        set_timeout(
            move || {
                let left = controller.as_ref().is_some_and(|c| c.signal().aborted());
                if let (false, Some(q)) = (left, query.try_get_untracked()) {
                    count_view(q, ctx, controller, state, counts, stored);
                }
            },
            std::time::Duration::from_millis(0),
        );
    });
    let retry_missing = move || {
        let failed = counts.try_with_untracked(|c| failed_buckets(c));
        if let (Some(probes), Some(failed)) = (stored.try_get_value().flatten(), failed) {
            leptos::task::spawn_local(async move {
                probes.run(failed).await;
            });
        }
    };

    let chart = move || match state.get() {
        // The chart's own geometry while it waits for the rows and counts, so nothing below it
        // moves when the bars arrive (the rows come first, and a restored scroll position stays).
        State::Loading => view! {
            <svg class="chart" aria-hidden="true"></svg>
            <div class="axis" aria-hidden="true">
                <span>{"\u{a0}"}</span>
                <span class="readout">{t(m::TIMELINE__LOADING)}</span>
                <span>{"\u{a0}"}</span>
            </div>
        }
        .into_any(),
        State::Empty => ().into_any(),
        State::Unavailable(why) => {
            view! { <p class="histogram-note">{tf(m::TIMELINE__UNAVAILABLE, &[("why", &why)])}</p> }
                .into_any()
        }
        State::Ready(buckets) => {
            view! { <Chart buckets query tz counts hover drag retry_missing /> }.into_any()
        }
    };
    view! { <section id="timeline" class="histogram" aria-label=t(m::TIMELINE__LABEL)>{chart}</section> }
}

const SHOWN_KEY: &str = "audit-console.timeline";

/// Whether the timeline is shown when the list opens: config.json `timeline: "off"` starts it
/// hidden every time; otherwise as the user last left it in this browser.
pub fn remembered_shown(mode: TimelineMode) -> bool {
    mode == TimelineMode::Auto
        && crate::browser::storage::read_local(SHOWN_KEY).as_deref() != Some("hidden")
}

/// Remembers "Hide timeline" / "Show timeline" (not under `timeline: "off"`, which always starts
/// hidden).
pub fn remember_shown(mode: TimelineMode, shown: bool) {
    if mode == TimelineMode::Auto {
        write_local(SHOWN_KEY, if shown { "shown" } else { "hidden" });
    }
}

/// Plans the buckets of the view's range and counts those the cache does not have.
fn count_view(
    selected: ListQuery,
    ctx: AppContext,
    controller: Option<AbortController>,
    state: RwSignal<State, LocalStorage>,
    counts: RwSignal<Vec<Count>>,
    stored: StoredValue<Option<Probes>, LocalStorage>,
) {
    let Some(session) = ctx.session.get_untracked() else {
        return;
    };
    let (max_buckets, cache_hours, histogram) = ctx.config.with_value(|c| {
        (
            c.timeline_max_buckets,
            c.timeline_cache_hours,
            c.api_features.histogram.clone(),
        )
    });
    // One request asks for every bucket: no more of them than it may hold.
    let max_buckets = match &histogram {
        Some(h) => max_buckets.min(h.max_buckets),
        None => max_buckets,
    };
    let filters = selected.id_filters();
    let upper = selected.upper_bound().map(|(p, v)| (p, v.to_string()));
    let lower = selected.lower_bound().map(|(p, v)| (p, v.to_string()));
    leptos::task::spawn_local(async move {
        let signal = controller.as_ref().map(AbortController::signal);
        let upper = match upper {
            Some(("timestamp", _)) => {
                state.set(State::Unavailable(t(m::TIMELINE__EXACT_TIME).into()));
                return;
            }
            Some(u) => u,
            // The list pins an upper bound before it loads; nothing to draw until then.
            None => return,
        };
        // An open start: the oldest matching event is the limit.
        let lower = match lower {
            Some(l) => l,
            None => {
                let mut params = filters.to_api_params(1);
                params.push(upper.clone());
                params.push(("sort", "timestamp".into()));
                let key = query_string(&params);
                let oldest = match OLDEST.with(|o| o.borrow().get(&key).cloned()) {
                    Some(o) => o,
                    None => match client::list(&session, &params, signal.as_ref(), None).await {
                        Ok(page) => {
                            let o = page.results.first().map(|e| e.timestamp.clone());
                            OLDEST.with(|c| c.borrow_mut().insert(key, o.clone()));
                            o
                        }
                        Err(ApiError::Aborted) => return,
                        Err(e) => {
                            state.set(State::Unavailable(e.message()));
                            return;
                        }
                    },
                };
                match oldest {
                    Some(ts) => ("timestamp__gte", ts),
                    None => {
                        state.set(State::Empty);
                        return;
                    }
                }
            }
        };
        let Some(buckets) = plan(
            (lower.0, &lower.1),
            (upper.0, &upper.1),
            i64::from(max_buckets),
        ) else {
            state.set(State::Empty);
            return;
        };
        let queries: Vec<Vec<(&'static str, String)>> = buckets
            .iter()
            .map(|b| {
                let mut p = filters.to_api_params(1);
                p.push(b.lower.clone());
                p.push(b.upper.clone());
                p
            })
            .collect();
        let keep = cache_hours > 0;
        let lifetime = Duration::hours(i64::from(cache_hours));
        let mut cache = CountCache::parse(
            read_local(&cache_key()).as_deref().filter(|_| keep),
            &session.api_base_url,
        );
        let at = now();
        cache.prune(at, lifetime);
        counts.set(
            queries
                .iter()
                .map(|p| cache.get(&query_string(p), at, lifetime).map(Ok))
                .collect(),
        );
        state.set(State::Ready(Arc::new(buckets.clone())));
        let histogram = histogram
            .and_then(|h| histogram_params(filters.to_api_params(1), &buckets, h.steps))
            .map(Rc::new);
        let probes = Probes {
            histogram,
            state,
            queries: Rc::new(queries),
            ends: Rc::new(buckets.iter().map(|b| b.end).collect()),
            cache: Rc::new(RefCell::new(cache)),
            keep,
            session,
            signal,
            counts,
            arrived: Rc::default(),
        };
        let _ = stored.try_set_value(Some(probes.clone()));
        let missing = counts
            .try_with_untracked(|c| (0..c.len()).filter(|i| c[*i].is_none()).collect::<Vec<_>>())
            .unwrap_or_default();
        let counted = probes.run(missing).await;
        // A second pass over the buckets still unknown once the rest have answered (each probe
        // already had the client's attempts): an exact chart even at a 30% failure rate. Not when
        // nothing answered: a down API gets no second wave. (Left the view: aborted, and its
        // signals are gone.)
        if probes.aborted() {
            return;
        }
        let failed = counts.try_with_untracked(|c| failed_buckets(c));
        if let Some(failed) = failed.filter(|f| !f.is_empty() && counted > 0) {
            probes.run(failed).await;
        }
    });
}

#[component]
fn Chart(
    buckets: Arc<Vec<Bucket>>,
    query: Memo<ListQuery>,
    tz: TimeZoneChoice,
    counts: RwSignal<Vec<Count>>,
    hover: RwSignal<Option<usize>>,
    drag: RwSignal<Option<(usize, usize)>>,
    /// Asks again for the buckets whose count is unknown.
    #[prop(into)]
    retry_missing: Callback<()>,
) -> impl IntoView {
    let navigate = crate::app::use_app_navigate();
    let zone = zone(tz);
    let label = |b: &Bucket| {
        format!(
            "{} – {}",
            display_in(b.start, zone.as_ref()),
            display_in(b.end, zone.as_ref())
        )
    };
    let labels: Arc<Vec<String>> = Arc::new(buckets.iter().map(label).collect());
    let (first, last) = match (buckets.first(), buckets.last()) {
        (Some(f), Some(l)) => (f.start, l.end),
        _ => return ().into_any(),
    };
    let span_ms = (last - first).num_milliseconds().max(1) as f64;
    let max = Memo::new(move |_| {
        counts.with(|c| {
            c.iter()
                .filter_map(|x| x.and_then(Result::ok))
                .max()
                .unwrap_or(0)
        })
    });
    let count_text = move |i: usize| {
        counts.with(|c| match c.get(i).copied().flatten() {
            None => t(m::TIMELINE__COUNTING).to_string(),
            Some(Ok(n)) => tn(m::TIMELINE__EVENTS, n, &[]),
            Some(Err(())) => t(m::TIMELINE__COUNT_UNKNOWN).to_string(),
        })
    };
    // The table's cell: "?" for an unknown count (its meaning in the caption's note).
    let table_count = move |i: usize| {
        counts.with(|c| match c.get(i).copied().flatten() {
            Some(Err(())) => "?".to_string(),
            _ => count_text(i),
        })
    };
    let narrowed = {
        let buckets = buckets.clone();
        move |a: usize, b: usize| {
            selection(&buckets, a, b).map(|s| query.get().with_range(s.lower, s.upper).to_href())
        }
    };

    const W: f64 = 1000.0;
    const H: f64 = 100.0;
    let bars = buckets
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let x = (b.start - first).num_milliseconds() as f64 / span_ms * W;
            let w = ((b.end - b.start).num_milliseconds() as f64 / span_ms * W).max(0.5);
            let height = move || {
                let n = counts.with(|c| c.get(i).copied().flatten().and_then(Result::ok));
                match (n, max.get()) {
                    (Some(n), m) if m > 0 && n > 0 => (n as f64 / m as f64 * H).max(1.5),
                    _ => 0.0,
                }
            };
            let selected = move || {
                drag.get()
                    .is_some_and(|(a, b)| (a.min(b)..=a.max(b)).contains(&i))
                    || hover.get() == Some(i)
            };
            let pending = move || counts.with(|c| c.get(i).copied().flatten().is_none());
            let unknown = move || counts.with(|c| matches!(c.get(i), Some(Some(Err(())))));
            let narrowed = narrowed.clone();
            let navigate = navigate.clone();
            view! {
                <g
                    class="bucket"
                    class:selected=selected
                    class:pending=pending
                    class:unknown=unknown
                    on:pointerdown=move |ev| {
                        ev.prevent_default();
                        drag.set(Some((i, i)));
                    }
                    on:pointerenter=move |_| {
                        hover.set(Some(i));
                        drag.update(|d| {
                            if let Some((_, end)) = d {
                                *end = i;
                            }
                        });
                    }
                    on:pointerup=move |_| {
                        if let Some((a, _)) = drag.get_untracked() {
                            drag.set(None);
                            if let Some(href) = narrowed(a, i) {
                                navigate(&href, false);
                            }
                        }
                    }
                >
                    <rect class="hit" x=x y="0" width=w height=H />
                    // Unknown: hatched over the whole height, never an empty bar (CSS shows it
                    // only on `.unknown`).
                    <rect class="unknown-mark" x=x y="0" width=(w - 0.6).max(0.4) height=H />
                    <rect class="bar" x=x y=move || H - height() width=(w - 0.6).max(0.4) height=height />
                </g>
            }
        })
        .collect_view();

    let readout = {
        let labels = labels.clone();
        let buckets = buckets.clone();
        move || match (drag.get(), hover.get()) {
            (Some((a, b)), _) if a != b => {
                let (from, to) = (a.min(b), a.max(b));
                let total = counts.with(|c| sum_text(&c[from..=to.min(c.len().saturating_sub(1))]));
                let (s, e) = (&buckets[from], &buckets[to]);
                let z = crate::browser::zone::zone(tz);
                tf(
                    m::TIMELINE__DRAG_READOUT,
                    &[
                        ("from", &display_in(s.start, z.as_ref())),
                        ("to", &display_in(e.end, z.as_ref())),
                        ("total", &total),
                    ],
                )
            }
            (_, Some(i)) => format!("{} · {}", labels[i], count_text(i)),
            _ => t(m::TIMELINE__HINT).into(),
        }
    };
    let total = move || {
        counts.with(|c| {
            let known: u64 = c.iter().filter_map(|x| x.and_then(Result::ok)).sum();
            let done = c.iter().filter(|x| x.is_some()).count();
            (known, done, c.len(), failed_buckets(c).len())
        })
    };
    let (from_text, to_text) = (
        display_in(first, zone.as_ref()),
        display_in(last, zone.as_ref()),
    );
    let description = {
        let (from, to) = (from_text.clone(), to_text.clone());
        let width = width_label(&buckets);
        let n = buckets.len();
        move || {
            let (known, done, all, unknown) = total();
            let (from, to, width) = (from.as_str(), to.as_str(), width.as_str());
            if done < all {
                tn(
                    m::TIMELINE__DESCRIPTION_COUNTING,
                    all as u64,
                    &[("from", from), ("to", to), ("done", &number(done as u64))],
                )
            } else {
                let buckets = number(n as u64);
                let mut args = vec![
                    ("from", from),
                    ("to", to),
                    ("buckets", buckets.as_str()),
                    ("width", width),
                ];
                if unknown > 0 {
                    let unknown = number(unknown as u64);
                    args.push(("unknown", unknown.as_str()));
                    tn(m::TIMELINE__DESCRIPTION_PARTIAL, known, &args)
                } else {
                    tn(m::TIMELINE__DESCRIPTION, known, &args)
                }
            }
        }
    };
    // Unknown buckets, once nothing is still being counted.
    let failed = move || {
        counts.with(|c| {
            let n = failed_buckets(c).len();
            (n > 0 && c.iter().all(Option::is_some)).then_some(n)
        })
    };

    let rows = buckets
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let narrowed = narrowed.clone();
            let href = move || app_href(&narrowed(i, i).unwrap_or_default());
            let (start, end) = (
                display_in(b.start, zone.as_ref()),
                display_in(b.end, zone.as_ref()),
            );
            // "Narrow to <time>start</time> – end": the start shown, the rest for screen readers.
            let link = match around(m::TIMELINE__NARROW_TO, "from", "to") {
                Some([before, between, after]) => view! {
                    <span class="visually-hidden">{before}</span>
                    <time datetime=b.lower.1.clone()>{start}</time>
                    <span class="visually-hidden">{format!("{between}{end}{after}")}</span>
                }
                .into_any(),
                // A language that names the end first: the whole sentence read, the start shown.
                None => view! {
                    <span class="visually-hidden">
                        {tf(m::TIMELINE__NARROW_TO, &[("from", &start), ("to", &end)])}
                    </span>
                    <time datetime=b.lower.1.clone() aria-hidden="true">{start.clone()}</time>
                }
                .into_any(),
            };
            view! {
                <tr>
                    <th scope="row">
                        <a href=href>{link}</a>
                    </th>
                    <td>
                        <time datetime=b.upper.1.clone()>{display_in(b.end, zone.as_ref())}</time>
                    </td>
                    <td class="count">{move || table_count(i)}</td>
                </tr>
            }
        })
        .collect_view();

    view! {
        <svg
            class="chart"
            viewBox=format!("0 0 {W} {H}")
            preserveAspectRatio="none"
            role="img"
            aria-label=description
            on:pointerleave=move |_| {
                hover.set(None);
                drag.set(None);
            }
        >
            <defs>
                <pattern
                    id="timeline-hatch"
                    width="6"
                    height="6"
                    patternUnits="userSpaceOnUse"
                    patternTransform="rotate(45)"
                >
                    <rect class="hatch-line" width="2.5" height="6" />
                </pattern>
            </defs>
            {bars}
        </svg>
        <div class="axis" aria-hidden="true">
            <span>{from_text}</span>
            <span class="readout">{readout}</span>
            <span>{to_text}</span>
        </div>
        {move || failed().map(|n| {
            view! {
                <p class="histogram-note unknown-note" role="status">
                    {tn(m::TIMELINE__FAILED_NOTE, n as u64, &[])}
                    " "
                    <button type="button" class="secondary" on:click=move |_| retry_missing.run(())>
                        {t(m::TIMELINE__RETRY_MISSING)}
                    </button>
                </p>
            }
        })}
        <details class="histogram-table">
            <summary>{t(m::TIMELINE__AS_TABLE)}</summary>
            <div class="histogram-table-body">
            <table>
                <caption class="visually-hidden">{t(m::TIMELINE__TABLE_CAPTION)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t(m::FILTERS__FROM)}</th>
                        <th scope="col">{t(m::FILTERS__TO)}</th>
                        <th scope="col">{t(m::TIMELINE__COL_EVENTS)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            </div>
        </details>
    }
    .into_any()
}

/// The events in a run of buckets, never counting an unknown one as a number: "120 events",
/// "at least 120 events (2 buckets unknown)", or "counting…".
fn sum_text(counts: &[Count]) -> String {
    if counts.iter().any(Option::is_none) {
        return t(m::TIMELINE__COUNTING).into();
    }
    let known: u64 = counts.iter().filter_map(|x| x.and_then(Result::ok)).sum();
    match counts.iter().filter(|x| matches!(x, Some(Err(())))).count() {
        0 => tn(m::TIMELINE__EVENTS, known, &[]),
        1 => tn(m::TIMELINE__SUM_ONE_UNKNOWN, known, &[]),
        n => tn(
            m::TIMELINE__SUM_UNKNOWN,
            known,
            &[("unknown", &number(n as u64))],
        ),
    }
}
