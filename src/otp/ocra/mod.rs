//! OCRA, the OATH challenge-response algorithm (RFC 6287): a response computed from a shared
//! secret and a challenge, with an optional counter, PIN, session and time. Bank TAN
//! generators and transaction signing use it: the question carries what is being approved.
//!
//! `OCRA(K, DataInput) = CryptoFunction(K, DataInput)` (§5): the HOTP truncation of
//! HMAC(K, DataInput) (§5.2, RFC 4226 §5.3), or the whole HMAC for `HOTP-H-0`. The suite
//! ([`OcraSuite`], §6) says which inputs the message holds ([`OcraInput`], §5.1).

mod data_input;
mod suite;
#[cfg(test)]
mod tests;

use alloc::string::String;

use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};

use super::codes::{dynamic_truncation, nearest_first};
use super::hmac::{KeyedMac, MAX_DIGEST_LEN};
use super::{Algorithm, MAX_WINDOW, Secret};
use crate::code::Code;
use crate::error::{Error, Result};
use data_input::DataInput;

pub use data_input::{OcraInput, Pin};
pub use suite::{MAX_QUESTION_LEN, MAX_SESSION_LEN, MIN_QUESTION_LEN, OcraSuite, QuestionFormat};

/// A successful OCRA verification: where in the windows the response matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OcraMatch {
    /// The counter that matched, for a suite with `C`: store `counter + 1` as the next one.
    pub counter: Option<u64>,
    /// How far past the counter given the match was (0 without `C`).
    pub counter_delta: u64,
    /// The time step that matched, for a suite with `T`.
    pub step: Option<u64>,
    /// Matched step minus the current one (0 without `T`).
    pub step_delta: i64,
}

/// A suite and the HMAC keyed with its secret (once, RFC 2104 §4), wiped on drop.
#[derive(Clone)]
pub struct Ocra {
    suite: OcraSuite,
    mac: KeyedMac,
}

impl Ocra {
    pub fn new(suite: OcraSuite, secret: &Secret) -> Self {
        let mac = KeyedMac::new(suite.algorithm(), secret.as_bytes());
        Ocra { suite, mac }
    }

    pub fn suite(&self) -> &OcraSuite {
        &self.suite
    }

    /// The response to `input` (§5.2): `digits` decimal digits, zero-padded, or for a suite
    /// with 0 digits the whole HMAC in lower-case hex (the RFC names no text form for it).
    pub fn generate(&self, input: &OcraInput) -> Result<String> {
        let data = DataInput::new(&self.suite, input)?;
        Ok(self.respond(data.bytes()))
    }

    /// Checks `response` against `input` with the counter moved through `counter ..= counter +
    /// counter_window` (a look-ahead, as RFC 4226 §7.4) and the time through the steps within
    /// `time_window` of now, nearest first (as RFC 6238 §5.2). White space and hyphens in the
    /// response are ignored and hex is read in either case; every candidate is computed and
    /// compared whole, in constant time. A response that is not one of this suite's is no
    /// match. A window above [`MAX_WINDOW`], or a window for a factor the suite does not have,
    /// is `InvalidArgument`; missing or unusable inputs fail as in [`Ocra::generate`].
    pub fn verify(
        &self,
        response: &str,
        input: &OcraInput,
        counter_window: u32,
        time_window: u32,
    ) -> Result<Option<OcraMatch>> {
        let mut data = DataInput::new(&self.suite, input)?;
        let (counter, step) = data.factors();
        let window_unused = |factor: Option<u64>, window| factor.is_none() && window > 0;
        if counter_window.max(time_window) > MAX_WINDOW
            || window_unused(counter, counter_window)
            || window_unused(step, time_window)
        {
            return Err(Error::InvalidArgument);
        }
        let typed: String = response
            .chars()
            .filter(|&c| !c.is_whitespace() && c != '-')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let first = counter.unwrap_or(0);
        let counters = first..=first.saturating_add(u64::from(counter_window));
        let current = step.unwrap_or(0);
        let mut found = Choice::from(0);
        let (mut matched_counter, mut matched_step) = (0u64, 0u64);
        for candidate_step in nearest_first(current, time_window) {
            for candidate_counter in counters.clone() {
                data.set_factors(candidate_counter, candidate_step);
                let candidate = self.respond(data.bytes());
                let same = match candidate.len() == typed.len() {
                    true => candidate.as_bytes().ct_eq(typed.as_bytes()),
                    false => Choice::from(0),
                };
                let is_new = same & !found;
                matched_counter.conditional_assign(&candidate_counter, is_new);
                matched_step.conditional_assign(&candidate_step, is_new);
                found |= is_new;
            }
        }
        Ok(bool::from(found).then(|| OcraMatch {
            counter: counter.map(|_| matched_counter),
            counter_delta: matched_counter - first,
            step: step.map(|_| matched_step),
            step_delta: matched_step.wrapping_sub(current) as i64,
        }))
    }

    /// The response's text for a data input (§5.2): the HOTP truncation (RFC 4226 §5.3) mod
    /// 10^digits, or the HMAC in hex.
    fn respond(&self, data_input: &[u8]) -> String {
        let mut digest = [0u8; MAX_DIGEST_LEN];
        let len = self.mac.mac(data_input, &mut digest);
        let digest = digest.get(..len).unwrap_or_default();
        match self.suite.digits() {
            0 => digest
                .iter()
                .flat_map(|byte| [byte >> 4, byte & 0x0f])
                .map(|nibble| char::from_digit(u32::from(nibble), 16).unwrap_or('0'))
                .collect(),
            digits => {
                let value = u64::from(dynamic_truncation(digest)) % 10u64.pow(digits);
                Code::from_number(value, digits).as_str().into()
            }
        }
    }
}

impl core::fmt::Debug for Ocra {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Ocra")
            .field("suite", &self.suite)
            .finish_non_exhaustive()
    }
}

/// The hash's digest length in bytes: a PIN hash's (§5.1 P) and a whole-HMAC response's.
fn digest_len(algorithm: Algorithm) -> usize {
    match algorithm {
        Algorithm::Sha1 => 20,
        Algorithm::Sha256 => 32,
        Algorithm::Sha512 => 64,
    }
}
