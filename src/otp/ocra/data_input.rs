//! The message OCRA signs (RFC 6287 §5.1):
//! `DataInput = OCRASuite | 00 | C | Q | P | S | T`, each field present when the suite says so.

use alloc::vec::Vec;
use core::num::NonZeroU64;

use zeroize::{Zeroize, Zeroizing};

use super::digest_len;
use super::suite::{MAX_SESSION_LEN, MIN_QUESTION_LEN, OcraSuite, QuestionFormat};
use crate::error::{Error, Result};
use crate::otp::hmac::{self, MAX_DIGEST_LEN};

/// Q's length in bytes (§5.1): room for two 64-character challenges, the mutual mode's.
const QUESTION_BYTES: usize = 128;
/// C and T: 8 bytes, big-endian (§5.1).
const FACTOR_BYTES: usize = 8;
const MS_PER_SECOND: NonZeroU64 = match NonZeroU64::new(1000) {
    Some(ms) => ms,
    None => panic!("1000 is not zero"),
};

/// The PIN for a suite with `P` (§5.1): as typed, hashed here with the suite's hash, or the
/// hash a server stores.
#[derive(Clone, Copy)]
pub enum Pin<'a> {
    Text(&'a str),
    Hash(&'a [u8]),
}

impl core::fmt::Debug for Pin<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Pin(<redacted>)")
    }
}

/// What goes into a response besides the suite. Each field the suite names is required
/// (`MissingCounter`, `MissingPin`, `MissingSession`; no time is `InvalidArgument`), and one
/// it does not name is `InvalidArgument`.
#[derive(Clone, Copy, Debug, Default)]
pub struct OcraInput<'a> {
    /// The challenge: one question (one-way and signature modes, §7.1, §7.2), or two for the
    /// mutual mode (§7.3: the client's then the server's for the server's response, the
    /// server's then the client's for the client's), each 4..=`xx` characters of the suite's
    /// format. They are joined before the conversion to bytes, as the RFC's concatenation.
    pub question: &'a [&'a str],
    pub counter: Option<u64>,
    pub pin: Option<Pin<'a>>,
    /// At most the suite's `Snnn` bytes, left-padded with zeros to it (as Appendix A does).
    pub session: Option<&'a [u8]>,
    /// Unix time in milliseconds, turned into steps of the suite's `T`.
    pub unix_ms: Option<u64>,
}

/// The assembled message, wiped on drop (it holds the PIN's hash), and where its C and T are,
/// so verification can move them through a window without building it again.
pub(super) struct DataInput {
    bytes: Zeroizing<Vec<u8>>,
    counter_at: Option<usize>,
    time_at: Option<usize>,
}

impl DataInput {
    pub(super) fn new(suite: &OcraSuite, input: &OcraInput) -> Result<Self> {
        let has_counter = suite.has_counter().then_some(());
        let counter = required(has_counter, input.counter, Error::MissingCounter)?;
        let mut question = [0u8; QUESTION_BYTES];
        write_question(suite, input.question, &mut question)?;
        let pin = required(suite.pin_hash(), input.pin, Error::MissingPin)?;
        let session = required(suite.session_len(), input.session, Error::MissingSession)?;
        let time = required(suite.time_step(), input.unix_ms, Error::InvalidArgument)?;

        let suite_text = suite.as_str().as_bytes();
        let mut bytes = Zeroizing::new(Vec::with_capacity(
            suite_text.len()
                + 1
                + 2 * FACTOR_BYTES
                + QUESTION_BYTES
                + MAX_DIGEST_LEN
                + MAX_SESSION_LEN as usize,
        ));
        bytes.extend_from_slice(suite_text);
        bytes.push(0);
        let counter_at = counter.map(|((), counter)| {
            bytes.extend_from_slice(&counter.to_be_bytes());
            bytes.len() - FACTOR_BYTES
        });
        bytes.extend_from_slice(&question);
        if let Some((algorithm, pin)) = pin {
            let mut hashed = [0u8; MAX_DIGEST_LEN];
            let hash = match pin {
                Pin::Text(text) => {
                    let len = hmac::hash(algorithm, text.as_bytes(), &mut hashed);
                    hashed.get(..len).unwrap_or_default()
                }
                Pin::Hash(given) if given.len() == digest_len(algorithm) => given,
                Pin::Hash(_) => return Err(Error::InvalidArgument),
            };
            bytes.extend_from_slice(hash);
            hashed.zeroize();
        }
        if let Some((len, session)) = session {
            let padding = (len as usize)
                .checked_sub(session.len())
                .ok_or(Error::InvalidArgument)?;
            let start = bytes.len();
            bytes.resize(start + padding, 0);
            bytes.extend_from_slice(session);
        }
        let time_at = time.map(|(step, unix_ms)| {
            let steps = unix_ms / step.saturating_mul(MS_PER_SECOND);
            bytes.extend_from_slice(&steps.to_be_bytes());
            bytes.len() - FACTOR_BYTES
        });
        Ok(DataInput {
            bytes,
            counter_at,
            time_at,
        })
    }

