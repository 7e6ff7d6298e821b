//! The OCRA suite (RFC 6287 §6): which hash and how many digits make the response, and which
//! inputs go into it.
//!
//! `OCRA-1:HOTP-SHA1-6:QN08` reads: version 1 (§6.1), HOTP truncation of HMAC-SHA-1 to 6
//! digits (§6.2, §5.2), an 8-digit numeric question (§6.3). The whole suite text is hashed
//! into every response (§5.1), so a suite is read exactly as the RFC writes it (upper case,
//! `Q` lengths in two digits, `S` in three) and kept as given: two parties that spell a suite
//! differently would compute different responses, so no other spelling is accepted.

use alloc::string::String;
use core::num::NonZeroU64;

use crate::error::{Error, Result};
use crate::otp::Algorithm;

/// How the challenge question is written (§6.3 `QFxx`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuestionFormat {
    /// `N`: decimal digits, turned into the bytes of their hexadecimal value as the RFC's
    /// reference implementation does (Appendix A: `BigInteger(question, 10).toString(16)`).
    Numeric,
    /// `A`: printable ASCII, as its bytes.
    Alphanumeric,
    /// `H`: hexadecimal digits, any case, an odd count too (a last half byte).
    Hex,
}

impl QuestionFormat {
    /// Whether `byte` may appear in a question of this format.
    pub(super) fn allows(self, byte: u8) -> bool {
        match self {
            QuestionFormat::Numeric => byte.is_ascii_digit(),
            QuestionFormat::Alphanumeric => matches!(byte, b' '..=b'~'),
            QuestionFormat::Hex => byte.is_ascii_hexdigit(),
        }
    }
}

/// Fewest characters in a challenge question (§6.3: `xx` is 04 to 64).
pub const MIN_QUESTION_LEN: u32 = 4;
/// Most characters in one challenge question.
pub const MAX_QUESTION_LEN: u32 = 64;
/// Longest session information accepted, in bytes: `S512`, the longest the RFC names (§5.1).
pub const MAX_SESSION_LEN: u32 = 512;

/// A parsed OCRA suite.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OcraSuite {
    text: String,
    algorithm: Algorithm,
    digits: u32,
    counter: bool,
    question_format: QuestionFormat,
    question_len: u32,
    pin: Option<Algorithm>,
    session_len: Option<u32>,
    time_step: Option<NonZeroU64>,
}

impl OcraSuite {
    /// Reads `OCRA-1:HOTP-H-t:DataInput`. `InvalidSuite` for any other version, hash or digit
    /// count (0 or 4..=10, §5.2), a data input other than `[C-]QFxx[-PH][-Snnn][-TG]` in that
    /// order (§6.3), question lengths outside 04..=64, session lengths outside 001..=512, time
    /// steps outside 1..=59 `S`, 1..=59 `M`, 1..=48 `H`, or anything after them.
    ///
    /// §6.3 lists `0-48H`; a step of zero hours would divide time by zero, so it is refused.
    pub fn parse(text: &str) -> Result<Self> {
        Self::read(text).ok_or(Error::InvalidSuite)
    }

