//! tests/vectors/transaction.json (written by scripts/transaction-vectors.py from the module's
//! documentation alone, over Python's hashlib and decimal) and the binding's properties.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use proptest::prelude::*;

use super::*;

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|byte| alloc::format!("{byte:02x}"))
        .collect()
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(&text[at..at + 2], 16).unwrap())
        .collect()
}

fn vectors() -> serde_json::Value {
    serde_json::from_str(include_str!("../../tests/vectors/transaction.json")).unwrap()
}

fn text(value: &serde_json::Value, key: &str) -> String {
    value[key].as_str().unwrap_or_default().to_string()
}

#[test]
fn every_case_as_the_independent_implementation_writes_it() {
    let vectors = vectors();
    let cases = vectors["cases"].as_array().unwrap();
    assert!(cases.len() >= 10);
    for case in cases {
        let tx = Transaction::new(
            &text(case, "amount"),
            &text(case, "currency"),
            &text(case, "payee"),
            &text(case, "reference"),
        )
        .unwrap();
        assert_eq!(tx.amount(), text(case, "canonicalAmount"), "{case}");
        assert_eq!(tx.minor_amount(), case["minorAmount"].as_u64().unwrap());
        assert_eq!(hex(tx.bytes()), text(case, "bytes"), "{case}");
        assert_eq!(tx.statement(), text(case, "statement"));
        let nonce = unhex(&text(case, "nonce"));
        assert_eq!(hex(&tx.challenge(&nonce).unwrap()), text(case, "challenge"));
        let long = unhex(&text(case, "longNonce"));
        assert_eq!(
            hex(&tx.challenge(&long).unwrap()),
            text(case, "longNonceChallenge")
        );
        for (name, expected) in case["questions"].as_object().unwrap() {
            let format = match &name[..1] {
                "N" => QuestionFormat::Numeric,
                "A" => QuestionFormat::Alphanumeric,
                _ => QuestionFormat::Hex,
            };
            let length: usize = name[1..].parse().unwrap();
            assert_eq!(
                tx.question(format, length, &nonce).unwrap(),
                expected.as_str().unwrap(),
                "{name}"
            );
        }
    }
}

#[test]
fn every_refused_payment_has_its_code() {
    let vectors = vectors();
    for case in vectors["refused"].as_array().unwrap() {
        let refused = Transaction::new(
            &text(case, "amount"),
            &text(case, "currency"),
            &text(case, "payee"),
            &text(case, "reference"),
        );
        assert_eq!(
            refused.map(|_| ()).unwrap_err().code(),
            text(case, "code"),
            "{case}"
        );
    }
}

#[test]
fn nonces_and_question_lengths_out_of_range_are_refused() {
    let tx = Transaction::new("42", "EUR", "Demo Shop Ltd", "").unwrap();
    for nonce in [&[0u8; 15][..], &[0u8; 65][..], &[][..]] {
        assert_eq!(tx.challenge(nonce), Err(Error::InvalidArgument));
        assert_eq!(
            tx.question(QuestionFormat::Numeric, 8, nonce),
            Err(Error::InvalidArgument)
        );
    }
    let nonce = [7u8; 16];
    for (format, length) in [
        (QuestionFormat::Numeric, 3),
        (QuestionFormat::Numeric, 20),
        (QuestionFormat::Alphanumeric, 53),
        (QuestionFormat::Hex, 65),
    ] {
        assert_eq!(
            tx.question(format, length, &nonce),
            Err(Error::InvalidArgument)
        );
    }
}

/// A payment's four parts, each from a small alphabet so that near-misses are common.
fn payment() -> impl Strategy<Value = (String, &'static str, String, String)> {
    (
        "[0-9]{1,4}(\\.[0-9]{1,2})?",
        prop::sample::select(&["EUR", "USD", "GBP"][..]),
        "[A-Za-z][A-Za-z. ]{0,6}[A-Za-z]",
        "([a-z0-9]{0,5})",
    )
        .prop_map(|(amount, currency, payee, reference)| (amount, currency, payee, reference))
}

proptest! {
    /// Two payments that differ in amount, currency, payee or reference never share bytes,
    /// a challenge or an 8-digit question; the same payment always gives the same ones.
    #[test]
    fn a_change_to_any_part_changes_the_binding(a in payment(), b in payment()) {
        let nonce = [9u8; 16];
        let (Ok(x), Ok(y)) = (
            Transaction::new(&a.0, a.1, &a.2, &a.3),
            Transaction::new(&b.0, b.1, &b.2, &b.3),
        ) else {
            return Ok(());
        };
        let same = (x.minor_amount(), x.currency(), x.payee(), x.reference())
            == (y.minor_amount(), y.currency(), y.payee(), y.reference());
        prop_assert_eq!(x.bytes() == y.bytes(), same);
        prop_assert_eq!(x.challenge(&nonce) == y.challenge(&nonce), same);
        if same {
            prop_assert_eq!(x.question(QuestionFormat::Numeric, 8, &nonce), y.question(QuestionFormat::Numeric, 8, &nonce));
        }
    }

    /// Any text at all is a payment or a clear error, never a panic.
    #[test]
    fn any_text_is_a_payment_or_an_error(amount in ".{0,24}", currency in ".{0,4}", payee in ".{0,80}", reference in ".{0,150}") {
        let _ = Transaction::new(&amount, &currency, &payee, &reference);
    }
}
