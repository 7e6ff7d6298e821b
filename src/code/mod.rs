//! A one-time code, and turning what a person types into one: the leaf both `otp` (which makes
//! and verifies codes) and `code_entry` (which reads them out of messages and fields) build on.
//! It depends on neither.

mod digits;
mod normalize;
mod steam;
#[rustfmt::skip]
mod unicode_tables;

pub use digits::Code;
pub(crate) use normalize::ascii_digit;
pub use normalize::{CodeCheck, CodeState, MIN_CODE_DIGITS, check_code, normalize_code};
pub use steam::{STEAM_ALPHABET, STEAM_CODE_LEN, STEAM_MODULUS, steam_code_value};

/// The most digits any code has: 10 (RFC 4226 §5.3 allows up to 10 for HOTP; docs/api.md,
/// `digits` in 6..=10 for OTPs, 4..=10 for code entry). The one definition.
pub const MAX_DIGITS: u32 = 10;
