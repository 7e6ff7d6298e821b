//! Backup files the apps themselves wrote (tests/vectors/backups, see its README), each read
//! into the seven accounts of plain.txt they were made from; wrong and missing passphrases;
//! hostile data; and Aegis files this crate writes read back.
#![cfg(all(not(target_arch = "wasm32"), feature = "backup"))]

use otp_wasm::Error;
use otp_wasm::backup::{self, Format, Imported};
use otp_wasm::otp::CodeEncoding;
use otp_wasm::uri::{self, Otp};

fn file(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/vectors/backups/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Everything a key is: kind, secret, algorithm, digits, encoding, period or counter, account.
fn describe(otp: &Otp) -> String {
    let key = otp.key();
    let moving = match otp {
        Otp::Totp(totp) => format!("totp period {}", totp.period()),
        Otp::Hotp(hotp) => format!("hotp counter {}", hotp.counter()),
    };
    format!(
        "{moving} {} {} {} {:?} [{}] [{}]",
        key.secret().to_base32().as_str(),
        key.algorithm().name(),
        key.digits(),
        key.encoding(),
        key.issuer(),
        key.label()
    )
}

/// The seven accounts every sample was made from, described.
fn expected() -> Vec<String> {
    let text = String::from_utf8(file("plain.txt")).unwrap();
    text.lines()
        .map(|line| describe(&uri::parse(line).unwrap()))
        .collect()
}

fn read(name: &str, passphrase: Option<&str>) -> Imported {
    backup::import(&file(name), passphrase).unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

/// Every key `name` yields is one of the seven, exactly; `count` of them, none skipped.
fn check(name: &str, passphrase: Option<&str>, format: Format, count: usize) {
    let imported = read(name, passphrase);
    assert_eq!(imported.format, format, "{name}");
    assert_eq!(imported.skipped, [], "{name}");
    assert_eq!(imported.keys.len(), count, "{name}");
    let expected = expected();
    for key in &imported.keys {
        let described = describe(key);
        assert!(
            expected.contains(&described),
            "{name}: {described} not in {expected:#?}"
        );
    }
}

#[test]
fn plain_backups_the_apps_wrote() {
    check("plain.txt", None, Format::Uris, 7);
    check("ente_auth.txt", None, Format::Ente, 7);
    check("aegis_plain.json", None, Format::Aegis, 7);
    check("andotp_plain.json", None, Format::AndOtp, 7);
    check("2fas_authenticator_plain_v4.2fas", None, Format::TwoFas, 5);
    // FreeOTP+ has no Steam keys; its counters are the last used one, so one behind.
    check("freeotp_plus.json", None, Format::FreeOtpPlus, 6);
}

#[test]
fn encrypted_backups_the_apps_wrote() {
    check("aegis_encrypted.json", Some("test"), Format::Aegis, 7);
    check("andotp_encrypted.bin", Some("test"), Format::AndOtp, 7);
    check(
        "2fas_authenticator_encrypted_v4.2fas",
        Some("test"),
        Format::TwoFas,
        5,
    );
    // Old andOTP (six accounts: no Steam then) wrote "Issuer - Issuer:Name" as the label: the
    // same accounts once the issuer's prefix is off the name.
    check("andotp_encrypted_old.bin", Some("test"), Format::AndOtp, 6);
    for name in [
        "aegis_encrypted.json",
        "andotp_encrypted.bin",
        "andotp_encrypted_old.bin",
        "2fas_authenticator_encrypted_v4.2fas",
    ] {
        let data = file(name);
        assert_eq!(
            backup::import(&data, None).err(),
            Some(Error::PassphraseRequired),
            "{name}"
        );
        let wrong = backup::import(&data, Some("Test")).err();
        assert_eq!(wrong, Some(Error::WrongPassphrase), "{name}");
    }
}

#[test]
fn bitwarden_exports_hold_keys_in_their_totp_fields() {
    for (name, format) in [
        ("bitwarden.json", Format::Bitwarden),
        ("bitwarden.csv", Format::BitwardenCsv),
    ] {
        let imported = read(name, None);
        assert_eq!(
            (imported.format, imported.keys.len()),
            (format, 4),
            "{name}"
        );
        let expected = expected();
        for key in &imported.keys[..3] {
            assert!(expected.contains(&describe(key)), "{name}");
        }
        // `steam://SECRET`: the secret of plain.txt's Steam key, named after the item.
        let steam = imported.keys[3].key();
        assert_eq!(steam.encoding(), CodeEncoding::Steam);
        assert_eq!(
            steam.secret().to_base32().as_str(),
            "JRZCL47CMXVOQMNPZR2F7J4RGI"
        );
        assert_eq!(
            (steam.issuer(), steam.label()),
            (
                "Steam",
                if name.ends_with("json") {
                    "Test Steam"
                } else {
                    "Test 4"
                }
            )
        );
    }
}

#[test]
fn aegis_files_written_here_read_back() {
    let keys = read("plain.txt", None).keys;
    for passphrase in [None, Some("correct horse")] {
        let written = backup::write_aegis(&keys, passphrase).unwrap();
        let again = backup::import(written.as_bytes(), passphrase).unwrap();
        assert_eq!(again.format, Format::Aegis);
        let described: Vec<String> = again.keys.iter().map(describe).collect();
        assert_eq!(described, expected());
    }
    let sealed = backup::write_aegis(&keys, Some("correct horse")).unwrap();
    assert_eq!(
        backup::import(sealed.as_bytes(), Some("wrong")).err(),
        Some(Error::WrongPassphrase)
    );
    assert!(
        !sealed.contains("JRZCL47CMXVOQMNPZR2F7J4RGI"),
        "no secret in the clear"
    );
}

/// andOTP's names: an issuer's prefix (and the spaces after it) comes off, as a Key URI's
/// label reads; old backups' `Issuer - Name` labels are split first.
#[test]
fn andotp_account_names_lose_their_issuer_prefix() {
    let table = [
        ("", "Deno - Deno:Mason", "Deno", "Mason"),
        ("", "Deno - Mason", "Deno", "Mason"),
        ("Shop", "Shop:alice", "Shop", "alice"),
        ("Shop", "Shop:  alice", "Shop", "alice"),
        ("Shop", "Shopping:alice", "Shop", "Shopping:alice"),
        ("Shop", "alice:Shop", "Shop", "alice:Shop"),
        ("Shop", "alice", "Shop", "alice"),
        ("", "  alice", "", "  alice"),
    ];
    for (issuer, label, expected_issuer, expected_label) in table {
        let json = format!(
            r#"[{{"secret":"JBSWY3DPEHPK3PXP","issuer":"{issuer}","label":"{label}","type":"TOTP"}}]"#
        );
        let imported = backup::import(json.as_bytes(), None).unwrap();
        assert_eq!(imported.format, Format::AndOtp);
        let key = imported.keys[0].key();
        assert_eq!(
            (key.issuer(), key.label()),
            (expected_issuer, expected_label),
            "{issuer:?} {label:?}"
        );
    }
}

/// The keys a file of text yields, and its skipped entries as (position, error).
fn keys_and_skips(text: &str) -> (usize, Vec<(usize, Error)>) {
    let imported = backup::import(text.as_bytes(), None).unwrap();
    let skipped = imported
        .skipped
        .iter()
        .map(|s| (s.index, s.error))
        .collect();
    (imported.keys.len(), skipped)
}

#[test]
fn entries_that_make_no_key_are_named_never_dropped() {
    let text = "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP\nnot a uri\notpauth://totp/B:b?secret=1\n\notpauth://hotp/C:c?secret=JBSWY3DP";
    let expected = [
        (1, Error::InvalidUri),
        (2, Error::InvalidBase32),
        (3, Error::MissingCounter),
    ];
    assert_eq!(keys_and_skips(text), (1, expected.to_vec()));
    let aegis = r#"{"version":1,"header":{"slots":null,"params":null},"db":{"version":2,"entries":[
        {"type":"yandex","name":"y","issuer":"Y","info":{"secret":"JBSWY3DPEHPK3PXP"}},
        {"type":"totp","name":"t","issuer":"T","info":{"secret":"JBSWY3DPEHPK3PXP","algo":"MD5"}},
        {"type":"totp","name":"ok","issuer":"T","info":{"secret":"JBSWY3DPEHPK3PXP","digits":8}},
        {"type":"hotp","name":"n","issuer":"T","info":{}}]}}"#;
    let expected = [
        (0, Error::UnknownFormat),
        (1, Error::InvalidAlgorithm),
        (3, Error::MissingSecret),
    ];
    assert_eq!(keys_and_skips(aegis), (1, expected.to_vec()));
}

