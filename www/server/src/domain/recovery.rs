//! Recovery codes: ten at a time, 50 bits each, stored as keyed hashes, each used once.

use crate::domain::secrets::{CodeKey, random_bytes};
use crate::store;
use crate::store::Db;

/// Recovery codes issued at a time.
pub const COUNT: usize = 10;

/// A recovery code as people type it: upper case, without spaces or dashes.
fn canonical(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn hash(key: &CodeKey, user: i64, code: &str) -> Vec<u8> {
    key.hash(&format!("recovery:{user}"), &canonical(code))
}

/// Ten new codes for `user`, to show once; the previous ones end.
pub fn replace(db: &Db<'_>, key: &CodeKey, user: i64) -> store::Result<Vec<String>> {
    let codes: Vec<String> = (0..COUNT)
        .map(|_| {
            // 50 bits each, as two groups of five base32 characters.
            let text = otp_wasm::encoding::base32::encode(&random_bytes::<7>(), false);
            format!("{}-{}", &text[..5], &text[5..10])
        })
        .collect();
    let hashes: Vec<Vec<u8>> = codes.iter().map(|code| hash(key, user, code)).collect();
    store::recovery::replace(db, user, &hashes)?;
    Ok(codes)
}

/// Whether `code` is one of the user's unused codes; a match uses it up.
pub fn use_code(
    db: &Db<'_>,
    key: &CodeKey,
    user: i64,
    code: &str,
    now: i64,
) -> store::Result<bool> {
    store::recovery::use_hash(db, user, &hash(key, user, code), now)
}
