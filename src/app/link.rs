use leptos::prelude::*;

use crate::app::app_href;

/// A real `<a href>` to a path inside the app (router base added): the router handles the click,
/// and open-in-new-tab works. Unlike leptos_router's `<A>`, it never marks itself
/// `aria-current="page"`: list links differ only in their query string, which `<A>` ignores, so
/// every one of them would claim to be the current page.
#[component]
pub fn Link(#[prop(into)] href: String, children: Children) -> impl IntoView {
    view! { <a href=app_href(&href)>{children()}</a> }
}
