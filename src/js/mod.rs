//! The JavaScript bindings: the one place that knows about wasm-bindgen.
//!
//! HOTP/TOTP, Key URIs and the encodings are flat functions over numbers, bytes and strings
//! ([`otp`], [`encoding`]); the classes and the option checking around them are JavaScript
//! (src/js/entry/keys.js). The code-entry and WebAuthn bindings convert their JavaScript
//! arguments once ([`options`]) and throw `OtpError`s. Nothing here panics on any input,
//! since a panic would abort the whole module; nothing is kept between calls ([`arena`]).

mod arena;
#[cfg(feature = "js-code-entry")]
mod code_entry;
mod encoding;
mod error;
#[cfg(any(feature = "js-code-entry", feature = "js-webauthn"))]
mod options;
mod otp;
mod panic;
#[cfg(feature = "js-webauthn")]
mod webauthn;

#[cfg(feature = "js-code-entry")]
pub use code_entry::*;
pub use encoding::*;
pub use otp::*;
#[cfg(feature = "js-webauthn")]
pub use webauthn::*;

#[global_allocator]
static ALLOCATOR: arena::Arena = arena::Arena::new();
