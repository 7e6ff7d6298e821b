//! `parseMigrationUri`: any text. A transfer that parses writes back (when every key fits the
//! format) to URIs that parse to the same keys.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otp_wasm::migration;
use otp_wasm::uri::Otp;

fn written(keys: &[Otp]) -> Vec<String> {
    keys.iter().map(|otp| otp.to_uri().to_string()).collect()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(parsed) = migration::parse(text) else {
        return;
    };
    if let Ok(uris) = migration::write(&parsed.keys, 3, parsed.batch_id) {
        let again: Vec<Otp> = uris
            .iter()
            .flat_map(|uri| {
                migration::parse(uri)
                    .expect("a written transfer parses")
                    .keys
            })
            .collect();
        assert_eq!(written(&again), written(&parsed.keys));
    }
});
