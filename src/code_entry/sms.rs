//! Origin-bound one-time codes delivered via SMS (WICG "sms-one-time-codes", index.bs): the
//! message's last line binds the code to the site that asked for it, so a browser offers it
//! there and nowhere else, and a phishing page cannot be handed it by autofill.
//!
//! ```text
//! 747723 is your ExampleCo authentication code.
//!
//! @example.com #747723 @ecommerce.example
//! ```
//!
//! The last line is `@` and the **top-level host** (the site in the address bar), one space,
//! `#` and the code, then optionally one space, `@` and the **embedded host** (the site of the
//! iframe that asks for the code, inside the top-level one). Trailing text is ignored.

use alloc::string::String;

use crate::Error;

/// An origin-bound one-time code (spec §2): the sites it is for, and the code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmsCode {
    /// The code after `#`: every character up to the next ASCII whitespace.
    pub code: String,
    /// The top-level host: the site whose page (or whose frame) may receive the code.
    pub domain: String,
    /// The embedded host, when the code is for a page of this host framed in `domain`.
    pub embedded_domain: Option<String>,
}

// Every character the algorithm looks for is ASCII, so it scans bytes: a position found on an
// ASCII byte is always a character boundary, and no UTF-8 decoding is needed (or shipped).
// Slices are taken with `get`, which cannot panic: a panic path would bring `core::fmt` into
// the .wasm (about 2 KB gzip).

/// ASCII whitespace (Infra): TAB, LF, FF, CR, SPACE.
fn is_ascii_whitespace(byte: &u8) -> bool {
    matches!(byte, b'\t' | b'\n' | 0x0C | b'\r' | b' ')
}

/// "Last line" (spec §3.2): newlines normalized (CRLF and CR to LF), the text after the last LF.
fn last_line(message: &str) -> &str {
    let newline = message.bytes().rposition(|b| b == b'\n' || b == b'\r');
    message
        .get(newline.map_or(0, |at| at + 1)..)
        .unwrap_or_default()
}

/// "Extract a marked token" (spec §3.2): at `line[*position..]`, `marker` and then a non-empty
/// run of code points that are not ASCII whitespace; `position` moves past the run.
fn marked_token<'a>(line: &'a str, position: &mut usize, marker: u8) -> Option<&'a str> {
    if line.as_bytes().get(*position) != Some(&marker) {
        return None;
    }
    let start = *position + 1;
    let rest = line.as_bytes().get(start..)?;
    let end = start
        + rest
            .iter()
            .position(is_ascii_whitespace)
            .unwrap_or(rest.len());
    let token = line.get(start..end).filter(|token| !token.is_empty())?;
    *position = end;
    Some(token)
}

/// Whether the code point at `position` is a single SPACE; if so, moves past it.
fn space(line: &str, position: &mut usize) -> bool {
    let found = line.as_bytes().get(*position) == Some(&b' ');
    *position += usize::from(found);
    found
}

/// "Parse an origin-bound one-time code message" (spec §3.2), step by step: the message's
/// last line, its `@` top-level host, one space, its `#` code, and, after one more space, an
/// `@` embedded host (a malformed one is no embedded host; the code still stands). `None`
/// when the message is not origin-bound.
pub fn parse_sms_message(message: &str) -> Option<SmsCode> {
    let line = last_line(message);
    let mut position = 0;
    let top_level_host = marked_token(line, &mut position, b'@')?;
    if !space(line, &mut position) {
        return None;
    }
    let code = marked_token(line, &mut position, b'#')?;
    let embedded_host = if space(line, &mut position) {
        marked_token(line, &mut position, b'@')
    } else {
        None
    };
    Some(SmsCode {
        code: code.into(),
        domain: top_level_host.into(),
        embedded_domain: embedded_host.map(Into::into),
    })
}

/// Whether `sms` is bound to a page on `hostname`, framed in a top-level page on
/// `top_hostname` (`None` when the page is the top-level page itself). As the spec's usage
/// steps bind it, with hosts compared exactly (ASCII case-insensitively): a top-level page
/// takes a code with no embedded host whose top-level host is its own; a framed page takes a
/// code whose embedded host is its own and whose top-level host is the top page's.
/// `Error::WrongOrigin` otherwise.
pub fn check_origin(
    sms: &SmsCode,
    hostname: &str,
    top_hostname: Option<&str>,
) -> Result<(), Error> {
    let bound = match (top_hostname, sms.embedded_domain.as_deref()) {
        (None, None) => sms.domain.eq_ignore_ascii_case(hostname),
        (Some(top), Some(embedded)) => {
            sms.domain.eq_ignore_ascii_case(top) && embedded.eq_ignore_ascii_case(hostname)
        }
        _ => false,
    };
    if bound {
        Ok(())
    } else {
        Err(Error::WrongOrigin)
    }
}

// The spec's examples and every step of its parsing algorithm, and the origin-binding cases,
// are in tests/vectors/sms.json, run by the native, wasm and package tiers alike.
