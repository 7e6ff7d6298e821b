//! Google Authenticator's "Transfer accounts" QR codes: `otpauth-migration://offline?data=...`,
//! the base64 of a protobuf `MigrationPayload`. One message with one nested message, written and
//! read by hand (protobuf's wire format: varints and length-delimited fields).
//!
//! ```text
//! MigrationPayload { repeated OtpParameters otp_parameters = 1; int32 version = 2;
//!                    int32 batch_size = 3; int32 batch_index = 4; int32 batch_id = 5; }
//! OtpParameters { bytes secret = 1; string name = 2; string issuer = 3;
//!                 Algorithm algorithm = 4;  // 0 unspecified, 1 SHA1, 2 SHA256, 3 SHA512, 4 MD5
//!                 DigitCount digits = 5;    // 0 unspecified, 1 six, 2 eight
//!                 OtpType type = 6;         // 0 unspecified, 1 HOTP, 2 TOTP
//!                 int64 counter = 7; }
//! ```
//!
//! Unspecified means SHA-1, 6 digits, TOTP; the format has no period, so a TOTP key is 30 s.

use alloc::string::String;
use alloc::vec::Vec;

use crate::encoding::base64url;
use crate::error::{Error, Result};
use crate::otp::{Algorithm, Hotp, OtpKey, Secret, Totp};
use crate::uri::{self, Otp};

const SCHEME: &str = "otpauth-migration://offline?";

/// What one transfer QR code holds.
#[derive(Debug)]
pub struct Migration {
    pub keys: Vec<Otp>,
    /// Entries that make no key here (MD5, unknown enums, an empty secret), by position.
    pub skipped: Vec<(usize, Error)>,
    /// How many QR codes the transfer has, which one this is, and the id they share.
    pub batch_size: i32,
    pub batch_index: i32,
    pub batch_id: i32,
}

/// Reads a transfer URI. `InvalidUri` when it is not one, or its data is not a payload.
pub fn parse(text: &str) -> Result<Migration> {
    let text = text.trim();
    let query = text
        .get(..SCHEME.len())
        .filter(|scheme| scheme.eq_ignore_ascii_case(SCHEME))
        .and_then(|_| text.get(SCHEME.len()..))
        .ok_or(Error::InvalidUri)?;
    // The `data` parameter (its only one). Found without `str::split`, whose code is then
    // shared with the Key URI reader and no longer inlined there (+0.5 KB in the .wasm).
    let data = query
        .strip_prefix("data=")
        .or_else(|| query.find("&data=").and_then(|at| query.get(at + 6..)))
        .ok_or(Error::InvalidUri)?;
    let data = data.split_once('&').map_or(data, |(data, _)| data);
    // `+` is base64's own here, not a space.
    let payload =
        base64url::decode(&uri::percent_decode(data, false)?).map_err(|_| Error::InvalidUri)?;
    let mut migration = Migration {
        keys: Vec::new(),
        skipped: Vec::new(),
        batch_size: 1,
        batch_index: 0,
        batch_id: 0,
    };
    let mut fields = Fields(&payload);
    let mut index = 0;
    while let Some((number, value)) = fields.next()? {
        match (number, value) {
            (1, Value::Bytes(entry)) => {
                match key(entry) {
                    Ok(otp) => migration.keys.push(otp),
                    Err(error) => migration.skipped.push((index, error)),
                }
                index += 1;
            }
            // int32 fields arrive as 64-bit varints (negative ones sign-extended): truncate.
            (3, Value::Varint(n)) => migration.batch_size = n as i32,
            (4, Value::Varint(n)) => migration.batch_index = n as i32,
            (5, Value::Varint(n)) => migration.batch_id = n as i32,
            _ => {} // version, and fields a later version may add
        }
    }
    Ok(migration)
}

