use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <main class="page">
            <h1>"Page not found"</h1>
            <p>"This address is not part of Audit Console."</p>
            <A href="/">"Go to the event list"</A>
        </main>
    }
}
