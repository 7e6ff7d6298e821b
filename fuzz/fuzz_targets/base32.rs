//! `base32Decode`: any text. What decodes encodes to text that decodes to the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otp_wasm::encoding::base32;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(bytes) = base32::decode(text) {
        for padding in [false, true] {
            assert_eq!(
                base32::decode(&base32::encode(&bytes, padding)).unwrap(),
                bytes
            );
        }
    }
});
