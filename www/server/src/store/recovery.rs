//! `recovery_codes`: keyed hashes of each account's recovery codes, and when each was used.

use super::{Db, Result, params};

/// The account's codes become these (hashes); the previous ones end.
pub fn replace(db: &Db<'_>, user: i64, hashes: &[Vec<u8>]) -> Result<()> {
    db.execute(
        "DELETE FROM recovery_codes WHERE user_id = ?1",
        params![user],
    )?;
    for hash in hashes {
        db.execute(
            "INSERT INTO recovery_codes (user_id, code_hash) VALUES (?1, ?2)",
            params![user, hash],
        )?;
    }
    Ok(())
}

/// The account's unused codes.
pub fn left(db: &Db<'_>, user: i64) -> Result<i64> {
    db.query_row(
        "SELECT COUNT(*) FROM recovery_codes WHERE user_id = ?1 AND used_ms IS NULL",
        params![user],
        |r| r.get(0),
    )
}

/// Uses up the unused code with this hash; `false` when there is none.
pub fn use_hash(db: &Db<'_>, user: i64, hash: &[u8], now: i64) -> Result<bool> {
    let used = db.execute(
        "UPDATE recovery_codes SET used_ms = ?3 WHERE id = (
             SELECT id FROM recovery_codes WHERE user_id = ?1 AND code_hash = ?2 AND used_ms IS NULL LIMIT 1)",
        params![user, hash, now],
    )?;
    Ok(used == 1)
}
