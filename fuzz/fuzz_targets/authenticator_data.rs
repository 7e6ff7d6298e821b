//! `parseAuthenticatorData`: any bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otp_wasm::webauthn::AuthenticatorData;

fuzz_target!(|data: &[u8]| {
    let _ = AuthenticatorData::parse(data);
});
