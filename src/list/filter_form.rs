//! The filter form. Its fields are drafts: the URL holds the state, the form is rebuilt from it
//! whenever it changes, and "Apply" navigates to the URL the fields mean.

use std::collections::BTreeMap;

use leptos::html;
use leptos::prelude::*;

use crate::app::config::PAGE_SIZES;
use crate::app::AppContext;
use crate::browser::zone::zone;
use crate::common::time::TimeZoneChoice;
use crate::list::form::{self, FormValues};
use crate::list::query::{FieldProblem, ListQuery, DEFAULT_SORT};

/// Orders offered in the Sort control (the column headers sort too).
const SORTS: [(&str, &str); 8] = [
    ("-timestamp", "Newest first"),
    ("timestamp", "Oldest first"),
    ("user", "User"),
    ("-user", "User, descending"),
    ("content_type,object_id", "Object"),
    ("-content_type,-object_id", "Object, descending"),
    ("remote_addr", "IP address"),
    ("url", "URL"),
];

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
    query: ListQuery,
    tz: TimeZoneChoice,
    /// Problems from the URL and the API, by form field.
    #[prop(into)]
    outside_problems: Signal<BTreeMap<String, Vec<String>>>,
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
    let limit_ref = NodeRef::<html::Select>::new();
    let sort_ref = NodeRef::<html::Select>::new();

    let content_types = ctx.config.with_value(|c| c.content_types.clone());
    let current_sort = query
        .sort
        .clone()
        .unwrap_or_else(|| DEFAULT_SORT.to_string());
    let custom_sort =
        (!SORTS.iter().any(|(v, _)| *v == current_sort)).then(|| current_sort.clone());
    let default_limit = ctx.config.with_value(|c| c.page_size);

    let submit = {
        let query = query.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let input = |r: NodeRef<html::Input>| r.get().map(|e| e.value()).unwrap_or_default();
            let select = |r: NodeRef<html::Select>| r.get().map(|e| e.value()).unwrap_or_default();
            let content_type = match content_type_select.get() {
                Some(s) => s.value(),
                None => input(content_type_input),
            };
            let values = FormValues {
                user: input(user_ref),
                content_type,
                object_id: input(object_ref),
                from: input(from_ref),
                to: input(to_ref),
                exact: input(exact_ref),
                limit: select(limit_ref),
            };
            match form::apply(&query, &values, zone(tz).as_ref()) {
                Ok(mut next) => {
                    let sort = select(sort_ref);
                    next.sort = (!sort.is_empty() && sort != DEFAULT_SORT).then_some(sort);
                    if next.sort != query.sort {
                        next.page = 1;
                    }
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
                    {format!("type {selected}")}
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
                    "Any"
                </option>
                {unknown}
                {options}
            </select>
        }
        .into_any()
    };

    // `prop:value` as well as `selected`: when the URL changes (back/forward) the form is rebuilt
    // in place, and only the property resets a control the user has already touched.
    let limit_value = match query.limit {
        Some(n) if n != default_limit => n.to_string(),
        _ => String::new(),
    };
    let limit_options = PAGE_SIZES
        .iter()
        .map(|n| {
            let value = if *n == default_limit {
                String::new()
            } else {
                n.to_string()
            };
            let selected = query.limit.unwrap_or(default_limit) == *n;
            view! {
                <option value=value selected=selected>
                    {n.to_string()}
                </option>
            }
        })
        .collect_view();
    let sort_options = SORTS
        .iter()
        .map(|(v, label)| {
            let selected = *v == current_sort;
            view! {
                <option value=*v selected=selected>
                    {*label}
                </option>
            }
        })
        .collect_view();
    let custom = custom_sort.map(|s| {
        view! {
            <option value=s.clone() selected=true>
                {format!("Custom: {s}")}
            </option>
        }
    });
    let zone_hint = match tz {
        TimeZoneChoice::Utc => "in UTC".to_string(),
        TimeZoneChoice::Local => format!("in {}", crate::browser::zone::local_zone_name()),
    };

    view! {
        <form class="filters" role="search" aria-label="Filters" on:submit=submit novalidate>
            <TextField
                field="user"
                label="User"
                value=shown.user.clone()
                node_ref=user_ref
                messages=Signal::derive(move || problems_for("user"))
                placeholder="id"
                numeric=true
            />
            <div class="field">
                <label for="f-content_type">"Content type"</label>
                {content_type_field}
                {move || {
                    view! { <FieldMessages id="content_type" messages=problems_for("content_type") /> }
                }}
            </div>
            <TextField
                field="object_id"
                label="Object ID"
                value=shown.object_id.clone()
                node_ref=object_ref
                messages=Signal::derive(move || problems_for("object_id"))
                numeric=true
            />
            <TextField
                field="from"
                label="From"
                value=shown.from.clone()
                node_ref=from_ref
                messages=Signal::derive(move || problems_for("from"))
                placeholder="YYYY-MM-DD HH:MM"
                hint="zone-hint"
                class="time-field"
            />
            <TextField
                field="to"
                label="To"
                value=shown.to.clone()
                node_ref=to_ref
                messages=Signal::derive(move || problems_for("to"))
                placeholder="YYYY-MM-DD (whole day)"
                hint="zone-hint"
                class="time-field"
            />
            <TextField
                field="exact"
                label="Exact time"
                value=shown.exact.clone()
                node_ref=exact_ref
                messages=Signal::derive(move || problems_for("exact"))
                placeholder="YYYY-MM-DD HH:MM:SS.ffffff"
                hint="zone-hint"
                class="time-field"
            />
            <div class="field">
                <label for="f-limit">"Page size"</label>
                <select id="f-limit" name="limit" node_ref=limit_ref prop:value=limit_value>
                    {limit_options}
                </select>
                {move || view! { <FieldMessages id="limit" messages=problems_for("limit") /> }}
            </div>
            <div class="field">
                <label for="f-sort">"Sort"</label>
                <select id="f-sort" name="sort" node_ref=sort_ref prop:value=current_sort.clone()>
                    {custom}
                    {sort_options}
                </select>
            </div>
            <div class="actions">
                <button type="submit">"Apply"</button>
            </div>
            <p class="zone-hint" id="zone-hint">
                {format!("Times are read {zone_hint}; a date alone in “To” includes that whole day.")}
            </p>
        </form>
    }
}
