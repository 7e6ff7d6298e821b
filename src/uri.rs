//! Key URIs: `otpauth://TYPE/LABEL?PARAMETERS`, the format authenticator apps scan from QR codes
//! (Google Authenticator's "Key Uri Format", with URI syntax from RFC 3986).
//!
//! Parsing accepts what real services issue: any case in the scheme, type and parameter names,
//! lowercase or padded or space-separated secrets, unknown parameters (`image`, `lock`), and
//! issuers that differ between the label prefix and `issuer=` (the parameter wins). Writing is
//! canonical: issuer in both places, unpadded upper-case secret, every parameter spelled out.

use alloc::string::String;
use alloc::vec::Vec;

use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::otp::{Algorithm, CodeEncoding, Hotp, OtpKey, Secret, Totp};

/// A key read from a Key URI: counter-based or time-based.
#[derive(Clone, Debug)]
pub enum Otp {
    Hotp(Hotp),
    Totp(Totp),
}

impl Otp {
    pub fn key(&self) -> &OtpKey {
        match self {
            Otp::Hotp(hotp) => hotp.key(),
            Otp::Totp(totp) => totp.key(),
        }
    }

    /// The canonical Key URI of either kind of key; wiped when dropped.
    pub fn to_uri(&self) -> Zeroizing<String> {
        match self {
            Otp::Hotp(hotp) => hotp.to_uri(),
            Otp::Totp(totp) => totp.to_uri(),
        }
    }
}

const SCHEME: &str = "otpauth://";

/// Parses a Key URI. Steam Guard keys come as `otpauth://steam/...` or as TOTP with
/// `encoder=steam` (KeePassXC's spelling); their codes are always five letters, so `digits` is
/// ignored, and an algorithm other than SHA-1 is `InvalidAlgorithm`.
///
/// Errors: `InvalidUri` (not `otpauth://totp|hotp|steam/...`,
/// bad percent-encoding, a `:` where the label format forbids one), `MissingSecret`,
/// `InvalidBase32`, `InvalidAlgorithm`, `InvalidDigits`, `InvalidPeriod`, `MissingCounter` and
/// `InvalidCounter` (HOTP).
pub fn parse(uri: &str) -> Result<Otp> {
    let uri = uri.trim();
    let rest = match (uri.get(..SCHEME.len()), uri.get(SCHEME.len()..)) {
        (Some(scheme), Some(rest)) if scheme.eq_ignore_ascii_case(SCHEME) => rest,
        _ => return Err(Error::InvalidUri),
    };
    let (kind, rest) = rest.split_once('/').ok_or(Error::InvalidUri)?;
    // Time-based, and whether the type itself says Steam.
    let (is_totp, steam_type) = match ["totp", "steam", "hotp"]
        .iter()
        .position(|known| kind.eq_ignore_ascii_case(known))
    {
        Some(0) => (true, false),
        Some(1) => (true, true),
        Some(_) => (false, false),
        None => return Err(Error::InvalidUri),
    };
    let rest = rest
        .split_once('#')
        .map_or(rest, |(before, _fragment)| before);
    let (label, query) = rest.split_once('?').unwrap_or((rest, ""));
    let label = percent_decode(label, false)?;
    let (label_issuer, account, separated) = match label.split_once(':') {
        Some((issuer, account)) => (issuer, account, true),
        None => ("", label.as_str(), false),
    };

    let params = Params::parse(query)?;
    let secret = Secret::from_base32(params.get(SECRET).ok_or(Error::MissingSecret)?)?;
    let algorithm = params
        .get(ALGORITHM)
        .map_or(Ok(Algorithm::Sha1), Algorithm::parse)?;
    let steam = steam_type
        || (is_totp
            && params
                .get(ENCODER)
                .is_some_and(|name| name.eq_ignore_ascii_case("steam")));
    // A Steam code is always five letters: its `digits` says nothing.
    let digits = match params.get(DIGITS) {
        Some(digits) if !steam => number(digits, Error::InvalidDigits)?,
        _ => 6,
    };
    let digits = u32::try_from(digits).map_err(|_| Error::InvalidDigits)?;
    let mut key = OtpKey::new(secret, algorithm, digits)?;
    if steam {
        key = key.into_steam()?;
    }
    let issuer = params
        .get(ISSUER)
        .filter(|issuer| !issuer.is_empty())
        .unwrap_or(label_issuer);
    // Spaces may precede the account name after the issuer prefix (the format's own words).
    // They are dropped after a `:`, even with nothing before it (`:  Username`, as otpauth
    // reads it), and whenever the key has an issuer, since a written URI always has the prefix
    // then; a label with neither is kept as it is, so a written URI reads back the same.
    let account = if separated || !issuer.is_empty() {
        account.trim_start_matches(' ')
    } else {
        account
    };
    let key = key
        .with_account(issuer, account)
        .map_err(|_| Error::InvalidUri)?;

    if is_totp {
        let period = match params.get(PERIOD) {
            None => crate::otp::DEFAULT_PERIOD,
            Some(text) => {
                let period = number(text, Error::InvalidPeriod)?;
                u32::try_from(period).map_err(|_| Error::InvalidPeriod)?
            }
        };
        Ok(Otp::Totp(Totp::new(key, period)?))
    } else {
        let counter = params.get(COUNTER).ok_or(Error::MissingCounter)?;
        Ok(Otp::Hotp(Hotp::new(
            key,
            number(counter, Error::InvalidCounter)?,
        )))
    }
}

