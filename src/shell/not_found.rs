use crate::i18n::{m, t};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <main class="page">
            <h1>{t(m::NOT_FOUND__TITLE)}</h1>
            <p>{t(m::NOT_FOUND__TEXT)}</p>
            <A href="/">{t(m::NOT_FOUND__HOME)}</A>
        </main>
    }
}
