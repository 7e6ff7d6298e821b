//! Origin-bound one-time codes in SMS (WICG "sms-one-time-codes"): the message's last line
//! binds the code to the site that asked for it, so a browser only offers it there.
//!
//! ```text
//! Your Example code is 123456.
//!
//! @example.com #123456
//! ```
//!
//! The last line is `@` host, one space, `#` code, and optionally one space and `@` the
//! embedding (top-level) host when the code is for an iframe. Nothing may precede the `@`.

use alloc::string::String;

/// The origin-bound line of a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmsCode {
    /// The one-time code after `#`.
    pub code: String,
    /// The host the code is for.
    pub domain: String,
    /// The top-level host, when the code is for a page embedded in it.
    pub embedded_domain: Option<String>,
}

/// Parses the origin-bound last line of `message`, or `None` when it has none.
pub fn parse_sms_message(message: &str) -> Option<SmsCode> {
    let last_line = message.rsplit('\n').next()?;
    let last_line = last_line.strip_suffix('\r').unwrap_or(last_line);
    let mut fields = last_line.split(' ');
    let domain = host(fields.next()?.strip_prefix('@')?)?;
    let code = fields.next()?.strip_prefix('#')?;
    if code.is_empty() || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let embedded_domain = match fields.next() {
        None => None,
        Some(field) => Some(host(field.strip_prefix('@')?)?),
    };
    // A fourth field, or an empty one from two spaces in a row, breaks the format.
    if fields.next().is_some() {
        return None;
    }
    Some(SmsCode {
        code: code.into(),
        domain: domain.into(),
        embedded_domain: embedded_domain.map(Into::into),
    })
}

/// A host name as the format writes it: labels of letters, digits and hyphens separated by
/// dots (IDNs in their `xn--` form), with an optional port as on `localhost:8080`.
fn host(text: &str) -> Option<&str> {
    let (name, port) = match text.split_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (text, None),
    };
    let labels_ok = name.split('.').all(|label| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    });
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    (labels_ok && port_ok).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(message: &str) -> Option<(String, String, Option<String>)> {
        let sms = parse_sms_message(message)?;
        Some((sms.code, sms.domain, sms.embedded_domain))
    }

    #[test]
    fn reads_the_last_line() {
        type Expected<'a> = Option<(&'a str, &'a str, Option<&'a str>)>;
        let table: &[(&str, Expected)] = &[
            (
                "Your code is 123456.\n\n@example.com #123456",
                Some(("123456", "example.com", None)),
            ),
            (
                "@example.com #123456",
                Some(("123456", "example.com", None)),
            ),
            (
                "Code 747723\r\n@shop.example.co.uk #747723\r",
                Some(("747723", "shop.example.co.uk", None)),
            ),
            (
                "Your code is 123456\n@accounts.example.com #123456 @example.com",
                Some(("123456", "accounts.example.com", Some("example.com"))),
            ),
            (
                "@localhost:8080 #A1B2C3",
                Some(("A1B2C3", "localhost:8080", None)),
            ),
            (
                "@xn--bcher-kva.example #123456",
                Some(("123456", "xn--bcher-kva.example", None)),
            ),
        ];
        for &(message, expected) in table {
            let expected = expected.map(|(code, domain, embedded): (&str, &str, Option<&str>)| {
                (code.into(), domain.into(), embedded.map(Into::into))
            });
            assert_eq!(parsed(message), expected, "{message:?}");
        }
    }

    #[test]
    fn refuses_anything_else() {
        for message in [
            "@example.com  #123456",               // two spaces
            "Code: @example.com #123456",          // text before the @
            " @example.com #123456",               // a space before the @
            "@example.com #123456\nThanks!",       // not on the last line
            "@example.com #123456\n",              // the last line is empty
            "@example.com 123456",                 // no #
            "example.com #123456",                 // no @
            "@example.com #",                      // no code
            "@example.com #123 456",               // a space in the code
            "@example.com #123456 example.org",    // embedded host without @
            "@example.com #123456 @example.org x", // a fourth field
            "@example.com #123456 ",               // trailing space
            "@ #123456",                           // no host
            "@exa mple.com #123456",
            "@exa_mple.com #123456",
            "@example..com #123456",
            "@-example.com #123456",
            "@example.com:http #123456",
            "@example.com #12-34",
            "",
        ] {
            assert_eq!(parse_sms_message(message), None, "{message:?}");
        }
    }
}
