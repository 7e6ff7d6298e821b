//! OCRA (RFC 6287) in wasm: tests/vectors/ocra.json (Appendix C and the independent
//! implementation's cases) through the core compiled to wasm32, and through the boundary as
//! ocra.js uses it: the data input's HMAC from `ocra_digest` under `key_state`'s state,
//! truncated as ocra.js truncates it; the PIN's plain hash from `ocra_digest` with no state.

use js_sys::{Array, JSON};
use otp_wasm::Error;
use otp_wasm::js;
use otp_wasm::otp::Secret;
use otp_wasm::otp::ocra::{Ocra, OcraInput, OcraSuite, Pin};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

use super::{get, get_str};

fn vectors(table: &str) -> Array {
    let all = JSON::parse(include_str!("../vectors/ocra.json")).unwrap();
    get(&all, table).unchecked_into()
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

fn hex_text(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// A case's inputs, owned; `with` lends them as an [`OcraInput`].
struct Inputs {
    question: Vec<String>,
    counter: Option<u64>,
    pin: Option<String>,
    pin_hash: Option<Vec<u8>>,
    session: Option<Vec<u8>>,
    unix_ms: Option<u64>,
}

impl Inputs {
    fn read(case: &JsValue) -> Inputs {
        let text = |name: &str| get(case, name).as_string();
        let question = get(case, "question");
        Inputs {
            question: match question.dyn_ref::<Array>() {
                Some(pair) => pair.iter().map(|part| part.as_string().unwrap()).collect(),
                None => vec![question.as_string().unwrap()],
            },
            counter: text("counter").map(|c| c.parse().unwrap()),
            pin: text("pin"),
            pin_hash: text("pinHash").map(|h| hex(&h)),
            session: text("session").map(|s| hex(&s)),
            unix_ms: get(case, "timestampMs").as_f64().map(|ms| ms as u64),
        }
    }

    fn with<T>(&self, run: impl FnOnce(&OcraInput) -> T) -> T {
        let question: Vec<&str> = self.question.iter().map(String::as_str).collect();
        let pin = match (&self.pin, &self.pin_hash) {
            (Some(pin), _) => Some(Pin::Text(pin)),
            (_, Some(hash)) => Some(Pin::Hash(hash)),
            _ => None,
        };
        run(&OcraInput {
            question: &question,
            counter: self.counter,
            pin,
            session: self.session.as_deref(),
            unix_ms: self.unix_ms,
        })
    }
}

/// The algorithm's number in the flat functions (keys.js's order).
fn number(suite: &OcraSuite) -> u32 {
    ["SHA1", "SHA256", "SHA512"]
        .iter()
        .position(|&name| name == suite.algorithm().name())
        .unwrap() as u32
}

/// What ocra.js makes of `ocra_digest`'s HMAC: the HOTP truncation, or the hex.
fn respond(digits: u32, mac: &[u8]) -> String {
    if digits == 0 {
        return hex_text(mac);
    }
    let at = usize::from(mac[mac.len() - 1] & 15);
    let value = u32::from_be_bytes(mac[at..at + 4].try_into().unwrap()) & 0x7fff_ffff;
    format!(
        "{:0width$}",
        u64::from(value) % 10u64.pow(digits),
        width = digits as usize
    )
}

#[wasm_bindgen_test]
fn every_vector_through_the_core_and_the_boundary() {
    let cases: Vec<JsValue> = vectors("rfc")
        .iter()
        .chain(vectors("cases").iter())
        .collect();
    assert!(cases.len() >= 100);
    for case in &cases {
        let suite = OcraSuite::parse(&get_str(case, "suite")).unwrap();
        let secret = js::base32_decode(get_str(case, "secret").as_bytes()).unwrap();
        let response = get_str(case, "response");
        let inputs = Inputs::read(case);
        let ocra = Ocra::new(suite.clone(), &Secret::from_bytes(&secret).unwrap());
        inputs.with(|input| {
            assert_eq!(
                ocra.generate(input).unwrap(),
                response,
                "{}",
                suite.as_str()
            );
            let matched = ocra.verify(&response, input, 0, 0).unwrap();
            assert!(matched.is_some(), "{}", suite.as_str());
            let message = suite.data_input(input).unwrap();
            let state = js::key_state(number(&suite), &secret);
            let mac = js::ocra_digest(number(&suite), &state, &message);
            assert_eq!(
                respond(suite.digits(), &mac),
                response,
                "{}",
                suite.as_str()
            );
        });
    }
    for suite in vectors("badSuites") {
        let suite = suite.as_string().unwrap();
        assert_eq!(
            OcraSuite::parse(&suite),
            Err(Error::InvalidSuite),
            "{suite}"
        );
    }
}

#[wasm_bindgen_test]
fn plain_hashes_for_pins_and_nothing_for_a_bad_state() {
    // FIPS 180-4's examples ("abc", and two SHA-256 blocks), and Appendix C's PIN 1234.
    let two_blocks = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    let table: [(u32, &[u8], &str); 5] = [
        (0, b"1234", "7110eda4d09e062aa5e4a390b0a572ac0d2c0220"),
        (0, b"abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        (
            1,
            b"abc",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        ),
        (
            1,
            two_blocks,
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        ),
        (
            2,
            b"abc",
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a\
             2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
        ),
    ];
    for (algorithm, message, expected) in table {
        assert_eq!(
            hex_text(&js::ocra_digest(algorithm, &[], message)),
            expected
        );
    }
    let state = js::key_state(0, b"12345678901234567890");
    assert_eq!(js::ocra_digest(0, &state, b"message").len(), 20);
    assert!(js::ocra_digest(0, &state[1..], b"message").is_empty());
    assert!(js::ocra_digest(1, &state, b"message").is_empty());
    assert!(js::ocra_digest(3, &[], b"message").is_empty());
}
