//! Google Authenticator's transfer QR codes and the apps' backup files for
//! src/js/entry/import.js, which makes the keys with the main entry's `Totp` and `Hotp` (so
//! they are that entry's objects).

use alloc::vec::Vec;

use wasm_bindgen::prelude::*;

use super::error::status;
use super::text;
use crate::{Error, backup, migration, uri};

/// A transfer URI read: a status byte, then batch size, index and id (4 bytes each, little-
/// endian), then the keys and the entries skipped as [`pack_keys`] writes them.
#[wasm_bindgen]
pub fn parse_migration(uri: &[u8]) -> Vec<u8> {
    let parsed = match text(uri).and_then(migration::parse) {
        Ok(parsed) => parsed,
        Err(error) => return alloc::vec![status(error)],
    };
    let mut out = alloc::vec![0];
    for number in [parsed.batch_size, parsed.batch_index, parsed.batch_id] {
        out.extend_from_slice(&number.to_le_bytes());
    }
    pack_keys(&parsed.keys, parsed.skipped.iter().copied(), &mut out);
    out
}

/// The number of keys (4 bytes) and each key as its canonical Key URI (`toUri`'s form: the
/// main entry's `parseUri` reads it) with its length before it (4), then the number of entries
/// skipped (4) and each as its position (4) and error number (1).
fn pack_keys(
    keys: &[uri::Otp],
    skipped: impl ExactSizeIterator<Item = (usize, Error)>,
    out: &mut Vec<u8>,
) {
    out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
    for otp in keys {
        let written = otp.to_uri();
        out.extend_from_slice(&(written.len() as u32).to_le_bytes());
        out.extend_from_slice(written.as_bytes());
    }
    out.extend_from_slice(&(skipped.len() as u32).to_le_bytes());
    for (index, error) in skipped {
        out.extend_from_slice(&(index as u32).to_le_bytes());
        out.push(status(error));
    }
}

/// A backup file read (`importAccounts`): a status byte, the format's number (1 byte, in
/// import.js's order), then the keys and the entries skipped as [`pack_keys`] writes them.
/// `passphrase` counts only when `has_passphrase`.
#[wasm_bindgen]
pub fn import_backup(data: &[u8], passphrase: &[u8], has_passphrase: bool) -> Vec<u8> {
    let passphrase = match text(passphrase) {
        Ok(passphrase) => has_passphrase.then_some(passphrase),
        Err(error) => return alloc::vec![status(error)],
    };
    let imported = match backup::import(data, passphrase) {
        Ok(imported) => imported,
        Err(error) => return alloc::vec![status(error)],
    };
    let format = backup::Format::ALL
        .iter()
        .position(|&f| f == imported.format);
    let mut out = alloc::vec![0, format.unwrap_or(0) as u8];
    let skipped = imported.skipped.iter().map(|s| (s.index, s.error));
    pack_keys(&imported.keys, skipped, &mut out);
    out
}

/// The keys import.js passes as their Key URIs (`toUri`), one a line.
fn keys_of(uris: &[u8]) -> Result<Vec<uri::Otp>, Error> {
    text(uris).and_then(|uris| uris.lines().map(uri::parse).collect())
}

/// An Aegis vault file of keys given as Key URIs, one a line: a status byte, then the file
/// (encrypted under `passphrase` when `has_passphrase`).
#[wasm_bindgen]
pub fn to_aegis(uris: &[u8], passphrase: &[u8], has_passphrase: bool) -> Vec<u8> {
    let written = keys_of(uris).and_then(|keys| {
        let passphrase = text(passphrase)?;
        backup::write_aegis(&keys, has_passphrase.then_some(passphrase))
    });
    match written {
        Ok(file) => {
            let mut out = alloc::vec![0];
            out.extend_from_slice(file.as_bytes());
            out
        }
        Err(error) => alloc::vec![status(error)],
    }
}

/// The transfer URIs for keys given as Key URIs, one a line (`toUri`): a status byte, then the
/// URIs one a line; for `not_representable`, the position of the key (4 bytes).
#[wasm_bindgen]
pub fn to_migration(uris: &[u8], batch_size: u32, batch_id: i32) -> Vec<u8> {
    let written = match keys_of(uris) {
        Ok(keys) => migration::write(&keys, batch_size as usize, batch_id),
        Err(error) => return alloc::vec![status(error)],
    };
    match written {
        Ok(uris) => {
            let mut out = alloc::vec![0];
            for (i, uri) in uris.iter().enumerate() {
                if i > 0 {
                    out.push(b'\n');
                }
                out.extend_from_slice(uri.as_bytes());
            }
            out
        }
        Err((index, error)) => {
            let mut out = alloc::vec![status(error)];
            out.extend_from_slice(&(index as u32).to_le_bytes());
            out
        }
    }
}
