//! OCRA (RFC 6287) against tests/vectors/ocra.json: Appendix C, and the responses of an
//! independent implementation (scripts/ocra-vectors.py: Python's hmac and hashlib) for every
//! part of the suite grammar, and its malformed suites. The same file drives the wasm-bindgen
//! suites and the packed package's tests. Then which inputs a suite takes, and verification's
//! windows (tests/properties.rs tries them at random).
#![cfg(not(target_arch = "wasm32"))]

use otp_wasm::Error;
use otp_wasm::otp::Secret;
use otp_wasm::otp::ocra::{Ocra, OcraInput, OcraMatch, OcraSuite, Pin};
use serde_json::Value;

fn vectors(table: &str) -> Vec<Value> {
    let all: Value = serde_json::from_str(include_str!("vectors/ocra.json")).unwrap();
    all[table].as_array().unwrap().clone()
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// A case's inputs, owned, with the borrowed [`OcraInput`] made from them.
struct Case {
    ocra: Ocra,
    question: Vec<String>,
    counter: Option<u64>,
    pin: Option<String>,
    pin_hash: Option<Vec<u8>>,
    session: Option<Vec<u8>>,
    unix_ms: Option<u64>,
    response: String,
}

impl Case {
    fn read(case: &Value) -> Case {
        let text = |name: &str| case[name].as_str().map(str::to_owned);
        let suite = OcraSuite::parse(&text("suite").unwrap()).unwrap();
        let secret = Secret::from_base32(&text("secret").unwrap()).unwrap();
        let question = match &case["question"] {
            Value::Array(parts) => parts.iter().map(|p| p.as_str().unwrap().into()).collect(),
            part => vec![part.as_str().unwrap().into()],
        };
        Case {
            ocra: Ocra::new(suite, &secret),
            question,
            counter: text("counter").map(|c| c.parse().unwrap()),
            pin: text("pin"),
            pin_hash: text("pinHash").map(|h| hex(&h)),
            session: text("session").map(|s| hex(&s)),
            unix_ms: case["timestampMs"].as_u64(),
            response: text("response").unwrap(),
        }
    }

    fn check(&self, what: &Value) {
        let question: Vec<&str> = self.question.iter().map(String::as_str).collect();
        let pin = match (&self.pin, &self.pin_hash) {
            (Some(pin), _) => Some(Pin::Text(pin)),
            (_, Some(hash)) => Some(Pin::Hash(hash)),
            _ => None,
        };
        let input = OcraInput {
            question: &question,
            counter: self.counter,
            pin,
            session: self.session.as_deref(),
            unix_ms: self.unix_ms,
        };
        assert_eq!(self.ocra.generate(&input).unwrap(), self.response, "{what}");
        let matched = self.ocra.verify(&self.response, &input, 0, 0).unwrap();
        let matched = matched.unwrap_or_else(|| panic!("no match: {what}"));
        assert_eq!((matched.counter, matched.counter_delta), (self.counter, 0));
        assert_eq!(matched.step_delta, 0, "{what}");
    }
}

#[test]
fn rfc_6287_appendix_c() {
    let cases = vectors("rfc");
    assert_eq!(cases.len(), 70);
    for case in &cases {
        Case::read(case).check(case);
    }
}

#[test]
fn every_part_of_the_grammar_matches_an_independent_implementation() {
    let cases = vectors("cases");
    assert!(cases.len() >= 30);
    for case in &cases {
        Case::read(case).check(case);
    }
}

#[test]
fn malformed_suites_are_invalid_suite() {
    for suite in vectors("badSuites") {
        let suite = suite.as_str().unwrap();
        assert_eq!(
            OcraSuite::parse(suite),
            Err(Error::InvalidSuite),
            "{suite:?}"
        );
    }
}

/// A key for `suite` with RFC 6287 Appendix C's 20-byte secret.
fn ocra(suite: &str) -> Ocra {
    let secret = Secret::from_bytes(b"12345678901234567890").unwrap();
    Ocra::new(OcraSuite::parse(suite).unwrap(), &secret)
}

#[test]
fn inputs_the_suite_needs_and_only_those() {
    let full = ocra("OCRA-1:HOTP-SHA1-6:C-QH08-PSHA1-S004-T1M");
    let complete = OcraInput {
        question: &["abcdef01"],
        counter: Some(1),
        pin: Some(Pin::Text("1234")),
        session: Some(&[1, 2]),
        unix_ms: Some(0),
    };
    assert!(full.generate(&complete).is_ok());
    let without = |change: fn(&mut OcraInput)| {
        let mut input = complete;
        change(&mut input);
        full.generate(&input).err()
    };
    assert_eq!(without(|i| i.counter = None), Some(Error::MissingCounter));
    assert_eq!(without(|i| i.pin = None), Some(Error::MissingPin));
    assert_eq!(without(|i| i.session = None), Some(Error::MissingSession));
    assert_eq!(without(|i| i.unix_ms = None), Some(Error::InvalidArgument));
    assert_eq!(
        without(|i| i.session = Some(&[0; 5])),
        Some(Error::InvalidArgument)
    );
    assert_eq!(
        without(|i| i.pin = Some(Pin::Hash(&[0; 19]))),
        Some(Error::InvalidArgument)
    );

    let bare = ocra("OCRA-1:HOTP-SHA1-6:QN08");
    let question = OcraInput {
        question: &["12345678"],
        ..Default::default()
    };
    for extra in [
        OcraInput {
            counter: Some(0),
            ..question
        },
        OcraInput {
            pin: Some(Pin::Text("1")),
            ..question
        },
        OcraInput {
            session: Some(&[]),
            ..question
        },
        OcraInput {
            unix_ms: Some(0),
            ..question
        },
    ] {
        assert_eq!(bare.generate(&extra), Err(Error::InvalidArgument));
    }
    // Questions: 4..=8 characters of the format; one, or two for the mutual mode.
    for wrong in [
        &[][..],
        &["123"],
        &["123456789"],
        &["1234567a"],
        &["1234", "5678", "9012"],
    ] {
        let input = OcraInput {
            question: wrong,
            ..Default::default()
        };
        assert_eq!(
            bare.generate(&input),
            Err(Error::InvalidQuestion),
            "{wrong:?}"
        );
    }
    let alphanumeric = ocra("OCRA-1:HOTP-SHA1-6:QA08");
    for wrong in ["abc\u{e9}", "tab\there", "new\nline"] {
        let input = OcraInput {
            question: &[wrong],
            ..Default::default()
        };
        assert_eq!(
            alphanumeric.generate(&input),
            Err(Error::InvalidQuestion),
            "{wrong:?}"
        );
    }
}

#[test]
fn verify_moves_the_counter_and_the_time_through_their_windows() {
    let timed = ocra("OCRA-1:HOTP-SHA256-8:C-QN08-T30S");
    let at = |counter, unix_ms| OcraInput {
        question: &["12345678"],
        counter: Some(counter),
        unix_ms: Some(unix_ms),
        ..Default::default()
    };
    let response = timed.generate(&at(7, 300_000)).unwrap();
    let matched = timed
        .verify(&response, &at(5, 330_000), 2, 1)
        .unwrap()
        .unwrap();
    assert_eq!(
        matched,
        OcraMatch {
            counter: Some(7),
            counter_delta: 2,
            step: Some(10),
            step_delta: -1
        }
    );
    assert_eq!(timed.verify(&response, &at(5, 330_000), 1, 1), Ok(None));
    assert_eq!(timed.verify(&response, &at(7, 360_000), 0, 1), Ok(None));
    assert_eq!(timed.verify("1234567", &at(7, 300_000), 0, 0), Ok(None));
    assert_eq!(
        timed.verify(&response, &at(7, 300_000), 101, 0),
        Err(Error::InvalidArgument)
    );

    let untimed = ocra("OCRA-1:HOTP-SHA1-0:QH08");
    let input = OcraInput {
        question: &["0123abcd"],
        ..Default::default()
    };
    let hmac = untimed.generate(&input).unwrap();
    assert_eq!(hmac.len(), 40);
    let matched = untimed
        .verify(&hmac.to_uppercase(), &input, 0, 0)
        .unwrap()
        .unwrap();
    assert_eq!((matched.counter, matched.step), (None, None));
    assert_eq!(untimed.verify(&hmac[1..], &input, 0, 0), Ok(None));
    assert_eq!(
        untimed.verify(&hmac, &input, 1, 0),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        untimed.verify(&hmac, &input, 0, 1),
        Err(Error::InvalidArgument)
    );
}
