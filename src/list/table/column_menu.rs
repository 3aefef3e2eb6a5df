//! "Columns": show, hide and reorder the list's columns, and pick the row density. The layout is
//! remembered per browser.

use leptos::prelude::*;

use crate::i18n::{m, split, t, tf};

use crate::app::popover::Popover;

use crate::browser::storage;
use crate::list::table::{Column, ColumnLayout, Density};

const STORAGE_KEY: &str = "audit-console.columns";

/// The layout this browser last used (the default when none, or unreadable).
pub fn remembered_layout() -> ColumnLayout {
    storage::read_local(STORAGE_KEY)
        .map(|text| ColumnLayout::from_json(&text))
        .unwrap_or_default()
}

fn change(layout: RwSignal<ColumnLayout>, edit: impl FnOnce(&mut ColumnLayout)) {
    layout.update(edit);
    storage::write_local(STORAGE_KEY, &layout.with_untracked(ColumnLayout::to_json));
}

/// Moves a column and keeps keyboard focus on its button (or, at an end, on the other one), which
/// the re-ordered list would otherwise drop.
fn shift(layout: RwSignal<ColumnLayout>, column: Column, by: isize) {
    change(layout, |l| l.shift(column, by));
    let can = layout.with_untracked(|l| l.can_shift(column, by));
    let id = move_id(column, if can { by } else { -by });
    request_animation_frame(move || {
        let button = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id));
        if let Some(b) =
            button.and_then(|b| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(b).ok())
        {
            let _ = b.focus();
        }
    });
}

fn move_id(column: Column, by: isize) -> String {
    format!(
        "move-{}-{}",
        column.key(),
        if by < 0 { "up" } else { "down" }
    )
}

fn column_item(layout: RwSignal<ColumnLayout>, column: Column) -> impl IntoView {
    let label = column.label();
    let show = split(m::COLUMNS__SHOW, "column");
    view! {
        <li>
            <label>
                <input
                    type="checkbox"
                    prop:checked=move || layout.with(|l| l.is_shown(column))
                    disabled=!column.can_hide()
                    on:change=move |ev| {
                        let shown = event_target_checked(&ev);
                        change(layout, |l| l.set_shown(column, shown))
                    }
                />
                // Named "Show the User column", not just "User", which the filter field is called.
                <span class="visually-hidden">{show[0]}</span>
                {label}
                <span class="visually-hidden">{show[1]}</span>
                {(!column.can_hide()).then_some(t(m::COLUMNS__ALWAYS_SHOWN))}
            </label>
            <button
                type="button"
                class="secondary"
                id=move_id(column, -1)
                aria-label=tf(m::COLUMNS__EARLIER, &[("column", label)])
                disabled=move || layout.with(|l| !l.can_shift(column, -1))
                on:click=move |_| shift(layout, column, -1)
            >
                "↑"
            </button>
            <button
                type="button"
                class="secondary"
                id=move_id(column, 1)
                aria-label=tf(m::COLUMNS__LATER, &[("column", label)])
                disabled=move || layout.with(|l| !l.can_shift(column, 1))
                on:click=move |_| shift(layout, column, 1)
            >
                "↓"
            </button>
        </li>
    }
}

#[component]
pub fn ColumnMenu(layout: RwSignal<ColumnLayout>) -> impl IntoView {
    // The list follows the layout's order, so a moved column moves here too.
    let items = view! {
        <For
            each=move || layout.with(|l| l.order.clone())
            key=|c| *c
            children=move |c| column_item(layout, c)
        />
    };
    let density = move |d: Density, text: &'static str| {
        view! {
            <label>
                <input
                    type="radio"
                    name="density"
                    prop:checked=move || layout.with(|l| l.density == d)
                    on:change=move |_| change(layout, |l| l.density = d)
                />
                {text}
            </label>
        }
    };
    view! {
        <Popover label=t(m::COLUMNS__MENU) id="columns-menu" class="menu columns-menu" end=true>
            <div class="menu-body">
                <ul class="column-list" aria-label=t(m::COLUMNS__LIST)>{items}</ul>
                <fieldset>
                    <legend>{t(m::COLUMNS__DENSITY)}</legend>
                    {density(Density::Comfortable, t(m::COLUMNS__COMFORTABLE))}
                    {density(Density::Compact, t(m::COLUMNS__COMPACT))}
                </fieldset>
                <button type="button" class="secondary" on:click=move |_| change(layout, |l| *l = ColumnLayout::default())>
                    {t(m::COLUMNS__RESET)}
                </button>
            </div>
        </Popover>
    }
}
