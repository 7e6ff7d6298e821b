//! One error type for the whole core, with a stable machine-readable code per variant.
//!
//! The codes are part of the public contract (they surface in JavaScript as `OtpError.code`),
//! so a variant's code never changes once released. Messages are static English text and
//! never carry secret material: no input is ever echoed back.

/// Why an operation failed. `code()` is the stable identifier, `message()` plain English.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// An argument has the wrong type or is out of its documented range.
    InvalidArgument,
    /// Text that is not RFC 4648 base32.
    InvalidBase32,
    /// Text that is not RFC 4648 base64url (or base64).
    InvalidBase64Url,
    /// A secret to generate is shorter than RFC 4226 §4 allows (128 bits).
    SecretTooShort,
    /// A secret to generate is longer than we support (512 bits).
    SecretTooLong,
    /// Not one of SHA1, SHA256, SHA512.
    InvalidAlgorithm,
    /// Digits outside 6..=10.
    InvalidDigits,
    /// Period outside 1..=3600 seconds.
    InvalidPeriod,
    /// A counter that is negative, fractional or above 2^64-1.
    InvalidCounter,
    /// A Key URI that cannot be parsed.
    InvalidUri,
    /// No secret, or an empty one.
    MissingSecret,
    /// An HOTP Key URI without `counter`, or an OCRA suite with `C` given no counter.
    MissingCounter,
    /// A code entry that holds no digit at all.
    Empty,
    /// A code entry with fewer digits than expected.
    TooShort,
    /// A code entry with more digits than expected.
    TooLong,
    /// A code entry with a character that is neither a digit nor a separator.
    InvalidCharacter,
    /// Bytes that are not the CBOR WebAuthn uses (RFC 8949), or bytes left after it.
    InvalidCbor,
    /// A `clientDataJSON` that is not JSON, or lacks `type`, `challenge` or `origin`.
    InvalidClientData,
    /// Authenticator data that is truncated, malformed or followed by extra bytes.
    InvalidAuthenticatorData,
    /// An origin-bound one-time code (WICG sms-one-time-codes) bound to another site.
    WrongOrigin,
    /// A key Google Authenticator's transfer format cannot carry (a period other than 30 s,
    /// digits other than 6 or 8, a Steam key).
    NotRepresentable,
    /// Data that is not a backup format otp-wasm reads (or is malformed past reading).
    UnknownFormat,
    /// An encrypted backup, and no passphrase to open it.
    PassphraseRequired,
    /// An encrypted backup the passphrase given does not open.
    WrongPassphrase,
    /// An OCRA suite (RFC 6287 §6) that does not parse.
    InvalidSuite,
    /// An OCRA suite with a PIN hash (`PSHA1`...) given no PIN.
    MissingPin,
    /// An OCRA suite with session information (`Snnn`) given none.
    MissingSession,
    /// An OCRA challenge question not in its suite's format (`QN`, `QA`, `QH`) or length.
    InvalidQuestion,
    /// A payment amount that is not decimal text, is zero, or has more minor digits than
    /// its currency.
    InvalidAmount,
    /// A currency that is not an ISO 4217 code with minor units.
    UnknownCurrency,
    /// A payee that is empty, too long, or holds characters that hide what is signed.
    InvalidPayee,
    /// A payment reference that is too long or holds characters that hide what is signed.
    InvalidReference,
}

impl Error {
    /// Every variant: what the package's TypeScript declarations and documentation are checked
    /// against (tests/error_codes.rs).
    pub const ALL: [Error; 32] = [
        Error::InvalidArgument,
        Error::InvalidBase32,
        Error::InvalidBase64Url,
        Error::SecretTooShort,
        Error::SecretTooLong,
        Error::InvalidAlgorithm,
        Error::InvalidDigits,
        Error::InvalidPeriod,
        Error::InvalidCounter,
        Error::InvalidUri,
        Error::MissingSecret,
        Error::MissingCounter,
        Error::Empty,
        Error::TooShort,
        Error::TooLong,
        Error::InvalidCharacter,
        Error::InvalidCbor,
        Error::InvalidClientData,
        Error::InvalidAuthenticatorData,
        Error::WrongOrigin,
        Error::NotRepresentable,
        Error::UnknownFormat,
        Error::PassphraseRequired,
        Error::WrongPassphrase,
        Error::InvalidSuite,
        Error::MissingPin,
        Error::MissingSession,
        Error::InvalidQuestion,
        Error::InvalidAmount,
        Error::UnknownCurrency,
        Error::InvalidPayee,
        Error::InvalidReference,
    ];

