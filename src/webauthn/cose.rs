//! COSE public keys (RFC 9052 §7, RFC 9053) as authenticators write them in attested
//! credential data (WebAuthn §6.5.1).

use alloc::vec::Vec;

use super::cbor::Value;
use crate::error::{Error, Result};

/// Key types (RFC 9053 §7): OKP (Ed25519), EC2 (P-256), RSA.
pub const KTY_OKP: i64 = 1;
pub const KTY_EC2: i64 = 2;
pub const KTY_RSA: i64 = 3;
/// EdDSA (RFC 9053 §2.2) and the Ed25519 curve (§7.1).
pub const ALG_EDDSA: i64 = -8;
pub const CRV_ED25519: i64 = 6;

/// The parameters of a COSE key that WebAuthn uses. For OKP and EC2 keys: `crv`, `x`, `y`
/// (labels -1, -2, -3); for RSA keys: `n`, `e` (labels -1, -2).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CoseKey {
    pub kty: i64,
    pub alg: i64,
    pub crv: Option<i64>,
    pub x: Option<Vec<u8>>,
    pub y: Option<Vec<u8>>,
    pub n: Option<Vec<u8>>,
    pub e: Option<Vec<u8>>,
}

fn integer(value: &Value) -> Option<i64> {
    match value {
        Value::Integer(n) => i64::try_from(*n).ok(),
        _ => None,
    }
}

fn bytes(value: Option<&Value>) -> Result<Option<Vec<u8>>> {
    match value {
        None => Ok(None),
        Some(Value::Bytes(bytes)) => Ok(Some(bytes.clone())),
        // Firefox 117 wrote Ed25519 `x` as an array of byte-sized integers.
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| integer(item).and_then(|n| u8::try_from(n).ok()))
            .collect::<Option<Vec<u8>>>()
            .map(Some)
            .ok_or(Error::InvalidAuthenticatorData),
        Some(_) => Err(Error::InvalidAuthenticatorData),
    }
}

impl CoseKey {
    /// Reads a COSE key map. `kty` and `alg` are required integers; Firefox 117's text
    /// labels `"OKP"` and `"Ed25519"` are read as the integers they stand for.
    pub fn from_cbor(value: &Value) -> Result<Self> {
        if !matches!(value, Value::Map(_)) {
            return Err(Error::InvalidAuthenticatorData);
        }
        let kty = match value.get_int(1) {
            Some(Value::Text(text)) if text == "OKP" => KTY_OKP,
            Some(value) => integer(value).ok_or(Error::InvalidAuthenticatorData)?,
            None => return Err(Error::InvalidAuthenticatorData),
        };
        let alg = value
            .get_int(3)
            .and_then(integer)
            .ok_or(Error::InvalidAuthenticatorData)?;
        let mut key = CoseKey {
            kty,
            alg,
            ..CoseKey::default()
        };
        if kty == KTY_RSA {
            key.n = bytes(value.get_int(-1))?;
            key.e = bytes(value.get_int(-2))?;
        } else {
            key.crv = match value.get_int(-1) {
                None => None,
                Some(Value::Text(text)) if text == "Ed25519" => Some(CRV_ED25519),
                Some(value) => Some(integer(value).ok_or(Error::InvalidAuthenticatorData)?),
            };
            key.x = bytes(value.get_int(-2))?;
            key.y = bytes(value.get_int(-3))?;
        }
        Ok(key)
    }
}