    pub(super) fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// C and T as they are now (`None` for the one the suite has not).
    pub(super) fn factors(&self) -> (Option<u64>, Option<u64>) {
        (self.read(self.counter_at), self.read(self.time_at))
    }

    /// Sets C and T (each when the suite has it).
    pub(super) fn set_factors(&mut self, counter: u64, step: u64) {
        for (at, value) in [(self.counter_at, counter), (self.time_at, step)] {
            let field = at.and_then(|at| self.bytes.get_mut(at..at + FACTOR_BYTES));
            if let Some(field) = field {
                field.copy_from_slice(&value.to_be_bytes());
            }
        }
    }

    fn read(&self, at: Option<usize>) -> Option<u64> {
        let field = self.bytes.get(at?..)?.first_chunk::<FACTOR_BYTES>()?;
        Some(u64::from_be_bytes(*field))
    }
}

impl OcraSuite {
    /// The message a response is the HMAC of (§5.1), for a caller that computes the HMAC
    /// elsewhere (the JavaScript bindings' tests, a hardware key); wiped when dropped. Fails
    /// as [`super::Ocra::generate`] does.
    pub fn data_input(&self, input: &OcraInput) -> Result<Zeroizing<Vec<u8>>> {
        DataInput::new(self, input).map(|data| data.bytes)
    }
}

/// `given` paired with what the suite says about it, when the suite asks for it: `missing`
/// when it is absent, `InvalidArgument` when the suite has no use for it.
fn required<S, T>(suite: Option<S>, given: Option<T>, missing: Error) -> Result<Option<(S, T)>> {
    match (suite, given) {
        (Some(suite), Some(given)) => Ok(Some((suite, given))),
        (Some(_), None) => Err(missing),
        (None, Some(_)) => Err(Error::InvalidArgument),
        (None, None) => Ok(None),
    }
}

/// Q (§5.1): the challenges, checked against the suite's `QFxx`, as bytes: ASCII as it is,
/// hex digits as the bytes they spell, decimal digits as the hex digits of their value
/// (Appendix A), each padded on the right with zeros to 128 bytes.
fn write_question(suite: &OcraSuite, parts: &[&str], out: &mut [u8; QUESTION_BYTES]) -> Result<()> {
    let format = suite.question_format();
    let fits = |part: &&str| {
        (MIN_QUESTION_LEN..=suite.question_len()).contains(&(part.len() as u32))
            && part.bytes().all(|byte| format.allows(byte))
    };
    if !(1..=2).contains(&parts.len()) || !parts.iter().all(fits) {
        return Err(Error::InvalidQuestion);
    }
    let text = parts.iter().flat_map(|part| part.bytes());
    match format {
        QuestionFormat::Alphanumeric => out.iter_mut().zip(text).for_each(|(to, from)| *to = from),
        QuestionFormat::Hex => {
            for (index, digit) in text.enumerate() {
                set_nibble(out, index, hex_value(digit));
            }
        }
        QuestionFormat::Numeric => {
            // The value in binary, big-endian (128 decimal digits take 54 bytes)...
            let mut value = [0u8; QUESTION_BYTES];
            for digit in text {
                let mut carry = u32::from(digit - b'0');
                for byte in value.iter_mut().rev() {
                    let product = u32::from(*byte) * 10 + carry;
                    *byte = product as u8;
                    carry = product >> 8;
                }
            }
            // ...then its hex digits from the first that is not zero, as `toString(16)` writes
            // them, from the start of Q.
            let nibbles = (0..2 * QUESTION_BYTES).map(|index| nibble(&value, index));
            let first = nibbles.clone().position(|nibble| nibble != 0).unwrap_or(0);
            for (index, nibble) in nibbles.skip(first).enumerate() {
                set_nibble(out, index, nibble);
            }
        }
    }
    Ok(())
}

/// The value of a hex digit (checked before).
fn hex_value(digit: u8) -> u8 {
    match digit {
        b'0'..=b'9' => digit - b'0',
        _ => (digit | 0x20).wrapping_sub(b'a' - 10),
    }
}

/// The `index`th half byte of `bytes`, high half first.
fn nibble(bytes: &[u8], index: usize) -> u8 {
    bytes
        .get(index / 2)
        .map_or(0, |byte| (byte >> (4 * (1 - index % 2))) & 0x0f)
}

fn set_nibble(bytes: &mut [u8], index: usize, nibble: u8) {
    if let Some(byte) = bytes.get_mut(index / 2) {
        *byte |= nibble << (4 * (1 - index % 2));
    }
}
