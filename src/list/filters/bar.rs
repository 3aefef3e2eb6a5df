//! The filter form. Its fields are drafts: the URL holds the state, the form is rebuilt from it
//! whenever it changes, and "Apply" navigates to the URL the fields mean.

use std::collections::BTreeMap;

use crate::i18n::{m, t, tf};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::popover::Popover;
use crate::app::AppContext;
use crate::browser::zone::zone;
use crate::common::time::TimeZoneChoice;
use crate::list::filters::time_controls::{TimePresets, ZoneToggle};
use crate::list::filters::users::UserDirectory;
use crate::list::filters::{self as form, range_label, FormValues};
use crate::list::query::{FieldProblem, ListQuery};

/// Messages under one field, linked to it by `aria-describedby`.
#[component]
fn FieldMessages(id: &'static str, messages: Vec<String>) -> impl IntoView {
    (!messages.is_empty()).then(|| {
        view! {
            <p class="field-error" id=format!("{id}-error")>
                {messages.join(" ")}
            </p>
        }
    })
}

/// A labelled text field with its messages, marked invalid and described by them when there are
/// any (otherwise by `hint`, if given).
#[component]
fn TextField(
    field: &'static str,
    label: &'static str,
    value: String,
    node_ref: NodeRef<html::Input>,
    #[prop(into)] messages: Signal<Vec<String>>,
    #[prop(optional)] placeholder: &'static str,
    #[prop(optional)] numeric: bool,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] class: &'static str,
    /// A `<datalist>` of suggestions (the input becomes a combobox).
    #[prop(optional)]
    list: Option<&'static str>,
) -> impl IntoView {
    let id = format!("f-{field}");
    let has_errors = move || messages.with(|m| !m.is_empty());
    view! {
        <div class=format!("field {class}")>
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=field
                inputmode=numeric.then_some("numeric")
                list=list
                autocomplete=list.map(|_| "off")
                placeholder=placeholder
                node_ref=node_ref
                prop:value=value
                aria-invalid=move || has_errors().to_string()
                aria-describedby=move || {
                    if has_errors() { Some(format!("{field}-error")) } else { hint.map(String::from) }
                }
            />
            {move || view! { <FieldMessages id=field messages=messages.get() /> }}
        </div>
    }
}

