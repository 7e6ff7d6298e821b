//! `clientDataJSON` (WebAuthn Level 3 §5.8.1): what the browser says it asked the
//! authenticator to sign, as UTF-8 JSON.
//!
//! A small JSON reader rather than serde: only five members matter, the rest is skipped (with
//! the same nesting bound as the CBOR decoder), and the `.wasm` stays small.

use alloc::string::String;

use super::cbor::MAX_DEPTH;
use crate::error::{Error, Result};

/// The members of collected client data that relying parties check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientData {
    /// `"webauthn.create"` or `"webauthn.get"`.
    pub r#type: String,
    /// The challenge, base64url as the browser wrote it.
    pub challenge: String,
    pub origin: String,
    /// `false` when absent.
    pub cross_origin: bool,
    /// The top-level origin, for cross-origin iframes.
    pub top_origin: Option<String>,
}

impl ClientData {
    /// `type`, `challenge` and `origin` must be strings, `crossOrigin` a boolean and
    /// `topOrigin` a string when present; anything else, or bytes that are not a JSON object,
    /// is `InvalidClientData`. As with `JSON.parse`, a repeated member's last value counts.
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        let text = core::str::from_utf8(bytes).map_err(|_| Error::InvalidClientData)?;
        let mut json = Json {
            text: text.as_bytes(),
            at: 0,
        };
        let (mut r#type, mut challenge, mut origin, mut cross_origin, mut top_origin) =
            (None, None, None, None, None);
        json.expect(b'{')?;
        if !json.eat(b'}') {
            loop {
                let name = json.string()?;
                json.expect(b':')?;
                match name.as_str() {
                    "type" => r#type = Some(json.string()?),
                    "challenge" => challenge = Some(json.string()?),
                    "origin" => origin = Some(json.string()?),
                    "topOrigin" => top_origin = Some(json.string()?),
                    "crossOrigin" => cross_origin = Some(json.boolean()?),
                    _ => json.skip_value(1)?,
                }
                if json.eat(b'}') {
                    break;
                }
                json.expect(b',')?;
            }
        }
        json.skip_whitespace();
        if json.at != json.text.len() {
            return Err(Error::InvalidClientData);
        }
        Ok(ClientData {
            r#type: r#type.ok_or(Error::InvalidClientData)?,
            challenge: challenge.ok_or(Error::InvalidClientData)?,
            origin: origin.ok_or(Error::InvalidClientData)?,
            cross_origin: cross_origin.unwrap_or(false),
            top_origin,
        })
    }
}

/// A cursor over JSON text (RFC 8259).
struct Json<'a> {
    text: &'a [u8],
    at: usize,
}

impl Json<'_> {
    fn skip_whitespace(&mut self) {
        while matches!(self.text.get(self.at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_whitespace();
        self.text.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn expect(&mut self, byte: u8) -> Result<()> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(Error::InvalidClientData)
        }
    }

    fn literal(&mut self, word: &[u8]) -> bool {
        let found = self.text.get(self.at..self.at + word.len()) == Some(word);
        if found {
            self.at += word.len();
        }
        found
    }

    fn boolean(&mut self) -> Result<bool> {
        self.skip_whitespace();
        if self.literal(b"true") {
            Ok(true)
        } else if self.literal(b"false") {
            Ok(false)
        } else {
            Err(Error::InvalidClientData)
        }
    }

    fn hex4(&mut self) -> Result<u32> {
        let digits = self
            .text
            .get(self.at..self.at + 4)
            .ok_or(Error::InvalidClientData)?;
        self.at += 4;
        let text = core::str::from_utf8(digits).map_err(|_| Error::InvalidClientData)?;
        u32::from_str_radix(text, 16).map_err(|_| Error::InvalidClientData)
    }

    fn string(&mut self) -> Result<String> {
        self.expect(b'"')?;
        let mut out = String::new();
        loop {
            let start = self.at;
            while let Some(&b) = self.text.get(self.at) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            // The input is valid UTF-8 and we stopped at an ASCII byte: a char boundary.
            out.push_str(
                core::str::from_utf8(&self.text[start..self.at])
                    .map_err(|_| Error::InvalidClientData)?,
            );
            match self.text.get(self.at) {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escape = *self.text.get(self.at).ok_or(Error::InvalidClientData)?;
                    self.at += 1;
                    let c = match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let unit = self.hex4()?;
                            let paired = (0xd800..0xdc00).contains(&unit) && self.literal(b"\\u");
                            let code = if paired {
                                let low = self.hex4()?;
                                if !(0xdc00..0xe000).contains(&low) {
                                    return Err(Error::InvalidClientData);
                                }
                                0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00)
                            } else {
                                unit
                            };
                            // A lone surrogate has no UTF-8 form: replaced, as TextDecoder does.
                            char::from_u32(code).unwrap_or('\u{fffd}')
                        }
                        _ => return Err(Error::InvalidClientData),
                    };
                    out.push(c);
                }
                // An unescaped control character, or the end of the input.
                _ => return Err(Error::InvalidClientData),
            }
        }
    }

    fn skip_value(&mut self, depth: usize) -> Result<()> {
        if depth > MAX_DEPTH {
            return Err(Error::InvalidClientData);
        }
        match self.peek().ok_or(Error::InvalidClientData)? {
            b'"' => self.string().map(drop),
            b'{' | b'[' => {
                let close = if self.eat(b'{') {
                    b'}'
                } else {
                    self.at += 1;
                    b']'
                };
                if self.eat(close) {
                    return Ok(());
                }
                loop {
                    if close == b'}' {
                        self.string()?;
                        self.expect(b':')?;
                    }
                    self.skip_value(depth + 1)?;
                    if self.eat(close) {
                        return Ok(());
                    }
                    self.expect(b',')?;
                }
            }
            b't' | b'f' | b'n' => {
                if self.literal(b"true") || self.literal(b"false") || self.literal(b"null") {
                    Ok(())
                } else {
                    Err(Error::InvalidClientData)
                }
            }
            _ => self.number(),
        }
    }

    /// `-? int frac? exp?` (RFC 8259 §6).
    fn number(&mut self) -> Result<()> {
        let digits = |json: &mut Self| {
            let start = json.at;
            while matches!(json.text.get(json.at), Some(b'0'..=b'9')) {
                json.at += 1;
            }
            if json.at > start {
                Ok(())
            } else {
                Err(Error::InvalidClientData)
            }
        };
        self.literal(b"-");
        digits(self)?;
        if self.literal(b".") {
            digits(self)?;
        }
        if self.literal(b"e") || self.literal(b"E") {
            let _ = self.literal(b"+") || self.literal(b"-");
            digits(self)?;
        }
        Ok(())
    }
}
