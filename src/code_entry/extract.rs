//! Finding the one-time code in a whole pasted message.
//!
//! People paste the whole SMS or e-mail ("Your code is 123 456. It expires in 10 minutes.").
//! The code is the one number of the right length that is not something else: not part of
//! an amount, a date, a time, a phone or order number, a URL or a longer identifier. When two
//! different numbers qualify, guessing could sign someone in with the wrong code, so there is
//! no answer.

use alloc::string::String;
use alloc::vec::Vec;

use super::{MAX_CODE_DIGITS, MIN_CODE_DIGITS, parse_sms_message};
use crate::code::{Code, ascii_digit, normalize_code};
use crate::error::{Error, Result};

/// Words that, right before a number, say it is not a one-time code. (One string searched
/// word by word: a slice of literals compiles to far more code in the `.wasm`.)
const NOT_A_CODE_BEFORE: &str = "order ref reference invoice booking tracking account acct card \
     ending phone tel call no nr number usd eur gbp inr rs chf jpy cad aud";
/// Words that, right after a number, say it is an amount.
const NOT_A_CODE_AFTER: &str = "usd eur gbp inr chf jpy cad aud";
/// Characters that, right before a number, make it an amount, a reference or a phone number.
const NOT_A_CODE_PREFIX: &[char] = &[
    '$', '€', '£', '¥', '₹', '₽', '#', '+', '/', '\\', '@', '&', '=',
];

/// The `digits`-digit code in `text`, or `None` when there is none or more than one.
/// `InvalidArgument` for `digits` outside 4..=10.
pub fn extract_code(text: &str, digits: u32) -> Result<Option<Code>> {
    if !(MIN_CODE_DIGITS..=MAX_CODE_DIGITS).contains(&digits) {
        return Err(Error::InvalidArgument);
    }
    // An origin-bound line names the code outright.
    if let Some(Ok(code)) = parse_sms_message(text).map(|sms| normalize_code(&sms.code, digits)) {
        return Ok(Some(code));
    }
    let chars: Vec<char> = text.chars().collect();
    let mut found: Option<Code> = None;
    let mut at = 0;
    while at < chars.len() {
        if ascii_digit(chars[at]).is_none() {
            at += 1;
            continue;
        }
        let run = NumberRun::read(&chars, at);
        at = run.end;
        if !run.stands_alone(&chars) {
            continue;
        }
        for candidate in run.candidates(digits as usize) {
            match found {
                Some(code) if code != candidate => return Ok(None),
                _ => found = Some(candidate),
            }
        }
    }
    Ok(found)
}

/// Digit groups separated by single spaces or dashes: `123 456`, `123-456`, `555 123 4567`.
struct NumberRun {
    start: usize,
    end: usize,
    /// Each group's digits, as ASCII.
    groups: Vec<Code>,
    /// A group longer than any code: never a candidate, nor is the run.
    overlong: bool,
}

impl NumberRun {
    fn read(chars: &[char], start: usize) -> Self {
        let mut run = NumberRun {
            start,
            end: start,
            groups: Vec::new(),
            overlong: false,
        };
        let mut at = start;
        loop {
            let mut group = Code::empty();
            while let Some(digit) = chars.get(at).and_then(|&c| ascii_digit(c)) {
                run.overlong |= !group.push(digit);
                at += 1;
            }
            run.groups.push(group);
            run.end = at;
            // One separator, then another group, continues the run.
            let separated = chars.get(at).is_some_and(|&c| is_run_separator(c));
            let next_is_digit = chars.get(at + 1).is_some_and(|&c| ascii_digit(c).is_some());
            if !(separated && next_is_digit) {
                return run;
            }
            at += 1;
        }
    }

    /// The whole run when it has exactly `digits` digits (`123 456`), else each group that
    /// does (`123456` in `123456 10`).
    fn candidates(&self, digits: usize) -> Vec<Code> {
        if self.overlong {
            return Vec::new();
        }
        let total: usize = self.groups.iter().map(Code::len).sum();
        if total == digits && self.groups.len() <= 3 {
            let mut joined = Code::empty();
            for digit in self.groups.iter().flat_map(|group| group.as_bytes()) {
                joined.push(*digit);
            }
            return alloc::vec![joined];
        }
        self.groups
            .iter()
            .copied()
            .filter(|group| group.len() == digits)
            .collect()
    }

    /// False when what surrounds the run makes it part of something else.
    fn stands_alone(&self, chars: &[char]) -> bool {
        let before = self
            .start
            .checked_sub(1)
            .and_then(|i| chars.get(i))
            .copied();
        let before2 = self
            .start
            .checked_sub(2)
            .and_then(|i| chars.get(i))
            .copied();
        let after = chars.get(self.end).copied();
        let after2 = chars.get(self.end + 1).copied();
        let is_digit = |c: Option<char>| c.is_some_and(|c| ascii_digit(c).is_some());
        let numeric_punctuation = |c: Option<char>| matches!(c, Some('.' | ',' | ':' | '/'));
        // Glued to Latin letters or digits: part of an identifier such as `A1234567`.
        let glued = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        !(glued(before)
            || glued(after)
            || before.is_some_and(|c| NOT_A_CODE_PREFIX.contains(&c))
            || after.is_some_and(|c| matches!(c, '%' | '€' | '$' | '£'))
            // Decimals, times, dates, versions, IP addresses: 1.234,50 / 10:30 / 12/05.
            || (numeric_punctuation(before) && is_digit(before2))
            || (numeric_punctuation(after) && is_digit(after2))
            || word_before(chars, self.start).is_some_and(|w| listed(&w, NOT_A_CODE_BEFORE))
            || word_after(chars, self.end).is_some_and(|w| listed(&w, NOT_A_CODE_AFTER)))
    }
}

/// Whether `word` is one of the space-separated `words`.
fn listed(word: &str, words: &str) -> bool {
    words.split_ascii_whitespace().any(|listed| listed == word)
}

/// Space separators and dashes, as people group codes (`123 456`, `123-456`).
fn is_run_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{a0}' | '\u{2009}' | '\u{202f}' | '-' | '\u{2010}' | '\u{2011}' | '\u{2013}'
    )
}

/// The Latin word just before `at`, lower-cased, skipping spaces and `.:#-` (`Order no. `).
fn word_before(chars: &[char], at: usize) -> Option<String> {
    let mut end = at;
    while end > 0
        && matches!(
            chars[end - 1],
            ' ' | '\u{a0}' | '.' | ':' | '#' | '-' | '\n'
        )
    {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && chars[start - 1].is_ascii_alphabetic() {
        start -= 1;
    }
    (start < end).then(|| {
        chars[start..end]
            .iter()
            .map(|c| c.to_ascii_lowercase())
            .collect()
    })
}

/// The Latin word just after `at`, lower-cased, skipping spaces.
fn word_after(chars: &[char], at: usize) -> Option<String> {
    let mut start = at;
    while start < chars.len() && matches!(chars[start], ' ' | '\u{a0}') {
        start += 1;
    }
    let mut end = start;
    while end < chars.len() && chars[end].is_ascii_alphabetic() {
        end += 1;
    }
    (start < end).then(|| {
        chars[start..end]
            .iter()
            .map(|c| c.to_ascii_lowercase())
            .collect()
    })
}
