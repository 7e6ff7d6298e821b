//! `parseClientDataJSON`, `parseAuthenticatorData`, `parseAttestationObject`.

use alloc::vec::Vec;

use js_sys::{Array, BigInt, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use super::error::JsResult;
use super::options::{self, MAX_SAFE_INTEGER, object};
use crate::encoding::base64url;
use crate::webauthn::cbor::Value;
use crate::webauthn::{AttestationObject, AuthenticatorData, ClientData, CoseKey, format_aaguid};

/// Every parser takes `Uint8Array | ArrayBuffer | string` (base64url, as WebAuthn JSON has it).
fn data(value: &JsValue) -> JsResult<Vec<u8>> {
    if let Some(text) = value.as_string() {
        return Ok(base64url::decode(&text)?);
    }
    // WebAuthn data is not secret; the bytes need no wiping.
    let data: Zeroizing<Vec<u8>> = options::bytes(
        value,
        "data must be a Uint8Array, an ArrayBuffer or a base64url string",
    )?;
    Ok(data.to_vec())
}

fn bytes(bytes: &[u8]) -> JsValue {
    Uint8Array::from(bytes).into()
}

/// A CBOR item as JavaScript: integers as numbers (bigints beyond 2^53, exact across CBOR's
/// whole range, -2^64 ..= 2^64-1), byte strings as `Uint8Array`, maps as plain objects whose
/// every key is an own property (non-text keys written in decimal, as `"-7"`), `"__proto__"`
/// included: a map cannot change the object's prototype.
fn cbor(value: &Value) -> JsValue {
    match value {
        Value::Integer(n) if n.unsigned_abs() <= u128::from(MAX_SAFE_INTEGER) => {
            JsValue::from_f64(*n as f64)
        }
        Value::Integer(n) => BigInt::from(*n).into(),
        Value::Bytes(data) => bytes(data),
        Value::Text(text) => JsValue::from_str(text),
        Value::Array(items) => items.iter().map(cbor).collect::<Array>().into(),
        Value::Map(entries) => {
            let out = Object::new();
            for (key, value) in entries {
                let key = match key {
                    Value::Text(text) => JsValue::from_str(text),
                    Value::Integer(n) => BigInt::from(*n)
                        .to_string(10)
                        .map_or(JsValue::NULL, JsValue::from),
                    // Other keys (WebAuthn has none) as their JSON text.
                    other => js_sys::JSON::stringify(&cbor(other))
                        .map(JsValue::from)
                        .unwrap_or(JsValue::NULL),
                };
                let property = Object::new();
                // Setting plain keys on a fresh plain object, and defining a data property on
                // another, cannot fail.
                let _ = Reflect::set(&property, &"value".into(), &cbor(value));
                for flag in ["writable", "enumerable", "configurable"] {
                    let _ = Reflect::set(&property, &flag.into(), &JsValue::TRUE);
                }
                let _ = Reflect::define_property(&out, &key, &property);
            }
            out.into()
        }
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Null => JsValue::NULL,
        Value::Undefined => JsValue::UNDEFINED,
        Value::Simple(n) => JsValue::from(*n),
    }
}

fn cose_key(key: &CoseKey) -> JsValue {
    let out = object(&[
        ("kty", JsValue::from_f64(key.kty as f64)),
        ("alg", JsValue::from_f64(key.alg as f64)),
    ]);
    if let Some(crv) = key.crv {
        let _ = Reflect::set(&out, &"crv".into(), &JsValue::from_f64(crv as f64));
    }
    for (name, value) in [("x", &key.x), ("y", &key.y), ("n", &key.n), ("e", &key.e)] {
        if let Some(value) = value {
            let _ = Reflect::set(&out, &name.into(), &bytes(value));
        }
    }
    out
}

fn authenticator_data(data: &AuthenticatorData) -> JsValue {
    let flags = data.flags;
    let flag = JsValue::from_bool;
    object(&[
        ("rpIdHash", bytes(&data.rp_id_hash)),
        (
            "flags",
            object(&[
                ("userPresent", flag(flags.user_present)),
                ("userVerified", flag(flags.user_verified)),
                ("backupEligible", flag(flags.backup_eligible)),
                ("backedUp", flag(flags.backed_up)),
                (
                    "attestedCredentialData",
                    flag(flags.attested_credential_data),
                ),
                ("extensionData", flag(flags.extension_data)),
            ]),
        ),
        ("signCount", JsValue::from_f64(f64::from(data.sign_count))),
        (
            "attestedCredential",
            data.attested_credential
                .as_ref()
                .map_or(JsValue::NULL, |credential| {
                    object(&[
                        (
                            "aaguid",
                            JsValue::from_str(&format_aaguid(&credential.aaguid)),
                        ),
                        ("credentialId", bytes(&credential.credential_id)),
                        ("publicKey", cose_key(&credential.public_key)),
                    ])
                }),
        ),
        (
            "extensions",
            data.extensions.as_ref().map_or(JsValue::NULL, cbor),
        ),
    ])
}

/// `{ type, challenge, origin, crossOrigin, topOrigin }` from `clientDataJSON`.
#[wasm_bindgen(js_name = parseClientDataJSON)]
pub fn parse_client_data_json(data: JsValue) -> JsResult<JsValue> {
    let client = ClientData::parse(&self::data(&data)?)?;
    Ok(object(&[
        ("type", JsValue::from_str(&client.r#type)),
        ("challenge", JsValue::from_str(&client.challenge)),
        ("origin", JsValue::from_str(&client.origin)),
        ("crossOrigin", JsValue::from_bool(client.cross_origin)),
        (
            "topOrigin",
            client
                .top_origin
                .as_deref()
                .map_or(JsValue::NULL, JsValue::from_str),
        ),
    ]))
}

/// Authenticator data (WebAuthn §6.1) with its flags, counter, credential and extensions.
#[wasm_bindgen(js_name = parseAuthenticatorData)]
pub fn parse_authenticator_data(data: JsValue) -> JsResult<JsValue> {
    Ok(authenticator_data(&AuthenticatorData::parse(&self::data(
        &data,
    )?)?))
}

/// `{ fmt, attStmt, authData }` from an attestation object (WebAuthn §6.5.4).
#[wasm_bindgen(js_name = parseAttestationObject)]
pub fn parse_attestation_object(data: JsValue) -> JsResult<JsValue> {
    let attestation = AttestationObject::parse(&self::data(&data)?)?;
    Ok(object(&[
        ("fmt", JsValue::from_str(&attestation.fmt)),
        ("attStmt", cbor(&attestation.att_stmt)),
        ("authData", authenticator_data(&attestation.auth_data)),
    ]))
}
