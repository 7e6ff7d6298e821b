//! WebAuthn parsing against real bytes (tests/vectors/webauthn.json): FIDO conformance data
//! from a public library's test suite, Firefox 117's malformed EdDSA key, and what Chromium's
//! virtual authenticator returned (packed and none attestation; ES256, EdDSA and RS256 keys).
//! Expected values were decoded independently (Python's cbor2).
#![cfg(not(target_arch = "wasm32"))]

use otp_wasm::Error;
use otp_wasm::encoding::base64url;
use otp_wasm::webauthn::cbor::Value;
use otp_wasm::webauthn::{
    AttestationObject, AuthenticatorData, ClientData, CoseKey, format_aaguid,
};
use proptest::prelude::*;
use serde_json::{Value as Json, json};

fn vectors(table: &str) -> Vec<Json> {
    let all: Json = serde_json::from_str(include_str!("vectors/webauthn.json")).unwrap();
    all[table].as_array().unwrap().clone()
}

fn bytes(case: &Json, field: &str) -> Vec<u8> {
    base64url::decode(case[field].as_str().unwrap()).unwrap()
}

fn b64(bytes: &[u8]) -> String {
    base64url::encode(bytes)
}

fn key_json(key: &CoseKey) -> Json {
    let mut out = json!({ "kty": key.kty, "alg": key.alg });
    let mut put = |name: &str, value: Option<Json>| {
        if let Some(value) = value {
            out[name] = value;
        }
    };
    put("crv", key.crv.map(Json::from));
    for (name, value) in [("x", &key.x), ("y", &key.y), ("n", &key.n), ("e", &key.e)] {
        put(name, value.as_deref().map(|v| Json::from(b64(v))));
    }
    out
}

fn cbor_json(value: &Value) -> Json {
    match value {
        Value::Integer(n) => json!(*n as i64),
        Value::Text(text) => json!(text),
        Value::Bytes(bytes) => json!(b64(bytes)),
        Value::Bool(b) => json!(b),
        Value::Null | Value::Undefined | Value::Simple(_) => Json::Null,
        Value::Array(items) => Json::Array(items.iter().map(cbor_json).collect()),
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| match k {
                    Value::Text(text) => (text.clone(), cbor_json(v)),
                    other => (cbor_json(other).to_string(), cbor_json(v)),
                })
                .collect(),
        ),
    }
}

fn auth_data_json(data: &AuthenticatorData) -> Json {
    let flags = data.flags;
    json!({
        "rpIdHash": b64(&data.rp_id_hash),
        "flags": {
            "userPresent": flags.user_present,
            "userVerified": flags.user_verified,
            "backupEligible": flags.backup_eligible,
            "backedUp": flags.backed_up,
            "attestedCredentialData": flags.attested_credential_data,
            "extensionData": flags.extension_data,
        },
        "signCount": data.sign_count,
        "attestedCredential": data.attested_credential.as_ref().map(|c| json!({
            "aaguid": format_aaguid(&c.aaguid),
            "credentialId": b64(&c.credential_id),
            "publicKey": key_json(&c.public_key),
        })),
        "extensions": data.extensions.as_ref().map(cbor_json),
    })
}

#[test]
fn authenticator_data_from_conformance_tests_and_firefox_117() {
    for case in vectors("authenticatorData") {
        let parsed = AuthenticatorData::parse(&bytes(&case, "authData"))
            .unwrap_or_else(|e| panic!("{}: {e:?}", case["name"]));
        assert_eq!(
            auth_data_json(&parsed),
            case["expected"],
            "{}",
            case["name"]
        );
    }
}

#[test]
fn attestation_objects_and_client_data_from_chromium() {
    for case in vectors("attestationObjects") {
        let expected = &case["expected"];
        let parsed = AttestationObject::parse(&bytes(&case, "attestationObject")).unwrap();
        assert_eq!(
            parsed.fmt,
            expected["fmt"].as_str().unwrap(),
            "{}",
            case["name"]
        );
        let mut statement_keys: Vec<String> = match &parsed.att_stmt {
            Value::Map(entries) => entries
                .iter()
                .map(|(k, _)| cbor_json(k).as_str().unwrap().to_owned())
                .collect(),
            other => panic!("attStmt {other:?}"),
        };
        statement_keys.sort();
        assert_eq!(
            json!(statement_keys),
            expected["attStmtKeys"],
            "{}",
            case["name"]
        );
        let mut auth_data = auth_data_json(&parsed.auth_data);
        auth_data.as_object_mut().unwrap().remove("extensions");
        assert_eq!(auth_data, expected["authData"], "{}", case["name"]);

        let client = ClientData::parse(&bytes(&case, "clientDataJSON")).unwrap();
        let client = json!({
            "type": client.r#type, "challenge": client.challenge, "origin": client.origin,
            "crossOrigin": client.cross_origin, "topOrigin": client.top_origin,
        });
        assert_eq!(client, expected["clientData"], "{}", case["name"]);
    }
}

