//! When a session ends by itself, for compliance (PCI DSS 4.0 8.2.8: re-authenticate after 15
//! minutes idle; SOC 2 reviews look for session timeouts): after config.json's
//! `session_idle_minutes` without input in any tab of the app (a warning a minute before), or
//! `session_max_hours` after signing in, whatever the activity. Both are off unless configured.
//!
//! Pure: the clock and the last activity come in as milliseconds since the epoch, so every rule is
//! tested natively; `shell::session_guard` feeds it the browser's clock and input events.

use crate::i18n::{m, tf, tn};

/// The configured limits, in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SessionPolicy {
    pub idle_ms: Option<i64>,
    pub max_age_ms: Option<i64>,
}

/// Where a session stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    Active,
    /// Idle long enough to be asked "Still there?": it ends in this many seconds.
    Warn {
        ends_in_secs: i64,
    },
    /// Ended: idle for the configured time.
    IdleOut,
    /// Ended: older than the configured lifetime.
    Expired,
}

/// Activity is written to shared storage at most this often (input events come in bursts).
pub const ACTIVITY_WRITE_EVERY_MS: i64 = 5_000;

impl SessionPolicy {
    pub fn from_config(idle_minutes: Option<f64>, max_hours: Option<f64>) -> SessionPolicy {
        let ms = |v: f64, unit: f64| (v * unit).round() as i64;
        SessionPolicy {
            idle_ms: idle_minutes.map(|m| ms(m, 60_000.0)),
            max_age_ms: max_hours.map(|h| ms(h, 3_600_000.0)),
        }
    }

    pub fn is_off(&self) -> bool {
        self.idle_ms.is_none() && self.max_age_ms.is_none()
    }

    /// How long before the idle sign-out the warning shows: a minute, or half the idle time
    /// when that is shorter (a test's few seconds).
    pub fn warning_lead_ms(&self) -> Option<i64> {
        self.idle_ms.map(|idle| (idle / 2).min(60_000))
    }

    /// The session's standing at `now`, given its last activity in any tab and when it began.
    /// A clock that went backwards counts as no time passed.
    pub fn standing(&self, now: i64, last_activity: i64, signed_in_at: i64) -> Standing {
        if let Some(max) = self.max_age_ms {
            if now - signed_in_at >= max {
                return Standing::Expired;
            }
        }
        let (Some(idle), Some(lead)) = (self.idle_ms, self.warning_lead_ms()) else {
            return Standing::Active;
        };
        let quiet = (now - last_activity).max(0);
        if quiet >= idle {
            Standing::IdleOut
        } else if quiet >= idle - lead {
            Standing::Warn {
                ends_in_secs: (idle - quiet + 999) / 1000,
            }
        } else {
            Standing::Active
        }
    }

    /// What the sign-in page says after the session ended by itself.
    pub fn ended_message(&self, standing: Standing) -> Option<String> {
        match standing {
            Standing::IdleOut => self
                .idle_ms
                .map(|ms| tf(m::SESSION__ENDED_IDLE, &[("duration", &duration_words(ms))])),
            Standing::Expired => self.max_age_ms.map(|ms| {
                tf(
                    m::SESSION__ENDED_LIFETIME,
                    &[("duration", &duration_words(ms))],
                )
            }),
            _ => None,
        }
    }
}

/// "15 minutes", "1 minute", "30 seconds", "8 hours".
pub fn duration_words(ms: i64) -> String {
    let secs = (ms + 500) / 1000;
    let (n, unit) = if secs >= 3600 && secs % 3600 == 0 {
        (secs / 3600, m::DURATION__HOURS)
    } else if secs >= 60 && secs % 60 == 0 {
        (secs / 60, m::DURATION__MINUTES)
    } else {
        (secs, m::DURATION__SECONDS)
    };
    tn(unit, n.max(0) as u64, &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    #[test]
    fn off_unless_configured() {
        let p = SessionPolicy::from_config(None, None);
        assert!(p.is_off());
        assert_eq!(p.standing(10 * 24 * 60 * MIN, 0, 0), Standing::Active);
    }

    #[test]
    fn idle_sign_out_with_a_warning_a_minute_before() {
        let p = SessionPolicy::from_config(Some(15.0), None);
        assert_eq!(p.standing(13 * MIN, 0, 0), Standing::Active);
        assert_eq!(
            p.standing(14 * MIN, 0, 0),
            Standing::Warn { ends_in_secs: 60 }
        );
        assert_eq!(
            p.standing(14 * MIN + 30_500, 0, 0),
            Standing::Warn { ends_in_secs: 30 }
        );
        assert_eq!(p.standing(15 * MIN, 0, 0), Standing::IdleOut);
        // Activity (in any tab) starts the count again.
        assert_eq!(p.standing(15 * MIN, 2 * MIN, 0), Standing::Active);
        // A clock set back is no idle time.
        assert_eq!(p.standing(0, 5 * MIN, 0), Standing::Active);
    }

    #[test]
    fn a_short_idle_time_warns_at_half_of_it() {
        let p = SessionPolicy::from_config(Some(0.5), None);
        assert_eq!(p.warning_lead_ms(), Some(15_000));
        assert_eq!(p.standing(14_000, 0, 0), Standing::Active);
        assert_eq!(
            p.standing(15_000, 0, 0),
            Standing::Warn { ends_in_secs: 15 }
        );
        assert_eq!(p.standing(30_000, 0, 0), Standing::IdleOut);
    }

    #[test]
    fn the_absolute_lifetime_ends_a_busy_session_too() {
        let p = SessionPolicy::from_config(Some(15.0), Some(8.0));
        let eight_hours = 8 * 60 * MIN;
        assert_eq!(
            p.standing(eight_hours - 1, eight_hours - 1, 0),
            Standing::Active
        );
        assert_eq!(p.standing(eight_hours, eight_hours, 0), Standing::Expired);
        let only_max = SessionPolicy::from_config(None, Some(8.0));
        assert_eq!(only_max.standing(eight_hours - 1, 0, 0), Standing::Active);
        assert_eq!(only_max.standing(eight_hours, 0, 0), Standing::Expired);
    }

    #[test]
    fn the_sign_in_page_says_why() {
        let p = SessionPolicy::from_config(Some(15.0), Some(8.0));
        assert_eq!(
            p.ended_message(Standing::IdleOut).unwrap(),
            "Signed out after 15 minutes without activity."
        );
        assert_eq!(
            p.ended_message(Standing::Expired).unwrap(),
            "Signed out: a session lasts at most 8 hours. Sign in again."
        );
        assert_eq!(p.ended_message(Standing::Active), None);
        assert_eq!(duration_words(60_000), "1 minute");
        assert_eq!(duration_words(30_000), "30 seconds");
        assert_eq!(duration_words(90_000), "90 seconds");
    }
}