/// One `OtpParameters` as a key.
fn key(entry: &[u8]) -> Result<Otp> {
    let (mut secret, mut name, mut issuer): (&[u8], &[u8], &[u8]) = (&[], &[], &[]);
    let (mut algorithm, mut digits, mut kind, mut counter) = (0, 0, 0, 0);
    let mut fields = Fields(entry);
    while let Some((number, value)) = fields.next().map_err(|_| Error::InvalidUri)? {
        match (number, value) {
            (1, Value::Bytes(bytes)) => secret = bytes,
            (2, Value::Bytes(bytes)) => name = bytes,
            (3, Value::Bytes(bytes)) => issuer = bytes,
            (4, Value::Varint(n)) => algorithm = n,
            (5, Value::Varint(n)) => digits = n,
            (6, Value::Varint(n)) => kind = n,
            // int64: a counter of 2^63 or more arrives as a negative number; its bits are ours.
            (7, Value::Varint(n)) => counter = n,
            _ => {}
        }
    }
    let algorithm = match algorithm {
        0 | 1 => Algorithm::Sha1,
        2 => Algorithm::Sha256,
        3 => Algorithm::Sha512,
        _ => return Err(Error::InvalidAlgorithm), // MD5, which no RFC allows
    };
    let digits = match digits {
        0 | 1 => 6,
        2 => 8,
        _ => return Err(Error::InvalidDigits),
    };
    let text = |bytes| core::str::from_utf8(bytes).map_err(|_| Error::InvalidUri);
    let (name, issuer) = (text(name)?, text(issuer)?);
    // The name is often "Issuer:account", as in a Key URI's label; the issuer field wins.
    let (prefix, account) = name.split_once(':').unwrap_or(("", name));
    let issuer = if issuer.is_empty() { prefix } else { issuer };
    let account = if issuer.is_empty() || prefix == issuer {
        account
    } else {
        name
    };
    let key = OtpKey::new(Secret::from_bytes(secret)?, algorithm, digits)?
        .with_account(issuer, account.trim_start_matches(' '))
        .map_err(|_| Error::InvalidUri)?;
    match kind {
        0 | 2 => Ok(Otp::Totp(Totp::new(key, crate::otp::DEFAULT_PERIOD)?)),
        1 => Ok(Otp::Hotp(Hotp::new(key, counter))),
        _ => Err(Error::InvalidUri),
    }
}

/// The transfer URIs for `keys`, `batch_size` keys to a QR code (at least 1), sharing
/// `batch_id`. `Err((index, NotRepresentable))` names the first key the format cannot carry.
pub fn write(
    keys: &[Otp],
    batch_size: usize,
    batch_id: i32,
) -> core::result::Result<Vec<String>, (usize, Error)> {
    let mut entries = Vec::with_capacity(keys.len());
    for (index, otp) in keys.iter().enumerate() {
        entries.push(entry(otp).ok_or((index, Error::NotRepresentable))?);
    }
    let chunks: Vec<&[Vec<u8>]> = entries.chunks(batch_size.max(1)).collect();
    Ok(chunks
        .iter()
        .enumerate()
        .map(|(index, chunk)| {
            let mut payload = Vec::new();
            for entry in *chunk {
                bytes_field(&mut payload, 1, entry);
            }
            varint_field(&mut payload, 2, 1); // version
            varint_field(&mut payload, 3, chunks.len() as u64);
            varint_field(&mut payload, 4, index as u64);
            // int32: a negative id is written sign-extended, as protobuf does.
            varint_field(&mut payload, 5, i64::from(batch_id) as u64);
            let mut uri = String::from("otpauth-migration://offline?data=");
            uri::percent_encode(&base64url::encode_standard(&payload), &mut uri);
            uri
        })
        .collect())
}

/// One key as `OtpParameters`, when the format can carry it.
fn entry(otp: &Otp) -> Option<Vec<u8>> {
    let key = otp.key();
    let digits = match key.digits() {
        6 => 1,
        8 => 2,
        _ => return None,
    };
    let (kind, counter) = match otp {
        Otp::Totp(totp) if totp.period() == crate::otp::DEFAULT_PERIOD => (2, 0),
        Otp::Totp(_) => return None,
        Otp::Hotp(hotp) => (1, hotp.counter()),
    };
    let algorithm = match key.algorithm() {
        Algorithm::Sha1 => 1,
        Algorithm::Sha256 => 2,
        Algorithm::Sha512 => 3,
    };
    let mut out = Vec::new();
    bytes_field(&mut out, 1, key.secret().as_bytes());
    bytes_field(&mut out, 2, key.label().as_bytes());
    bytes_field(&mut out, 3, key.issuer().as_bytes());
    varint_field(&mut out, 4, algorithm);
    varint_field(&mut out, 5, digits);
    varint_field(&mut out, 6, kind);
    if counter != 0 {
        varint_field(&mut out, 7, counter);
    }
    Some(out)
}

