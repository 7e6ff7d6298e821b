//! 2FAS Authenticator's `.2fas` backups, plain and encrypted.
//!
//! `{ services, schemaVersion, servicesEncrypted? }`: each service has `name`, `secret`
//! (base32) and `otp` (`account`, `issuer`, `digits`, `period`, `counter`, `algorithm`,
//! `tokenType` TOTP/HOTP/STEAM). Encrypted, `services` is empty and `servicesEncrypted` is
//! `ciphertext:salt:iv` in base64: the services' JSON sealed with AES-256-GCM under
//! PBKDF2-HMAC-SHA-256(password, salt, 10,000 iterations).

use serde_json::Value;

use super::crypto;
use super::entry::{Entry, base32_secret, number, optional_text, parse_json, text};
use super::{Format, Imported};
use crate::encoding::base64url;
use crate::error::{Error, Result};

const PBKDF2_ITERATIONS: u32 = 10_000;

pub(super) fn import(file: &Value, passphrase: Option<&str>) -> Result<Imported> {
    let decrypted;
    let services = match text(file, "servicesEncrypted") {
        "" => file["services"].as_array(),
        sealed => {
            let passphrase = passphrase.ok_or(Error::PassphraseRequired)?;
            let plaintext = decrypt(sealed, passphrase)?;
            decrypted = parse_json(&plaintext)?;
            decrypted.as_array()
        }
    };
    let services = services.ok_or(Error::UnknownFormat)?;
    let mut imported = Imported::new(Format::TwoFas);
    for (index, service) in services.iter().enumerate() {
        let otp = &service["otp"];
        let issuer = optional_text(otp, "issuer");
        let label = optional_text(otp, "account");
        let kind = match text(otp, "tokenType") {
            "" => "totp",
            kind => kind,
        };
        let key = Entry {
            kind,
            secret: base32_secret(service, "secret"),
            algorithm: optional_text(otp, "algorithm"),
            digits: number(otp, "digits"),
            period: number(otp, "period"),
            counter: number(otp, "counter"),
            issuer: issuer.unwrap_or_else(|| text(service, "name")),
            label: label.unwrap_or_else(|| text(otp, "label")),
        };
        imported.push(index, key.key());
    }
    Ok(imported)
}

fn decrypt(sealed: &str, passphrase: &str) -> Result<zeroize::Zeroizing<alloc::vec::Vec<u8>>> {
    let mut parts = sealed.split(':').map(base64url::decode);
    let (Some(Ok(ciphertext)), Some(Ok(salt)), Some(Ok(iv)), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Error::UnknownFormat);
    };
    let key = crypto::pbkdf2_sha256(passphrase, &salt, PBKDF2_ITERATIONS);
    crypto::open(&key[..], &iv, &ciphertext)
}
