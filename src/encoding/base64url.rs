//! Base64url (RFC 4648 §5), the encoding WebAuthn uses for every binary field in JSON.

use alloc::string::String;
use alloc::vec::Vec;

use super::BytePacker;
use crate::error::{Error, Result};

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Encodes `bytes` as unpadded base64url (RFC 4648 §5, padding omitted as §3.2 allows).
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        // The chunk's bytes at the top of 24 bits, zero-filled.
        let bits =
            chunk.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b)) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(char::from(
                ALPHABET[((bits >> (18 - 6 * i)) & 0x3f) as usize],
            ));
        }
    }
    out
}

/// Encodes `bytes` as padded standard base64 (RFC 4648 §4), the form some files and URIs
/// carry bytes in (Aegis's database, Google Authenticator's transfer data).
pub fn encode_standard(bytes: &[u8]) -> String {
    let mut text: String = encode(bytes)
        .chars()
        .map(|symbol| match symbol {
            '-' => '+',
            '_' => '/',
            other => other,
        })
        .collect();
    while !text.len().is_multiple_of(4) {
        text.push('=');
    }
    text
}

/// Decodes base64url, padded or not; the standard alphabet's `+` and `/` are accepted too,
/// since servers and libraries mix the two. Anything else is `InvalidBase64Url`.
pub fn decode(text: &str) -> Result<Vec<u8>> {
    let body = text.trim_end_matches('=');
    let padding = text.len() - body.len();
    // A final group of one symbol cannot encode a byte; padding may only fill a 4-symbol group.
    if body.len() % 4 == 1
        || padding > 2
        || (padding > 0 && !(body.len() + padding).is_multiple_of(4))
    {
        return Err(Error::InvalidBase64Url);
    }
    let mut out = BytePacker::with_capacity(body.len() * 3 / 4);
    for byte in body.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return Err(Error::InvalidBase64Url),
        };
        out.push(value, 6);
    }
    Ok(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4648 §10 test vectors (unpadded base64url equals base64 for these inputs).
    const RFC4648: &[(&str, &str)] = &[
        ("", ""),
        ("f", "Zg"),
        ("fo", "Zm8"),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg"),
        ("fooba", "Zm9vYmE"),
        ("foobar", "Zm9vYmFy"),
    ];

    #[test]
    fn rfc4648_section_10_vectors() {
        for &(plain, encoded) in RFC4648 {
            assert_eq!(encode(plain.as_bytes()), encoded);
            assert_eq!(decode(encoded).unwrap(), plain.as_bytes());
            let padded = format!("{encoded}{}", "=".repeat((4 - encoded.len() % 4) % 4));
            assert_eq!(decode(&padded).unwrap(), plain.as_bytes(), "{padded}");
        }
    }

    #[test]
    fn url_and_standard_alphabets_agree() {
        let bytes = [0xfb, 0xff, 0xbf, 0xfe];
        assert_eq!(encode(&bytes), "-_-__g");
        assert_eq!(decode("-_-__g").unwrap(), bytes);
        assert_eq!(decode("+/+//g==").unwrap(), bytes);
    }

    #[test]
    fn rejects_malformed_text() {
        for text in [
            "Zm9v!",
            "Z",
            "Zm9vY",
            "Zg===",
            "Zg=",
            "Z=g",
            "Zm 9v",
            "Zm9v\u{e9}",
        ] {
            assert_eq!(decode(text), Err(Error::InvalidBase64Url), "{text}");
        }
    }
}
