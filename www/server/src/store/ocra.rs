//! `ocra`: each account's transaction authenticator (an OCRA key, RFC 6287), sealed, with an
//! enrolment waiting for its first response beside the confirmed key.

use rusqlite::{Connection, OptionalExtension, params};

/// A new enrolment and the question its first response must answer.
pub fn set_pending(
    db: &Connection,
    user: i64,
    sealed: &[u8],
    question: &str,
) -> rusqlite::Result<()> {
    db.execute(
        "INSERT INTO ocra (user_id, pending_sealed, pending_question) VALUES (?1, ?2, ?3)
         ON CONFLICT(user_id) DO UPDATE SET pending_sealed = excluded.pending_sealed,
             pending_question = excluded.pending_question",
        params![user, sealed, question],
    )?;
    Ok(())
}

/// The enrolment waiting for its first response: the sealed key and its question.
pub fn pending(db: &Connection, user: i64) -> rusqlite::Result<Option<(Vec<u8>, String)>> {
    db.query_row(
        "SELECT pending_sealed, pending_question FROM ocra
         WHERE user_id = ?1 AND pending_sealed IS NOT NULL",
        [user],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

/// The pending key becomes the confirmed one.
pub fn confirm(db: &Connection, user: i64, now: i64) -> rusqlite::Result<()> {
    db.execute(
        "UPDATE ocra SET sealed = pending_sealed, pending_sealed = NULL, pending_question = NULL,
             confirmed_ms = ?2
         WHERE user_id = ?1",
        params![user, now],
    )?;
    Ok(())
}

/// The confirmed key, sealed.
pub fn confirmed(db: &Connection, user: i64) -> rusqlite::Result<Option<Vec<u8>>> {
    db.query_row(
        "SELECT sealed FROM ocra WHERE user_id = ?1 AND sealed IS NOT NULL",
        [user],
        |r| r.get(0),
    )
    .optional()
}

/// Removes the key and any enrolment: `None` when there was neither, otherwise whether a
/// confirmed key was removed.
pub fn remove(db: &Connection, user: i64) -> rusqlite::Result<Option<bool>> {
    db.query_row(
        "DELETE FROM ocra WHERE user_id = ?1 RETURNING sealed IS NOT NULL",
        [user],
        |r| r.get(0),
    )
    .optional()
}

/// Whether any key is sealed (then the key file must exist).
pub fn has_sealed(db: &Connection) -> rusqlite::Result<bool> {
    db.query_row("SELECT EXISTS(SELECT 1 FROM ocra)", [], |r| r.get(0))
}
