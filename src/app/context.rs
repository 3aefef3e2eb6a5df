//! The app context: what every page reads — the runtime configuration and the session — and
//! ending the session.

use leptos::prelude::*;

use super::config::AppConfig;
use super::list_memory;
use crate::api::Event;
use crate::browser::session::{self, Session};

/// What every page may read: the runtime configuration and the session.
#[derive(Clone, Copy)]
pub struct AppContext {
    pub config: StoredValue<AppConfig>,
    pub session: RwSignal<Option<Session>>,
}

impl AppContext {
    /// A content type's name from config.json ("orders.order"), if it names it.
    pub fn content_type_name(&self, id: i64) -> Option<String> {
        self.config
            .with_value(|c| c.content_type_label(id).map(String::from))
    }

    /// "orders.order #77", the content type by label when config.json names it.
    pub fn object_label(&self, event: &Event) -> String {
        let ct = event.content_type.map(|id| {
            self.content_type_name(id)
                .unwrap_or_else(|| format!("type {id}"))
        });
        match (ct, event.object_id) {
            (Some(ct), Some(id)) => format!("{ct} #{id}"),
            (Some(ct), None) => ct,
            (None, Some(id)) => format!("#{id}"),
            (None, None) => "—".into(),
        }
    }

    /// Forgets the session, here and in storage, the event data kept for the detail page and
    /// every cache (after sign-out or a 401).
    pub fn end_session(&self) {
        session::clear();
        list_memory::forget();
        crate::browser::storage::forget_caches();
        self.session.set(None);
    }
}
