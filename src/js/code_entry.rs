//! `normalizeCode`.

use wasm_bindgen::prelude::*;

use super::error::JsResult;
use super::options::{self, Options};
use crate::Error;
use crate::code_entry::{MAX_CODE_DIGITS, MIN_CODE_DIGITS, normalize_code as normalize};

/// The ASCII code in what a person typed or pasted (see `code_entry::normalize_code`).
#[wasm_bindgen(js_name = normalizeCode)]
pub fn normalize_code(input: JsValue, options: JsValue) -> JsResult<JsValue> {
    let input = options::string(&input, "input must be a string")?;
    let digits = match Options::read(&options)?.get("digits")? {
        None => 6,
        Some(value) => options::whole_number(
            &value,
            MIN_CODE_DIGITS,
            MAX_CODE_DIGITS,
            Error::InvalidArgument,
        )?,
    };
    Ok(JsValue::from_str(normalize(&input, digits)?.as_str()))
}
