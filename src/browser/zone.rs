//! The browser's own time zone, through JavaScript's `Date` (which carries the system's zone
//! rules), and the remembered zone choice.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDateTime, Timelike, Utc};
use wasm_bindgen::JsValue;

use crate::browser::storage::{read_local, write_local};
use crate::common::time::{Fixed, TimeZoneChoice, ZoneRules};

/// Where the Local/UTC choice is remembered.
pub const TZ_STORAGE_KEY: &str = "audit-console.tz";

pub struct BrowserZone;

impl ZoneRules for BrowserZone {
    fn offset_at(&self, instant: DateTime<Utc>) -> FixedOffset {
        let date = js_sys::Date::new(&JsValue::from_f64(instant.timestamp_millis() as f64));
        // getTimezoneOffset is UTC − local, in minutes.
        let minutes = -(date.get_timezone_offset() as i32);
        FixedOffset::east_opt(minutes * 60).unwrap_or_else(|| Fixed::utc().0)
    }

    fn resolve_local(&self, local: NaiveDateTime) -> DateTime<Utc> {
        // Date's local constructor resolves gaps forward and overlaps to the earlier instant.
        let date = js_sys::Date::new_with_year_month_day_hr_min_sec_milli(
            local.year() as u32,
            local.month0() as i32,
            local.day() as i32,
            local.hour() as i32,
            local.minute() as i32,
            local.second() as i32,
            (local.nanosecond() / 1_000_000) as i32,
        );
        let millis = date.get_time();
        let sub_milli_nanos = local.nanosecond() % 1_000_000;
        DateTime::from_timestamp_millis(millis as i64)
            .map(|t| t + chrono::Duration::nanoseconds(sub_milli_nanos as i64))
            .unwrap_or_else(|| Fixed::utc().resolve_local(local))
    }
}

/// The rules for a choice.
pub fn zone(choice: TimeZoneChoice) -> Box<dyn ZoneRules> {
    match choice {
        TimeZoneChoice::Local => Box::new(BrowserZone),
        TimeZoneChoice::Utc => Box::new(Fixed::utc()),
    }
}

/// The IANA name of the browser's zone ("Europe/Berlin"), for labels. Asked of `Intl` once per
/// page load: creating an `Intl.DateTimeFormat` costs milliseconds, and several labels use it.
pub fn local_zone_name() -> String {
    thread_local! {
        static NAME: std::cell::OnceCell<String> = const { std::cell::OnceCell::new() };
    }
    NAME.with(|name| {
        name.get_or_init(|| {
            let options =
                js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
                    .resolved_options();
            js_sys::Reflect::get(&options, &JsValue::from_str("timeZone"))
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_else(|| "local time".into())
        })
        .clone()
    })
}

/// A choice's name for labels: "UTC", or the browser's zone ("Europe/Berlin").
pub fn zone_name(choice: TimeZoneChoice) -> String {
    match choice {
        TimeZoneChoice::Utc => "UTC".to_string(),
        TimeZoneChoice::Local => local_zone_name(),
    }
}

pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// The remembered choice; Local when none.
pub fn remembered_choice() -> TimeZoneChoice {
    read_local(TZ_STORAGE_KEY)
        .and_then(|v| TimeZoneChoice::from_param(&v))
        .unwrap_or_default()
}

pub fn remember_choice(choice: TimeZoneChoice) {
    write_local(TZ_STORAGE_KEY, choice.as_param());
}