    fn read(text: &str) -> Option<Self> {
        let mut parts = text.split(':');
        let (version, function, input) = (parts.next()?, parts.next()?, parts.next()?);
        if version != "OCRA-1" || parts.next().is_some() {
            return None;
        }
        let (hash, digits) = function.strip_prefix("HOTP-")?.split_once('-')?;
        let digits = decimal(digits, 1, 2).filter(|&d| d == 0 || (4..=10).contains(&d))?;

        let mut fields = input.split('-').peekable();
        let counter = fields.next_if_eq(&"C").is_some();
        let question = fields.next()?.strip_prefix('Q')?;
        let question_format = match question.as_bytes().first()? {
            b'N' => QuestionFormat::Numeric,
            b'A' => QuestionFormat::Alphanumeric,
            b'H' => QuestionFormat::Hex,
            _ => return None,
        };
        let question_len = question
            .get(1..)
            .filter(|len| len.len() == 2)
            .and_then(|len| decimal(len, 2, 2))
            .filter(|len| (MIN_QUESTION_LEN..=MAX_QUESTION_LEN).contains(len))?;

        let mut field = fields.next();
        let pin = match field.and_then(|f| f.strip_prefix('P')) {
            Some(hash) => {
                field = fields.next();
                Some(hash_named(hash)?)
            }
            None => None,
        };
        let session_len = match field.and_then(|f| f.strip_prefix('S')) {
            Some(len) => {
                field = fields.next();
                Some(decimal(len, 3, 3).filter(|len| (1..=MAX_SESSION_LEN).contains(len))?)
            }
            None => None,
        };
        let time_step = match field.and_then(|f| f.strip_prefix('T')) {
            Some(step) => {
                field = fields.next();
                Some(time_step(step)?)
            }
            None => None,
        };
        if field.is_some() {
            return None;
        }
        Some(OcraSuite {
            text: text.into(),
            algorithm: hash_named(hash)?,
            digits,
            counter,
            question_format,
            question_len,
            pin,
            session_len,
            time_step,
        })
    }

    /// The suite as given, which is also the text hashed into every response (§5.1).
    pub fn as_str(&self) -> &str {
        &self.text
    }
    /// The HMAC's hash (§6.2 `HOTP-H`).
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }
    /// The response's digits, 4..=10; 0 for the whole HMAC, untruncated (§5.2).
    pub fn digits(&self) -> u32 {
        self.digits
    }
    /// Whether a counter `C` goes into the response (§6.3).
    pub fn has_counter(&self) -> bool {
        self.counter
    }
    pub fn question_format(&self) -> QuestionFormat {
        self.question_format
    }
    /// The longest challenge question in characters (`xx` of `QFxx`, 4..=64).
    pub fn question_len(&self) -> u32 {
        self.question_len
    }
    /// The hash a PIN goes in with (`PSHA1`...), when the suite takes one.
    pub fn pin_hash(&self) -> Option<Algorithm> {
        self.pin
    }
    /// The session information's length in bytes (`Snnn`), when the suite takes it.
    pub fn session_len(&self) -> Option<u32> {
        self.session_len
    }
    /// The time step in seconds (`TG`), when the suite takes a time.
    pub fn time_step(&self) -> Option<NonZeroU64> {
        self.time_step
    }
}

/// `SHA1`, `SHA256` or `SHA512`, exactly so (§6.2).
fn hash_named(name: &str) -> Option<Algorithm> {
    [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512]
        .into_iter()
        .find(|algorithm| algorithm.name() == name)
}

/// `text` as a decimal of `min..=max` digits, without a leading zero unless it is exactly as
/// wide as `min` requires (`Q08`, `S064`, but `T1M`, not `T01M`).
fn decimal(text: &str, min: usize, max: usize) -> Option<u32> {
    let bytes = text.as_bytes();
    let padded = bytes.len() > 1 && bytes.first() == Some(&b'0') && bytes.len() > min;
    if !(min..=max).contains(&bytes.len()) || padded {
        return None;
    }
    bytes.iter().try_fold(0u32, |value, &byte| {
        byte.is_ascii_digit()
            .then(|| value * 10 + u32::from(byte - b'0'))
    })
}

/// `G` of `TG` (§6.3): 1..=59 seconds (`S`), 1..=59 minutes (`M`) or 1..=48 hours (`H`), as
/// seconds.
fn time_step(step: &str) -> Option<NonZeroU64> {
    let (count, unit) = step.split_at_checked(step.len().checked_sub(1)?)?;
    let (seconds, most) = match unit {
        "S" => (1, 59),
        "M" => (60, 59),
        "H" => (3600, 48),
        _ => return None,
    };
    let count = decimal(count, 1, 2).filter(|count| (1..=most).contains(count))?;
    NonZeroU64::new(u64::from(count) * seconds)
}
