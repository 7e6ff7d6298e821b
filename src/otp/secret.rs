//! The shared secret of an HOTP/TOTP key, wiped from memory when dropped.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use zeroize::Zeroizing;

use crate::encoding::base32;
use crate::error::{Error, Result};

/// Shortest secret we generate: RFC 4226 §4 R6 requires at least 128 bits.
pub const MIN_GENERATED_BYTES: usize = 16;
/// Longest secret we generate: 512 bits, the block size of SHA-1/SHA-256 HMAC keys.
pub const MAX_GENERATED_BYTES: usize = 64;
/// What we generate by default: the 160 bits RFC 4226 §4 recommends.
pub const DEFAULT_GENERATED_BYTES: usize = 20;

/// A non-empty shared secret. Its bytes are zeroized on drop and never appear in `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    /// Wraps secret bytes. Any non-empty length is accepted: services in the wild still issue
    /// 80-bit secrets, and refusing them would lock people out. Empty is `MissingSecret`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        if bytes.is_empty() {
            return Err(Error::MissingSecret);
        }
        Ok(Secret(Zeroizing::new(bytes.to_vec())))
    }

    /// Decodes a base32 secret as authenticator apps show it (see [`base32::decode`]).
    pub fn from_base32(text: &str) -> Result<Self> {
        let bytes = Zeroizing::new(base32::decode(text)?);
        Secret::from_bytes(&bytes)
    }

    /// `len` bytes from the operating system's CSPRNG (the browser's `crypto.getRandomValues`
    /// in wasm), as RFC 4226 §7.5 and NIST SP 800-63B §5.1.4.1 require.
    pub fn generate(len: usize) -> Result<Self> {
        if len < MIN_GENERATED_BYTES {
            return Err(Error::SecretTooShort);
        }
        if len > MAX_GENERATED_BYTES {
            return Err(Error::SecretTooLong);
        }
        let mut bytes = Zeroizing::new(vec![0u8; len]);
        // The only failure is a platform without a CSPRNG; refuse rather than fall back.
        getrandom::fill(&mut bytes).map_err(|_| Error::InvalidArgument)?;
        Ok(Secret(bytes))
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Upper-case, unpadded base32, the form Key URIs carry; wiped when dropped.
    pub fn to_base32(&self) -> Zeroizing<String> {
        Zeroizing::new(base32::encode(&self.0, false))
    }
}

impl core::fmt::Debug for Secret {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_secrets_have_the_requested_length_and_differ() {
        let a = Secret::generate(DEFAULT_GENERATED_BYTES).unwrap();
        let b = Secret::generate(DEFAULT_GENERATED_BYTES).unwrap();
        assert_eq!(a.as_bytes().len(), 20);
        assert_eq!(a.to_base32().len(), 32);
        assert_ne!(a, b);
        assert_eq!(Secret::generate(15), Err(Error::SecretTooShort));
        assert_eq!(Secret::generate(65), Err(Error::SecretTooLong));
        assert!(Secret::generate(16).is_ok() && Secret::generate(64).is_ok());
    }

    #[test]
    fn empty_is_missing_and_debug_hides_the_bytes() {
        assert_eq!(Secret::from_bytes(&[]), Err(Error::MissingSecret));
        assert_eq!(Secret::from_base32(" = "), Err(Error::MissingSecret));
        let secret = Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
        assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
    }
}
