use leptos::prelude::*;

use crate::app::app_href;

/// A real `<a href>` to a path inside the app (router base added): the router handles the click,
/// and open-in-new-tab works. Unlike leptos_router's `<A>`, it never marks itself
/// `aria-current="page"`: list links differ only in their query string, which `<A>` ignores, so
/// every one of them would claim to be the current page.
///
/// Give it no `on:` handlers: the app is built with Leptos's `erase_components`, under which a
/// handler spread onto a component is added again, not replaced, when the view is redrawn (the
/// old one stays on the element). Where a link needs a handler, write the `<a>` with `app_href`.
#[component]
pub fn Link(#[prop(into)] href: String, children: Children) -> impl IntoView {
    view! { <a href=app_href(&href)>{children()}</a> }
}
