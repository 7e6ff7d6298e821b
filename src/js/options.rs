//! Defensive reading of JavaScript arguments and options objects.
//!
//! Front-end code passes whatever it has: `undefined`, strings where numbers belong, objects
//! with throwing getters. Each reader accepts exactly the documented types and answers
//! anything else with an `OtpError`, so no input reaches the core unchecked.

use alloc::string::String;
use alloc::vec::Vec;

use js_sys::{ArrayBuffer, BigInt, Object, Reflect, Uint8Array};
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
        pub static SECRET: JsString = "secret";
        #[wasm_bindgen(thread_local_v2, static_string)]
        pub static ALGORITHM: JsString = "algorithm";
        #[wasm_bindgen(thread_local_v2, static_string)]
        pub static DIGITS: JsString = "digits";
        #[wasm_bindgen(thread_local_v2, static_string)]
        pub static ISSUER: JsString = "issuer";
        #[wasm_bindgen(thread_local_v2, static_string)]
        pub static LABEL: JsString = "label";
        #[wasm_bindgen(thread_local_v2, static_string)]
        pub static PERIOD: JsString = "period";
        #[wasm_bindgen(thread_local_v2, static_string)]
        pub static COUNTER: JsString = "counter";
        #[wasm_bindgen(thread_local_v2, static_string)]
        pub static WINDOW: JsString = "window";
        #[wasm_bindgen(thread_local_v2, static_string)]
        pub static TIMESTAMP_MS: JsString = "timestampMs";
        #[wasm_bindgen(thread_local_v2, static_string)]
        pub static AFTER_STEP: JsString = "afterStep";
        #[wasm_bindgen(thread_local_v2, static_string)]
        pub static PADDING: JsString = "padding";
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

/// A counter: a whole number 0..=2^53-1 or a bigint 0..=2^64-1 (RFC 4226 §5.1: C is 8 bytes).
/// Returns the value and whether it came as a bigint, so results can answer in kind.
pub fn counter(value: &JsValue) -> JsResult<(u64, bool)> {
    if let Some(number) = value.as_f64() {
        return whole(number)
            .filter(|&counter| counter <= MAX_SAFE_INTEGER)
            .map(|counter| (counter, false))
            .ok_or_else(|| Error::InvalidCounter.into());
    }
    if value.is_bigint() {
        let bigint: BigInt = value.clone().unchecked_into();
        return u64::try_from(bigint)
            .map(|counter| (counter, true))
            .map_err(|_| Error::InvalidCounter.into());
    }
    Err(invalid_argument("counter must be a number or a bigint"))
}

/// A counter for JavaScript: a number when it is exact as one (or when the caller passed a
/// number), else a bigint.
pub fn counter_value(counter: u64, as_bigint: bool) -> JsValue {
    if as_bigint || counter > MAX_SAFE_INTEGER {
        BigInt::from(counter).into()
    } else {
        JsValue::from_f64(counter as f64)
    }
}

/// A Unix time in milliseconds; `undefined` and `null` are now (`Date.now()`). Fractions are
/// floored. The number is read first: it is the common case, and one call across the boundary.
pub fn timestamp_ms(value: &JsValue) -> JsResult<u64> {
    match value.as_f64() {
        Some(ms) if ms.is_finite() && (0.0..=MAX_SAFE_INTEGER as f64).contains(&ms) => {
            Ok(ms as u64)
        }
        None if value.is_undefined() || value.is_null() => Ok(js_sys::Date::now() as u64),
        _ => Err(invalid_argument(
            "timestampMs must be a non-negative number of milliseconds since 1970",
        )),
    }
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

/// Text that may be secret, copied into a JavaScript string; the Rust copy is wiped.
pub fn secret_string(text: Zeroizing<String>) -> JsValue {
    JsValue::from_str(&text)
}

/// Bytes that may be secret, copied into a new `Uint8Array`; the Rust copy is wiped.
pub fn secret_bytes(bytes: Zeroizing<Vec<u8>>) -> JsValue {
    Uint8Array::from(bytes.as_slice()).into()
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
