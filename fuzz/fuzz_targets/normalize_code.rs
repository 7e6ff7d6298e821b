//! `normalizeCode` and `checkCode`: any text, any digit count (the first byte). A normalized
//! code is exactly `digits` ASCII digits, and `checkCode` calls the same text complete.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otp_wasm::code_entry::{CodeState, check_code, normalize_code};

#[path = "input.rs"]
mod input;

fuzz_target!(|data: &[u8]| {
    let Some((digits, text)) = input::digits_and_text(data) else {
        return;
    };
    let normalized = normalize_code(text, digits);
    let checked = check_code(text, digits);
    if let Ok(code) = &normalized {
        assert_eq!(code.len(), digits as usize);
        assert!(code.as_bytes().iter().all(u8::is_ascii_digit));
        let checked = checked.expect("a valid digit count");
        assert_eq!(checked.state, CodeState::Complete);
        assert_eq!(checked.code.as_str(), code.as_str());
    }
});
