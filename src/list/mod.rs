//! The event list at `/`: everything from the URL's query to the rows on screen.
//!
//! Each part of the page is a folder holding its pure logic (`mod.rs`, native-tested) and its
//! components (wasm32) together:
//! - `filters/`: the filter form's rules and the query bar, time controls, chips; users seen in
//!   events (the User field's suggestions).
//! - `table/`: the column layout, the rows' cells and the one string `rows.js` builds them from;
//!   the table and the column menu.
//! - `pager/`: paging arithmetic; the compact and full pagers.
//! - `timeline/` (buckets, the settled-count cache; the chart), `export/` (formats; the panel),
//!   `saved_views/` (rules; the menu).
//! - `summary/`: facets over the whole filtered set (who, what, from where, when), folded a
//!   page at a time (pure); the panel that reads the pages and draws the tables (`panel=summary`
//!   in the URL).
//!
//! Here: the query (`query`: URL ⇄ filters ⇄ API parameters, pure), the first request's rules
//! (`first_request`: where a bare or unpinned URL is sent, pure; `early_request.js`, the
//! start-up script's copy that sends it before the wasm starts), the page (`page`, layout
//! only), its data flow (`loader`: URL → query → pin/default-range redirect → one request at a
//! time → rows) and the live tail (`live_tail`) (wasm32).
//!
//! May use: `compare` (its links and picks), `shortcuts`, `app`, `api`, `browser`, `common`.

pub mod export;
pub mod filters;
pub mod first_request;
pub mod pager;
pub mod query;
pub mod saved_views;
pub mod summary;
pub mod table;
pub mod timeline;

#[cfg(target_arch = "wasm32")]
pub mod live_tail;
#[cfg(target_arch = "wasm32")]
pub mod loader;
#[cfg(target_arch = "wasm32")]
pub mod page;
