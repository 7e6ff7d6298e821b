//! One suite, run twice: in Node (tests/wasm_node.rs) and in headless Chromium
//! (tests/wasm_browser.rs). It calls the `.wasm`'s flat functions as the package's JavaScript
//! does (numbers, bytes, strings in; numbers and packed bytes out), with the vector tables the
//! native tests use (tests/vectors/). The public API over them is tested through the installed
//! package (tests/node/).

mod ocra;

use js_sys::{Array, JSON, Reflect};
use otp_wasm::Error;
use otp_wasm::js;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

fn vectors(table: &str) -> Array {
    let all = JSON::parse(include_str!("../vectors/otp.json")).unwrap();
    get(&all, table).unchecked_into()
}

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap()
}

fn get_str(object: &JsValue, key: &str) -> String {
    get(object, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string"))
}

/// The algorithm number the flat functions take (keys.js's order).
fn algorithm(case: &JsValue) -> u32 {
    match get_str(case, "algorithm").as_str() {
        "SHA1" => 0,
        "SHA256" => 1,
        _ => 2,
    }
}

fn digits(case: &JsValue) -> u32 {
    get(case, "digits").as_f64().unwrap() as u32
}

/// A counter's high and low halves, as keys.js passes them.
fn halves(counter: u64) -> (u32, u32) {
    ((counter >> 32) as u32, counter as u32)
}

fn secret(case: &JsValue) -> Vec<u8> {
    js::base32_decode(get_str(case, "secret").as_bytes()).unwrap()
}

/// The code at `counter`, padded as keys.js pads it.
fn code_at(case: &JsValue, state: &[u8], counter: u64) -> String {
    let (high, low) = halves(counter);
    let value = js::code_value(algorithm(case), digits(case), state, high, low);
    format!("{value:0width$}", width = digits(case) as usize)
}

#[wasm_bindgen_test]
fn hotp_vectors_through_the_boundary() {
    for case in vectors("hotp") {
        let state = js::key_state(algorithm(&case), &secret(&case));
        let counter: u64 = get_str(&case, "counter").parse().unwrap();
        assert_eq!(code_at(&case, &state, counter), get_str(&case, "code"));
        let (high, low) = halves(counter.saturating_sub(2));
        let code = get_str(&case, "code");
        let delta = js::verify_counter(
            algorithm(&case),
            digits(&case),
            &state,
            code.as_bytes(),
            high,
            low,
            2,
        );
        assert_eq!(delta, counter.min(2) as f64);
    }
}

#[wasm_bindgen_test]
fn totp_vectors_through_the_boundary() {
    for case in vectors("totp") {
        let state = js::key_state(algorithm(&case), &secret(&case));
        let period = get(&case, "period").as_f64().unwrap() as u64;
        let step = get(&case, "timestampMs").as_f64().unwrap() as u64 / (period * 1000);
        assert_eq!(code_at(&case, &state, step), get_str(&case, "code"));
        let code = get_str(&case, "code");
        let (high, low) = halves(step + 1);
        let verify = |after: Option<u64>| {
            let (after_high, after_low) = halves(after.unwrap_or(0));
            js::verify_step(
                algorithm(&case),
                digits(&case),
                &state,
                code.as_bytes(),
                high,
                low,
                1,
                after_high,
                after_low,
                after.is_some(),
            )
        };
        // One step behind the clock, and refused once that step was used (the replay guard).
        assert_eq!(verify(None), -1.0);
        assert!(verify(Some(step)).is_nan());
    }
}

#[wasm_bindgen_test]
fn base32_vectors_through_the_boundary() {
    for case in vectors("base32") {
        let plain = get_str(&case, "text");
        assert_eq!(
            String::from_utf8(js::base32_encode(plain.as_bytes(), true)).unwrap(),
            get_str(&case, "encoded")
        );
        let decoded = js::base32_decode(get_str(&case, "encoded").as_bytes()).unwrap();
        assert_eq!(decoded, plain.as_bytes());
    }
}

/// `parse_uri`'s packed answer, unpacked as keys.js unpacks it.
struct Parsed {
    totp: bool,
    algorithm: u32,
    digits: u32,
    period: u32,
    counter: u64,
    secret: Vec<u8>,
    issuer: String,
    label: String,
    state: Vec<u8>,
}

fn parse(uri: &str) -> Result<Parsed, u8> {
    let packed = js::parse_uri(uri.as_bytes());
    if packed[0] != 0 {
        return Err(packed[0]);
    }
    let word = |at: usize| u32::from_le_bytes(packed[at..at + 4].try_into().unwrap());
    // After the status byte: kind, algorithm, digits, 0; period; counter; four lengths.
    let mut start = 33;
    let [secret, issuer, label, state] = [17, 21, 25, 29].map(|at| {
        let field = packed[start..start + word(at) as usize].to_vec();
        start += field.len();
        field
    });
    Ok(Parsed {
        totp: packed[1] == 0,
        algorithm: u32::from(packed[2]),
        digits: u32::from(packed[3]),
        period: word(5),
        counter: u64::from_le_bytes(packed[9..17].try_into().unwrap()),
        secret,
        issuer: String::from_utf8(issuer).unwrap(),
        label: String::from_utf8(label).unwrap(),
        state,
    })
}

#[wasm_bindgen_test]
fn key_uris_through_the_boundary() {
    for case in vectors("uris") {
        let parsed = parse(&get_str(&case, "uri")).unwrap();
        assert_eq!(parsed.totp, get_str(&case, "type") == "totp");
        assert_eq!(parsed.secret, secret(&case));
        assert_eq!(parsed.algorithm, algorithm(&case));
        assert_eq!(parsed.digits, digits(&case));
        assert_eq!(parsed.issuer, get_str(&case, "issuer"));
        assert_eq!(parsed.label, get_str(&case, "label"));
        assert_eq!(
            parsed.state,
            js::key_state(parsed.algorithm, &parsed.secret)
        );
        if parsed.totp {
            assert_eq!(
                f64::from(parsed.period),
                get(&case, "period").as_f64().unwrap()
            );
        } else {
            let counter = get(&case, "counter");
            let expected = counter
                .as_f64()
                .map_or_else(|| get_str(&case, "counter").parse().unwrap(), |n| n as u64);
            assert_eq!(parsed.counter, expected);
        }
        // And back: the written URI parses to the same key.
        let (high, low) = halves(parsed.counter);
        let uri = js::to_uri(
            parsed.algorithm,
            parsed.digits,
            &parsed.secret,
            parsed.issuer.as_bytes(),
            parsed.label.as_bytes(),
            parsed.period,
            high,
            low,
        );
        let again = parse(std::str::from_utf8(&uri).unwrap()).unwrap();
        assert_eq!(
            (again.secret, again.issuer, again.label),
            (parsed.secret, parsed.issuer, parsed.label)
        );
        assert_eq!(
            (again.period, again.counter),
            (parsed.period, parsed.counter)
        );
    }
    // Errors cross as their number: 1 + the index in Error::ALL.
    for case in vectors("badUris") {
        let number = parse(&get_str(&case, "uri")).err().expect("an error");
        assert_eq!(
            Error::ALL[usize::from(number) - 1].code(),
            get_str(&case, "error")
        );
    }
}

#[wasm_bindgen_test]
fn bad_arguments_get_failure_values_not_traps() {
    assert!(js::key_state(3, b"key").is_empty());
    assert_eq!(js::code_value(0, 6, b"short", 0, 0), -1.0);
    assert_eq!(js::code_value(0, 11, &js::key_state(0, b"key"), 0, 0), -1.0);
    assert_eq!(js::verify_counter(0, 6, b"", b"123456", 0, 0, 1), -1.0);
    assert!(
        js::verify_step(
            0,
            6,
            &js::key_state(0, b"key"),
            b"123456",
            0,
            0,
            101,
            0,
            0,
            false
        )
        .is_nan()
    );
    assert!(js::to_uri(0, 6, b"", b"", b"", 30, 0, 0).is_empty());
    assert!(js::to_uri(0, 6, b"key", b"A:B", b"", 30, 0, 0).is_empty());
    assert_eq!(js::base32_decode(b"JBSW0"), None);
    assert_eq!(js::base64url_decode(b"a*b"), None);
    let huge = "A".repeat(1 << 20);
    assert_eq!(js::base32_decode(huge.as_bytes()).unwrap().len(), 655_360);
    assert_eq!(parse(&huge).err(), Some(10)); // invalid_uri
}

/// A result of the code-entry and WebAuthn functions (a status byte, then a tagged value, as
/// src/js/tree.rs writes it) as JSON text parsed into a JavaScript value, for comparing with
/// the vectors; byte strings become arrays of numbers, bigints decimal strings. An error is its
/// code.
fn tree(bytes: &[u8]) -> Result<JsValue, String> {
    if bytes[0] != 0 {
        return Err(Error::ALL[usize::from(bytes[0]) - 1].code().to_owned());
    }
    fn value(bytes: &[u8], at: &mut usize, out: &mut String) {
        let tag = bytes[*at];
        *at += 1;
        let mut length = || {
            let n = u32::from_le_bytes(bytes[*at..*at + 4].try_into().unwrap()) as usize;
            *at += 4;
            n
        };
        match tag {
            0 | 1 => out.push_str("null"),
            2 => out.push_str("false"),
            3 => out.push_str("true"),
            4 => {
                let n = f64::from_le_bytes(bytes[*at..*at + 8].try_into().unwrap());
                *at += 8;
                out.push_str(&n.to_string());
            }
            5 | 6 => {
                let n = length();
                let text = std::str::from_utf8(&bytes[*at..*at + n]).unwrap();
                *at += n;
                out.push_str(&JSON::stringify(&text.into()).unwrap().as_string().unwrap());
            }
            7 => {
                let n = length();
                let items: Vec<String> = bytes[*at..*at + n].iter().map(u8::to_string).collect();
                *at += n;
                out.push_str(&format!("[{}]", items.join(",")));
            }
            8 => {
                out.push('[');
                for i in 0..length() {
                    if i > 0 {
                        out.push(',');
                    }
                    value(bytes, at, out);
                }
                out.push(']');
            }
            _ => {
                out.push('{');
                for i in 0..length() {
                    if i > 0 {
                        out.push(',');
                    }
                    let mut key = String::new();
                    value(bytes, at, &mut key);
                    if !key.starts_with('"') {
                        key = format!("\"{key}\"");
                    }
                    out.push_str(&key);
                    out.push(':');
                    value(bytes, at, out);
                }
                out.push('}');
            }
        }
    }
    let mut text = String::new();
    value(bytes, &mut 1, &mut text);
    Ok(JSON::parse(&text).unwrap())
}

fn stringify(value: &JsValue) -> String {
    JSON::stringify(value).unwrap().as_string().unwrap()
}

#[wasm_bindgen_test]
fn code_entry_through_the_boundary() {
    let messages: Array = JSON::parse(include_str!("../vectors/messages.json"))
        .unwrap()
        .unchecked_into();
    for case in messages {
        let digits = get(&case, "digits").as_f64().map_or(6, |d| d as u32);
        let found = tree(&js::extract_code(get_str(&case, "text").as_bytes(), digits)).unwrap();
        assert_eq!(found, get(&case, "code"), "{}", get_str(&case, "note"));
    }
    assert_eq!(
        tree(&js::normalize_code("１２３ ４５６".as_bytes(), 6)).unwrap(),
        "123456"
    );
    assert_eq!(
        tree(&js::normalize_code(b"12a456", 6)).err().unwrap(),
        "invalid_character"
    );
    assert_eq!(
        tree(&js::normalize_code(b"123456", 3)).err().unwrap(),
        "invalid_argument"
    );
    let check = tree(&js::check_code(b"123 4", 6)).unwrap();
    assert_eq!(
        stringify(&check),
        r#"{"state":"incomplete","code":"1234","error":null}"#
    );
    let check = tree(&js::check_code(b"1", 11)).unwrap();
    assert_eq!(
        stringify(&check),
        r#"{"state":"invalid","code":"","error":"invalid_argument"}"#
    );
}

#[wasm_bindgen_test]
fn origin_bound_messages_through_the_boundary() {
    let all = JSON::parse(include_str!("../vectors/sms.json")).unwrap();
    let parse: Array = get(&all, "parse").unchecked_into();
    for case in parse {
        let parsed = tree(&js::parse_sms_message(get_str(&case, "message").as_bytes())).unwrap();
        let expected = get(&case, "expected");
        assert_eq!(
            stringify(&parsed),
            stringify(&expected),
            "{}",
            get_str(&case, "note")
        );
    }
    let origin: Array = get(&all, "origin").unchecked_into();
    for case in origin {
        let top = get(&case, "topHostname").as_string();
        let checked = tree(&js::check_origin(
            get_str(&case, "message").as_bytes(),
            get_str(&case, "hostname").as_bytes(),
            top.as_deref().unwrap_or_default().as_bytes(),
            top.is_some(),
        ));
        let note = get_str(&case, "note");
        if get(&case, "bound").is_truthy() {
            assert!(checked.unwrap().is_object(), "{note}");
        } else {
            assert_eq!(checked.err().unwrap(), "wrong_origin", "{note}");
        }
    }
    assert!(
        tree(&js::check_origin(
            b"no code here",
            b"shop.example",
            b"",
            false
        ))
        .unwrap()
        .is_null()
    );
}

#[wasm_bindgen_test]
fn webauthn_parsing_through_the_boundary() {
    let all = JSON::parse(include_str!("../vectors/webauthn.json")).unwrap();
    let base64url = |case: &JsValue, field: &str| {
        js::base64url_decode(get_str(case, field).as_bytes()).unwrap()
    };
    let auth_data: Array = get(&all, "authenticatorData").unchecked_into();
    for case in auth_data {
        let parsed = tree(&js::parse_authenticator_data(&base64url(&case, "authData"))).unwrap();
        let expected = get(&case, "expected");
        assert_eq!(get(&parsed, "signCount"), get(&expected, "signCount"));
        let flags = get(&parsed, "flags");
        let expected_flags = get(&expected, "flags");
        for flag in [
            "userPresent",
            "userVerified",
            "attestedCredentialData",
            "extensionData",
        ] {
            assert_eq!(get(&flags, flag), get(&expected_flags, flag), "{flag}");
        }
    }
    let attestations: Array = get(&all, "attestationObjects").unchecked_into();
    for case in attestations {
        let parsed = tree(&js::parse_attestation_object(&base64url(
            &case,
            "attestationObject",
        )))
        .unwrap();
        assert_eq!(get(&parsed, "fmt"), get(&get(&case, "expected"), "fmt"));
        let client = tree(&js::parse_client_data_json(&base64url(
            &case,
            "clientDataJSON",
        )))
        .unwrap();
        assert_eq!(get_str(&client, "type"), "webauthn.create");
    }
    assert_eq!(
        tree(&js::parse_attestation_object(&[0xff])).err().unwrap(),
        "invalid_cbor"
    );
    assert_eq!(
        tree(&js::parse_authenticator_data(&[0; 36])).err().unwrap(),
        "invalid_authenticator_data"
    );
    assert_eq!(
        tree(&js::parse_client_data_json(b"{}")).err().unwrap(),
        "invalid_client_data"
    );
}
