//! The shared vector tables (tests/vectors/otp.json) run against the native core. The same file
//! drives the wasm-bindgen suites and the Node tests of the packed package.
#![cfg(not(target_arch = "wasm32"))]

use otp_wasm::Error;
use otp_wasm::encoding::base32;
use otp_wasm::otp::{Algorithm, Hotp, OtpKey, Secret, Totp};
use otp_wasm::uri::{self, Otp};
use serde_json::Value;

fn vectors(table: &str) -> Vec<Value> {
    let all: Value = serde_json::from_str(include_str!("vectors/otp.json")).unwrap();
    all[table].as_array().unwrap().clone()
}

fn text<'a>(case: &'a Value, field: &str) -> &'a str {
    case[field]
        .as_str()
        .unwrap_or_else(|| panic!("{field} in {case}"))
}

fn key(case: &Value) -> OtpKey {
    let secret = Secret::from_base32(text(case, "secret")).unwrap();
    let algorithm = Algorithm::parse(text(case, "algorithm")).unwrap();
    OtpKey::new(secret, algorithm, case["digits"].as_u64().unwrap() as u32).unwrap()
}

#[test]
fn hotp_vectors() {
    let cases = vectors("hotp");
    assert!(cases.len() >= 22);
    for case in &cases {
        let counter: u64 = text(case, "counter").parse().unwrap();
        let hotp = Hotp::new(key(case), 0);
        assert_eq!(
            hotp.generate(counter).as_str(),
            text(case, "code"),
            "{case}"
        );
        let matched = hotp.verify(text(case, "code"), counter, 0).unwrap();
        assert_eq!(matched.map(|m| m.counter), Some(counter), "{case}");
    }
}

#[test]
fn totp_vectors() {
    let cases = vectors("totp");
    assert!(cases.len() >= 18);
    for case in &cases {
        let totp = Totp::new(key(case), case["period"].as_u64().unwrap() as u32).unwrap();
        let at = case["timestampMs"].as_u64().unwrap();
        assert_eq!(totp.generate(at).as_str(), text(case, "code"), "{case}");
        let matched = totp
            .verify(text(case, "code"), at, 1, None)
            .unwrap()
            .unwrap();
        assert_eq!(matched.delta, 0);
        assert_eq!(matched.step, at / 1000 / case["period"].as_u64().unwrap());
    }
}

#[test]
fn base32_vectors() {
    for case in vectors("base32") {
        let plain = text(&case, "text").as_bytes();
        assert_eq!(base32::encode(plain, true), text(&case, "encoded"));
        assert_eq!(base32::decode(text(&case, "encoded")).unwrap(), plain);
    }
}

#[test]
fn key_uris_seen_in_the_wild() {
    for case in vectors("uris") {
        let parsed = uri::parse(text(&case, "uri")).unwrap_or_else(|e| panic!("{e:?}: {case}"));
        let key = parsed.key();
        assert_eq!(*key.secret().to_base32(), text(&case, "secret"), "{case}");
        assert_eq!(key.algorithm().name(), text(&case, "algorithm"), "{case}");
        assert_eq!(
            u64::from(key.digits()),
            case["digits"].as_u64().unwrap(),
            "{case}"
        );
        assert_eq!(key.issuer(), text(&case, "issuer"), "{case}");
        assert_eq!(key.label(), text(&case, "label"), "{case}");
        match (&parsed, text(&case, "type")) {
            (Otp::Totp(totp), "totp") => {
                assert_eq!(u64::from(totp.period()), case["period"].as_u64().unwrap());
            }
            (Otp::Hotp(hotp), "hotp") => {
                assert_eq!(hotp.counter().to_string(), text(&case, "counter"));
            }
            _ => panic!("wrong type for {case}"),
        }
    }
}

#[test]
fn malformed_key_uris_say_what_is_wrong() {
    for case in vectors("badUris") {
        let error = uri::parse(text(&case, "uri")).map(|_| ()).unwrap_err();
        assert_eq!(error.code(), text(&case, "error"), "{case}");
    }
}

