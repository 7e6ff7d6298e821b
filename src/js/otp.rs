//! `Totp`, `Hotp` and `parseUri`.

use alloc::string::String;

use wasm_bindgen::prelude::*;

use super::error::{JsResult, invalid_argument};
use super::options::{
    self, Name, Options, counter_value, name, object, optional, secret_string, timestamp_ms,
};
use crate::Error;
use crate::otp::{
    self as core, Algorithm, Code, MAX_DIGITS, MAX_PERIOD, MIN_DIGITS, MIN_PERIOD, OtpKey, Secret,
};
use crate::uri;

/// A time-based key (RFC 6238).
#[wasm_bindgen]
pub struct Totp(core::Totp);

/// A counter-based key (RFC 4226).
#[wasm_bindgen]
pub struct Hotp {
    inner: core::Hotp,
    /// Whether `counter` was given as a bigint, so `counter` reads back the same way.
    counter_is_bigint: bool,
}

/// Reads `secret`, `algorithm`, `digits`, `issuer` and `label`, shared by both constructors.
fn read_key(options: &Options) -> JsResult<OtpKey> {
    let secret = match options.get(&name::SECRET)? {
        None => return Err(Error::MissingSecret.into()),
        Some(value) => match value.as_string() {
            Some(text) => Secret::from_base32(&text)?,
            None => Secret::from_bytes(&options::bytes(
                &value,
                "secret must be a base32 string or a Uint8Array",
            )?)?,
        },
    };
    let algorithm = match options.get(&name::ALGORITHM)? {
        None => Algorithm::Sha1,
        Some(value) => {
            Algorithm::parse(&options::string(&value, Error::InvalidAlgorithm.message())?)?
        }
    };
    let digits = match options.get(&name::DIGITS)? {
        None => MIN_DIGITS,
        Some(value) => options::whole_number(&value, MIN_DIGITS, MAX_DIGITS, Error::InvalidDigits)?,
    };
    let issuer = text_option(options, &name::ISSUER)?;
    let label = text_option(options, &name::LABEL)?;
    OtpKey::new(secret, algorithm, digits)?
        .with_account(&issuer, &label)
        .map_err(|_| {
            invalid_argument(
                "issuer may not contain ':', nor label when there is no issuer (Key URI format)",
            )
        })
}

fn text_option(options: &Options, name: &'static Name) -> JsResult<String> {
    match options.get(name)? {
        None => Ok(String::new()),
        Some(value) => value
            .as_string()
            .ok_or_else(|| invalid_argument("issuer and label must be strings")),
    }
}

/// Reads a verification `window`: a whole number from 0 to 100.
fn window(options: &Options, default: u32) -> JsResult<u32> {
    match options.get(&name::WINDOW)? {
        None => Ok(default),
        Some(value) => options::whole_number(&value, 0, core::MAX_WINDOW, Error::InvalidArgument)
            .map_err(|_| invalid_argument("window must be a whole number from 0 to 100")),
    }
}

#[wasm_bindgen]
extern "C" {
    /// The global `String` function: `String(1000123)` is `"1000123"`.
    #[wasm_bindgen(js_name = String)]
    fn js_string(number: f64) -> js_sys::JsString;
}

/// A code as a JavaScript string built from a number, `(10^len + code).toString().slice(1)`:
/// numbers cross the boundary as they are, while text returned as UTF-8 must be decoded, which
/// costs as much as the two hash blocks of a code.
fn code_string(code: &Code) -> JsValue {
    let shifted = code
        .as_bytes()
        .iter()
        .fold(1u64, |value, &digit| value * 10 + u64::from(digit - b'0'));
    js_string(shifted as f64)
        .slice(1, code.len() as u32 + 1)
        .into()
}

fn token(value: &JsValue) -> JsResult<zeroize::Zeroizing<String>> {
    options::string(value, "token must be a string")
}

/// The read-only properties both key classes share, read from `self.key()`.
macro_rules! key_properties {
    ($class:ty) => {
        #[wasm_bindgen]
        impl $class {
            /// Base32, upper case, unpadded.
            #[wasm_bindgen(getter)]
            pub fn secret(&self) -> JsValue {
                secret_string(self.key().secret().to_base32())
            }
            #[wasm_bindgen(getter)]
            pub fn algorithm(&self) -> JsValue {
                JsValue::from_str(self.key().algorithm().name())
            }
            #[wasm_bindgen(getter)]
            pub fn digits(&self) -> u32 {
                self.key().digits()
            }
            #[wasm_bindgen(getter)]
            pub fn issuer(&self) -> JsValue {
                JsValue::from_str(self.key().issuer())
            }
            #[wasm_bindgen(getter)]
            pub fn label(&self) -> JsValue {
                JsValue::from_str(self.key().label())
            }
        }
    };
}

key_properties!(Totp);
key_properties!(Hotp);

impl Totp {
    fn key(&self) -> &OtpKey {
        self.0.key()
    }
}

impl Hotp {
    fn key(&self) -> &OtpKey {
        self.inner.key()
    }
}

