//! "51–100 of 12,345", first/previous/numbered/next/last links and jump-to-page. Links are built
//! from the app's own query, never from the API's `next`/`previous` URLs.

use crate::app::link::Link;
use leptos::html;
use leptos::prelude::*;

use crate::common::format::{range_label, thousands};
use crate::list::pagination::{page_count, page_items, PageItem};
use crate::list::query::ListQuery;

#[component]
pub fn Pager(
    query: ListQuery,
    page_size: u32,
    count: u64,
    shown: usize,
    /// Distinguishes the top and bottom pagers' landmarks and ids.
    position: &'static str,
) -> impl IntoView {
    let pages = page_count(count, page_size);
    let page = query.page;
    let link = |p: u64| query.with_page(p).to_href();
    let step = |p: u64, enabled: bool, label: &'static str, rel: Option<&'static str>| {
        if enabled {
            view! {
                <Link href=link(p) attr:rel=rel attr:class="step">
                    {label}
                </Link>
            }
            .into_any()
        } else {
            view! {
                <span class="step disabled" aria-disabled="true">
                    {label}
                </span>
            }
            .into_any()
        }
    };
    let numbers = page_items(page, pages, 2)
        .into_iter()
        .map(|item| match item {
            PageItem::Gap => view! { <li class="gap" aria-hidden="true">"…"</li> }.into_any(),
            PageItem::Page(p) if p == page => view! {
                <li>
                    <span class="current" aria-current="page" aria-label=format!("Page {p}")>
                        {thousands(p)}
                    </span>
                </li>
            }
            .into_any(),
            PageItem::Page(p) => view! {
                <li>
                    <Link href=link(p) attr:aria-label=format!("Page {p}")>
                        {thousands(p)}
                    </Link>
                </li>
            }
            .into_any(),
        })
        .collect_view();
    let navigate = crate::app::use_app_navigate();
    let jump_ref = NodeRef::<html::Input>::new();
    let jump_error = RwSignal::new(None::<String>);
    let jump = {
        let query = query.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let text = jump_ref.get().map(|e| e.value()).unwrap_or_default();
            match text.trim().parse::<u64>() {
                Ok(p) if (1..=pages).contains(&p) => {
                    jump_error.set(None);
                    navigate(&query.with_page(p).to_href(), false);
                }
                _ => jump_error.set(Some(format!(
                    "Enter a page from 1 to {}.",
                    thousands(pages)
                ))),
            }
        }
    };
    let jump_id = format!("jump-{position}");
    let jump_error_id = format!("jump-{position}-error");
    let jump_error_id2 = jump_error_id.clone();
    let range = range_label(page, page_size, count, shown);
    view! {
        <nav class="pager" aria-label=format!("Pages ({position})")>
            <span class="range">{range}</span>
            {step(1, page > 1, "First page", None)}
            {step(page.saturating_sub(1).max(1), page > 1, "Previous page", Some("prev"))}
            <ol class="numbers">{numbers}</ol>
            {step(page + 1, page < pages, "Next page", Some("next"))}
            {step(pages, page < pages, "Last page", None)}
            <form class="jump" on:submit=jump novalidate>
                <label for=jump_id.clone()>"Go to page"</label>
                <input
                    id=jump_id
                    inputmode="numeric"
                    size="5"
                    node_ref=jump_ref
                    aria-describedby=move || jump_error.get().map(|_| jump_error_id.clone())
                />
                <button type="submit">"Go"</button>
                {move || {
                    jump_error
                        .get()
                        .map(|m| view! { <span class="field-error" id=jump_error_id2.clone()>{m}</span> })
                }}
            </form>
        </nav>
    }
}