#[test]
fn every_truncation_is_an_error_never_a_panic() {
    for case in vectors("authenticatorData") {
        let data = bytes(&case, "authData");
        for end in 0..data.len() {
            assert_eq!(
                AuthenticatorData::parse(&data[..end]).map(|_| ()),
                Err(Error::InvalidAuthenticatorData),
                "{} cut at {end}",
                case["name"]
            );
        }
        let mut longer = data.clone();
        longer.push(0);
        assert_eq!(
            AuthenticatorData::parse(&longer).map(|_| ()),
            Err(Error::InvalidAuthenticatorData)
        );
    }
    for case in vectors("attestationObjects") {
        let data = bytes(&case, "attestationObject");
        for end in 0..data.len() {
            assert!(
                AttestationObject::parse(&data[..end]).is_err(),
                "cut at {end}"
            );
        }
        let mut longer = data.clone();
        longer.push(0);
        assert_eq!(
            AttestationObject::parse(&longer).map(|_| ()),
            Err(Error::InvalidCbor)
        );
    }
}

#[test]
fn client_data_must_be_a_json_object_with_the_three_strings() {
    let good = r#"{"type":"webauthn.get","challenge":"abc","origin":"https://shop.example","crossOrigin":true,"topOrigin":"https://top.example","extra":{"nested":[1,2.5e3,null,"\u00e9\ud83d\ude00"]}}"#;
    let parsed = ClientData::parse(good.as_bytes()).unwrap();
    assert_eq!(parsed.r#type, "webauthn.get");
    assert!(parsed.cross_origin);
    assert_eq!(parsed.top_origin.as_deref(), Some("https://top.example"));
    let escaped =
        ClientData::parse(br#" { "type" : "a\"b\\\/\u0041" , "challenge":"c", "origin":"o" } "#)
            .unwrap();
    assert_eq!(escaped.r#type, "a\"b\\/A");
    assert_eq!(escaped.top_origin, None);
    assert!(!escaped.cross_origin);
    for bad in [
        "",
        "[]",
        "null",
        r#"{"challenge":"c","origin":"o"}"#,
        r#"{"type":1,"challenge":"c","origin":"o"}"#,
        r#"{"type":"t","challenge":null,"origin":"o"}"#,
        r#"{"type":"t","challenge":"c","origin":"o","crossOrigin":"yes"}"#,
        r#"{"type":"t","challenge":"c","origin":"o"} x"#,
        r#"{"type":"t","challenge":"c","origin":"o",}"#,
        r#"{"type":"t\x","challenge":"c","origin":"o"}"#,
        "{\"type\":\"t\u{1}\",\"challenge\":\"c\",\"origin\":\"o\"}",
        r#"{"type":"t","challenge":"c","origin":"o","n":01x}"#,
    ] {
        assert_eq!(
            ClientData::parse(bad.as_bytes()),
            Err(Error::InvalidClientData),
            "{bad}"
        );
    }
    assert_eq!(
        ClientData::parse(&[0xff, 0xfe]),
        Err(Error::InvalidClientData)
    );
    let deep = format!(
        r#"{{"type":"t","challenge":"c","origin":"o","x":{}{}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert_eq!(
        ClientData::parse(deep.as_bytes()),
        Err(Error::InvalidClientData)
    );
}

proptest! {
    #[test]
    fn random_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = AuthenticatorData::parse(&data);
        let _ = AttestationObject::parse(&data);
        let _ = ClientData::parse(&data);
        let _ = otp_wasm::webauthn::cbor::decode(&data);
    }

    #[test]
    fn mutated_real_authenticator_data_never_panics(index in 0usize..600, byte: u8) {
        for case in vectors("authenticatorData").iter().take(3) {
            let mut data = bytes(case, "authData");
            let at = index % data.len();
            data[at] = byte;
            let _ = AuthenticatorData::parse(&data);
        }
    }
}
