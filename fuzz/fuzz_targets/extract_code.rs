//! `extractCode`: any text, any digit count (the first byte). A code found is exactly
//! `digits` ASCII digits.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otp_wasm::code_entry::extract_code;

#[path = "input.rs"]
mod input;

fuzz_target!(|data: &[u8]| {
    let Some((digits, text)) = input::digits_and_text(data) else {
        return;
    };
    if let Ok(Some(code)) = extract_code(text, digits) {
        assert_eq!(code.len(), digits as usize);
        assert!(code.as_bytes().iter().all(u8::is_ascii_digit));
    }
});
