//! Users this browser has seen in events, so the User filter can be found by name or email
//! (the API filters by primary key only, and has no user endpoint). Kept per API base and
//! bounded; the most recently seen first. Stored as a cache (`browser::storage::CACHE_PREFIX`),
//! so sign-out forgets it with the session: as lines of text (the API base, then
//! `pk<TAB>name<TAB>email` per user), which costs the first load less than a serde format.

use crate::api::{Event, UserRef};

/// The most users kept: enough for the people an admin investigates, small enough to store and
/// to offer as suggestions.
pub const MAX_USERS: usize = 500;

#[derive(Clone, Debug, PartialEq)]
pub struct KnownUser {
    pub pk: i64,
    pub name: String,
    pub email: String,
}

impl KnownUser {
    /// "Ada Lovelace <ada@x>", "ada@x" or "Ada Lovelace": what a suggestion shows.
    pub fn label(&self) -> String {
        match (self.name.is_empty(), self.email.is_empty()) {
            (false, false) => format!("{} <{}>", self.name, self.email),
            (false, true) => self.name.clone(),
            (true, _) => self.email.clone(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct UserDirectory {
    /// The API base these users belong to; another base starts empty.
    pub base: String,
    /// Most recently seen first.
    pub users: Vec<KnownUser>,
}

/// What a typed User field means.
#[derive(Clone, Debug, PartialEq)]
pub enum Typed {
    Empty,
    Id(i64),
    /// A name or email that matches exactly one known user.
    Found(i64),
    /// Matches several: the field says how many and asks to pick.
    Several(usize),
    Unknown,
}

impl UserDirectory {
    pub fn new(base: &str) -> Self {
        UserDirectory {
            base: base.to_string(),
            users: Vec::new(),
        }
    }

    /// Reads what was stored, for this base only; anything unreadable or for another base is
    /// an empty directory (a bad line is skipped).
    pub fn from_text(text: Option<&str>, base: &str) -> Self {
        let mut lines = text.unwrap_or_default().lines();
        if lines.next() != Some(base) {
            return UserDirectory::new(base);
        }
        let users = lines
            .filter_map(|line| {
                let mut parts = line.split('\t');
                let pk = parts.next()?.parse().ok()?;
                let (name, email) = (parts.next()?.to_string(), parts.next()?.to_string());
                Some(KnownUser { pk, name, email })
            })
            .take(MAX_USERS)
            .collect();
        UserDirectory {
            base: base.to_string(),
            users,
        }
    }

    pub fn to_text(&self) -> String {
        let mut out = self.base.clone();
        for u in &self.users {
            out.push_str(&format!("\n{}\t{}\t{}", u.pk, u.name, u.email));
        }
        out
    }

    /// Adds the named users of these events (first seen first), moving a known one to the front
    /// with its latest name. Returns whether anything changed. Users known only by id add
    /// nothing: there is nothing to find them by.
    pub fn record(&mut self, events: &[Event]) -> bool {
        let mut seen: Vec<KnownUser> = Vec::new();
        for e in events {
            if let UserRef::Full(u) = &e.user {
                if seen.iter().any(|k| k.pk == u.pk) {
                    continue;
                }
                // One line of text each (tabs and line breaks would break the stored format).
                let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ").trim().to_string();
                let name = clean(&format!("{} {}", u.first_name.trim(), u.last_name.trim()));
                let email = clean(&u.email);
                if name.is_empty() && email.is_empty() {
                    continue;
                }
                seen.push(KnownUser {
                    pk: u.pk,
                    name,
                    email,
                });
            }
        }
        if seen.is_empty() || self.users.starts_with(&seen) {
            return false;
        }
        self.users.retain(|k| !seen.iter().any(|s| s.pk == k.pk));
        seen.append(&mut self.users);
        seen.truncate(MAX_USERS);
        self.users = seen;
        true
    }

    pub fn get(&self, pk: i64) -> Option<&KnownUser> {
        self.users.iter().find(|k| k.pk == pk)
    }

    /// What the User field's text means: an id, or a name/email/label of a known user (exact,
    /// ignoring case, or else the one user whose name or email contains it).
    pub fn resolve(&self, text: &str) -> Typed {
        let t = text.trim();
        if t.is_empty() {
            return Typed::Empty;
        }
        let t = t.strip_prefix('#').unwrap_or(t);
        if let Ok(n) = t.parse::<i64>() {
            return if n >= 0 { Typed::Id(n) } else { Typed::Unknown };
        }
        let needle = t.to_lowercase();
        let exact: Vec<i64> = self
            .users
            .iter()
            .filter(|k| {
                [k.label(), k.name.clone(), k.email.clone()]
                    .iter()
                    .any(|s| !s.is_empty() && s.to_lowercase() == needle)
            })
            .map(|k| k.pk)
            .collect();
        let matches = if exact.is_empty() {
            self.users
                .iter()
                .filter(|k| k.label().to_lowercase().contains(&needle))
                .map(|k| k.pk)
                .collect()
        } else {
            exact
        };
        match matches.as_slice() {
            [] => Typed::Unknown,
            [one] => Typed::Found(*one),
            many => Typed::Several(many.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::User;

    fn event(pk: i64, first: &str, last: &str, email: &str) -> Event {
        let mut e: Event = serde_json::from_value(serde_json::json!({
            "uuid": format!("u{pk}"), "timestamp": "2026-11-25T10:00:00Z"
        }))
        .unwrap();
        e.user = UserRef::Full(User {
            pk,
            first_name: first.into(),
            last_name: last.into(),
            email: email.into(),
        });
        e
    }

    fn directory() -> UserDirectory {
        let mut d = UserDirectory::new("https://a/api");
        d.record(&[
            event(1, "Ada", "Lovelace", "ada@example.com"),
            event(2, "Alan", "Turing", "alan@example.com"),
            event(3, "Ada", "Byron", "byron@example.com"),
        ]);
        d
    }

    #[test]
    fn records_named_users_newest_first_and_once() {
        let mut d = directory();
        assert_eq!(d.users.iter().map(|u| u.pk).collect::<Vec<_>>(), [1, 2, 3]);
        assert!(d.record(&[
            event(3, "Ada", "King", "byron@example.com"),
            event(3, "x", "y", "z")
        ]));
        assert_eq!(d.users.iter().map(|u| u.pk).collect::<Vec<_>>(), [3, 1, 2]);
        assert_eq!(d.get(3).unwrap().name, "Ada King");
        // The same page again changes nothing; an id-only or system user adds nothing.
        assert!(!d.record(&[event(3, "Ada", "King", "byron@example.com")]));
        let mut bare = event(9, "", "", "");
        assert!(!d.record(std::slice::from_ref(&bare)));
        bare.user = UserRef::Id(9);
        assert!(!d.record(&[bare]));
    }

    #[test]
    fn bounded() {
        let mut d = UserDirectory::new("b");
        let many: Vec<Event> = (0..(MAX_USERS as i64 + 20))
            .map(|i| event(i, "U", &i.to_string(), ""))
            .collect();
        d.record(&many);
        assert_eq!(d.users.len(), MAX_USERS);
        assert_eq!(d.users[0].pk, 0);
    }

    #[test]
    fn finds_by_id_name_email_or_label() {
        let d = directory();
        assert_eq!(d.resolve("  "), Typed::Empty);
        assert_eq!(d.resolve("42"), Typed::Id(42), "any id, known or not");
        assert_eq!(d.resolve("#7"), Typed::Id(7));
        assert_eq!(d.resolve("-1"), Typed::Unknown);
        assert_eq!(d.resolve("alan@example.com"), Typed::Found(2));
        assert_eq!(d.resolve("ADA LOVELACE"), Typed::Found(1));
        assert_eq!(d.resolve("Ada Lovelace <ada@example.com>"), Typed::Found(1));
        assert_eq!(d.resolve("turing"), Typed::Found(2), "part of a name");
        assert_eq!(d.resolve("ada"), Typed::Several(2));
        assert_eq!(d.resolve("grace"), Typed::Unknown);
    }

    #[test]
    fn stored_per_api_base() {
        let d = directory();
        let text = d.to_text();
        assert_eq!(UserDirectory::from_text(Some(&text), "https://a/api"), d);
        assert!(UserDirectory::from_text(Some(&text), "https://b/api")
            .users
            .is_empty());
        let mut tricky = UserDirectory::new("b");
        tricky.record(&[event(4, "Tab\tby", "Line\nbreak", "x@y\r")]);
        let back = UserDirectory::from_text(Some(&tricky.to_text()), "b");
        assert_eq!(back.users[0].name, "Tab by Line break");
        assert_eq!(back.users[0].email, "x@y");
        assert!(UserDirectory::from_text(Some("{not json"), "https://a/api")
            .users
            .is_empty());
        assert!(UserDirectory::from_text(None, "x").users.is_empty());
    }
}
