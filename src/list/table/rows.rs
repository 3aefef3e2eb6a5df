//! The table's rows as data: what each cell of a row shows, and the one string a page of rows
//! travels in to `rows.js`, which builds them.
//!
//! Why a string: building a row through the framework costs a wasm→JS call per element,
//! attribute and text (about 45 a row); the same rows built by one JavaScript function from
//! one string cost one call per page. The string is fields joined by `FIELD_SEP`; a row's
//! fields follow its cells, each cell a fixed number of fields (`CellKind::fields`), so
//! `rows.js` reads them back by position. A separator inside event data (attacker-written) is
//! replaced before joining, so no field can ever spill into the next one — a user's name can
//! not become a link's address. `rows.js` sets every field as text or as an attribute value,
//! never as markup.

use crate::common::app_path::is_app_path;
use crate::list::table::Column;

/// Between two fields.
pub const FIELD_SEP: char = '\u{1}';
/// What a separator inside a field becomes.
const REPLACEMENT: char = '\u{FFFD}';

/// The kinds of cell, named as `rows.js` and the cells' classes name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellKind {
    Pick,
    Time,
    User,
    Object,
    Ip,
    Url,
    Uuid,
}

impl CellKind {
    pub fn of(column: Column) -> CellKind {
        match column {
            Column::Time => CellKind::Time,
            Column::User => CellKind::User,
            Column::Object => CellKind::Object,
            Column::Ip => CellKind::Ip,
            Column::Url => CellKind::Url,
            Column::EventId => CellKind::Uuid,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            CellKind::Pick => "pick",
            CellKind::Time => "time",
            CellKind::User => "user",
            CellKind::Object => "object",
            CellKind::Ip => "ip",
            CellKind::Url => "url",
            CellKind::Uuid => "uuid",
        }
    }

    /// How many fields a cell of this kind writes (`rows.js` reads the same numbers: a test
    /// compares its table with these).
    pub fn fields(self) -> usize {
        match self {
            CellKind::Pick => 3,
            CellKind::Time => 4,
            CellKind::User | CellKind::Object => 2,
            CellKind::Ip | CellKind::Url | CellKind::Uuid => 1,
        }
    }
}

/// The cells of a table in order: the pick checkbox first while picking, then the columns.
/// Comma-separated, as `rows.js` takes them.
pub fn kinds(columns: &[Column], picking: bool) -> Vec<CellKind> {
    picking
        .then_some(CellKind::Pick)
        .into_iter()
        .chain(columns.iter().map(|c| CellKind::of(*c)))
        .collect()
}

pub fn kinds_text(kinds: &[CellKind]) -> String {
    kinds.iter().map(|k| k.name()).collect::<Vec<_>>().join(",")
}

/// One cell's content. Addresses are paths inside the app (built by the app, never taken from
/// event data, and written only if `common::app_path` agrees); everything else is shown as text.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// The compare checkbox: the event's uuid, the checkbox's label, whether it is ticked.
    Pick {
        uuid: String,
        label: String,
        picked: bool,
    },
    /// The time, linking to the event; the title gives the other zone and how long ago.
    Time {
        href: String,
        title: String,
        datetime: String,
        text: String,
    },
    /// The user, linking to the list of their events; `href` is `None` for "system".
    User {
        href: Option<String>,
        text: String,
    },
    Object {
        href: String,
        text: String,
    },
    Ip(String),
    Url(String),
    Uuid(String),
}

impl Cell {
    pub fn kind(&self) -> CellKind {
        match self {
            Cell::Pick { .. } => CellKind::Pick,
            Cell::Time { .. } => CellKind::Time,
            Cell::User { .. } => CellKind::User,
            Cell::Object { .. } => CellKind::Object,
            Cell::Ip(_) => CellKind::Ip,
            Cell::Url(_) => CellKind::Url,
            Cell::Uuid(_) => CellKind::Uuid,
        }
    }

    fn write(&self, out: &mut Wire) {
        match self {
            Cell::Pick {
                uuid,
                label,
                picked,
            } => {
                out.field(uuid);
                out.field(label);
                out.field(if *picked { "1" } else { "" });
            }
            Cell::Time {
                href,
                title,
                datetime,
                text,
            } => {
                out.href(href);
                out.field(title);
                out.field(datetime);
                out.field(text);
            }
            Cell::User { href, text } => {
                out.href(href.as_deref().unwrap_or(""));
                out.field(text);
            }
            Cell::Object { href, text } => {
                out.href(href);
                out.field(text);
            }
            Cell::Ip(text) | Cell::Url(text) | Cell::Uuid(text) => out.field(text),
        }
    }
}

/// Rows being written into one string.
#[derive(Default)]
pub struct Wire {
    text: String,
    fields: usize,
}

impl Wire {
    fn field(&mut self, value: &str) {
        if self.fields > 0 {
            self.text.push(FIELD_SEP);
        }
        self.fields += 1;
        if value.contains(FIELD_SEP) {
            self.text.extend(
                value
                    .chars()
                    .map(|c| if c == FIELD_SEP { REPLACEMENT } else { c }),
            );
        } else {
            self.text.push_str(value);
        }
    }

