//! Attestation objects (WebAuthn §6.5.4): `{ "fmt": text, "attStmt": map, "authData": bytes }`
//! in CBOR, returned by `navigator.credentials.create()`.

use alloc::string::String;

use super::authenticator_data::AuthenticatorData;
use super::cbor::{self, Value};
use crate::error::{Error, Result};

/// A parsed attestation object.
#[derive(Clone, Debug, PartialEq)]
pub struct AttestationObject {
    /// The attestation statement format: `"none"`, `"packed"`, `"tpm"`, `"apple"`, ...
    pub fmt: String,
    /// The statement itself (a CBOR map; its shape depends on `fmt`).
    pub att_stmt: Value,
    pub auth_data: AuthenticatorData,
}

impl AttestationObject {
    /// Malformed CBOR, bytes after it, or a missing or mistyped member is `InvalidCbor`;
    /// malformed authenticator data inside is `InvalidAuthenticatorData`.
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        let mut object = cbor::decode(bytes)?;
        let fmt = match object.take_text("fmt") {
            Some(Value::Text(fmt)) => fmt,
            _ => return Err(Error::InvalidCbor),
        };
        let att_stmt = match object.take_text("attStmt") {
            Some(statement @ Value::Map(_)) => statement,
            _ => return Err(Error::InvalidCbor),
        };
        let auth_data = match object.take_text("authData") {
            Some(Value::Bytes(bytes)) => AuthenticatorData::parse(&bytes)?,
            _ => return Err(Error::InvalidCbor),
        };
        Ok(AttestationObject {
            fmt,
            att_stmt,
            auth_data,
        })
    }
}
