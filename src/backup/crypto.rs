//! The backups' encryption, from RustCrypto: AES-256-GCM (NIST SP 800-38D) under keys from
//! scrypt (RFC 7914), PBKDF2 (RFC 8018 §5.2) or SHA-256. Every key and plaintext is wiped
//! when dropped.

use alloc::vec::Vec;

use aes_gcm::Aes256Gcm;
use aes_gcm::aead::{Aead, KeyInit, Nonce};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// A 256-bit key, wiped when dropped.
pub(super) type Key = Zeroizing<[u8; 32]>;

/// The most memory scrypt may take (128 · r · N bytes): twice Aegis's own choice (N = 2^15,
/// r = 8, 32 MiB). A file asking for more is not one the apps write.
const MAX_SCRYPT_BYTES: u64 = 64 << 20;
/// The most PBKDF2 iterations: andOTP writes 140,000 to 160,000, 2FAS 10,000.
pub(super) const MAX_PBKDF2_ITERATIONS: u32 = 1_000_000;

/// AES-256-GCM decryption of `sealed` (ciphertext, then the 16-byte tag). A tag that does not
/// match is `WrongPassphrase`: with a wrong key it never does.
pub(super) fn open(key: &[u8], nonce: &[u8], sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let cipher = Aes256Gcm::new_from_slice(key).map_err(|_| Error::UnknownFormat)?;
    let nonce = Nonce::<Aes256Gcm>::try_from(nonce).map_err(|_| Error::UnknownFormat)?;
    cipher
        .decrypt(&nonce, sealed)
        .map(Zeroizing::new)
        .map_err(|_| Error::WrongPassphrase)
}

/// AES-256-GCM encryption: the ciphertext, then the 16-byte tag.
pub(super) fn seal(key: &[u8; 32], nonce: &[u8; 12], plaintext: &[u8]) -> Result<Vec<u8>> {
    let cipher = Aes256Gcm::new_from_slice(key).map_err(|_| Error::InvalidArgument)?;
    cipher
        .encrypt(&Nonce::<Aes256Gcm>::from(*nonce), plaintext)
        .map_err(|_| Error::InvalidArgument)
}

/// scrypt(passphrase, salt, N, r, p) to 32 bytes; parameters past [`MAX_SCRYPT_BYTES`] or not
/// scrypt's (N a power of two) are `UnknownFormat`.
pub(super) fn scrypt(passphrase: &str, salt: &[u8], n: u64, r: u32, p: u32) -> Result<Key> {
    let memory = 128 * u64::from(r) * n;
    if !n.is_power_of_two() || memory > MAX_SCRYPT_BYTES || p == 0 || p > 16 {
        return Err(Error::UnknownFormat);
    }
    let params =
        scrypt::Params::new(n.trailing_zeros() as u8, r, p).map_err(|_| Error::UnknownFormat)?;
    let mut key = Zeroizing::new([0u8; 32]);
    scrypt::scrypt(passphrase.as_bytes(), salt, &params, &mut key[..])
        .map_err(|_| Error::UnknownFormat)?;
    Ok(key)
}

/// PBKDF2-HMAC-SHA-256 to 32 bytes.
pub(super) fn pbkdf2_sha256(passphrase: &str, salt: &[u8], iterations: u32) -> Key {
    let mut key = Zeroizing::new([0u8; 32]);
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(passphrase.as_bytes(), salt, iterations, &mut key[..]);
    key
}

/// PBKDF2-HMAC-SHA-1 to 32 bytes.
pub(super) fn pbkdf2_sha1(passphrase: &str, salt: &[u8], iterations: u32) -> Key {
    let mut key = Zeroizing::new([0u8; 32]);
    pbkdf2::pbkdf2_hmac::<sha1::Sha1>(passphrase.as_bytes(), salt, iterations, &mut key[..]);
    key
}

/// SHA-256 of the passphrase: old andOTP backups' whole key derivation.
pub(super) fn sha256(passphrase: &str) -> Key {
    use sha2::Digest;
    Zeroizing::new(sha2::Sha256::digest(passphrase.as_bytes()).into())
}

/// Lower- or upper-case hex to bytes; `UnknownFormat` otherwise.
pub(super) fn hex(text: &str) -> Result<Vec<u8>> {
    let digit = |byte: u8| char::from(byte).to_digit(16).ok_or(Error::UnknownFormat);
    if !text.len().is_multiple_of(2) {
        return Err(Error::UnknownFormat);
    }
    text.as_bytes()
        .chunks(2)
        .map(|pair| Ok((digit(pair[0])? << 4 | digit(pair[1])?) as u8))
        .collect()
}

/// Bytes to lower-case hex.
pub(super) fn to_hex(bytes: &[u8]) -> alloc::string::String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes
        .iter()
        .flat_map(|byte| {
            [
                DIGITS[usize::from(byte >> 4)],
                DIGITS[usize::from(byte & 15)],
            ]
        })
        .map(char::from)
        .collect()
}

/// `N` bytes from the platform's CSPRNG.
pub(super) fn random<const N: usize>() -> Result<Zeroizing<[u8; N]>> {
    let mut bytes = Zeroizing::new([0u8; N]);
    getrandom::fill(&mut bytes[..]).map_err(|_| Error::InvalidArgument)?;
    Ok(bytes)
}
