//! The payee and the reference: text a person reads before approving, so one spelling per
//! appearance. Unicode letters of any script are welcome; what would make the text read
//! differently from what is signed is not.

/// `Some(())` when `text` has `min..=max` characters, no control character (Unicode `Cc`),
/// no invisible or direction-changing character (the soft hyphen, zero-width and filler
/// characters, the bidirectional marks, embeddings, overrides and isolates, the deprecated
/// format controls, interlinear annotation, tags: a payee could otherwise look blank, or
/// display reversed or as another name), no
/// white space but single spaces between words, and no space at either end.
pub fn check(text: &str, min: usize, max: usize) -> Option<()> {
    let count = text.chars().count();
    let hidden = |c: char| {
        matches!(c, '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{180E}'
            | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}'
            | '\u{3164}' | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF9}'..='\u{FFFB}'
            | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E007F}')
    };
    let clean = text
        .chars()
        .all(|c| !c.is_control() && !hidden(c) && (c == ' ' || !c.is_whitespace()));
    let bytes = text.as_bytes();
    let spaced = !text.starts_with(' ')
        && !text.ends_with(' ')
        && !bytes.windows(2).any(|pair| pair == b"  ");
    (clean && spaced && (min..=max).contains(&count)).then_some(())
}
