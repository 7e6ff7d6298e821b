//! What a confirmation approves, bound into the code that confirms it: a payment (amount,
//! currency, payee, reference) written as canonical bytes, and from them a WebAuthn challenge,
//! an OCRA question and the sentence a confirmation message states. PSD2's dynamic linking
//! (RTS Art. 5) asks exactly this of a payment's authentication code: specific to the amount
//! and the payee, and void if either changes.
//!
//! The encoding (version 1), for a server in any language to reproduce:
//!
//! ```text
//! bytes     = "OTPWASM-TX1" field(amount) field(currency) field(payee) field(reference)
//! field(x)  = the length of x's UTF-8 as 2 bytes, big-endian, then x's UTF-8
//! amount    = canonical decimal text: no leading zeros, exactly the currency's minor-unit
//!             digits after a "." (none, and no ".", for a currency with 0), e.g. "42.00"
//! currency  = the ISO 4217 code, "EUR"
//! reference = "" when there is none
//! derive(purpose, nonce) = SHA-256(bytes field(nonce) field(purpose))
//! challenge = derive("webauthn", nonce)                       (32 bytes)
//! question  = from derive("ocra", nonce) = d, L characters:
//!             N: the first 8 bytes of d as a big-endian integer, mod 10^L, zero-padded
//!             A: the first L characters of base32 (RFC 4648 §6) of d
//!             H: the first L characters of d in lower-case hex
//! ```
//!
//! ```
//! use otp_wasm::otp::ocra::QuestionFormat;
//! use otp_wasm::transaction::Transaction;
//!
//! let tx = Transaction::new("42", "EUR", "Demo Shop Ltd", "")?;
//! assert_eq!((tx.amount(), tx.minor_amount()), ("42.00", 4200));
//! assert_eq!(tx.statement(), "Pay 42.00 EUR to Demo Shop Ltd");
//! let nonce = [7u8; 16]; // fresh CSPRNG bytes per order in a real server
//! let question = tx.question(QuestionFormat::Numeric, 8, &nonce)?;
//! let other = Transaction::new("42.01", "EUR", "Demo Shop Ltd", "")?;
//! assert_ne!(other.challenge(&nonce)?, tx.challenge(&nonce)?);
//! assert_eq!(question.len(), 8);
//! # Ok::<(), otp_wasm::Error>(())
//! ```

mod amount;
mod currency;
mod text;

use alloc::string::String;
use alloc::vec::Vec;

use crate::encoding::base32;
use crate::error::{Error, Result};
use crate::otp::Algorithm;
use crate::otp::hmac::{self, MAX_DIGEST_LEN};
use crate::otp::ocra::QuestionFormat;

pub use currency::minor_units;

/// What the encoding starts with: its name and version.
const TAG: &[u8] = b"OTPWASM-TX1";
/// A nonce's length: at least 128 bits, at most what a WebAuthn challenge usually carries.
pub const MIN_NONCE_LEN: usize = 16;
pub const MAX_NONCE_LEN: usize = 64;

/// A payment, checked and written canonically.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transaction {
    amount: String,
    minor_amount: u64,
    currency: String,
    payee: String,
    reference: String,
    bytes: Vec<u8>,
}

impl Transaction {
    /// Checks and writes a payment. `amount` is decimal text (see [`amount::canonical`]:
    /// `InvalidAmount`); `currency` an ISO 4217 code with minor units (`UnknownCurrency`);
    /// `payee` 1..=70 characters and `reference` 0..=140 (SEPA's lengths), each without
    /// control, invisible or direction-changing characters, white space other than single
    /// spaces between words, or a space at either end (`InvalidPayee`, `InvalidReference`),
    /// so the text a person reads is the text that is signed.
    pub fn new(amount: &str, currency: &str, payee: &str, reference: &str) -> Result<Self> {
        let units = currency::minor_units(currency).ok_or(Error::UnknownCurrency)?;
        let (amount, minor_amount) = amount::canonical(amount, units)?;
        text::check(payee, 1, 70).ok_or(Error::InvalidPayee)?;
        text::check(reference, 0, 140).ok_or(Error::InvalidReference)?;
        let mut bytes = Vec::from(TAG);
        for part in [amount.as_str(), currency, payee, reference] {
            field(&mut bytes, part.as_bytes());
        }
        Ok(Transaction {
            amount,
            minor_amount,
            currency: currency.into(),
            payee: payee.into(),
            reference: reference.into(),
            bytes,
        })
    }

