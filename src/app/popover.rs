//! A menu button (its caret drawn by style/main.css, silent to screen readers) whose panel opens over the page instead of pushing it down (the disclosure
//! pattern: a real button with `aria-expanded`, the panel right after it in reading order).
//! Escape closes it and gives focus back to its button; a press outside closes it. The panel's
//! contents are built when it first opens, not with the page (a page has several menus, and
//! building them all would hold back its first rows).

use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn Popover(
    /// The button's text (a caret is added, hidden from screen readers).
    #[prop(into)]
    label: Signal<String>,
    /// The panel's id, for `aria-controls`.
    id: &'static str,
    /// Extra classes on the wrapper.
    #[prop(optional)]
    class: &'static str,
    /// Open state, when the caller opens or closes it too; otherwise its own.
    #[prop(optional)]
    open: Option<RwSignal<bool>>,
    /// The panel lines up with the button's right edge (a button at the right of a toolbar).
    #[prop(optional)]
    end: bool,
    /// A visible label elsewhere (its id) that names the button with its text.
    #[prop(optional)]
    labelled_by: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let open = open.unwrap_or_else(|| RwSignal::new(false));
    // Once opened, the contents stay (and keep their state) while the panel is hidden again.
    let drawn = Memo::new(move |before: Option<&bool>| before == Some(&true) || open.get());
    let children = StoredValue::new_local(Some(children));
    let contents = move || {
        drawn
            .get()
            .then(|| {
                children
                    .try_update_value(Option::take)
                    .flatten()
                    .map(|c| c())
            })
            .flatten()
    };
    let root = NodeRef::<html::Div>::new();
    let button = NodeRef::<html::Button>::new();
    let outside = window_event_listener(ev::pointerdown, move |e| {
        if !open.try_get_untracked().unwrap_or(false) {
            return;
        }
        let target = e.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        let inside = root
            .try_get_untracked()
            .flatten()
            .is_some_and(|r| r.contains(target.as_ref()));
        if !inside {
            open.set(false);
        }
    });
    on_cleanup(move || outside.remove());
    let keydown = move |e: ev::KeyboardEvent| {
        if e.key() == "Escape" && open.get_untracked() {
            e.stop_propagation();
            open.set(false);
            if let Some(b) = button.get_untracked() {
                let _ = b.focus();
            }
        }
    };
    view! {
        <div class=format!("popover-wrap {class}") node_ref=root on:keydown=keydown>
            <button
                type="button"
                class="menu-button"
                node_ref=button
                id=format!("{id}-button")
                aria-labelledby=labelled_by.map(|l| format!("{l} {id}-button"))
                aria-expanded=move || open.get().to_string()
                aria-controls=id
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <span class="menu-label">{move || label.get()}</span>
            </button>
            <div id=id class="popover" class:end=end hidden=move || !open.get()>
                {contents}
            </div>
        </div>
    }
}
