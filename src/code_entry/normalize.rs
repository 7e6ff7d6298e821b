//! Normalizing a typed or pasted code to ASCII digits.
//!
//! People type codes on phones with other keyboards (full-width digits from a Japanese IME,
//! Arabic-Indic digits), paste them with the grouping the SMS used (`123 456`, `123-456`,
//! NBSP or thin space from a rich-text mail), and add stray white space. All of that is the
//! same code. Anything else is rejected rather than guessed at.

use super::unicode_tables::{DASHES, DIGIT_ZEROS, SPACE_SEPARATORS};
use crate::error::{Error, Result};
use crate::otp::Code;

/// Shortest code length accepted (API.md `normalizeCode`: digits 4..=10).
pub const MIN_CODE_DIGITS: u32 = 4;
/// Longest code length accepted.
pub const MAX_CODE_DIGITS: u32 = 10;

/// The ASCII digit for any Unicode decimal digit (general category Nd), else `None`.
fn ascii_digit(c: char) -> Option<u8> {
    if c.is_ascii_digit() {
        return Some(c as u8);
    }
    // The last run whose zero is at or below `c`; `c` is a digit when it lies within ten of it.
    let run = DIGIT_ZEROS
        .partition_point(|&zero| zero <= c)
        .checked_sub(1)?;
    let offset = u32::from(c) - u32::from(*DIGIT_ZEROS.get(run)?);
    (offset < 10).then(|| b'0' + offset as u8)
}

/// Characters allowed between digit groups: space separators, dashes and dots.
fn is_group_separator(c: char) -> bool {
    matches!(c, '.' | '\u{ff0e}')
        || SPACE_SEPARATORS.binary_search(&c).is_ok()
        || DASHES.binary_search(&c).is_ok()
}

/// Normalizes `input` to exactly `digits` ASCII digits.
///
/// Surrounding white space is ignored; between digit groups any space separator, dash or dot
/// is dropped; every Unicode decimal digit maps to its ASCII value. Errors: `InvalidArgument`
/// for `digits` outside 4..=10, `Empty`, `TooShort`, `TooLong`, `InvalidCharacter` (which
/// wins over the length errors, so a person sees what is actually wrong).
pub fn normalize_code(input: &str, digits: u32) -> Result<Code> {
    if !(MIN_CODE_DIGITS..=MAX_CODE_DIGITS).contains(&digits) {
        return Err(Error::InvalidArgument);
    }
    let mut code = Code::empty();
    let mut count: usize = 0;
    // A separator is only valid once a digit follows it, so remember one that is pending.
    let mut pending_separator = false;
    for c in input.trim().chars() {
        if let Some(digit) = ascii_digit(c) {
            pending_separator = false;
            count += 1;
            if count <= digits as usize {
                code.push(digit);
            }
        } else if count > 0 && is_group_separator(c) {
            pending_separator = true;
        } else {
            return Err(Error::InvalidCharacter);
        }
    }
    if pending_separator {
        return Err(Error::InvalidCharacter);
    }
    match count {
        0 => Err(Error::Empty),
        n if n < digits as usize => Err(Error::TooShort),
        n if n > digits as usize => Err(Error::TooLong),
        _ => Ok(code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized(input: &str, digits: u32) -> Result<String> {
        normalize_code(input, digits).map(|code| code.as_str().to_owned())
    }

    #[test]
    fn accepts_what_people_type_and_paste() {
        let table: &[(&str, &str)] = &[
            ("123456", "123456"),
            ("  123456\n", "123456"),
            ("123 456", "123456"),
            ("123-456", "123456"),
            ("123.456", "123456"),
            ("123 - 456", "123456"),
            ("123\u{a0}456", "123456"),   // no-break space
            ("123\u{2009}456", "123456"), // thin space
            ("123\u{2013}456", "123456"), // en dash
            ("\u{ff11}\u{ff12}\u{ff13}\u{ff14}\u{ff15}\u{ff16}", "123456"), // full-width
            ("\u{661}\u{662}\u{663}\u{664}\u{665}\u{666}", "123456"), // Arabic-Indic
            ("\u{6f1}\u{6f2}\u{6f3}\u{6f4}\u{6f5}\u{6f6}", "123456"), // Extended Arabic-Indic
            ("\u{967}\u{968}\u{969}\u{96a}\u{96b}\u{96c}", "123456"), // Devanagari
            ("\u{e51}\u{e52}\u{e53}\u{e54}\u{e55}\u{e56}", "123456"), // Thai
            (
                "\u{1d7cf}\u{1d7d0}\u{1d7d1}\u{1d7d2}\u{1d7d3}\u{1d7d4}",
                "123456",
            ), // math bold
        ];
        for &(input, expected) in table {
            assert_eq!(normalized(input, 6).as_deref(), Ok(expected), "{input:?}");
        }
    }

    #[test]
    fn reports_what_is_wrong() {
        let table: &[(&str, Error)] = &[
            ("", Error::Empty),
            ("   ", Error::Empty),
            ("12345", Error::TooShort),
            ("1234567", Error::TooLong),
            ("12345a", Error::InvalidCharacter),
            ("-123456", Error::InvalidCharacter),
            ("123456-", Error::InvalidCharacter),
            ("123_456", Error::InvalidCharacter),
            ("½23456", Error::InvalidCharacter),
            ("\u{2460}23456", Error::InvalidCharacter), // circled digit one is No, not Nd
            ("123456789012a", Error::InvalidCharacter),
        ];
        for &(input, expected) in table {
            assert_eq!(normalized(input, 6), Err(expected), "{input:?}");
        }
        assert_eq!(normalized("1234", 3), Err(Error::InvalidArgument));
        assert_eq!(normalized("1234", 11), Err(Error::InvalidArgument));
        assert_eq!(normalized("1234", 4).as_deref(), Ok("1234"));
    }

    #[test]
    fn every_decimal_digit_maps_to_its_value() {
        for zero in DIGIT_ZEROS {
            for value in 0..10u8 {
                let c = char::from_u32(u32::from(zero) + u32::from(value)).unwrap();
                assert_eq!(ascii_digit(c), Some(b'0' + value), "{c:?}");
            }
        }
        assert_eq!(ascii_digit('a'), None);
        assert_eq!(ascii_digit('\u{2f}'), None);
        assert_eq!(ascii_digit('\u{3a}'), None);
    }
}
