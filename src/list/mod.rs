//! The event list at `/`: everything from the URL's query to the rows on screen.
//!
//! Pure, native-tested: the query (`query`: URL ⇄ filters ⇄ API parameters), the filter form's
//! rules (`form`), columns (`columns`), paging arithmetic (`pagination`), the rows'
//! cells and the one string `rows.js` builds them from (`rows`), the timeline's buckets
//! (`timeline`), export formats (`export`), saved views (`saved_views`), users seen in events, for the
//! User field's suggestions (`users`), the time range's label (`form::range_label`).
//! Components (wasm32): the page (`page`, layout only) and its data flow (`loader`: URL →
//! query → pin/default-range redirect → one request at a time → rows), the filter form, time
//! controls, chips, table, pager, column menu, live tail, and each sub-feature's own component.
//!
//! May use: `compare` (its links and picks), `shortcuts`, `app`, `api`, `browser`, `common`.

pub mod columns;
pub mod export;
pub mod form;
pub mod pagination;
pub mod query;
pub mod rows;
pub mod saved_views;
pub mod timeline;
pub mod users;

#[cfg(target_arch = "wasm32")]
pub mod chips;
#[cfg(target_arch = "wasm32")]
pub mod column_menu;
#[cfg(target_arch = "wasm32")]
pub mod event_table;
#[cfg(target_arch = "wasm32")]
pub mod filter_form;
#[cfg(target_arch = "wasm32")]
pub mod live_tail;
#[cfg(target_arch = "wasm32")]
pub mod loader;
#[cfg(target_arch = "wasm32")]
pub mod page;
#[cfg(target_arch = "wasm32")]
pub mod pager;
#[cfg(target_arch = "wasm32")]
pub mod time_controls;
