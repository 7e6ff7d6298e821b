//! Google Authenticator's transfer QR codes for src/js/entry/import.js, which makes the keys
//! with the main entry's `Totp` and `Hotp` (so they are that entry's objects).

use alloc::vec::Vec;

use wasm_bindgen::prelude::*;

use super::error::status;
use super::text;
use crate::{Error, migration, uri};

/// A transfer URI read: a status byte, then batch size, index and id (4 bytes each, little-
/// endian), the number of keys (4) and each key as its canonical Key URI (`toUri`'s form:
/// the main entry's `parseUri` reads it) with its length before it (4), then the number of
/// entries skipped (4) and each as its position (4) and error number (1).
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
    out.extend_from_slice(&(parsed.keys.len() as u32).to_le_bytes());
    for otp in &parsed.keys {
        let written = match otp {
            uri::Otp::Totp(totp) => totp.to_uri(),
            uri::Otp::Hotp(hotp) => hotp.to_uri(),
        };
        out.extend_from_slice(&(written.len() as u32).to_le_bytes());
        out.extend_from_slice(written.as_bytes());
    }
    out.extend_from_slice(&(parsed.skipped.len() as u32).to_le_bytes());
    for (index, error) in &parsed.skipped {
        out.extend_from_slice(&(*index as u32).to_le_bytes());
        out.push(status(*error));
    }
    out
}

/// The transfer URIs for keys given as Key URIs, one a line (`toUri`): a status byte, then the
/// URIs one a line; for `not_representable`, the position of the key (4 bytes).
#[wasm_bindgen]
pub fn to_migration(uris: &[u8], batch_size: u32, batch_id: i32) -> Vec<u8> {
    let keys: Result<Vec<uri::Otp>, Error> =
        text(uris).and_then(|uris| uris.lines().map(uri::parse).collect());
    let written = match keys {
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
