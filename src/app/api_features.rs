//! config.json `api_features`: what the API answers beyond `shared/API.md`, so the console asks
//! the database instead of reading pages. The Django package writes it (its README, "At scale");
//! a static host may write it by hand; without it every view works as against a plain DRF API.
//! Nothing is probed at open: the file is the whole truth.
//!
//! ```json
//! "api_features": {"cursor": true, "count_estimate": true, "count_none": true,
//!                  "histogram": {"max_buckets": 1000, "steps": true},
//!                  "facets": {"names": ["user", "path"], "max_values": 1000},
//!                  "export": ["ndjson", "csv"], "statement_timeout_seconds": 30}
//! ```
//! Keys this version does not know are ignored (a newer API may offer more); a known key with the
//! wrong shape is an error naming it, like every other key of config.json.

use serde_json::{Map, Value};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ApiFeatures {
    /// `cursor=` keyset paging with `next_cursor`/`previous_cursor`.
    pub cursor: bool,
    /// `count=estimate`: exact up to a cap, then the planner's estimate, marked `count_exact`.
    pub count_estimate: bool,
    /// `count=none`: a page without its count.
    pub count_none: bool,
    /// `audit-events/histogram/?edges=…`: counts per bucket in one request.
    pub histogram: Option<HistogramFeature>,
    /// `audit-events/facets/?facet=…`: top values with counts.
    pub facets: Option<FacetsFeature>,
    /// `audit-events/export/?as=…`: the formats of the streamed export.
    pub export: Vec<String>,
    /// The API's time budget per question, in seconds.
    pub statement_timeout_seconds: Option<u64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct HistogramFeature {
    /// At most this many buckets a request.
    pub max_buckets: u32,
    /// Whether `start` + `steps` may stand for the edges.
    pub steps: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FacetsFeature {
    pub names: Vec<String>,
    /// At most this many values a request (`top`).
    pub max_values: u32,
}

impl ApiFeatures {
    /// The `api_features` value of config.json (`None` or null: a plain API).
    pub fn parse(value: Option<&Value>) -> Result<ApiFeatures, String> {
        let map = match value {
            None | Some(Value::Null) => return Ok(ApiFeatures::default()),
            Some(Value::Object(map)) => map,
            Some(other) => {
                return Err(format!(
                    "config.json api_features: {other} is not an object"
                ))
            }
        };
        let histogram = match map.get("histogram") {
            None | Some(Value::Null) | Some(Value::Bool(false)) => None,
            Some(Value::Object(h)) => Some(HistogramFeature {
                max_buckets: whole(h, "histogram.max_buckets", 2, 100_000)?.unwrap_or(1000) as u32,
                steps: flag(h, "histogram.steps")?,
            }),
            Some(other) => {
                return Err(format!(
                    "config.json api_features.histogram: {other} is not an object"
                ))
            }
        };
        let facets = match map.get("facets") {
            None | Some(Value::Null) | Some(Value::Bool(false)) => None,
            Some(Value::Object(f)) => Some(FacetsFeature {
                names: strings(f.get("names"), "facets.names")?,
                max_values: whole(f, "facets.max_values", 1, 1_000_000)?.unwrap_or(1000) as u32,
            }),
            Some(other) => {
                return Err(format!(
                    "config.json api_features.facets: {other} is not an object"
                ))
            }
        };
        Ok(ApiFeatures {
            cursor: flag(map, "cursor")?,
            count_estimate: flag(map, "count_estimate")?,
            count_none: flag(map, "count_none")?,
            histogram,
            facets,
            export: strings(map.get("export"), "export")?,
            statement_timeout_seconds: whole(map, "statement_timeout_seconds", 1, 86_400)?,
        })
    }
}

fn flag(map: &Map<String, Value>, key: &str) -> Result<bool, String> {
    let name = key.rsplit('.').next().unwrap_or(key);
    match map.get(name) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(format!(
            "config.json api_features.{key}: {other} is not true or false"
        )),
    }
}

fn whole(map: &Map<String, Value>, key: &str, lo: u64, hi: u64) -> Result<Option<u64>, String> {
    let name = key.rsplit('.').next().unwrap_or(key);
    match map.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => match v.as_u64().filter(|n| (lo..=hi).contains(n)) {
            Some(n) => Ok(Some(n)),
            None => Err(format!(
                "config.json api_features.{key}: {v} is not a whole number from {lo} to {hi}"
            )),
        },
    }
}

