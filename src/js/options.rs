//! Defensive reading of JavaScript arguments and options objects.
//!
//! Front-end code passes whatever it has: `undefined`, strings where numbers belong, objects
//! with throwing getters. Each reader accepts exactly the documented types and answers
//! anything else with an `OtpError`, so no input reaches the core unchecked.

use alloc::string::String;
use alloc::vec::Vec;

use js_sys::{ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use zeroize::Zeroizing;

use super::error::{JsResult, invalid_argument};
use crate::Error;

/// The largest integer a JavaScript number holds exactly (`Number.MAX_SAFE_INTEGER`).
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// An option's name as a JavaScript string.
pub type Name = wasm_bindgen::JsThreadLocal<js_sys::JsString>;

/// The option names, each made a JavaScript string once (`static_string`): a lookup by `&str`
/// would decode the name from UTF-8 on every call. (Skipped by rustfmt, which drops the values
/// of statics in extern blocks.)
#[rustfmt::skip]
pub mod name {
    use js_sys::JsString;
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(thread_local_v2, static_string)]
        pub static DIGITS: JsString = "digits";
        #[wasm_bindgen(thread_local_v2, static_string)]
        pub static HOSTNAME: JsString = "hostname";
        #[wasm_bindgen(thread_local_v2, static_string)]
        pub static TOP_HOSTNAME: JsString = "topHostname";
    }
}

/// An options object; `undefined` and `null` read as an empty one.
pub struct Options(Option<Object>);

impl Options {
    pub fn read(value: &JsValue) -> JsResult<Options> {
        if value.is_undefined() || value.is_null() {
            Ok(Options(None))
        } else if value.is_object() {
            Ok(Options(Some(value.clone().unchecked_into())))
        } else {
            Err(invalid_argument("options must be an object"))
        }
    }

    /// The value of option `name`; `None` when absent, `undefined` or `null` (options often
    /// come from JSON). A getter that throws becomes `invalid_argument`.
    pub fn get(&self, name: &'static Name) -> JsResult<Option<JsValue>> {
        let Some(object) = &self.0 else {
            return Ok(None);
        };
        let value = name
            .with(|name| Reflect::get(object, name))
            .map_err(|_| invalid_argument("an option could not be read"))?;
        Ok(optional(value))
    }
}

/// A string, else `invalid_argument` with `message`. Strings may be secrets (a base32 secret,
/// a Key URI), so the copy in wasm memory is wiped when dropped.
pub fn string(value: &JsValue, message: &str) -> JsResult<Zeroizing<String>> {
    value
        .as_string()
        .map(Zeroizing::new)
        .ok_or_else(|| invalid_argument(message))
}

/// A whole number in `min..=max`: a number out of range or not whole is `range_error` (e.g.
/// `invalid_digits`); a value that is not a number at all is `invalid_argument`.
pub fn whole_number(value: &JsValue, min: u32, max: u32, range_error: Error) -> JsResult<u32> {
    let number = value
        .as_f64()
        .ok_or_else(|| invalid_argument(range_error.message()))?;
    whole(number)
        .filter(|whole| (u64::from(min)..=u64::from(max)).contains(whole))
        .map(|whole| whole as u32)
        .ok_or_else(|| range_error.into())
}

/// `number` as an integer when it is a whole number, not negative, below 2^64.
pub fn whole(number: f64) -> Option<u64> {
    // The cast saturates (NaN to 0, huge to u64::MAX); a round trip that changes the value
    // means it was not whole or not in range.
    let whole = number as u64;
    (whole as f64 == number && whole < u64::MAX).then_some(whole)
}

/// The bytes of a `Uint8Array` or an `ArrayBuffer`, wiped from wasm memory when dropped.
pub fn bytes(value: &JsValue, message: &str) -> JsResult<Zeroizing<Vec<u8>>> {
    if let Some(array) = value.dyn_ref::<Uint8Array>() {
        return Ok(Zeroizing::new(array.to_vec()));
    }
    if let Some(buffer) = value.dyn_ref::<ArrayBuffer>() {
        return Ok(Zeroizing::new(Uint8Array::new(buffer).to_vec()));
    }
    Err(invalid_argument(message))
}

/// `{ key: value, ... }` as a plain object.
pub fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in entries {
        // Defining a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}

/// `undefined` and `null` count as absent, like a missing option.
pub fn optional(value: JsValue) -> Option<JsValue> {
    (!value.is_undefined() && !value.is_null()).then_some(value)
}
