//! `parseUri`: any text. A URI that parses writes back (`toUri`) to one that parses to the same
//! key, written the same way.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otp_wasm::uri;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(otp) = uri::parse(text) {
        let uri = otp.to_uri();
        let again = uri::parse(&uri).expect("a written Key URI parses");
        assert_eq!(again.to_uri(), uri);
    }
});