#[test]
fn hostile_data_is_an_error_never_a_panic() {
    let aegis = file("aegis_encrypted.json");
    let twofas = file("2fas_authenticator_encrypted_v4.2fas");
    let andotp = file("andotp_encrypted.bin");
    let mut garbage = vec![0u8; 10 << 20];
    for (i, byte) in garbage.iter_mut().enumerate() {
        *byte = (i.wrapping_mul(2654435761) >> 13) as u8;
    }
    let deep = "[".repeat(100_000);
    let cases: Vec<(Vec<u8>, Option<&str>)> = vec![
        (Vec::new(), None),
        (b"{}".to_vec(), None),
        (b"[]".to_vec(), None),
        (b"{\"header\":1,\"db\":2}".to_vec(), None),
        (b"{\"services\":7,\"schemaVersion\":4}".to_vec(), None),
        (b"{\"tokens\":{}}".to_vec(), None),
        (deep.into_bytes(), None),
        (garbage.clone(), None),
        (garbage[..1000].to_vec(), Some("test")),
        (vec![0u8; 17 << 20], None),
        (aegis[..aegis.len() / 2].to_vec(), Some("test")),
        (twofas[..twofas.len() - 40].to_vec(), Some("test")),
        (andotp[..40].to_vec(), Some("test")),
        (
            String::from_utf8_lossy(&aegis)
                .replace("32768", "4294967296")
                .into_bytes(),
            Some("test"),
        ),
    ];
    for (data, passphrase) in cases {
        let result = backup::import(&data, passphrase);
        assert!(
            matches!(
                result,
                Err(Error::UnknownFormat | Error::PassphraseRequired | Error::WrongPassphrase)
            ) || result
                .as_ref()
                .is_ok_and(|imported| imported.keys.is_empty()),
            "{:?} of {} bytes",
            result.map(|i| i.format),
            data.len()
        );
    }
}
