//! `config.json`, read at start-up from beside `index.html`, so one build serves every environment.
//!
//! ```json
//! {"api_base_url": "https://shop.example.com/api/v1",
//!  "content_types": {"3": "catalog.product"},
//!  "page_size": 50}
//! ```
//! Every key is optional. A file that is not valid gets a message naming what is wrong.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::api::urls::{normalize_base, validate_base};
use crate::app::api_features::ApiFeatures;
use crate::common::app_path::is_app_path;
use crate::common::time::Preset;

pub const PAGE_SIZES: [u32; 5] = [25, 50, 100, 250, 500];
pub const DEFAULT_PAGE_SIZE: u32 = 50;

#[derive(Clone, Debug, PartialEq)]
pub struct AppConfig {
    /// Pre-fills the sign-in form: an absolute http(s) URL, or a path on this page's origin.
    pub api_base_url: Option<String>,
    /// Content-type id → readable label.
    pub content_types: BTreeMap<i64, String>,
    pub page_size: u32,
    /// The time range of the default view (a bare list URL).
    pub default_time_range: Preset,
    /// Content-type id → URL template with `{object_id}`, linking an event's object to its admin.
    pub object_links: BTreeMap<i64, String>,
    /// How often live tail asks for new events, in seconds (1–300).
    pub live_tail_seconds: u32,
    /// Whether the timeline counts by itself (`"auto"`) or only when asked (`"off"`).
    pub timeline: TimelineMode,
    /// At most this many timeline buckets, i.e. count requests per view (10–200).
    pub timeline_max_buckets: u32,
    /// How long a settled bucket count is reused, in hours (0–720; 0 keeps none).
    pub timeline_cache_hours: u32,
    /// Sign out after this many minutes without input in any tab (none: never).
    pub session_idle_minutes: Option<f64>,
    /// Sign out this many hours after signing in, whatever the activity (none: never).
    pub session_max_hours: Option<f64>,
    /// How requests are authenticated: a token typed at sign-in, or the host's own session.
    pub auth: Auth,
    /// A summary reads at most this many events, the newest (500–200,000).
    pub summary_max_events: u32,
    /// What the API answers beyond shared/API.md (`app::api_features`).
    pub api_features: ApiFeatures,
    /// The language to show (a BCP 47 tag such as "tr" or "pt-BR"; the Django package writes the
    /// one Django chose for the request). One the console does not ship is passed over
    /// (the start-up script, `src/i18n/early_language.js`): the browser's languages, then English.
    pub language: Option<String>,
    /// Session mode: the host's language cookie (Django's `LANGUAGE_COOKIE_NAME`), which the
    /// language menu sets so that the admin and the console change together.
    pub language_cookie: Option<String>,
}

/// config.json `auth`.
#[derive(Clone, Debug, PartialEq)]
pub enum Auth {
    /// `"token"` (default): the user signs in with an API token, kept by the console.
    Token,
    /// `"session"`: the console is served by the API's own host (the Django package), on the same
    /// origin; the browser's session cookie authenticates every request, no token is typed or
    /// kept, and signing in and out happen at the host's login and logout pages.
    HostSession(HostSession),
}

