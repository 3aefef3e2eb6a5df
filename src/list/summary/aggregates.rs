//! The other source of a summary: the API's own aggregates (`audit-events/facets/`, offered in
//! config.json `api_features.facets`), counted by the database over the whole filtered set —
//! no `summary_max_events` cap, nothing read event by event. One request per table: each facet
//! (`FacetKind::api_name`), the hour × weekday grid in the list's zone (`hour_weekday`) and the
//! first and last event (`span`); "show all" pages the same facet with `offset`.
//!
//! Here: the requests' parameters (`facet_params`) and the answers read into what the panel
//! draws — a facet's rows as the pages source makes them (`facet_answer`), the grid
//! (`grid_answer`), the span (`span_answer`) — and what a refused question says in place
//! (`refusal_text`). An answer that is not the documented shape is an error naming what is
//! wrong, never a panic: the API is not trusted to be the one we documented.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::api::ApiError;
use crate::i18n::{m, t, tf, tn};
use crate::list::query::ListQuery;

use super::counts::{Span, Stamp};
use super::keys::clip;
use super::ranking::{Facet, FacetKind, Filter, Row};
use super::TOP;

impl FacetKind {
    /// The facet's name in the API (`facet=`).
    pub fn api_name(self) -> &'static str {
        match self {
            FacetKind::Users => "user",
            FacetKind::ContentTypes => "content_type",
            FacetKind::Objects => "object",
            FacetKind::Ips => "remote_addr",
            FacetKind::Paths => "path",
            FacetKind::Actions => "action",
        }
    }
}

/// Every facet, in the order the panel shows them.
pub const ALL_KINDS: [FacetKind; 6] = [
    FacetKind::Users,
    FacetKind::ContentTypes,
    FacetKind::Objects,
    FacetKind::Ips,
    FacetKind::Paths,
    FacetKind::Actions,
];

/// `facets/?facet=…` for the set `selection` holds (its filters and bounds; no page, limit or
/// sort), `top` values from `offset`; `tz` for `hour_weekday`.
pub fn facet_params(
    selection: &ListQuery,
    facet: &str,
    top: u32,
    offset: u64,
    tz: Option<&str>,
) -> Vec<(&'static str, String)> {
    let mut p = selection.to_api_params(top);
    p.retain(|(k, _)| !matches!(*k, "limit" | "page" | "sort"));
    p.push(("facet", facet.to_string()));
    if let Some(tz) = tz {
        p.push(("tz", tz.to_string()));
    } else if !matches!(facet, "span") {
        p.push(("top", top.to_string()));
        p.push(("offset", offset.to_string()));
    }
    p
}

/// One page of a facet as the API counted it: its rows (built as the pages source builds
/// them), how many events the set holds and how many values the facet has.
#[derive(Clone, Debug, PartialEq)]
pub struct FacetAnswer {
    pub total: u64,
    pub distinct: usize,
    pub rows: Vec<Row>,
}

impl FacetAnswer {
    /// The first `limit` rows as the table shows them.
    pub fn facet(&self, kind: FacetKind, limit: usize) -> Facet {
        Facet {
            kind,
            rows: self.rows.iter().take(limit).cloned().collect(),
            distinct: self.distinct,
        }
    }

    /// Whether a value was named at all (the actions table is shown only then, as with pages).
    pub fn has_values(&self) -> bool {
        self.rows.iter().any(|r| !r.placeholder)
    }
}

fn whole(v: &Value, key: &str) -> Result<u64, String> {
    v.get(key)
        .and_then(Value::as_u64)
        .ok_or_else(|| tf(m::SUMMARY__BAD_NUMBER, &[("key", key)]))
}

fn text(v: Option<&Value>) -> String {
    v.and_then(Value::as_str).unwrap_or_default().to_string()
}

fn id(v: &Value) -> Option<i64> {
    v.as_i64()
}

