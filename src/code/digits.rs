//! A one-time code as ASCII characters on the stack: no allocation per generated code.

use subtle::{Choice, ConstantTimeEq};

/// [`super::MAX_DIGITS`] as an array length.
const MAX_DIGITS: usize = super::MAX_DIGITS as usize;

/// Up to ten ASCII characters (`MAX_DIGITS`): decimal digits, or a Steam code's letters.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Code {
    bytes: [u8; MAX_DIGITS],
    len: u8,
}

impl Code {
    /// `value` zero-padded to `digits` places, keeping the last `digits` decimal digits
    /// (RFC 4226 §5.3: `Snum mod 10^Digit`).
    pub(crate) fn from_number(mut value: u64, digits: u32) -> Self {
        let len = (digits as usize).min(MAX_DIGITS);
        let mut bytes = [b'0'; MAX_DIGITS];
        for slot in bytes[..len].iter_mut().rev() {
            *slot = b'0' + (value % 10) as u8;
            value /= 10;
        }
        Code {
            bytes,
            len: len as u8,
        }
    }

    /// An empty code, filled by [`Code::push`].
    pub(crate) const fn empty() -> Self {
        Code {
            bytes: [0; MAX_DIGITS],
            len: 0,
        }
    }

    /// Appends an ASCII digit; returns false (and keeps the code as it was) when full.
    pub(crate) fn push(&mut self, ascii_digit: u8) -> bool {
        match self.bytes.get_mut(self.len as usize) {
            Some(slot) => {
                *slot = ascii_digit;
                self.len += 1;
                true
            }
            None => false,
        }
    }

    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn as_bytes(&self) -> &[u8] {
        // `len` never exceeds the array (see `from_number` and `push`); `get` keeps a panic
        // path out of every caller.
        self.bytes.get(..self.len as usize).unwrap_or_default()
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII is ever stored, so this never fails.
        core::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }

    /// Constant-time equality (RFC 4226 §7.2 asks that comparison leak nothing useful).
    /// Lengths are public: every code of one key has the same length.
    pub fn ct_eq(&self, other: &Code) -> Choice {
        self.as_bytes().ct_eq(other.as_bytes())
    }
}

impl core::fmt::Debug for Code {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl core::fmt::Display for Code {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}
