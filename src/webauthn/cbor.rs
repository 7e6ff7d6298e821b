//! A CBOR decoder (RFC 8949) for what WebAuthn carries: attestation objects, COSE keys and
//! authenticator extensions.
//!
//! Hand-written rather than a crate: WebAuthn needs only definite-length items of six major
//! types, and a focused decoder is a few hundred bytes of `.wasm` where general CBOR crates
//! bring serde. Hostile input is bounded: nesting is limited to [`MAX_DEPTH`], a document to
//! [`MAX_ITEMS`] items, and no length is trusted beyond what the bytes left can hold (each
//! array element takes at least one byte, each map entry two), so memory grows with the items
//! actually decoded, never with what a header claims.

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{Error, Result};

/// The deepest nesting accepted; WebAuthn structures are at most four levels deep.
pub const MAX_DEPTH: usize = 16;
/// The most items one document may hold. An attestation object with a certificate chain, a
/// COSE key and extensions has a few dozen; this bounds the decoded tree at a few hundred KiB
/// whatever the input's size.
pub const MAX_ITEMS: usize = 4096;
/// Elements reserved up front at most; past it a container grows as its items decode.
const MAX_RESERVE: usize = 64;

/// A decoded CBOR data item.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Major types 0 and 1: -2^64 ..= 2^64-1.
    Integer(i128),
    Bytes(Vec<u8>),
    Text(String),
    Array(Vec<Value>),
    /// Entries in encoded order.
    Map(Vec<(Value, Value)>),
    Bool(bool),
    Null,
    Undefined,
    /// Other simple values (RFC 8949 §3.3).
    Simple(u8),
}

impl Value {
    /// The value at integer key `key` of a map.
    pub fn get_int(&self, key: i128) -> Option<&Value> {
        self.entries()?
            .iter()
            .find(|(k, _)| *k == Value::Integer(key))
            .map(|(_, v)| v)
    }

    /// The value at text key `key` of a map.
    pub fn get_text(&self, key: &str) -> Option<&Value> {
        self.entries()?
            .iter()
            .find(|(k, _)| matches!(k, Value::Text(t) if t == key))
            .map(|(_, v)| v)
    }

    /// Removes and returns the value at text key `key` of a map.
    pub fn take_text(&mut self, key: &str) -> Option<Value> {
        let Value::Map(entries) = self else {
            return None;
        };
        let index = entries
            .iter()
            .position(|(k, _)| matches!(k, Value::Text(t) if t == key))?;
        Some(entries.swap_remove(index).1)
    }