/// A facet's answer (`{"total", "distinct", "values": [{"value", "count", …}]}`) as rows.
/// `label` names a content type.
pub fn facet_answer(
    kind: FacetKind,
    answer: &Value,
    label: &dyn Fn(i64) -> Option<String>,
) -> Result<FacetAnswer, String> {
    let total = whole(answer, "total")?;
    let distinct = whole(answer, "distinct")? as usize;
    let values = answer
        .get("values")
        .and_then(Value::as_array)
        .ok_or_else(|| t(m::SUMMARY__BAD_VALUES).to_string())?;
    let mut rows = Vec::with_capacity(values.len());
    for v in values {
        let count = v
            .get("count")
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| t(m::SUMMARY__BAD_COUNT).to_string())?;
        let value = v.get("value").unwrap_or(&Value::Null);
        let missing = if v.get("unparsed").and_then(Value::as_bool) == Some(true) {
            m::SUMMARY__UNPARSED
        } else if kind == FacetKind::Users {
            m::SUMMARY__SYSTEM
        } else {
            m::SUMMARY__NONE
        };
        let blank = |n: usize| Row::missing(missing, n, count);
        let row = match kind {
            FacetKind::Users => match id(value) {
                Some(pk) => {
                    let user = v.get("user").unwrap_or(&Value::Null);
                    let [first, last] = [user.get("first_name"), user.get("last_name")].map(text);
                    let name = clip(format!("{} {}", first.trim(), last.trim()).trim());
                    let shown = if name.is_empty() {
                        format!("#{pk}")
                    } else {
                        name
                    };
                    Row::new(
                        vec![shown, clip(text(user.get("email")).trim()), pk.to_string()],
                        count,
                    )
                    .filter(Filter::User(pk))
                }
                None => blank(3),
            },
            FacetKind::ContentTypes => match id(value) {
                Some(ct) => Row::content_type(label, ct, count),
                None => blank(2),
            },
            FacetKind::Objects => {
                let ct = value.get("content_type").and_then(id);
                match (ct, value.get("object_id").and_then(id)) {
                    (Some(ct), Some(o)) => Row::object(label, ct, o, count),
                    (None, Some(o)) => Row::untyped_object(o, count),
                    _ => blank(3),
                }
            }
            FacetKind::Paths => match value.get("path").and_then(Value::as_str) {
                Some(path) => Row::new(vec![path.to_string(), text(value.get("origin"))], count),
                None => blank(2),
            },
            FacetKind::Ips | FacetKind::Actions => match value.as_str() {
                Some(s) => Row::new(vec![s.to_string()], count),
                None => blank(1),
            },
        };
        rows.push(row);
    }
    Ok(FacetAnswer {
        total,
        distinct,
        rows,
    })
}

/// `hour_weekday`'s cells (ISO weekday 1–7, hour 0–23, already in the zone asked for) as the
/// grid, Monday first; and the set's total.
pub fn grid_answer(answer: &Value) -> Result<(u64, [[u32; 24]; 7]), String> {
    let total = whole(answer, "total")?;
    let cells = answer
        .get("cells")
        .and_then(Value::as_array)
        .ok_or_else(|| t(m::SUMMARY__BAD_CELLS).to_string())?;
    let mut grid = [[0u32; 24]; 7];
    for c in cells {
        let at = |k: &str| c.get(k).and_then(Value::as_u64);
        match (at("weekday"), at("hour"), at("count")) {
            (Some(d @ 1..=7), Some(h @ 0..=23), Some(n)) => {
                let cell = &mut grid[d as usize - 1][h as usize];
                *cell = cell.saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
            }
            _ => return Err(tf(m::SUMMARY__BAD_CELL, &[("cell", &c.to_string())])),
        }
    }
    Ok((total, grid))
}

/// `span`'s first and last instants (no uuid: the API counts, it does not point at events),
/// and the set's total.
pub fn span_answer(answer: &Value) -> Result<(u64, Option<Stamp>, Option<Stamp>), String> {
    let total = whole(answer, "total")?;
    let at = |k: &str| -> Result<Option<Stamp>, String> {
        match answer.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_str()
                .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
                .map(|t| Some((t.with_timezone(&Utc), String::new())))
                .ok_or_else(|| {
                    tf(
                        m::SUMMARY__BAD_TIME,
                        &[("key", k), ("value", &v.to_string())],
                    )
                }),
        }
    };
    Ok((total, at("first")?, at("last")?))
}

/// What a table the API would not count says in its place: the API's own words for a question
/// over its time budget (they say how to narrow it), else the error's message.
pub fn refusal_text(e: &ApiError) -> String {
    if let ApiError::Invalid(fields) = e {
        let said = |k: &str| fields.get(k).map(|m| m.join(" "));
        if said("code").as_deref() == Some("query_timeout") {
            if let Some(detail) = said("detail") {
                return tf(m::SUMMARY__API_REFUSED, &[("detail", &detail)]);
            }
        }
    }
    tf(m::SUMMARY__NOT_COUNTED, &[("why", &e.message())])
}

