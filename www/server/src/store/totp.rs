//! `totp`: each account's authenticator-app key, sealed (`sealed` confirmed, `pending_sealed`
//! waiting for its first code), and the replay guard `last_step`.

use super::{Db, OptionalExtension, Result, params};
use zeroize::Zeroizing;

/// A new enrolment, waiting beside the confirmed key (if any).
pub fn set_pending(db: &Db<'_>, user: i64, sealed: &[u8]) -> Result<()> {
    db.execute(
        "INSERT INTO totp (user_id, pending_sealed) VALUES (?1, ?2)
         ON CONFLICT(user_id) DO UPDATE SET pending_sealed = excluded.pending_sealed",
        params![user, sealed],
    )?;
    Ok(())
}

pub fn pending(db: &Db<'_>, user: i64) -> Result<Option<Vec<u8>>> {
    db.query_row(
        "SELECT pending_sealed FROM totp WHERE user_id = ?1 AND pending_sealed IS NOT NULL",
        params![user],
        |r| r.get(0),
    )
    .optional()
}

/// The pending key becomes the confirmed one; the replay guard never moves backwards.
pub fn confirm(db: &Db<'_>, user: i64, now: i64, step: i64) -> Result<()> {
    db.execute(
        "UPDATE totp SET sealed = pending_sealed, pending_sealed = NULL, confirmed_ms = ?2,
             last_step = CASE WHEN last_step > ?3 THEN last_step ELSE ?3 END
         WHERE user_id = ?1",
        params![user, now, step],
    )?;
    Ok(())
}

/// Removes the key and any enrolment: `None` when there was neither, otherwise whether a
/// confirmed key was removed.
pub fn remove(db: &Db<'_>, user: i64) -> Result<Option<bool>> {
    db.query_row(
        "DELETE FROM totp WHERE user_id = ?1 RETURNING confirmed_ms IS NOT NULL",
        params![user],
        |r| r.get(0),
    )
    .optional()
}

pub fn is_confirmed(db: &Db<'_>, user: i64) -> Result<bool> {
    db.query_row(
        "SELECT EXISTS(SELECT 1 FROM totp WHERE user_id = ?1 AND confirmed_ms IS NOT NULL)",
        params![user],
        |r| r.get(0),
    )
}

/// A confirmed key, as a code is checked against it.
pub struct Confirmed {
    pub sealed: Vec<u8>,
    /// The replay guard: the step of the last code accepted.
    pub last_step: Option<i64>,
    /// The account's e-mail, the key's account name.
    pub email: String,
}

pub fn confirmed(db: &Db<'_>, user: i64) -> Result<Option<Confirmed>> {
    db.query_row(
        "SELECT t.sealed, t.last_step, u.email FROM totp t JOIN users u ON u.id = t.user_id
         WHERE t.user_id = ?1 AND t.confirmed_ms IS NOT NULL AND t.sealed IS NOT NULL",
        params![user],
        |r| {
            Ok(Confirmed {
                sealed: r.get(0)?,
                last_step: r.get(1)?,
                email: r.get(2)?,
            })
        },
    )
    .optional()
}

/// Moves the replay guard to `step`; `false` when it was there or past it already.
pub fn advance_step(db: &Db<'_>, user: i64, step: i64) -> Result<bool> {
    let moved = db.execute(
        "UPDATE totp SET last_step = ?2 WHERE user_id = ?1 AND (last_step IS NULL OR last_step < ?2)",
        params![user, step],
    )?;
    Ok(moved == 1)
}

/// One sealed key and its account, if any is sealed (then the key file must exist and open it).
pub fn a_sealed(db: &Db<'_>) -> Result<Option<(i64, Vec<u8>)>> {
    db.query_row(
        "SELECT user_id, COALESCE(sealed, pending_sealed) FROM totp
         WHERE sealed IS NOT NULL OR pending_sealed IS NOT NULL LIMIT 1",
        params![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

/// Secrets stored in the clear before the schema had `sealed`.
pub fn clear_secrets(db: &Db<'_>) -> Result<Vec<(i64, Zeroizing<String>)>> {
    db.query_map(
        "SELECT user_id, secret FROM totp WHERE secret IS NOT NULL",
        params![],
        |r| Ok((r.get(0)?, Zeroizing::new(r.get(1)?))),
    )
}

/// Replaces a secret in the clear by its sealed form: a confirmed key's, or else a pending
/// enrolment's, as the schema now keeps those.
pub fn seal_clear_secret(db: &Db<'_>, user: i64, sealed: &[u8]) -> Result<usize> {
    let confirmed = db.execute(
        "UPDATE totp SET secret = NULL, sealed = ?2
         WHERE user_id = ?1 AND secret IS NOT NULL AND confirmed_ms IS NOT NULL",
        params![user, sealed],
    )?;
    let pending = db.execute(
        "UPDATE totp SET secret = NULL, sealed = NULL, pending_sealed = ?2
         WHERE user_id = ?1 AND secret IS NOT NULL AND confirmed_ms IS NULL",
        params![user, sealed],
    )?;
    Ok(confirmed + pending)
}
