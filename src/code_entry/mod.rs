//! Code entry: turning what a person types or pastes into the ASCII code a server checks.

mod normalize;
#[rustfmt::skip]
mod unicode_tables;

pub use normalize::{MAX_CODE_DIGITS, MIN_CODE_DIGITS, normalize_code};
