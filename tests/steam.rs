//! Steam Guard keys against tests/vectors/steam.json, written by an independent implementation
//! (scripts/steam-vectors.py): codes, verification, and the Key URI forms that carry them.
#![cfg(not(target_arch = "wasm32"))]

use otp_wasm::Error;
use otp_wasm::migration;
use otp_wasm::otp::{Algorithm, CodeEncoding, OtpKey, Secret, Totp};
use otp_wasm::uri::{self, Otp};
use serde_json::Value;

fn cases() -> Vec<Value> {
    let all: Value = serde_json::from_str(include_str!("vectors/steam.json")).unwrap();
    all["cases"].as_array().unwrap().clone()
}

fn steam(secret: &str) -> Totp {
    let key = OtpKey::new(Secret::from_base32(secret).unwrap(), Algorithm::Sha1, 6).unwrap();
    Totp::new(key.into_steam().unwrap(), 30).unwrap()
}

fn totp(otp: Otp) -> Totp {
    match otp {
        Otp::Totp(totp) => totp,
        Otp::Hotp(_) => panic!("a Steam key is time-based"),
    }
}

#[test]
fn codes_match_the_independent_implementation() {
    let cases = cases();
    assert!(cases.len() >= 40);
    for case in &cases {
        let key = steam(case["secret"].as_str().unwrap());
        let at = case["time_ms"].as_u64().unwrap();
        let code = case["code"].as_str().unwrap();
        assert_eq!(key.generate(at).as_str(), code, "{case}");
        let matched = key.verify(code, at, 1, None).unwrap().unwrap();
        assert_eq!(matched.step, at / 30_000);
        // What a person types: lower case, white space around it.
        let typed = format!(" {}\n", code.to_ascii_lowercase());
        assert!(key.verify(&typed, at, 0, None).unwrap().is_some(), "{case}");
    }
}

#[test]
fn other_codes_do_not_verify() {
    let key = steam(cases()[0]["secret"].as_str().unwrap());
    let code = key.generate(0);
    for wrong in ["", "22222", "YFG5", "YFG533", "YFG5A", "123456", "YFG 53"] {
        if wrong != code.as_str() {
            assert_eq!(key.verify(wrong, 0, 1, None), Ok(None), "{wrong:?}");
        }
    }
    // The replay guard holds for Steam keys too.
    assert_eq!(key.verify(code.as_str(), 0, 0, Some(0)), Ok(None));
}

#[test]
fn key_uris_carry_steam_keys() {
    let case = &cases()[9];
    let secret = case["secret"].as_str().unwrap();
    let at = case["time_ms"].as_u64().unwrap();
    let code = case["code"].as_str().unwrap();
    let forms = [
        format!("otpauth://steam/Steam:gaben?secret={secret}&issuer=Steam"),
        format!("OTPAUTH://STEAM/Steam:gaben?secret={secret}&algorithm=SHA1&digits=5&period=30"),
        format!("otpauth://totp/Steam:gaben?secret={secret}&encoder=steam"),
        // The digits parameter says nothing for Steam: its codes are always five letters.
        format!("otpauth://totp/Steam:gaben?secret={secret}&digits=6&encoder=Steam"),
    ];
    for form in &forms {
        let key = totp(uri::parse(form).unwrap());
        assert_eq!(key.key().encoding(), CodeEncoding::Steam, "{form}");
        assert_eq!(key.key().digits(), 5);
        assert_eq!(key.generate(at).as_str(), code, "{form}");
        let written = key.to_uri();
        assert_eq!(
            written.as_str(),
            format!(
                "otpauth://steam/Steam:gaben?secret={secret}&issuer=Steam&algorithm=SHA1&digits=5&period=30"
            )
        );
        let again = totp(uri::parse(&written).unwrap());
        assert_eq!(again.generate(at).as_str(), code);
    }
}

#[test]
fn steam_uris_that_cannot_be_steam_keys_are_refused() {
    let secret = cases()[0]["secret"].as_str().unwrap().to_owned();
    let refused = [
        (
            format!("otpauth://steam/x?secret={secret}&algorithm=SHA256"),
            Error::InvalidAlgorithm,
        ),
        (
            format!("otpauth://steam/x?secret={secret}&period=0"),
            Error::InvalidPeriod,
        ),
        ("otpauth://steam/x".to_owned(), Error::MissingSecret),
        (
            format!("otpauth://steamy/x?secret={secret}"),
            Error::InvalidUri,
        ),
    ];
    for (form, error) in refused {
        assert_eq!(uri::parse(&form).err(), Some(error), "{form}");
    }
    // An encoder other than Steam's is an unknown parameter, like any other.
    let decimal = uri::parse(&format!("otpauth://totp/x?secret={secret}&encoder=decimal"));
    assert_eq!(decimal.unwrap().key().encoding(), CodeEncoding::Decimal);
    // HOTP keys have no Steam form: the parameter is ignored there.
    let hotp = uri::parse(&format!(
        "otpauth://hotp/x?secret={secret}&counter=1&encoder=steam"
    ));
    assert_eq!(hotp.unwrap().key().encoding(), CodeEncoding::Decimal);
}

#[test]
fn google_authenticator_cannot_carry_steam_keys() {
    let key = uri::parse(&format!(
        "otpauth://steam/Steam:gaben?secret={}",
        cases()[0]["secret"].as_str().unwrap()
    ))
    .unwrap();
    assert_eq!(
        migration::write(&[key], 10, 1).err(),
        Some((0, Error::NotRepresentable))
    );
}
