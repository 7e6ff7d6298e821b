//! RFC 6287 Appendix C, every vector, and the suite grammar of §6.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::*;

/// Appendix C's keys: the ASCII digits "1234567890" repeated to 20, 32 and 64 bytes.
fn key(len: usize) -> Secret {
    let digits: Vec<u8> = b"1234567890".iter().copied().cycle().take(len).collect();
    Secret::from_bytes(&digits).unwrap()
}

/// Appendix C's timestamp: 0x132d0b6 minutes ("Mar 25 2008, 12:06:30 GMT"), in milliseconds.
const RFC_TIME_MS: u64 = 0x132d0b6 * 60_000;

fn ocra(suite: &str, key_len: usize) -> Ocra {
    Ocra::new(OcraSuite::parse(suite).unwrap(), &key(key_len))
}

fn repeated(digit: usize, times: usize) -> String {
    format!("{digit}").repeat(times)
}

#[test]
fn appendix_c_1_one_way() {
    let sha1 = ocra("OCRA-1:HOTP-SHA1-6:QN08", 20);
    let expected = [
        "237653", "243178", "653583", "740991", "608993", "388898", "816933", "224598", "750600",
        "294470",
    ];
    for (i, response) in expected.iter().enumerate() {
        let question = repeated(i, 8);
        let input = OcraInput {
            question: &[&question],
            ..Default::default()
        };
        assert_eq!(sha1.generate(&input).unwrap(), *response, "{question}");
    }

    let counter_pin = ocra("OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1", 32);
    let expected = [
        "65347737", "86775851", "78192410", "71565254", "10104329", "65983500", "70069104",
        "91771096", "75011558", "08522129",
    ];
    // The PIN 1234 as typed, and as the SHA-1 hash a server stores.
    let pin_hash = hex("7110eda4d09e062aa5e4a390b0a572ac0d2c0220");
    for pin in [Pin::Text("1234"), Pin::Hash(&pin_hash)] {
        for (counter, response) in expected.iter().enumerate() {
            let input = OcraInput {
                question: &["12345678"],
                counter: Some(counter as u64),
                pin: Some(pin),
                ..Default::default()
            };
            assert_eq!(counter_pin.generate(&input).unwrap(), *response);
        }
    }

    let pin = ocra("OCRA-1:HOTP-SHA256-8:QN08-PSHA1", 32);
    let expected = ["83238735", "01501458", "17957585", "86776967", "86807031"];
    for (i, response) in expected.iter().enumerate() {
        let question = repeated(i, 8);
        let input = OcraInput {
            question: &[&question],
            pin: Some(Pin::Text("1234")),
            ..Default::default()
        };
        assert_eq!(pin.generate(&input).unwrap(), *response);
    }

    let counter = ocra("OCRA-1:HOTP-SHA512-8:C-QN08", 64);
    let expected = [
        "07016083", "63947962", "70123924", "25341727", "33203315", "34205738", "44343969",
        "51946085", "20403879", "31409299",
    ];
    for (i, response) in expected.iter().enumerate() {
        let question = repeated(i, 8);
        let input = OcraInput {
            question: &[&question],
            counter: Some(i as u64),
            ..Default::default()
        };
        assert_eq!(counter.generate(&input).unwrap(), *response);
    }

    let time = ocra("OCRA-1:HOTP-SHA512-8:QN08-T1M", 64);
    let expected = ["95209754", "55907591", "22048402", "24218844", "36209546"];
    for (i, response) in expected.iter().enumerate() {
        let question = repeated(i, 8);
        // Anywhere inside the minute.
        for unix_ms in [RFC_TIME_MS, RFC_TIME_MS + 59_999] {
            let input = OcraInput {
                question: &[&question],
                unix_ms: Some(unix_ms),
                ..Default::default()
            };
            assert_eq!(time.generate(&input).unwrap(), *response);
        }
    }
}

