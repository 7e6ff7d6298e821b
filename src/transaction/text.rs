//! The payee and the reference: text a person reads before approving, so one spelling per
//! appearance. Unicode letters of any script are welcome; what would make the text read
//! differently from what is signed is not.

/// `Some(())` when `text` has `min..=max` characters, no control character (Unicode `Cc`),
/// no invisible or direction-changing format character (zero-width ones, the bidirectional
/// marks, embeddings, overrides and isolates: a payee could otherwise display reversed), no
/// white space but single spaces between words, and no space at either end.
pub fn check(text: &str, min: usize, max: usize) -> Option<()> {
    let count = text.chars().count();
    let hidden = |c: char| matches!(c, '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}');
    let clean = text
        .chars()
        .all(|c| !c.is_control() && !hidden(c) && (c == ' ' || !c.is_whitespace()));
    let bytes = text.as_bytes();
    let spaced = !text.starts_with(' ')
        && !text.ends_with(' ')
        && !bytes.windows(2).any(|pair| pair == b"  ");
    (clean && spaced && (min..=max).contains(&count)).then_some(())
}
