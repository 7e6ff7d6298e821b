//! Base32 (RFC 4648 §6), the encoding of OTP secrets in Key URIs and authenticator apps.
//!
//! Decoding is deliberately forgiving of how people and services write secrets (lower case,
//! groups separated by spaces or hyphens, `=` padding) and strict about everything else: a
//! character outside the alphabet is an error, never silently mapped (`0` is not `O`).

use alloc::string::String;
use alloc::vec::Vec;

use super::BytePacker;
use crate::error::{Error, Result};

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Encodes `bytes` as upper-case base32, with `=` padding to a multiple of 8 when `padding`.
pub fn encode(bytes: &[u8], padding: bool) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    for chunk in bytes.chunks(5) {
        // The chunk's bytes at the top of 40 bits, zero-filled.
        let bits =
            chunk.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)) << (8 * (5 - chunk.len()));
        // Each 5-byte block is 8 symbols; a partial block of n bytes needs ceil(8n/5) of them.
        let symbols = (chunk.len() * 8).div_ceil(5);
        for i in 0..8 {
            if i < symbols {
                let index = (bits >> (35 - 5 * i)) & 0x1f;
                out.push(char::from(ALPHABET[index as usize]));
            } else if padding {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes base32 text (RFC 4648 §6), case-insensitively, skipping spaces and hyphens and
/// accepting trailing `=` padding. Bits left over after the last whole byte are dropped, as
/// every authenticator app does for secrets whose length is not a multiple of 8 symbols.
pub fn decode(text: &str) -> Result<Vec<u8>> {
    let mut out = BytePacker::with_capacity(text.len() * 5 / 8);
    let mut padding_seen = false;
    for byte in text.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a',
            b'2'..=b'7' => byte - b'2' + 26,
            b' ' | b'-' => continue,
            b'=' => {
                padding_seen = true;
                continue;
            }
            _ => return Err(Error::InvalidBase32),
        };
        if padding_seen {
            // Padding is only allowed at the end.
            return Err(Error::InvalidBase32);
        }
        out.push(value, 5);
    }
    Ok(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4648 §10 test vectors.
    const RFC4648: &[(&str, &str)] = &[
        ("", ""),
        ("f", "MY======"),
        ("fo", "MZXQ===="),
        ("foo", "MZXW6==="),
        ("foob", "MZXW6YQ="),
        ("fooba", "MZXW6YTB"),
        ("foobar", "MZXW6YTBOI======"),
    ];

    #[test]
    fn rfc4648_section_10_vectors() {
        for &(plain, encoded) in RFC4648 {
            assert_eq!(encode(plain.as_bytes(), true), encoded);
            assert_eq!(
                encode(plain.as_bytes(), false),
                encoded.trim_end_matches('=')
            );
            assert_eq!(decode(encoded).unwrap(), plain.as_bytes());
            assert_eq!(
                decode(encoded.trim_end_matches('=')).unwrap(),
                plain.as_bytes()
            );
        }
    }

    #[test]
    fn decodes_the_way_people_write_secrets() {
        let expected = b"12345678901234567890";
        for text in [
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            "gezdgnbvgy3tqojqgezdgnbvgy3tqojq",
            "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ",
            "gezd-gnbv-gy3t-qojq-gezd-gnbv-gy3t-qojq",
        ] {
            assert_eq!(decode(text).unwrap(), expected, "{text}");
        }
    }

    #[test]
    fn rejects_characters_outside_the_alphabet() {
        for text in [
            "MZXW0",
            "MZXW1",
            "MZXW8",
            "MZ_W6",
            "MZ=XW6",
            "MZXW6\u{e9}",
            "MZ.W6",
        ] {
            assert_eq!(decode(text), Err(Error::InvalidBase32), "{text}");
        }
    }
}