/// A summary's questions, in the order the panel shows them: the six facets (`ALL_KINDS`),
/// then the grid and the span.
pub const GRID: usize = 6;
pub const SPAN: usize = 7;
const SLOTS: usize = 8;

/// Where one question stands, and its answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Asked {
    /// The API does not offer it.
    Off,
    Waiting,
    /// Refused or failed: what to say in its place.
    Refused(String),
    Facet(FacetAnswer),
    Grid(Box<[[u32; 24]; 7]>),
    Span(Span),
}

/// What a slot of the panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Nothing: not offered (or, for actions, no event named one).
    Off,
    Waiting,
    Refused,
    Table,
}

/// Every question of one summary and what it has answered so far; the panel's one state.
#[derive(Clone, Debug, PartialEq)]
pub struct Board {
    pub slots: [Asked; SLOTS],
    /// The set's size, from the first answer (every answer carries it).
    pub total: Option<u64>,
    pub requests: u32,
    /// The app's share: reading the answers.
    pub decode_ms: f64,
    pub started_ms: f64,
    /// Set once every question has answered (or was cancelled).
    pub elapsed_ms: Option<f64>,
    /// The zone the grid was last asked in: an answer for another (a switch overtook it) is
    /// dropped.
    pub grid_zone: String,
    /// Per facet, the offset of the "Show more" request out, if any: one at a time.
    pub more_pending: [Option<usize>; 6],
}

/// A slot's `facet=` name.
pub fn slot_name(slot: usize) -> &'static str {
    match slot {
        GRID => "hour_weekday",
        SPAN => "span",
        i => ALL_KINDS[i].api_name(),
    }
}

impl Board {
    /// The questions `names` (config.json `api_features.facets.names`) offers, all waiting.
    pub fn new(names: &[String], started_ms: f64) -> Board {
        Board {
            slots: std::array::from_fn(|i| {
                if names.iter().any(|n| n == slot_name(i)) {
                    Asked::Waiting
                } else {
                    Asked::Off
                }
            }),
            total: None,
            requests: 0,
            decode_ms: 0.0,
            started_ms,
            elapsed_ms: None,
            grid_zone: String::new(),
            more_pending: [None; 6],
        }
    }

    /// Asks every offered question again.
    pub fn restart(&mut self, started_ms: f64) {
        let names: Vec<String> = (0..SLOTS)
            .filter(|i| self.slots[*i] != Asked::Off)
            .map(|i| slot_name(i).to_string())
            .collect();
        *self = Board::new(&names, started_ms);
    }

    pub fn asked(&self) -> usize {
        self.slots.iter().filter(|a| **a != Asked::Off).count()
    }

    pub fn answered(&self) -> usize {
        self.slots
            .iter()
            .filter(|a| !matches!(a, Asked::Off | Asked::Waiting))
            .count()
    }

