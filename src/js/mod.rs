//! The JavaScript bindings: the one place that knows about wasm-bindgen.
//!
//! Each function converts its JavaScript arguments once ([`options`]), calls the core, and
//! converts the result once. Every failure becomes an `OtpError` ([`error`]); nothing here
//! panics on any input, since a panic would abort the whole module.

mod encoding;
mod error;
mod options;
mod otp;

pub use encoding::*;
pub use otp::*;
