//! Active filters as removable chips. Each chip is a real link to the list without that filter.

use crate::app::link::Link;
use leptos::prelude::*;

use crate::i18n::{m, t, tf, Msg};

use crate::app::AppContext;
use crate::browser::zone::zone;
use crate::common::time::{field_text, TimeZoneChoice};
use crate::list::filters::users::UserDirectory;
use crate::list::query::ListQuery;

fn time_label(param: &str) -> Msg {
    match param {
        "timestamp__gt" => m::CHIPS__AFTER,
        "timestamp__gte" => m::CHIPS__FROM,
        "timestamp__lt" => m::CHIPS__BEFORE,
        "timestamp__lte" => m::CHIPS__TO,
        _ => m::CHIPS__AT,
    }
}

#[component]
pub fn FilterChips(
    query: ListQuery,
    tz: TimeZoneChoice,
    /// Users seen in events: a user filter shows the name too.
    users: RwSignal<UserDirectory>,
) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let rules = zone(tz);
    let mut chips: Vec<(String, String)> = Vec::new();
    if let Some(u) = query.user {
        let name = users.with_untracked(|d| d.get(u).map(|k| format!(" · {}", k.label())));
        chips.push((
            tf(m::CHIPS__USER, &[("id", &u.to_string())]) + &name.unwrap_or_default(),
            query.without("user").to_href(),
        ));
    }
    if let Some(ct) = query.content_type {
        let label = ctx
            .content_type_name(ct)
            .unwrap_or_else(|| tf(m::FILTERS__TYPE_NUMBERED, &[("id", &ct.to_string())]));
        chips.push((
            tf(m::CHIPS__CONTENT_TYPE, &[("label", &label)]),
            query.without("content_type").to_href(),
        ));
    }
    if let Some(o) = query.object_id {
        chips.push((
            tf(m::CHIPS__OBJECT, &[("id", &o.to_string())]),
            query.without("object_id").to_href(),
        ));
    }
    // The upper bound `lte` is the list's pin, shown (with Refresh) as "As of" beside the chips.
    for (param, value) in query.times.iter().filter(|(p, _)| *p != "timestamp__lte") {
        chips.push((
            tf(
                time_label(param),
                &[("time", &field_text(value, rules.as_ref()))],
            ),
            query.without(param).to_href(),
        ));
    }
    if chips.is_empty() {
        return ().into_any();
    }
    let clear_all = query.without_filters().to_href();
    let items = chips
        .into_iter()
        .map(|(label, href)| {
            let aria = tf(m::CHIPS__REMOVE, &[("label", &label)]);
            view! {
                <li class="chip">
                    <span>{label}</span>
                    <Link href=href attr:aria-label=aria attr:class="chip-remove">
                        "×"
                    </Link>
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="chips" aria-label=t(m::CHIPS__LABEL)>
            {items}
            <li>
                <Link href=clear_all attr:class="clear-all">
                    {t(m::CHIPS__CLEAR_ALL)}
                </Link>
            </li>
        </ul>
    }
    .into_any()
}