impl Totp {
    /// The canonical Key URI of this key: `otpauth://steam/` for a Steam Guard key. It
    /// carries the secret, so it is wiped when dropped.
    pub fn to_uri(&self) -> Zeroizing<String> {
        let kind = match self.key().encoding() {
            CodeEncoding::Decimal => "totp",
            CodeEncoding::Steam => "steam",
        };
        let mut uri = write_common(kind, self.key());
        uri.push_str("&period=");
        push_decimal(&mut uri, self.period().into());
        uri
    }
}

impl Hotp {
    /// The canonical Key URI of this key, with its current counter; wiped when dropped.
    pub fn to_uri(&self) -> Zeroizing<String> {
        let mut uri = write_common("hotp", self.key());
        uri.push_str("&counter=");
        push_decimal(&mut uri, self.counter());
        uri
    }
}

fn write_common(kind: &str, key: &OtpKey) -> Zeroizing<String> {
    // Room for the longest URI we write, so the secret is never left behind by a reallocation.
    let capacity =
        96 + 3 * (key.issuer().len() * 2 + key.label().len()) + key.secret().as_bytes().len() * 2;
    let mut uri = Zeroizing::new(String::with_capacity(capacity));
    uri.push_str(SCHEME);
    uri.push_str(kind);
    uri.push('/');
    if !key.issuer().is_empty() {
        percent_encode(key.issuer(), &mut uri);
        uri.push(':');
    }
    percent_encode(key.label(), &mut uri);
    uri.push_str("?secret=");
    uri.push_str(&key.secret().to_base32());
    if !key.issuer().is_empty() {
        uri.push_str("&issuer=");
        percent_encode(key.issuer(), &mut uri);
    }
    uri.push_str("&algorithm=");
    uri.push_str(key.algorithm().name());
    uri.push_str("&digits=");
    push_decimal(&mut uri, key.digits().into());
    uri
}