#[test]
fn canonical_uri_spells_everything_out() {
    let key = OtpKey::new(
        Secret::from_base32("jbsw y3dp ehpk 3pxp").unwrap(),
        Algorithm::Sha256,
        8,
    )
    .unwrap()
    .with_account("ACME Co", "jane@example.com")
    .unwrap();
    assert_eq!(
        *Totp::new(key.clone(), 60).unwrap().to_uri(),
        "otpauth://totp/ACME%20Co:jane%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co\
         &algorithm=SHA256&digits=8&period=60"
    );
    assert_eq!(
        *Hotp::new(key, u64::MAX).to_uri(),
        "otpauth://hotp/ACME%20Co:jane%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co\
         &algorithm=SHA256&digits=8&counter=18446744073709551615"
    );
}

#[test]
fn totp_verify_window_and_replay_guard() {
    let secret = Secret::from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap();
    let totp = Totp::new(OtpKey::new(secret, Algorithm::Sha1, 6).unwrap(), 30).unwrap();
    let now = 1_700_000_000_000;
    let step = totp.step_at(now);
    let previous = totp.generate(now - 30_000);
    let next = totp.generate(now + 30_000);
    let two_back = totp.generate(now - 60_000);

    let found = |code: &str, window, after| totp.verify(code, now, window, after).unwrap();
    assert_eq!(
        found(previous.as_str(), 1, None).map(|m| (m.delta, m.step)),
        Some((-1, step - 1))
    );
    assert_eq!(found(next.as_str(), 1, None).map(|m| m.delta), Some(1));
    assert_eq!(found(two_back.as_str(), 1, None), None);
    assert_eq!(found(two_back.as_str(), 2, None).map(|m| m.delta), Some(-2));
    assert_eq!(found(previous.as_str(), 0, None), None);
    // RFC 6238 §5.2: once a step is accepted, its code (and older ones) is refused.
    assert_eq!(found(previous.as_str(), 1, Some(step - 1)), None);
    assert_eq!(
        found(next.as_str(), 1, Some(step)).map(|m| m.step),
        Some(step + 1)
    );
    // Malformed tokens are no match, not an error; an absurd window is an error.
    assert_eq!(found("12345", 1, None), None);
    assert_eq!(found("abcdef", 1, None), None);
    assert_eq!(
        totp.verify("123456", now, 101, None),
        Err(Error::InvalidArgument)
    );
    // The token is normalized as a person would type it.
    let current = totp.generate(now);
    let spaced = format!("{} {}", &current.as_str()[..3], &current.as_str()[3..]);
    assert_eq!(found(&spaced, 0, None).map(|m| m.delta), Some(0));
    assert_eq!(totp.remaining_ms(now), 10_000);
    assert_eq!(totp.remaining_ms(step * 30_000), 30_000);
}

#[test]
fn totp_at_the_edges_of_time() {
    let secret = Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
    let totp = Totp::new(OtpKey::new(secret, Algorithm::Sha1, 6).unwrap(), 30).unwrap();
    let code = totp.generate(0);
    assert_eq!(
        totp.verify(code.as_str(), 0, 1, None)
            .unwrap()
            .map(|m| m.delta),
        Some(0)
    );
    let code = totp.generate(u64::MAX);
    assert_eq!(
        totp.verify(code.as_str(), u64::MAX, 3, None)
            .unwrap()
            .map(|m| m.delta),
        Some(0)
    );
}

#[test]
fn hotp_look_ahead_window() {
    let secret = Secret::from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap();
    let hotp = Hotp::new(OtpKey::new(secret, Algorithm::Sha1, 6).unwrap(), 0);
    // RFC 4226 Appendix D: counter 5 is 254676.
    assert_eq!(hotp.verify("254676", 2, 2).unwrap(), None);
    let matched = hotp.verify("254676", 2, 3).unwrap().unwrap();
    assert_eq!((matched.delta, matched.counter), (3, 5));
    assert_eq!(hotp.verify("254676", 6, 10).unwrap(), None);
    let last = hotp.generate(u64::MAX);
    assert_eq!(
        hotp.verify(last.as_str(), u64::MAX, 5)
            .unwrap()
            .map(|m| m.counter),
        Some(u64::MAX)
    );
}

