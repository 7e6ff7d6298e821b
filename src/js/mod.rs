//! The JavaScript bindings: the one place that knows about wasm-bindgen.
//!
//! Each function converts its JavaScript arguments once ([`options`]), calls the core, and
//! converts the result once. Every failure becomes an `OtpError` ([`error`]); nothing here
//! panics on any input, since a panic would abort the whole module.

#[cfg(feature = "js-code-entry")]
mod code_entry;
mod encoding;
mod error;
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

/// Talc instead of the default dlmalloc: a third of the code size, and faster.
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
