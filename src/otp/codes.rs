//! The part of a key that makes and checks codes: the keyed HMAC and the number of digits.
//!
//! [`super::OtpKey`] holds one, with the secret and the account. It stands alone too, so a
//! caller that keeps no Rust object between calls (the JavaScript bindings) can keep the
//! keyed state as bytes ([`CodeGenerator::state`]) and rebuild the generator per call without
//! keying the HMAC again.

use alloc::vec::Vec;
use core::num::NonZeroU64;

use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};
use zeroize::Zeroizing;

use super::hmac::{KeyedMac, MAX_DIGEST_LEN};
use super::{Algorithm, MAX_WINDOW};
use crate::code::{
    Code, MAX_DIGITS, STEAM_CODE_LEN, STEAM_MODULUS, normalize_code, steam_code_value,
};
use crate::error::{Error, Result};

/// Fewest digits allowed: RFC 4226 §4 R4 requires at least 6.
pub const MIN_DIGITS: u32 = 6;

/// RFC 4226 §5.3 DT: the low 4 bits of the last byte pick an offset; the 4 bytes there, with
/// the top bit cleared, are the result. RFC 6238 §1.2 applies it unchanged to SHA-256/512.
pub(super) fn dynamic_truncation(hs: &[u8]) -> u32 {
    let offset = usize::from(hs.last().copied().unwrap_or(0) & 0x0f);
    match hs.get(offset..offset + 4) {
        Some(&[a, b, c, d]) => u32::from_be_bytes([a & 0x7f, b, c, d]),
        _ => 0, // unreachable: every digest is at least 20 bytes and offset is at most 15
    }
}

/// A successful HOTP verification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HotpMatch {
    /// How far past the expected counter the match was (0 when in sync).
    pub delta: u64,
    /// The counter that matched; the server stores `counter + 1` as the next expected value.
    pub counter: u64,
}

/// A successful TOTP verification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TotpMatch {
    /// Matched step minus current step: negative when the authenticator's clock is behind.
    pub delta: i64,
    /// The matched time step; store it and pass it as `after_step` next time (replay guard).
    pub step: u64,
}

/// How a truncated value is written for a person to type (`"decimal"` or `"steam"` in
/// JavaScript).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CodeEncoding {
    /// RFC 4226 §5.3: `digits` decimal digits.
    #[default]
    Decimal,
    /// Steam Guard: five characters of [`crate::code::STEAM_ALPHABET`] (SHA-1 keys only).
    Steam,
}

/// HOTP(K, C) for any counter C: a keyed HMAC and how its value is written.
#[derive(Clone)]
pub struct CodeGenerator {
    mac: KeyedMac,
    digits: u32,
    encoding: CodeEncoding,
    /// 10^digits (RFC 4226 §5.3), or 26^5 for Steam; never zero.
    modulus: NonZeroU64,
}

impl CodeGenerator {
    /// Keys the HMAC with `secret`. `digits` must be in 6..=10 (`InvalidDigits`).
    pub fn new(algorithm: Algorithm, secret: &[u8], digits: u32) -> Result<Self> {
        let modulus = modulus(digits)?;
        Ok(CodeGenerator {
            mac: KeyedMac::new(algorithm, secret),
            digits,
            encoding: CodeEncoding::Decimal,
            modulus,
        })
    }

    /// A generator from the bytes [`CodeGenerator::state`] gave; `InvalidArgument` when they
    /// are not a state of `algorithm`.
    pub fn from_state(algorithm: Algorithm, digits: u32, state: &[u8]) -> Result<Self> {
        Ok(CodeGenerator {
            mac: KeyedMac::from_state(algorithm, state).ok_or(Error::InvalidArgument)?,
            digits,
            encoding: CodeEncoding::Decimal,
            modulus: modulus(digits)?,
        })
    }

    /// The same key writing Steam Guard's five-letter codes; `InvalidAlgorithm` unless it is
    /// HMAC-SHA-1, the only one Steam uses.
    pub fn into_steam(self) -> Result<Self> {
        if !matches!(self.mac, KeyedMac::Sha1(_)) {
            return Err(Error::InvalidAlgorithm);
        }
        Ok(CodeGenerator {
            digits: STEAM_CODE_LEN,
            encoding: CodeEncoding::Steam,
            modulus: STEAM,
            ..self
        })
    }

    /// The keyed HMAC states (RFC 2104 §4): as secret as the key itself, and wiped on drop.
    pub fn state(&self) -> Zeroizing<Vec<u8>> {
        self.mac.state()
    }

    /// The code's length: its digits, or 5 for Steam.
    pub fn digits(&self) -> u32 {
        self.digits
    }

    pub fn encoding(&self) -> CodeEncoding {
        self.encoding
    }

    /// The code at `counter` as a number: Truncate(HMAC(K, C)) mod 10^Digit (RFC 4226 §5.3);
    /// for Steam, mod 26^5, the number its five letters spell in base 26.
    pub fn value_at(&self, counter: u64) -> u64 {
        let mut hs = [0u8; MAX_DIGEST_LEN];
        let len = self.mac.mac_counter(counter, &mut hs);
        u64::from(dynamic_truncation(hs.get(..len).unwrap_or_default())) % self.modulus
    }

