//! The timeline above the table: events per bucket over the list's time range, from count
//! probes (`limit=1`, reading `count`) because the API has no aggregation. At most six probes
//! run at once; counts are cached per exact bucket query, so paging or re-sorting costs nothing;
//! leaving the filter set aborts the probes still running.
//!
//! Hovering a bar shows its range and count; clicking a bar or dragging across bars makes that
//! range the URL's. The same numbers are available as a table (and by keyboard) below the chart.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use web_sys::AbortController;

use crate::api::urls::query_string;
use crate::api::{client, ApiError};
use crate::app::app_href;
use crate::app::AppContext;
use crate::browser::zone::zone;
use crate::common::format::thousands;
use crate::common::time::{display_in, TimeZoneChoice};
use crate::list::query::ListQuery;
use crate::list::timeline::{plan, selection, width_label, Bucket};

/// Probes in flight at once: enough to fill the chart quickly, few enough to be polite.
const PARALLEL: usize = 6;

thread_local! {
    /// Count per exact API query (bucket bounds included), and the oldest event per filter set.
    static COUNTS: RefCell<HashMap<String, u64>> = RefCell::new(HashMap::new());
    static OLDEST: RefCell<HashMap<String, Option<String>>> = RefCell::new(HashMap::new());
}

fn cached<T: Clone>(
    cache: &'static std::thread::LocalKey<RefCell<HashMap<String, T>>>,
    key: &str,
) -> Option<T> {
    cache.with(|c| c.borrow().get(key).cloned())
}

fn remember<T>(
    cache: &'static std::thread::LocalKey<RefCell<HashMap<String, T>>>,
    key: String,
    v: T,
) {
    cache.with(|c| {
        let mut c = c.borrow_mut();
        // Bounded: a long session of narrowing must not grow without end.
        if c.len() > 5_000 {
            c.clear();
        }
        c.insert(key, v);
    });
}

#[derive(Clone, Debug, PartialEq)]
enum State {
    Loading,
    /// No events in the range (or none at all).
    Empty,
    /// Why there is no chart (an exact time, or a failed probe).
    Unavailable(String),
    Ready(Arc<Vec<Bucket>>),
}

/// One bucket's count: not yet known, known, or failed.
type Count = Option<Result<u64, ()>>;

