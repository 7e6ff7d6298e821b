//! TOTP: time-based one-time passwords (RFC 6238).

use core::num::NonZeroU64;

use super::{Code, OtpKey, TotpMatch};
use crate::error::{Error, Result};

/// Shortest time step allowed, in seconds.
pub const MIN_PERIOD: u32 = 1;
/// Longest time step allowed, in seconds (an hour; real services use 30 or 60).
pub const MAX_PERIOD: u32 = 3600;
/// RFC 6238 §5.2's recommended time step X.
pub const DEFAULT_PERIOD: u32 = 30;

/// A time-based key: HOTP with the counter T = floor((unix time - T0) / X), T0 = 0
/// (RFC 6238 §4.2). Times are Unix milliseconds, as JavaScript's `Date.now()` gives them.
#[derive(Clone, Debug)]
pub struct Totp {
    key: OtpKey,
    /// X in milliseconds; never zero, so dividing by it needs no check.
    period_ms: NonZeroU64,
}

impl Totp {
    /// `period` is the time step X in seconds, 1..=3600.
    pub fn new(key: OtpKey, period: u32) -> Result<Self> {
        let period_ms = Some(period)
            .filter(|period| (MIN_PERIOD..=MAX_PERIOD).contains(period))
            .and_then(|period| NonZeroU64::new(u64::from(period) * 1000))
            .ok_or(Error::InvalidPeriod)?;
        Ok(Totp { key, period_ms })
    }

    pub fn key(&self) -> &OtpKey {
        &self.key
    }

    pub fn period(&self) -> u32 {
        (self.period_ms.get() / 1000) as u32
    }

    /// The time step T at `unix_ms` (RFC 6238 §4.2).
    pub fn step_at(&self, unix_ms: u64) -> u64 {
        unix_ms / self.period_ms
    }

    /// Milliseconds until the code shown at `unix_ms` changes.
    pub fn remaining_ms(&self, unix_ms: u64) -> u64 {
        self.period_ms.get() - unix_ms % self.period_ms
    }

    /// The code at `unix_ms`.
    pub fn generate(&self, unix_ms: u64) -> Code {
        self.key.code_at(self.step_at(unix_ms))
    }

    /// Checks `token` against the steps `current - window ..= current + window`, nearest first.
    /// RFC 6238 §5.2 recommends accepting at most one step of delay (window 1).
    ///
    /// `after_step` is the replay guard of RFC 6238 §5.2: a code whose step is at or before the
    /// last accepted step is refused, so the same code is never accepted twice. The token is
    /// normalized first; a malformed one is no match. `window` above [`super::MAX_WINDOW`] is
    /// `InvalidArgument`.
    pub fn verify(
        &self,
        token: &str,
        unix_ms: u64,
        window: u32,
        after_step: Option<u64>,
    ) -> Result<Option<TotpMatch>> {
        self.key
            .codes()
            .verify_step(token, self.step_at(unix_ms), window, after_step)
    }
}
