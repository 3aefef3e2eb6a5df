//! A collapsible JSON tree that stays fast on megabyte documents: children are built only when a
//! node is opened, large objects and arrays show in slices of 100, long strings are cut with a
//! "show all". Values are styled by type and always rendered as text. Sensitive keys are masked
//! until revealed. Search highlights matches and opens their paths; a toolbar copies the selected
//! value or path, or the whole section, and switches to raw JSON.

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;
use serde_json::Value;

use crate::browser::clipboard::CopyStatus;
use crate::common::json_path::{child_path, search, Step};
use crate::common::mask::{is_sensitive_key, masked, MASK};
use crate::i18n::{m, number, t, tf, tn};

const SLICE: usize = 100;
const LONG_STRING: usize = 300;
const MAX_SEARCH_HITS: usize = 500;
/// "Expand all" opens at most this many containers, so a huge document cannot freeze the tab.
const EXPAND_ALL_LIMIT: usize = 2_000;
/// JSON's own word for no value, shown as it is written in every language.
const NULL: &str = "null";

/// The node the toolbar's "Copy value" and "Copy path" act on.
#[derive(Clone)]
struct Selection {
    path: String,
    value: Arc<Value>,
    /// Whether its own key is sensitive (its value is masked until revealed).
    sensitive: bool,
}

#[derive(Clone, Copy)]
struct Tree {
    open: RwSignal<HashSet<String>>,
    search_open: Memo<HashSet<String>>,
    hits: Memo<HashSet<String>>,
    selected: RwSignal<Option<Selection>>,
    revealed: RwSignal<HashSet<String>>,
}

impl Tree {
    fn is_open(&self, path: &str) -> bool {
        self.open.with(|o| o.contains(path)) || self.search_open.with(|o| o.contains(path))
    }
}

/// Whether a JSON field holds nothing worth a tree: null or `{}`.
pub fn not_captured(v: &Value) -> bool {
    matches!(v, Value::Null) || matches!(v, Value::Object(m) if m.is_empty())
}

/// Whether a value has at most `budget` nodes and no long string; stops counting early, so a
/// megabyte document costs nothing here.
fn is_small(value: &Value, budget: &mut i32) -> bool {
    *budget -= 1;
    if *budget < 0 {
        return false;
    }
    match value {
        Value::Object(m) => m.values().all(|v| is_small(v, budget)),
        Value::Array(a) => a.iter().all(|v| is_small(v, budget)),
        Value::String(s) => s.len() <= LONG_STRING,
        _ => true,
    }
}

fn container_paths(value: &Value, path: &str, out: &mut HashSet<String>) {
    if out.len() >= EXPAND_ALL_LIMIT {
        return;
    }
    match value {
        Value::Object(map) => {
            out.insert(path.to_string());
            for (k, v) in map.iter().take(SLICE) {
                container_paths(v, &child_path(path, &Step::Key(k.clone())), out);
            }
        }
        Value::Array(items) => {
            out.insert(path.to_string());
            for (i, v) in items.iter().take(SLICE).enumerate() {
                container_paths(v, &child_path(path, &Step::Index(i)), out);
            }
        }
        _ => {}
    }
}

fn scalar_view(value: &Value, masked_now: bool) -> AnyView {
    if masked_now {
        return view! { <span class="v-masked">{MASK}</span> }.into_any();
    }
    match value {
        Value::String(s) => {
            let total = s.chars().count();
            if total <= LONG_STRING {
                view! { <span class="v-string">{format!("\"{s}\"")}</span> }.into_any()
            } else {
                let full = s.clone();
                let cut: String = s.chars().take(LONG_STRING).collect();
                let all = RwSignal::new(false);
                view! {
                    <span class="v-string">
                        {move || if all.get() { format!("\"{full}\"") } else { format!("\"{cut}…") }}
                    </span>
                    <Show when=move || !all.get()>
                        <button type="button" class="more" on:click=move |_| all.set(true)>
                            {tn(m::JSON__SHOW_ALL, total as u64, &[])}
                        </button>
                    </Show>
                }
                .into_any()
            }
        }
        Value::Number(n) => view! { <span class="v-number">{n.to_string()}</span> }.into_any(),
        Value::Bool(b) => view! { <span class="v-bool">{b.to_string()}</span> }.into_any(),
        Value::Null => view! { <span class="v-null">{NULL}</span> }.into_any(),
        _ => ().into_any(),
    }
}