    /// The stable snake_case code (docs/api.md, "Errors").
    pub const fn code(self) -> &'static str {
        match self {
            Error::InvalidArgument => "invalid_argument",
            Error::InvalidBase32 => "invalid_base32",
            Error::InvalidBase64Url => "invalid_base64url",
            Error::SecretTooShort => "secret_too_short",
            Error::SecretTooLong => "secret_too_long",
            Error::InvalidAlgorithm => "invalid_algorithm",
            Error::InvalidDigits => "invalid_digits",
            Error::InvalidPeriod => "invalid_period",
            Error::InvalidCounter => "invalid_counter",
            Error::InvalidUri => "invalid_uri",
            Error::MissingSecret => "missing_secret",
            Error::MissingCounter => "missing_counter",
            Error::InvalidAmount => "invalid_amount",
            Error::UnknownCurrency => "unknown_currency",
            Error::InvalidPayee => "invalid_payee",
            Error::InvalidReference => "invalid_reference",
            Error::InvalidSuite => "invalid_suite",
            Error::MissingPin => "missing_pin",
            Error::MissingSession => "missing_session",
            Error::InvalidQuestion => "invalid_question",
            Error::Empty => "empty",
            Error::TooShort => "too_short",
            Error::TooLong => "too_long",
            Error::InvalidCharacter => "invalid_character",
            Error::InvalidCbor => "invalid_cbor",
            Error::InvalidClientData => "invalid_client_data",
            Error::InvalidAuthenticatorData => "invalid_authenticator_data",
            Error::WrongOrigin => "wrong_origin",
            Error::NotRepresentable => "not_representable",
            Error::UnknownFormat => "unknown_format",
            Error::PassphraseRequired => "passphrase_required",
            Error::WrongPassphrase => "wrong_passphrase",
        }
    }

    /// A plain-English description that never contains the input.
    pub const fn message(self) -> &'static str {
        match self {
            Error::InvalidArgument => "an argument has the wrong type or is out of range",
            Error::InvalidBase32 => {
                "not valid base32: only A-Z, 2-7, spaces, hyphens and trailing '=' are allowed"
            }
            Error::InvalidBase64Url => "not valid base64url",
            Error::SecretTooShort => "a generated secret must be at least 16 bytes (RFC 4226 §4)",
            Error::SecretTooLong => "a generated secret must be at most 64 bytes",
            Error::InvalidAlgorithm => "algorithm must be SHA1, SHA256 or SHA512",
            Error::InvalidDigits => "digits must be a whole number from 6 to 10",
            Error::InvalidPeriod => "period must be a whole number of seconds from 1 to 3600",
            Error::InvalidCounter => "counter must be a whole number from 0 to 2^64-1",
            Error::InvalidUri => "not a valid otpauth:// Key URI",
            Error::MissingSecret => "a non-empty secret is required",
            Error::MissingCounter => "a counter is required",
            Error::InvalidAmount => {
                "not an amount of this currency: decimal digits, above zero, at most its minor units after the point"
            }
            Error::UnknownCurrency => "not an ISO 4217 currency code",
            Error::InvalidPayee => {
                "the payee must be 1 to 70 characters, with no control or invisible characters"
            }
            Error::InvalidReference => {
                "the reference must be at most 140 characters, with no control or invisible characters"
            }
            Error::InvalidSuite => "not a valid OCRA suite (RFC 6287 §6)",
            Error::MissingPin => "the OCRA suite needs a PIN",
            Error::MissingSession => "the OCRA suite needs session information",
            Error::InvalidQuestion => "the question does not fit the OCRA suite",
            Error::Empty => "no code was entered",
            Error::TooShort => "the code has too few digits",
            Error::TooLong => "the code has too many digits",
            Error::InvalidCharacter => "the code contains a character that is not a digit",
            Error::InvalidCbor => "not valid CBOR, or bytes are left after it",
            Error::InvalidClientData => {
                "clientDataJSON must be a JSON object with string type, challenge and origin"
            }
            Error::InvalidAuthenticatorData => {
                "authenticator data is truncated, malformed or followed by extra bytes"
            }
            Error::WrongOrigin => "the code was sent for another site",
            Error::NotRepresentable => {
                "Google Authenticator's transfer takes only 30-second periods and 6 or 8 digits, no Steam keys"
            }
            Error::UnknownFormat => "not a backup format otp-wasm reads, or a damaged one",
            Error::PassphraseRequired => "this backup is encrypted: a passphrase is required",
            Error::WrongPassphrase => "the passphrase does not open this backup",
        }
    }
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.message())
    }
}

impl core::error::Error for Error {}

/// The core's result type.
pub type Result<T> = core::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_holds_every_variant_once() {
        // Exhaustive: a new variant does not compile here until it is counted, and ALL's length
        // is checked against the count.
        let arms = |error: Error| match error {
            Error::InvalidArgument
            | Error::InvalidBase32
            | Error::InvalidBase64Url
            | Error::SecretTooShort
            | Error::SecretTooLong
            | Error::InvalidAlgorithm
            | Error::InvalidDigits
            | Error::InvalidPeriod
            | Error::InvalidCounter
            | Error::InvalidUri
            | Error::MissingSecret
            | Error::MissingCounter
            | Error::InvalidSuite
            | Error::MissingPin
            | Error::MissingSession
            | Error::InvalidQuestion
            | Error::InvalidAmount
            | Error::UnknownCurrency
            | Error::InvalidPayee
            | Error::InvalidReference
            | Error::Empty
            | Error::TooShort
            | Error::TooLong
            | Error::InvalidCharacter
            | Error::InvalidCbor
            | Error::InvalidClientData
            | Error::InvalidAuthenticatorData
            | Error::WrongOrigin
            | Error::NotRepresentable
            | Error::UnknownFormat
            | Error::PassphraseRequired
            | Error::WrongPassphrase => 32,
        };
        assert_eq!(Error::ALL.len(), arms(Error::Empty));
        for (i, a) in Error::ALL.iter().enumerate() {
            // In declared order: the bindings number an error by its discriminant.
            assert_eq!(*a as usize, i, "{a:?}");
            for b in &Error::ALL[i + 1..] {
                assert_ne!(a.code(), b.code());
            }
        }
    }
}
