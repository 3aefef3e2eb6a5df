//! "Saved views": name the current filters, open, rename and delete views, and share them as a
//! JSON file. Kept per browser (localStorage); another tab's changes show up here too.

use leptos::prelude::*;

use crate::app::popover::Popover;
use wasm_bindgen::JsCast;

use crate::app::link::Link;
use crate::app::AppContext;
use crate::browser::download;
use crate::browser::storage;
use crate::browser::zone::now;
use crate::common::time::Preset;
use crate::i18n::{m, number, t, tf, Msg};
use crate::list::query::ListQuery;
use crate::list::saved_views::{
    clean_name, describe, from_storage, import, relative_range, rename, to_export_file, to_storage,
    upsert, view_query, SavedView,
};

const STORAGE_KEY: &str = "audit-console.views";
/// The name of the file views are exported to.
const EXPORT_FILE: &str = "audit-console-views.json";

/// A preset in the middle of a sentence ("last 24 hours").
fn range_in_sentence(p: Preset) -> Msg {
    match p {
        Preset::Minutes15 => m::LIST__TITLE_LAST_15_MINUTES,
        Preset::Hour => m::LIST__TITLE_LAST_HOUR,
        Preset::Hours24 => m::LIST__TITLE_LAST_24_HOURS,
        Preset::Days7 => m::LIST__TITLE_LAST_7_DAYS,
        Preset::Days30 => m::LIST__TITLE_LAST_30_DAYS,
        Preset::All => m::LIST__TITLE_ALL_TIME,
    }
}

fn load() -> Vec<SavedView> {
    storage::read_local(STORAGE_KEY)
        .map(|text| from_storage(&text))
        .unwrap_or_default()
}

/// Changes the views and stores them, then says `done`, or that the browser refused to keep
/// them (which `done` must not hide).
fn change(
    views: RwSignal<Vec<SavedView>>,
    message: RwSignal<String>,
    done: String,
    edit: impl FnOnce(&mut Vec<SavedView>),
) {
    views.update(edit);
    let stored = storage::write_local(STORAGE_KEY, &views.with_untracked(|v| to_storage(v)));
    message.set(if stored {
        done
    } else {
        tf(m::SAVED__NOT_STORED, &[("done", &done)])
    });
}

#[component]
pub fn SavedViews(query: Memo<ListQuery>) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let views = RwSignal::new(load());
    let message = RwSignal::new(String::new());
    let _ = window_event_listener(leptos::ev::storage, move |ev| {
        if ev.key().as_deref() == Some(STORAGE_KEY) {
            views.set(load());
        }
    });
    let name = RwSignal::new(String::new());
    let keep_relative = RwSignal::new(true);
    let relative = Memo::new(move |_| relative_range(&query.get(), now()));
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let clean = clean_name(&name.get_untracked());
        if clean.is_empty() {
            message.set(t(m::SAVED__NAME_FIRST).into());
            return;
        }
        let range = relative
            .get_untracked()
            .filter(|_| keep_relative.get_untracked());
        let query = view_query(&query.get_untracked(), range);
        let replaced = views.with_untracked(|v| v.iter().any(|v| v.name == clean));
        let done = tf(
            if replaced {
                m::SAVED__UPDATED
            } else {
                m::SAVED__SAVED
            },
            &[("name", &clean)],
        );
        change(views, message, done, |v| {
            upsert(v, SavedView { name: clean, query })
        });
        name.set(String::new());
    };
    let relative_choice = move || {
        relative.get().map(|p| {
            let range = t(range_in_sentence(p));
            view! {
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || keep_relative.get()
                        on:change=move |ev| keep_relative.set(event_target_checked(&ev))
                    />
                    {tf(m::SAVED__KEEP_RELATIVE, &[("range", range)])}
                </label>
            }
        })
    };
    let label = move |ct: i64| ctx.content_type_name(ct);
    let items = move || {
        views
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, view)| view_item(views, message, index, view, &label))
            .collect_view()
    };
    let export = move |_| {
        let text = views.with_untracked(|v| to_export_file(v));
        let saved = download::text_blob(&text, "application/json")
            .and_then(|b| download::save(&b, EXPORT_FILE));
        message.set(match saved {
            Some(_) => tf(m::SAVED__EXPORTED, &[("file", EXPORT_FILE)]),
            None => t(m::SAVED__FILE_NOT_CREATED).into(),
        });
    };
    let import_file = move |ev: leptos::ev::Event| {
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        let Some(file) = input
            .as_ref()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
        else {
            return;
        };
        if let Some(i) = &input {
            // The same file can be chosen again.
            i.set_value("");
        }
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|v| v.as_string());
            let Some(text) = text else {
                message.set(t(m::SAVED__FILE_UNREADABLE).into());
                return;
            };
            let mut merged = views.get_untracked();
            match import(&mut merged, &text) {
                Ok(report) => change(views, message, report.message(), |v| *v = merged),
                Err(why) => message.set(why),
            }
        });
    };
    view! {
        <Popover
            label=Signal::derive(move || {
                tf(
                    m::SAVED__MENU,
                    &[("count", &number(views.with(Vec::len) as u64))],
                )
            })
            id="saved-views-menu"
            class="menu saved-views"
            end=true
        >
            <div class="menu-body">
                <form class="save-view" on:submit=save>
                    <label for="view-name">{t(m::SAVED__NAME_LABEL)}</label>
                    <div class="row">
                        <input
                            id="view-name"
                            type="text"
                            maxlength="120"
                            prop:value=move || name.get()
                            on:input=move |ev| name.set(event_target_value(&ev))
                        />
                        <button type="submit">{t(m::SAVED__SAVE)}</button>
                    </div>
                    {relative_choice}
                </form>
                <p class="view-message" role="status">{move || message.get()}</p>
                <Show
                    when=move || views.with(|v| !v.is_empty())
                    fallback=|| view! { <p class="hint">{t(m::SAVED__NONE_YET)}</p> }
                >
                    <ul class="view-list" aria-label=t(m::SAVED__LIST)>{items}</ul>
                </Show>
                <div class="view-files">
                    <button type="button" class="secondary" on:click=export>{t(m::SAVED__EXPORT)}</button>
                    <label class="file">
                        {t(m::SAVED__IMPORT)}" "
                        <input type="file" accept=".json,application/json" on:change=import_file />
                    </label>
                </div>
            </div>
        </Popover>
    }
}

