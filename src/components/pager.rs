use leptos::prelude::*;
use leptos_router::components::A;

use crate::format::range_label;
use crate::query::ListQuery;

/// "51–100 of 12,345" with previous/next links built from the app's own query (never the API's
/// `next`/`previous` URLs).
#[component]
pub fn Pager(query: ListQuery, page_size: u32, count: u64, shown: usize) -> impl IntoView {
    let pages = count.div_ceil(page_size as u64).max(1);
    let page = query.page;
    let link = |p: u64| {
        let qs = query.with_page(p).to_query_string();
        if qs.is_empty() {
            "/".to_string()
        } else {
            format!("/?{qs}")
        }
    };
    let prev = (page > 1).then(|| link(page - 1));
    let next = (page < pages).then(|| link(page + 1));
    view! {
        <nav class="pager" aria-label="Pages">
            <span class="range" aria-live="polite">{range_label(page, page_size, count, shown)}</span>
            {prev.map(|href| view! { <A href=href attr:rel="prev">"Previous page"</A> })}
            {next.map(|href| view! { <A href=href attr:rel="next">"Next page"</A> })}
        </nav>
    }
}
