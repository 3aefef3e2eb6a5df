//! Light, dark, or the system's choice. The choice is kept per browser and applied as
//! `data-theme` on `<html>`; the stylesheet's colours are `light-dark()` pairs, so "system"
//! (no attribute) follows the OS live. The start-up script applies a stored choice before the
//! first paint (scripts/externalize-boot.mjs), so a dark choice never flashes light.

use crate::browser::storage;
use crate::i18n::{m, t};

/// The localStorage key (also read by the start-up script).
pub const STORAGE_KEY: &str = "audit-console.theme";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    pub fn key(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Theme::System => t(m::THEME__SYSTEM),
            Theme::Light => t(m::THEME__LIGHT),
            Theme::Dark => t(m::THEME__DARK),
        }
    }

    pub fn from_key(key: &str) -> Theme {
        Theme::ALL
            .into_iter()
            .find(|t| t.key() == key)
            .unwrap_or(Theme::System)
    }
}

/// The stored choice (System when none or unreadable).
pub fn remembered() -> Theme {
    storage::read_local(STORAGE_KEY)
        .map(|k| Theme::from_key(&k))
        .unwrap_or(Theme::System)
}

/// Applies and remembers a choice.
pub fn choose(theme: Theme) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = match theme {
            Theme::System => root.remove_attribute("data-theme"),
            other => root.set_attribute("data-theme", other.key()),
        };
    }
    storage::write_local(STORAGE_KEY, theme.key());
}
