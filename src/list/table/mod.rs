//! The events table: its columns, its rows, the column menu.
//!
//! Pure, native-tested, here: the column layout — which columns show, in what order, and the row
//! density, kept per browser (localStorage) as JSON; reading it back is tolerant, so a layout
//! saved by an older or newer version (a column renamed, one added) still opens, with new columns
//! in place. `rows`: a page's rows as cells, and the one string `rows.js` builds them from.
//! Components (wasm32): `view` (the table: header, sorting, the rows through `rows.js`, the
//! compare picks), `column_menu` ("Columns": show, hide, reorder, density).
//!
//! May use: `list`'s query, `compare`, `app`, `api`, `browser`, `common`.

pub mod rows;

#[cfg(target_arch = "wasm32")]
pub mod column_menu;
#[cfg(target_arch = "wasm32")]
pub mod view;

use serde_json::{json, Value};

use crate::i18n::{m, t};
use crate::list::query::{SortColumn, SORT_IP, SORT_OBJECT, SORT_TIME, SORT_URL, SORT_USER};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Time,
    User,
    Object,
    Ip,
    Url,
    EventId,
}

impl Column {
    /// Every column, in the default order.
    pub const ALL: [Column; 6] = [
        Column::Time,
        Column::User,
        Column::Object,
        Column::Ip,
        Column::Url,
        Column::EventId,
    ];