    /// The requests to send: each waiting slot with its parameters (`tz` for the grid).
    pub fn questions(
        &mut self,
        selection: &ListQuery,
        tz: &str,
    ) -> Vec<(usize, Vec<(&'static str, String)>)> {
        self.grid_zone = tz.to_string();
        (0..SLOTS)
            .filter(|i| self.slots[*i] == Asked::Waiting)
            .map(|i| {
                let zone = (i == GRID).then_some(tz);
                (
                    i,
                    facet_params(selection, slot_name(i), TOP as u32, 0, zone),
                )
            })
            .collect()
    }

    /// Takes a slot's answer (or the reason there is none); `now_ms` ends the timing once the
    /// last question has answered.
    pub fn answer(
        &mut self,
        slot: usize,
        answer: Result<Value, String>,
        label: &dyn Fn(i64) -> Option<String>,
        now_ms: f64,
    ) {
        if slot == GRID {
            let zone = answer
                .as_ref()
                .ok()
                .and_then(|v| v.get("tz"))
                .and_then(Value::as_str);
            if zone.is_some_and(|z| z != self.grid_zone) {
                return;
            }
        }
        self.requests += 1;
        let read = answer.and_then(|v| {
            let (total, asked) = match slot {
                GRID => grid_answer(&v).map(|(t, g)| (t, Asked::Grid(Box::new(g)))),
                SPAN => span_answer(&v).map(|(t, f, l)| (t, Asked::Span((f, l)))),
                i => facet_answer(ALL_KINDS[i], &v, label).map(|a| (a.total, Asked::Facet(a))),
            }
            .map_err(|why| tf(m::SUMMARY__NOT_READ, &[("why", &why)]))?;
            self.total.get_or_insert(total);
            Ok(asked)
        });
        self.slots[slot] = read.unwrap_or_else(Asked::Refused);
        self.finish(now_ms);
    }

    /// The grid asked again, in `tz` (the list switched zones).
    pub fn ask_grid(&mut self, tz: &str) -> bool {
        if self.slots[GRID] == Asked::Off {
            return false;
        }
        self.slots[GRID] = Asked::Waiting;
        self.elapsed_ms = None;
        self.grid_zone = tz.to_string();
        true
    }

    /// "Show more" wants `want` rows of a facet: the next request's `(top, offset)`, unless it
    /// has them all, has not answered, or one is out already (then it is marked out).
    pub fn ask_more(&mut self, slot: usize, want: usize, most: usize) -> Option<(u32, usize)> {
        let have = match &self.slots[slot] {
            Asked::Facet(a) if a.rows.len() < a.distinct => a.rows.len(),
            _ => return None,
        };
        if want <= have || self.more_pending[slot].is_some() {
            return None;
        }
        self.more_pending[slot] = Some(have);
        Some(((want - have).min(most).max(1) as u32, have))
    }

    /// "Show more": the next rows of a facet appended (only those that follow the rows it has);
    /// the reason when they could not be had.
    pub fn extend(
        &mut self,
        slot: usize,
        answer: Result<Value, String>,
        label: &dyn Fn(i64) -> Option<String>,
    ) -> Option<String> {
        self.requests += 1;
        let asked_at = self.more_pending[slot].take();
        let more = answer.and_then(|v| facet_answer(ALL_KINDS[slot], &v, label));
        match (&mut self.slots[slot], more) {
            (Asked::Facet(a), Ok(more)) if asked_at == Some(a.rows.len()) => {
                a.rows.extend(more.rows);
                None
            }
            (_, Err(m)) => Some(m),
            _ => None,
        }
    }

    /// The waiting questions say they were cancelled.
    pub fn cancel(&mut self, now_ms: f64) {
        for a in &mut self.slots {
            if *a == Asked::Waiting {
                *a = Asked::Refused(t(m::SUMMARY__CANCELLED_BEFORE).into());
            }
        }
        self.finish(now_ms);
    }

    fn finish(&mut self, now_ms: f64) {
        if self.elapsed_ms.is_none() && self.answered() == self.asked() {
            self.elapsed_ms = Some(now_ms - self.started_ms);
        }
    }

    /// What each slot shows: the actions table only when some event named an action, as with
    /// pages.
    pub fn shape(&self) -> [Shape; SLOTS] {
        std::array::from_fn(|i| match &self.slots[i] {
            Asked::Off => Shape::Off,
            Asked::Waiting => Shape::Waiting,
            Asked::Refused(_) => Shape::Refused,
            Asked::Facet(a) if ALL_KINDS[i] == FacetKind::Actions && !a.has_values() => Shape::Off,
            _ => Shape::Table,
        })
    }

    /// A facet's first `limit` rows, when it has answered.
    pub fn facet(&self, slot: usize, limit: usize) -> Option<Facet> {
        match &self.slots[slot] {
            Asked::Facet(a) => Some(a.facet(ALL_KINDS[slot], limit)),
            _ => None,
        }
    }

    /// What a slot says instead of its table: waiting (`None`), refused, or nothing to show.
    pub fn refusal(&self, slot: usize) -> Option<&str> {
        match &self.slots[slot] {
            Asked::Refused(m) => Some(m),
            _ => None,
        }
    }

    pub fn refused_any(&self) -> bool {
        self.slots.iter().any(|a| matches!(a, Asked::Refused(_)))
    }

    /// The grid, or what to say instead.
    pub fn grid(&self) -> Result<[[u32; 24]; 7], String> {
        match &self.slots[GRID] {
            Asked::Grid(g) => Ok(**g),
            Asked::Off => Err(t(m::SUMMARY__NO_HOURS).into()),
            Asked::Refused(why) => Err(why.clone()),
            _ => Err(t(m::SUMMARY__COUNTING_HOURS).into()),
        }
    }

    /// The first and last event, or what to say instead.
    pub fn span(&self) -> Result<Span, String> {
        match &self.slots[SPAN] {
            Asked::Span(s) => Ok(s.clone()),
            Asked::Refused(why) => Err(why.clone()),
            _ => Err(String::new()),
        }
    }

    /// "Summary of all 10,000,000 events", once any answer has said how many (the CSV's first
    /// line too).
    pub fn heading(&self) -> String {
        match self.total {
            Some(n) => tn(m::SUMMARY__HEADING_ALL, n, &[]),
            None if self.elapsed_ms.is_some() => t(m::SUMMARY__HEADING_NOT_COUNTED).into(),
            None => t(m::SUMMARY__HEADING_RUNNING).into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::list::summary::tests::label;
    use serde_json::json;
    use std::collections::BTreeMap;

    fn selection() -> ListQuery {
        ListQuery::parse("user=3&timestamp__gte=2026-11-01T00%3A00%3A00Z&timestamp__lte=2026-11-25T14%3A02%3A11Z&sort=url&page=4&limit=25&tz=utc&panel=summary").0
    }

    #[test]
    fn a_facet_asks_for_the_set_without_its_page_order_or_zone_param() {
        let p = facet_params(&selection(), "user", 10, 0, None);
        let keys: Vec<&str> = p.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            keys,
            [
                "user",
                "timestamp__gte",
                "timestamp__lte",
                "facet",
                "top",
                "offset"
            ]
        );
        let grid = facet_params(&selection(), "hour_weekday", 10, 0, Some("Europe/Berlin"));
        assert_eq!(grid.last().unwrap(), &("tz", "Europe/Berlin".to_string()));
        assert!(!grid.iter().any(|(k, _)| *k == "top"));
        let span = facet_params(&selection(), "span", 10, 0, None);
        assert_eq!(span.last().unwrap(), &("facet", "span".to_string()));
    }

    #[test]
    fn answers_become_the_rows_the_pages_source_draws() {
        let users = json!({"facet": "user", "total": 30, "distinct": 3, "offset": 0, "values": [
            {"value": 7, "count": 20, "user": {"pk": 7, "email": "a@x", "first_name": "Ada", "last_name": "L"}},
            {"value": null, "count": 9},
            {"value": 8, "count": 1, "user": {"pk": 8, "email": "", "first_name": "", "last_name": ""}}]});
        let a = facet_answer(FacetKind::Users, &users, &label).unwrap();
        assert_eq!((a.total, a.distinct), (30, 3));
        assert_eq!(a.rows[0].cells, ["Ada L", "a@x", "7"]);
        assert_eq!(a.rows[0].filter, Some(Filter::User(7)));
        assert_eq!(a.rows[1].cells, ["system", "", ""]);
        assert_eq!(a.rows[2].cells[0], "#8");
        assert_eq!(a.facet(FacetKind::Users, 2).rows.len(), 2);

        let objects = json!({"total": 5, "distinct": 3, "values": [
            {"value": {"content_type": 6, "object_id": 77}, "count": 3},
            {"value": {"content_type": null, "object_id": 4}, "count": 1},
            {"value": null, "count": 1}]});
        let o = facet_answer(FacetKind::Objects, &objects, &label).unwrap();
        assert_eq!(o.rows[0].cells, ["orders.order #77", "6", "77"]);
        assert_eq!(o.rows[0].filter, Some(Filter::Object(6, 77)));
        assert_eq!(o.rows[1].cells[0], "#4 (no content type)");
        assert_eq!(o.rows[2].cells, ["(none)", "", ""]);

        let paths = json!({"total": 4, "distinct": 3, "values": [
            {"value": {"origin": "https://shop.example.com", "path": "/api/{id}/"}, "count": 2},
            {"value": null, "count": 1, "unparsed": true}, {"value": null, "count": 1}]});
        let p = facet_answer(FacetKind::Paths, &paths, &label).unwrap();
        assert_eq!(p.rows[0].cells, ["/api/{id}/", "https://shop.example.com"]);
        assert_eq!(p.rows[1].cells, ["(unparsed)", ""]);
        assert_eq!(p.rows[2].cells, ["(none)", ""]);
        assert!(p.rows.iter().all(|r| r.raw.is_none() && r.filter.is_none()));

        let actions = json!({"total": 2, "distinct": 1, "values": [{"value": null, "count": 2}]});
        assert!(!facet_answer(FacetKind::Actions, &actions, &label)
            .unwrap()
            .has_values());
        let types = json!({"total": 2, "distinct": 1, "values": [{"value": 9, "count": 2}]});
        let t = facet_answer(FacetKind::ContentTypes, &types, &label).unwrap();
        assert_eq!(t.rows[0].cells, ["type 9", "9"]);
        assert!(t.has_values());
    }

    #[test]
    fn an_answer_of_another_shape_is_an_error_not_a_panic() {
        for bad in [
            json!(null),
            json!({"total": 1}),
            json!({"total": -1, "distinct": 1, "values": []}),
            json!({"total": 1, "distinct": 1, "values": [{"value": 1}]}),
            json!({"total": 1, "distinct": 1, "values": [{"value": 1, "count": 1e20}]}),
        ] {
            assert!(facet_answer(FacetKind::Ips, &bad, &label).is_err(), "{bad}");
        }
        // A value of an unexpected type is a placeholder, never dropped: the counts still add up.
        let odd = json!({"total": 2, "distinct": 2, "values": [{"value": [1], "count": 1}, {"value": {"x": 1}, "count": 1}]});
        for kind in ALL_KINDS {
            let a = facet_answer(kind, &odd, &label).unwrap();
            assert_eq!(a.facet(kind, 10).total(), 2, "{kind:?}");
            assert!(a.rows.iter().all(|r| r.cells.len() == kind.headers().len()));
        }
        assert!(grid_answer(
            &json!({"total": 1, "cells": [{"weekday": 8, "hour": 1, "count": 1}]})
        )
        .is_err());
        assert!(span_answer(&json!({"total": 1, "first": "yesterday"})).is_err());
    }

    #[test]
    fn the_grid_is_monday_first_and_the_span_has_no_event_to_open() {
        let (total, grid) = grid_answer(&json!({"tz": "UTC", "total": 5, "cells": [
            {"weekday": 1, "hour": 0, "count": 2}, {"weekday": 7, "hour": 23, "count": 3}]}))
        .unwrap();
        assert_eq!(total, 5);
        assert_eq!((grid[0][0], grid[6][23]), (2, 3));
        assert_eq!(grid.iter().flatten().sum::<u32>(), 5);
        let (n, first, last) = span_answer(
            &json!({"total": 2, "first": "2026-11-01T00:00:00Z", "last": "2026-11-02T00:00:00.5Z"}),
        )
        .unwrap();
        assert_eq!(n, 2);
        assert_eq!(first.unwrap().0.to_rfc3339(), "2026-11-01T00:00:00+00:00");
        assert!(last.unwrap().1.is_empty());
        assert_eq!(
            span_answer(&json!({"total": 0, "first": null, "last": null}))
                .unwrap()
                .1,
            None
        );
    }

    #[test]
    fn a_question_over_the_time_budget_says_how_to_narrow_it() {
        let e = ApiError::from_response(
            400,
            r#"{"detail": "This question took longer than the API's time budget (30 s) and was stopped. Narrow the time range or add a filter, then ask again.", "code": "query_timeout"}"#,
            None,
        );
        let t = refusal_text(&e);
        assert!(
            t.starts_with("The API did not count this table: This question took longer"),
            "{t}"
        );
        assert!(t.contains("Narrow the time range"));
        let other = ApiError::Invalid(BTreeMap::from([(
            "facet".into(),
            vec!["Unknown facet.".into()],
        )]));
        assert!(refusal_text(&other).contains("facet: Unknown facet."));
    }

    fn names(n: &[&str]) -> Vec<String> {
        n.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_board_asks_what_the_api_offers_and_ends_when_all_have_answered() {
        let mut b = Board::new(
            &names(&["user", "path", "hour_weekday", "span", "nonsense"]),
            100.0,
        );
        assert_eq!((b.asked(), b.answered()), (4, 0));
        let q = b.questions(&selection(), "Europe/Berlin");
        let asked: Vec<usize> = q.iter().map(|(i, _)| *i).collect();
        assert_eq!(asked, [0, 4, GRID, SPAN]);
        assert_eq!(b.heading(), "Summarizing the filtered events…");
        let users = json!({"total": 3, "distinct": 1, "values": [{"value": null, "count": 3}]});
        b.answer(0, Ok(users), &label, 150.0);
        assert_eq!(b.heading(), "Summary of all 3 events");
        assert_eq!(b.shape()[..2], [Shape::Table, Shape::Off]);
        assert_eq!(b.shape()[4], Shape::Waiting);
        assert_eq!(b.facet(0, 10).unwrap().total(), 3);
        b.answer(
            4,
            Err("The API did not count this table: too slow.".into()),
            &label,
            160.0,
        );
        assert_eq!(
            b.refusal(4),
            Some("The API did not count this table: too slow.")
        );
        b.answer(GRID, Ok(json!({"total": 3, "cells": []})), &label, 170.0);
        assert_eq!(b.elapsed_ms, None);
        b.answer(
            SPAN,
            Ok(json!({"total": 3, "first": null, "last": "not a time"})),
            &label,
            180.0,
        );
        assert!(b
            .refusal(SPAN)
            .unwrap()
            .starts_with("This table could not be read"));
        assert_eq!((b.answered(), b.elapsed_ms, b.requests), (4, Some(80.0), 4));
        assert!(b.questions(&selection(), "UTC").is_empty());
        b.restart(200.0);
        assert_eq!((b.asked(), b.answered(), b.total), (4, 0, None));
        b.cancel(210.0);
        assert!(b.refused_any() && b.elapsed_ms == Some(10.0));
        assert!(b.grid().unwrap_err().starts_with("Cancelled"));
    }

    #[test]
    fn show_more_appends_the_next_rows_or_says_why_not() {
        let mut b = Board::new(&names(&["remote_addr"]), 0.0);
        let page = |from: u32, n: u32| {
            json!({"total": 99, "distinct": 30, "values":
            (from..from + n).map(|i| json!({"value": format!("10.0.0.{i}"), "count": 30 - i})).collect::<Vec<_>>()})
        };
        b.answer(3, Ok(page(0, 10)), &label, 1.0);
        assert_eq!(b.ask_more(3, 510, 500), Some((500, 10)));
        // A second click while that request is out asks nothing more.
        assert_eq!(b.ask_more(3, 510, 500), None);
        assert_eq!(b.extend(3, Ok(page(10, 20)), &label), None);
        // An answer nobody is waiting for (a repeat) is not appended twice.
        assert_eq!(b.extend(3, Ok(page(10, 20)), &label), None);
        assert_eq!(b.ask_more(3, 510, 500), None, "it has every value");
        let all = b.facet(3, usize::MAX).unwrap();
        assert_eq!((all.rows.len(), all.distinct), (30, 30));
        assert_eq!(all.rows[10].cells, ["10.0.0.10"]);
        assert_eq!(b.facet(3, 10).unwrap().rows.len(), 10);
        assert_eq!(
            b.extend(3, Err("gone".into()), &label).as_deref(),
            Some("gone")
        );
        assert_eq!(
            b.grid().unwrap_err(),
            "The API does not count events by hour."
        );
    }

    #[test]
    fn a_grid_answer_for_a_zone_switched_away_from_is_dropped() {
        let mut b = Board::new(&names(&["hour_weekday"]), 0.0);
        b.questions(&selection(), "UTC");
        assert!(b.ask_grid("Europe/Berlin"));
        let cells = |tz: &str, n: u32| {
            Ok(json!({"tz": tz, "total": n, "cells": [{"weekday": 1, "hour": 1, "count": n}]}))
        };
        b.answer(GRID, cells("UTC", 5), &label, 1.0);
        assert_eq!(b.shape()[GRID], Shape::Waiting);
        b.answer(GRID, cells("Europe/Berlin", 7), &label, 2.0);
        assert_eq!(b.grid().unwrap()[0][1], 7);
        assert_eq!(b.elapsed_ms, Some(2.0));
        assert!(!Board::new(&names(&["span"]), 0.0).ask_grid("UTC"));
        assert_eq!(b.ask_more(0, 20, 500), None, "not offered");
    }
}