impl HostSession {
    /// The host's login page, coming back to `return_to` (an address on this site) after.
    pub fn login_href(&self, return_to: &str) -> String {
        let join = if self.login_url.contains('?') {
            '&'
        } else {
            '?'
        };
        format!(
            "{}{join}next={}",
            self.login_url,
            crate::api::urls::encode_component(return_to)
        )
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct HostSession {
    /// The host's login page, a path on this origin; the console adds `?next=` back to itself.
    pub login_url: String,
    /// The host's logout endpoint, a path on this origin, POSTed with the CSRF token.
    pub logout_url: String,
    /// The cookie holding the CSRF token for that POST (Django: `CSRF_COOKIE_NAME`).
    pub csrf_cookie_name: String,
}

pub const DEFAULT_LIVE_TAIL_SECONDS: u32 = 5;
pub const DEFAULT_TIMELINE_MAX_BUCKETS: u32 = 60;
pub const DEFAULT_TIMELINE_CACHE_HOURS: u32 = 24;
pub const DEFAULT_SUMMARY_MAX_EVENTS: u32 = 20_000;

/// config.json `timeline`: every bucket is a `COUNT(*)` on the API's database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimelineMode {
    /// Count every view's buckets (default).
    Auto,
    /// No count requests until the user asks ("Show timeline").
    Off,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            api_base_url: None,
            content_types: BTreeMap::new(),
            page_size: DEFAULT_PAGE_SIZE,
            default_time_range: Preset::All,
            object_links: BTreeMap::new(),
            live_tail_seconds: DEFAULT_LIVE_TAIL_SECONDS,
            timeline: TimelineMode::Auto,
            timeline_max_buckets: DEFAULT_TIMELINE_MAX_BUCKETS,
            timeline_cache_hours: DEFAULT_TIMELINE_CACHE_HOURS,
            session_idle_minutes: None,
            session_max_hours: None,
            auth: Auth::Token,
            summary_max_events: DEFAULT_SUMMARY_MAX_EVENTS,
            api_features: ApiFeatures::default(),
            language: None,
            language_cookie: None,
        }
    }
}

#[derive(Deserialize)]
struct Raw {
    #[serde(default)]
    api_base_url: Option<String>,
    #[serde(default)]
    content_types: BTreeMap<String, String>,
    #[serde(default)]
    page_size: Option<u32>,
    #[serde(default)]
    default_time_range: Option<String>,
    #[serde(default)]
    object_links: BTreeMap<String, String>,
    #[serde(default)]
    live_tail_seconds: Option<u32>,
    #[serde(default)]
    timeline: Option<String>,
    #[serde(default)]
    timeline_max_buckets: Option<u32>,
    #[serde(default)]
    timeline_cache_hours: Option<u32>,
    #[serde(default)]
    session_idle_minutes: Option<f64>,
    #[serde(default)]
    session_max_hours: Option<f64>,
    #[serde(default)]
    auth: Option<String>,
    #[serde(default)]
    login_url: Option<String>,
    #[serde(default)]
    logout_url: Option<String>,
    #[serde(default)]
    csrf_cookie_name: Option<String>,
    /// Read as any JSON, so that a string or a fraction gets a message naming the key.
    #[serde(default)]
    summary_max_events: Option<serde_json::Value>,
    #[serde(default)]
    api_features: Option<serde_json::Value>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    language_cookie: Option<String>,
}

/// A cookie's name as RFC 6265 allows it, in the letters hosts use.
fn is_cookie_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}

/// A path on this site for `key` (`common::app_path`), required in session mode.
fn site_path(key: &str, value: Option<&str>) -> Result<String, String> {
    match value.map(str::trim) {
        Some(p) if is_app_path(p) => Ok(p.to_string()),
        Some(p) => Err(format!(
            "config.json {key}: {p:?} must be a path on this site, starting with one /"
        )),
        None => Err(format!(
            "config.json {key} is missing: \"auth\": \"session\" needs it"
        )),
    }
}

/// An optional positive number of minutes or hours, at most `max`.
fn positive(key: &str, value: Option<f64>, max: f64) -> Result<Option<f64>, String> {
    match value {
        None => Ok(None),
        Some(v) if v.is_finite() && v > 0.0 && v <= max => Ok(Some(v)),
        Some(v) => Err(format!(
            "config.json {key}: {v} is not a number above 0 and at most {max}"
        )),
    }
}

/// A number key within `range`, or its default when absent.
fn number_in(
    key: &str,
    value: Option<u32>,
    range: std::ops::RangeInclusive<u32>,
    default: u32,
) -> Result<u32, String> {
    match value {
        None => Ok(default),
        Some(n) if range.contains(&n) => Ok(n),
        Some(n) => Err(format!(
            "config.json {key}: {n} is not between {} and {}",
            range.start(),
            range.end()
        )),
    }
}

