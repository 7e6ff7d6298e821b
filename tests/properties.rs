//! Property tests of the core: encodings round-trip, Key URIs round-trip, a generated code
//! always verifies, and OCRA's verification windows find exactly what is inside them.
#![cfg(not(target_arch = "wasm32"))]

use otp_wasm::code_entry::normalize_code;
use otp_wasm::encoding::{base32, base64url};
use otp_wasm::otp::ocra::{Ocra, OcraInput, OcraSuite};
use otp_wasm::otp::{Algorithm, Hotp, OtpKey, Secret, Totp};
use otp_wasm::uri::{self, Otp};
use proptest::prelude::*;

fn algorithm() -> impl Strategy<Value = Algorithm> {
    prop_oneof![
        Just(Algorithm::Sha1),
        Just(Algorithm::Sha256),
        Just(Algorithm::Sha512)
    ]
}

fn key() -> impl Strategy<Value = OtpKey> {
    (
        proptest::collection::vec(any::<u8>(), 1..80),
        algorithm(),
        6u32..=10,
        "[^:]{0,20}",
        any::<String>(),
    )
        .prop_map(|(secret, algorithm, digits, issuer, label)| {
            // Without an issuer the label may not hold the `:` that would split it.
            let label = if issuer.is_empty() {
                label.replace(':', "")
            } else {
                label
            };
            OtpKey::new(Secret::from_bytes(&secret).unwrap(), algorithm, digits)
                .unwrap()
                .with_account(&issuer, &label)
                .unwrap()
        })
}

fn same_key(a: &OtpKey, b: &OtpKey) {
    assert_eq!(a.secret(), b.secret());
    assert_eq!(a.algorithm(), b.algorithm());
    assert_eq!(a.digits(), b.digits());
    assert_eq!(a.issuer(), b.issuer());
    // A leading space after the issuer separator is dropped by the parser, as the format says.
    let expected = if a.issuer().is_empty() {
        a.label()
    } else {
        a.label().trim_start_matches(' ')
    };
    assert_eq!(b.label(), expected);
}

proptest! {
    #[test]
    fn base32_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..100), padding: bool) {
        let encoded = base32::encode(&bytes, padding);
        prop_assert_eq!(base32::decode(&encoded).unwrap(), bytes.clone());
        prop_assert_eq!(base32::decode(&encoded.to_lowercase()).unwrap(), bytes);
    }

    #[test]
    fn base64url_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..100)) {
        let encoded = base64url::encode(&bytes);
        prop_assert!(!encoded.contains(['=', '+', '/']));
        prop_assert_eq!(base64url::decode(&encoded).unwrap(), bytes);
    }

    #[test]
    fn decoders_never_panic(text in any::<String>()) {
        let _ = base32::decode(&text);
        let _ = base64url::decode(&text);
        let _ = uri::parse(&text);
        let _ = normalize_code(&text, 6);
        let _ = OcraSuite::parse(&text);
    }

    #[test]
    fn totp_uri_round_trips(key in key(), period in 1u32..=3600) {
        let totp = Totp::new(key, period).unwrap();
        let Otp::Totp(parsed) = uri::parse(&totp.to_uri()).unwrap() else { panic!("not totp") };
        same_key(totp.key(), parsed.key());
        prop_assert_eq!(parsed.period(), period);
    }

    #[test]
    fn hotp_uri_round_trips(key in key(), counter: u64) {
        let hotp = Hotp::new(key, counter);
        let Otp::Hotp(parsed) = uri::parse(&hotp.to_uri()).unwrap() else { panic!("not hotp") };
        same_key(hotp.key(), parsed.key());
        prop_assert_eq!(parsed.counter(), counter);
    }

    #[test]
    fn generated_totp_codes_verify(key in key(), period in 1u32..=3600, now in 0u64..=1u64 << 53, skew in -1i64..=1) {
        let totp = Totp::new(key, period).unwrap();
        let then = now.saturating_add_signed(skew * i64::from(period) * 1000);
        let code = totp.generate(then);
        prop_assert_eq!(code.len() as u32, totp.key().digits());
        let matched = totp.verify(code.as_str(), now, 1, None).unwrap();
        prop_assert!(matched.is_some());
    }

    #[test]
    fn generated_hotp_codes_verify(key in key(), counter: u64, ahead in 0u64..=5) {
        let hotp = Hotp::new(key, counter);
        let code = hotp.generate(counter.saturating_add(ahead));
        let matched = hotp.verify(code.as_str(), counter, 5, ).unwrap();
        prop_assert!(matched.is_some());
    }
}