#[component]
pub fn FilterForm(
    /// The list's query on page 1 (the form is rebuilt when anything but the page changes).
    query: ListQuery,
    /// The live query, read when the zone is switched (it keeps the page).
    current: Memo<ListQuery>,
    tz: TimeZoneChoice,
    /// Problems from the URL and the API, by form field.
    #[prop(into)]
    outside_problems: Signal<BTreeMap<String, Vec<String>>>,
    /// Users seen in events: the User field's suggestions.
    users: RwSignal<UserDirectory>,
) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let navigate = crate::app::use_app_navigate();
    let rules = zone(tz);
    let shown = form::values_for(&query, rules.as_ref());
    let local_problems = RwSignal::new(Vec::<FieldProblem>::new());
    let problems_for = move |field: &'static str| {
        let mut msgs: Vec<String> = local_problems.with(|ps| {
            ps.iter()
                .filter(|p| p.param == field)
                .map(|p| p.message.clone())
                .collect()
        });
        if msgs.is_empty() {
            msgs = outside_problems.with(|m| m.get(field).cloned().unwrap_or_default());
        }
        msgs
    };
    let described = move |field: &'static str| {
        (!problems_for(field).is_empty()).then(|| format!("{field}-error"))
    };
    let invalid = move |field: &'static str| (!problems_for(field).is_empty()).to_string();

    let user_ref = NodeRef::<html::Input>::new();
    let content_type_input = NodeRef::<html::Input>::new();
    let content_type_select = NodeRef::<html::Select>::new();
    let object_ref = NodeRef::<html::Input>::new();
    let from_ref = NodeRef::<html::Input>::new();
    let to_ref = NodeRef::<html::Input>::new();
    let exact_ref = NodeRef::<html::Input>::new();

    let content_types = ctx.config.with_value(|c| c.content_types.clone());
    // The time fields live in the range popover: it opens by itself when one has a problem
    // (typed here, from the URL, or the API's 400 arriving later).
    let range_open = RwSignal::new(false);
    Effect::new(move |_| {
        let is_time = |p: &str| matches!(p, "from" | "to" | "exact");
        let local = local_problems.with(|ps| ps.iter().any(|p| is_time(&p.param)));
        let outside = outside_problems.with(|m| m.keys().any(|k| is_time(k)));
        if local || outside {
            range_open.set(true);
        }
    });

    let submit = {
        let query = query.clone();
        let shown = shown.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let input = |r: NodeRef<html::Input>| r.get().map(|e| e.value()).unwrap_or_default();
            // The time fields exist once the range popover has been opened; until then they
            // hold what the URL says.
            let time = |r: NodeRef<html::Input>, shown: &str| {
                r.get().map_or_else(|| shown.to_string(), |e| e.value())
            };
            let content_type = match content_type_select.get() {
                Some(s) => s.value(),
                None => input(content_type_input),
            };
            let values = FormValues {
                user: input(user_ref),
                content_type,
                object_id: input(object_ref),
                from: time(from_ref, &shown.from),
                to: time(to_ref, &shown.to),
                exact: time(exact_ref, &shown.exact),
                // Page size is the pager's; the form keeps it.
                limit: query.limit.map(|n| n.to_string()).unwrap_or_default(),
            };
            let applied =
                users.with_untracked(|u| form::apply(&query, &values, zone(tz).as_ref(), u));
            match applied {
                Ok(next) => {
                    local_problems.set(Vec::new());
                    navigate(&next.to_href(), false);
                }
                Err(problems) => local_problems.set(problems),
            }
        }
    };

    let content_type_field = if content_types.is_empty() {
        view! {
            <input
                id="f-content_type"
                name="content_type"
                inputmode="numeric"
                node_ref=content_type_input
                prop:value=shown.content_type.clone()
                aria-invalid=move || invalid("content_type")
                aria-describedby=move || described("content_type")
            />
        }
        .into_any()
    } else {
        let selected = shown.content_type.clone();
        let known = content_types.keys().any(|id| id.to_string() == selected);
        let options = content_types
            .into_iter()
            .map(|(id, label)| {
                let value = id.to_string();
                let is_selected = value == selected;
                view! {
                    <option value=value selected=is_selected>
                        {format!("{label} ({id})")}
                    </option>
                }
            })
            .collect_view();
        // An id from the URL that config.json does not name still shows, by number.
        let unknown = (!known && !selected.is_empty()).then(|| {
            view! {
                <option value=selected.clone() selected=true>
                    {tf(m::FILTERS__TYPE_NUMBERED, &[("id", &selected)])}
                </option>
            }
        });
        view! {
            <select
                id="f-content_type"
                name="content_type"
                node_ref=content_type_select
                prop:value=selected.clone()
                aria-invalid=move || invalid("content_type")
                aria-describedby=move || described("content_type")
            >
                <option value="" selected=selected.is_empty()>
                    {t(m::FILTERS__ANY)}
                </option>
                {unknown}
                {options}
            </select>
        }
        .into_any()
    };

    // The suggestions are drawn once the User field is first focused, not with every page.
    let suggesting = RwSignal::new(false);
    let focus_in = move |ev: leptos::ev::FocusEvent| {
        let on_user = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|e| e.id() == "f-user");
        if on_user {
            suggesting.set(true);
        }
    };
    let suggestions = move || {
        if !suggesting.get() {
            return None;
        }
        Some(users.with(|d| {
            d.users
                .iter()
                .map(|u| view! { <option value=u.pk.to_string()>{u.label()}</option> })
                .collect_view()
        }))
    };
    // The zone the list reads and shows times in, always in view.
    let zone_name = crate::browser::zone::zone_name(tz);
    let range_text = format!("{} · {zone_name}", range_label(&query, rules.as_ref()));
    // From, To and Exact time: read in the zone the hint names.
    let time_fields = [
        (
            "from",
            t(m::FILTERS__FROM),
            shown.from.clone(),
            from_ref,
            "YYYY-MM-DD HH:MM",
        ),
        (
            "to",
            t(m::FILTERS__TO),
            shown.to.clone(),
            to_ref,
            t(m::FILTERS__TO_PLACEHOLDER),
        ),
        (
            "exact",
            t(m::FILTERS__EXACT),
            shown.exact.clone(),
            exact_ref,
            "YYYY-MM-DD HH:MM:SS.ffffff",
        ),
    ]
    .into_iter()
    .map(|(field, label, value, node_ref, placeholder)| {
        view! {
            <TextField
                field
                label
                value
                node_ref
                messages=Signal::derive(move || problems_for(field))
                placeholder
                hint="zone-hint"
                class="time-field"
            />
        }
    })
    .collect_view();

    view! {
        <form class="filters" role="search" aria-label=t(m::FILTERS__LABEL) on:submit=submit on:focusin=focus_in novalidate>
            <TextField
                field="user"
                label=t(m::FILTERS__USER)
                value=shown.user.clone()
                node_ref=user_ref
                messages=Signal::derive(move || problems_for("user"))
                placeholder=t(m::FILTERS__USER_PLACEHOLDER)
                list="known-users"
                class="user-field"
            />
            <datalist id="known-users">{suggestions}</datalist>
            <div class="field content-type-field">
                <label for="f-content_type">{t(m::FILTERS__CONTENT_TYPE)}</label>
                {content_type_field}
                {move || {
                    view! { <FieldMessages id="content_type" messages=problems_for("content_type") /> }
                }}
            </div>
            <TextField
                field="object_id"
                label=t(m::FILTERS__OBJECT_ID)
                value=shown.object_id.clone()
                node_ref=object_ref
                messages=Signal::derive(move || problems_for("object_id"))
                numeric=true
                class="object-field"
            />
            <div class="field range-field">
                <span class="field-label" id="range-label">{t(m::FILTERS__TIME_RANGE)}</span>
                <Popover label=range_text id="range-panel" open=range_open class="range-menu" labelled_by="range-label">
                    <div class="range-body" role="group" aria-labelledby="range-label">
                        <TimePresets query=query.clone() tz />
                        <div class="range-fields">{time_fields}</div>
                        <p class="zone-hint" id="zone-hint">
                            {tf(m::FILTERS__ZONE_HINT, &[("zone", &zone_name)])}
                        </p>
                        <ZoneToggle query=current tz />
                    </div>
                </Popover>
            </div>
            <div class="actions">
                <button type="submit">{t(m::FILTERS__APPLY)}</button>
            </div>
        </form>
    }
}
