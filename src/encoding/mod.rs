//! Text encodings of binary data (RFC 4648): base32 for OTP secrets, base64url for WebAuthn.

pub mod base32;
pub mod base64url;
