//! Keyboard shortcuts: which key does what on which screen. Pure, so the rules (never while
//! typing, never with a modifier) are tested natively; `sheet` listens.
//!
//! This folder: the rules here (native), the listener and help sheet in `sheet` (wasm32).
//! May use: `app`, `browser`, `common`.

#[cfg(target_arch = "wasm32")]
pub mod sheet;

use crate::i18n::{m, t};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    List,
    Detail,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    NextRow,
    PreviousRow,
    FocusFilters,
    Previous,
    Next,
    ToggleZone,
    CopyLink,
    ToggleHelp,
    CloseHelp,
    /// Pick (or unpick) the focused row for comparison.
    PickRow,
    /// Open the comparison of the two picked rows.
    Compare,
    /// Open or close the summary of the filtered set.
    ToggleSummary,
}

/// A key press as the listener sees it.
#[derive(Clone, Copy, Debug)]
pub struct KeyPress<'a> {
    pub key: &'a str,
    /// Ctrl, Meta (⌘) or Alt held: the browser's and the system's shortcuts win.
    pub modified: bool,
    /// Focus is in a text field, select or editable element: keys are text there.
    pub typing: bool,
}

pub fn action(press: KeyPress, screen: Screen) -> Option<Action> {
    if press.modified {
        return None;
    }
    if press.key == "Escape" {
        return Some(Action::CloseHelp);
    }
    if press.typing {
        return None;
    }
    Some(match (press.key, screen) {
        ("j", Screen::List) => Action::NextRow,
        ("k", Screen::List) => Action::PreviousRow,
        ("/", Screen::List) => Action::FocusFilters,
        ("[", _) => Action::Previous,
        ("]", _) => Action::Next,
        ("t", Screen::List) => Action::ToggleZone,
        ("x", Screen::List) => Action::PickRow,
        ("c", Screen::List) => Action::Compare,
        ("s", Screen::List) => Action::ToggleSummary,
        ("y", _) => Action::CopyLink,
        ("?", _) => Action::ToggleHelp,
        _ => return None,
    })
}

/// The help sheet: key (as it is written on the keyboard), what it does, per screen.
pub fn help(screen: Screen) -> Vec<(&'static str, &'static str)> {
    match screen {
        Screen::List => vec![
            ("j / k", t(m::SHORTCUTS__NEXT_PREVIOUS_ROW)),
            ("Enter", t(m::SHORTCUTS__OPEN_ROW)),
            ("/", t(m::SHORTCUTS__FILTERS)),
            ("[ / ]", t(m::SHORTCUTS__PREVIOUS_NEXT_PAGE)),
            ("t", t(m::SHORTCUTS__ZONE)),
            ("x", t(m::SHORTCUTS__PICK)),
            ("c", t(m::SHORTCUTS__COMPARE)),
            ("s", t(m::SHORTCUTS__SUMMARY)),
            ("y", t(m::SHORTCUTS__COPY_VIEW_LINK)),
            ("?", t(m::SHORTCUTS__HELP)),
        ],
        Screen::Detail => vec![
            ("[ / ]", t(m::SHORTCUTS__PREVIOUS_NEXT_EVENT)),
            ("y", t(m::SHORTCUTS__COPY_EVENT_LINK)),
            ("?", t(m::SHORTCUTS__HELP)),
        ],
    }
}

/// Which row to focus after `j` (+1) or `k` (−1), from the focused one (if any) among `rows`.
pub fn next_row(current: Option<usize>, rows: usize, delta: i64) -> Option<usize> {
    if rows == 0 {
        return None;
    }
    Some(match current {
        None if delta > 0 => 0,
        None => rows - 1,
        Some(i) => (i as i64 + delta).clamp(0, rows as i64 - 1) as usize,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(key: &str) -> KeyPress<'_> {
        KeyPress {
            key,
            modified: false,
            typing: false,
        }
    }

    #[test]
    fn keys_map_to_actions_per_screen() {
        assert_eq!(action(press("j"), Screen::List), Some(Action::NextRow));
        assert_eq!(action(press("j"), Screen::Detail), None);
        assert_eq!(action(press("]"), Screen::Detail), Some(Action::Next));
        assert_eq!(action(press("?"), Screen::List), Some(Action::ToggleHelp));
        assert_eq!(action(press("x"), Screen::List), Some(Action::PickRow));
        assert_eq!(action(press("x"), Screen::Detail), None);
        assert_eq!(
            action(press("s"), Screen::List),
            Some(Action::ToggleSummary)
        );
        assert_eq!(action(press("s"), Screen::Detail), None);
        assert!(help(Screen::List).iter().any(|(k, _)| *k == "s"));
        assert_eq!(action(press("q"), Screen::List), None);
    }

    #[test]
    fn never_while_typing_or_with_a_modifier() {
        let typing = KeyPress {
            typing: true,
            ..press("j")
        };
        assert_eq!(action(typing, Screen::List), None);
        let ctrl = KeyPress {
            modified: true,
            ..press("y")
        };
        assert_eq!(action(ctrl, Screen::List), None, "Ctrl+Y is the browser's");
        let escape_in_field = KeyPress {
            typing: true,
            ..press("Escape")
        };
        assert_eq!(
            action(escape_in_field, Screen::List),
            Some(Action::CloseHelp)
        );
    }

    #[test]
    fn row_focus_moves_and_stops_at_the_ends() {
        assert_eq!(next_row(None, 50, 1), Some(0));
        assert_eq!(next_row(None, 50, -1), Some(49));
        assert_eq!(next_row(Some(3), 50, 1), Some(4));
        assert_eq!(next_row(Some(0), 50, -1), Some(0));
        assert_eq!(next_row(Some(49), 50, 1), Some(49));
        assert_eq!(next_row(None, 0, 1), None);
    }
}
