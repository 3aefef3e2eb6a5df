//! The list's state, as it lives in the page URL: `ListQuery` ⇄ query string.
//!
//! The URL is the only place list state lives; controls navigate to a new URL instead of keeping
//! copies. Parameter names are the API's own. Defaults are left out of the URL, unknown parameters
//! are ignored, and an invalid value becomes a `FieldProblem` for the screen instead of an error.

use crate::api::urls::query_string;
use crate::config::PAGE_SIZES;
use crate::format::parse_timestamp;

/// Time-bound parameters, in URL order.
pub const TIME_PARAMS: [&str; 5] = [
    "timestamp",
    "timestamp__gt",
    "timestamp__gte",
    "timestamp__lt",
    "timestamp__lte",
];

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListQuery {
    pub user: Option<i64>,
    pub content_type: Option<i64>,
    pub object_id: Option<i64>,
    /// Time bounds, `(param, value)`, values absolute instants with an explicit offset.
    pub times: Vec<(&'static str, String)>,
    pub sort: Option<String>,
    /// 1-based; 1 is left out of the URL.
    pub page: u64,
    /// `None` means the configured default page size.
    pub limit: Option<u32>,
}

/// A parameter the URL held that could not be used, with why.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldProblem {
    pub param: String,
    pub message: String,
}

impl ListQuery {
    /// Reads a page URL's query string (`?user=12&page=2`).
    pub fn parse(search: &str) -> (ListQuery, Vec<FieldProblem>) {
        let pairs = crate::api::urls::parse_query(search);
        Self::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// Reads `key=value` pairs (already percent-decoded). The last value of a repeated key wins.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (ListQuery, Vec<FieldProblem>) {
        let mut q = ListQuery {
            page: 1,
            ..ListQuery::default()
        };
        let mut problems: Vec<FieldProblem> = Vec::new();
        let mut problem = |param: &str, message: String| {
            problems.retain(|p| p.param != param);
            problems.push(FieldProblem {
                param: param.to_string(),
                message,
            });
        };
        for (key, raw) in pairs {
            let value = raw.trim();
            if value.is_empty() {
                continue;
            }
            match key {
                "user" | "content_type" | "object_id" => match value.parse::<i64>() {
                    Ok(n) if n >= 0 => {
                        let slot = match key {
                            "user" => &mut q.user,
                            "content_type" => &mut q.content_type,
                            _ => &mut q.object_id,
                        };
                        *slot = Some(n);
                    }
                    _ => problem(key, format!("“{value}” is not an id (a whole number).")),
                },
                "page" => match value.parse::<u64>() {
                    Ok(n) if n >= 1 => q.page = n,
                    _ => problem(key, format!("“{value}” is not a page number; showing page 1.")),
                },
                "limit" => match value.parse::<u32>() {
                    Ok(n) if PAGE_SIZES.contains(&n) => q.limit = Some(n),
                    _ => problem(
                        key,
                        format!("Page size “{value}” is not one of 25, 50, 100, 250, 500; using the default."),
                    ),
                },
                "sort" => q.sort = Some(value.to_string()),
                _ => {
                    if let Some(param) = TIME_PARAMS.iter().find(|p| **p == key) {
                        if parse_timestamp(value).is_some() {
                            q.times.retain(|(p, _)| p != param);
                            q.times.push((param, value.to_string()));
                        } else {
                            problem(
                                key,
                                format!("“{value}” is not a date and time with an offset, e.g. 2026-11-25T14:00:00Z."),
                            );
                        }
                    }
                }
            }
        }
        q.times
            .sort_by_key(|(p, _)| TIME_PARAMS.iter().position(|x| x == p));
        (q, problems)
    }

    /// The page URL's query string: defaults left out, stable order.
    pub fn to_query_string(&self) -> String {
        query_string(&self.params(None))
    }

    /// Parameters for the API request, always with an explicit `limit`.
    pub fn to_api_params(&self, default_limit: u32) -> Vec<(&'static str, String)> {
        self.params(Some(default_limit))
    }

    fn params(&self, default_limit: Option<u32>) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let ids = [
            ("user", self.user),
            ("content_type", self.content_type),
            ("object_id", self.object_id),
        ];
        for (k, v) in ids {
            if let Some(v) = v {
                out.push((k, v.to_string()));
            }
        }
        for (k, v) in &self.times {
            out.push((*k, v.clone()));
        }
        if let Some(s) = &self.sort {
            out.push(("sort", s.clone()));
        }
        if self.page > 1 {
            out.push(("page", self.page.to_string()));
        }
        if let Some(limit) = self.limit.or(default_limit) {
            out.push(("limit", limit.to_string()));
        }
        out
    }

    /// The same query on another page.
    pub fn with_page(&self, page: u64) -> ListQuery {
        ListQuery {
            page: page.max(1),
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &str) -> (ListQuery, Vec<FieldProblem>) {
        ListQuery::parse(q)
    }

    #[test]
    fn round_trips_and_leaves_defaults_out() {
        let (q, problems) =
            parse("user=12&timestamp__gte=2026-11-25T10%3A00%3A00%2B02%3A00&page=3&limit=100&sort=-timestamp");
        assert!(problems.is_empty());
        assert_eq!(q.user, Some(12));
        let s = q.to_query_string();
        assert_eq!(
            s,
            "user=12&timestamp__gte=2026-11-25T10%3A00%3A00%2B02%3A00&sort=-timestamp&page=3&limit=100"
        );
        assert_eq!(parse(&s).0, q);
        assert_eq!(ListQuery::from_pairs([]).0.to_query_string(), "");
    }

    #[test]
    fn bad_values_become_problems_not_crashes() {
        let (q, problems) = parse("page=abc&user=x&timestamp__gt=garbage&limit=99999&unknown=1");
        assert_eq!(
            q,
            ListQuery {
                page: 1,
                ..ListQuery::default()
            }
        );
        let params: Vec<&str> = problems.iter().map(|p| p.param.as_str()).collect();
        assert_eq!(params, ["page", "user", "timestamp__gt", "limit"]);
    }

    #[test]
    fn api_params_always_carry_a_limit() {
        let (q, _) = parse("page=2");
        assert_eq!(
            q.to_api_params(50),
            vec![("page", "2".to_string()), ("limit", "50".to_string())]
        );
    }
}
