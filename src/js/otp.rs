//! HOTP/TOTP, OCRA's HMAC and Key URIs as flat functions over numbers, bytes and strings. The
//! `Totp`, `Hotp` and `Ocra` classes are written once in JavaScript over them
//! (src/js/entry/keys.js, ocra.js), which read the options, keep each key's secret and keyed
//! HMAC state, and throw the errors; the `.wasm` keeps nothing between calls.
//!
//! Algorithms are numbered as in keys.js (0 SHA-1, 1 SHA-256, 2 SHA-512); `digits` 5 stands
//! for a Steam Guard key (decimal keys have 6..=10 digits); counters and steps
//! cross as two 32-bit halves, since a JavaScript number holds only 53 bits; failures are
//! error numbers (`status`). Arguments come from keys.js, which checked them; anything it
//! would not pass still gets a failure value, never a panic.

use alloc::vec::Vec;

use wasm_bindgen::prelude::*;
use zeroize::Zeroize;

use super::error::status;
use super::text;
use crate::otp::hmac::{self, KeyedMac, MAX_DIGEST_LEN};
use crate::otp::{self as core, Algorithm, CodeGenerator, OtpKey, Secret};
use crate::{Error, uri};

/// By number, as keys.js names them.
const ALGORITHMS: [Algorithm; 3] = [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512];

fn algorithm(number: u32) -> Option<Algorithm> {
    ALGORITHMS.get(number as usize).copied()
}

fn u64_from(high: u32, low: u32) -> u64 {
    (u64::from(high) << 32) | u64::from(low)
}

/// keys.js passes a Steam Guard key as `digits` 5 (decimal keys have 6..=10): the digits to key
/// it with, and whether its codes are Steam's letters.
fn digits_of(digits: u32) -> (u32, bool) {
    (digits.max(core::MIN_DIGITS), digits == core::STEAM_CODE_LEN)
}

#[inline(never)]
fn generator(algorithm: u32, digits: u32, state: &[u8]) -> Option<CodeGenerator> {
    let (digits, steam) = digits_of(digits);
    let codes = CodeGenerator::from_state(self::algorithm(algorithm)?, digits, state);
    codes
        .and_then(|codes| if steam { codes.into_steam() } else { Ok(codes) })
        .ok()
}

/// The keyed HMAC state for `secret` (RFC 2104 §4), which keys.js keeps instead of the key
/// schedule being run again for every code; empty for an unknown algorithm.
#[wasm_bindgen]
pub fn key_state(algorithm: u32, secret: &[u8]) -> Vec<u8> {
    self::algorithm(algorithm)
        .and_then(|algorithm| CodeGenerator::new(algorithm, secret, core::MIN_DIGITS).ok())
        .map_or_else(Vec::new, |generator| generator.state().to_vec())
}

/// The code at a counter as a number (keys.js pads it to `digits`, or spells a Steam code's
/// value in its letters); -1 for a bad state.
#[wasm_bindgen]
pub fn code_value(
    algorithm: u32,
    digits: u32,
    state: &[u8],
    counter_high: u32,
    counter_low: u32,
) -> f64 {
    generator(algorithm, digits, state).map_or(-1.0, |codes| {
        codes.value_at(u64_from(counter_high, counter_low)) as f64
    })
}

/// HOTP verification (RFC 4226 §7.4): the delta of the first counter from `counter` whose code
/// is `token`, or -1.
#[wasm_bindgen]
pub fn verify_counter(
    algorithm: u32,
    digits: u32,
    state: &[u8],
    token: &[u8],
    counter_high: u32,
    counter_low: u32,
    window: u32,
) -> f64 {
    let counter = u64_from(counter_high, counter_low);
    generator(algorithm, digits, state)
        .and_then(|codes| {
            codes
                .verify_counter(text(token).ok()?, counter, window)
                .ok()
                .flatten()
        })
        .map_or(-1.0, |matched| matched.delta as f64)
}

/// TOTP verification (RFC 6238 §5.2): the delta of the nearest step from `current` whose
/// code is `token` and that is after `after` (when `has_after`), or NaN.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)] // numbers in halves: the flat surface is the point
pub fn verify_step(
    algorithm: u32,
    digits: u32,
    state: &[u8],
    token: &[u8],
    current_high: u32,
    current_low: u32,
    window: u32,
    after_high: u32,
    after_low: u32,
    has_after: bool,
) -> f64 {
    let current = u64_from(current_high, current_low);
    let after = has_after.then(|| u64_from(after_high, after_low));
    generator(algorithm, digits, state)
        .and_then(|codes| {
            codes
                .verify_step(text(token).ok()?, current, window, after)
                .ok()
                .flatten()
        })
        .map_or(f64::NAN, |matched| matched.delta as f64)
}

