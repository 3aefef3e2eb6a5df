use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::urls::encode_component;
use crate::api::Event;
use crate::app::AppContext;
use crate::format::{user_label, utc_time};

/// "orders.order #77", the content type by label when config.json names it.
pub fn object_label(ctx: &AppContext, event: &Event) -> String {
    let ct = event.content_type.map(|id| {
        ctx.config
            .with_value(|c| c.content_type_label(id).map(String::from))
            .unwrap_or_else(|| format!("type {id}"))
    });
    match (ct, event.object_id) {
        (Some(ct), Some(id)) => format!("{ct} #{id}"),
        (Some(ct), None) => ct,
        (None, Some(id)) => format!("#{id}"),
        (None, None) => "—".into(),
    }
}

/// The events of one page as a real table; every cell is text (event data is attacker-written).
#[component]
pub fn EventTable(events: Vec<Event>) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let rows = events
        .into_iter()
        .map(|e| {
            let href = format!("/events/{}", encode_component(&e.uuid));
            let time = utc_time(&e.timestamp);
            let user = user_label(&e.user);
            let object = object_label(&ctx, &e);
            let ip = e.remote_addr.clone().unwrap_or_else(|| "—".into());
            let url = e.url.clone().unwrap_or_default();
            let url_title = url.clone();
            view! {
                <tr>
                    <td class="time">
                        <A href=href>{time}</A>
                    </td>
                    <td class="user">{user}</td>
                    <td class="object">{object}</td>
                    <td class="ip">{ip}</td>
                    <td class="url" title=url_title>
                        {url}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="events">
            <thead>
                <tr>
                    <th scope="col">"Time"</th>
                    <th scope="col">"User"</th>
                    <th scope="col">"Object"</th>
                    <th scope="col">"IP address"</th>
                    <th scope="col">"URL"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
