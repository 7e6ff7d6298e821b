//! `attempts`: the throttle's counted failures, one row each, per normalized e-mail.

use super::{Db, Result, params};

/// Failures counted against `email` after `since` (only `device`'s, when given): how many,
/// and the latest.
pub fn since(
    db: &Db<'_>,
    email: &str,
    since: i64,
    device: Option<i64>,
) -> Result<(u32, Option<i64>)> {
    db.query_row(
        "SELECT COUNT(*), MAX(at_ms) FROM attempts
         WHERE email = ?1 AND at_ms > ?2 AND (device_id = ?3 OR ?3 IS NULL)",
        params![email, since, device],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// How many failures are counted against `email` after `since`, besides attempt `id`.
pub fn besides(db: &Db<'_>, email: &str, since: i64, id: i64) -> Result<u32> {
    db.query_row(
        "SELECT COUNT(*) FROM attempts WHERE email = ?1 AND at_ms > ?2 AND id <> ?3",
        params![email, since, id],
        |r| r.get(0),
    )
}

/// One more failure; its id.
pub fn insert(db: &Db<'_>, email: &str, device: Option<i64>, now: i64) -> Result<i64> {
    db.query_row(
        "INSERT INTO attempts (email, device_id, at_ms) VALUES (?1, ?2, ?3) RETURNING id",
        params![email, device, now],
        |r| r.get(0),
    )
}

pub fn delete(db: &Db<'_>, id: i64) -> Result<()> {
    db.execute("DELETE FROM attempts WHERE id = ?1", params![id])?;
    Ok(())
}

/// Forgets every failure counted against `email`.
pub fn clear(db: &Db<'_>, email: &str) -> Result<()> {
    db.execute("DELETE FROM attempts WHERE email = ?1", params![email])?;
    Ok(())
}
