//! HOTP: HMAC-based one-time passwords (RFC 4226).

use super::{Code, HotpMatch, OtpKey};
use crate::error::Result;

/// A counter-based key: the code changes each time the counter moves (RFC 4226 §5).
#[derive(Clone, Debug)]
pub struct Hotp {
    key: OtpKey,
    counter: u64,
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
    /// simply no match. `window` above [`super::MAX_WINDOW`] is `InvalidArgument`.
    pub fn verify(&self, token: &str, counter: u64, window: u32) -> Result<Option<HotpMatch>> {
        self.key.codes().verify_counter(token, counter, window)
    }
}
