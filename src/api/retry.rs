//! The one retry policy every request follows (list, detail, compare, timeline probes, the
//! oldest-event probe, live tail, the sign-in check and the export): every request this app makes
//! is an idempotent GET, so a transient failure is retried the way trusted API clients do (the
//! AWS SDKs' standard mode, Stripe's and Google's libraries): a few attempts, exponential
//! back-off with full jitter, `Retry-After` honoured, and a retry budget shared by the whole app
//! so that a down API is not flooded.
//!
//! Pure: the client (`client.rs`) asks `next_step` after each failure and waits as told.
//!
//! Why 9 attempts: a view at a 30% failure rate makes ~48 requests (the page, the oldest-event
//! probe, ~46 timeline buckets). With n attempts a request stays failed with probability 0.3ⁿ;
//! the end-to-end test opens ~15 views whose single requests must complete (0.3⁹ ≈ 2·10⁻⁵ each,
//! ~3·10⁻⁴ in all) and ~150 timeline probes, which get a second pass of 9 more attempts once the
//! rest have answered (0.3¹⁸ ≈ 4·10⁻¹⁰ each). So a run fails by chance less than once in 1,000.
//! The waits stay short: 0.25 s doubling to a 4 s cap, drawn uniformly below that (full jitter),
//! at most ~20 s in all for one request that never succeeds.

use super::ApiError;

/// Attempts per request, the first included.
pub const MAX_ATTEMPTS: u32 = 9;
/// The back-off before the second attempt, doubled for each further one…
pub const BASE_DELAY_MS: u32 = 250;
/// …up to this cap. A `Retry-After` longer than this ends the attempts (the message says when).
pub const MAX_DELAY_MS: u32 = 4_000;
/// Retries the whole app may make with no success in between: when the API is down, at most
/// this many retries go out (in any minute, and in all), then requests fail at their first error.
pub const BUDGET_RETRIES: u32 = 40;

/// Whether a failure is worth another attempt: network errors, 429, 500, 502, 503, 504. Never
/// 400/401/403/404 (they have their own messages), a decoding error, or an aborted request.
pub fn is_transient(error: &ApiError) -> bool {
    match error {
        ApiError::Network | ApiError::RateLimited { .. } => true,
        ApiError::Server { status } => matches!(status, 500 | 502 | 503 | 504),
        _ => false,
    }
}

/// The exponential back-off before attempt `attempt + 1` (attempts count from 1), with full
/// jitter: `jitter` (uniform in 0..1) times min(cap, base · 2^(attempt − 1)).
pub fn backoff_ms(attempt: u32, jitter: f64) -> u32 {
    let ceiling = BASE_DELAY_MS
        .saturating_mul(1u32 << attempt.saturating_sub(1).min(16))
        .min(MAX_DELAY_MS);
    (ceiling as f64 * jitter.clamp(0.0, 1.0)).round() as u32
}

/// Retries spend from a bucket that successes refill (the AWS SDKs' retry quota): shared by the
/// whole app, so when every request fails the app sends at most `BUDGET_RETRIES` retries, not
/// `MAX_ATTEMPTS` times its requests.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryBudget {
    tokens: u32,
}

impl Default for RetryBudget {
    fn default() -> Self {
        RetryBudget {
            tokens: BUDGET_RETRIES,
        }
    }
}

impl RetryBudget {
    /// Takes one retry from the budget, if any is left.
    pub fn try_spend(&mut self) -> bool {
        let ok = self.tokens > 0;
        self.tokens = self.tokens.saturating_sub(1);
        ok
    }

    /// An answer arrived: one retry earned back, up to the budget's size.
    pub fn refill(&mut self) {
        self.tokens = (self.tokens + 1).min(BUDGET_RETRIES);
    }

    pub fn left(&self) -> u32 {
        self.tokens
    }
}

/// What to do after attempt `attempt` (from 1) failed with `error`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Step {
    /// Wait this long, then send attempt `attempt + 1`.
    RetryIn { ms: u32 },
    /// Stop: the error is final (not transient, attempts or budget used up, or the API asked
    /// for a longer pause than the cap).
    GiveUp,
}

pub fn next_step(error: &ApiError, attempt: u32, jitter: f64, budget: &mut RetryBudget) -> Step {
    if !is_transient(error) || attempt >= MAX_ATTEMPTS {
        return Step::GiveUp;
    }
    let asked_ms = match error {
        ApiError::RateLimited {
            retry_after_secs: Some(s),
        } => s.saturating_mul(1000),
        _ => 0,
    };
    if asked_ms > MAX_DELAY_MS || !budget.try_spend() {
        return Step::GiveUp;
    }
    Step::RetryIn {
        ms: backoff_ms(attempt, jitter).max(asked_ms),
    }
}