impl AppConfig {
    pub fn parse(text: &str) -> Result<AppConfig, String> {
        let raw: Raw =
            serde_json::from_str(text).map_err(|e| format!("config.json is not valid: {e}"))?;
        let api_base_url = match raw.api_base_url.as_deref().map(str::trim) {
            None | Some("") => None,
            // A path means "this page's origin", for an API served beside the app.
            Some(b) if is_app_path(b) => Some(normalize_base(b)),
            Some(b) if b.starts_with('/') => {
                return Err(format!(
                    "config.json api_base_url: {b:?} is neither a path on this site (one leading /) nor an http(s) URL"
                ))
            }
            Some(b) => {
                Some(validate_base(b).map_err(|e| format!("config.json api_base_url: {e}"))?)
            }
        };
        let content_types = by_content_type("content_types", raw.content_types, &|_, _| Ok(()))?;
        let page_size = match raw.page_size {
            None => DEFAULT_PAGE_SIZE,
            Some(n) if PAGE_SIZES.contains(&n) => n,
            Some(n) => {
                return Err(format!(
                    "config.json page_size: {n} is not one of {PAGE_SIZES:?}"
                ))
            }
        };
        let default_time_range = match raw.default_time_range.as_deref() {
            None => Preset::All,
            Some(k) => Preset::from_key(k).ok_or_else(|| {
                let keys: Vec<&str> = Preset::ALL.iter().map(|p| p.key()).collect();
                format!("config.json default_time_range: “{k}” is not one of {keys:?}")
            })?,
        };
        let object_links = by_content_type("object_links", raw.object_links, &|id, template| {
            if crate::common::format::http_url(template).is_some()
                && template.contains("{object_id}")
            {
                Ok(())
            } else {
                Err(format!(
                    "config.json object_links[{id}]: {template:?} must be an http(s) URL containing {{object_id}}"
                ))
            }
        })?;
        let live_tail_seconds = number_in(
            "live_tail_seconds",
            raw.live_tail_seconds,
            1..=300,
            DEFAULT_LIVE_TAIL_SECONDS,
        )?;
        let timeline = match raw.timeline.as_deref() {
            None | Some("auto") => TimelineMode::Auto,
            Some("off") => TimelineMode::Off,
            Some(other) => {
                return Err(format!(
                    "config.json timeline: “{other}” is not \"auto\" or \"off\""
                ))
            }
        };
        let timeline_max_buckets = number_in(
            "timeline_max_buckets",
            raw.timeline_max_buckets,
            10..=200,
            DEFAULT_TIMELINE_MAX_BUCKETS,
        )?;
        let timeline_cache_hours = number_in(
            "timeline_cache_hours",
            raw.timeline_cache_hours,
            0..=720,
            DEFAULT_TIMELINE_CACHE_HOURS,
        )?;
        let session_idle_minutes = positive(
            "session_idle_minutes",
            raw.session_idle_minutes,
            24.0 * 60.0,
        )?;
        let session_max_hours = positive("session_max_hours", raw.session_max_hours, 24.0 * 90.0)?;
        let auth = match raw.auth.as_deref() {
            None | Some("token") => Auth::Token,
            Some("session") => {
                // The session cookie goes only to this origin: the API must be on it.
                if !api_base_url.as_deref().is_some_and(is_app_path) {
                    return Err(
                        "config.json api_base_url: \"auth\": \"session\" needs the API on this site, as a path such as \"/api/v1\"".into(),
                    );
                }
                let csrf_cookie_name = raw.csrf_cookie_name.unwrap_or_else(|| "csrftoken".into());
                if !is_cookie_name(&csrf_cookie_name) {
                    return Err(format!(
                        "config.json csrf_cookie_name: {csrf_cookie_name:?} is not a cookie name"
                    ));
                }
                Auth::HostSession(HostSession {
                    login_url: site_path("login_url", raw.login_url.as_deref())?,
                    logout_url: site_path("logout_url", raw.logout_url.as_deref())?,
                    csrf_cookie_name,
                })
            }
            Some(other) => {
                return Err(format!(
                    "config.json auth: “{other}” is not \"token\" or \"session\""
                ))
            }
        };
        let summary_max_events = match raw.summary_max_events {
            None | Some(serde_json::Value::Null) => DEFAULT_SUMMARY_MAX_EVENTS,
            Some(v) => match v.as_u64().filter(|n| (500..=200_000).contains(n)) {
                Some(n) => n as u32,
                None => {
                    return Err(format!(
                        "config.json summary_max_events: {v} is not a whole number between 500 and 200000"
                    ))
                }
            },
        };
        let api_features = ApiFeatures::parse(raw.api_features.as_ref())?;
        // A tag the console does not ship is no error (the start-up script passes it over).
        if let Some(l) = raw.language.as_deref().filter(|l| {
            !l.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        }) {
            return Err(format!(
                "config.json language: {l:?} is not a language tag such as \"tr\" or \"pt-BR\""
            ));
        }
        if let Some(c) = raw
            .language_cookie
            .as_deref()
            .filter(|c| !is_cookie_name(c))
        {
            return Err(format!(
                "config.json language_cookie: {c:?} is not a cookie name"
            ));
        }
        let (language, language_cookie) = (raw.language, raw.language_cookie);
        Ok(AppConfig {
            language,
            language_cookie,
            api_features,
            summary_max_events,
            auth,
            session_idle_minutes,
            session_max_hours,
            timeline,
            timeline_max_buckets,
            timeline_cache_hours,
            live_tail_seconds,
            api_base_url,
            content_types,
            page_size,
            default_time_range,
            object_links,
        })
    }

