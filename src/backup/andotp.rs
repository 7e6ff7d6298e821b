//! andOTP's backups: plain JSON, and the two encrypted formats.
//!
//! Plain: an array of `{ secret (base32), issuer, label, digits, type TOTP/HOTP/STEAM,
//! algorithm, period, counter }`. Encrypted (since andOTP 0.6.3): 4 bytes of PBKDF2 iterations
//! (big-endian), a 12-byte salt, a 12-byte nonce, then the JSON sealed with AES-256-GCM under
//! PBKDF2-HMAC-SHA-1(password, salt, iterations). Older encrypted backups: a 12-byte nonce and
//! the sealed JSON, the key SHA-256(password).

use serde_json::Value;

use super::crypto::{self, MAX_PBKDF2_ITERATIONS};
use super::entry::{Entry, base32_secret, number, optional_text, parse_json, text};
use super::{Format, Imported};
use crate::error::{Error, Result};

/// Iterations, salt and nonce, then at least a tag.
const HEADER_LEN: usize = 4 + 12 + 12;
const TAG_LEN: usize = 16;

pub(super) fn import_plain(entries: &Value) -> Result<Imported> {
    let entries = entries.as_array().ok_or(Error::UnknownFormat)?;
    // An array of anything but entries is not an andOTP backup.
    if !entries.iter().all(|entry| entry.get("secret").is_some()) {
        return Err(Error::UnknownFormat);
    }
    let mut imported = Imported::new(Format::AndOtp);
    for (index, entry) in entries.iter().enumerate() {
        // Before 0.7, andOTP had no issuer field and wrote "Issuer - Name" as the label.
        let (issuer, label) = match (text(entry, "issuer"), text(entry, "label")) {
            ("", label) => label.split_once(" - ").unwrap_or(("", label)),
            fields => fields,
        };
        // Its name is often the Key URI's whole label ("Deno - Deno:Mason"): the issuer's
        // prefix goes, and the spaces after it, as the Key URI reader takes them off.
        let label = label
            .strip_prefix(issuer)
            .and_then(|rest| rest.strip_prefix(':'))
            .filter(|_| !issuer.is_empty())
            .map_or(label, |account| account.trim_start_matches(' '));
        let key = Entry {
            kind: text(entry, "type"),
            secret: base32_secret(entry, "secret"),
            algorithm: optional_text(entry, "algorithm"),
            digits: number(entry, "digits"),
            period: number(entry, "period"),
            counter: number(entry, "counter"),
            issuer,
            label,
        };
        imported.push(index, key.key());
    }
    Ok(imported)
}

/// Either encrypted format: the current one first, then the old one.
pub(super) fn import_encrypted(data: &[u8], passphrase: Option<&str>) -> Result<Imported> {
    if data.len() < 12 + TAG_LEN {
        return Err(Error::UnknownFormat);
    }
    let passphrase = passphrase.ok_or(Error::PassphraseRequired)?;
    let current = match (
        data.get(..4),
        data.get(4..16),
        data.get(16..28),
        data.get(HEADER_LEN..),
    ) {
        (Some(&[a, b, c, d]), Some(salt), Some(nonce), Some(sealed)) if sealed.len() >= TAG_LEN => {
            let iterations = u32::from_be_bytes([a, b, c, d]);
            (1..=MAX_PBKDF2_ITERATIONS)
                .contains(&iterations)
                .then(|| crypto::pbkdf2_sha1(passphrase, salt, iterations))
                .map(|key| crypto::open(&key[..], nonce, sealed))
        }
        _ => None,
    };
    let plaintext = match current {
        Some(Ok(plaintext)) => plaintext,
        _ => {
            let (nonce, sealed) = data.split_at(12);
            crypto::open(&crypto::sha256(passphrase)[..], nonce, sealed)?
        }
    };
    let json = parse_json(&plaintext)?;
    import_plain(&json)
}
