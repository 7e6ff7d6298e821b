//! `networks`: the network prefixes each account signed in from, and when last.

use super::{Db, Result, params};

/// The account signed in from `prefix` now.
pub fn seen(db: &Db<'_>, user: i64, prefix: &str, now: i64) -> Result<()> {
    db.execute(
        "INSERT INTO networks (user_id, prefix, last_seen_ms) VALUES (?1, ?2, ?3)
         ON CONFLICT(user_id, prefix) DO UPDATE SET last_seen_ms = excluded.last_seen_ms",
        params![user, prefix, now],
    )?;
    Ok(())
}

/// Forgets all but the account's `keep` most recently seen networks.
pub fn keep_newest(db: &Db<'_>, user: i64, keep: usize) -> Result<()> {
    db.execute(
        "DELETE FROM networks WHERE user_id = ?1 AND prefix NOT IN (
             SELECT prefix FROM networks WHERE user_id = ?1
             ORDER BY last_seen_ms DESC, prefix LIMIT ?2)",
        params![user, keep as i64],
    )?;
    Ok(())
}

/// Whether the account signed in from `prefix` before.
pub fn known(db: &Db<'_>, user: i64, prefix: &str) -> Result<bool> {
    db.query_row(
        "SELECT EXISTS(SELECT 1 FROM networks WHERE user_id = ?1 AND prefix = ?2)",
        params![user, prefix],
        |r| r.get(0),
    )
}

/// When the account last signed in, from any network (`None`: never).
pub fn last_seen(db: &Db<'_>, user: i64) -> Result<Option<i64>> {
    db.query_row(
        "SELECT MAX(last_seen_ms) FROM networks WHERE user_id = ?1",
        params![user],
        |r| r.get(0),
    )
}
