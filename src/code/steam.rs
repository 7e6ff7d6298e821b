//! Steam Guard codes: five characters from a 26-letter alphabet instead of decimal digits.
//!
//! Valve's mobile authenticator is TOTP (RFC 6238, SHA-1, 30 s) with its own last step: the
//! 31-bit value of RFC 4226 §5.3's dynamic truncation is written in base 26, least significant
//! first, over an alphabet without vowels or look-alike characters. Valve publishes no
//! specification; the algorithm is the one every Steam-compatible authenticator implements.

use super::Code;

/// The characters of a Steam code, by value 0..26.
pub const STEAM_ALPHABET: &[u8; 26] = b"23456789BCDFGHJKMNPQRTVWXY";

/// A Steam code's length.
pub const STEAM_CODE_LEN: u32 = 5;

/// 26^5: the number of distinct Steam codes, the modulus a truncated value is reduced by.
pub const STEAM_MODULUS: u64 = 26u64.pow(STEAM_CODE_LEN);

impl Code {
    /// The Steam code of a truncated value: its five lowest base-26 places, lowest first.
    pub(crate) fn steam(mut value: u64) -> Self {
        let mut code = Code::empty();
        for _ in 0..STEAM_CODE_LEN {
            code.push(STEAM_ALPHABET[(value % 26) as usize]);
            value /= 26;
        }
        code
    }
}

/// The value a typed Steam code spells (what [`Code::steam`] was given, mod 26^5): five
/// alphabet characters in any ASCII case, white space around them ignored; `None` for anything
/// else, which is simply no match.
pub fn steam_code_value(input: &str) -> Option<u64> {
    let input = input.trim().as_bytes();
    if input.len() != STEAM_CODE_LEN as usize {
        return None;
    }
    let mut value = 0;
    for byte in input.iter().rev() {
        let place = STEAM_ALPHABET
            .iter()
            .position(|&letter| letter == byte.to_ascii_uppercase())?;
        value = value * 26 + place as u64;
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spells_values_lowest_place_first() {
        for (value, text) in [
            (0, "22222"),
            (1, "32222"),
            (25, "Y2222"),
            (26, "23222"),
            (STEAM_MODULUS - 1, "YYYYY"),
            (STEAM_MODULUS, "22222"),
        ] {
            assert_eq!(Code::steam(value).as_str(), text, "{value}");
        }
    }

    #[test]
    fn reads_typed_codes() {
        for value in [0, 1, 25, 26, 12_345, 9_999_999, STEAM_MODULUS - 1] {
            let code = Code::steam(value);
            assert_eq!(steam_code_value(code.as_str()), Some(value));
            let typed = alloc::format!(" {}\n", code.as_str().to_ascii_lowercase());
            assert_eq!(steam_code_value(&typed), Some(value), "{typed:?}");
        }
        for refused in [
            "",
            "2BX7",
            "2BX7KK",
            "2BX7A",
            "2BX 7K",
            "12345",
            "2BX7\u{212a}",
        ] {
            assert_eq!(steam_code_value(refused), None, "{refused:?}");
        }
    }
}
