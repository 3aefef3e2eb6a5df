//! The app context every page reads: `config.json` (`config`; its `api_features`, what the API
//! can answer beyond shared/API.md, in `api_features`), the session and its end
//! (`context`), routing under any public path (`routing`), what the list leaves for the detail
//! and compare pages (`list_memory`), when a session ends by itself (`session_policy`), and the
//! widgets every page uses (`link`, `problem`, `popover`).
//!
//! May use: `api`, `browser`, `common`. Never a feature or the shell.

pub mod api_features;
pub mod config;
pub mod list_memory;
pub mod session_policy;

#[cfg(target_arch = "wasm32")]
pub mod context;
#[cfg(target_arch = "wasm32")]
pub mod link;
#[cfg(target_arch = "wasm32")]
pub mod popover;
#[cfg(target_arch = "wasm32")]
pub mod problem;
#[cfg(target_arch = "wasm32")]
pub mod routing;

#[cfg(target_arch = "wasm32")]
pub use context::AppContext;
#[cfg(target_arch = "wasm32")]
pub use routing::{
    app_href, current_app_path, event_href, page_origin, router_base, set_title, sign_in_path,
    use_app_navigate,
};