    /// The name in storage (stable across versions).
    pub fn key(self) -> &'static str {
        match self {
            Column::Time => "time",
            Column::User => "user",
            Column::Object => "object",
            Column::Ip => "ip",
            Column::Url => "url",
            Column::EventId => "uuid",
        }
    }

    /// The header the table and the column menu show.
    pub fn label(self) -> &'static str {
        match self {
            Column::Time => t(m::COLUMNS__TIME),
            Column::User => t(m::COLUMNS__USER),
            Column::Object => t(m::COLUMNS__OBJECT),
            Column::Ip => t(m::COLUMNS__IP),
            Column::Url => t(m::COLUMNS__URL),
            Column::EventId => t(m::COLUMNS__EVENT_ID),
        }
    }

    fn from_key(key: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.key() == key)
    }

    /// The order its header sorts by; `None` for a column the API cannot sort.
    pub fn sort(self) -> Option<SortColumn> {
        match self {
            Column::Time => Some(SORT_TIME),
            Column::User => Some(SORT_USER),
            Column::Object => Some(SORT_OBJECT),
            Column::Ip => Some(SORT_IP),
            Column::Url => Some(SORT_URL),
            Column::EventId => None,
        }
    }

    /// The time cell links to the event: without it rows could not be opened, so it always shows.
    pub fn can_hide(self) -> bool {
        self != Column::Time
    }

    fn hidden_by_default(self) -> bool {
        self == Column::EventId
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Density {
    Comfortable,
    Compact,
}

impl Density {
    pub fn key(self) -> &'static str {
        match self {
            Density::Comfortable => "comfortable",
            Density::Compact => "compact",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnLayout {
    /// Every column exactly once.
    pub order: Vec<Column>,
    pub hidden: Vec<Column>,
    pub density: Density,
}

impl Default for ColumnLayout {
    fn default() -> Self {
        ColumnLayout {
            order: Column::ALL.to_vec(),
            hidden: Column::ALL
                .into_iter()
                .filter(|c| c.hidden_by_default())
                .collect(),
            density: Density::Comfortable,
        }
    }
}

impl ColumnLayout {
    /// The columns the table draws, in order.
    pub fn visible(&self) -> Vec<Column> {
        self.order
            .iter()
            .copied()
            .filter(|c| !self.hidden.contains(c))
            .collect()
    }

    pub fn is_shown(&self, column: Column) -> bool {
        !self.hidden.contains(&column)
    }

    /// Shows or hides a column (the time column always shows).
    pub fn set_shown(&mut self, column: Column, shown: bool) {
        self.hidden.retain(|c| *c != column);
        if !shown && column.can_hide() {
            self.hidden.push(column);
        }
    }

    /// Moves a column one place earlier (`-1`) or later (`1`); nothing at either end.
    pub fn shift(&mut self, column: Column, by: isize) {
        let Some(at) = self.order.iter().position(|c| *c == column) else {
            return;
        };
        let to = at as isize + by;
        if (0..self.order.len() as isize).contains(&to) {
            self.order.swap(at, to as usize);
        }
    }

    /// Whether a column can move that way (for disabling the button).
    pub fn can_shift(&self, column: Column, by: isize) -> bool {
        let at = self.order.iter().position(|c| *c == column);
        at.is_some_and(|at| (0..self.order.len() as isize).contains(&(at as isize + by)))
    }

    pub fn to_json(&self) -> String {
        let keys = |cs: &[Column]| cs.iter().map(|c| c.key()).collect::<Vec<_>>();
        json!({
            "order": keys(&self.order),
            "hidden": keys(&self.hidden),
            "density": self.density.key(),
        })
        .to_string()
    }

    /// Reads a stored layout; anything unreadable gives the default, unknown columns are dropped
    /// and columns it does not name keep their default visibility, at the end.
    pub fn from_json(text: &str) -> ColumnLayout {
        let Ok(value) = serde_json::from_str::<Value>(text) else {
            return ColumnLayout::default();
        };
        let columns = |field: &str| -> Vec<Column> {
            let mut out: Vec<Column> = Vec::new();
            let names = value.get(field).and_then(Value::as_array);
            for c in names.into_iter().flatten().filter_map(|v| v.as_str()) {
                if let Some(c) = Column::from_key(c).filter(|c| !out.contains(c)) {
                    out.push(c);
                }
            }
            out
        };
        let mut order = columns("order");
        let named = order.clone();
        order.extend(Column::ALL.into_iter().filter(|c| !named.contains(c)));
        let mut hidden: Vec<Column> = columns("hidden")
            .into_iter()
            .filter(|c| c.can_hide())
            .collect();
        for c in Column::ALL {
            if c.hidden_by_default() && !named.contains(&c) && !hidden.contains(&c) {
                hidden.push(c);
            }
        }
        let density = match value.get("density").and_then(Value::as_str) {
            Some("compact") => Density::Compact,
            _ => Density::Comfortable,
        };
        ColumnLayout {
            order,
            hidden,
            density,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Column::*;

    #[test]
    fn default_shows_five_columns_and_hides_the_event_id() {
        let l = ColumnLayout::default();
        assert_eq!(l.visible(), vec![Time, User, Object, Ip, Url]);
        assert_eq!(l.density, Density::Comfortable);
    }

    #[test]
    fn hide_show_and_move() {
        let mut l = ColumnLayout::default();
        l.set_shown(Ip, false);
        l.set_shown(EventId, true);
        l.shift(Url, -1);
        l.shift(Url, -1);
        assert_eq!(l.visible(), vec![Time, User, Url, Object, EventId]);
        // The ends do not wrap.
        l.shift(Time, -1);
        assert_eq!(l.order[0], Time);
        assert!(!l.can_shift(Time, -1));
        assert!(!l.can_shift(EventId, 1));
        assert!(l.can_shift(EventId, -1));
        // The time column cannot be hidden: it is how a row opens.
        l.set_shown(Time, false);
        assert!(l.is_shown(Time));
    }

    #[test]
    fn round_trips_through_storage() {
        let mut l = ColumnLayout::default();
        l.set_shown(User, false);
        l.shift(Object, -1);
        l.density = Density::Compact;
        assert_eq!(ColumnLayout::from_json(&l.to_json()), l);
    }

    #[test]
    fn reads_bad_or_foreign_layouts_tolerantly() {
        assert_eq!(ColumnLayout::from_json("not json"), ColumnLayout::default());
        assert_eq!(ColumnLayout::from_json("[]"), ColumnLayout::default());
        // Unknown and repeated names dropped; unnamed columns appended; time cannot be hidden.
        let l = ColumnLayout::from_json(
            r#"{"order":["url","bogus","url","time"],"hidden":["time","user",3],"density":"tiny"}"#,
        );
        assert_eq!(l.order, vec![Url, Time, User, Object, Ip, EventId]);
        assert_eq!(l.visible(), vec![Url, Time, Object, Ip]);
        assert_eq!(l.density, Density::Comfortable);
    }
}
