//! One backup entry's fields turned into a key: what every format's reader shares.

use serde_json::Value;

use crate::error::{Error, Result};
use crate::otp::{Algorithm, DEFAULT_PERIOD, Hotp, OtpKey, Secret, Totp};
use crate::uri::Otp;

/// An entry's fields as the apps store them: the names differ per format, the meaning not.
pub(super) struct Entry<'a> {
    /// `totp`, `hotp` or `steam`, in any case.
    pub kind: &'a str,
    pub secret: Result<Secret>,
    pub algorithm: Option<&'a str>,
    pub digits: Option<u64>,
    pub period: Option<u64>,
    pub counter: Option<u64>,
    pub issuer: &'a str,
    pub label: &'a str,
}

impl Entry<'_> {
    /// The key; `UnknownFormat` for a kind of entry no key here is (Yandex, mOTP, ...), else
    /// the error the key's own checks give.
    pub fn key(self) -> Result<Otp> {
        let secret = self.secret?;
        let algorithm = self
            .algorithm
            .map_or(Ok(Algorithm::Sha1), Algorithm::parse)?;
        let digits = u32::try_from(self.digits.unwrap_or(6)).map_err(|_| Error::InvalidDigits)?;
        let kind = self.kind.to_ascii_lowercase();
        let key = match kind.as_str() {
            // Steam codes are five letters whatever the file says about digits.
            "steam" => OtpKey::new(secret, algorithm, 6)?.into_steam()?,
            "totp" | "hotp" => OtpKey::new(secret, algorithm, digits)?,
            _ => return Err(Error::UnknownFormat),
        };
        let key = key.with_account(self.issuer, self.label)?;
        if kind == "hotp" {
            return Ok(Otp::Hotp(Hotp::new(key, self.counter.unwrap_or(0))));
        }
        let period = self.period.unwrap_or(u64::from(DEFAULT_PERIOD));
        let period = u32::try_from(period).map_err(|_| Error::InvalidPeriod)?;
        Ok(Otp::Totp(Totp::new(key, period)?))
    }
}

/// A string field; empty when absent, null or not a string.
pub(super) fn text<'a>(value: &'a Value, name: &str) -> &'a str {
    value.get(name).and_then(Value::as_str).unwrap_or("")
}

/// A string field, when present and not empty.
pub(super) fn optional_text<'a>(value: &'a Value, name: &str) -> Option<&'a str> {
    Some(text(value, name)).filter(|text| !text.is_empty())
}

/// A whole-number field, when present and one.
pub(super) fn number(value: &Value, name: &str) -> Option<u64> {
    value.get(name).and_then(Value::as_u64)
}

/// A file's (or a decrypted part's) JSON; `UnknownFormat` when it is not JSON.
pub(super) fn parse_json(bytes: &[u8]) -> Result<Value> {
    serde_json::from_slice(bytes).map_err(|_| Error::UnknownFormat)
}

/// A base32 secret field; `MissingSecret` when there is none.
pub(super) fn base32_secret(value: &Value, name: &str) -> Result<Secret> {
    match text(value, name) {
        "" => Err(Error::MissingSecret),
        secret => Secret::from_base32(secret),
    }
}
