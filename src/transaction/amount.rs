//! Amounts as decimal text, checked against the currency's minor units.

use alloc::string::String;

use crate::error::{Error, Result};

/// The most digits before the decimal point: 10^15 of a currency's major unit is past any
/// payment, and with four minor digits it still fits a `u64` of minor units.
const MAX_WHOLE_DIGITS: usize = 15;

/// `text` written canonically for a currency with `minor_units` digits after the point,
/// with its value in minor units: `"42"`, `"042.5"` and `"42.500"` are `"42.50"` (4200) for
/// EUR. Only ASCII digits with at most one point between digits are read (no sign, exponent,
/// group separator or space); zero, more than 15 whole digits, or a non-zero digit past the
/// minor units (`"42.001"` EUR, `"1.5"` JPY) is `InvalidAmount`.
pub fn canonical(text: &str, minor_units: u32) -> Result<(String, u64)> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || text.ends_with('.') {
        return Err(Error::InvalidAmount);
    }
    let whole = whole.trim_start_matches('0');
    let units = minor_units as usize;
    // Checked `get`s: a `str` split that could panic would bring the panic's formatting of
    // the text into the .wasm (kilobytes); these are ASCII digits, so never `None`.
    let kept = fraction
        .get(..units.min(fraction.len()))
        .unwrap_or_default();
    let dropped = fraction.get(kept.len()..).unwrap_or_default();
    if whole.len() > MAX_WHOLE_DIGITS || dropped.bytes().any(|byte| byte != b'0') {
        return Err(Error::InvalidAmount);
    }
    let mut out = String::from(if whole.is_empty() { "0" } else { whole });
    if units > 0 {
        out.push('.');
        out.push_str(kept);
        (kept.len()..units).for_each(|_| out.push('0'));
    }
    let value = out
        .bytes()
        .filter(u8::is_ascii_digit)
        .fold(0u64, |value, digit| value * 10 + u64::from(digit - b'0'));
    if value == 0 {
        return Err(Error::InvalidAmount);
    }
    Ok((out, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_written_one_way() {
        for (text, units, canonical_text, value) in [
            ("42", 2, "42.00", 4200),
            ("42.5", 2, "42.50", 4250),
            ("042.500", 2, "42.50", 4250),
            ("0.01", 2, "0.01", 1),
            ("1000", 0, "1000", 1000),
            ("1000.000", 0, "1000", 1000),
            ("1.234", 3, "1.234", 1234),
            (
                "999999999999999.9999",
                4,
                "999999999999999.9999",
                9_999_999_999_999_999_999,
            ),
        ] {
            assert_eq!(
                canonical(text, units),
                Ok((canonical_text.into(), value)),
                "{text}"
            );
        }
    }

    #[test]
    fn what_is_not_an_amount_of_the_currency_is_refused() {
        for (text, units) in [
            ("42.001", 2),
            ("1.5", 0),
            ("0", 2),
            ("0.00", 2),
            ("", 2),
            (".5", 2),
            ("5.", 2),
            ("-5", 2),
            ("+5", 2),
            ("1e3", 2),
            ("1,000", 2),
            (" 5", 2),
            ("5 ", 2),
            ("1.2.3", 2),
            ("٤٢", 2),
            ("1000000000000000", 2),
        ] {
            assert_eq!(
                canonical(text, units),
                Err(Error::InvalidAmount),
                "{text:?}"
            );
        }
    }
}
