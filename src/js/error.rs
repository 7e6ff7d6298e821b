//! Core errors for JavaScript: every binding reports an error by its number (`status`), which
//! the JavaScript around it throws as an `OtpError` with the message kept in JavaScript
//! (src/js/entry/otp_error.js): no error text in the `.wasm`.

use crate::Error;

/// 1 + the error's index in [`Error::ALL`], the order of `CODES` in otp_error.js.
pub fn status(error: Error) -> u8 {
    Error::ALL
        .iter()
        .position(|&known| known == error)
        .map_or(1, |index| index as u8 + 1)
}