    /// An address: written only if it is a path inside the app (`common::app_path`), else left
    /// empty, which `rows.js` shows as text without a link.
    fn href(&mut self, value: &str) {
        self.field(if is_app_path(value) { value } else { "" });
    }

    /// Appends a row; its cells must follow the table's kinds.
    pub fn row(&mut self, cells: &[Cell]) {
        for cell in cells {
            cell.write(self);
        }
    }

    pub fn finish(self) -> String {
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(wire: &str) -> Vec<&str> {
        wire.split(FIELD_SEP).collect()
    }

    fn row() -> Vec<Cell> {
        vec![
            Cell::Time {
                href: "/events/a".into(),
                title: "t".into(),
                datetime: "2026-01-01T00:00:00Z".into(),
                text: "2026-01-01 00:00:00".into(),
            },
            Cell::User {
                href: None,
                text: "system".into(),
            },
            Cell::Object {
                href: "/?object_id=1".into(),
                text: "#1".into(),
            },
            Cell::Ip("—".into()),
            Cell::Url("".into()),
            Cell::Uuid("a".into()),
        ]
    }

    #[test]
    fn each_cell_writes_as_many_fields_as_its_kind_says() {
        for cell in row().into_iter().chain([Cell::Pick {
            uuid: "a".into(),
            label: "l".into(),
            picked: true,
        }]) {
            let mut wire = Wire::default();
            wire.row(std::slice::from_ref(&cell));
            assert_eq!(
                fields(&wire.finish()).len(),
                cell.kind().fields(),
                "{cell:?}"
            );
        }
    }

    #[test]
    fn rows_follow_each_other_field_by_field_with_empty_fields_kept() {
        let mut wire = Wire::default();
        wire.row(&row());
        wire.row(&row());
        let text = wire.finish();
        let per_row: usize = row().iter().map(|c| c.kind().fields()).sum();
        assert_eq!(fields(&text).len(), 2 * per_row);
        // The system user has no address, the URL is empty: both still take their place.
        assert_eq!(fields(&text)[4], "");
        assert_eq!(fields(&text)[5], "system");
        assert_eq!(fields(&text)[per_row + 9], "");
    }

    #[test]
    fn a_separator_in_event_data_cannot_shift_a_field_into_a_link() {
        let evil = format!("name{FIELD_SEP}/evil");
        let mut wire = Wire::default();
        wire.row(&[
            Cell::User {
                href: None,
                text: evil,
            },
            Cell::Object {
                href: "/?object_id=1".into(),
                text: "#1".into(),
            },
        ]);
        let text = wire.finish();
        assert_eq!(
            fields(&text),
            ["", "name\u{FFFD}/evil", "/?object_id=1", "#1"]
        );
    }

    #[test]
    fn an_address_that_is_not_an_app_path_travels_as_no_link() {
        for hostile in [
            "//evil.example/",
            "/\\evil.example",
            "/\t/evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
        ] {
            let mut wire = Wire::default();
            wire.row(&[
                Cell::Time {
                    href: hostile.into(),
                    title: "t".into(),
                    datetime: "d".into(),
                    text: "x".into(),
                },
                Cell::User {
                    href: Some(hostile.into()),
                    text: "u".into(),
                },
                Cell::Object {
                    href: hostile.into(),
                    text: "#1".into(),
                },
            ]);
            let text = wire.finish();
            assert_eq!(
                fields(&text),
                ["", "t", "d", "x", "", "u", "", "#1"],
                "{hostile:?}"
            );
        }
        let mut wire = Wire::default();
        wire.row(&[Cell::Object {
            href: "/audit/?object_id=1".into(),
            text: "#1".into(),
        }]);
        assert_eq!(fields(&wire.finish()), ["/audit/?object_id=1", "#1"]);
    }

    #[test]
    fn rows_js_reads_as_many_fields_per_kind_as_are_written() {
        // rows.js keeps its own table of widths (`const FIELDS = { pick: 3, … }`): the two must
        // agree, or every cell after a mismatch would show the wrong field.
        let js = include_str!("rows.js");
        let table = js
            .split("const FIELDS = {")
            .nth(1)
            .and_then(|rest| rest.split('}').next())
            .expect("rows.js declares const FIELDS = { … }");
        let widths: Vec<(String, usize)> = table
            .split(',')
            .map(|entry| {
                let (name, n) = entry.split_once(':').expect("name: width");
                (name.trim().to_string(), n.trim().parse().expect("a number"))
            })
            .collect();
        let all = [
            CellKind::Pick,
            CellKind::Time,
            CellKind::User,
            CellKind::Object,
            CellKind::Ip,
            CellKind::Url,
            CellKind::Uuid,
        ];
        assert_eq!(widths.len(), all.len());
        for kind in all {
            assert!(
                widths.contains(&(kind.name().to_string(), kind.fields())),
                "{kind:?} in {widths:?}"
            );
        }
    }

    #[test]
    fn the_pick_column_comes_first_and_only_while_picking() {
        let columns = [Column::Time, Column::EventId, Column::User];
        assert_eq!(kinds_text(&kinds(&columns, false)), "time,uuid,user");
        assert_eq!(kinds_text(&kinds(&columns, true)), "pick,time,uuid,user");
    }
}
