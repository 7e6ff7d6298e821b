//! One suite, run twice: in Node (tests/wasm_node.rs) and in headless Chromium
//! (tests/wasm_browser.rs). It drives the bindings with JavaScript values, as the package's
//! users do, using the vector tables the native tests use (tests/vectors/otp.json).

use js_sys::{Array, BigInt, JSON, Object, Reflect, Uint8Array};
use otp_wasm::js;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen(inline_js = r#"
export function throwingOptions() {
  return { get secret() { throw new Error("getter exploded"); } };
}
export function loneSurrogate() { return "JBSW\uD800Y3DP"; }
"#)]
extern "C" {
    #[wasm_bindgen(js_name = throwingOptions)]
    fn throwing_options() -> JsValue;
    #[wasm_bindgen(js_name = loneSurrogate)]
    fn lone_surrogate() -> JsValue;
}

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

fn bytes(array: &JsValue) -> Vec<u8> {
    array
        .dyn_ref::<Uint8Array>()
        .expect("a Uint8Array")
        .to_vec()
}

fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in entries {
        Reflect::set(&object, &JsValue::from_str(key), value).unwrap();
    }
    object.into()
}

/// The `code` of the OtpError in `result`, checking it is an Error named "OtpError".
fn error_code<T>(result: Result<T, JsValue>) -> String {
    let Err(error) = result else {
        panic!("expected an OtpError")
    };
    assert!(error.is_instance_of::<js_sys::Error>(), "not an Error");
    assert_eq!(get_str(&error, "name"), "OtpError");
    assert!(!get_str(&error, "message").is_empty());
    get_str(&error, "code")
}

fn key_options(case: &JsValue) -> Vec<(&'static str, JsValue)> {
    vec![
        ("secret", get(case, "secret")),
        ("algorithm", get(case, "algorithm")),
        ("digits", get(case, "digits")),
    ]
}

#[wasm_bindgen_test]
fn hotp_vectors_through_the_boundary() {
    for case in vectors("hotp") {
        let hotp = js::Hotp::new(object(&key_options(&case))).unwrap();
        let counter = BigInt::new(&get(&case, "counter")).unwrap();
        assert_eq!(
            hotp.generate(counter.clone().into()).unwrap(),
            get_str(&case, "code")
        );
        let matched = hotp
            .verify(
                get(&case, "code"),
                object(&[("counter", counter.clone().into())]),
            )
            .unwrap();
        assert_eq!(get(&matched, "delta").as_f64(), Some(0.0));
        // A bigint counter answers as a bigint.
        assert_eq!(get(&matched, "counter"), JsValue::from(counter));
    }
}

#[wasm_bindgen_test]
fn totp_vectors_through_the_boundary() {
    for case in vectors("totp") {
        let mut options = key_options(&case);
        options.push(("period", get(&case, "period")));
        let totp = js::Totp::new(object(&options)).unwrap();
        let at = get(&case, "timestampMs");
        assert_eq!(totp.generate(at.clone()).unwrap(), get_str(&case, "code"));
        let matched = totp
            .verify(get(&case, "code"), object(&[("timestampMs", at)]))
            .unwrap();
        assert_eq!(get(&matched, "delta").as_f64(), Some(0.0));
    }
}

#[wasm_bindgen_test]
fn base32_vectors_through_the_boundary() {
    for case in vectors("base32") {
        let plain = Uint8Array::from(get_str(&case, "text").as_bytes());
        let padded = object(&[("padding", JsValue::TRUE)]);
        assert_eq!(
            js::base32_encode(plain.clone().into(), padded).unwrap(),
            get_str(&case, "encoded")
        );
        let decoded = js::base32_decode(get(&case, "encoded")).unwrap();
        assert_eq!(bytes(&decoded), plain.to_vec());
    }
}

#[wasm_bindgen_test]
fn key_uris_through_the_boundary() {
    for case in vectors("uris") {
        let parsed = js::parse_uri(get(&case, "uri")).unwrap();
        for field in ["secret", "algorithm", "digits", "issuer", "label"] {
            assert_eq!(get(&parsed, field), get(&case, field), "{field}");
        }
        let moving = if get_str(&case, "type") == "totp" {
            "period"
        } else {
            "counter"
        };
        let actual = get(&parsed, moving);
        let expected = get(&case, moving);
        let same = if actual.is_bigint() || expected.is_string() {
            BigInt::new(&actual).unwrap() == BigInt::new(&expected).unwrap()
        } else {
            actual == expected
        };
        assert!(same, "{moving}");
        // And back: the written URI parses to the same key.
        let uri = Reflect::get(&parsed, &"toUri".into()).unwrap();
        let uri = uri
            .unchecked_into::<js_sys::Function>()
            .call0(&parsed)
            .unwrap();
        let again = js::parse_uri(uri).unwrap();
        assert_eq!(get(&again, "secret"), get(&parsed, "secret"));
        assert_eq!(get(&again, "issuer"), get(&parsed, "issuer"));
    }
    for case in vectors("badUris") {
        assert_eq!(
            error_code(js::parse_uri(get(&case, "uri"))),
            get_str(&case, "error")
        );
    }
}

