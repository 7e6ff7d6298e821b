//! `parseClientDataJSON`: any bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otp_wasm::webauthn::ClientData;

fuzz_target!(|data: &[u8]| {
    let _ = ClientData::parse(data);
});