    /// The admin link for an object, when config.json has a template for its content type.
    pub fn object_link(&self, content_type: Option<i64>, object_id: Option<i64>) -> Option<String> {
        let template = self.object_links.get(&content_type?)?;
        Some(template.replace("{object_id}", &object_id?.to_string()))
    }

    /// The host's session settings when the console runs in session mode.
    pub fn host_session(&self) -> Option<&HostSession> {
        match &self.auth {
            Auth::HostSession(h) => Some(h),
            Auth::Token => None,
        }
    }

    pub fn content_type_label(&self, id: i64) -> Option<&str> {
        self.content_types.get(&id).map(String::as_str)
    }
}

/// A map keyed by content-type id, as config.json writes it (string keys), each value checked.
fn by_content_type(
    section: &str,
    raw: BTreeMap<String, String>,
    check: &dyn Fn(&str, &str) -> Result<(), String>,
) -> Result<BTreeMap<i64, String>, String> {
    let mut out = BTreeMap::new();
    for (id, value) in raw {
        let n: i64 = id.trim().parse().map_err(|_| {
            format!("config.json {section}: key {id:?} is not a content-type id (an integer)")
        })?;
        check(&id, &value)?;
        out.insert(n, value);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_and_its_cookie_are_read_and_a_bad_one_is_named() {
        assert_eq!(AppConfig::parse("{}").unwrap().language, None);
        let c = AppConfig::parse(r#"{"language": "pt-br", "language_cookie": "django_language"}"#)
            .unwrap();
        assert_eq!(c.language.as_deref(), Some("pt-br"));
        assert_eq!(c.language_cookie.as_deref(), Some("django_language"));
        // A language the console does not ship is not an error (the start-up script passes it over).
        assert_eq!(
            AppConfig::parse(r#"{"language": "nl"}"#)
                .unwrap()
                .language
                .as_deref(),
            Some("nl")
        );
        assert!(AppConfig::parse(r#"{"language": 7}"#).is_err());
        for (text, key) in [
            (r#"{"language": "en us"}"#, "language"),
            (r#"{"language_cookie": "a;b"}"#, "language_cookie"),
        ] {
            let e = AppConfig::parse(text).unwrap_err();
            assert!(e.contains(key), "{text}: {e}");
        }
    }

    #[test]
    fn api_features_come_from_the_file_and_a_bad_one_is_named() {
        let plain = AppConfig::parse("{}").unwrap();
        assert_eq!(plain.api_features, ApiFeatures::default());
        let c =
            AppConfig::parse(r#"{"api_features": {"histogram": {"max_buckets": 500}}}"#).unwrap();
        assert_eq!(c.api_features.histogram.map(|h| h.max_buckets), Some(500));
        let bad = AppConfig::parse(r#"{"api_features": {"cursor": 1}}"#).unwrap_err();
        assert!(bad.contains("api_features.cursor"), "{bad}");
    }

    #[test]
    fn reads_a_full_file() {
        let c = AppConfig::parse(
            r#"{"api_base_url": "http://127.0.0.1:8080/api/v1/", "content_types": {"3": "catalog.product"}, "page_size": 100, "default_time_range": "24h"}"#,
        )
        .unwrap();
        assert_eq!(
            c.api_base_url.as_deref(),
            Some("http://127.0.0.1:8080/api/v1")
        );
        assert_eq!(c.content_type_label(3), Some("catalog.product"));
        assert_eq!(c.page_size, 100);
        assert_eq!(c.default_time_range, Preset::Hours24);
    }

    #[test]
    fn a_path_base_is_kept_for_the_page_origin() {
        let c = AppConfig::parse(r#"{"api_base_url": "/api/v1/"}"#).unwrap();
        assert_eq!(c.api_base_url.as_deref(), Some("/api/v1"));
        assert!(AppConfig::parse(r#"{"api_base_url": "//evil.example/api"}"#).is_err());
        // The app-path rule (common::app_path): `/\\host` is another site too.
        let e = AppConfig::parse(r#"{"api_base_url": "/\\evil.example/api"}"#).unwrap_err();
        assert!(e.contains("api_base_url"), "{e}");
    }

    #[test]
    fn object_links_fill_their_template() {
        let c = AppConfig::parse(
            r#"{"object_links": {"6": "https://admin.example.com/orders/{object_id}/"}}"#,
        )
        .unwrap();
        assert_eq!(
            c.object_link(Some(6), Some(77)).as_deref(),
            Some("https://admin.example.com/orders/77/")
        );
        assert_eq!(c.object_link(Some(5), Some(77)), None);
        assert_eq!(c.object_link(Some(6), None), None);
        assert!(
            AppConfig::parse(r#"{"object_links": {"6": "javascript:alert({object_id})"}}"#)
                .is_err()
        );
        assert!(
            AppConfig::parse(r#"{"object_links": {"6": "https://a.example/no-placeholder"}}"#)
                .is_err()
        );
    }

    #[test]
    fn empty_object_is_the_default() {
        assert_eq!(AppConfig::parse("{}").unwrap(), AppConfig::default());
    }

    #[test]
    fn bad_files_name_the_problem() {
        assert!(AppConfig::parse("<html>")
            .unwrap_err()
            .contains("not valid"));
        assert!(AppConfig::parse(r#"{"api_base_url": "javascript:x"}"#)
            .unwrap_err()
            .contains("api_base_url"));
        assert!(AppConfig::parse(r#"{"content_types": {"x": "y"}}"#)
            .unwrap_err()
            .contains("content_types"));
        assert!(AppConfig::parse(r#"{"page_size": 7}"#)
            .unwrap_err()
            .contains("page_size"));
        assert!(AppConfig::parse(r#"{"live_tail_seconds": 0}"#)
            .unwrap_err()
            .contains("live_tail_seconds"));
        assert_eq!(
            AppConfig::parse(r#"{"live_tail_seconds": 2}"#)
                .unwrap()
                .live_tail_seconds,
            2
        );
    }

    #[test]
    fn the_timeline_budget_keys() {
        let d = AppConfig::parse("{}").unwrap();
        assert_eq!(
            (d.timeline, d.timeline_max_buckets, d.timeline_cache_hours),
            (TimelineMode::Auto, 60, 24)
        );
        let c = AppConfig::parse(
            r#"{"timeline": "off", "timeline_max_buckets": 12, "timeline_cache_hours": 0}"#,
        )
        .unwrap();
        assert_eq!(
            (c.timeline, c.timeline_max_buckets, c.timeline_cache_hours),
            (TimelineMode::Off, 12, 0)
        );
        for (bad, key) in [
            (r#"{"timeline": "sometimes"}"#, "timeline: “sometimes”"),
            (
                r#"{"timeline_max_buckets": 5}"#,
                "timeline_max_buckets: 5 is not between 10 and 200",
            ),
            (r#"{"timeline_cache_hours": 1000}"#, "timeline_cache_hours"),
            (r#"{"timeline_max_buckets": "many"}"#, "not valid"),
        ] {
            let e = AppConfig::parse(bad).unwrap_err();
            assert!(e.contains(key), "{bad}: {e}");
        }
    }

    #[test]
    fn the_summary_cap() {
        assert_eq!(AppConfig::parse("{}").unwrap().summary_max_events, 20_000);
        assert_eq!(
            AppConfig::parse(r#"{"summary_max_events": 500}"#)
                .unwrap()
                .summary_max_events,
            500
        );
        assert_eq!(
            AppConfig::parse(r#"{"summary_max_events": 200000}"#)
                .unwrap()
                .summary_max_events,
            200_000
        );
        for (bad, says) in [
            (
                r#"{"summary_max_events": 499}"#,
                "summary_max_events: 499 is not a whole number between 500 and 200000",
            ),
            (
                r#"{"summary_max_events": 1000000}"#,
                "summary_max_events: 1000000 is not a whole number between 500 and 200000",
            ),
            (
                r#"{"summary_max_events": -1}"#,
                "summary_max_events: -1 is not",
            ),
            (
                r#"{"summary_max_events": 2500.5}"#,
                "summary_max_events: 2500.5 is not",
            ),
            (
                r#"{"summary_max_events": "all"}"#,
                "summary_max_events: \"all\" is not",
            ),
        ] {
            let e = AppConfig::parse(bad).unwrap_err();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }

    #[test]
    fn the_session_policy_keys() {
        let d = AppConfig::parse("{}").unwrap();
        assert_eq!((d.session_idle_minutes, d.session_max_hours), (None, None));
        let c =
            AppConfig::parse(r#"{"session_idle_minutes": 15, "session_max_hours": 0.5}"#).unwrap();
        assert_eq!(
            (c.session_idle_minutes, c.session_max_hours),
            (Some(15.0), Some(0.5))
        );
        for bad in [
            r#"{"session_idle_minutes": 0}"#,
            r#"{"session_idle_minutes": -5}"#,
            r#"{"session_max_hours": 100000}"#,
        ] {
            let e = AppConfig::parse(bad).unwrap_err();
            assert!(e.contains("session_"), "{bad}: {e}");
        }
    }

    #[test]
    fn session_mode_takes_the_host_login_and_logout_on_this_site() {
        assert_eq!(AppConfig::parse("{}").unwrap().auth, Auth::Token);
        assert_eq!(
            AppConfig::parse(r#"{"auth": "token"}"#).unwrap().auth,
            Auth::Token
        );
        let c = AppConfig::parse(
            r#"{"auth": "session", "api_base_url": "/admin/audit/api/v1", "login_url": "/admin/login/", "logout_url": "/admin/logout/"}"#,
        )
        .unwrap();
        assert_eq!(
            c.host_session(),
            Some(&HostSession {
                login_url: "/admin/login/".into(),
                logout_url: "/admin/logout/".into(),
                csrf_cookie_name: "csrftoken".into(),
            })
        );
        let h = c.host_session().unwrap();
        assert_eq!(
            h.login_href("/admin/audit/events/a?x=1&y=2"),
            "/admin/login/?next=%2Fadmin%2Faudit%2Fevents%2Fa%3Fx%3D1%26y%3D2"
        );
        let bad = [
            (r#"{"auth": "cookie"}"#, "auth"),
            (
                r#"{"auth": "session", "login_url": "/l/", "logout_url": "/o/"}"#,
                "api_base_url",
            ),
            (
                r#"{"auth": "session", "api_base_url": "https://api.example/api/v1", "login_url": "/l/", "logout_url": "/o/"}"#,
                "api_base_url",
            ),
            (
                r#"{"auth": "session", "api_base_url": "/api/v1", "logout_url": "/o/"}"#,
                "login_url",
            ),
            (
                r#"{"auth": "session", "api_base_url": "/api/v1", "login_url": "//evil.example/", "logout_url": "/o/"}"#,
                "login_url",
            ),
            (
                r#"{"auth": "session", "api_base_url": "/api/v1", "login_url": "/l/", "logout_url": "https://evil.example/"}"#,
                "logout_url",
            ),
            (
                r#"{"auth": "session", "api_base_url": "/api/v1", "login_url": "/l/", "logout_url": "/o/", "csrf_cookie_name": "a;b"}"#,
                "csrf_cookie_name",
            ),
        ];
        for (text, key) in bad {
            let e = AppConfig::parse(text).unwrap_err();
            assert!(e.contains(key), "{text}: {e}");
        }
    }
}