/// "The API is busy — retrying in 2 s", for a view's status line while it waits.
pub fn waiting_text(ms: u32) -> String {
    crate::i18n::tn(
        crate::i18n::m::RETRY__WAITING,
        u64::from(ms.div_ceil(1000).max(1)),
        &[],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(status: u16) -> ApiError {
        ApiError::Server { status }
    }

    #[test]
    fn transient_failures_retry_and_answers_that_mean_something_do_not() {
        for e in [
            ApiError::Network,
            ApiError::RateLimited {
                retry_after_secs: None,
            },
            server(500),
            server(502),
            server(503),
            server(504),
        ] {
            assert!(is_transient(&e), "{e:?}");
        }
        for e in [
            ApiError::Unauthorized("x".into()),
            ApiError::Forbidden("x".into()),
            ApiError::NotFound("x".into()),
            ApiError::Invalid(Default::default()),
            ApiError::Decode("x".into()),
            ApiError::Aborted,
            server(501),
            server(418),
        ] {
            assert!(!is_transient(&e), "{e:?}");
            let mut budget = RetryBudget::default();
            assert_eq!(next_step(&e, 1, 0.5, &mut budget), Step::GiveUp);
            assert_eq!(
                budget.left(),
                BUDGET_RETRIES,
                "a final error spends nothing"
            );
        }
    }

    #[test]
    fn backoff_doubles_to_the_cap_with_full_jitter() {
        let ceilings: Vec<u32> = (1..=8).map(|a| backoff_ms(a, 1.0)).collect();
        assert_eq!(ceilings, [250, 500, 1000, 2000, 4000, 4000, 4000, 4000]);
        assert_eq!(backoff_ms(3, 0.0), 0);
        assert_eq!(backoff_ms(3, 0.5), 500);
        assert_eq!(
            backoff_ms(40, 1.0),
            MAX_DELAY_MS,
            "no overflow on a huge attempt"
        );
        for a in 1..MAX_ATTEMPTS {
            for j in [0.0, 0.3, 0.99, 1.0, 7.0, -1.0] {
                assert!(backoff_ms(a, j) <= MAX_DELAY_MS);
            }
        }
        let total: u32 = (1..MAX_ATTEMPTS).map(|a| backoff_ms(a, 1.0)).sum();
        assert!(
            total <= 20_000,
            "one hopeless request waits at most ~20 s: {total}"
        );
    }

    #[test]
    fn attempts_end_after_the_last_one() {
        let mut budget = RetryBudget::default();
        for attempt in 1..MAX_ATTEMPTS {
            assert!(matches!(
                next_step(&server(503), attempt, 0.5, &mut budget),
                Step::RetryIn { .. }
            ));
        }
        assert_eq!(
            next_step(&server(503), MAX_ATTEMPTS, 0.5, &mut budget),
            Step::GiveUp
        );
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let mut budget = RetryBudget::default();
        let limited = |s| ApiError::RateLimited {
            retry_after_secs: Some(s),
        };
        // Back-off would say at most 250 ms; the API asked for 1 s.
        assert_eq!(
            next_step(&limited(1), 1, 1.0, &mut budget),
            Step::RetryIn { ms: 1000 }
        );
        // A later attempt's back-off may exceed it.
        assert_eq!(
            next_step(&limited(1), 5, 1.0, &mut budget),
            Step::RetryIn { ms: 4000 }
        );
        assert_eq!(
            next_step(&limited(4), 1, 0.0, &mut budget),
            Step::RetryIn { ms: 4000 }
        );
        // Longer than the cap: stop now; the error's message says when to try again.
        assert_eq!(next_step(&limited(60), 1, 0.5, &mut budget), Step::GiveUp);
        assert!(limited(60).message().contains("60 s"));
    }

    #[test]
    fn the_budget_stops_retries_when_nothing_succeeds_and_successes_refill_it() {
        let mut budget = RetryBudget::default();
        let mut retries = 0;
        // Every request fails: each asks for every attempt it has.
        for _request in 0..100 {
            for attempt in 1..MAX_ATTEMPTS {
                match next_step(&ApiError::Network, attempt, 0.5, &mut budget) {
                    Step::RetryIn { .. } => retries += 1,
                    Step::GiveUp => break,
                }
            }
        }
        assert_eq!(
            retries, BUDGET_RETRIES,
            "100 failing requests, not 800 retries"
        );
        assert_eq!(
            next_step(&ApiError::Network, 1, 0.5, &mut budget),
            Step::GiveUp,
            "fails fast"
        );
        budget.refill();
        assert!(matches!(
            next_step(&ApiError::Network, 1, 0.5, &mut budget),
            Step::RetryIn { .. }
        ));
        for _ in 0..1000 {
            budget.refill();
        }
        assert_eq!(budget.left(), BUDGET_RETRIES, "never above its size");
    }

    #[test]
    fn the_status_line_says_when() {
        assert_eq!(waiting_text(1800), "The API is busy — retrying in 2 s");
        assert_eq!(waiting_text(120), "The API is busy — retrying in 1 s");
    }
}
