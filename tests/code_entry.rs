//! Code entry against the shared tables (tests/vectors/messages.json and sms.json, also run by
//! the wasm and Node tiers) and property tests of normalization.
#![cfg(not(target_arch = "wasm32"))]

use otp_wasm::Error;
use otp_wasm::code_entry::{
    CodeState, check_code, check_origin, extract_code, normalize_code, parse_sms_message,
};
use proptest::prelude::*;
use serde_json::Value;

#[test]
fn finds_the_code_in_real_messages() {
    let table: Vec<Value> = serde_json::from_str(include_str!("vectors/messages.json")).unwrap();
    assert!(table.len() >= 40);
    let mut failures = Vec::new();
    for case in &table {
        let text = case["text"].as_str().unwrap();
        let digits = case["digits"].as_u64().unwrap_or(6) as u32;
        let found = extract_code(text, digits)
            .unwrap()
            .map(|code| code.as_str().to_owned());
        if found.as_deref() != case["code"].as_str() {
            failures.push(format!("{}: got {found:?} in {text:?}", case["note"]));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn parses_origin_bound_messages_as_the_wicg_algorithm_does() {
    let all: Value = serde_json::from_str(include_str!("vectors/sms.json")).unwrap();
    for case in all["parse"].as_array().unwrap() {
        let message = case["message"].as_str().unwrap();
        let parsed = parse_sms_message(message).map(|sms| {
            serde_json::json!({
                "code": sms.code, "domain": sms.domain, "embeddedDomain": sms.embedded_domain,
            })
        });
        assert_eq!(
            parsed.unwrap_or(Value::Null),
            case["expected"],
            "{}",
            case["note"]
        );
    }
    for case in all["origin"].as_array().unwrap() {
        let sms = parse_sms_message(case["message"].as_str().unwrap()).unwrap();
        let checked = check_origin(
            &sms,
            case["hostname"].as_str().unwrap(),
            case["topHostname"].as_str(),
        );
        let expected = if case["bound"] == true {
            Ok(())
        } else {
            Err(Error::WrongOrigin)
        };
        assert_eq!(checked, expected, "{}", case["note"]);
    }
}

/// The zero of a few scripts' digits: ASCII, Arabic-Indic, Extended Arabic-Indic,
/// Devanagari, Bengali, Thai, full-width, mathematical bold.
const ZEROS: [char; 8] = [
    '0',
    '\u{660}',
    '\u{6f0}',
    '\u{966}',
    '\u{9e6}',
    '\u{e50}',
    '\u{ff10}',
    '\u{1d7ce}',
];

fn separator() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(vec![" ", "-", "\u{a0}", "\u{2009}", "\u{2013}", ".", " - "])
}

proptest! {
    #[test]
    fn normalizing_a_normal_code_is_the_identity(code in "[0-9]{4,10}") {
        let normal = normalize_code(&code, code.len() as u32).unwrap();
        prop_assert_eq!(normal.as_str(), code.as_str());
        prop_assert_eq!(check_code(&code, code.len() as u32).unwrap().state, CodeState::Complete);
    }

    #[test]
    fn separators_and_scripts_normalize_back(
        code in "[0-9]{6}",
        scripts in proptest::collection::vec(0u32..8, 6),
        cuts in proptest::collection::vec((1usize..6, separator()), 0..3),

    ) {
        let mut typed = String::new();
        for (i, (byte, script)) in code.bytes().zip(&scripts).enumerate() {
            if let Some((_, sep)) = cuts.iter().find(|(at, _)| *at == i) {
                typed.push_str(sep);
            }
            let value = u32::from(byte - b'0');
            typed.push(char::from_u32(u32::from(ZEROS[*script as usize]) + value).unwrap());
        }
        let typed = format!("  {typed}\n");
        let normal = normalize_code(&typed, 6).unwrap();
        prop_assert_eq!(normal.as_str(), code.as_str());
    }

    #[test]
    fn extraction_never_panics(text in any::<String>(), digits in 4u32..=10) {
        let _ = extract_code(&text, digits);
        let _ = check_code(&text, digits);
    }
}
