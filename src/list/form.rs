//! The filter form ⇄ `ListQuery`: what the fields show for a URL, and the URL a submitted form
//! means. Pure, so the rules (zones, date-only "To", keeping what was not touched) are tested.

use std::collections::BTreeMap;

use crate::common::time::{field_text, parse_typed, Side, ZoneRules};
use crate::list::query::{FieldProblem, ListQuery};

/// The text of every field, as typed or as shown.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormValues {
    pub user: String,
    pub content_type: String,
    pub object_id: String,
    pub from: String,
    pub to: String,
    pub exact: String,
    /// "" for the default page size.
    pub limit: String,
}

/// The form field a parameter belongs to, so an API 400 or a bad URL value shows next to it.
pub fn field_for_param(param: &str) -> &str {
    match param {
        "timestamp__gt" | "timestamp__gte" => "from",
        "timestamp__lt" | "timestamp__lte" => "to",
        "timestamp" => "exact",
        other => other,
    }
}

/// Messages per form field, from the URL's problems and the API's 400 body.
pub fn problems_by_field(
    url_problems: &[FieldProblem],
    api_fields: &BTreeMap<String, Vec<String>>,
) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in url_problems {
        out.entry(field_for_param(&p.param).to_string())
            .or_default()
            .push(p.message.clone());
    }
    for (param, msgs) in api_fields {
        out.entry(field_for_param(param).to_string())
            .or_default()
            .extend(msgs.iter().map(|m| format!("The API says: {m}")));
    }
    out
}

fn lower(q: &ListQuery) -> Option<&str> {
    q.time("timestamp__gte").or(q.time("timestamp__gt"))
}

fn upper(q: &ListQuery) -> Option<&str> {
    q.time("timestamp__lte").or(q.time("timestamp__lt"))
}

/// What the fields show for a query, times in the chosen zone.
pub fn values_for(q: &ListQuery, zone: &dyn ZoneRules) -> FormValues {
    let id = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    let time = |v: Option<&str>| v.map(|t| field_text(t, zone)).unwrap_or_default();
    FormValues {
        user: id(q.user),
        content_type: id(q.content_type),
        object_id: id(q.object_id),
        from: time(lower(q)),
        to: time(upper(q)),
        exact: time(q.time("timestamp")),
        limit: q.limit.map(|n| n.to_string()).unwrap_or_default(),
    }
}

