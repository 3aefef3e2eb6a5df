//! Pure logic every feature shares: instants, zones and time ranges (`time`), display formatting
//! (`format`), the one rule for an address inside the app (`app_path`), JSON paths into event data (`json_path`) and the masking of sensitive values
//! (`mask`, used by the detail page, the export and the comparison alike).
//!
//! May use: `api` (its types). Native, no browser.

pub mod app_path;
pub mod format;
pub mod json_path;
pub mod mask;
pub mod time;
