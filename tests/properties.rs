//! Property tests of the core: encodings round-trip, Key URIs round-trip, and a generated code
//! always verifies.
#![cfg(not(target_arch = "wasm32"))]

use otp_wasm::code_entry::normalize_code;
use otp_wasm::encoding::{base32, base64url};
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