fn strings(value: Option<&Value>, key: &str) -> Result<Vec<String>, String> {
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("config.json api_features.{key}: {v} is not a string"))
            })
            .collect(),
        Some(other) => Err(format!(
            "config.json api_features.{key}: {other} is not a list of strings"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn absent_or_null_is_a_plain_api() {
        assert_eq!(ApiFeatures::parse(None), Ok(ApiFeatures::default()));
        assert_eq!(
            ApiFeatures::parse(Some(&Value::Null)),
            Ok(ApiFeatures::default())
        );
        assert_eq!(ApiFeatures::default().histogram, None);
    }

    #[test]
    fn what_the_django_package_writes() {
        let value = json!({
            "cursor": true, "count_estimate": true, "count_none": true,
            "histogram": {"max_buckets": 1000, "steps": true},
            "facets": {"names": ["user", "content_type", "path"], "max_values": 1000},
            "export": ["ndjson", "csv"], "statement_timeout_seconds": 30,
            "a_feature_of_tomorrow": {"anything": [1, 2]}
        });
        let f = ApiFeatures::parse(Some(&value)).unwrap();
        assert!(f.cursor && f.count_estimate && f.count_none);
        assert_eq!(
            f.histogram,
            Some(HistogramFeature {
                max_buckets: 1000,
                steps: true
            })
        );
        let facets = f.facets.unwrap();
        assert_eq!(facets.names, ["user", "content_type", "path"]);
        assert_eq!(facets.max_values, 1000);
        assert_eq!(f.export, ["ndjson", "csv"]);
        assert_eq!(f.statement_timeout_seconds, Some(30));
    }

    #[test]
    fn a_hand_written_subset_and_defaults() {
        let f = ApiFeatures::parse(Some(&json!({"histogram": {}}))).unwrap();
        assert_eq!(
            f.histogram,
            Some(HistogramFeature {
                max_buckets: 1000,
                steps: false
            })
        );
        assert!(!f.cursor && f.facets.is_none() && f.export.is_empty());
        let off = ApiFeatures::parse(Some(&json!({"histogram": false}))).unwrap();
        assert_eq!(off.histogram, None);
    }

    #[test]
    fn a_known_key_of_the_wrong_shape_is_named() {
        for (value, says) in [
            (json!([]), "api_features: [] is not an object"),
            (
                json!({"cursor": "yes"}),
                "api_features.cursor: \"yes\" is not true or false",
            ),
            (
                json!({"histogram": 5}),
                "api_features.histogram: 5 is not an object",
            ),
            (
                json!({"histogram": {"max_buckets": 1}}),
                "api_features.histogram.max_buckets: 1 is not a whole number from 2 to 100000",
            ),
            (
                json!({"histogram": {"steps": 1}}),
                "api_features.histogram.steps: 1 is not true or false",
            ),
            (
                json!({"facets": {"names": "user"}}),
                "api_features.facets.names: \"user\" is not a list of strings",
            ),
            (
                json!({"export": [1]}),
                "api_features.export: 1 is not a string",
            ),
            (
                json!({"statement_timeout_seconds": -1}),
                "api_features.statement_timeout_seconds: -1 is not a whole number from 1 to 86400",
            ),
        ] {
            let error = ApiFeatures::parse(Some(&value)).unwrap_err();
            assert!(error.contains(says), "{error}");
        }
    }
}
