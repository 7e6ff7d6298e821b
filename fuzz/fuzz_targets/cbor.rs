//! The CBOR decoder under the WebAuthn parsers: any bytes. An item that decodes took at most
//! the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otp_wasm::webauthn::cbor;

fuzz_target!(|data: &[u8]| {
    if let Ok((_, used)) = cbor::decode_prefix(data) {
        assert!(used <= data.len());
        assert_eq!(cbor::decode(data).is_ok(), used == data.len());
    }
});
