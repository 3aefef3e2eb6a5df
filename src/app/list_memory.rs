//! What the detail page remembers of the list the user came from: its URL, the order of its rows
//! (for previous/next), its scroll position (for "Back to results"), and the rows themselves (so
//! an event opens instantly, then refreshes from the API).

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ListMemory {
    /// The list's path and query inside the app.
    pub list_href: String,
    /// The uuids of its rows, in order.
    pub uuids: Vec<String>,
    /// Where the list was scrolled when the user left it.
    pub scroll_y: f64,
    /// Whether the API said there is a page before / after this one.
    #[serde(default)]
    pub has_previous_page: bool,
    #[serde(default)]
    pub has_next_page: bool,
    /// The API's cursors for those pages, when it named them (`ListQuery::step_to`).
    #[serde(default)]
    pub previous_cursor: Option<String>,
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// Which way to leave a page of the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Previous,
    Next,
}

impl ListMemory {
    /// The events before and after `uuid` in that list, if it is there.
    pub fn neighbours(&self, uuid: &str) -> Option<(Option<&str>, Option<&str>)> {
        let i = self.uuids.iter().position(|u| u == uuid)?;
        let prev = i
            .checked_sub(1)
            .and_then(|j| self.uuids.get(j))
            .map(String::as_str);
        let next = self.uuids.get(i + 1).map(String::as_str);
        Some((prev, next))
    }
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use std::cell::RefCell;
    use std::sync::Arc;

    use super::ListMemory;
    use crate::api::{Event, Page};
    use crate::browser::storage::session as storage;

    const KEY: &str = "audit-console.list";
    const RESTORE_KEY: &str = "audit-console.restore-scroll";

    thread_local! {
        /// The last page of the list shown (shared, not copied: events can be large).
        static ROWS: RefCell<Option<Arc<Page>>> = const { RefCell::new(None) };
    }

    pub fn load() -> Option<ListMemory> {
        let text = storage()?.get_item(KEY).ok().flatten()?;
        serde_json::from_str(&text).ok()
    }

    pub fn save(memory: &ListMemory) {
        if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(memory)) {
            let _ = s.set_item(KEY, &text);
        }
    }

    /// Called when the list shows a page (or previous/next crosses into another): remembers its
    /// URL, order, whether pages exist around it, and its rows.
    pub fn remember_page(list_href: String, page: &Arc<Page>) -> ListMemory {
        let memory = ListMemory {
            list_href,
            uuids: page.results.iter().map(|e| e.uuid.clone()).collect(),
            scroll_y: 0.0,
            // The API's links say only whether another page exists; they are never followed.
            has_previous_page: page.previous.is_some(),
            has_next_page: page.next.is_some(),
            previous_cursor: page.previous_cursor.clone(),
            next_cursor: page.next_cursor.clone(),
        };
        save(&memory);
        ROWS.with(|rows| *rows.borrow_mut() = Some(page.clone()));
        memory
    }

    /// Called when the user leaves the list for an event: remembers the scroll position.
    pub fn remember_scroll() {
        if let (Some(mut m), Some(y)) = (load(), web_sys::window().and_then(|w| w.scroll_y().ok()))
        {
            m.scroll_y = y;
            save(&m);
        }
    }

    /// Forgets the list and its rows (on sign-out: no event data stays behind).
    pub fn forget() {
        if let Some(s) = storage() {
            let _ = s.remove_item(KEY);
            let _ = s.remove_item(RESTORE_KEY);
        }
        ROWS.with(|rows| *rows.borrow_mut() = None);
    }

    /// A row of the last list, if the event was on it.
    pub fn cached_event(uuid: &str) -> Option<Event> {
        ROWS.with(|rows| {
            rows.borrow()
                .as_ref()?
                .results
                .iter()
                .find(|e| e.uuid == uuid)
                .cloned()
        })
    }

    /// "Back to results" asks the list to restore its scroll position once it has drawn.
    pub fn request_scroll_restore() {
        if let (Some(s), Some(m)) = (storage(), load()) {
            let _ = s.set_item(RESTORE_KEY, &format!("{}|{}", m.scroll_y, m.list_href));
        }
    }

    /// The scroll position to restore for this list, once.
    pub fn take_scroll_restore(list_href: &str) -> Option<f64> {
        let s = storage()?;
        let v = s.get_item(RESTORE_KEY).ok().flatten()?;
        let _ = s.remove_item(RESTORE_KEY);
        let (y, href) = v.split_once('|')?;
        (href == list_href).then(|| y.parse().ok()).flatten()
    }
}

#[cfg(target_arch = "wasm32")]
pub use browser::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbours_within_the_page() {
        let m = ListMemory {
            list_href: "/?user=3".into(),
            uuids: vec!["a".into(), "b".into(), "c".into()],
            ..ListMemory::default()
        };
        assert_eq!(m.neighbours("a"), Some((None, Some("b"))));
        assert_eq!(m.neighbours("b"), Some((Some("a"), Some("c"))));
        assert_eq!(m.neighbours("c"), Some((Some("b"), None)));
        assert_eq!(m.neighbours("z"), None);
    }
}