/// The canonical Key URI of a key keys.js holds; empty when its parts do not make a key.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn to_uri(
    algorithm: u32,
    digits: u32,
    secret: &[u8],
    issuer: &[u8],
    label: &[u8],
    period: u32,
    counter_high: u32,
    counter_low: u32,
) -> Vec<u8> {
    let key = Secret::from_bytes(secret).and_then(|secret| {
        let algorithm = self::algorithm(algorithm).ok_or(Error::InvalidAlgorithm)?;
        let (digits, steam) = digits_of(digits);
        let key = OtpKey::new(secret, algorithm, digits)?;
        let key = if steam { key.into_steam()? } else { key };
        key.with_account(text(issuer)?, text(label)?)
    });
    let uri = key.and_then(|key| match period {
        0 => Ok(core::Hotp::new(key, u64_from(counter_high, counter_low)).to_uri()),
        period => core::Totp::new(key, period).map(|totp| totp.to_uri()),
    });
    uri.map_or_else(|_| Vec::new(), |uri| uri.as_bytes().to_vec())
}

/// A key as bytes keys.js unpacks (`unpackKey`), lengths and numbers little-endian:
///
/// | bytes | field |
/// |---|---|
/// | 1, 1, 1, 1 | 0 TOTP or 1 HOTP; algorithm number; digits (5: Steam); 0 |
/// | 4 | period in seconds (0 for HOTP) |
/// | 8 | counter (0 for TOTP) |
/// | 4 each | lengths S, I, L, T of the next four fields |
/// | S, I, L, T | secret, issuer (UTF-8), label (UTF-8), the keyed HMAC state |
///
/// The state comes along because reading the key keyed the HMAC already: one call, not two.
fn pack(otp: &uri::Otp, out: &mut Vec<u8>) {
    let (kind, period, counter) = match otp {
        uri::Otp::Totp(totp) => (0u8, totp.period(), 0),
        uri::Otp::Hotp(hotp) => (1, 0, hotp.counter()),
    };
    let key = otp.key();
    let state = key.codes().state();
    let fields = [
        key.secret().as_bytes(),
        key.issuer().as_bytes(),
        key.label().as_bytes(),
        &state[..],
    ];
    let algorithm = ALGORITHMS.iter().position(|&a| a == key.algorithm());
    out.reserve(32 + fields.iter().map(|f| f.len()).sum::<usize>());
    out.extend_from_slice(&[kind, algorithm.unwrap_or(0) as u8, key.digits() as u8, 0]);
    out.extend_from_slice(&period.to_le_bytes());
    out.extend_from_slice(&counter.to_le_bytes());
    for field in fields {
        out.extend_from_slice(&(field.len() as u32).to_le_bytes());
    }
    for field in fields {
        out.extend_from_slice(field);
    }
}

/// A Key URI read: a status byte (0, or the error's number), then the key ([`pack`]).
#[wasm_bindgen]
pub fn parse_uri(uri: &[u8]) -> Vec<u8> {
    match text(uri).and_then(uri::parse) {
        Ok(otp) => {
            let mut out = alloc::vec![0];
            pack(&otp, &mut out);
            out
        }
        Err(error) => alloc::vec![status(error)],
    }
}

/// OCRA's HMAC (RFC 6287 §5.2) of the data input ocra.js assembled, with the keyed `state`;
/// with no state, the plain hash of `message` (a PIN, §5.1 `P`). Empty for an unknown
/// algorithm or a state of another length.
#[wasm_bindgen]
pub fn ocra_digest(algorithm: u32, state: &[u8], message: &[u8]) -> Vec<u8> {
    let mut digest = [0u8; MAX_DIGEST_LEN];
    let len = match (self::algorithm(algorithm), state) {
        (Some(algorithm), []) => hmac::hash(algorithm, message, &mut digest),
        (Some(algorithm), state) => {
            KeyedMac::from_state(algorithm, state).map_or(0, |mac| mac.mac(message, &mut digest))
        }
        (None, _) => 0,
    };
    let out = digest.get(..len).unwrap_or_default().to_vec();
    digest.zeroize();
    out
}
