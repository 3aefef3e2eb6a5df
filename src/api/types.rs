//! The API's data, decoded tolerantly: `user` as an object, a bare id or null; JSON fields of any
//! shape; fields a newer server adds are kept in `other` rather than failing the decode.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// Where and as whom the client talks: the configured API base and the token (kept by
/// `browser::session`; never put in a URL, a log line or an error message).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub api_base_url: String,
    /// The API token; empty for a host session (`Session::host`).
    pub token: String,
}

impl Session {
    /// A session the host's own login keeps (config.json `"auth": "session"`): the browser sends
    /// its same-origin session cookie with every request; there is no token to send or keep.
    pub fn host(api_base_url: String) -> Session {
        Session {
            api_base_url,
            token: String::new(),
        }
    }

    /// Whether the host's session cookie, not a token, authenticates this session.
    pub fn is_host(&self) -> bool {
        self.token.is_empty()
    }
}

/// The histogram endpoint's answer (`audit-events/histogram/`): `counts[i]` is the number of
/// the filtered events with `edges[i] <= timestamp < edges[i + 1]`, exact.
#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    pub counts: Vec<u64>,
}

impl Histogram {
    /// Read from the answer as JSON (serde_json's `Value` decoder is in the build already; a
    /// derived one would add its own code to the first load). `None` unless `counts` is a list
    /// of whole numbers.
    pub fn from_value(value: &Value) -> Option<Histogram> {
        let counts = value.get("counts")?.as_array()?;
        Some(Histogram {
            counts: counts.iter().map(Value::as_u64).collect::<Option<_>>()?,
        })
    }
}

/// One page of the list endpoint: whole events, or `Brief`s for a summary.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct Page<T = Event> {
    pub count: u64,
    /// `false` when `count` is the API's estimate (`count=estimate` past its exact cap, the
    /// Django package); absent from a plain API, whose count is exact.
    #[serde(default)]
    pub count_exact: Option<bool>,
    #[serde(default)]
    pub next: Option<String>,
    #[serde(default)]
    pub previous: Option<String>,
    /// The keyset positions of the pages beside this one, when the API names them (the Django
    /// package in a time order): opaque tokens sent back as `cursor=`, never parsed.
    #[serde(default)]
    pub next_cursor: Option<String>,
    #[serde(default)]
    pub previous_cursor: Option<String>,
    pub results: Vec<T>,
}

/// What a summary reads of an event (`list::summary`): the fields it counts, and of `content`
/// only its `action`. Everything else in the answer is skipped as it is read, never built into
/// JSON values — a summary reads tens of thousands of events, and most of each is `headers`,
/// `post_data` and `content` it does not count.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct Brief {
    pub uuid: String,
    pub timestamp: String,
    #[serde(default)]
    pub user: UserRef,
    #[serde(default)]
    pub remote_addr: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub content_type: Option<i64>,
    #[serde(default)]
    pub object_id: Option<i64>,
    /// `content`, reduced to its `action`.
    #[serde(default, rename = "content")]
    pub action: ContentAction,
}

/// An event's `content` as far as its `action` goes.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum ContentAction {
    /// `null`, or no `content`.
    #[default]
    Null,
    /// Not an object (a string, a number, a list…).
    NotObject,
    /// An object: its `action`, if it has one (any JSON).
    Object(Option<Value>),
}

/// What the whole event's `content` would read as (the tests hold the slim decode to it).
#[cfg(test)]
impl ContentAction {
    pub fn of(content: &Value) -> ContentAction {
        match content {
            Value::Null => ContentAction::Null,
            Value::Object(map) => ContentAction::Object(map.get("action").cloned()),
            _ => ContentAction::NotObject,
        }
    }
}

