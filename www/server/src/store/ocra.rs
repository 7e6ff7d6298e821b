//! `ocra`: each account's transaction authenticator (an OCRA key, RFC 6287), sealed, with an
//! enrolment waiting for its first response beside the confirmed key.

use super::{Db, OptionalExtension, Result, params};

/// A new enrolment: the sealed key, the question its first response must answer, and the hash
/// of the activation code texted to the account; no failures yet.
pub struct NewEnrolment<'a> {
    pub sealed: &'a [u8],
    pub question: &'a str,
    pub code_hash: &'a [u8],
    pub expires_ms: i64,
}

pub fn set_pending(db: &Db<'_>, user: i64, new: &NewEnrolment) -> Result<()> {
    db.execute(
        "INSERT INTO ocra (user_id, pending_sealed, pending_question, pending_code_hash,
             pending_expires_ms, pending_failures) VALUES (?1, ?2, ?3, ?4, ?5, 0)
         ON CONFLICT(user_id) DO UPDATE SET pending_sealed = excluded.pending_sealed,
             pending_question = excluded.pending_question,
             pending_code_hash = excluded.pending_code_hash,
             pending_expires_ms = excluded.pending_expires_ms, pending_failures = 0",
        params![
            user,
            new.sealed,
            new.question,
            new.code_hash,
            new.expires_ms
        ],
    )?;
    Ok(())
}

/// The enrolment waiting for its activation, with one more failure counted in the same
/// statement (before the answer is checked): the sealed key, its question, the activation
/// code's hash and the failures now. `None` when there is none live (none, expired, or
/// `max_failures` reached).
#[allow(clippy::type_complexity)]
pub fn take_pending(
    db: &Db<'_>,
    user: i64,
    now: i64,
    max_failures: u32,
) -> Result<Option<(Vec<u8>, String, Vec<u8>, u32)>> {
    db.query_row(
        "UPDATE ocra SET pending_failures = pending_failures + 1
         WHERE user_id = ?1 AND pending_sealed IS NOT NULL AND pending_expires_ms > ?2
             AND pending_failures < ?3
         RETURNING pending_sealed, pending_question, pending_code_hash, pending_failures",
        params![user, now, max_failures],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
    .optional()
}

/// Whether an enrolment waits (expired or spent ones too): its expiry and failures.
pub fn pending_state(db: &Db<'_>, user: i64) -> Result<Option<(i64, u32)>> {
    db.query_row(
        "SELECT COALESCE(pending_expires_ms, 0), pending_failures FROM ocra
         WHERE user_id = ?1 AND pending_sealed IS NOT NULL",
        params![user],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

/// The pending key becomes the confirmed one.
pub fn confirm(db: &Db<'_>, user: i64, now: i64) -> Result<()> {
    db.execute(
        "UPDATE ocra SET sealed = pending_sealed, pending_sealed = NULL, pending_question = NULL,
             pending_code_hash = NULL, pending_expires_ms = NULL, pending_failures = 0,
             confirmed_ms = ?2
         WHERE user_id = ?1",
        params![user, now],
    )?;
    Ok(())
}

/// The confirmed key, sealed.
pub fn confirmed(db: &Db<'_>, user: i64) -> Result<Option<Vec<u8>>> {
    db.query_row(
        "SELECT sealed FROM ocra WHERE user_id = ?1 AND sealed IS NOT NULL",
        params![user],
        |r| r.get(0),
    )
    .optional()
}

/// Removes the key and any enrolment: `None` when there was neither, otherwise whether a
/// confirmed key was removed.
pub fn remove(db: &Db<'_>, user: i64) -> Result<Option<bool>> {
    db.query_row(
        "DELETE FROM ocra WHERE user_id = ?1 RETURNING sealed IS NOT NULL",
        params![user],
        |r| r.get(0),
    )
    .optional()
}

/// One sealed key and its account, if any is sealed (then the key file must exist and open it).
pub fn a_sealed(db: &Db<'_>) -> Result<Option<(i64, Vec<u8>)>> {
    db.query_row(
        "SELECT user_id, COALESCE(sealed, pending_sealed) FROM ocra
         WHERE sealed IS NOT NULL OR pending_sealed IS NOT NULL LIMIT 1",
        params![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}
