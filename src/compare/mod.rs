//! The compare page's address (`/compare?a=…&b=…`) and the per-object neighbour lookups.
//!
//! `a` is the earlier ("before") event and `b` the later one; either may be relative to the
//! other: `a=previous` is the event of the same object just before `b`, `b=next` the one just
//! after `a`. So "compare with the previous event of this object" is an ordinary, shareable link,
//! and stepping through an object's history is following links.
//!
//! This folder: the links and picks here, the structural JSON diff (`diff`), both native; the
//! compare page (`page`, wasm32). May use: `app`, `api`, `browser`, `common` — not the list or
//! the detail page, which link here.

pub mod diff;
#[cfg(target_arch = "wasm32")]
pub mod page;

use crate::api::urls::{encode_component, parse_query};
use crate::api::Event;
use crate::i18n::{m, t, tf};

#[derive(Clone, Debug, PartialEq)]
pub enum Side {
    Event(String),
    Previous,
    Next,
}

impl Side {
    fn param(&self) -> String {
        match self {
            Side::Event(uuid) => encode_component(uuid),
            Side::Previous => "previous".into(),
            Side::Next => "next".into(),
        }
    }
}

/// The compare page's path for two sides.
pub fn href(a: &Side, b: &Side) -> String {
    format!("/compare?a={}&b={}", a.param(), b.param())
}

fn event_id(param: &str, value: Option<&str>) -> Result<String, String> {
    let value = value.map(str::trim).unwrap_or("");
    if value.is_empty() {
        return Err(tf(m::COMPARE__NO_EVENT, &[("param", param)]));
    }
    uuid::Uuid::parse_str(value)
        .map(|u| u.to_string())
        .map_err(|_| tf(m::COMPARE__NOT_AN_ID, &[("typed", value)]))
}

/// Reads the page's query string; a message for the screen when it is not a comparison.
pub fn parse(search: &str) -> Result<(Side, Side), String> {
    let pairs = parse_query(search);
    let get = |k: &str| {
        pairs
            .iter()
            .rev()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    match (get("a"), get("b")) {
        (Some("previous"), Some("next")) => Err(t(m::COMPARE__BOTH_RELATIVE).into()),
        (Some("previous"), b) => Ok((Side::Previous, Side::Event(event_id("b", b)?))),
        (a, Some("next")) => Ok((Side::Event(event_id("a", a)?), Side::Next)),
        (a, b) => Ok((
            Side::Event(event_id("a", a)?),
            Side::Event(event_id("b", b)?),
        )),
    }
}

/// Picks (`on`) or unpicks an event for comparison. Two at most: a third pick replaces the
/// older of the two, so the newest two picks are compared.
pub fn toggle_pick(picked: &mut Vec<String>, uuid: &str, on: bool) {
    picked.retain(|u| u != uuid);
    if on {
        picked.push(uuid.to_string());
        if picked.len() > 2 {
            picked.remove(0);
        }
    }
}

/// The API parameters that find the event of the same object just before (`older`) or just
/// after `event`; `None` when the event is not about an object. Events at the very same instant
/// are not neighbours (the API cannot order them).
pub fn neighbour_params(event: &Event, older: bool) -> Option<Vec<(&'static str, String)>> {
    let (ct, id) = (event.content_type?, event.object_id?);
    let (bound, sort) = if older {
        ("timestamp__lt", "-timestamp")
    } else {
        ("timestamp__gt", "timestamp")
    };
    Some(vec![
        ("content_type", ct.to_string()),
        ("object_id", id.to_string()),
        (bound, event.timestamp.clone()),
        ("sort", sort.into()),
        ("limit", "1".into()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    const B: &str = "9a1b2c3d-0000-4000-8000-000000000001";

    #[test]
    fn reads_explicit_and_relative_sides() {
        assert_eq!(
            parse(&format!("?a={A}&b={B}")),
            Ok((Side::Event(A.into()), Side::Event(B.into())))
        );
        assert_eq!(
            parse(&format!("a=previous&b={B}")),
            Ok((Side::Previous, Side::Event(B.into())))
        );
        assert_eq!(
            parse(&format!("a={A}&b=next")),
            Ok((Side::Event(A.into()), Side::Next))
        );
        // Upper-case ids are read as the same event.
        assert_eq!(
            parse(&format!("a={}&b={B}", A.to_uppercase())).map(|(a, _)| a),
            Ok(Side::Event(A.into()))
        );
    }

    #[test]
    fn bad_links_get_a_message() {
        assert_eq!(
            parse(&format!("b={B}")),
            Err("The link names no event “a” to compare.".into())
        );
        assert_eq!(
            parse("a=previous&b=<script>"),
            Err("“<script>” is not an event ID.".into())
        );
        assert!(parse("a=previous&b=next").is_err());
        assert!(parse("").is_err());
    }

    #[test]
    fn at_most_two_picks_the_newest_win() {
        let mut p = Vec::new();
        toggle_pick(&mut p, "a", true);
        toggle_pick(&mut p, "b", true);
        toggle_pick(&mut p, "b", true);
        assert_eq!(p, ["a", "b"]);
        toggle_pick(&mut p, "c", true);
        assert_eq!(p, ["b", "c"]);
        toggle_pick(&mut p, "b", false);
        assert_eq!(p, ["c"]);
        toggle_pick(&mut p, "zz", false);
        assert_eq!(p, ["c"]);
    }

    #[test]
    fn links_round_trip() {
        for sides in [
            (Side::Event(A.into()), Side::Event(B.into())),
            (Side::Previous, Side::Event(B.into())),
            (Side::Event(A.into()), Side::Next),
        ] {
            let link = href(&sides.0, &sides.1);
            assert_eq!(parse(link.trim_start_matches("/compare")), Ok(sides));
        }
    }

    #[test]
    fn neighbours_are_the_same_objects_events_strictly_before_or_after() {
        let mut e: Event = serde_json::from_value(serde_json::json!({
            "uuid": B, "timestamp": "2026-11-25T10:00:00Z", "content_type": 3, "object_id": 77
        }))
        .unwrap();
        let p = neighbour_params(&e, true).unwrap();
        assert_eq!(
            p,
            vec![
                ("content_type", "3".to_string()),
                ("object_id", "77".to_string()),
                ("timestamp__lt", "2026-11-25T10:00:00Z".to_string()),
                ("sort", "-timestamp".to_string()),
                ("limit", "1".to_string()),
            ]
        );
        let n = neighbour_params(&e, false).unwrap();
        assert!(n.contains(&("timestamp__gt", "2026-11-25T10:00:00Z".to_string())));
        assert!(n.contains(&("sort", "timestamp".to_string())));
        e.object_id = None;
        assert_eq!(neighbour_params(&e, true), None);
    }
}
