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

/// One page of the list endpoint.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct Page {
    pub count: u64,
    #[serde(default)]
    pub next: Option<String>,
    #[serde(default)]
    pub previous: Option<String>,
    pub results: Vec<Event>,
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
    fn a_page_decodes() {
        let p: Page = serde_json::from_value(
            json!({"count": 1, "next": null, "previous": null, "results": [event(json!(2))]}),
        )
        .unwrap();
        assert_eq!(p.count, 1);
        assert_eq!(p.results[0].object_id, Some(341));
    }
}
