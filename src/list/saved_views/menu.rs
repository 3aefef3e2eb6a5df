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
use crate::list::query::ListQuery;
use crate::list::saved_views::{
    clean_name, describe, from_storage, import, relative_range, rename, to_export_file, to_storage,
    upsert, view_query, SavedView,
};

const STORAGE_KEY: &str = "audit-console.views";

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
        format!("{done} This browser refused to store the views; they last until the tab closes.")
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
            message.set("Give the view a name first.".into());
            return;
        }
        let range = relative
            .get_untracked()
            .filter(|_| keep_relative.get_untracked());
        let query = view_query(&query.get_untracked(), range);
        let replaced = views.with_untracked(|v| v.iter().any(|v| v.name == clean));
        let done = if replaced {
            format!("Updated “{clean}”.")
        } else {
            format!("Saved “{clean}”.")
        };
        change(views, message, done, |v| {
            upsert(v, SavedView { name: clean, query })
        });
        name.set(String::new());
    };
    let relative_choice = move || {
        relative.get().map(|p| {
            let range = p.label().to_lowercase();
            view! {
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || keep_relative.get()
                        on:change=move |ev| keep_relative.set(event_target_checked(&ev))
                    />
                    {format!("Keep the range relative: “{range}” from when the view is opened")}
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
            .and_then(|b| download::save(&b, "audit-console-views.json"));
        message.set(match saved {
            Some(_) => "Exported the views to audit-console-views.json.".into(),
            None => "The browser could not create the file.".into(),
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
                message.set("The file could not be read.".into());
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
            label=Signal::derive(move || format!("Saved views ({})", views.with(Vec::len)))
            id="saved-views-menu"
            class="menu saved-views"
            end=true
        >
            <div class="menu-body">
                <form class="save-view" on:submit=save>
                    <label for="view-name">"Name the current view"</label>
                    <div class="row">
                        <input
                            id="view-name"
                            type="text"
                            maxlength="120"
                            prop:value=move || name.get()
                            on:input=move |ev| name.set(event_target_value(&ev))
                        />
                        <button type="submit">"Save view"</button>
                    </div>
                    {relative_choice}
                </form>
                <p class="view-message" role="status">{move || message.get()}</p>
                <Show
                    when=move || views.with(|v| !v.is_empty())
                    fallback=|| view! { <p class="hint">"No saved views yet. Filter the list, then name it here."</p> }
                >
                    <ul class="view-list" aria-label="Saved views">{items}</ul>
                </Show>
                <div class="view-files">
                    <button type="button" class="secondary" on:click=export>"Export views"</button>
                    <label class="file">
                        "Import views from a file "
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
        change(views, message, format!("Deleted “{gone}”."), |v| {
            v.retain(|x| x.name != gone);
        });
    };
    let commit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut next = views.get_untracked();
        match rename(&mut next, index, &draft.get_untracked()) {
            Ok(()) => change(views, message, "Renamed.".into(), |v| *v = next),
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
                    let for_rename = format!(" {shown_name}");
                    let for_delete = for_rename.clone();
                    view! {
                        <Link href=href>{text}</Link>
                        <span class="view-desc">{description}</span>
                        <button type="button" class="secondary" on:click=move |_| editing.set(true)>
                            "Rename"<span class="visually-hidden">{for_rename}</span>
                        </button>
                        <button type="button" class="secondary" on:click=delete.clone()>
                            "Delete"<span class="visually-hidden">{for_delete}</span>
                        </button>
                    }
                }
            >
                <form class="rename" on:submit=commit>
                    <input
                        type="text"
                        maxlength="120"
                        aria-label=format!("New name for {name}")
                        prop:value=move || draft.get()
                        on:input=move |ev| draft.set(event_target_value(&ev))
                    />
                    <button type="submit">"Save name"</button>
                    <button type="button" class="secondary" on:click=move |_| editing.set(false)>"Cancel"</button>
                </form>
            </Show>
        </li>
    }
}