#[wasm_bindgen]
impl Totp {
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> JsResult<Totp> {
        let options = Options::read(&options)?;
        let key = read_key(&options)?;
        let period = match options.get(&name::PERIOD)? {
            None => core::DEFAULT_PERIOD,
            Some(value) => {
                options::whole_number(&value, MIN_PERIOD, MAX_PERIOD, Error::InvalidPeriod)?
            }
        };
        Ok(Totp(core::Totp::new(key, period)?))
    }

    /// The code at `timestampMs` (default: now).
    pub fn generate(&self, timestamp: JsValue) -> JsResult<JsValue> {
        Ok(code_string(&self.0.generate(timestamp_ms(&timestamp)?)))
    }

    /// `{ delta, step }` when `token` matches a step within `window` of now and after
    /// `afterStep`, else `null`.
    pub fn verify(&self, token: JsValue, options: JsValue) -> JsResult<JsValue> {
        let token = self::token(&token)?;
        let options = Options::read(&options)?;
        let now = timestamp_ms(
            &options
                .get(&name::TIMESTAMP_MS)?
                .unwrap_or(JsValue::UNDEFINED),
        )?;
        let window = window(&options, 1)?;
        let after_step = options
            .get(&name::AFTER_STEP)?
            .map(|value| options::counter(&value))
            .transpose()?;
        let matched = self
            .0
            .verify(&token, now, window, after_step.map(|(step, _)| step))?;
        Ok(matched.map_or(JsValue::NULL, |m| {
            object(&[
                ("delta", JsValue::from_f64(m.delta as f64)),
                ("step", JsValue::from_f64(m.step as f64)),
            ])
        }))
    }

    #[wasm_bindgen(js_name = stepAt)]
    pub fn step_at(&self, timestamp: JsValue) -> JsResult<f64> {
        Ok(self.0.step_at(timestamp_ms(&timestamp)?) as f64)
    }

    #[wasm_bindgen(js_name = remainingMs)]
    pub fn remaining_ms(&self, timestamp: JsValue) -> JsResult<f64> {
        Ok(self.0.remaining_ms(timestamp_ms(&timestamp)?) as f64)
    }

    #[wasm_bindgen(js_name = toUri)]
    pub fn to_uri(&self) -> JsValue {
        secret_string(self.0.to_uri())
    }

    #[wasm_bindgen(getter)]
    pub fn period(&self) -> u32 {
        self.0.period()
    }
}

#[wasm_bindgen]
impl Hotp {
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> JsResult<Hotp> {
        let options = Options::read(&options)?;
        let key = read_key(&options)?;
        let (counter, counter_is_bigint) = match options.get(&name::COUNTER)? {
            None => (0, false),
            Some(value) => options::counter(&value)?,
        };
        Ok(Hotp {
            inner: core::Hotp::new(key, counter),
            counter_is_bigint,
        })
    }

    /// The code at `counter` (default: this key's `counter`).
    pub fn generate(&self, counter: JsValue) -> JsResult<JsValue> {
        let counter = match optional(counter) {
            None => self.inner.counter(),
            Some(value) => options::counter(&value)?.0,
        };
        Ok(code_string(&self.inner.generate(counter)))
    }

    /// `{ delta, counter }` when `token` matches a counter in `counter ..= counter + window`,
    /// else `null`; `counter` answers in the type it was given.
    pub fn verify(&self, token: JsValue, options: JsValue) -> JsResult<JsValue> {
        let token = self::token(&token)?;
        let options = Options::read(&options)?;
        let (counter, as_bigint) = match options.get(&name::COUNTER)? {
            None => (self.inner.counter(), self.counter_is_bigint),
            Some(value) => options::counter(&value)?,
        };
        let window = window(&options, 0)?;
        let matched = self.inner.verify(&token, counter, window)?;
        Ok(matched.map_or(JsValue::NULL, |m| {
            object(&[
                ("delta", JsValue::from_f64(m.delta as f64)),
                ("counter", counter_value(m.counter, as_bigint)),
            ])
        }))
    }

    #[wasm_bindgen(js_name = toUri)]
    pub fn to_uri(&self) -> JsValue {
        secret_string(self.inner.to_uri())
    }

    #[wasm_bindgen(getter)]
    pub fn counter(&self) -> JsValue {
        counter_value(self.inner.counter(), self.counter_is_bigint)
    }
}

/// A `Totp` or `Hotp` from a Key URI.
#[wasm_bindgen(js_name = parseUri)]
pub fn parse_uri(uri: JsValue) -> JsResult<JsValue> {
    let uri = options::string(&uri, "uri must be a string")?;
    Ok(match uri::parse(&uri)? {
        uri::Otp::Totp(totp) => Totp(totp).into(),
        // Counters above 2^53-1 read back as bigints anyway (see `counter_value`).
        uri::Otp::Hotp(hotp) => Hotp {
            inner: hotp,
            counter_is_bigint: false,
        }
        .into(),
    })
}
