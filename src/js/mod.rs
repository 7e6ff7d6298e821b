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
mod encoding;
mod error;
mod otp;
mod panic;
#[cfg(any(feature = "js-code-entry", feature = "js-webauthn"))]
mod tree;
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
