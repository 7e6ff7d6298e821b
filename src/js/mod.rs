//! The JavaScript bindings: the one place that knows about wasm-bindgen.
//!
//! Every export is a flat function over numbers, bytes and strings: HOTP/TOTP, Key URIs and
//! the encodings ([`otp`], [`encoding`]) answer in numbers and packed bytes, code entry and
//! WebAuthn parsing in tagged bytes ([`tree`]); errors are numbers ([`error`]). The classes,
//! the option checking and the error messages are JavaScript (src/js/entry/). Nothing here
//! panics on any input, since a panic would abort the whole module; nothing is kept between
//! calls ([`arena`]).

mod arena;
#[cfg(feature = "js-code-entry")]
mod code_entry;
#[cfg(any(feature = "js-otp", feature = "js-webauthn"))]
mod encoding;
mod error;
#[cfg(feature = "js-import")]
mod import;
#[cfg(feature = "js-otp")]
mod otp;
mod panic;
#[cfg(feature = "js-qr")]
mod qr;
#[cfg(any(feature = "js-code-entry", feature = "js-webauthn", feature = "js-qr"))]
mod tree;
#[cfg(feature = "js-webauthn")]
mod webauthn;

#[cfg(feature = "js-code-entry")]
pub use code_entry::*;
#[cfg(any(feature = "js-otp", feature = "js-webauthn"))]
pub use encoding::*;
#[cfg(feature = "js-import")]
pub use import::*;
#[cfg(feature = "js-otp")]
pub use otp::*;
#[cfg(feature = "js-qr")]
pub use qr::*;
#[cfg(feature = "js-webauthn")]
pub use webauthn::*;

/// Text the JavaScript passed as UTF-8 (from `TextEncoder`, so never invalid).
#[cfg(any(
    feature = "js-otp",
    feature = "js-code-entry",
    feature = "js-webauthn",
    feature = "js-qr",
    feature = "js-import"
))]
fn text(bytes: &[u8]) -> Result<&str, crate::Error> {
    core::str::from_utf8(bytes).map_err(|_| crate::Error::InvalidArgument)
}

#[global_allocator]
static ALLOCATOR: arena::Arena = arena::Arena::new();
