//! `parseClientDataJSON`, `parseAuthenticatorData`, `parseAttestationObject` as flat functions
//! over bytes; src/js/entry/webauthn_parse.js reads the argument (bytes, or base64url text)
//! and the result ([`Tree`]).

use alloc::vec::Vec;

use wasm_bindgen::prelude::*;

use super::tree::Tree;
use crate::webauthn::cbor::Value;
use crate::webauthn::{AttestationObject, AuthenticatorData, ClientData, CoseKey, format_aaguid};

/// A CBOR item: integers as numbers (bigints beyond 2^53, exact across CBOR's whole range),
/// byte strings as `Uint8Array`, maps as objects whose keys tree.js makes property names.
fn cbor(tree: &mut Tree, value: &Value) {
    match value {
        Value::Integer(n) => tree.integer(*n),
        Value::Bytes(data) => tree.bytes(data),
        Value::Text(text) => tree.string(text),
        Value::Array(items) => {
            tree.array(items.len());
            items.iter().for_each(|item| cbor(tree, item));
            tree
        }
        Value::Map(entries) => {
            tree.object(entries.len());
            for (key, value) in entries {
                cbor(tree, key);
                cbor(tree, value);
            }
            tree
        }
        Value::Bool(b) => tree.bool(*b),
        Value::Null => tree.null(),
        Value::Undefined => tree.undefined(),
        Value::Simple(n) => tree.number(f64::from(*n)),
    };
}

fn cose_key(tree: &mut Tree, key: &CoseKey) {
    let parts = [("x", &key.x), ("y", &key.y), ("n", &key.n), ("e", &key.e)];
    let present = parts.iter().filter(|(_, value)| value.is_some()).count();
    tree.object(2 + usize::from(key.crv.is_some()) + present)
        .key("kty")
        .number(key.kty as f64)
        .key("alg")
        .number(key.alg as f64);
    if let Some(crv) = key.crv {
        tree.key("crv").number(crv as f64);
    }
    for (name, value) in parts {
        if let Some(value) = value {
            tree.key(name).bytes(value);
        }
    }
}

fn authenticator_data(tree: &mut Tree, data: &AuthenticatorData) {
    let flags = data.flags;
    tree.object(5)
        .key("rpIdHash")
        .bytes(&data.rp_id_hash)
        .key("flags")
        .object(6)
        .key("userPresent")
        .bool(flags.user_present)
        .key("userVerified")
        .bool(flags.user_verified)
        .key("backupEligible")
        .bool(flags.backup_eligible)
        .key("backedUp")
        .bool(flags.backed_up)
        .key("attestedCredentialData")
        .bool(flags.attested_credential_data)
        .key("extensionData")
        .bool(flags.extension_data)
        .key("signCount")
        .number(f64::from(data.sign_count))
        .key("attestedCredential");
    match &data.attested_credential {
        Some(credential) => {
            tree.object(3)
                .key("aaguid")
                .string(&format_aaguid(&credential.aaguid))
                .key("credentialId")
                .bytes(&credential.credential_id)
                .key("publicKey");
            cose_key(tree, &credential.public_key);
        }
        None => {
            tree.null();
        }
    }
    tree.key("extensions");
    match &data.extensions {
        Some(extensions) => cbor(tree, extensions),
        None => {
            tree.null();
        }
    }
}

/// `{ type, challenge, origin, crossOrigin, topOrigin }` from `clientDataJSON`.
#[wasm_bindgen]
pub fn parse_client_data_json(data: &[u8]) -> Vec<u8> {
    match ClientData::parse(data) {
        Ok(client) => {
            let mut tree = Tree::new();
            tree.object(5)
                .key("type")
                .string(&client.r#type)
                .key("challenge")
                .string(&client.challenge)
                .key("origin")
                .string(&client.origin)
                .key("crossOrigin")
                .bool(client.cross_origin)
                .key("topOrigin")
                .optional_string(client.top_origin.as_deref());
            tree.finish()
        }
        Err(error) => Tree::error(error),
    }
}

/// Authenticator data (WebAuthn §6.1) with its flags, counter, credential and extensions.
#[wasm_bindgen]
pub fn parse_authenticator_data(data: &[u8]) -> Vec<u8> {
    match AuthenticatorData::parse(data) {
        Ok(parsed) => {
            let mut tree = Tree::new();
            authenticator_data(&mut tree, &parsed);
            tree.finish()
        }
        Err(error) => Tree::error(error),
    }
}

/// `{ fmt, attStmt, authData }` from an attestation object (WebAuthn §6.5.4).
#[wasm_bindgen]
pub fn parse_attestation_object(data: &[u8]) -> Vec<u8> {
    match AttestationObject::parse(data) {
        Ok(attestation) => {
            let mut tree = Tree::new();
            tree.object(3)
                .key("fmt")
                .string(&attestation.fmt)
                .key("attStmt");
            cbor(&mut tree, &attestation.att_stmt);
            tree.key("authData");
            authenticator_data(&mut tree, &attestation.auth_data);
            tree.finish()
        }
        Err(error) => Tree::error(error),
    }
}