fn node(tree: Tree, label: String, sensitive: bool, value: Arc<Value>, path: String) -> AnyView {
    let is_hit = {
        let path = path.clone();
        Signal::derive(move || tree.hits.with(|h| h.contains(&path)))
    };
    let is_selected = {
        let path = path.clone();
        Signal::derive(move || {
            tree.selected
                .with(|s| s.as_ref().is_some_and(|sel| sel.path == path))
        })
    };
    let select = {
        let (path, value) = (path.clone(), value.clone());
        move || {
            tree.selected.set(Some(Selection {
                path: path.clone(),
                value: value.clone(),
                sensitive,
            }))
        }
    };
    let count = match &*value {
        Value::Object(map) => Some((map.len(), m::JSON__KEYS)),
        Value::Array(a) => Some((a.len(), m::JSON__ITEMS)),
        _ => None,
    };
    let Some((n, noun)) = count.filter(|_| !sensitive) else {
        // A scalar, or a masked value of any shape.
        let revealed = {
            let path = path.clone();
            Signal::derive(move || tree.revealed.with(|r| r.contains(&path)))
        };
        let reveal = {
            let path = path.clone();
            move |_| {
                tree.revealed.update(|r| {
                    if !r.remove(&path) {
                        r.insert(path.clone());
                    }
                })
            }
        };
        let shown_value = value.clone();
        let label_for_reveal = label.clone();
        return view! {
            <li class="jn" class:hit=is_hit class:selected=is_selected>
                <button type="button" class="key" on:click=move |_| select()>{label}</button>
                ": "
                {move || {
                    let masked_now = sensitive && !revealed.get();
                    if sensitive && !masked_now && !shown_value.is_string() {
                        view! { <span class="v-raw">{shown_value.to_string()}</span> }.into_any()
                    } else {
                        scalar_view(&shown_value, masked_now)
                    }
                }}
                {sensitive
                    .then(|| {
                        let label = label_for_reveal.clone();
                        view! {
                            <button
                                type="button"
                                class="reveal"
                                aria-label=move || {
                                    let id = if revealed.get() { m::JSON__HIDE_KEY } else { m::JSON__REVEAL_KEY };
                                    tf(id, &[("key", &label)])
                                }
                                on:click=reveal.clone()
                            >
                                {move || t(if revealed.get() { m::JSON__HIDE } else { m::JSON__REVEAL })}
                            </button>
                        }
                    })}
            </li>
        }
        .into_any();
    };
    let open = {
        let path = path.clone();
        Signal::derive(move || tree.is_open(&path))
    };
    let toggle = {
        let path = path.clone();
        move |_| {
            select();
            tree.open.update(|o| {
                if !o.remove(&path) {
                    o.insert(path.clone());
                }
            });
        }
    };
    let summary = tn(noun, n as u64, &[]);
    let (open_mark, close_mark) = if value.is_array() {
        ("[", "]")
    } else {
        ("{", "}")
    };
    let shown = RwSignal::new(SLICE);
    let children = move || {
        if !open.get() {
            return ().into_any();
        }
        let limit = shown.get();
        let items: Vec<AnyView> = match &*value {
            Value::Object(map) => map
                .iter()
                .take(limit)
                .map(|(k, v)| {
                    let p = child_path(&path, &Step::Key(k.clone()));
                    node(tree, k.clone(), is_sensitive_key(k), Arc::new(v.clone()), p)
                })
                .collect(),
            Value::Array(items) => items
                .iter()
                .take(limit)
                .enumerate()
                .map(|(i, v)| {
                    let p = child_path(&path, &Step::Index(i));
                    node(tree, format!("[{i}]"), false, Arc::new(v.clone()), p)
                })
                .collect(),
            _ => Vec::new(),
        };
        let more = (n > limit).then(|| {
            let next = SLICE.min(n - limit);
            view! {
                <li>
                    <button type="button" class="more" on:click=move |_| shown.update(|s| *s += SLICE)>
                        {tn(m::JSON__SHOW_MORE, next as u64, &[("total", &number(n as u64))])}
                    </button>
                </li>
            }
        });
        view! {
            <ul>{items}{more}</ul>
        }
        .into_any()
    };
    view! {
        <li class="jn" class:hit=is_hit class:selected=is_selected>
            <button type="button" class="toggle" aria-expanded=move || open.get().to_string() on:click=toggle>
                <span class="caret" aria-hidden="true">{move || if open.get() { "▾" } else { "▸" }}</span>
                {label}
            </button>
            <span class="jn-summary">{format!(" {open_mark} {summary} {close_mark}")}</span>
            {children}
        </li>
    }
    .into_any()
}

