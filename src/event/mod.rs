//! The event detail page (`/events/<uuid>`): the event's summary, its JSON as a tree with
//! sensitive values masked (`json_tree`), copy as cURL (`curl`), and previous/next through the
//! list the user came from — across that list's page boundaries (`beyond_edge`, here).
//!
//! This folder: the pure rules here and in `curl` (native), the page and the tree (wasm32).
//! May use: `list` (its query, to fetch the adjacent page), `compare` (its links), `shortcuts`,
//! `app`, `api`, `browser`, `common`.

pub mod curl;

#[cfg(target_arch = "wasm32")]
pub mod json_tree;
#[cfg(target_arch = "wasm32")]
pub mod page;

use crate::app::list_memory::{Direction, ListMemory};
use crate::list::query::ListQuery;

/// When `uuid` is the first (last) row of the remembered list and it has a page before (after) it: that
/// page's list URL, so previous/next can continue across pages.
pub fn beyond_edge(memory: &ListMemory, uuid: &str, direction: Direction) -> Option<String> {
    let i = memory.uuids.iter().position(|u| u == uuid)?;
    let (at_edge, exists, delta, cursor) = match direction {
        Direction::Previous => (
            i == 0,
            memory.has_previous_page,
            -1i64,
            &memory.previous_cursor,
        ),
        Direction::Next => (
            i + 1 == memory.uuids.len(),
            memory.has_next_page,
            1,
            &memory.next_cursor,
        ),
    };
    if !(at_edge && exists) {
        return None;
    }
    let search = memory
        .list_href
        .split_once('?')
        .map(|(_, q)| q)
        .unwrap_or("");
    let query = ListQuery::parse(search).0;
    let page = (query.page as i64 + delta).max(1) as u64;
    Some(query.step_to(page, cursor.as_deref()).to_href())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previous_and_next_cross_into_the_adjacent_pages() {
        let m = ListMemory {
            list_href: "/?user=3&page=2&limit=25".into(),
            uuids: vec!["a".into(), "b".into(), "c".into()],
            has_previous_page: true,
            has_next_page: true,
            ..ListMemory::default()
        };
        assert_eq!(
            beyond_edge(&m, "a", Direction::Previous).as_deref(),
            Some("/?user=3&limit=25")
        );
        assert_eq!(
            beyond_edge(&m, "c", Direction::Next).as_deref(),
            Some("/?user=3&page=3&limit=25")
        );
        assert_eq!(
            beyond_edge(&m, "b", Direction::Next),
            None,
            "not at the edge"
        );
        let by_cursor = ListMemory {
            list_href: "/?page=2&cursor=here&limit=25".into(),
            previous_cursor: Some("back".into()),
            next_cursor: Some("on".into()),
            ..m.clone()
        };
        assert_eq!(
            beyond_edge(&by_cursor, "c", Direction::Next).as_deref(),
            Some("/?page=3&cursor=on&limit=25"),
            "the next page by the cursor the API named"
        );
        assert_eq!(
            beyond_edge(&by_cursor, "a", Direction::Previous).as_deref(),
            Some("/?limit=25"),
            "page 1 is the plain first page"
        );
        let last_page = ListMemory {
            has_next_page: false,
            ..m
        };
        assert_eq!(beyond_edge(&last_page, "c", Direction::Next), None);
    }
}
