//! Reusable pieces of the screens. Each reads what it needs from props or `AppContext`.

pub mod chips;
pub mod column_menu;
pub mod event_table;
pub mod export_panel;
pub mod filter_form;
pub mod header;
pub mod histogram;
pub mod json_tree;
pub mod link;
pub mod live_tail;
pub mod pager;
pub mod problem;
pub mod saved_views;
pub mod shortcuts;
pub mod time_controls;
