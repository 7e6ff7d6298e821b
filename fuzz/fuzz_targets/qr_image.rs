//! `decodeQr`: any greyscale image. The first byte is the width (a zero is one), the rest the
//! pixels row by row; whatever the pixels, decoding returns, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otp_wasm::qr;

fuzz_target!(|data: &[u8]| {
    let Some((&width, pixels)) = data.split_first() else {
        return;
    };
    let width = usize::from(width.max(1));
    let height = pixels.len() / width;
    let texts = qr::decode(&pixels[..width * height], width, height).expect("a valid size");
    assert!(texts.len() <= 64);
});
