//! `normalizeCode`, `checkCode`, `extractCode`, `parseSmsMessage` and `checkOrigin`.

use alloc::string::String;

use wasm_bindgen::prelude::*;

use super::error::{JsResult, invalid_argument};
use super::options::{self, Options, name, object};
use crate::Error;
use crate::code_entry::{self as core, MAX_CODE_DIGITS, MIN_CODE_DIGITS};
use crate::otp::Code;

/// Reads `{ digits = 6 }`: a whole number from 4 to 10.
pub(super) fn read_digits(options: &JsValue) -> JsResult<u32> {
    match Options::read(options)?.get(&name::DIGITS)? {
        None => Ok(6),
        Some(value) => options::whole_number(
            &value,
            MIN_CODE_DIGITS,
            MAX_CODE_DIGITS,
            Error::InvalidArgument,
        )
        .map_err(|_| invalid_argument("digits must be a whole number from 4 to 10")),
    }
}

/// The ASCII code in what a person typed or pasted.
#[wasm_bindgen(js_name = normalizeCode)]
pub fn normalize_code(input: JsValue, options: JsValue) -> JsResult<JsValue> {
    let input = options::string(&input, "input must be a string")?;
    Ok(JsValue::from_str(
        core::normalize_code(&input, read_digits(&options)?)?.as_str(),
    ))
}

/// `{ state, code, error }` for live feedback while typing. Never throws: input that is not
/// text is `invalid_character`, options that are not `{ digits: 4..=10 }` `invalid_argument`.
#[wasm_bindgen(js_name = checkCode)]
pub fn check_code(input: JsValue, options: JsValue) -> JsValue {
    let invalid = |error: Error| core::CodeCheck {
        state: core::CodeState::Invalid,
        code: Code::empty(),
        error: Some(error),
    };
    let check = match (input.as_string(), read_digits(&options)) {
        (_, Err(_)) => invalid(Error::InvalidArgument),
        (None, _) => invalid(Error::InvalidCharacter),
        (Some(input), Ok(digits)) => core::check_code(&input, digits).unwrap_or_else(invalid),
    };
    object(&[
        ("state", JsValue::from_str(check.state.name())),
        ("code", JsValue::from_str(check.code.as_str())),
        (
            "error",
            check
                .error
                .map_or(JsValue::NULL, |e| JsValue::from_str(e.code())),
        ),
    ])
}

/// The one-time code in a pasted message, or `null`.
#[wasm_bindgen(js_name = extractCode)]
pub fn extract_code(text: JsValue, options: JsValue) -> JsResult<JsValue> {
    let text = options::string(&text, "text must be a string")?;
    let code = core::extract_code(&text, read_digits(&options)?)?;
    Ok(code.map_or(JsValue::NULL, |code| JsValue::from_str(code.as_str())))
}

fn sms_object(sms: &core::SmsCode) -> JsValue {
    object(&[
        ("code", JsValue::from_str(&sms.code)),
        ("domain", JsValue::from_str(&sms.domain)),
        (
            "embeddedDomain",
            sms.embedded_domain
                .as_deref()
                .map_or(JsValue::NULL, JsValue::from_str),
        ),
    ])
}

/// `{ code, domain, embeddedDomain }` from an origin-bound SMS, or `null`.
#[wasm_bindgen(js_name = parseSmsMessage)]
pub fn parse_sms_message(text: JsValue) -> JsResult<JsValue> {
    let text = options::string(&text, "text must be a string")?;
    Ok(core::parse_sms_message(&text).map_or(JsValue::NULL, |sms| sms_object(&sms)))
}

/// An optional string option.
fn optional_string(
    options: &Options,
    option: &'static options::Name,
    message: &str,
) -> JsResult<Option<String>> {
    options
        .get(option)?
        .map(|value| value.as_string().ok_or_else(|| invalid_argument(message)))
        .transpose()
}

/// The origin-bound SMS in `message` when it is bound to this page (`{ hostname,
/// topHostname }`, `topHostname` absent for a top-level page), `null` when the message is not
/// origin-bound; `wrong_origin` when it is bound to another site.
#[wasm_bindgen(js_name = checkOrigin)]
pub fn check_origin(message: JsValue, page: JsValue) -> JsResult<JsValue> {
    let message = options::string(&message, "message must be a string")?;
    let page = Options::read(&page)?;
    let hostname = optional_string(&page, &name::HOSTNAME, "hostname must be a string")?
        .ok_or_else(|| invalid_argument("hostname must be a string"))?;
    let top_hostname = optional_string(&page, &name::TOP_HOSTNAME, "topHostname must be a string")?;
    let Some(sms) = core::parse_sms_message(&message) else {
        return Ok(JsValue::NULL);
    };
    core::check_origin(&sms, &hostname, top_hostname.as_deref())?;
    Ok(sms_object(&sms))
}
