//! `parseSmsMessage` and `checkOrigin`: any text. A parsed message has non-empty fields with no
//! white space in them, and is bound to the page on its own hosts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otp_wasm::code_entry::{check_origin, parse_sms_message};

fn token(text: &str) -> bool {
    !text.is_empty() && !text.contains(['\t', '\n', '\x0C', '\r', ' '])
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some(sms) = parse_sms_message(text) else {
        return;
    };
    assert!(token(&sms.code) && token(&sms.domain));
    match &sms.embedded_domain {
        None => assert!(check_origin(&sms, &sms.domain, None).is_ok()),
        Some(embedded) => {
            assert!(token(embedded));
            assert!(check_origin(&sms, embedded, Some(&sms.domain)).is_ok());
            assert!(check_origin(&sms, &sms.domain, None).is_err());
        }
    }
});