#[test]
fn issuer_and_label_follow_the_key_uri_rules() {
    let key = || {
        OtpKey::new(
            Secret::from_bytes(b"0123456789").unwrap(),
            Algorithm::Sha1,
            6,
        )
        .unwrap()
    };
    assert_eq!(
        key().with_account("A:B", "x").map(|_| ()),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        key().with_account("", "x:y").map(|_| ()),
        Err(Error::InvalidArgument)
    );
    assert!(key().with_account("A", "x:y").is_ok());
    assert_eq!(
        OtpKey::new(Secret::from_bytes(b"k").unwrap(), Algorithm::Sha1, 5).map(|_| ()),
        Err(Error::InvalidDigits)
    );
    assert_eq!(
        OtpKey::new(Secret::from_bytes(b"k").unwrap(), Algorithm::Sha1, 11).map(|_| ()),
        Err(Error::InvalidDigits)
    );
    assert_eq!(Totp::new(key(), 0).map(|_| ()), Err(Error::InvalidPeriod));
    assert_eq!(
        Totp::new(key(), 3601).map(|_| ()),
        Err(Error::InvalidPeriod)
    );
}

/// Google Authenticator transfer URIs written by protobuf's own Python library
/// (scripts/migration-vectors.py): every algorithm, digit count and type, counters to 2^63-1,
/// 80- and 512-bit secrets, non-ASCII names, five batches; MD5 and an empty secret skipped.
#[test]
fn migration_uris_from_an_independent_encoder() {
    use otp_wasm::migration;
    let cases: Value = serde_json::from_str(include_str!("vectors/migration.json")).unwrap();
    let mut read = 0;
    for case in cases.as_array().unwrap() {
        let parsed = migration::parse(case["uri"].as_str().unwrap()).unwrap();
        assert_eq!(
            parsed.batch_size,
            case["batchSize"].as_i64().unwrap() as i32
        );
        assert_eq!(
            parsed.batch_index,
            case["batchIndex"].as_i64().unwrap() as i32
        );
        assert_eq!(parsed.batch_id, case["batchId"].as_i64().unwrap() as i32);
        let mut keys = parsed.keys.iter();
        for entry in case["entries"].as_array().unwrap() {
            let index = entry["index"].as_u64().unwrap() as usize;
            if entry["skipped"] == true {
                assert!(parsed.skipped.iter().any(|(at, _)| *at == index), "{entry}");
                continue;
            }
            let otp = keys.next().expect("a key for each entry not skipped");
            let key = otp.key();
            assert_eq!(
                base32::encode(key.secret().as_bytes(), false),
                entry["secret"]
            );
            assert_eq!(key.algorithm().name(), entry["algorithm"]);
            assert_eq!(u64::from(key.digits()), entry["digits"].as_u64().unwrap());
            assert_eq!(
                (key.issuer(), key.label()),
                (
                    entry["issuer"].as_str().unwrap(),
                    entry["label"].as_str().unwrap()
                )
            );
            match otp {
                Otp::Hotp(hotp) => {
                    assert_eq!(entry["type"], "hotp");
                    assert_eq!(hotp.counter().to_string(), entry["counter"]);
                }
                Otp::Totp(totp) => {
                    assert_eq!((entry["type"].as_str(), totp.period()), (Some("totp"), 30))
                }
            }
            read += 1;
        }
        assert!(keys.next().is_none());
        // Written back and read again: the same keys, in the same order.
        let uris = migration::write(&parsed.keys, 10, parsed.batch_id).unwrap();
        let again = migration::parse(&uris[0]).unwrap();
        let canonical = |keys: &[Otp]| {
            keys.iter()
                .map(|otp| otp.to_uri().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(canonical(&again.keys), canonical(&parsed.keys));
    }
    assert_eq!(read, 45);
}