/// One JSON field of an event, as a tree with its toolbar; "not captured" for null or `{}`.
#[component]
pub fn JsonSection(
    title: &'static str,
    /// Used for ids and accessible names.
    slug: &'static str,
    value: Arc<Value>,
    copy: CopyStatus,
) -> impl IntoView {
    if not_captured(&value) {
        return view! {
            <section class="json-section" aria-labelledby=format!("{slug}-title")>
                <h2 id=format!("{slug}-title")>{title}</h2>
                <p class="not-captured">{t(m::JSON__NOT_CAPTURED)}</p>
            </section>
        }
        .into_any();
    }
    let query = RwSignal::new(String::new());
    let search_result = {
        let value = value.clone();
        Memo::new(move |_| search(&value, "$", &query.get(), MAX_SEARCH_HITS))
    };
    // Small documents open two levels deep; large ones open only the root.
    let mut initially_open = HashSet::from(["$".to_string()]);
    if is_small(&value, &mut 60) {
        let mut all = HashSet::new();
        container_paths(&value, "$", &mut all);
        initially_open.extend(
            all.into_iter()
                .filter(|p| p.matches(['.', '[']).count() <= 1),
        );
    }
    let tree = Tree {
        open: RwSignal::new(initially_open),
        search_open: Memo::new(move |_| search_result.with(|r| r.open.iter().cloned().collect())),
        hits: Memo::new(move |_| search_result.with(|r| r.hits.iter().cloned().collect())),
        selected: RwSignal::new(None),
        revealed: RwSignal::new(HashSet::new()),
    };
    let raw = RwSignal::new(false);
    let expand_all = {
        let value = value.clone();
        move |_| {
            let mut all = HashSet::new();
            container_paths(&value, "$", &mut all);
            tree.open.set(all);
        }
    };
    let collapse_all = move |_| {
        query.set(String::new());
        tree.open.set(HashSet::from(["$".to_string()]));
    };
    let copy_section = {
        let value = value.clone();
        move |_| {
            let text = serde_json::to_string_pretty(&masked(&value)).unwrap_or_default();
            copy.copy(t(m::CLIPBOARD__WHAT_SECTION_JSON), text);
        }
    };
    let copy_value = move |_| {
        if let Some(sel) = tree.selected.get_untracked() {
            let revealed = tree.revealed.with_untracked(|r| r.contains(&sel.path));
            let shown = if sel.sensitive && !revealed {
                Value::String(MASK.into())
            } else {
                masked(&sel.value)
            };
            let text = match &shown {
                Value::String(s) => s.clone(),
                other => serde_json::to_string_pretty(other).unwrap_or_default(),
            };
            copy.copy(t(m::CLIPBOARD__WHAT_VALUE), text);
        }
    };
    let copy_path = move |_| {
        if let Some(sel) = tree.selected.get_untracked() {
            copy.copy(t(m::CLIPBOARD__WHAT_PATH), sel.path);
        }
    };
    let nothing_selected = move || tree.selected.with(Option::is_none);
    let hit_count = move || {
        let q = query.get();
        if q.trim().is_empty() {
            String::new()
        } else {
            let n = search_result.with(|r| r.hits.len());
            match n {
                0 => t(m::JSON__NO_MATCHES).into(),
                n if n >= MAX_SEARCH_HITS => tn(m::JSON__MATCHES_CAPPED, n as u64, &[]),
                n => tn(m::JSON__MATCHES, n as u64, &[]),
            }
        }
    };
    let root_value = value.clone();
    let raw_value = value.clone();
    view! {
        <section class="json-section" aria-labelledby=format!("{slug}-title")>
            <h2 id=format!("{slug}-title")>{title}</h2>
            <div class="json-toolbar" role="toolbar" aria-label=tf(m::JSON__TOOLS, &[("section", title)])>
                <label class="visually-hidden" for=format!("{slug}-search")>
                    {tf(m::JSON__SEARCH_LABEL, &[("section", title)])}
                </label>
                <input
                    id=format!("{slug}-search")
                    type="search"
                    placeholder=t(m::JSON__SEARCH_PLACEHOLDER)
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
                <span class="hit-count" aria-live="polite">{hit_count}</span>
                <button type="button" on:click=expand_all>{t(m::JSON__EXPAND_ALL)}</button>
                <button type="button" on:click=collapse_all>{t(m::JSON__COLLAPSE_ALL)}</button>
                <button type="button" on:click=copy_value disabled=nothing_selected>{t(m::JSON__COPY_VALUE)}</button>
                <button type="button" on:click=copy_path disabled=nothing_selected>{t(m::JSON__COPY_PATH)}</button>
                <button type="button" on:click=copy_section>{t(m::JSON__COPY_JSON)}</button>
                <button type="button" aria-pressed=move || raw.get().to_string() on:click=move |_| raw.update(|r| *r = !*r)>
                    {t(m::JSON__RAW)}
                </button>
            </div>
            <p class="selected-path">
                {move || tree.selected.with(|s| s.as_ref().map(|sel| tf(m::JSON__SELECTED, &[("path", &sel.path)])))}
            </p>
            {move || {
                if raw.get() {
                    view! {
                        <pre class="raw-json">{serde_json::to_string_pretty(&masked(&raw_value)).unwrap_or_default()}</pre>
                    }
                    .into_any()
                } else {
                    view! {
                        <ul class="json-tree" aria-label=title>
                            {node(tree, "$".into(), false, root_value.clone(), "$".into())}
                        </ul>
                    }
                    .into_any()
                }
            }}
        </section>
    }
    .into_any()
}