/// The query a submitted form means, starting from the current one (order and zone kept, back on
/// page 1). A time field left as shown keeps its exact bound (`gt` stays `gt`). Every bad field is
/// reported at once.
pub fn apply(
    current: &ListQuery,
    v: &FormValues,
    zone: &dyn ZoneRules,
) -> Result<ListQuery, Vec<FieldProblem>> {
    let shown = values_for(current, zone);
    let mut problems = Vec::new();
    let mut problem = |param: &str, message: String| {
        problems.push(FieldProblem {
            param: param.to_string(),
            message,
        })
    };
    let mut id = |param: &str, text: &str| -> Option<i64> {
        let t = text.trim();
        if t.is_empty() {
            return None;
        }
        match t.parse::<i64>() {
            Ok(n) if n >= 0 => Some(n),
            _ => {
                problem(param, format!("“{t}” is not an id (a whole number)."));
                None
            }
        }
    };
    let user = id("user", &v.user);
    let content_type = id("content_type", &v.content_type);
    let object_id = id("object_id", &v.object_id);

    let mut times: Vec<(&'static str, String)> = Vec::new();
    let fields: [(&str, &String, &String, Side, Vec<&'static str>); 3] = [
        (
            "from",
            &v.from,
            &shown.from,
            Side::From,
            vec!["timestamp__gt", "timestamp__gte"],
        ),
        (
            "to",
            &v.to,
            &shown.to,
            Side::To,
            vec!["timestamp__lt", "timestamp__lte"],
        ),
        (
            "exact",
            &v.exact,
            &shown.exact,
            Side::Exact,
            vec!["timestamp"],
        ),
    ];
    for (field, typed, was, side, params) in fields {
        if typed.trim().is_empty() {
            continue;
        }
        if typed.trim() == was.trim() {
            times.extend(
                current
                    .times
                    .iter()
                    .filter(|(p, _)| params.contains(p))
                    .cloned(),
            );
            continue;
        }
        match parse_typed(typed, side, zone) {
            Ok(b) => times.push((b.param, b.value)),
            Err(m) => problem(field, m),
        }
    }
    let instant = |param_prefix: &str| {
        times
            .iter()
            .find(|(p, _)| p.starts_with(param_prefix))
            .and_then(|(_, v)| chrono::DateTime::parse_from_rfc3339(v).ok())
    };
    if let (Some(from), Some(to)) = (instant("timestamp__g"), instant("timestamp__l")) {
        // With an exclusive upper bound, equal bounds are empty too.
        let exclusive = times.iter().any(|(p, _)| *p == "timestamp__lt");
        if from > to || (exclusive && from == to) {
            problem("to", "“To” is before “From”: no event can match.".into());
        }
    }
    let limit = match v.limit.trim() {
        "" => None,
        t => match t.parse::<u32>() {
            Ok(n) if crate::app::config::PAGE_SIZES.contains(&n) => Some(n),
            _ => {
                problem("limit", format!("“{t}” is not a page size."));
                None
            }
        },
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    times.sort_by_key(|(p, _)| crate::list::query::TIME_PARAMS.iter().position(|x| x == p));
    Ok(ListQuery {
        user,
        content_type,
        object_id,
        times,
        limit,
        page: 1,
        ..current.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::time::Fixed;
    use chrono::FixedOffset;

    fn plus2() -> Fixed {
        Fixed(FixedOffset::east_opt(7200).unwrap())
    }

    #[test]
    fn a_query_shows_in_the_fields_in_the_chosen_zone() {
        let (q, _) = ListQuery::parse(
            "user=4&timestamp__gt=2026-11-25T10%3A00%3A00Z&timestamp__lt=2026-11-26T00%3A00%3A00Z",
        );
        let v = values_for(&q, &plus2());
        assert_eq!(v.user, "4");
        assert_eq!(v.from, "2026-11-25 12:00:00");
        assert_eq!(v.to, "2026-11-26 02:00:00");
    }

    #[test]
    fn untouched_time_fields_keep_their_exact_bound() {
        let (q, _) = ListQuery::parse("timestamp__gt=2026-11-25T10%3A00%3A00.5Z&page=3&sort=url");
        let mut v = values_for(&q, &plus2());
        v.user = "12".into();
        let next = apply(&q, &v, &plus2()).unwrap();
        assert_eq!(next.user, Some(12));
        assert_eq!(next.time("timestamp__gt"), Some("2026-11-25T10:00:00.5Z"));
        assert_eq!(next.page, 1, "a new filter starts at page 1");
        assert_eq!(next.sort.as_deref(), Some("url"), "order kept");
    }

    #[test]
    fn typed_times_become_absolute_bounds() {
        let q = ListQuery::parse("").0;
        let v = FormValues {
            from: "2026-11-25".into(),
            to: "2026-11-25".into(),
            ..Default::default()
        };
        let next = apply(&q, &v, &plus2()).unwrap();
        assert_eq!(
            next.time("timestamp__gte"),
            Some("2026-11-25T00:00:00+02:00")
        );
        assert_eq!(
            next.time("timestamp__lt"),
            Some("2026-11-26T00:00:00+02:00")
        );
        // Clearing a field removes its bound.
        let cleared = apply(&next, &FormValues::default(), &plus2()).unwrap();
        assert!(cleared.times.is_empty());
    }

    #[test]
    fn every_bad_field_is_reported_and_nothing_applies() {
        let q = ListQuery::parse("").0;
        let v = FormValues {
            user: "abc".into(),
            object_id: "-1".into(),
            from: "soon".into(),
            ..Default::default()
        };
        let problems = apply(&q, &v, &plus2()).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.param.as_str()).collect();
        assert_eq!(fields, ["user", "object_id", "from"]);
        let reversed = FormValues {
            from: "2026-11-26".into(),
            to: "2026-11-25".into(),
            ..Default::default()
        };
        assert_eq!(apply(&q, &reversed, &plus2()).unwrap_err()[0].param, "to");
    }

    #[test]
    fn api_and_url_problems_land_on_their_fields() {
        let url = vec![FieldProblem {
            param: "timestamp__gt".into(),
            message: "bad".into(),
        }];
        let api = BTreeMap::from([("user".to_string(), vec!["Enter a number.".to_string()])]);
        let by = problems_by_field(&url, &api);
        assert_eq!(by["from"], vec!["bad"]);
        assert_eq!(by["user"], vec!["The API says: Enter a number."]);
    }
}
