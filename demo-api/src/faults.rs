//! Injected faults (`--fail-rate`) so tests can drive the app through a flaky API.

use std::sync::atomic::{AtomicU64, Ordering};

/// Decides, per request, whether to fail and how. A tiny xorshift keeps it dependency-free;
/// the sequence is seeded so a test run is repeatable.
/// Which faults a failing request gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultKind {
    Mixed = 0,
    ServerError = 1,
    RateLimited = 2,
}

pub struct FaultDice {
    kind: std::sync::atomic::AtomicU8,
    /// f64 bits, so tests can change the rate while the server runs.
    rate: AtomicU64,
    state: AtomicU64,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Fault {
    /// 500 with an HTML body, like a crashed upstream behind a proxy.
    ServerError,
    /// 429 with `Retry-After: 1`.
    RateLimited,
}

impl FaultDice {
    pub fn new(rate: f64) -> Self {
        FaultDice {
            kind: std::sync::atomic::AtomicU8::new(FaultKind::Mixed as u8),
            rate: AtomicU64::new(rate.clamp(0.0, 1.0).to_bits()),
            state: AtomicU64::new(0x9E37_79B9_7F4A_7C15),
        }
    }

    pub fn set_rate(&self, rate: f64) {
        self.rate
            .store(rate.clamp(0.0, 1.0).to_bits(), Ordering::Relaxed);
    }

    pub fn set_kind(&self, kind: FaultKind) {
        self.kind.store(kind as u8, Ordering::Relaxed);
    }

    pub fn rate(&self) -> f64 {
        f64::from_bits(self.rate.load(Ordering::Relaxed))
    }

    pub fn roll(&self) -> Option<Fault> {
        let rate = self.rate();
        if rate <= 0.0 {
            return None;
        }
        let mut x = self.state.load(Ordering::Relaxed);
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.state.store(x, Ordering::Relaxed);
        let unit = (x >> 11) as f64 / (1u64 << 53) as f64;
        let kind = self.kind.load(Ordering::Relaxed);
        if unit >= rate {
            None
        } else if kind == FaultKind::ServerError as u8 {
            Some(Fault::ServerError)
        } else if kind == FaultKind::RateLimited as u8 {
            Some(Fault::RateLimited)
        } else if x & 1 == 0 {
            Some(Fault::ServerError)
        } else {
            Some(Fault::RateLimited)
        }
    }
}

pub const SERVER_ERROR_HTML: &str =
    "<!doctype html>\n<html><head><title>Server Error (500)</title></head>\
<body><h1>Server Error (500)</h1></body></html>\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_zero_never_fails_and_rate_one_always_does() {
        let never = FaultDice::new(0.0);
        assert!((0..1000).all(|_| never.roll().is_none()));
        let always = FaultDice::new(1.0);
        let rolls: Vec<_> = (0..1000).map(|_| always.roll()).collect();
        assert!(rolls.iter().all(Option::is_some));
        assert!(rolls.contains(&Some(Fault::ServerError)));
        assert!(rolls.contains(&Some(Fault::RateLimited)));
    }

    #[test]
    fn rate_is_roughly_honoured() {
        let half = FaultDice::new(0.5);
        let n = (0..10_000).filter(|_| half.roll().is_some()).count();
        assert!((4_000..6_000).contains(&n), "{n}");
    }
}
