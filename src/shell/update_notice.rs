//! "A new version of Audit Console is ready — Reload": said when the service worker has a new
//! build waiting or config.json changed (`browser::service_worker`). Polite and dismissible;
//! never a forced reload that would lose what the admin typed. Dismissed, the next open runs it.

use leptos::prelude::*;

use crate::browser::service_worker::{apply_update, UPDATE_EVENT};
use crate::i18n::{m, t};

#[component]
pub fn UpdateNotice() -> impl IntoView {
    let shown = RwSignal::new(crate::browser::service_worker::update_ready());
    let _ = window_event_listener_untyped(UPDATE_EVENT, move |_| shown.set(true));
    view! {
        // The live region is there from the start, so its message is announced when it appears.
        <div class="update-region" role="status" aria-live="polite">
            <Show when=move || shown.get()>
                <div class="update-notice">
                    <span>{t(m::UPDATE__READY)}</span>
                    <button type="button" class="primary" on:click=move |_| apply_update()>
                        {t(m::UPDATE__RELOAD)}
                    </button>
                    <button type="button" class="quiet" on:click=move |_| shown.set(false)>
                        {t(m::UPDATE__DISMISS)}
                    </button>
                </div>
            </Show>
        </div>
    }
}