#[wasm_bindgen_test]
fn generate_secret_draws_from_the_platform_csprng() {
    let first = js::generate_secret(JsValue::UNDEFINED).unwrap();
    let second = js::generate_secret(JsValue::UNDEFINED).unwrap();
    assert_eq!(first.as_string().unwrap().len(), 32);
    assert_ne!(first, second);
    assert_eq!(bytes(&js::base32_decode(first).unwrap()).len(), 20);
    let longest = js::generate_secret(64.into()).unwrap();
    assert_eq!(longest.as_string().unwrap().len(), 103);
    assert_eq!(
        error_code(js::generate_secret(15.into())),
        "secret_too_short"
    );
    assert_eq!(
        error_code(js::generate_secret(65.into())),
        "secret_too_long"
    );
    assert_eq!(
        error_code(js::generate_secret(20.5.into())),
        "invalid_argument"
    );
    assert_eq!(
        error_code(js::generate_secret("20".into())),
        "invalid_argument"
    );
}

#[wasm_bindgen_test]
fn errors_arrive_as_otp_errors_with_stable_codes() {
    let secret = ("secret", JsValue::from("JBSWY3DPEHPK3PXP"));
    let totp = |extra: (&str, JsValue)| js::Totp::new(object(&[secret.clone(), extra]));
    assert_eq!(
        error_code(js::Totp::new(JsValue::UNDEFINED)),
        "missing_secret"
    );
    assert_eq!(
        error_code(js::Totp::new(object(&[("secret", "".into())]))),
        "missing_secret"
    );
    assert_eq!(
        error_code(js::Totp::new(object(&[("secret", "JBSW0".into())]))),
        "invalid_base32"
    );
    assert_eq!(error_code(js::Totp::new(42.into())), "invalid_argument");
    assert_eq!(
        error_code(totp(("algorithm", "MD5".into()))),
        "invalid_algorithm"
    );
    assert_eq!(error_code(totp(("digits", 5.into()))), "invalid_digits");
    assert_eq!(error_code(totp(("digits", 6.5.into()))), "invalid_digits");
    assert_eq!(error_code(totp(("period", 0.into()))), "invalid_period");
    assert_eq!(error_code(totp(("period", 3601.into()))), "invalid_period");
    assert_eq!(error_code(totp(("issuer", 7.into()))), "invalid_argument");
    assert_eq!(
        error_code(totp(("issuer", "A:B".into()))),
        "invalid_argument"
    );
    let hotp = js::Hotp::new(object(std::slice::from_ref(&secret))).unwrap();
    assert_eq!(error_code(hotp.generate((-1).into())), "invalid_counter");
    assert_eq!(error_code(hotp.generate(1.5.into())), "invalid_counter");
    assert_eq!(
        error_code(hotp.generate(9007199254740992.0.into())),
        "invalid_counter"
    );
    let too_big = BigInt::new(&"18446744073709551616".into()).unwrap();
    assert_eq!(error_code(hotp.generate(too_big.into())), "invalid_counter");
    assert_eq!(error_code(hotp.generate("3".into())), "invalid_argument");
    assert_eq!(
        error_code(js::base64url_decode("a*b".into())),
        "invalid_base64url"
    );
    assert_eq!(
        error_code(js::base64url_encode("text".into())),
        "invalid_argument"
    );
}

