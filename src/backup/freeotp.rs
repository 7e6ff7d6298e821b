//! FreeOTP+'s JSON export: `{ tokens: [{ type, algo, digits, period, counter, issuerExt,
//! label, secret }] }`, the secret as signed bytes (Java's `byte[]`). FreeOTP stores an HOTP
//! token's last used counter, so the next one is that plus one.

use alloc::vec::Vec;

use serde_json::Value;

use super::entry::{Entry, number, optional_text, text};
use super::{Format, Imported};
use crate::error::{Error, Result};
use crate::otp::Secret;

pub(super) fn import(file: &Value) -> Result<Imported> {
    let tokens = file["tokens"].as_array().ok_or(Error::UnknownFormat)?;
    let mut imported = Imported::new(Format::FreeOtpPlus);
    for (index, token) in tokens.iter().enumerate() {
        let key = Entry {
            kind: text(token, "type"),
            secret: secret(&token["secret"]),
            algorithm: optional_text(token, "algo"),
            digits: number(token, "digits"),
            period: number(token, "period"),
            counter: number(token, "counter").map(|last| last.saturating_add(1)),
            issuer: text(token, "issuerExt"),
            label: text(token, "label"),
        };
        imported.push(index, key.key());
    }
    Ok(imported)
}

/// Java's signed bytes (-128..=127) as the secret; anything else is `MissingSecret`.
fn secret(bytes: &Value) -> Result<Secret> {
    let bytes: Option<Vec<u8>> = bytes.as_array().and_then(|bytes| {
        bytes
            .iter()
            .map(|byte| {
                byte.as_i64()
                    .and_then(|b| i8::try_from(b).ok())
                    .map(|b| b as u8)
            })
            .collect()
    });
    let bytes = zeroize::Zeroizing::new(bytes.ok_or(Error::MissingSecret)?);
    Secret::from_bytes(&bytes)
}
