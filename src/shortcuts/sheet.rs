//! Listens for the keyboard shortcuts of a screen (`crate::shortcuts` decides) and acts through
//! the page's own controls — the same links and buttons a mouse would use — so a shortcut never
//! does anything the screen cannot. `?` shows the sheet.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::browser::clipboard::CopyStatus;
use crate::i18n::{m, t};
use crate::shortcuts::{action, help, next_row, Action, KeyPress, Screen};

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// The first element matching `selector`, as an HTML element.
fn element(selector: &str) -> Option<HtmlElement> {
    document()?.query_selector(selector).ok()??.dyn_into().ok()
}

/// Whether keys typed now are text: focus in a field, select or editable element.
fn typing(target: Option<web_sys::EventTarget>) -> bool {
    let Some(el) = target.and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
        return false;
    };
    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        || el
            .dyn_ref::<HtmlElement>()
            .is_some_and(|h| h.is_content_editable())
}

/// Every row's time link (it stands for the row), and the position of the focused one.
fn row_links() -> Option<(web_sys::NodeList, Option<u32>)> {
    let doc = document()?;
    let links = doc
        .query_selector_all("table.events tbody tr td.time a")
        .ok()?;
    let active = doc.active_element();
    let current = (0..links.length()).find(|i| {
        links
            .item(*i)
            .zip(active.clone())
            .is_some_and(|(l, a)| l.is_same_node(Some(&a)))
    });
    Some((links, current))
}

/// Focuses the row `delta` away from the focused one.
fn move_row(delta: i64) {
    let Some((links, current)) = row_links() else {
        return;
    };
    if let Some(i) = next_row(current.map(|i| i as usize), links.length() as usize, delta) {
        if let Some(link) = links
            .item(i as u32)
            .and_then(|n| n.dyn_into::<HtmlElement>().ok())
        {
            let _ = link.focus();
        }
    }
}

#[component]
pub fn Shortcuts(screen: Screen) -> impl IntoView {
    let open = RwSignal::new(false);
    let status = CopyStatus::new();
    let handle = window_event_listener(ev::keydown, move |e| {
        let key = e.key();
        let press = KeyPress {
            key: &key,
            modified: e.ctrl_key() || e.meta_key() || e.alt_key(),
            typing: typing(e.target()),
        };
        let Some(act) = action(press, screen) else {
            return;
        };
        match act {
            Action::NextRow => move_row(1),
            Action::PreviousRow => move_row(-1),
            Action::FocusFilters => {
                let focus_first_field = || {
                    if let Some(field) = element(".filters input, .filters select") {
                        let _ = field.focus();
                    }
                };
                // On a small screen the filters are folded away: unfold them, then focus once
                // they are drawn.
                match element(".filters-toggle[aria-expanded=false]")
                    .filter(|t| t.offset_parent().is_some())
                {
                    Some(toggle) => {
                        toggle.click();
                        request_animation_frame(focus_first_field);
                    }
                    None => focus_first_field(),
                }
            }
            Action::PickRow => {
                // The focused row, by position (its elements are redrawn when picking starts).
                let Some((_, Some(index))) = row_links() else {
                    return;
                };
                let pick = move || {
                    let row = document()
                        .and_then(|d| d.query_selector_all("table.events tbody tr").ok())
                        .and_then(|rows| rows.item(index))
                        .and_then(|r| r.dyn_into::<web_sys::Element>().ok());
                    let find = |selector: &str| {
                        row.as_ref()
                            .and_then(|r| r.query_selector(selector).ok().flatten())
                            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
                    };
                    if let Some(checkbox) = find("td.pick input") {
                        checkbox.click();
                    }
                    if let Some(link) = find("td.time a") {
                        let _ = link.focus();
                    }
                };
                match element(".pick-mode") {
                    Some(start) => {
                        start.click();
                        request_animation_frame(pick);
                    }
                    None => pick(),
                }
            }
            Action::Compare => {
                if let Some(a) = element(".compare-bar a") {
                    a.click();
                }
            }
            Action::ToggleSummary => {
                if let Some(b) = element("button.summary-toggle") {
                    b.click();
                }
            }
            Action::Previous => {
                if let Some(a) = element("a[rel=prev]") {
                    a.click();
                }
            }
            Action::Next => {
                if let Some(a) = element("a[rel=next]") {
                    a.click();
                }
            }
            Action::ToggleZone => {
                let toggle = || {
                    if let Some(b) = element(".zone-toggle button") {
                        b.click();
                    }
                };
                // The switch is in the time-range popover, drawn when it first opens.
                match (
                    element(".zone-toggle button"),
                    element("#range-panel-button"),
                ) {
                    (None, Some(range)) => {
                        range.click();
                        request_animation_frame(toggle);
                    }
                    _ => toggle(),
                }
            }
            Action::CopyLink => {
                if let Some(href) = web_sys::window().and_then(|w| w.location().href().ok()) {
                    status.copy(t(m::CLIPBOARD__WHAT_VIEW_LINK), href);
                }
            }
            Action::ToggleHelp => open.update(|o| *o = !*o),
            Action::CloseHelp => {
                if !open.get_untracked() {
                    return;
                }
                open.set(false);
            }
        }
        e.prevent_default();
    });
    on_cleanup(move || handle.remove());
    // Drawn when the sheet opens, not with every page.
    let rows = move || {
        help(screen)
            .into_iter()
            .map(|(key, what)| {
                view! {
                    <dt>
                        <kbd>{key}</kbd>
                    </dt>
                    <dd>{what}</dd>
                }
            })
            .collect_view()
    };
    view! {
        <p class="visually-hidden" role="status" aria-live="polite">
            {move || status.0.get()}
        </p>
        <Show when=move || open.get()>
            <section class="shortcuts-help" role="dialog" aria-labelledby="shortcuts-title">
                <h2 id="shortcuts-title">{t(m::SHORTCUTS__TITLE)}</h2>
                <dl>{rows}</dl>
                <p class="hint">{t(m::SHORTCUTS__HINT)}</p>
                <button type="button" on:click=move |_| open.set(false)>
                    {t(m::SHORTCUTS__CLOSE)}
                </button>
            </section>
        </Show>
    }
}
