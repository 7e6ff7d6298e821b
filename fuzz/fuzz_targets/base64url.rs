//! `base64urlDecode`: any text. What decodes encodes to text that decodes to the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otp_wasm::encoding::base64url;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(bytes) = base64url::decode(text) {
        assert_eq!(
            base64url::decode(&base64url::encode(&bytes)).unwrap(),
            bytes
        );
    }
});
