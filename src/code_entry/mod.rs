//! Code entry: turning what a person types or pastes into the ASCII code a server checks.

mod extract;
mod normalize;
mod sms;
#[rustfmt::skip]
mod unicode_tables;

pub use extract::extract_code;
pub use normalize::{
    CodeCheck, CodeState, MAX_CODE_DIGITS, MIN_CODE_DIGITS, check_code, normalize_code,
};
pub use sms::{SmsCode, check_origin, parse_sms_message};
