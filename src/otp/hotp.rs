//! HOTP: HMAC-based one-time passwords (RFC 4226).

use subtle::{Choice, ConditionallySelectable};

use super::{Code, MAX_WINDOW, OtpKey};
use crate::code::normalize_code;
use crate::error::{Error, Result};

/// A counter-based key: the code changes each time the counter moves (RFC 4226 §5).
#[derive(Clone, Debug)]
pub struct Hotp {
    key: OtpKey,
    counter: u64,
}

/// A successful HOTP verification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HotpMatch {
    /// How far past the expected counter the match was (0 when in sync).
    pub delta: u64,
    /// The counter that matched; the server stores `counter + 1` as the next expected value.
    pub counter: u64,
}

impl Hotp {
    /// `counter` is the stored moving factor: the next counter the authenticator will use.
    pub fn new(key: OtpKey, counter: u64) -> Self {
        Hotp { key, counter }
    }

    pub fn key(&self) -> &OtpKey {
        &self.key
    }

    pub fn counter(&self) -> u64 {
        self.counter
    }

    /// The code at `counter`, exact for every counter up to 2^64-1.
    pub fn generate(&self, counter: u64) -> Code {
        self.key.code_at(counter)
    }

    /// Checks `token` against counters `counter ..= counter + window`, the look-ahead window of
    /// RFC 4226 §7.4 that resynchronizes an authenticator pressed without signing in. The token
    /// is normalized first (`123 456` verifies); one that is not a code of the right length is
    /// simply no match. `window` above [`MAX_WINDOW`] is `InvalidArgument`.
    pub fn verify(&self, token: &str, counter: u64, window: u32) -> Result<Option<HotpMatch>> {
        if window > MAX_WINDOW {
            return Err(Error::InvalidArgument);
        }
        let Ok(token) = normalize_code(token, self.key.digits()) else {
            return Ok(None);
        };
        let last = counter.saturating_add(u64::from(window));
        Ok(
            first_match(&self.key, &token, counter..=last).map(|matched| HotpMatch {
                delta: matched - counter,
                counter: matched,
            }),
        )
    }
}

/// The first of `counters` whose code equals `token`. Every candidate is computed and compared
/// in constant time, and the loop never stops early, so timing does not tell which one matched
/// or how close a wrong guess came (RFC 4226 §7.2).
pub(super) fn first_match(
    key: &OtpKey,
    token: &Code,
    counters: impl IntoIterator<Item = u64>,
) -> Option<u64> {
    let mut found = Choice::from(0);
    let mut matched = 0u64;
    for counter in counters {
        let is_new_match = key.code_at(counter).ct_eq(token) & !found;
        matched.conditional_assign(&counter, is_new_match);
        found |= is_new_match;
    }
    bool::from(found).then_some(matched)
}
