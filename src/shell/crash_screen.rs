//! What a panic leaves on screen: a plain message and a reload button, built with DOM calls (the
//! app's own rendering may be what failed). The panic itself is logged by the hook in main.rs.

use crate::i18n::{m, t};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Replaces the whole page with the crash screen.
pub fn show() {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        show_in(&body);
    }
}

/// Replaces the contents of `container` with the crash screen.
pub fn show_in(container: &web_sys::Element) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    container.set_text_content(None);
    let main = document.create_element("main").ok();
    let heading = document.create_element("h1").ok();
    let text = document.create_element("p").ok();
    let button = document.create_element("button").ok();
    let (Some(main), Some(heading), Some(text), Some(button)) = (main, heading, text, button)
    else {
        return;
    };
    let _ = main.set_attribute("class", "page crash");
    let _ = main.set_attribute("role", "alert");
    heading.set_text_content(Some(t(m::CRASH__TITLE)));
    text.set_text_content(Some(t(m::CRASH__TEXT)));
    let _ = button.set_attribute("type", "button");
    button.set_text_content(Some(t(m::CRASH__RELOAD)));
    let reload = Closure::<dyn Fn()>::new(|| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    });
    let _ = button.add_event_listener_with_callback("click", reload.as_ref().unchecked_ref());
    reload.forget();
    for child in [&heading, &text, &button] {
        let _ = main.append_child(child);
    }
    let _ = container.append_child(&main);
}
