//! One module per route.

pub mod compare;
pub mod event;
pub mod events;
pub mod not_found;
pub mod sign_in;
