//! Core errors for JavaScript: every binding reports an error by its number (`status`), which
//! the JavaScript around it throws as an `OtpError` with the message kept in JavaScript
//! (src/js/entry/otp_error.js): no error text in the `.wasm`.

use crate::Error;

/// 1 + the error's index in [`Error::ALL`], the order of the messages in otp_error.js:
/// `ALL` lists the variants as they are declared (src/error.rs tests it), so that index is
/// the discriminant. (A search of `ALL` cost every `.wasm` more as the list grew.)
pub fn status(error: Error) -> u8 {
    error as u8 + 1
}