/// Appends `number` in decimal. (Not `to_string`: that pulls `core::fmt` into the `.wasm`.)
fn push_decimal(out: &mut String, number: u64) {
    // u64::MAX has 20 digits: fill all 20 from the right, then skip the leading zeros.
    let mut digits = [b'0'; 20];
    let mut rest = number;
    for slot in digits.iter_mut().rev() {
        *slot = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    let leading_zeros = digits.iter().take_while(|&&d| d == b'0').count().min(19);
    for &digit in digits.iter().skip(leading_zeros) {
        out.push(char::from(digit));
    }
}

/// The parameters we read, by their index in [`Params`]; the first occurrence of each wins and
/// unknown ones are ignored.
const NAMES: [&str; 7] = [
    "secret",
    "issuer",
    "algorithm",
    "digits",
    "period",
    "counter",
    "encoder",
];
const SECRET: usize = 0;
const ISSUER: usize = 1;
const ALGORITHM: usize = 2;
const DIGITS: usize = 3;
const PERIOD: usize = 4;
const COUNTER: usize = 5;
const ENCODER: usize = 6;

/// The values of [`NAMES`], decoded; wiped when dropped, since one of them is the secret. (An
/// array rather than a field each: one loop drops them all, a smaller `.wasm`.)
struct Params([Option<Zeroizing<String>>; 7]);

impl Params {
    fn parse(query: &str) -> Result<Self> {
        let mut params = Params(Default::default());
        let mut rest = Some(query);
        while let Some(pairs) = rest {
            // `split('&')` by hand: its iterator costs the `.wasm` more than this loop.
            let (pair, next) = pairs
                .split_once('&')
                .map_or((pairs, None), |(a, b)| (a, Some(b)));
            rest = next;
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let Some(index) = NAMES
                .iter()
                .position(|known| name.eq_ignore_ascii_case(known))
            else {
                continue;
            };
            if let Some(slot @ None) = params.0.get_mut(index) {
                *slot = Some(Zeroizing::new(percent_decode(value, true)?));
            }
        }
        Ok(params)
    }

    /// A parameter's value as text, when present.
    fn get(&self, index: usize) -> Option<&str> {
        self.0.get(index)?.as_ref().map(|text| text.as_str())
    }
}

/// A decimal number of ASCII digits only (no sign, no spaces) that fits in 64 bits, else
/// `error`. (Read by hand: `str::parse` brings a general integer parser into the `.wasm`.)
fn number(text: &str, error: Error) -> Result<u64> {
    if text.is_empty() {
        return Err(error);
    }
    text.bytes()
        .try_fold(0u64, |value, byte| {
            let digit = byte.wrapping_sub(b'0');
            (digit < 10).then_some(())?;
            // Compared, not `checked_mul`: on wasm32 that is a 128-bit multiply (81 B more).
            (value <= (u64::MAX - u64::from(digit)) / 10).then(|| value * 10 + u64::from(digit))
        })
        .ok_or(error)
}

/// RFC 3986 §2.1 percent-decoding to UTF-8. In query values `+` is a space too, as HTML form
/// encoding writes it and as issuers like `Big+Corp` appear in the wild. The output is never
/// longer than the input, so its buffer is never reallocated (and no copy is left behind).
pub(crate) fn percent_decode(text: &str, plus_is_space: bool) -> Result<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut input = text.bytes();
    while let Some(byte) = input.next() {
        match byte {
            b'%' => {
                let high = input.next().and_then(hex_value);
                let low = input.next().and_then(hex_value);
                match (high, low) {
                    (Some(high), Some(low)) => bytes.push(high << 4 | low),
                    _ => return Err(Error::InvalidUri),
                }
            }
            b'+' if plus_is_space => bytes.push(b' '),
            _ => bytes.push(byte),
        }
    }
    String::from_utf8(bytes).map_err(|_| Error::InvalidUri)
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// RFC 3986 §2.1 percent-encoding of everything but the unreserved characters (§2.3).
pub(crate) fn percent_encode(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_have_no_leading_zeros() {
        for (number, text) in [
            (0, "0"),
            (7, "7"),
            (10, "10"),
            (1_234_567_890, "1234567890"),
            (u64::MAX, "18446744073709551615"),
        ] {
            let mut out = String::from("x=");
            push_decimal(&mut out, number);
            assert_eq!(out, alloc::format!("x={text}"));
        }
    }

    #[test]
    fn numbers_are_plain_decimals_that_fit() {
        for (text, expected) in [
            ("0", Some(0)),
            ("007", Some(7)),
            ("18446744073709551615", Some(u64::MAX)),
            ("18446744073709551616", None),
            ("", None),
            ("+1", None),
            ("-1", None),
            (" 1", None),
            ("1 ", None),
            ("1e3", None),
            ("\u{0661}", None),
        ] {
            assert_eq!(
                number(text, Error::InvalidPeriod).ok(),
                expected,
                "{text:?}"
            );
        }
    }
}
