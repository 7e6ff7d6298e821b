//! One-time passwords: HOTP (RFC 4226) and TOTP (RFC 6238); OCRA challenge-response
//! (RFC 6287) in [`ocra`].

mod algorithm;
mod codes;
// The bindings hash OCRA data inputs JavaScript assembles (src/js/otp.rs).
pub(crate) mod hmac;
mod hotp;
mod key;
pub mod ocra;
mod secret;
mod totp;

pub use crate::code::{Code, STEAM_ALPHABET, STEAM_CODE_LEN};
pub use algorithm::Algorithm;
pub use codes::{CodeEncoding, CodeGenerator, HotpMatch, TotpMatch};
pub use hotp::Hotp;
pub use key::{MAX_DIGITS, MIN_DIGITS, OtpKey};
pub use secret::{DEFAULT_GENERATED_BYTES, MAX_GENERATED_BYTES, MIN_GENERATED_BYTES, Secret};
pub use totp::{DEFAULT_PERIOD, MAX_PERIOD, MIN_PERIOD, Totp};

/// The widest verification window accepted, in steps or counters on each side. RFC 4226 §7.4
/// asks for a bounded look-ahead; a wider window only weakens the code.
pub const MAX_WINDOW: u32 = 100;
