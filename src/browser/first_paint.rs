//! Holding the page's first paint until its main content is drawn: while the app builds its
//! page around a request still in flight, the browser would otherwise style, lay out and paint
//! that page without its content, then all of it again a moment later with it — on the first
//! rows' path (BENCHMARKS.md, Experiments). Held by `html[data-holding]` in style/main.css
//! (`content-visibility: hidden` on the body), never longer than the wait given: a slow API
//! shows the page, and its "Loading…" state, as before.

use std::time::Duration;

const ATTRIBUTE: &str = "data-holding";

fn root() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.document_element()
}

/// Holds the first paint until `release`, or for `at_most`.
pub fn hold(at_most: Duration) {
    if let Some(root) = root() {
        let _ = root.set_attribute(ATTRIBUTE, "");
        leptos::prelude::set_timeout(release, at_most);
    }
}

/// Lets the page paint (at the end of the current task, with whatever it has drawn by then).
pub fn release() {
    if let Some(root) = root() {
        let _ = root.remove_attribute(ATTRIBUTE);
    }
}
