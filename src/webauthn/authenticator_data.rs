//! Authenticator data (WebAuthn Level 3 §6.1): what the authenticator signs.
//!
//! ```text
//! rpIdHash (32) | flags (1) | signCount (4, big-endian)
//! [ attested credential data, when AT: aaguid (16) | credentialIdLength (2) | credentialId | COSE key ]
//! [ extensions, when ED: a CBOR map ]
//! ```

use alloc::vec::Vec;

use super::cbor::{self, Value};
use super::cose::CoseKey;
use crate::error::{Error, Result};

/// The flags byte (WebAuthn §6.1, "flags").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flags {
    /// UP, bit 0: the user was present.
    pub user_present: bool,
    /// UV, bit 2: the user was verified (biometrics, PIN).
    pub user_verified: bool,
    /// BE, bit 3: the credential may be backed up (a synced passkey).
    pub backup_eligible: bool,
    /// BS, bit 4: the credential is backed up.
    pub backed_up: bool,
    /// AT, bit 6: attested credential data follows.
    pub attested_credential_data: bool,
    /// ED, bit 7: extension data follows.
    pub extension_data: bool,
}

impl Flags {
    fn from_byte(byte: u8) -> Self {
        let bit = |n: u8| byte & (1 << n) != 0;
        Flags {
            user_present: bit(0),
            user_verified: bit(2),
            backup_eligible: bit(3),
            backed_up: bit(4),
            attested_credential_data: bit(6),
            extension_data: bit(7),
        }
    }
}

/// Attested credential data (WebAuthn §6.5.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttestedCredential {
    pub aaguid: [u8; 16],
    pub credential_id: Vec<u8>,
    pub public_key: CoseKey,
}

/// Parsed authenticator data.
#[derive(Clone, Debug, PartialEq)]
pub struct AuthenticatorData {
    pub rp_id_hash: [u8; 32],
    pub flags: Flags,
    pub sign_count: u32,
    pub attested_credential: Option<AttestedCredential>,
    /// The extension outputs map, when ED is set.
    pub extensions: Option<Value>,
}

/// What Firefox 117 wrote for an Ed25519 key: a map header of 3 (`a3`) for 4 entries, then
/// `1: "OKP", 3: -8, -1: "Ed25519"`; the fourth entry, `-2:` x, follows. Servers accept these
/// credentials by reading the header as `a4` (WebAuthn has no other use for this byte string).
const FIREFOX_117_EDDSA_KEY: &[u8] = b"\xa3\x01\x63OKP\x03\x27\x20\x67Ed25519";

fn read_key(bytes: &[u8]) -> Result<(Value, usize)> {
    if bytes.starts_with(FIREFOX_117_EDDSA_KEY) {
        let mut repaired = bytes.to_vec();
        repaired[0] = 0xa4;
        return cbor::decode_prefix(&repaired);
    }
    cbor::decode_prefix(bytes)
}

impl AuthenticatorData {
    /// Parses authenticator data. Anything truncated, malformed, or left over after the
    /// parts the flags announce is `InvalidAuthenticatorData`.
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        let invalid = |_| Error::InvalidAuthenticatorData;
        let mut rest = Cursor(bytes);
        let rp_id_hash = rest.array::<32>()?;
        let [flags] = rest.array::<1>()?;
        let flags = Flags::from_byte(flags);
        let sign_count = u32::from_be_bytes(rest.array::<4>()?);

        let attested_credential = if flags.attested_credential_data {
            let aaguid = rest.array::<16>()?;
            let id_length = u16::from_be_bytes(rest.array::<2>()?);
            let credential_id = rest.take(usize::from(id_length))?.to_vec();
            let (key, used) = read_key(rest.0).map_err(invalid)?;
            rest.take(used)?;
            let public_key = CoseKey::from_cbor(&key)?;
            Some(AttestedCredential {
                aaguid,
                credential_id,
                public_key,
            })
        } else {
            None
        };
        let extensions = if flags.extension_data {
            let (extensions, used) = cbor::decode_prefix(rest.0).map_err(invalid)?;
            if !matches!(extensions, Value::Map(_)) {
                return Err(Error::InvalidAuthenticatorData);
            }
            rest.take(used)?;
            Some(extensions)
        } else {
            None
        };
        if !rest.0.is_empty() {
            return Err(Error::InvalidAuthenticatorData);
        }
        Ok(AuthenticatorData {
            rp_id_hash,
            flags,
            sign_count,
            attested_credential,
            extensions,
        })
    }
}

/// The unread part of the input.
struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if n > self.0.len() {
            return Err(Error::InvalidAuthenticatorData);
        }
        let (taken, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(taken)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        self.take(N)?
            .try_into()
            .map_err(|_| Error::InvalidAuthenticatorData)
    }
}

/// `aaguid` as 8-4-4-4-12 lowercase hex, the form metadata services use.
pub fn format_aaguid(aaguid: &[u8; 16]) -> alloc::string::String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut text = alloc::string::String::with_capacity(36);
    for (i, byte) in aaguid.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            text.push('-');
        }
        text.push(char::from(HEX[usize::from(byte >> 4)]));
        text.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    text
}