    fn entries(&self) -> Option<&[(Value, Value)]> {
        match self {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }
}

/// Decodes exactly one item filling all of `input`.
pub fn decode(input: &[u8]) -> Result<Value> {
    let (value, used) = decode_prefix(input)?;
    if used != input.len() {
        return Err(Error::InvalidCbor);
    }
    Ok(value)
}

/// Decodes the item at the start of `input`; returns it and how many bytes it took.
pub fn decode_prefix(input: &[u8]) -> Result<(Value, usize)> {
    let mut reader = Reader {
        input,
        at: 0,
        items: 0,
    };
    let value = reader.item(0)?;
    Ok((value, reader.at))
}

struct Reader<'a> {
    input: &'a [u8],
    at: usize,
    /// Items decoded so far, against [`MAX_ITEMS`].
    items: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8]> {
        let end = self.at.checked_add(n).ok_or(Error::InvalidCbor)?;
        let bytes = self.input.get(self.at..end).ok_or(Error::InvalidCbor)?;
        self.at = end;
        Ok(bytes)
    }

    fn byte(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }

    /// The argument of a head (RFC 8949 §3): the additional information itself, or the 1, 2,
    /// 4 or 8 bytes after it. Indefinite lengths (31) are not used by WebAuthn: refused.
    fn argument(&mut self, info: u8) -> Result<u64> {
        let size = match info {
            0..=23 => return Ok(u64::from(info)),
            24 => 1,
            25 => 2,
            26 => 4,
            27 => 8,
            _ => return Err(Error::InvalidCbor),
        };
        Ok(self
            .take(size)?
            .iter()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
    }

    /// A length of `length` units of at least `unit_bytes` each (a byte, an array element, a
    /// map entry), checked against the bytes left: a larger claim is a lie.
    fn length(&mut self, info: u8, unit_bytes: u64) -> Result<usize> {
        let length = self.argument(info)?;
        let left = (self.input.len() - self.at) as u64;
        if length > left / unit_bytes {
            return Err(Error::InvalidCbor);
        }
        Ok(length as usize)
    }

    fn item(&mut self, depth: usize) -> Result<Value> {
        self.items += 1;
        if depth > MAX_DEPTH || self.items > MAX_ITEMS {
            return Err(Error::InvalidCbor);
        }
        let head = self.byte()?;
        let (major, info) = (head >> 5, head & 0x1f);
        Ok(match major {
            0 => Value::Integer(i128::from(self.argument(info)?)),
            1 => Value::Integer(-1 - i128::from(self.argument(info)?)),
            2 => {
                let length = self.length(info, 1)?;
                Value::Bytes(self.take(length)?.to_vec())
            }
            3 => {
                let length = self.length(info, 1)?;
                let text =
                    core::str::from_utf8(self.take(length)?).map_err(|_| Error::InvalidCbor)?;
                Value::Text(text.into())
            }
            4 => {
                let count = self.length(info, 1)?;
                let mut items = Vec::with_capacity(count.min(MAX_RESERVE));
                for _ in 0..count {
                    items.push(self.item(depth + 1)?);
                }
                Value::Array(items)
            }
            5 => {
                let count = self.length(info, 2)?;
                let mut entries = Vec::with_capacity(count.min(MAX_RESERVE));
                for _ in 0..count {
                    let key = self.item(depth + 1)?;
                    let value = self.item(depth + 1)?;
                    entries.push((key, value));
                }
                Value::Map(entries)
            }
            7 => match info {
                20 => Value::Bool(false),
                21 => Value::Bool(true),
                22 => Value::Null,
                23 => Value::Undefined,
                0..=19 => Value::Simple(info),
                24 => match self.byte()? {
                    // RFC 8949 §3.3: two-byte forms of 0..=31 are not well-formed.
                    simple @ 32..=255 => Value::Simple(simple),
                    _ => return Err(Error::InvalidCbor),
                },
                // Floats (25..=27) do not occur in WebAuthn; breaks (31) only in indefinite items.
                _ => return Err(Error::InvalidCbor),
            },
            // Tags (6) do not occur in WebAuthn.
            _ => return Err(Error::InvalidCbor),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn hex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    /// RFC 8949 Appendix A examples within what WebAuthn uses.
    #[test]
    fn rfc8949_appendix_a() {
        let table: Vec<(&str, Value)> = vec![
            ("00", Value::Integer(0)),
            ("17", Value::Integer(23)),
            ("1818", Value::Integer(24)),
            ("1903e8", Value::Integer(1000)),
            ("1b000000e8d4a51000", Value::Integer(1_000_000_000_000)),
            (
                "1bffffffffffffffff",
                Value::Integer(18_446_744_073_709_551_615),
            ),
            (
                "3bffffffffffffffff",
                Value::Integer(-18_446_744_073_709_551_616),
            ),
            ("20", Value::Integer(-1)),
            ("3903e7", Value::Integer(-1000)),
            ("f4", Value::Bool(false)),
            ("f5", Value::Bool(true)),
            ("f6", Value::Null),
            ("f7", Value::Undefined),
            ("f0", Value::Simple(16)),
            ("f8ff", Value::Simple(255)),
            ("40", Value::Bytes(vec![])),
            ("4401020304", Value::Bytes(vec![1, 2, 3, 4])),
            ("6161", Value::Text("a".into())),
            ("62c3bc", Value::Text("\u{fc}".into())),
            ("80", Value::Array(vec![])),
            (
                "83010203",
                Value::Array(vec![
                    Value::Integer(1),
                    Value::Integer(2),
                    Value::Integer(3),
                ]),
            ),
            (
                "a201020304",
                Value::Map(vec![
                    (Value::Integer(1), Value::Integer(2)),
                    (Value::Integer(3), Value::Integer(4)),
                ]),
            ),
            (
                "a26161016162820203",
                Value::Map(vec![
                    (Value::Text("a".into()), Value::Integer(1)),
                    (
                        Value::Text("b".into()),
                        Value::Array(vec![Value::Integer(2), Value::Integer(3)]),
                    ),
                ]),
            ),
        ];
        for (encoded, expected) in table {
            assert_eq!(decode(&hex(encoded)), Ok(expected), "{encoded}");
        }
    }

    #[test]
    fn refuses_what_webauthn_never_sends_and_what_is_malformed() {
        for encoded in [
            "",                     // nothing
            "18",                   // argument missing
            "1c",                   // reserved additional information
            "5f41014102ff",         // indefinite-length bytes
            "9f01ff",               // indefinite-length array
            "c11a514b67b0",         // a tag
            "f93c00",               // a half float
            "f818",                 // a two-byte simple value below 32
            "62c3",                 // text shorter than its length
            "62c328",               // invalid UTF-8
            "5bffffffffffffffff",   // a length no input has
            "9bffffffffffffffff00", // an array count no input has
            "a1",                   // a map with its entry missing
            "0000",                 // bytes left over
        ] {
            assert_eq!(decode(&hex(encoded)), Err(Error::InvalidCbor), "{encoded}");
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let mut deep = vec![0x81u8; MAX_DEPTH];
        deep.push(0x00);
        assert!(decode(&deep).is_ok());
        let mut too_deep = vec![0x81u8; MAX_DEPTH + 1];
        too_deep.push(0x00);
        assert_eq!(decode(&too_deep), Err(Error::InvalidCbor));
        // A million nested arrays: an error, not a stack overflow.
        assert_eq!(decode(&vec![0x81u8; 1_000_000]), Err(Error::InvalidCbor));
    }

    #[test]
    fn items_are_bounded_and_no_header_reserves_more_than_the_input_holds() {
        // MAX_ITEMS items (an array and its elements) decode; one more does not.
        let array = |n: usize| {
            let mut bytes = vec![0x99, (n >> 8) as u8, n as u8];
            bytes.resize(3 + n, 0x00);
            bytes
        };
        assert!(decode(&array(MAX_ITEMS - 1)).is_ok());
        assert_eq!(decode(&array(MAX_ITEMS)), Err(Error::InvalidCbor));
        // Sixteen levels of arrays each claiming 4 Mi elements, in 4 MiB: refused before any
        // of them could reserve what it claims.
        let mut nested = Vec::new();
        for _ in 0..MAX_DEPTH {
            nested.extend_from_slice(&[0x9a, 0x00, 0x40, 0x00, 0x00]);
        }
        nested.resize(4 << 20, 0x00);
        assert_eq!(decode(&nested), Err(Error::InvalidCbor));
        // A map claims two bytes per entry at least.
        assert_eq!(decode(&hex("a2010203")), Err(Error::InvalidCbor));
    }
}