fn varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn varint_field(out: &mut Vec<u8>, number: u64, value: u64) {
    varint(out, number << 3);
    varint(out, value);
}

fn bytes_field(out: &mut Vec<u8>, number: u64, bytes: &[u8]) {
    varint(out, number << 3 | 2);
    varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// A field's value in the wire format: a varint, or length-delimited bytes.
enum Value<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
    Other,
}

/// The fields of one message, in order. Anything truncated or malformed is `InvalidUri`.
struct Fields<'a>(&'a [u8]);

impl<'a> Fields<'a> {
    fn varint(&mut self) -> Result<u64> {
        let mut value = 0u64;
        for shift in (0..70).step_by(7) {
            let (&byte, rest) = self.0.split_first().ok_or(Error::InvalidUri)?;
            self.0 = rest;
            if shift == 63 && byte > 1 {
                return Err(Error::InvalidUri); // past 64 bits
            }
            value |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Ok(value);
            }
        }
        Err(Error::InvalidUri)
    }

    fn take(&mut self, length: u64) -> Result<&'a [u8]> {
        let length = usize::try_from(length).map_err(|_| Error::InvalidUri)?;
        let (taken, rest) = self.0.split_at_checked(length).ok_or(Error::InvalidUri)?;
        self.0 = rest;
        Ok(taken)
    }

    fn next(&mut self) -> Result<Option<(u64, Value<'a>)>> {
        if self.0.is_empty() {
            return Ok(None);
        }
        let tag = self.varint()?;
        let value = match tag & 7 {
            0 => Value::Varint(self.varint()?),
            1 => self.take(8).map(|_| Value::Other)?,
            2 => {
                let length = self.varint()?;
                Value::Bytes(self.take(length)?)
            }
            5 => self.take(4).map(|_| Value::Other)?,
            _ => return Err(Error::InvalidUri), // groups: not in this message
        };
        Ok(Some((tag >> 3, value)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Written by protobuf's own Python library (a payload of one TOTP key, secret "hello",
    /// name "Ex:al", issuer "Ex", SHA-1, six digits; batch id -5).
    const PYTHON: &str =
        "0a180a0568656c6c6f120545783a616c1a0245782001280130021001180128fbffffffffffffffff01";

    fn hex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn reads_what_protobuf_writes_and_writes_what_it_reads() {
        let data = base64url::encode(&hex(PYTHON));
        let migration = parse(&alloc::format!("otpauth-migration://offline?data={data}")).unwrap();
        assert_eq!(
            (
                migration.batch_size,
                migration.batch_index,
                migration.batch_id
            ),
            (1, 0, -5)
        );
        let key = migration.keys[0].key();
        assert_eq!(
            (key.issuer(), key.label(), key.secret().as_bytes()),
            ("Ex", "al", &b"hello"[..])
        );
        let uris = write(&migration.keys, 10, -5).unwrap();
        let again = parse(&uris[0]).unwrap();
        assert_eq!(again.keys[0].key().label(), "al");
        assert_eq!(again.batch_id, -5);
    }

    #[test]
    fn truncated_or_malformed_data_is_invalid_uri() {
        let full = hex(PYTHON);
        for end in 1..full.len() {
            let data = base64url::encode(&full[..end]);
            let parsed = parse(&alloc::format!("otpauth-migration://offline?data={data}"));
            // A cut inside an entry skips or refuses it; never a panic, never a key from nothing.
            if let Ok(migration) = parsed {
                assert!(migration.keys.is_empty() || end >= 26, "{end}");
            }
        }
        for bad in [
            "otpauth://totp/x?secret=A",
            "otpauth-migration://offline?",
            "otpauth-migration://offline?data=*",
        ] {
            assert_eq!(parse(bad).err(), Some(Error::InvalidUri), "{bad}");
        }
    }
}
