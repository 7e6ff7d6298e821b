//! Results as tagged bytes, which src/js/entry/tree.js turns into JavaScript values: the
//! code-entry and WebAuthn functions return a status byte (0, or the error's number, see
//! `error::status`) and one value. Building the objects in JavaScript from one byte array
//! takes no call back across the boundary per property, and no JavaScript glue per type.

// Each build writes the kinds of values its exports return: the QR-only one strings only.
#![cfg_attr(not(feature = "js-webauthn"), allow(dead_code))]

use alloc::vec;
use alloc::vec::Vec;

use super::error::status;
use crate::Error;

/// The tags, in the order tree.js reads them.
#[derive(Clone, Copy)]
enum Tag {
    Null,
    Undefined,
    False,
    True,
    /// 8 bytes: an IEEE 754 double, little-endian.
    Number,
    /// A length-prefixed decimal text: integers past 2^53 - 1, exact (CBOR's -2^64 ..= 2^64-1).
    BigInt,
    String,
    Bytes,
    /// A count, then that many values.
    Array,
    /// A count, then that many keys and values; keys are values too (CBOR map keys).
    Object,
}

/// The largest integer a JavaScript number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: u128 = (1 << 53) - 1;

pub struct Tree(Vec<u8>);

impl Tree {
    /// A successful result; write its one value next.
    pub fn new() -> Self {
        Tree(vec![0])
    }

    /// A failed result.
    pub fn error(error: Error) -> Vec<u8> {
        vec![status(error)]
    }

    pub fn finish(self) -> Vec<u8> {
        self.0
    }

    fn tag(&mut self, tag: Tag) -> &mut Self {
        self.0.push(tag as u8);
        self
    }

    fn length(&mut self, length: usize) -> &mut Self {
        // Every length here is of input that fits in wasm32 memory.
        self.0.extend_from_slice(&(length as u32).to_le_bytes());
        self
    }

    pub fn null(&mut self) -> &mut Self {
        self.tag(Tag::Null)
    }

    pub fn undefined(&mut self) -> &mut Self {
        self.tag(Tag::Undefined)
    }

    pub fn bool(&mut self, value: bool) -> &mut Self {
        self.tag(if value { Tag::True } else { Tag::False })
    }

    pub fn number(&mut self, value: f64) -> &mut Self {
        self.tag(Tag::Number);
        self.0.extend_from_slice(&value.to_le_bytes());
        self
    }

    /// A number when exact as one, else a bigint.
    pub fn integer(&mut self, value: i128) -> &mut Self {
        if value.unsigned_abs() <= MAX_SAFE_INTEGER {
            return self.number(value as f64);
        }
        // Decimal digits from the right (not `to_string`: that brings core::fmt in).
        let mut digits = [0u8; 40];
        let mut rest = value.unsigned_abs();
        let mut start = digits.len();
        while rest > 0 {
            start -= 1;
            digits[start] = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
        if value < 0 {
            start -= 1;
            digits[start] = b'-';
        }
        let text = digits.get(start..).unwrap_or_default();
        self.tag(Tag::BigInt).length(text.len());
        self.0.extend_from_slice(text);
        self
    }

    pub fn string(&mut self, text: &str) -> &mut Self {
        self.tag(Tag::String).length(text.len());
        self.0.extend_from_slice(text.as_bytes());
        self
    }

    /// A string, or null.
    pub fn optional_string(&mut self, text: Option<&str>) -> &mut Self {
        match text {
            Some(text) => self.string(text),
            None => self.null(),
        }
    }

    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        self.tag(Tag::Bytes).length(bytes.len());
        self.0.extend_from_slice(bytes);
        self
    }

    /// Starts an array of `length` values.
    pub fn array(&mut self, length: usize) -> &mut Self {
        self.tag(Tag::Array).length(length)
    }

    /// Starts an object of `length` properties: call `key` then write the value, each time.
    pub fn object(&mut self, length: usize) -> &mut Self {
        self.tag(Tag::Object).length(length)
    }

    pub fn key(&mut self, name: &str) -> &mut Self {
        self.string(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_past_2_pow_53_are_exact_decimal_text() {
        let mut tree = Tree::new();
        tree.integer(-(1 << 64)).integer(1 << 53);
        let bytes = tree.finish();
        assert_eq!(bytes[1], Tag::BigInt as u8);
        assert_eq!(&bytes[6..27], b"-18446744073709551616");
        assert_eq!(bytes[27], Tag::BigInt as u8);
        assert_eq!(&bytes[32..], b"9007199254740992");
    }
}