    /// The code at `counter`, zero-padded to `digits`, or in Steam's letters.
    pub fn code_at(&self, counter: u64) -> Code {
        let value = self.value_at(counter);
        match self.encoding {
            CodeEncoding::Decimal => Code::from_number(value, self.digits),
            CodeEncoding::Steam => Code::steam(value),
        }
    }

    /// Checks `token` against counters `counter ..= counter + window`, the look-ahead window of
    /// RFC 4226 §7.4 that resynchronizes an authenticator pressed without signing in. The token
    /// is normalized first (`123 456` verifies); one that is not a code of the right length is
    /// simply no match. `window` above [`MAX_WINDOW`] is `InvalidArgument`.
    pub fn verify_counter(
        &self,
        token: &str,
        counter: u64,
        window: u32,
    ) -> Result<Option<HotpMatch>> {
        let Some(token) = self.token(token, window)? else {
            return Ok(None);
        };
        let last = counter.saturating_add(u64::from(window));
        Ok(self
            .first_match(token, counter..=last)
            .map(|matched| HotpMatch {
                delta: matched - counter,
                counter: matched,
            }))
    }

    /// Checks `token` against the steps `current - window ..= current + window`, nearest first.
    /// RFC 6238 §5.2 recommends accepting at most one step of delay (window 1).
    ///
    /// `after_step` is the replay guard of RFC 6238 §5.2: a code whose step is at or before the
    /// last accepted step is refused, so the same code is never accepted twice. The token is
    /// normalized first; a malformed one is no match. `window` above [`MAX_WINDOW`] is
    /// `InvalidArgument`.
    pub fn verify_step(
        &self,
        token: &str,
        current: u64,
        window: u32,
        after_step: Option<u64>,
    ) -> Result<Option<TotpMatch>> {
        let Some(token) = self.token(token, window)? else {
            return Ok(None);
        };
        let fresh = nearest_first(current, window)
            .filter(|&step| after_step.is_none_or(|last| step > last));
        Ok(self.first_match(token, fresh).map(|step| TotpMatch {
            delta: step.wrapping_sub(current) as i64,
            step,
        }))
    }

    /// The value the typed token spells (what [`CodeGenerator::value_at`] gives for its
    /// counter), `None` when it cannot be a code of this key.
    fn token(&self, token: &str, window: u32) -> Result<Option<u64>> {
        if window > MAX_WINDOW {
            return Err(Error::InvalidArgument);
        }
        Ok(match self.encoding {
            CodeEncoding::Decimal => normalize_code(token, self.digits).ok().map(|code| {
                code.as_bytes().iter().fold(0, |value, digit| {
                    value * 10 + u64::from(digit.wrapping_sub(b'0'))
                })
            }),
            CodeEncoding::Steam => steam_code_value(token),
        })
    }

    /// The first of `counters` whose code equals `token`. Every candidate is computed and
    /// compared in constant time, and the loop never stops early, so timing does not tell
    /// which one matched (RFC 4226 §7.2).
    fn first_match(&self, token: u64, counters: impl IntoIterator<Item = u64>) -> Option<u64> {
        let mut found = Choice::from(0);
        let mut matched = 0u64;
        for counter in counters {
            let is_new_match = self.value_at(counter).ct_eq(&token) & !found;
            matched.conditional_assign(&counter, is_new_match);
            found |= is_new_match;
        }
        bool::from(found).then_some(matched)
    }
}

/// The steps `current - window ..= current + window` nearest first: `current`, `current - 1`,
/// `current + 1`, `current - 2`, ... (the ones that exist), the order TOTP and OCRA try them in.
pub(super) fn nearest_first(current: u64, window: u32) -> impl Iterator<Item = u64> + Clone {
    (0..=u64::from(window)).flat_map(move |distance| {
        let behind = current.checked_sub(distance);
        let ahead = current.checked_add(distance).filter(|_| distance > 0);
        behind.into_iter().chain(ahead)
    })
}

/// 26^5 as the modulus type, checked when compiling.
const STEAM: NonZeroU64 = match NonZeroU64::new(STEAM_MODULUS) {
    Some(modulus) => modulus,
    None => panic!("26^5 is not zero"),
};

fn modulus(digits: u32) -> Result<NonZeroU64> {
    Some(digits)
        .filter(|digits| (MIN_DIGITS..=MAX_DIGITS).contains(digits))
        .and_then(|digits| NonZeroU64::new(10u64.pow(digits)))
        .ok_or(Error::InvalidDigits)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A generator rebuilt from its state makes the same codes, for every algorithm; a state
    /// of the wrong length is refused.
    #[test]
    fn state_round_trips() {
        for algorithm in [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512] {
            let generator = CodeGenerator::new(algorithm, b"12345678901234567890", 8).unwrap();
            let state = generator.state();
            let again = CodeGenerator::from_state(algorithm, 8, &state).unwrap();
            for counter in [0, 1, 59, u64::MAX] {
                assert_eq!(generator.value_at(counter), again.value_at(counter));
            }
            assert!(CodeGenerator::from_state(algorithm, 8, &state[1..]).is_err());
            assert_eq!(
                CodeGenerator::from_state(algorithm, 11, &state).err(),
                Some(Error::InvalidDigits)
            );
        }
    }
}
