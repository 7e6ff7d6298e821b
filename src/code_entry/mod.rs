//! Code entry: turning what a person types or pastes into the ASCII code a server checks.

mod extract;
mod sms;

pub use crate::code::MAX_DIGITS as MAX_CODE_DIGITS;
pub use crate::code::{CodeCheck, CodeState, MIN_CODE_DIGITS, check_code, normalize_code};
pub use extract::extract_code;
pub use sms::{SmsCode, check_origin, parse_sms_message};