/// An OCRA key whose responses are the whole HMAC (digits 0), so no two candidates in a window
/// share a response by chance and a miss outside the window is certain.
fn ocra(data_input: &str) -> impl Strategy<Value = Ocra> {
    let data_input = data_input.to_owned();
    (proptest::collection::vec(any::<u8>(), 1..80), algorithm()).prop_map(
        move |(secret, algorithm)| {
            let suite = format!("OCRA-1:HOTP-{}-0:{data_input}", algorithm.name());
            Ocra::new(
                OcraSuite::parse(&suite).unwrap(),
                &Secret::from_bytes(&secret).unwrap(),
            )
        },
    )
}

proptest! {
    /// A response made `ahead` counters on verifies within a look-ahead of at least `ahead`,
    /// reporting that counter, and never within a shorter one.
    #[test]
    fn ocra_counter_window_finds_the_counter(
        ocra in ocra("C-QA08"),
        question in "[ -~]{4,8}",
        counter: u64,
        ahead in 0u64..=12,
        window in 0u32..=12,
    ) {
        let made_at = counter.checked_add(ahead);
        prop_assume!(made_at.is_some());
        let question = [question.as_str()];
        let at = |counter| OcraInput { question: &question, counter: Some(counter), ..Default::default() };
        let response = ocra.generate(&at(made_at.unwrap())).unwrap();
        let matched = ocra.verify(&response, &at(counter), window, 0).unwrap();
        if ahead <= u64::from(window) {
            let matched = matched.unwrap();
            prop_assert_eq!((matched.counter, matched.counter_delta), (made_at, ahead));
        } else {
            prop_assert_eq!(matched, None);
        }
    }

    /// A response made `skew` steps away verifies within a time window of at least `|skew|`,
    /// reporting that step, and never within a narrower one.
    #[test]
    fn ocra_time_window_finds_the_step(
        ocra in ocra("QN08-T30S"),
        question in "[0-9]{4,8}",
        now in 0u64..=1u64 << 53,
        skew in -12i64..=12,
        window in 0u32..=12,
    ) {
        let step_ms = 30_000;
        let then = (now / step_ms).checked_add_signed(skew);
        prop_assume!(then.is_some());
        let question = [question.as_str()];
        let at = |unix_ms| OcraInput { question: &question, unix_ms: Some(unix_ms), ..Default::default() };
        let response = ocra.generate(&at(then.unwrap() * step_ms)).unwrap();
        let matched = ocra.verify(&response, &at(now), 0, window).unwrap();
        if skew.unsigned_abs() <= u64::from(window) {
            let matched = matched.unwrap();
            prop_assert_eq!((matched.step, matched.step_delta), (then, skew));
        } else {
            prop_assert_eq!(matched, None);
        }
    }

    /// Both windows at once: the pair the response was made at, and only inside both.
    #[test]
    fn ocra_windows_together_find_the_pair(
        ocra in ocra("C-QH08-T1M"),
        counter in 0u64..=1 << 40,
        ahead in 0u64..=4,
        now in 120_000u64..=1u64 << 53,
        skew in -2i64..=2,
        (counter_window, time_window) in (0u32..=4, 0u32..=2),
    ) {
        let then = (now / 60_000).checked_add_signed(skew).unwrap();
        let at = |counter, unix_ms| OcraInput {
            question: &["c0ffee1"],
            counter: Some(counter),
            unix_ms: Some(unix_ms),
            ..Default::default()
        };
        let response = ocra.generate(&at(counter + ahead, then * 60_000)).unwrap();
        let matched = ocra.verify(&response.to_uppercase(), &at(counter, now), counter_window, time_window).unwrap();
        if ahead <= u64::from(counter_window) && skew.unsigned_abs() <= u64::from(time_window) {
            let matched = matched.unwrap();
            prop_assert_eq!((matched.counter_delta, matched.step_delta), (ahead, skew));
        } else {
            prop_assert_eq!(matched, None);
        }
    }
}
