//! `challenges` (a sign-in waiting for its second factor) and `sends` (the hourly quota).

use super::{Db, OptionalExtension, Result, params};

/// A new challenge for `user`, made on remembered `device` if any.
pub fn insert(
    db: &Db<'_>,
    id: &str,
    (user, device): (i64, Option<i64>),
    now: i64,
    expires: i64,
) -> Result<()> {
    db.execute(
        "INSERT INTO challenges (id, user_id, device_id, created_ms, expires_ms)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, user, device, now, expires],
    )?;
    Ok(())
}

/// The account a challenge belongs to, live or not.
pub fn owner(db: &Db<'_>, id: &str) -> Result<Option<i64>> {
    db.query_row(
        "SELECT user_id FROM challenges WHERE id = ?1",
        params![id],
        |r| r.get(0),
    )
    .optional()
}

/// A live challenge, as [`take_live`] found it.
pub struct Challenge {
    pub user_id: i64,
    /// The remembered device the sign-in came from, if any.
    pub device_id: Option<i64>,
    pub code_hash: Option<Vec<u8>>,
    pub code_expires_ms: Option<i64>,
    pub sent_ms: Option<i64>,
    pub failures: u32,
}

/// The challenge `id` if it is live (not consumed, under `max_failures`, not expired); with
/// `count_attempt`, one more failure is counted in the same statement.
pub fn take_live(
    db: &Db<'_>,
    id: &str,
    now: i64,
    max_failures: u32,
    count_attempt: bool,
) -> Result<Option<Challenge>> {
    db.query_row(
        "UPDATE challenges SET failures = failures + ?4
         WHERE id = ?1 AND consumed_ms IS NULL AND failures < ?3 AND expires_ms > ?2
         RETURNING user_id, device_id, code_hash, code_expires_ms, sent_ms, failures",
        params![id, now, max_failures, u32::from(count_attempt)],
        |r| {
            Ok(Challenge {
                user_id: r.get(0)?,
                device_id: r.get(1)?,
                code_hash: r.get(2)?,
                code_expires_ms: r.get(3)?,
                sent_ms: r.get(4)?,
                failures: r.get(5)?,
            })
        },
    )
    .optional()
}

/// Whether the challenge was consumed, its failures and its expiry.
pub fn state(db: &Db<'_>, id: &str) -> Result<Option<(bool, u32, i64)>> {
    db.query_row(
        "SELECT consumed_ms IS NOT NULL, failures, expires_ms FROM challenges WHERE id = ?1",
        params![id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()
}

/// A new code's hash for the challenge, and the send counted on the account.
pub fn code_sent(
    db: &Db<'_>,
    (id, user): (&str, i64),
    code_hash: &[u8],
    code_expires: i64,
    now: i64,
) -> Result<()> {
    db.execute(
        "UPDATE challenges SET code_hash = ?2, code_expires_ms = ?3, sent_ms = ?4 WHERE id = ?1",
        params![id, code_hash, code_expires, now],
    )?;
    record_send(db, user, now)
}

/// A code sent to the account, counted on its hourly quota (sign-in, payment and activation
/// codes together).
pub fn record_send(db: &Db<'_>, user: i64, now: i64) -> Result<()> {
    db.execute(
        "INSERT INTO sends (user_id, sent_ms) VALUES (?1, ?2)",
        params![user, now],
    )?;
    Ok(())
}

/// The account's sends after `since`: how many, and the oldest.
pub fn sends_since(db: &Db<'_>, user: i64, since: i64) -> Result<(i64, Option<i64>)> {
    db.query_row(
        "SELECT COUNT(*), MIN(sent_ms) FROM sends WHERE user_id = ?1 AND sent_ms > ?2",
        params![user, since],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// The challenge is passed: consumed, and the right code not counted as a failure.
pub fn consume(db: &Db<'_>, id: &str, now: i64) -> Result<()> {
    db.execute(
        "UPDATE challenges SET consumed_ms = ?2, failures = failures - 1 WHERE id = ?1",
        params![id, now],
    )?;
    Ok(())
}
