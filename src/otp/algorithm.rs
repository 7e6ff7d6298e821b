//! The HMAC hash functions RFC 6238 §1.2 allows.

use crate::error::{Error, Result};

/// The hash behind the HMAC of an OTP. SHA-1 is the default of RFC 4226 and of every
/// authenticator app; RFC 6238 adds SHA-256 and SHA-512.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Algorithm {
    #[default]
    Sha1,
    Sha256,
    Sha512,
}

impl Algorithm {
    /// Parses `SHA1`, `SHA256`, `SHA512` in any case, with or without the hyphen (`SHA-256`).
    pub fn parse(name: &str) -> Result<Self> {
        let mut compact = [0u8; 6];
        let mut len = 0;
        for byte in name.bytes().filter(|&b| b != b'-') {
            if len == compact.len() {
                return Err(Error::InvalidAlgorithm);
            }
            compact[len] = byte.to_ascii_uppercase();
            len += 1;
        }
        match compact.get(..len).unwrap_or_default() {
            b"SHA1" => Ok(Algorithm::Sha1),
            b"SHA256" => Ok(Algorithm::Sha256),
            b"SHA512" => Ok(Algorithm::Sha512),
            _ => Err(Error::InvalidAlgorithm),
        }
    }

    /// The name written in Key URIs (`algorithm=SHA1`).
    pub const fn name(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
            Algorithm::Sha512 => "SHA512",
        }
    }
}

impl core::str::FromStr for Algorithm {
    type Err = Error;
    fn from_str(name: &str) -> Result<Self> {
        Algorithm::parse(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_spelling_people_use() {
        let table = [
            ("SHA1", Ok(Algorithm::Sha1)),
            ("sha1", Ok(Algorithm::Sha1)),
            ("SHA-1", Ok(Algorithm::Sha1)),
            ("Sha-256", Ok(Algorithm::Sha256)),
            ("SHA256", Ok(Algorithm::Sha256)),
            ("sha-512", Ok(Algorithm::Sha512)),
            ("SHA512", Ok(Algorithm::Sha512)),
            ("MD5", Err(Error::InvalidAlgorithm)),
            ("SHA384", Err(Error::InvalidAlgorithm)),
            ("", Err(Error::InvalidAlgorithm)),
            ("SHA1SHA1", Err(Error::InvalidAlgorithm)),
            ("SHA 1", Err(Error::InvalidAlgorithm)),
        ];
        for (name, expected) in table {
            assert_eq!(Algorithm::parse(name), expected, "{name}");
        }
    }
}
