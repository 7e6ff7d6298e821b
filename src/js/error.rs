//! Core errors as JavaScript `OtpError`s: an `Error` whose `name` is `"OtpError"` and whose
//! `code` is the stable snake_case code. The package's `OtpError` class recognizes these with
//! `instanceof` (see `src/js/entry/otp_error.js`).

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
