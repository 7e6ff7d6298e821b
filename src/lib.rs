//! # otp-wasm
//!
//! The client and server sides of one-time-password sign-in, from one Rust core:
//!
//! - [`encoding`]: base32 (OTP secrets) and base64url (WebAuthn), RFC 4648.
//! - [`otp`]: HOTP (RFC 4226) and TOTP (RFC 6238) with SHA-1/SHA-256/SHA-512, secrets from the
//!   platform CSPRNG, constant-time verification with look-ahead and replay guard.
//! - [`uri`]: `otpauth://` Key URIs, parsed as real services write them and written canonically.
//! - [`migration`]: Google Authenticator's transfer QR codes (`otpauth-migration://`).
//! - `backup` (feature `backup`): authenticator apps' backup files (Aegis, 2FAS, andOTP,
//!   FreeOTP+, Bitwarden, Ente, URI lists), plain and encrypted, read and written.
//! - [`code_entry`]: normalizing, checking and finding the code a person types or pastes.
//! - [`webauthn`]: authenticator data, attestation objects, COSE keys and client data.
//! - `qr` (feature `qr`): QR codes read from images and drawn as SVG.
//! - [`transaction`]: a payment written as canonical bytes, and the WebAuthn challenge, OCRA
//!   question and confirmation sentence bound to it (PSD2 dynamic linking).
//!
//! The core is pure and synchronous and has no web dependency: the demo server uses it
//! natively. The JavaScript bindings live in `js/`, compiled only for `wasm32`, and convert
//! JavaScript values once on the way in and once on the way out.
//!
//! ```
//! use otp_wasm::otp::{Algorithm, OtpKey, Secret, Totp};
//!
//! let secret = Secret::from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")?;
//! let totp = Totp::new(OtpKey::new(secret, Algorithm::Sha1, 8)?, 30)?;
//! assert_eq!(totp.generate(59_000).as_str(), "94287082"); // RFC 6238 Appendix B
//! let matched = totp.verify("9428 7082", 89_000, 1, None)?.expect("one step late is accepted");
//! assert_eq!((matched.delta, matched.step), (-1, 1));
//! # Ok::<(), otp_wasm::Error>(())
//! ```

// Unsafe code only in the .wasm's allocator (src/js/arena.rs), which says why.
#![deny(unsafe_code)]
// The npm package is built without the standard library (`--no-default-features`, see
// src/js/panic.rs); everything else, the server and the tests included, uses std.
#![cfg_attr(all(target_arch = "wasm32", not(feature = "std")), no_std)]

extern crate alloc;

#[cfg(feature = "backup")]
pub mod backup;
mod code;
pub mod code_entry;
pub mod encoding;
mod error;
pub mod migration;
pub mod otp;
#[cfg(feature = "qr")]
pub mod qr;
pub mod transaction;
pub mod uri;
pub mod webauthn;

#[cfg(target_arch = "wasm32")]
pub mod js;

pub use error::{Error, Result};
