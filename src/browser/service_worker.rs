//! The service worker (`src/shell/service_worker.js`, registered by the start-up script): asking
//! for it once the first rows are on screen, and running a new build the page was told about.

use super::boot::{call, value};

/// The window event the start-up script sends when a new build or a changed config.json is
/// ready for the next open.
pub const UPDATE_EVENT: &str = "audit-console:update";

/// Whether a new build or config.json was announced before the app was listening.
pub fn update_ready() -> bool {
    value("__auditConsoleUpdateReady").is_some_and(|v| v.is_truthy())
}

/// Registers the service worker (once; later calls do nothing).
pub fn register() {
    call("__auditConsoleRegisterSw");
}

/// Reloads into the new build: the waiting worker takes over first, if there is one.
pub fn apply_update() {
    call("__auditConsoleApplyUpdate");
}
