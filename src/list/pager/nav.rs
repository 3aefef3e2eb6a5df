//! The pagers. Above the table, compact: previous, "Page 2 of 247", next. Below it, in full:
//! "51–100 of 12,345", first/previous/numbered/next/last links, jump-to-page and the page size.
//! Links are built from the app's own query, never from the API's `next`/`previous` URLs.

use crate::app::config::PAGE_SIZES;
use crate::app::link::Link;
use crate::app::AppContext;
use leptos::html;
use leptos::prelude::*;

use crate::common::format::range_label_of;
use crate::i18n::{m, number, split, t, tf};
use crate::list::pager::{page_count, page_items, PageItem};
use crate::list::query::ListQuery;

#[component]
pub fn Pager(
    query: ListQuery,
    page_size: u32,
    count: u64,
    shown: usize,
    /// `count` is the API's estimate ("of about 10.0M").
    estimate: bool,
    /// The answer's `previous_cursor` and `next_cursor`: previous and next go by them.
    around: (Option<String>, Option<String>),
    /// Distinguishes the top and bottom pagers' landmarks and ids.
    position: &'static str,
) -> impl IntoView {
    let pages = page_count(count, page_size);
    let page = query.page;
    let link = |p: u64| query.with_page(p).to_href();
    // Previous and next read the pages beside this one by the API's cursors when it named them
    // (the same rows at any depth for a cursor's cost); other steps go by number.
    let (before, after) = around;
    let previous = query
        .step_to(page.saturating_sub(1), before.as_deref())
        .to_href();
    let next = query.step_to(page + 1, after.as_deref()).to_href();
    // An estimated count may fall short: a next page the API named exists.
    let has_next = page < pages || after.is_some();
    if position == "top" {
        return view! {
            <nav class="pager compact" aria-label=t(m::PAGER__LABEL_TOP)>
                {step(previous.clone(), page > 1, Step::Previous, true)}
                <span class="page-of">{tf(if estimate { m::PAGER__PAGE_OF_ABOUT } else { m::PAGER__PAGE_OF }, &[("page", &number(page)), ("pages", &number(pages.max(1)))])}</span>
                {step(next.clone(), has_next, Step::Next, true)}
            </nav>
        }
        .into_any();
    }
    let numbers = page_items(page, pages, 2)
        .into_iter()
        .map(|item| match item {
            PageItem::Gap => view! { <li class="gap" aria-hidden="true">"…"</li> }.into_any(),
            PageItem::Page(p) if p == page => view! {
                <li>
                    <span class="current" aria-current="page">{numbered(p)}</span>
                </li>
            }
            .into_any(),
            PageItem::Page(p) => view! {
                <li>
                    <Link href=link(p)>{numbered(p)}</Link>
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
                _ => jump_error.set(Some(tf(m::PAGER__JUMP_ERROR, &[("pages", &number(pages))]))),
            }
        }
    };
    let jump_id = format!("jump-{position}");
    let jump_error_id = format!("jump-{position}-error");
    let jump_error_id2 = jump_error_id.clone();
    let range = range_label_of(page, page_size, count, shown, estimate);
    view! {
        <nav class="pager" aria-label=t(if position == "top" { m::PAGER__LABEL_TOP } else { m::PAGER__LABEL_BOTTOM })>
            <span class="range">{range}</span>
            {step(link(1), page > 1, Step::First, false)}
            {step(previous, page > 1, Step::Previous, false)}
            <ol class="numbers">{numbers}</ol>
            {step(next, has_next, Step::Next, false)}
            {step(link(pages), page < pages, Step::Last, false)}
            <form class="jump" on:submit=jump novalidate>
                <label for=jump_id.clone()>{t(m::PAGER__JUMP)}</label>
                <input
                    id=jump_id
                    inputmode="numeric"
                    size="5"
                    node_ref=jump_ref
                    aria-describedby=move || jump_error.get().map(|_| jump_error_id.clone())
                />
                <button type="submit">{t(m::PAGER__GO)}</button>
                {move || {
                    jump_error
                        .get()
                        .map(|m| view! { <span class="field-error" id=jump_error_id2.clone()>{m}</span> })
                }}
            </form>
            <PageSize query=query.clone() page_size />
        </nav>
    }
    .into_any()
}

#[derive(Clone, Copy)]
enum Step {
    First,
    Previous,
    Next,
    Last,
}

/// A link to `href`, or the same words as plain text when there is no such step (a disabled
/// step is no link at all). Its name is its words: `compact` shows "‹ Previous" and "Next ›",
/// with " page" for screen readers only and the arrow hidden from them, so what is seen is what
/// a voice-control user says ("click Previous").
fn step(href: String, enabled: bool, which: Step, compact: bool) -> AnyView {
    let (before, word, full, after, rel) = match which {
        Step::First => ("", m::PAGER__FIRST, m::PAGER__FIRST_PAGE, "", None),
        Step::Previous => (
            "‹ ",
            m::PAGER__PREVIOUS,
            m::PAGER__PREVIOUS_PAGE,
            "",
            Some("prev"),
        ),
        Step::Next => ("", m::PAGER__NEXT, m::PAGER__NEXT_PAGE, " ›", Some("next")),
        Step::Last => ("", m::PAGER__LAST, m::PAGER__LAST_PAGE, "", None),
    };
    let (word, full) = (t(word), t(full));
    let words = if compact {
        // The word seen, and the rest of its name for screen readers; a language whose name
        // does not start with the word hears the name whole.
        let (seen, heard) = match full.strip_prefix(word) {
            Some(rest) => (view! { {word} }.into_any(), rest),
            None => (
                view! { <span aria-hidden="true">{word}</span> }.into_any(),
                full,
            ),
        };
        view! {
            <span aria-hidden="true">{before}</span>
            {seen}
            <span class="visually-hidden">{heard}</span>
            <span aria-hidden="true">{after}</span>
        }
        .into_any()
    } else {
        full.into_any()
    };
    if enabled {
        view! { <Link href=href attr:rel=rel attr:class="step">{words}</Link> }.into_any()
    } else {
        view! { <span class="step disabled">{words}</span> }.into_any()
    }
}

/// Rows per page: choosing one goes to page 1 of that size.
#[component]
fn PageSize(query: ListQuery, page_size: u32) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let navigate = crate::app::use_app_navigate();
    let default_limit = ctx.config.with_value(|c| c.page_size);
    let options = PAGE_SIZES
        .iter()
        .map(|n| {
            view! {
                <option value=n.to_string() selected=*n == page_size>
                    {n.to_string()}
                </option>
            }
        })
        .collect_view();
    let change = move |ev: leptos::ev::Event| {
        let Ok(n) = event_target_value(&ev).parse::<u32>() else {
            return;
        };
        let next = ListQuery {
            limit: (n != default_limit).then_some(n),
            page: 1,
            ..query.clone()
        };
        navigate(&next.to_href(), false);
    };
    view! {
        <div class="page-size">
            <label for="f-limit">{t(m::PAGER__PAGE_SIZE)}</label>
            <select id="f-limit" name="limit" on:change=change prop:value=page_size.to_string()>
                {options}
            </select>
        </div>
    }
}

/// A page's number, "Page " before it for screen readers where the language puts it.
fn numbered(p: u64) -> impl IntoView {
    let [before, after] = split(m::PAGER__PAGE_HIDDEN, "page");
    view! {
        <span class="visually-hidden">{before}</span>
        {number(p)}
        <span class="visually-hidden">{after}</span>
    }
}
