//! `parseAttestationObject`: any bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otp_wasm::webauthn::AttestationObject;

fuzz_target!(|data: &[u8]| {
    let _ = AttestationObject::parse(data);
});
