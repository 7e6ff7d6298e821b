//! base32 and base64url (RFC 4648) for encodings.js, which wraps them as `base32Encode`,
//! `base32Decode`, `base64urlEncode`, `base64urlDecode` and `generateSecret`. Any of these may
//! carry a secret; the arena wipes every byte they used when the call returns. base32 is for
//! OTP secrets only: the WebAuthn-only build (`otp-wasm/webauthn`) has base64url alone.

use alloc::vec::Vec;

use wasm_bindgen::prelude::*;

#[cfg(feature = "js-otp")]
use crate::encoding::base32;
use crate::encoding::base64url;

#[cfg(feature = "js-otp")]
#[wasm_bindgen]
pub fn base32_encode(bytes: &[u8], padding: bool) -> Vec<u8> {
    base32::encode(bytes, padding).into_bytes()
}

/// `None` when `text` is not base32 (`invalid_base32`, the only way it fails).
#[cfg(feature = "js-otp")]
#[wasm_bindgen]
pub fn base32_decode(text: &[u8]) -> Option<Vec<u8>> {
    base32::decode(super::text(text).ok()?).ok()
}

#[wasm_bindgen]
pub fn base64url_encode(bytes: &[u8]) -> Vec<u8> {
    base64url::encode(bytes).into_bytes()
}

/// `None` when `text` is not base64url (`invalid_base64url`, the only way it fails).
#[wasm_bindgen]
pub fn base64url_decode(text: &[u8]) -> Option<Vec<u8>> {
    base64url::decode(super::text(text).ok()?).ok()
}
