//! Audit Console: a browser console for an audit-events API.
//!
//! The folders read as the product (ARCHITECTURE.md). Dependencies point one way:
//! `shell` → the features (`list`, `event`, `compare`, `shortcuts`) → `app` (context, routing,
//! config) → `api`, `browser`, `common` → `i18n` (every text in the user's language). Each feature keeps its pure logic beside its components;
//! the pure half builds and tests natively, the Leptos half exists only on `wasm32`.

pub mod api;
pub mod app;
pub mod common;
pub mod compare;
pub mod event;
pub mod i18n;
pub mod list;
pub mod shortcuts;

#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod shell;
