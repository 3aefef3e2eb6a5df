//! Audit Console: a browser console for an audit-events API.
//!
//! Pure logic (config, API types, errors and URLs, list query, formatting) builds and tests
//! natively; the Leptos UI exists only on `wasm32`.

pub mod api;
pub mod columns;
pub mod compare;
pub mod config;
pub mod curl;
pub mod export;
pub mod form;
pub mod format;
pub mod histogram;
pub mod json_diff;
pub mod json_path;
pub mod list_memory;
pub mod mask;
pub mod pagination;
pub mod query;
pub mod saved_views;
pub mod shortcuts;
pub mod time;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod browser_zone;
#[cfg(target_arch = "wasm32")]
pub mod clipboard;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod crash_screen;
#[cfg(target_arch = "wasm32")]
pub mod download;
#[cfg(target_arch = "wasm32")]
pub mod pages;
#[cfg(target_arch = "wasm32")]
pub mod session;
#[cfg(target_arch = "wasm32")]
pub mod storage;
#[cfg(target_arch = "wasm32")]
pub mod theme;
#[cfg(target_arch = "wasm32")]
pub mod timers;
