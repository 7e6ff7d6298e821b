//! `importAccounts` without a passphrase: any bytes (encrypted files stop at
//! `passphrase_required`, before any key derivation, so the plain readers get the time). Keys a
//! file yields write to an Aegis file that reads back to the same keys.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otp_wasm::backup;
use otp_wasm::uri::Otp;

fn written(keys: &[Otp]) -> Vec<String> {
    keys.iter().map(|otp| otp.to_uri().to_string()).collect()
}

fuzz_target!(|data: &[u8]| {
    let Ok(imported) = backup::import(data, None) else {
        return;
    };
    let aegis = backup::write_aegis(&imported.keys, None).expect("keys write");
    let again = backup::import(aegis.as_bytes(), None).expect("a written file reads");
    assert!(again.skipped.is_empty());
    assert_eq!(written(&again.keys), written(&imported.keys));
});
