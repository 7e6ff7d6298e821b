//! What the code-entry targets read from the fuzzer's bytes: a digit count (the first byte,
//! 0..=11, so the invalid counts are tried too) and the text after it.

/// `None` when the bytes are empty or the text is not UTF-8.
pub fn digits_and_text(data: &[u8]) -> Option<(u32, &str)> {
    let (&first, rest) = data.split_first()?;
    Some((u32::from(first % 12), std::str::from_utf8(rest).ok()?))
}
