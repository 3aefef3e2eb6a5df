//! Keyboard shortcuts: which key does what on which screen. Pure, so the rules (never while
//! typing, never with a modifier) are tested natively; `sheet` listens.
//!
//! This folder: the rules here (native), the listener and help sheet in `sheet` (wasm32).
//! May use: `app`, `browser`, `common`.

#[cfg(target_arch = "wasm32")]
pub mod sheet;

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

/// The help sheet: key, what it does, per screen.
pub fn help(screen: Screen) -> Vec<(&'static str, &'static str)> {
    match screen {
        Screen::List => vec![
            ("j / k", "move to the next / previous row"),
            ("Enter", "open the focused row's event"),
            ("/", "go to the filters"),
            ("[ / ]", "previous / next page"),
            ("t", "switch between local time and UTC"),
            ("x", "pick the focused row to compare (two at most)"),
            ("c", "compare the two picked events"),
            ("s", "open or close the summary of the filtered events"),
            ("y", "copy the link to this view"),
            ("?", "show or hide these shortcuts"),
        ],
        Screen::Detail => vec![
            ("[ / ]", "previous / next event of the list"),
            ("y", "copy the link to this event"),
            ("?", "show or hide these shortcuts"),
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
