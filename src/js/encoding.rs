//! `generateSecret`, `base32Encode/Decode`, `base64urlEncode/Decode`. Any of these may carry
//! a secret, so every copy left in wasm memory is wiped.

use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use super::error::{JsResult, invalid_argument};
use super::options::{self, Options, name, optional, secret_bytes, secret_string};
use crate::encoding::{base32, base64url};
use crate::otp::{DEFAULT_GENERATED_BYTES, MAX_GENERATED_BYTES, Secret};

/// Base32 of `bytes` (default 20) random bytes from `crypto.getRandomValues`.
#[wasm_bindgen(js_name = generateSecret)]
pub fn generate_secret(bytes: JsValue) -> JsResult<JsValue> {
    let len = match optional(bytes) {
        None => DEFAULT_GENERATED_BYTES,
        Some(value) => {
            let len = value
                .as_f64()
                .and_then(options::whole)
                .ok_or_else(|| invalid_argument("bytes must be a whole number from 16 to 64"))?;
            // Out-of-range lengths are clamped only to pick the right error below.
            len.min(MAX_GENERATED_BYTES as u64 + 1) as usize
        }
    };
    Ok(secret_string(Secret::generate(len)?.to_base32()))
}

#[wasm_bindgen(js_name = base32Encode)]
pub fn base32_encode(bytes: JsValue, options: JsValue) -> JsResult<JsValue> {
    let bytes = options::bytes(&bytes, "bytes must be a Uint8Array or an ArrayBuffer")?;
    let padding = match Options::read(&options)?.get(&name::PADDING)? {
        None => false,
        Some(value) => value
            .as_bool()
            .ok_or_else(|| invalid_argument("padding must be a boolean"))?,
    };
    Ok(secret_string(Zeroizing::new(base32::encode(
        &bytes, padding,
    ))))
}

#[wasm_bindgen(js_name = base32Decode)]
pub fn base32_decode(text: JsValue) -> JsResult<JsValue> {
    let text = options::string(&text, "text must be a string")?;
    Ok(secret_bytes(Zeroizing::new(base32::decode(&text)?)))
}

#[wasm_bindgen(js_name = base64urlEncode)]
pub fn base64url_encode(bytes: JsValue) -> JsResult<JsValue> {
    let bytes = options::bytes(&bytes, "bytes must be a Uint8Array or an ArrayBuffer")?;
    Ok(secret_string(Zeroizing::new(base64url::encode(&bytes))))
}

#[wasm_bindgen(js_name = base64urlDecode)]
pub fn base64url_decode(text: JsValue) -> JsResult<JsValue> {
    let text = options::string(&text, "text must be a string")?;
    Ok(secret_bytes(Zeroizing::new(base64url::decode(&text)?)))
}
