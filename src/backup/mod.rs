//! Authenticator apps' backup files: recognising the format, decrypting it, and turning each
//! entry into a key, with the entries that make no key reported, never dropped silently.
//!
//! Formats, each in its own module: lists of Key URIs and Google Authenticator transfer URIs
//! (also Ente Auth's plain text export), Aegis (plain and encrypted), 2FAS (plain and
//! encrypted), andOTP (plain and both encrypted formats), FreeOTP+ and Bitwarden (JSON and
//! CSV). None of the apps publishes a specification; each reader follows the files the app
//! writes (tests/vectors/backups holds real ones).

mod aegis;
mod andotp;
mod bitwarden;
mod crypto;
mod entry;
mod freeotp;
mod lines;
mod twofas;

use alloc::vec::Vec;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::uri::Otp;

pub use aegis::write as write_aegis;

/// The most bytes read from one file: a backup of thousands of accounts is far smaller.
pub const MAX_BACKUP_BYTES: usize = 16 << 20;

/// The formats `import` recognises, by the names JavaScript uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `otpauth://` Key URIs, one per line.
    Uris,
    /// Google Authenticator's `otpauth-migration://` transfer URIs, one per line.
    GoogleMigration,
    /// Ente Auth's plain text export: Key URIs with a `codeDisplay` parameter.
    Ente,
    Aegis,
    TwoFas,
    AndOtp,
    FreeOtpPlus,
    Bitwarden,
    BitwardenCsv,
}

impl Format {
    /// Every format, in the order JavaScript numbers them (src/js/entry/backup.js).
    pub const ALL: [Format; 9] = [
        Format::Uris,
        Format::GoogleMigration,
        Format::Ente,
        Format::Aegis,
        Format::TwoFas,
        Format::AndOtp,
        Format::FreeOtpPlus,
        Format::Bitwarden,
        Format::BitwardenCsv,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            Format::Uris => "uris",
            Format::GoogleMigration => "google-migration",
            Format::Ente => "ente",
            Format::Aegis => "aegis",
            Format::TwoFas => "2fas",
            Format::AndOtp => "andotp",
            Format::FreeOtpPlus => "freeotp-plus",
            Format::Bitwarden => "bitwarden",
            Format::BitwardenCsv => "bitwarden-csv",
        }
    }
}

/// An entry of the file that made no key, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// Its position among the file's entries, from 0.
    pub index: usize,
    pub error: Error,
}

/// What a backup file held.
#[derive(Debug)]
pub struct Imported {
    pub format: Format,
    pub keys: Vec<Otp>,
    pub skipped: Vec<Skipped>,
}

impl Imported {
    fn new(format: Format) -> Self {
        Imported {
            format,
            keys: Vec::new(),
            skipped: Vec::new(),
        }
    }

    /// Adds entry `index`'s key, or records why it made none.
    fn push(&mut self, index: usize, key: Result<Otp>) {
        match key {
            Ok(key) => self.keys.push(key),
            Err(error) => self.skipped.push(Skipped { index, error }),
        }
    }
}

/// Reads a backup file of any supported format. Errors: `UnknownFormat` (not a format here, or
/// malformed past reading), `PassphraseRequired` (an encrypted backup and no passphrase),
/// `WrongPassphrase` (it does not decrypt with the one given).
pub fn import(data: &[u8], passphrase: Option<&str>) -> Result<Imported> {
    if data.len() > MAX_BACKUP_BYTES {
        return Err(Error::UnknownFormat);
    }
    let Ok(text) = core::str::from_utf8(data) else {
        // The one binary format: andOTP's encrypted backups.
        return andotp::import_encrypted(data, passphrase);
    };
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.starts_with('{') || text.starts_with('[') {
        let json = entry::parse_json(text.as_bytes())?;
        return import_json(&json, passphrase);
    }
    if bitwarden::is_csv(text) {
        return bitwarden::import_csv(text);
    }
    lines::import(text)
}

fn import_json(json: &Value, passphrase: Option<&str>) -> Result<Imported> {
    if json.get("header").is_some() && json.get("db").is_some() {
        aegis::import(json, passphrase)
    } else if json.get("services").is_some() && json.get("schemaVersion").is_some() {
        twofas::import(json, passphrase)
    } else if json.get("tokens").is_some() {
        freeotp::import(json)
    } else if json.get("items").is_some() && json.get("encrypted").is_some() {
        bitwarden::import_json(json)
    } else if json.is_array() {
        andotp::import_plain(json)
    } else {
        Err(Error::UnknownFormat)
    }
}