#[wasm_bindgen_test]
fn hostile_inputs_never_trap() {
    assert_eq!(
        error_code(js::Totp::new(throwing_options())),
        "invalid_argument"
    );
    assert_eq!(
        error_code(js::base32_decode(lone_surrogate())),
        "invalid_base32"
    );
    let huge = "A".repeat(1 << 20);
    assert_eq!(
        bytes(&js::base32_decode(huge.clone().into()).unwrap()).len(),
        655_360
    );
    assert_eq!(error_code(js::parse_uri(huge.into())), "invalid_uri");
    let totp = js::Totp::new(object(&[("secret", "JBSWY3DPEHPK3PXP".into())])).unwrap();
    assert_eq!(
        totp.verify("nope".into(), JsValue::UNDEFINED).unwrap(),
        JsValue::NULL
    );
    assert_eq!(
        error_code(totp.verify(JsValue::UNDEFINED, JsValue::UNDEFINED)),
        "invalid_argument"
    );
    let window = object(&[("window", 101.into())]);
    assert_eq!(
        error_code(totp.verify("123456".into(), window)),
        "invalid_argument"
    );
    let never = object(&[("timestampMs", f64::NAN.into())]);
    assert_eq!(
        error_code(totp.verify("123456".into(), never)),
        "invalid_argument"
    );
    assert_eq!(error_code(totp.generate((-1).into())), "invalid_argument");
    // The module still works afterwards.
    assert_eq!(totp.generate(0.into()).unwrap(), "282760");
}

#[wasm_bindgen_test]
fn code_entry_through_the_boundary() {
    let messages: Array = JSON::parse(include_str!("../vectors/messages.json"))
        .unwrap()
        .unchecked_into();
    for case in messages {
        let digits = get(&case, "digits");
        let options = if digits.is_undefined() {
            JsValue::UNDEFINED
        } else {
            object(&[("digits", digits)])
        };
        let found = js::extract_code(get(&case, "text"), options).unwrap();
        assert_eq!(found, get(&case, "code"), "{}", get_str(&case, "note"));
    }
    assert_eq!(
        js::normalize_code("１２３ ４５６".into(), JsValue::UNDEFINED).unwrap(),
        "123456"
    );
    assert_eq!(
        error_code(js::normalize_code("12a456".into(), JsValue::UNDEFINED)),
        "invalid_character"
    );
    let check = js::check_code("123 4".into(), JsValue::UNDEFINED);
    assert_eq!(get_str(&check, "state"), "incomplete");
    assert_eq!(
        get_str(&js::check_code(JsValue::NULL, JsValue::UNDEFINED), "state"),
        "invalid"
    );
}

#[wasm_bindgen_test]
fn origin_bound_messages_through_the_boundary() {
    let all = JSON::parse(include_str!("../vectors/sms.json")).unwrap();
    let stringify = |value: &JsValue| JSON::stringify(value).unwrap().as_string().unwrap();
    let parse: Array = get(&all, "parse").unchecked_into();
    for case in parse {
        let parsed = js::parse_sms_message(get(&case, "message")).unwrap();
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
        let page = object(&[
            ("hostname", get(&case, "hostname")),
            ("topHostname", get(&case, "topHostname")),
        ]);
        let checked = js::check_origin(get(&case, "message"), page);
        let note = get_str(&case, "note");
        if get(&case, "bound").is_truthy() {
            assert!(checked.unwrap().is_object(), "{note}");
        } else {
            assert_eq!(error_code(checked), "wrong_origin", "{note}");
        }
    }
    let page = object(&[("hostname", "shop.example".into())]);
    assert!(
        js::check_origin("no code here".into(), page)
            .unwrap()
            .is_null()
    );
    assert_eq!(
        error_code(js::check_origin("@a.example #1".into(), JsValue::UNDEFINED)),
        "invalid_argument"
    );
}

#[wasm_bindgen_test]
fn webauthn_parsing_through_the_boundary() {
    let all = JSON::parse(include_str!("../vectors/webauthn.json")).unwrap();
    let auth_data: Array = get(&all, "authenticatorData").unchecked_into();
    for case in auth_data {
        let parsed = js::parse_authenticator_data(get(&case, "authData")).unwrap();
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
        let parsed = js::parse_attestation_object(get(&case, "attestationObject")).unwrap();
        assert_eq!(get(&parsed, "fmt"), get(&get(&case, "expected"), "fmt"));
        let client = js::parse_client_data_json(get(&case, "clientDataJSON")).unwrap();
        assert_eq!(get_str(&client, "type"), "webauthn.create");
    }
    assert_eq!(
        error_code(js::parse_attestation_object(
            Uint8Array::from(&[0xffu8][..]).into()
        )),
        "invalid_cbor"
    );
    assert_eq!(
        error_code(js::parse_authenticator_data(
            Uint8Array::new_with_length(36).into()
        )),
        "invalid_authenticator_data"
    );
    assert_eq!(
        error_code(js::parse_client_data_json("e30".into())),
        "invalid_client_data"
    );
}
