//! Reusable pieces of the screens. Each reads what it needs from props or `AppContext`.

pub mod event_table;
pub mod header;
pub mod pager;
pub mod problem;