    /// The amount as written canonically (`"42.00"`).
    pub fn amount(&self) -> &str {
        &self.amount
    }
    /// The amount in the currency's minor units (4200 for 42.00 EUR).
    pub fn minor_amount(&self) -> u64 {
        self.minor_amount
    }
    pub fn currency(&self) -> &str {
        &self.currency
    }
    pub fn payee(&self) -> &str {
        &self.payee
    }
    /// The reference, `""` when there is none.
    pub fn reference(&self) -> &str {
        &self.reference
    }
    /// The canonical bytes (module docs).
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// What a confirmation message states: `Pay 42.00 EUR to Demo Shop Ltd`, and
    /// ` (reference: ...)` when there is one.
    pub fn statement(&self) -> String {
        let mut out = String::from("Pay ");
        for part in [&self.amount, " ", &self.currency, " to ", &self.payee] {
            out.push_str(part);
        }
        if !self.reference.is_empty() {
            out.push_str(" (reference: ");
            out.push_str(&self.reference);
            out.push(')');
        }
        out
    }

    /// A WebAuthn challenge for this payment and the server's `nonce` (16..=64 bytes, fresh
    /// per attempt, so two equal payments never share one; else `InvalidArgument`).
    pub fn challenge(&self, nonce: &[u8]) -> Result<[u8; 32]> {
        self.derive(b"webauthn", nonce)
    }

    /// An OCRA question (RFC 6287 §5.1 `Q`) of `length` characters in `format` for this
    /// payment and `nonce`. `length` is 4..=19 for `N` (the digits of a 64-bit value), 4..=52
    /// for `A`, 4..=64 for `H`, and at most the suite's question length (the caller's check);
    /// else `InvalidArgument`.
    pub fn question(&self, format: QuestionFormat, length: usize, nonce: &[u8]) -> Result<String> {
        let most = match format {
            QuestionFormat::Numeric => 19,
            QuestionFormat::Alphanumeric => 52,
            QuestionFormat::Hex => 64,
        };
        if !(4..=most).contains(&length) {
            return Err(Error::InvalidArgument);
        }
        let digest = self.derive(b"ocra", nonce)?;
        let mut question = match format {
            QuestionFormat::Numeric => {
                let value = digest
                    .iter()
                    .take(8)
                    .fold(0u64, |value, &byte| value << 8 | u64::from(byte));
                let mut rest = value % 10u64.pow(length as u32);
                let mut digits = alloc::vec![b'0'; length];
                for digit in digits.iter_mut().rev() {
                    *digit = b'0' + (rest % 10) as u8;
                    rest /= 10;
                }
                String::from_utf8(digits).unwrap_or_default()
            }
            QuestionFormat::Alphanumeric => base32::encode(&digest, false),
            QuestionFormat::Hex => digest
                .iter()
                .flat_map(|byte| [byte >> 4, byte & 15])
                .map(|nibble| char::from(b"0123456789abcdef"[usize::from(nibble)]))
                .collect(),
        };
        question.truncate(length);
        Ok(question)
    }

    fn derive(&self, purpose: &[u8], nonce: &[u8]) -> Result<[u8; 32]> {
        if !(MIN_NONCE_LEN..=MAX_NONCE_LEN).contains(&nonce.len()) {
            return Err(Error::InvalidArgument);
        }
        let mut message = self.bytes.clone();
        field(&mut message, nonce);
        field(&mut message, purpose);
        let mut digest = [0u8; MAX_DIGEST_LEN];
        hmac::hash(Algorithm::Sha256, &message, &mut digest);
        let mut out = [0u8; 32];
        out.iter_mut()
            .zip(digest)
            .for_each(|(out, byte)| *out = byte);
        Ok(out)
    }
}

/// `part`'s length as 2 big-endian bytes, then `part` (every part here is under 64 KiB).
fn field(out: &mut Vec<u8>, part: &[u8]) {
    out.extend_from_slice(&(part.len() as u16).to_be_bytes());
    out.extend_from_slice(part);
}

// The vectors and properties use native dev-dependencies (serde_json, proptest).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
