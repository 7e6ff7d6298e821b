//! Normalizing a typed or pasted code to ASCII digits.
//!
//! People type codes on phones with other keyboards (full-width digits from a Japanese IME,
//! Arabic-Indic digits), paste them with the grouping the SMS used (`123 456`, `123-456`,
//! NBSP or thin space from a rich-text mail), and add stray white space. All of that is the
//! same code. Anything else is rejected rather than guessed at.

use super::unicode_tables::{DASHES, DIGIT_ZEROS, SPACE_SEPARATORS};
use super::{Code, MAX_DIGITS as MAX_CODE_DIGITS};
use crate::error::{Error, Result};

/// Shortest code length accepted (docs/api.md, `normalizeCode`: digits 4..=10).
pub const MIN_CODE_DIGITS: u32 = 4;

/// The ASCII digit for any Unicode decimal digit (general category Nd), else `None`.
// Called from many places; one out-of-line copy keeps the `.wasm` small.
#[inline(never)]
pub(crate) fn ascii_digit(c: char) -> Option<u8> {
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

/// What a scan of typed text found: the first digits (up to [`MAX_CODE_DIGITS`]), how many
/// there were in all, and whether the text is malformed so far.
struct Scan {
    code: Code,
    count: usize,
    /// A character that is neither a digit nor a separator between digits.
    invalid_character: bool,
    /// The text ends in a separator, as it does while someone is still typing `123 `.
    trailing_separator: bool,
}

fn scan(input: &str) -> Scan {
    let mut scan = Scan {
        code: Code::empty(),
        count: 0,
        invalid_character: false,
        trailing_separator: false,
    };
    for c in input.trim().chars() {
        if let Some(digit) = ascii_digit(c) {
            scan.trailing_separator = false;
            scan.count += 1;
            scan.code.push(digit);
        } else if scan.count > 0 && is_group_separator(c) {
            // `123 - 456`: a run of separators between two groups is one gap.
            scan.trailing_separator = true;
        } else {
            scan.invalid_character = true;
            break;
        }
    }
    scan
}

fn check_digits(digits: u32) -> Result<usize> {
    if (MIN_CODE_DIGITS..=MAX_CODE_DIGITS).contains(&digits) {
        Ok(digits as usize)
    } else {
        Err(Error::InvalidArgument)
    }
}

/// Normalizes `input` to exactly `digits` ASCII digits.
///
/// Surrounding white space is ignored; between digit groups any space separator, dash or dot
/// is dropped; every Unicode decimal digit maps to its ASCII value. Errors: `InvalidArgument`
/// for `digits` outside 4..=10, `Empty`, `TooShort`, `TooLong`, `InvalidCharacter` (which
/// wins over the length errors, so a person sees what is actually wrong).
pub fn normalize_code(input: &str, digits: u32) -> Result<Code> {
    let digits = check_digits(digits)?;
    let scan = scan(input);
    if scan.invalid_character || scan.trailing_separator {
        return Err(Error::InvalidCharacter);
    }
    match scan.count {
        0 => Err(Error::Empty),
        n if n < digits => Err(Error::TooShort),
        n if n > digits => Err(Error::TooLong),
        _ => Ok(scan.code),
    }
}

/// Where a code entry stands while someone types it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeState {
    /// Nothing but white space.
    Empty,
    /// Fewer digits than expected so far, and nothing wrong yet.
    Incomplete,
    /// Exactly the expected digits: [`normalize_code`] accepts it.
    Complete,
    /// A character that is not allowed, or too many digits.
    Invalid,
}

/// The state of a code entry, for live feedback while typing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeCheck {
    pub state: CodeState,
    /// The digits so far, as ASCII (at most [`MAX_CODE_DIGITS`] of them).
    pub code: Code,
    /// For `Invalid`, the error [`normalize_code`] gives (`InvalidCharacter` or `TooLong`).
    pub error: Option<Error>,
}

impl CodeState {
    /// The name JavaScript sees: `"empty"`, `"incomplete"`, `"complete"` or `"invalid"`.
    pub const fn name(self) -> &'static str {
        match self {
            CodeState::Empty => "empty",
            CodeState::Incomplete => "incomplete",
            CodeState::Complete => "complete",
            CodeState::Invalid => "invalid",
        }
    }
}

/// Checks a code entry as it is being typed: unlike [`normalize_code`] it never fails on a
/// partial entry (`12`, `123 `), and says which state the entry is in. Only `digits` outside
/// 4..=10 is an error.
pub fn check_code(input: &str, digits: u32) -> Result<CodeCheck> {
    let digits = check_digits(digits)?;
    let scan = scan(input);
    let (state, error) = if scan.invalid_character {
        (CodeState::Invalid, Some(Error::InvalidCharacter))
    } else if scan.count > digits {
        (CodeState::Invalid, Some(Error::TooLong))
    } else if scan.count == 0 {
        (CodeState::Empty, None)
    } else if scan.count < digits {
        (CodeState::Incomplete, None)
    } else if scan.trailing_separator {
        // All digits are there and then a dash: nothing more can follow.
        (CodeState::Invalid, Some(Error::InvalidCharacter))
    } else {
        (CodeState::Complete, None)
    };
    Ok(CodeCheck {
        state,
        code: scan.code,
        error,
    })
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
    fn check_code_follows_the_entry_as_it_is_typed() {
        let table: &[(&str, CodeState, &str, Option<Error>)] = &[
            ("", CodeState::Empty, "", None),
            ("  ", CodeState::Empty, "", None),
            ("1", CodeState::Incomplete, "1", None),
            ("123 ", CodeState::Incomplete, "123", None),
            ("123-", CodeState::Incomplete, "123", None),
            ("123 4", CodeState::Incomplete, "1234", None),
            ("123 456", CodeState::Complete, "123456", None),
            (
                "\u{ff11}\u{ff12}\u{ff13}\u{ff14}\u{ff15}\u{ff16}",
                CodeState::Complete,
                "123456",
                None,
            ),
            (
                "123456-",
                CodeState::Invalid,
                "123456",
                Some(Error::InvalidCharacter),
            ),
            (
                "1234567",
                CodeState::Invalid,
                "1234567",
                Some(Error::TooLong),
            ),
            (
                "12a",
                CodeState::Invalid,
                "12",
                Some(Error::InvalidCharacter),
            ),
            ("-1", CodeState::Invalid, "", Some(Error::InvalidCharacter)),
        ];
        for &(input, state, code, error) in table {
            let check = check_code(input, 6).unwrap();
            assert_eq!(
                (check.state, check.code.as_str(), check.error),
                (state, code, error),
                "{input:?}"
            );
            // The complete state is exactly what normalize_code accepts.
            assert_eq!(
                state == CodeState::Complete,
                normalize_code(input, 6).is_ok(),
                "{input:?}"
            );
        }
        assert_eq!(check_code("1", 3), Err(Error::InvalidArgument));
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
