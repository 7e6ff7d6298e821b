//! An enrolled OTP key: the secret, how codes are derived from it, and whose account it is.

use alloc::borrow::ToOwned;
use alloc::string::String;
use core::num::NonZeroU64;

use super::hmac::{KeyedMac, MAX_DIGEST_LEN};
use super::{Algorithm, Secret};
use crate::code::Code;
use crate::error::{Error, Result};

/// Fewest digits allowed: RFC 4226 §4 R4 requires at least 6.
pub const MIN_DIGITS: u32 = 6;
// Most digits allowed: a 31-bit truncated value has at most 10 decimal digits.
pub use crate::code::MAX_DIGITS;

/// RFC 4226 §5.3 DT: the low 4 bits of the last byte pick an offset; the 4 bytes there, with
/// the top bit cleared, are the result. RFC 6238 §1.2 applies it unchanged to SHA-256/512.
fn dynamic_truncation(hs: &[u8]) -> u32 {
    let offset = usize::from(hs.last().copied().unwrap_or(0) & 0x0f);
    match hs.get(offset..offset + 4) {
        Some(&[a, b, c, d]) => u32::from_be_bytes([a & 0x7f, b, c, d]),
        _ => 0, // unreachable: every digest is at least 20 bytes and offset is at most 15
    }
}

/// What an authenticator app stores for one account: secret, algorithm, digits, issuer and
/// account label. [`super::Hotp`] and [`super::Totp`] add the moving factor.
#[derive(Clone)]
pub struct OtpKey {
    secret: Secret,
    algorithm: Algorithm,
    digits: u32,
    /// 10^digits, the modulus of RFC 4226 §5.3; never zero.
    modulus: NonZeroU64,
    issuer: String,
    label: String,
    mac: KeyedMac,
}

impl OtpKey {
    /// A key with no issuer and an empty label. `digits` must be in 6..=10.
    pub fn new(secret: Secret, algorithm: Algorithm, digits: u32) -> Result<Self> {
        let modulus = Some(digits)
            .filter(|digits| (MIN_DIGITS..=MAX_DIGITS).contains(digits))
            .and_then(|digits| NonZeroU64::new(10u64.pow(digits)))
            .ok_or(Error::InvalidDigits)?;
        let mac = KeyedMac::new(algorithm, secret.as_bytes());
        Ok(OtpKey {
            secret,
            algorithm,
            digits,
            modulus,
            issuer: String::new(),
            label: String::new(),
            mac,
        })
    }

    /// Sets who issued the key and whose account it is. The Key URI format reserves `:` to
    /// separate the two in the label, so the issuer may not contain one, nor may the account
    /// when there is no issuer; `InvalidArgument` otherwise.
    pub fn with_account(mut self, issuer: &str, label: &str) -> Result<Self> {
        if issuer.contains(':') || (issuer.is_empty() && label.contains(':')) {
            return Err(Error::InvalidArgument);
        }
        self.issuer = issuer.to_owned();
        self.label = label.to_owned();
        Ok(self)
    }

    /// HOTP(K, C) = Truncate(HMAC(K, C)) mod 10^Digit (RFC 4226 §5.3).
    pub fn code_at(&self, counter: u64) -> Code {
        // RFC 4226 §5.3 steps 1-2: HS = HMAC(K, C), then dynamic truncation to 31 bits.
        let mut hs = [0u8; MAX_DIGEST_LEN];
        let len = self.mac.mac_counter(counter, &mut hs);
        let value = u64::from(dynamic_truncation(&hs[..len])) % self.modulus;
        Code::from_number(value, self.digits)
    }

    pub fn secret(&self) -> &Secret {
        &self.secret
    }
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }
    pub fn digits(&self) -> u32 {
        self.digits
    }
    /// The issuer; empty when there is none.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }
    /// The account name; may be empty.
    pub fn label(&self) -> &str {
        &self.label
    }
}

impl core::fmt::Debug for OtpKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("OtpKey")
            .field("algorithm", &self.algorithm)
            .field("digits", &self.digits)
            .field("issuer", &self.issuer)
            .field("label", &self.label)
            .finish_non_exhaustive()
    }
}