/// The server answers the client's challenge then its own (`CLI2222i`, `SRV1111i`); the client
/// answers them the other way round.
#[test]
fn appendix_c_2_mutual() {
    const SERVER: bool = true;
    let table = [
        (
            "OCRA-1:HOTP-SHA256-8:QA08",
            32,
            None,
            SERVER,
            "28247970 01984843 65387857 03351211 83412541",
        ),
        (
            "OCRA-1:HOTP-SHA256-8:QA08",
            32,
            None,
            !SERVER,
            "15510767 90175646 33777207 95285278 28934924",
        ),
        (
            "OCRA-1:HOTP-SHA512-8:QA08",
            64,
            None,
            SERVER,
            "79496648 76831980 12250499 90856481 12761449",
        ),
        (
            "OCRA-1:HOTP-SHA512-8:QA08-PSHA1",
            64,
            Some("1234"),
            !SERVER,
            "18806276 70020315 01600026 18951020 32528969",
        ),
    ];
    for (suite, key_len, pin, server, responses) in table {
        let ocra = ocra(suite, key_len);
        for (i, response) in responses.split(' ').enumerate() {
            let (client_question, server_question) = (format!("CLI2222{i}"), format!("SRV1111{i}"));
            let question = if server {
                [client_question.as_str(), &server_question]
            } else {
                [server_question.as_str(), &client_question]
            };
            let input = OcraInput {
                question: &question,
                pin: pin.map(Pin::Text),
                ..Default::default()
            };
            assert_eq!(ocra.generate(&input).unwrap(), response, "{suite}");
        }
    }
}

#[test]
fn appendix_c_3_plain_signature() {
    let plain = ocra("OCRA-1:HOTP-SHA256-8:QA08", 32);
    let expected = ["53095496", "04110475", "31331128", "76028668", "46554205"];
    for (i, response) in expected.iter().enumerate() {
        let question = format!("SIG1{i}000");
        let input = OcraInput {
            question: &[&question],
            ..Default::default()
        };
        assert_eq!(plain.generate(&input).unwrap(), *response);
    }
    let timed = ocra("OCRA-1:HOTP-SHA512-8:QA10-T1M", 64);
    let expected = ["77537423", "31970405", "10235557", "95213541", "65360607"];
    for (i, response) in expected.iter().enumerate() {
        let question = format!("SIG1{i}00000");
        let input = OcraInput {
            question: &[&question],
            unix_ms: Some(RFC_TIME_MS),
            ..Default::default()
        };
        assert_eq!(timed.generate(&input).unwrap(), *response);
    }
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn suites_read_as_section_6_writes_them() {
    let suite = OcraSuite::parse("OCRA-1:HOTP-SHA512-10:C-QH64-PSHA256-S512-T48H").unwrap();
    assert_eq!(
        suite.as_str(),
        "OCRA-1:HOTP-SHA512-10:C-QH64-PSHA256-S512-T48H"
    );
    assert_eq!(suite.algorithm(), Algorithm::Sha512);
    assert_eq!(suite.digits(), 10);
    assert!(suite.has_counter());
    assert_eq!(
        (suite.question_format(), suite.question_len()),
        (QuestionFormat::Hex, 64)
    );
    assert_eq!(suite.pin_hash(), Some(Algorithm::Sha256));
    assert_eq!(suite.session_len(), Some(512));
    assert_eq!(suite.time_step().map(|step| step.get()), Some(48 * 3600));

    let bare = OcraSuite::parse("OCRA-1:HOTP-SHA1-0:QA04").unwrap();
    assert_eq!(
        (bare.digits(), bare.has_counter(), bare.pin_hash()),
        (0, false, None)
    );
    assert_eq!((bare.session_len(), bare.time_step()), (None, None));
    for (suite, seconds) in [
        ("T1S", 1),
        ("T59S", 59),
        ("T1M", 60),
        ("T59M", 3540),
        ("T1H", 3600),
    ] {
        let parsed = OcraSuite::parse(&format!("OCRA-1:HOTP-SHA1-6:QN08-{suite}")).unwrap();
        assert_eq!(parsed.time_step().unwrap().get(), seconds, "{suite}");
    }

    // Malformed suites are tests/vectors/ocra.json's `badSuites`, run by every tier.
}
