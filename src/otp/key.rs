//! An enrolled OTP key: the secret, how codes are derived from it, and whose account it is.

use super::codes::{CodeEncoding, CodeGenerator};
use super::{Algorithm, Secret};
use crate::code::Code;
use crate::error::{Error, Result};
use alloc::borrow::ToOwned;
use alloc::string::String;

pub use super::codes::MIN_DIGITS;
// Most digits allowed: a 31-bit truncated value has at most 10 decimal digits.
pub use crate::code::MAX_DIGITS;

/// What an authenticator app stores for one account: secret, algorithm, digits, issuer and
/// account label. [`super::Hotp`] and [`super::Totp`] add the moving factor.
#[derive(Clone)]
pub struct OtpKey {
    secret: Secret,
    algorithm: Algorithm,
    issuer: String,
    label: String,
    codes: CodeGenerator,
}

impl OtpKey {
    /// A key with no issuer and an empty label. `digits` must be in 6..=10.
    pub fn new(secret: Secret, algorithm: Algorithm, digits: u32) -> Result<Self> {
        let codes = CodeGenerator::new(algorithm, secret.as_bytes(), digits)?;
        Ok(OtpKey {
            secret,
            algorithm,
            issuer: String::new(),
            label: String::new(),
            codes,
        })
    }

    /// The same key as a Steam Guard key, its codes five letters (`otpauth://steam/`);
    /// `InvalidAlgorithm` unless it is SHA-1.
    pub fn into_steam(mut self) -> Result<Self> {
        self.codes = self.codes.into_steam()?;
        Ok(self)
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
        self.codes.code_at(counter)
    }

    /// What makes and checks this key's codes.
    pub fn codes(&self) -> &CodeGenerator {
        &self.codes
    }

    pub fn secret(&self) -> &Secret {
        &self.secret
    }
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }
    /// The code's length: its digits, or 5 for Steam.
    pub fn digits(&self) -> u32 {
        self.codes.digits()
    }
    /// Decimal digits, or Steam's letters.
    pub fn encoding(&self) -> CodeEncoding {
        self.codes.encoding()
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
            .field("digits", &self.digits())
            .field("encoding", &self.encoding())
            .field("issuer", &self.issuer)
            .field("label", &self.label)
            .finish_non_exhaustive()
    }
}
