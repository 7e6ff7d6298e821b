//! Core errors for JavaScript. The flat OTP functions return an error's number (`status`),
//! which keys.js turns into an `OtpError` with the message kept in JavaScript; the code-entry
//! and WebAuthn bindings throw an `Error` named "OtpError" with a `code`, which the package's
//! `OtpError` recognizes with `instanceof` (see `src/js/entry/otp_error.js`).

use crate::Error;

/// 1 + the error's index in [`Error::ALL`], the order of `CODES` in otp_error.js.
pub fn status(error: Error) -> u8 {
    Error::ALL
        .iter()
        .position(|&known| known == error)
        .map_or(1, |index| index as u8 + 1)
}

#[cfg(any(feature = "js-code-entry", feature = "js-webauthn"))]
pub use thrown::*;

#[cfg(any(feature = "js-code-entry", feature = "js-webauthn"))]
mod thrown {
    use js_sys::Reflect;
    use wasm_bindgen::{JsCast, JsValue};

    use crate::Error;

    /// The result of a binding: `Err` is thrown to JavaScript as it is.
    pub type JsResult<T> = Result<T, JsValue>;

    /// A JavaScript `OtpError` with `code` and `message`.
    pub fn otp_error(code: &str, message: &str) -> JsValue {
        let error = js_sys::Error::new(message);
        error.set_name("OtpError");
        // Setting a property on a fresh Error cannot fail.
        let _ = Reflect::set(&error, &JsValue::from_str("code"), &JsValue::from_str(code));
        error.unchecked_into()
    }

    /// `invalid_argument` with a message naming the argument and what it must be.
    pub fn invalid_argument(message: &str) -> JsValue {
        otp_error(Error::InvalidArgument.code(), message)
    }

    impl From<Error> for JsValue {
        fn from(error: Error) -> JsValue {
            otp_error(error.code(), error.message())
        }
    }
}