#[component]
pub fn Histogram(
    /// The list's query; the chart is drawn for its selection when created (the page re-creates
    /// it when the selection changes) and narrowing keeps its current order and page size.
    query: Memo<ListQuery>,
    tz: TimeZoneChoice,
) -> impl IntoView {
    let selected = query.get_untracked();
    let ctx = expect_context::<AppContext>();
    let state: RwSignal<State, LocalStorage> = RwSignal::new_local(State::Loading);
    let counts: RwSignal<Vec<Count>> = RwSignal::new(Vec::new());
    let hover = RwSignal::new(None::<usize>);
    let drag = RwSignal::new(None::<(usize, usize)>);
    let controller = AbortController::new().ok();
    let abort_on_leave = controller.clone();
    on_cleanup(move || {
        if let Some(c) = abort_on_leave {
            c.abort();
        }
    });

    let filters = selected.id_filters();
    let upper = selected.upper_bound().map(|(p, v)| (p, v.to_string()));
    let lower = selected.lower_bound().map(|(p, v)| (p, v.to_string()));
    if let Some(session) = ctx.session.get_untracked() {
        leptos::task::spawn_local(async move {
            let signal = controller.as_ref().map(AbortController::signal);
            let upper = match upper {
                Some(("timestamp", _)) => {
                    state.set(State::Unavailable("An exact time has no timeline.".into()));
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
                    let oldest = match cached(&OLDEST, &key) {
                        Some(o) => o,
                        None => match client::list(&session, &params, signal.as_ref()).await {
                            Ok(page) => {
                                let o = page.results.first().map(|e| e.timestamp.clone());
                                remember(&OLDEST, key, o.clone());
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
            let Some(buckets) = plan((lower.0, &lower.1), (upper.0, &upper.1)) else {
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
            counts.set(
                queries
                    .iter()
                    .map(|p| cached(&COUNTS, &query_string(p)).map(Ok))
                    .collect(),
            );
            state.set(State::Ready(Arc::new(buckets)));
            let queue: Rc<RefCell<VecDeque<usize>>> =
                Rc::new(RefCell::new(counts.with_untracked(|c| {
                    (0..c.len()).filter(|i| c[*i].is_none()).collect()
                })));
            let queries = Rc::new(queries);
            for _ in 0..PARALLEL {
                let (queue, queries, session) = (queue.clone(), queries.clone(), session.clone());
                let signal = signal.clone();
                leptos::task::spawn_local(async move {
                    loop {
                        let Some(i) = queue.borrow_mut().pop_front() else {
                            return;
                        };
                        let params = &queries[i];
                        let result = client::list(&session, params, signal.as_ref()).await;
                        let count = match result {
                            Ok(page) => {
                                remember(&COUNTS, query_string(params), page.count);
                                Ok(page.count)
                            }
                            Err(ApiError::Aborted) => return,
                            Err(_) => Err(()),
                        };
                        counts.update(|c| {
                            if let Some(slot) = c.get_mut(i) {
                                *slot = Some(count);
                            }
                        });
                    }
                });
            }
        });
    }

    let chart = move || match state.get() {
        State::Loading => {
            view! { <p class="histogram-note">"Counting events over time…"</p> }.into_any()
        }
        State::Empty => ().into_any(),
        State::Unavailable(why) => {
            view! { <p class="histogram-note">{format!("No timeline: {why}")}</p> }.into_any()
        }
        State::Ready(buckets) => view! { <Chart buckets query tz counts hover drag /> }.into_any(),
    };
    view! { <section class="histogram" aria-label="Events over time">{chart}</section> }
}

#[component]
fn Chart(
    buckets: Arc<Vec<Bucket>>,
    query: Memo<ListQuery>,
    tz: TimeZoneChoice,
    counts: RwSignal<Vec<Count>>,
    hover: RwSignal<Option<usize>>,
    drag: RwSignal<Option<(usize, usize)>>,
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
            None => "counting…".to_string(),
            Some(Ok(1)) => "1 event".into(),
            Some(Ok(n)) => format!("{} events", thousands(n)),
            Some(Err(())) => "count failed".into(),
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
            let narrowed = narrowed.clone();
            let navigate = navigate.clone();
            view! {
                <g
                    class="bucket"
                    class:selected=selected
                    class:pending=pending
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
                let total: Option<u64> = counts.with(|c| {
                    c[from..=to.min(c.len().saturating_sub(1))]
                        .iter()
                        .map(|x| x.and_then(Result::ok))
                        .sum()
                });
                let (s, e) = (&buckets[from], &buckets[to]);
                let z = crate::browser::zone::zone(tz);
                format!(
                    "{} – {} · {} · release to narrow",
                    display_in(s.start, z.as_ref()),
                    display_in(e.end, z.as_ref()),
                    total.map_or("counting…".into(), |n| format!("{} events", thousands(n)))
                )
            }
            (_, Some(i)) => format!("{} · {}", labels[i], count_text(i)),
            _ => "Hover a bar for its count; click or drag across bars to narrow the time range."
                .into(),
        }
    };
    let total = move || {
        counts.with(|c| {
            let known: u64 = c.iter().filter_map(|x| x.and_then(Result::ok)).sum();
            let done = c.iter().filter(|x| x.is_some()).count();
            (known, done, c.len())
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
            let (known, done, all) = total();
            if done < all {
                format!("Timeline from {from} to {to}: counting ({done} of {all} buckets).")
            } else {
                format!(
                    "Timeline from {from} to {to} in {n} buckets of {width}: {} events. The table below lists each bucket.",
                    thousands(known)
                )
            }
        }
    };
    let failed = move || counts.with(|c| c.iter().any(|x| matches!(x, Some(Err(())))));

    let rows = buckets
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let narrowed = narrowed.clone();
            let href = move || app_href(&narrowed(i, i).unwrap_or_default());
            view! {
                <tr>
                    <th scope="row">
                        <a href=href aria-label=format!("Narrow to {}", labels[i])>
                            <time datetime=b.lower.1.clone()>{display_in(b.start, zone.as_ref())}</time>
                        </a>
                    </th>
                    <td>
                        <time datetime=b.upper.1.clone()>{display_in(b.end, zone.as_ref())}</time>
                    </td>
                    <td class="count">{move || count_text(i)}</td>
                </tr>
            }
        })
        .collect_view();

    view! {
        <p class="readout" aria-hidden="true">{readout}</p>
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
            {bars}
        </svg>
        <div class="axis" aria-hidden="true">
            <span>{from_text}</span>
            <span>{to_text}</span>
        </div>
        <Show when=failed>
            <p class="histogram-note">"Some buckets could not be counted (shown empty)."</p>
        </Show>
        <details class="histogram-table">
            <summary>"Timeline as a table"</summary>
            <table>
                <caption class="visually-hidden">"Events per time bucket"</caption>
                <thead>
                    <tr>
                        <th scope="col">"From"</th>
                        <th scope="col">"To"</th>
                        <th scope="col">"Events"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </details>
    }
    .into_any()
}