impl<'de> Deserialize<'de> for ContentAction {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
        struct Reader;
        impl<'de> Visitor<'de> for Reader {
            type Value = ContentAction;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any JSON")
            }
            fn visit_unit<E>(self) -> Result<ContentAction, E> {
                Ok(ContentAction::Null)
            }
            fn visit_none<E>(self) -> Result<ContentAction, E> {
                Ok(ContentAction::Null)
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<ContentAction, D2::Error> {
                d.deserialize_any(Reader)
            }
            fn visit_bool<E>(self, _: bool) -> Result<ContentAction, E> {
                Ok(ContentAction::NotObject)
            }
            fn visit_i64<E>(self, _: i64) -> Result<ContentAction, E> {
                Ok(ContentAction::NotObject)
            }
            fn visit_u64<E>(self, _: u64) -> Result<ContentAction, E> {
                Ok(ContentAction::NotObject)
            }
            fn visit_f64<E>(self, _: f64) -> Result<ContentAction, E> {
                Ok(ContentAction::NotObject)
            }
            fn visit_str<E>(self, _: &str) -> Result<ContentAction, E> {
                Ok(ContentAction::NotObject)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ContentAction, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(ContentAction::NotObject)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ContentAction, A::Error> {
                let mut action = None;
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    if key == "action" {
                        action = Some(map.next_value::<Value>()?);
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(ContentAction::Object(action))
            }
        }
        d.deserialize_any(Reader)
    }
}

/// The `Brief` of a whole event: what the slim decode must read (tests).
#[cfg(test)]
impl From<&Event> for Brief {
    fn from(e: &Event) -> Brief {
        Brief {
            uuid: e.uuid.clone(),
            timestamp: e.timestamp.clone(),
            user: e.user.clone(),
            remote_addr: e.remote_addr.clone(),
            url: e.url.clone(),
            content_type: e.content_type,
            object_id: e.object_id,
            action: ContentAction::of(&e.content),
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct Event {
    pub uuid: String,
    pub timestamp: String,
    #[serde(default)]
    pub user: UserRef,
    #[serde(default)]
    pub remote_addr: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub query_params: Value,
    #[serde(default)]
    pub post_data: Value,
    #[serde(default)]
    pub headers: Value,
    #[serde(default)]
    pub content_type: Option<i64>,
    #[serde(default)]
    pub object_id: Option<i64>,
    #[serde(default)]
    pub content: Value,
    /// Fields this version does not know, shown rather than dropped.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct User {
    pub pk: i64,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub email: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub first_name: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub last_name: String,
}

/// Who acted: the nested object most servers send, a bare id some send, or nobody (system).
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
#[serde(untagged)]
pub enum UserRef {
    #[default]
    System,
    Id(i64),
    Full(User),
}

impl<'de> Deserialize<'de> for UserRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Shape {
            Id(i64),
            Full(User),
        }
        Ok(match Option::<Shape>::deserialize(d)? {
            None => UserRef::System,
            Some(Shape::Id(id)) => UserRef::Id(id),
            Some(Shape::Full(u)) => UserRef::Full(u),
        })
    }
}

impl UserRef {
    pub fn id(&self) -> Option<i64> {
        match self {
            UserRef::System => None,
            UserRef::Id(id) => Some(*id),
            UserRef::Full(u) => Some(u.pk),
        }
    }
}

fn null_as_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

#[cfg(test)]
mod histogram_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_histogram_is_its_whole_counts_or_nothing() {
        let h = Histogram::from_value(&json!({"edges": [], "counts": [3, 0, 12], "total": 15}));
        assert_eq!(h.map(|h| h.counts), Some(vec![3, 0, 12]));
        assert_eq!(Histogram::from_value(&json!({"counts": [1, -2]})), None);
        assert_eq!(Histogram::from_value(&json!({"counts": "3"})), None);
        assert_eq!(Histogram::from_value(&json!([1, 2])), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(user: Value) -> Value {
        json!({"uuid": "ffa8c5c5-1b50-4edb-88da-bb8c6298d3e9", "timestamp": "2026-11-25T19:39:55Z",
               "user": user, "content_type": 3, "object_id": 341, "content": {"a": 1}})
    }

    #[test]
    fn user_in_all_three_shapes() {
        let full: Event = serde_json::from_value(event(
            json!({"pk": 1, "email": "ada@example.com", "first_name": "Ada", "last_name": null}),
        ))
        .unwrap();
        assert_eq!(
            full.user,
            UserRef::Full(User {
                pk: 1,
                email: "ada@example.com".into(),
                first_name: "Ada".into(),
                last_name: String::new()
            })
        );
        let id: Event = serde_json::from_value(event(json!(7))).unwrap();
        assert_eq!(id.user, UserRef::Id(7));
        let none: Event = serde_json::from_value(event(Value::Null)).unwrap();
        assert_eq!(none.user, UserRef::System);
        assert_eq!(none.user.id(), None);
    }

    #[test]
    fn missing_optional_fields_and_unknown_fields_are_tolerated() {
        let mut v = event(Value::Null);
        v["severity"] = json!("high");
        let e: Event = serde_json::from_value(v).unwrap();
        assert_eq!(e.remote_addr, None);
        assert_eq!(e.headers, Value::Null);
        assert_eq!(e.other["severity"], "high");
    }

    #[test]
    fn a_brief_reads_the_counted_fields_and_only_the_action_of_content() {
        let mut v = event(json!({"pk": 3, "email": "", "first_name": "A", "last_name": "B"}));
        v["content"] = json!({"changes": {"deep": [1, {"x": "y"}]}, "action": "update"});
        v["headers"] = json!({"Authorization": "Token secret"});
        v["severity"] = json!("high");
        let b: Brief = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(b.action, ContentAction::Object(Some(json!("update"))));
        assert_eq!(b.object_id, Some(341));
        let whole: Event = serde_json::from_value(v).unwrap();
        assert_eq!(Brief::from(&whole), b);
        for (content, expected) in [
            (json!(null), ContentAction::Null),
            (json!("update"), ContentAction::NotObject),
            (json!([{"action": "x"}]), ContentAction::NotObject),
            (json!(7.5), ContentAction::NotObject),
            (json!({}), ContentAction::Object(None)),
            (
                json!({"action": {"nested": true}}),
                ContentAction::Object(Some(json!({"nested": true}))),
            ),
        ] {
            let mut v = event(Value::Null);
            v["content"] = content.clone();
            let from_text: Brief = serde_json::from_str(&v.to_string()).unwrap();
            assert_eq!(from_text.action, expected, "{content}");
            assert_eq!(ContentAction::of(&content), expected);
        }
        let mut none = event(Value::Null);
        none.as_object_mut().unwrap().remove("content");
        let b: Brief = serde_json::from_value(none).unwrap();
        assert_eq!(b.action, ContentAction::Null);
    }

    #[test]
    fn a_page_decodes() {
        let p: Page = serde_json::from_value(
            json!({"count": 1, "next": null, "previous": null, "results": [event(json!(2))]}),
        )
        .unwrap();
        assert_eq!(p.count, 1);
        assert_eq!(p.results[0].object_id, Some(341));
    }
}
