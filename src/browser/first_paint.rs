//! Holding the page's first paint until its main content is drawn: while the app builds its
//! page around a request still in flight, the browser would otherwise style, lay out and paint
//! that page without its content, then all of it again a moment later with it — on the first
//! rows' path (BENCHMARKS.md, Experiments). Held by `html[data-holding]` in style/main.css
//! (`content-visibility: hidden` on the body), never longer than the wait given: a slow API
//! shows the page, and its "Loading…" state, as before.
//!
//! `after_first_paint` keeps what would undo the hold off that path: a `<select>` put in the page
//! makes Chromium's autofill lay the whole page out in a task of its own — the held body
//! included, 10 ms on a returning open — so the header's theme select, built with the shell long
//! before the rows, comes once the held page has painted. (What is built with the rows, such as
//! the page size, comes after the release anyway: the page is shown by then.)

use std::cell::{Cell, RefCell};
use std::time::Duration;

use leptos::prelude::{request_animation_frame, set_timeout, RwSignal, Set, Signal};

const ATTRIBUTE: &str = "data-holding";

thread_local! {
    static HOLDING: Cell<bool> = const { Cell::new(false) };
    static WAITING: RefCell<Vec<Box<dyn FnOnce()>>> = RefCell::new(Vec::new());
}

fn root() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.document_element()
}

/// Holds the first paint until `release`, or for `at_most`.
pub fn hold(at_most: Duration) {
    if let Some(root) = root() {
        let _ = root.set_attribute(ATTRIBUTE, "");
        HOLDING.with(|h| h.set(true));
        set_timeout(release, at_most);
    }
}

/// Lets the page paint (at the end of the current task, with whatever it has drawn by then);
/// what waits for that paint runs in the frame after it.
pub fn release() {
    if let Some(root) = root() {
        let _ = root.remove_attribute(ATTRIBUTE);
    }
    if HOLDING.with(|h| h.replace(false)) {
        request_animation_frame(|| {
            request_animation_frame(|| {
                for f in WAITING.with(|w| std::mem::take(&mut *w.borrow_mut())) {
                    f();
                }
            })
        });
    }
}

/// True from the frame after the held page paints, or at once when nothing is held (any more):
/// a control shown only then keeps its space in style/main.css meanwhile.
pub fn after_first_paint() -> Signal<bool> {
    if !HOLDING.with(Cell::get) {
        return Signal::stored(true);
    }
    let painted = RwSignal::new(false);
    // Gone by then (the view was left): nothing to show.
    WAITING.with(|w| {
        w.borrow_mut()
            .push(Box::new(move || _ = painted.try_set(true)))
    });
    painted.into()
}