/// One saved view: its link, what it shows, and rename / delete.
fn view_item(
    views: RwSignal<Vec<SavedView>>,
    message: RwSignal<String>,
    index: usize,
    view: SavedView,
    label: &dyn Fn(i64) -> Option<String>,
) -> impl IntoView {
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(view.name.clone());
    let description = describe(&view, label);
    let name = view.name.clone();
    let href = view.href();
    let delete_name = name.clone();
    let delete = move |_| {
        let gone = delete_name.clone();
        change(
            views,
            message,
            tf(m::SAVED__DELETED, &[("name", &gone)]),
            |v| {
                v.retain(|x| x.name != gone);
            },
        );
    };
    let commit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut next = views.get_untracked();
        match rename(&mut next, index, &draft.get_untracked()) {
            Ok(()) => change(views, message, t(m::SAVED__RENAMED).into(), |v| *v = next),
            Err(why) => message.set(why),
        }
    };
    let shown_name = name.clone();
    view! {
        <li>
            <Show
                when=move || editing.get()
                fallback=move || {
                    let text = shown_name.clone();
                    let href = href.clone();
                    let description = description.clone();
                    let rename_label = tf(m::SAVED__RENAME_VIEW, &[("name", &shown_name)]);
                    let delete_label = tf(m::SAVED__DELETE_VIEW, &[("name", &shown_name)]);
                    view! {
                        <Link href=href>{text}</Link>
                        <span class="view-desc">{description}</span>
                        <button
                            type="button"
                            class="secondary"
                            aria-label=rename_label
                            on:click=move |_| editing.set(true)
                        >
                            {t(m::SAVED__RENAME)}
                        </button>
                        <button type="button" class="secondary" aria-label=delete_label on:click=delete.clone()>
                            {t(m::SAVED__DELETE)}
                        </button>
                    }
                }
            >
                <form class="rename" on:submit=commit>
                    <input
                        type="text"
                        maxlength="120"
                        aria-label=tf(m::SAVED__NEW_NAME, &[("name", &name)])
                        prop:value=move || draft.get()
                        on:input=move |ev| draft.set(event_target_value(&ev))
                    />
                    <button type="submit">{t(m::SAVED__SAVE_NAME)}</button>
                    <button type="button" class="secondary" on:click=move |_| editing.set(false)>{t(m::SAVED__CANCEL)}</button>
                </form>
            </Show>
        </li>
    }
}
